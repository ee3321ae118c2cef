#!/usr/bin/env python3
"""Generates benchmark inputs (deterministic: the same arguments always give the same bytes).

  generate.py checklist GATES PATH          a checklist of GATES markdown gates
  generate.py monorepo SERVICES DIR         a program of SERVICES services, each with a checklist,
                                            a rollout plan and eight evidence files
  generate.py junit MEGABYTES:PERCENT PATH  a Surefire-shaped JUnit file of about MEGABYTES MB in
                                            which PERCENT % of the testcases fail, each failure
                                            with a 25-line stack trace and a 10 KB <system-out>
  generate.py trivy MEGABYTES PATH          a Trivy JSON report (SchemaVersion 2) of about MEGABYTES
  generate.py sarif MEGABYTES PATH          a SARIF 2.1.0 log of about MEGABYTES
"""
import os
import sys


def checklist(gates, path):
    with open(path, "w") as out:
        out.write("version: 1\nprogram: benchmark\nrelease: 1.0.0\ngates:\n")
        for i in range(gates):
            out.write(
                f"  - id: area{i % 8}.gate-{i:05d}\n"
                f"    title: Gate number {i} has its evidence in order\n"
                f"    owner: team-{i % 17}\n"
                f"    severity: {('blocker', 'major', 'minor')[i % 3]}\n"
                f"    category: {('security', 'sre', 'quality', 'data')[i % 4]}\n"
                f"    check:\n"
                f"      kind: markdown\n"
                f"      file: docs/doc-{i % 50}.md\n"
                f"      sections: [Rollback, Escalation]\n"
                f"      min_words: 5\n"
                f"      no_placeholders: true\n"
                f"    remediation: Fix gate {i} by writing the missing sections.\n")


RUNBOOK = """---
owner: team-{n}
last_reviewed: 2026-11-20
---
# Runbook for service {n}

## Rollback

Run the rollback job for service {n}, watch the error rate panel for ten minutes, then confirm
with the on-call engineer that traffic is back on the previous release.

## Escalation

Page the service {n} on-call engineer first, then the incident commander on duty, then the
engineering manager of team {n}.

## On-call

The primary rotation changes every Monday at 09:00; the secondary covers weekends.
"""

SUPPORT = """# Support briefing for service {n}

## What is changing

The service moves to a new storage engine with the same API; customers see no change.

## Known issues

Exports started before the switch finish on the old engine and may take a little longer.

## How to escalate

Open a ticket in the service {n} queue and page the on-call engineer for anything urgent.
"""

DESIGN = """# Design of service {n}

## Data classification

The service stores order identifiers and amounts (internal), and no personal data. Records are
kept for thirteen months and deleted by the nightly retention job.
""" + "\nMore design notes follow here for the reviewers of service {n}.\n" * 20

ALERTS = """groups:
  - name: service-{n}
    rules:
""" + "".join(
    f"""      - alert: Service{{n}}Alert{k}
        expr: rate(http_requests_total{{{{service="svc-{{n}}",code=~"5.."}}}}[5m]) > {k}
        for: 5m
        labels:
          severity: page
        annotations:
          summary: Service {{n}} alert {k}
          runbook_url: runbook.md
""" for k in range(6))

SLO = """apiVersion: openslo/v1
kind: SLO
metadata:
  name: svc-{n}-availability
spec:
  service: svc-{n}
  indicatorRef: svc-{n}-errors
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Availability
      target: 0.999
"""

CATALOG = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-{n}
  annotations:
    pagerduty.com/integration-key: key-{n}
  links:
    - url: https://runbooks.example.com/svc-{n}
      title: Runbook
      type: runbook
spec:
  type: service
  lifecycle: production
  owner: team-{n}
"""

SIGNOFFS = """signoffs:
  - role: security
    by: Security Reviewer {n}
    date: 2026-11-25
    decision: approve
  - role: sre
    by: SRE Lead {n}
    date: 2026-11-26
    decision: approve
"""

PLAN = """version: 1
service: svc-{n}
start: 2026-12-01T09:00:00Z
timezone: UTC
strategy: canary
complete_by: 2026-12-10
deploy_hours:
  days: [mon-fri]
  from: "08:00"
  to: "18:00"
phases:
  - name: canary
    traffic: 1%
    bake: 2h
    promote_when: [error_rate < 0.5%]
    rollback_when: [error_rate > 2% for 5m]
  - name: half
    traffic: 50%
    bake: 4h
    promote_when: [error_rate < 0.5%]
  - name: full
    traffic: 100%
rollback:
  runbook: runbook.md
  section: Rollback
  trigger: error_rate > 2% for 5m
  max_minutes: 15
  rehearsed: 2026-11-20
comms:
  - audience: support
    channel: "#support"
    when: T-2d
"""

CHECKLIST = """version: 1
program: svc-{n}
release: 1.0.0
gates:
  - id: sre.runbook
    title: Runbook covers rollback, escalation and on-call
    owner: team-{n}
    severity: blocker
    check: {{kind: markdown, file: runbook.md, sections: [Rollback, Escalation, On-call], no_placeholders: true, max_age: 90d}}
  - id: support.briefing
    title: Support briefed
    owner: team-{n}
    severity: major
    check: {{kind: markdown, file: support.md, sections: [What is changing, Known issues, How to escalate]}}
  - id: privacy.classification
    title: Data classified
    owner: team-{n}
    severity: major
    check: {{kind: markdown, file: design.md, sections: [Data classification], min_words: 10}}
  - id: sre.alerts
    title: Alerts have runbooks
    owner: team-{n}
    severity: major
    check: {{kind: alerts, file: alerts.yaml}}
  - id: sre.slo
    title: SLO defined
    owner: team-{n}
    severity: major
    check: {{kind: slo, file: slo.yaml, service: svc-{n}, min_target: 99.9%}}
  - id: sre.catalog
    title: Catalog entry
    owner: team-{n}
    severity: minor
    check: {{kind: catalog, file: catalog-info.yaml, on_call: true}}
  - id: security.signoff
    title: Security approved
    owner: team-{n}
    severity: blocker
    check: {{kind: signoff, file: signoffs.yaml, roles: [security, sre], within: 14d}}
  - id: quality.tests
    title: Tests pass
    owner: team-{n}
    severity: blocker
    check: {{kind: junit, file: junit.xml, min_tests: 50, max_failures: 0}}
"""


def junit(n):
    cases = "".join(
        f'    <testcase classname="svc{n}.Suite{k // 20}" name="test_case_{k}" time="0.01"/>\n'
        for k in range(200))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'
            f'  <testsuite name="svc{n}" tests="200" failures="0" errors="0" skipped="0" '
            f'timestamp="2026-11-30T12:00:00">\n{cases}  </testsuite>\n</testsuites>\n')


def monorepo(services, root):
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "program.yaml"), "w") as out:
        out.write("version: 1\nprogram: monorepo\nrelease: 1.0.0\nworkstreams:\n")
        for n in range(services):
            out.write(f"  - name: svc-{n:04d}\n    owner: team-{n}\n    path: services/svc-{n:04d}\n")
    files = {"runbook.md": RUNBOOK, "support.md": SUPPORT, "design.md": DESIGN,
             "alerts.yaml": ALERTS, "slo.yaml": SLO, "catalog-info.yaml": CATALOG,
             "signoffs.yaml": SIGNOFFS, "rollout.yaml": PLAN, "readiness.yaml": CHECKLIST}
    for n in range(services):
        directory = os.path.join(root, "services", f"svc-{n:04d}")
        os.makedirs(directory, exist_ok=True)
        for name, template in files.items():
            with open(os.path.join(directory, name), "w") as out:
                out.write(template.format(n=n))
        with open(os.path.join(directory, "junit.xml"), "w") as out:
            out.write(junit(n))


FRAMES = [
    "org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)",
    "org.junit.jupiter.api.AssertionFailureBuilder.buildAndThrow(AssertionFailureBuilder.java:132)",
    "org.junit.jupiter.api.AssertEquals.failNotEqual(AssertEquals.java:197)",
    "org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:150)",
    "org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:563)",
    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
    "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:728)",
    "org.junit.jupiter.engine.execution.MethodInvocation.proceed(MethodInvocation.java:60)",
    "org.junit.jupiter.engine.execution.InvocationInterceptorChain$ValidatingInvocation.proceed(InvocationInterceptorChain.java:131)",
    "org.junit.jupiter.engine.extension.TimeoutExtension.intercept(TimeoutExtension.java:156)",
    "org.junit.jupiter.engine.extension.TimeoutExtension.interceptTestableMethod(TimeoutExtension.java:147)",
    "org.junit.jupiter.engine.extension.TimeoutExtension.interceptTestMethod(TimeoutExtension.java:86)",
    "org.junit.jupiter.engine.execution.InterceptingExecutableInvoker.invoke(InterceptingExecutableInvoker.java:86)",
    "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor.invokeTestMethod(TestMethodTestDescriptor.java:218)",
    "org.junit.platform.engine.support.hierarchical.ThrowableCollector.execute(ThrowableCollector.java:73)",
    "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor.execute(TestMethodTestDescriptor.java:214)",
    "org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively(NodeTestTask.java:151)",
    "org.junit.platform.engine.support.hierarchical.Node.around(Node.java:137)",
    "org.junit.platform.engine.support.hierarchical.NodeTestTask.execute(NodeTestTask.java:95)",
    "org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.invokeAllTests(JUnitPlatformProvider.java:154)",
    "org.apache.maven.surefire.booter.ForkedBooter.runSuitesInProcess(ForkedBooter.java:385)",
    "org.apache.maven.surefire.booter.ForkedBooter.main(ForkedBooter.java:507)",
]


def system_out(n):
    """About 10 KB of a test's log lines, as a Spring/Logback test writes them."""
    lines = []
    size = 0
    k = 0
    while size < 10_000:
        line = (f"2026-11-30 18:00:{k % 60:02d}.{(n * 7 + k) % 1000:03d} INFO  [main] "
                f"c.e.shop.OrderService - request {n}-{k} handled in {(n + k) % 97} ms "
                f"status=503 retry={k % 3} region=eu-west-1 &amp; upstream=inventory\n")
        lines.append(line)
        size += len(line)
        k += 1
    return "".join(lines)


def junit_file(spec, path):
    """A Surefire-shaped file: suites of 100 testcases, PERCENT % of them failing with a stack
    trace and a <system-out> of 10 KB, 2 % skipped, until the file reaches MEGABYTES."""
    megabytes, percent = (int(part) for part in spec.split(":"))
    target = megabytes * 1_000_000
    written = 0
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        head = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n'
        out.write(head)
        written += len(head)
        index = 0
        n = 0
        while written < target:
            package = f"com.example.shop.module{index % 97:02d}"
            classname = f"{package}.Service{index}Test"
            short = classname.rsplit(".", 1)[1]
            cases = []
            failures = skipped = 0
            for _ in range(100):
                name = f"handlesRequestVariant{n}"
                # Failing testcases are spread evenly: n * percent crosses a multiple of 100.
                failing = (n + 1) * percent // 100 > n * percent // 100
                if failing:
                    failures += 1
                    trace = "".join(f"\tat {frame}\n" for frame in FRAMES)
                    cases.append(
                        f'    <testcase classname="{classname}" name="{name}" time="0.021">\n'
                        f'      <failure message="expected: &lt;200&gt; but was: &lt;503&gt;" '
                        f'type="org.opentest4j.AssertionFailedError">'
                        f"org.opentest4j.AssertionFailedError: expected: &lt;200&gt; but was: "
                        f"&lt;503&gt;\n\tat {classname}.{name}({short}.java:{n % 400 + 10})\n"
                        f"{trace}</failure>\n"
                        f"      <system-out><![CDATA[{system_out(n)}]]></system-out>\n"
                        f"    </testcase>\n")
                elif n % 100 in (11, 73):
                    skipped += 1
                    cases.append(
                        f'    <testcase classname="{classname}" name="{name}" time="0">\n'
                        f'      <skipped message="sandbox unavailable"/>\n'
                        f"    </testcase>\n")
                else:
                    cases.append(
                        f'    <testcase classname="{classname}" name="{name}" time="0.004"/>\n')
                n += 1
            suite = (
                f'  <testsuite name="{classname}" tests="100" failures="{failures}" errors="0" '
                f'skipped="{skipped}" time="1.234" timestamp="2026-11-30T18:00:00">\n'
                '    <properties>\n'
                '      <property name="java.version" value="17.0.15"/>\n'
                '      <property name="os.name" value="Linux"/>\n'
                '    </properties>\n' + "".join(cases) + "  </testsuite>\n")
            out.write(suite)
            written += len(suite)
            index += 1
        out.write("</testsuites>\n")


SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL", "UNKNOWN"]


def trivy(megabytes, path):
    """A Trivy image report: one os-pkgs result and language results, vulnerabilities with the
    fields Trivy writes (CVSS, references, dates), until the file reaches MEGABYTES."""
    import json
    target = megabytes * 1_000_000
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        out.write('{\n  "SchemaVersion": 2,\n  "CreatedAt": "2026-11-30T07:12:44.918273Z",\n'
                  '  "ArtifactName": "registry.example.com/checkout-api:2.4.0",\n'
                  '  "ArtifactType": "container_image",\n'
                  '  "Metadata": {"OS": {"Family": "debian", "Name": "12.5"}},\n'
                  '  "Results": [\n')
        written = 400
        n = 0
        target_index = 0
        while written < target:
            if target_index:
                out.write(",\n")
            out.write('    {"Target": "app/lib%d.jar", "Class": "lang-pkgs", "Type": "jar", '
                      '"Vulnerabilities": [\n' % target_index)
            for k in range(500):
                severity = SEVERITIES[n % 5]
                vulnerability = {
                    "VulnerabilityID": f"CVE-20{20 + n % 6}-{10000 + n}",
                    "PkgID": f"com.example:lib{n % 300}:1.{n % 9}.{n % 7}",
                    "PkgName": f"com.example:lib{n % 300}",
                    "InstalledVersion": f"1.{n % 9}.{n % 7}",
                    "Status": "fixed" if n % 3 else "affected",
                    "Layer": {"DiffID": "sha256:%064x" % (n * 2654435761 % (1 << 64))},
                    "SeveritySource": "nvd",
                    "PrimaryURL": f"https://avd.aquasec.com/nvd/cve-20{20 + n % 6}-{10000 + n}",
                    "Title": f"lib{n % 300}: a crafted request may exhaust memory in parser {n}",
                    "Description": ("A flaw was found in the request parser. A remote attacker "
                                    "could send a crafted payload that makes the service allocate "
                                    "memory without bound, leading to a denial of service. ") * 2,
                    "Severity": severity,
                    "CweIDs": [f"CWE-{400 + n % 300}"],
                    "CVSS": {"nvd": {"V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
                                     "V3Score": 7.5}},
                    "References": [f"https://example.com/advisories/{n}",
                                   f"https://github.com/example/lib{n % 300}/issues/{n}"],
                    "PublishedDate": "2024-03-01T15:15:00Z",
                    "LastModifiedDate": "2024-06-10T17:16:00Z",
                }
                if n % 3:
                    vulnerability["FixedVersion"] = f"1.{n % 9}.{n % 7 + 1}"
                text = ("      " if k == 0 else ",\n      ") + json.dumps(vulnerability)
                out.write(text)
                written += len(text)
                n += 1
            out.write("\n    ]}")
            target_index += 1
        out.write("\n  ]\n}\n")


def sarif(megabytes, path):
    """A SARIF 2.1.0 log of one Semgrep-like run: 200 rules and results with locations, until the
    file reaches MEGABYTES."""
    import json
    target = megabytes * 1_000_000
    levels = ["note", "warning", "error"]
    rules = [{"id": f"rules.example.rule-{r}", "name": f"rule-{r}",
              "shortDescription": {"text": f"Rule {r}: untrusted input reaches a sink"},
              "defaultConfiguration": {"level": levels[r % 3]},
              "properties": {"security-severity": f"{(r % 10) + 0.5}",
                             "tags": ["security", f"CWE-{100 + r}"]}} for r in range(200)]
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        head = json.dumps({"version": "2.1.0",
                           "$schema": "https://json.schemastore.org/sarif-2.1.0.json"})[:-1]
        out.write(head + ', "runs": [{"tool": {"driver": {"name": "Semgrep OSS", '
                  '"semanticVersion": "1.95.0", "rules": ' + json.dumps(rules) + '}}, '
                  '"results": [\n')
        written = 40_000
        n = 0
        while written < target:
            rule = n % 200
            result = {
                "ruleId": f"rules.example.rule-{rule}", "ruleIndex": rule,
                "level": levels[rule % 3],
                "message": {"text": f"User input flows into a query built at line {n % 900 + 1}; "
                                    "use a parameterised query instead."},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f"src/module{n % 50}/handler{n % 400}.py",
                                         "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": n % 900 + 1, "startColumn": 5,
                               "endLine": n % 900 + 3, "endColumn": 40,
                               "snippet": {"text": "cursor.execute(\"SELECT * FROM orders "
                                                   "WHERE id = \" + request.args[\"id\"])"}}}}],
                "fingerprints": {"matchBasedId/v1": "%064x" % (n * 11400714819323198485 % (1 << 256))},
            }
            text = ("      " if n == 0 else ",\n      ") + json.dumps(result)
            out.write(text)
            written += len(text)
            n += 1
        out.write("\n    ]}]}\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    kind, size, path = sys.argv[1], sys.argv[2], sys.argv[3]
    if kind == "junit":
        junit_file(size, path)
    else:
        {"checklist": checklist, "monorepo": monorepo, "trivy": trivy,
         "sarif": sarif}[kind](int(size), path)

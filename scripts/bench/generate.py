#!/usr/bin/env python3
"""Generates benchmark inputs (deterministic): a large checklist, and a monorepo program of
services that each have a checklist, a rollout plan and eight evidence files."""
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


if __name__ == "__main__":
    kind, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"checklist": checklist, "monorepo": monorepo}[kind](size, path)

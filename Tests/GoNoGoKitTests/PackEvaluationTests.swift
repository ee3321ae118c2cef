import Foundation
import Testing

@testable import GoNoGoKit

/// Every built-in pack, with its default inputs, passes on good evidence and fails on bad.
@Suite struct PackEvaluationTests {
  static let runbook = """
    ---
    owner: team-sre
    last_reviewed: 2026-11-20
    ---
    # Runbook

    ## Rollback

    Run the rollback job for the service, watch the error-rate panel for ten minutes, and confirm
    with the on-call engineer that traffic is back on the previous release.

    ## Escalation

    Page the service on-call engineer first, then the incident commander on duty, then the
    engineering manager who owns the release.

    ## On-call

    The primary rotation changes every Monday at 09:00; the secondary covers weekends and holidays
    and takes over when the primary does not answer within five minutes.
    """

  static func signoffs(_ roles: [String]) -> String {
    "signoffs:\n"
      + roles.map {
        "  - role: \($0)\n    by: Reviewer for \($0)\n    date: 2026-11-27\n    decision: approve\n"
      }
      .joined()
  }

  static let dashboard = """
    {"title": "Service overview", "uid": "svc", "schemaVersion": 39, "panels": [
      {"id": 1, "type": "timeseries", "title": "p95 latency", "datasource": {"type": "prometheus", "uid": "prom"},
       "targets": [{"expr": "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"}]},
      {"id": 2, "type": "timeseries", "title": "Requests per second", "datasource": {"type": "prometheus", "uid": "prom"},
       "targets": [{"expr": "sum(rate(http_requests_total[5m]))"}]},
      {"id": 3, "type": "timeseries", "title": "5xx error rate", "datasource": {"type": "prometheus", "uid": "prom"},
       "targets": [{"expr": "sum(rate(http_requests_total{code=~\\"5..\\"}[5m]))"}]},
      {"id": 4, "type": "timeseries", "title": "CPU utilization", "datasource": {"type": "prometheus", "uid": "prom"},
       "targets": [{"expr": "avg(rate(container_cpu_usage_seconds_total[5m]))"}]}]}
    """

  static let alerts = """
    groups:
      - name: my-service
        rules:
          - alert: MyServiceHighErrorRate
            expr: sum(rate(http_requests_total{code=~"5.."}[5m])) > 1
            for: 5m
            labels:
              severity: page
            annotations:
              summary: Errors are high
              runbook_url: ../../docs/runbook.md
    """

  static let slo = """
    apiVersion: openslo/v1
    kind: SLO
    metadata:
      name: my-service-availability
    spec:
      service: my-service
      indicatorRef: my-service-errors
      budgetingMethod: Occurrences
      timeWindow:
        - duration: 28d
          isRolling: true
      objectives:
        - displayName: Availability
          target: 0.999
    """

  static let catalog = """
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: my-service
      annotations:
        pagerduty.com/integration-key: abc123
      links:
        - url: https://runbooks.example.com/my-service
          title: Runbook
          type: runbook
        - url: https://grafana.example.com/d/svc
          title: Service dashboard
          type: dashboard
    spec:
      type: service
      lifecycle: production
      owner: team-sre
    """

  static let passingJUnit = """
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites><testsuite name="unit" tests="3" timestamp="2026-11-30T10:00:00">
      <testcase classname="unit.Cart" name="test_add"/>
      <testcase classname="unit.Cart" name="test_remove"/>
      <testcase classname="unit.Cart" name="test_total"/>
    </testsuite></testsuites>
    """

  static let failingJUnit = passingJUnit.replacingOccurrences(
    of: #"<testcase classname="unit.Cart" name="test_total"/>"#,
    with:
      #"<testcase classname="unit.Cart" name="test_total"><failure message="expected 30, got 29"/></testcase>"#
  )

  static func cobertura(covered: Int, valid: Int) -> String {
    """
    <?xml version="1.0" ?>
    <coverage line-rate="\(Double(covered) / Double(valid))" branch-rate="0" lines-covered="\(covered)" lines-valid="\(valid)" version="7.0" timestamp="1764500000">
    <packages/></coverage>
    """
  }

  static let sbom = """
    {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
     "metadata": {"timestamp": "2026-11-28T08:00:00Z", "component": {"type": "application", "name": "my-service", "version": "1.0.0"},
                  "tools": {"components": [{"type": "application", "name": "cyclonedx-py", "version": "7.5.0"}]}},
     "components": [{"type": "library", "name": "requests", "version": "2.32.3", "purl": "pkg:pypi/requests@2.32.3"}]}
    """

  static let highVulnerability = """
    {"SchemaVersion": 2, "ArtifactName": "my-service", "Results": [{"Target": "requirements.txt", "Class": "lang-pkgs", "Type": "pip",
      "Vulnerabilities": [{"VulnerabilityID": "CVE-2026-1234", "PkgName": "requests", "InstalledVersion": "2.31.0",
        "FixedVersion": "2.32.0", "Severity": "HIGH", "Title": "Header leak"}]}]}
    """

  /// A fixture made from k6's documented format (see Fixtures/loadtest/README.md).
  static func fixture(_ path: String) -> String {
    let url = packageRoot.appendingPathComponent("Tests/GoNoGoKitTests/Fixtures/\(path)")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  }

  struct Case: Sendable {
    var pack: String
    var passing: [String: String]
    var failing: [String: String?]
  }

  static let cases: [Case] = [
    Case(
      pack: "performance",
      passing: ["reports/k6-summary.json": fixture("loadtest/summary-export-pass.json")],
      failing: ["reports/k6-summary.json": fixture("loadtest/summary-export-fail.json")]),
    Case(
      pack: "privacy",
      passing: [
        "signoffs.yaml": signoffs(["privacy"]),
        "docs/design.md": "# Design\n\n## Data classification\n\n"
          + "The service stores order identifiers and amounts, which are internal, and no personal "
          + "data at all. Records are kept for thirteen months and then deleted by the nightly "
          + "retention job that the data team owns and monitors.\n",
      ],
      failing: ["signoffs.yaml": signoffs(["security"])]),
    Case(
      pack: "quality",
      passing: [
        "build/test-results/unit.xml": passingJUnit,
        "build/coverage.xml": cobertura(covered: 90, valid: 100),
      ],
      failing: ["build/test-results/unit.xml": failingJUnit]),
    Case(
      pack: "security",
      passing: [
        "reports/vulnerabilities.json":
          #"{"SchemaVersion": 2, "ArtifactName": "my-service", "Results": []}"#,
        "reports/sbom.cdx.json": sbom, "signoffs.yaml": signoffs(["security"]),
      ],
      failing: ["reports/vulnerabilities.json": highVulnerability]),
    Case(
      pack: "sre",
      passing: [
        "docs/runbook.md": runbook, "ops/dashboard.json": dashboard,
        "ops/alerts/service.yaml": alerts, "ops/slo.yaml": slo, "catalog-info.yaml": catalog,
      ],
      failing: [
        "docs/runbook.md": runbook.replacingOccurrences(of: "## Rollback", with: "## Recovery")
      ]),
    Case(
      pack: "support",
      passing: [
        "docs/support.md":
          "# Support\n\n## What is changing\n\nCheckout moves to a new service.\n\n"
          + "## Known issues\n\nNone known.\n\n## How to escalate\n\nPage the on-call engineer.\n",
        "signoffs.yaml": signoffs(["support"]),
        "docs/comms.md": "# Comms\n\n## Audience\n\nAll shoppers.\n\n## Timeline\n\nT-2d.\n\n"
          + "## Channels\n\nEmail and status page.\n\n- [x] Draft approved\n",
      ],
      failing: [
        "docs/comms.md":
          "# Comms\n\n## Audience\n\nAll shoppers.\n\n## Timeline\n\nTBD\n\n## Channels\n\nEmail.\n"
      ]),
    Case(
      pack: "rollout",
      passing: ["rollout.yaml": "", "docs/runbook.md": runbook],
      failing: ["rollout.yaml": nil]),
  ]

  /// A directory with a checklist extending `pack` and the given evidence.
  func evaluate(_ pack: String, files: [String: String]) throws -> Report {
    let root = try TempRoot(files)
    try root.write(
      "readiness.yaml",
      "version: 1\nprogram: my-service\nrelease: 1.0.0\nextends:\n  - pack: builtin:\(pack)\n")
    if files["rollout.yaml"] != nil {
      // The rollout pack's plan is a real one, so its rules are judged too.
      let plan = packageRoot.appendingPathComponent(
        "Tests/GoNoGoKitTests/Fixtures/rollout/go-canary/rollout.yaml")
      try FileManager.default.removeItem(at: root.url.appendingPathComponent("rollout.yaml"))
      try FileManager.default.copyItem(
        at: plan, to: root.url.appendingPathComponent("rollout.yaml"))
    }
    let definitions = Definitions.load(paths: [root.url.path])
    #expect(!definitions.hasErrors, "\(definitions.diagnostics)")
    return Evaluation.run(definitions, root: nil, now: releaseDay)
  }

  @Test func everyBuiltInPackHasACase() {
    #expect(Set(Self.cases.map(\.pack)) == Set(BuiltinPacks.sources.keys))
  }

  @Test(arguments: cases.map(\.pack))
  func thePackPassesOnGoodEvidence(_ pack: String) throws {
    let item = try #require(Self.cases.first { $0.pack == pack })
    let report = try evaluate(pack, files: item.passing)
    let failing = report.gates.filter { $0.status != .pass }
      .map { "\($0.id): \($0.findings.filter { $0.status != .pass }.map(\.message))" }
    #expect(failing.isEmpty)
    #expect(report.verdict == .go)
  }

  @Test(arguments: cases.map(\.pack))
  func thePackFailsOnBadEvidence(_ pack: String) throws {
    let item = try #require(Self.cases.first { $0.pack == pack })
    var files = item.passing
    for (path, content) in item.failing { files[path] = content }
    let report = try evaluate(pack, files: files)
    #expect(report.verdict != .go, "\(report.gates.map { "\($0.id) \($0.status)" })")
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Reports built in code for the renderer tests: a GO, a CONDITIONAL GO, a NO-GO, a crowded
/// NO-GO (more failing gates than GitHub annotates) and a hostile one whose evidence text is
/// written to break every output format.
enum RendererFixtures {
  /// The fixture names, in golden-file order.
  static let names = ["go", "conditional", "no-go", "crowded", "hostile"]

  static func report(_ name: String) -> Report {
    switch name {
    case "go": go
    case "conditional": conditional
    case "no-go": noGo
    case "crowded": crowded
    default: hostile
    }
  }

  struct GateSpec {
    var id: String
    var title: String
    var owner = "team-sre"
    var severity = Severity.blocker
    var category: Category? = .sre
    var line: Int
    var findings: [Finding]
    var evidence: [String] = []
    var remediation: String?
  }

  static func finding(
    _ status: Finding.Status, _ message: String, kind: String = "markdown", file: String? = nil,
    line: Int? = nil, column: Int? = nil
  ) -> Finding {
    var finding = Finding(
      status, message, evidence: file.map { EvidenceLocation(file: $0, line: line, column: column) }
    )
    finding.kind = kind
    return finding
  }

  static func build(
    program: String, release: String, file: String = "launch/readiness.yaml", _ specs: [GateSpec],
    disabled: [(String, String)] = [], waivers: [Waiver] = [], diagnostics: [Diagnostic] = []
  ) -> Report {
    let evaluated = specs.map { spec in
      VerdictRules.Evaluated(
        gate: Gate(
          id: spec.id, title: spec.title, owner: spec.owner, severity: spec.severity,
          category: spec.category, checks: [], remediation: spec.remediation, docs: nil,
          location: SourceLocation(file: file, line: spec.line, column: 5)),
        findings: spec.findings,
        evidence: spec.evidence.isEmpty
          ? spec.findings.compactMap { $0.evidence?.file }.uniqued() : spec.evidence)
    }
    return VerdictRules.report(
      program: program, release: release, sources: [file], evaluated: evaluated,
      disabled: disabled.map {
        DisabledGate(
          id: $0.0, reason: $0.1, location: SourceLocation(file: file, line: 90, column: 5))
      }, waivers: waivers, diagnostics: diagnostics, now: releaseDay)
  }

  static func waiver(
    _ gate: String, _ reason: String, by approver: String?, expires: String?, line: Int,
    file: String = "launch/readiness.yaml"
  ) -> Waiver {
    Waiver(
      gate: gate, reason: reason, approvedBy: approver,
      expires: expires.flatMap { DateValue(parsing: $0) },
      location: SourceLocation(file: file, line: line, column: 5))
  }

  static let go = build(
    program: "storefront", release: "5.1.0",
    [
      GateSpec(
        id: "security.review", title: "Security review signed off", owner: "team-security",
        category: .security, line: 12,
        findings: [finding(.pass, "security/review.md has every required section")],
        evidence: ["security/review.md"]),
      GateSpec(
        id: "sre.runbook", title: "Runbook covers rollback and on-call", line: 20,
        findings: [finding(.pass, "sre/runbook.md has every required section")],
        evidence: ["sre/runbook.md"]),
      GateSpec(
        id: "sre.alerts", title: "Alert rules are in the repository", severity: .major, line: 30,
        findings: [finding(.pass, "sre/alerts.yaml exists", kind: "file")],
        evidence: ["sre/alerts.yaml"]),
      GateSpec(
        id: "support.faq", title: "Support FAQ follow-ups closed", owner: "team-support",
        severity: .minor, category: .support, line: 40,
        findings: [
          finding(
            .fail, "unticked task: Add the refund question", file: "support/faq.md", line: 14,
            column: 1)
        ], remediation: "Close or move the follow-ups."),
      GateSpec(
        id: "api.contract", title: "API contract published", owner: "team-api",
        severity: .major, category: .quality, line: 50, findings: []),
    ],
    disabled: [("api.contract", "No API change in this release")],
    waivers: [
      waiver(
        "sre.runbook", "Escalation section lands with OPS-412", by: "Dana Kim (VP Engineering)",
        expires: "2026-12-15", line: 95)
    ])

  static let conditional = build(
    program: "checkout-v2", release: "2.4.0",
    [
      GateSpec(
        id: "quality.tests", title: "All tests pass", owner: "team-api", category: .quality,
        line: 12,
        findings: [
          finding(
            .fail, "3 of 512 tests failed", kind: "junit", file: "build/test-results/api.xml",
            line: 88, column: 7)
        ], remediation: "Fix or quarantine the failing tests."),
      GateSpec(
        id: "perf.load", title: "Load test meets the latency budget", owner: "team-api",
        severity: .major, category: .performance, line: 24,
        findings: [
          finding(
            .fail, "p95 latency 412 ms is over the 300 ms budget", kind: "loadtest",
            file: "perf/k6-summary.json")
        ], remediation: "Profile the basket endpoint and rerun the load test."),
      GateSpec(
        id: "sre.runbook", title: "Runbook covers rollback and on-call", line: 36,
        findings: [finding(.pass, "sre/runbook.md has every required section")],
        evidence: ["sre/runbook.md"]),
      GateSpec(
        id: "comms.notice", title: "Customer notice drafted", owner: "team-comms",
        severity: .minor, category: .comms, line: 48,
        findings: [finding(.pass, "comms/notice.md exists", kind: "file")],
        evidence: ["comms/notice.md"]),
    ],
    waivers: [
      waiver(
        "quality.tests", "Flaky payment-provider sandbox; fix tracked in PAY-123",
        by: "VP Engineering", expires: "2026-12-15", line: 80)
    ],
    diagnostics: [
      Diagnostic(
        .warning, at: SourceLocation(file: "launch/readiness.yaml", line: 4, column: 1),
        "owner 'team-comms' has no contact", hint: "add it under owners:")
    ])

  static let noGo = build(
    program: "payments-ledger", release: "3.0.0",
    [
      GateSpec(
        id: "data.rehearsal", title: "Cutover rehearsed within the freeze window",
        owner: "team-dba", category: .data, line: 12,
        findings: (1...12).map {
          finding(
            .fail, "placeholder 'TBD' left in the document", file: "reports/rehearsal.md",
            line: $0 * 4, column: 9)
        }, remediation: "Finish the rehearsal write-up and replace every TBD."),
      GateSpec(
        id: "sre.failover", title: "Failover tested", line: 24,
        findings: [
          finding(
            .error, "evidence file not found: reports/failover.md", file: "reports/failover.md")
        ], remediation: "Fail over in staging and commit the report."),
      GateSpec(id: "sre.judged", title: "A gate whose checks said nothing", line: 30, findings: []),
      GateSpec(
        id: "security.scan", title: "No critical vulnerabilities", owner: "team-security",
        severity: .major, category: .security, line: 36,
        findings: [
          finding(
            .error, "scan.json is not valid JSON: unexpected end of data at line 40",
            kind: "vulnerabilities", file: "security/scan.json", line: 40)
        ]),
      GateSpec(
        id: "ops.handbook", title: "Operations handbook reviewed", owner: "team-ops",
        severity: .minor, category: nil, line: 48,
        findings: [finding(.fail, "ops/handbook.md is older than 90d (last reviewed 2026-05-02)")]
      ),
      GateSpec(
        id: "support.briefing", title: "Support briefed", owner: "team-support",
        category: .support, line: 56,
        findings: [finding(.pass, "support/briefing.md has every required section")],
        evidence: ["support/briefing.md"]),
      GateSpec(
        id: "comms.status-page", title: "Status page draft", owner: "team-comms",
        severity: .minor, category: .comms, line: 64, findings: []),
    ],
    disabled: [("comms.status-page", "Merchants are told by e-mail this time")],
    waivers: [
      waiver(
        "data.rehearsal", "Second rehearsal slipped to 26 November", by: "Priya Raman",
        expires: "2026-11-27", line: 100),
      waiver(
        "sre.failover", "DR test booked for January", by: nil, expires: "2027-01-31", line: 104),
      waiver("security.scan", "Scanner outage", by: "CISO", expires: nil, line: 108),
    ],
    diagnostics: [
      Diagnostic(
        .warning, at: SourceLocation(file: "launch/readiness.yaml", line: 2, column: 1),
        "release '3.0.0' has no change ticket", hint: "add change: CHG-1234")
    ])

  /// Twelve failing blockers, eleven failing majors and eleven failing minors.
  static let crowded = build(
    program: "monolith", release: "9.0.0",
    (1...12).map { index in
      GateSpec(
        id: "blocker.b\(index)", title: "Blocker \(index)", line: index * 10,
        findings: [
          finding(.fail, "blocker \(index) failed", file: "docs/b\(index).md", line: index)
        ])
    }
      + (1...11).map { index in
        GateSpec(
          id: "major.m\(index)", title: "Major \(index)", severity: .major, category: .quality,
          line: 200 + index * 10, findings: [finding(.fail, "major \(index) failed", kind: "file")])
      }
      + (1...11).map { index in
        GateSpec(
          id: "minor.n\(index)", title: "Minor \(index)", severity: .minor, category: .comms,
          line: 400 + index * 10,
          findings: [finding(.error, "minor \(index) errored", kind: "file")])
      })

  /// The text an attacker would put in a test name or an evidence message.
  static let hostileTitle = "<script>alert('x')</script> | cell | **bold** & [link](javascript:x)"
  static let hostileMessage =
    "test \"a|b\" failed:\n::set-output name=verdict::go\r\n::error::forged %0A 100% <img src=x "
    + "onerror=alert(1)> `code` $x$ @everyone https://evil.example www.evil.example "
    + "\u{1B}[31mred\u{1B}[0m \u{202E}txet\u{202C} # heading\n| a | b |\n</details>"

  static let hostile = build(
    program: "<b>shop</b> & co", release: "1.0 \"beta\"",
    [
      GateSpec(
        id: "quality.tests", title: hostileTitle, owner: "team,evil:owner", category: .quality,
        line: 12,
        findings: [
          finding(
            .fail, hostileMessage, kind: "junit", file: "build/test results|x.xml", line: 3,
            column: 2),
          finding(.error, "second\nline ]]> &amp; <!-- comment", kind: "junit"),
        ], remediation: "Run `make test`; then <b>fix</b>\n# it"),
      GateSpec(
        id: "sre.runbook", title: "Runbook | rollback", severity: .major, line: 24,
        findings: [finding(.pass, "sre/runbook.md ok <i>really</i>")],
        evidence: ["sre/run|book <x>.md"]),
    ],
    waivers: [
      waiver(
        "sre.runbook", "<script>steal()</script>\n| forged | row |", by: "Eve ::warning::x",
        expires: "2026-12-15", line: 40)
    ])

  /// A rollout schedule for the printout's timeline.
  static let rollout = HTMLRenderer.Rollout(
    strategy: "canary",
    phases: [
      .init(
        name: "Canary", start: releaseDay, end: releaseDay.addingTimeInterval(4 * 3600),
        traffic: "1%"),
      .init(
        name: "Early <adopters>", start: releaseDay.addingTimeInterval(4 * 3600),
        end: releaseDay.addingTimeInterval(28 * 3600), traffic: "10%"),
      .init(
        name: "Everyone", start: releaseDay.addingTimeInterval(28 * 3600), end: nil,
        traffic: "100%"),
    ])
}

extension Array where Element: Equatable {
  func uniqued() -> [Element] {
    var result: [Element] = []
    for element in self where !result.contains(element) { result.append(element) }
    return result
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A checklist judged at a tier: the same gates, evidence and time, only `tier:` differs.
struct TieredLaunch {
  let root: TempRoot
  var file: String { root.url.appendingPathComponent("readiness.yaml").path }

  /// The orders API: a k6 summary that misses its p95 and error-rate targets (the load-test
  /// gate fails), and a published API contract (which passes).
  init(tierLines: String, gates: String = TieredLaunch.localGate) throws {
    let summary = try String(
      contentsOf: packageRoot.appendingPathComponent(
        "Tests/GoNoGoKitTests/Fixtures/loadtest/summary-export-fail.json"), encoding: .utf8)
    root = try TempRoot([
      "readiness.yaml": """
      version: 1
      program: orders-api
      release: 3.1.0
      \(tierLines)
      extends:
        - pack: builtin:performance
          with:
            owner: team-sre
            summary: reports/k6-summary.json
      gates:
      \(gates)
      """,
      "reports/k6-summary.json": summary,
      "api/openapi.yaml": "openapi: 3.1.0\ninfo: {title: Orders, version: 3.1.0}\npaths: {}\n",
    ])
  }

  static let localGate = """
      - id: api.contract
        title: API contract is published
        owner: team-api
        severity: major
        tiers: [1, 2]
        check:
          kind: file
          file: api/openapi.yaml
    """

  func definitions() -> Definitions { Definitions.load(paths: [file]) }

  func report() throws -> Report {
    let definitions = definitions()
    #expect(!definitions.hasErrors, "\(definitions.diagnostics)")
    return Evaluation.run(definitions, root: nil, now: releaseDay)
  }

  /// The diagnostics, as `line:column: message`.
  func problems() -> [String] {
    definitions().diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
  }
}

@Suite struct TierTests {
  @Test func theSameChecklistAtTiersOneTwoAndThreeGivesThreeVerdicts() throws {
    let tier1 = try TieredLaunch(tierLines: "tier: 1").report()
    #expect(tier1.verdict == .noGo)
    #expect(tier1.gates.map(\.id) == ["performance.load-test", "api.contract"])
    #expect(tier1.gates.map(\.severity) == [.blocker, .major])
    #expect(tier1.gates.map(\.status) == [.fail, .pass])
    #expect(tier1.excludedByTier.isEmpty)

    let tier2 = try TieredLaunch(tierLines: "tier: 2").report()
    #expect(tier2.verdict == .conditionalGo)
    #expect(tier2.gates.map(\.severity) == [.major, .major])
    #expect(tier2.gates.map(\.status) == [.fail, .pass])

    let tier3 = try TieredLaunch(tierLines: "tier: 3").report()
    #expect(tier3.verdict == .go)
    #expect(tier3.gates.isEmpty)
    #expect(tier3.excludedByTier.map(\.id) == ["performance.load-test", "api.contract"])
    #expect(
      tier3.excludedByTier.map(\.reason) == [
        "severity_by_tier switches it off at tier 3", "its tiers [1, 2] do not include tier 3",
      ])
    #expect(
      tier3.excludedByTier.map { "\($0.ruleLocation.line):\($0.ruleLocation.column)" } == [
        "23:46", "15:12",
      ])
    #expect(tier3.excludedByTier[0].ruleLocation.file == "builtin:performance")
    #expect(tier3.excludedByTier[1].severity == .major)
    #expect(tier3.tier == ServiceTier(level: 3, name: nil, location: tier3.tier!.location))
    #expect(tier3.tier?.location.line == 4)
  }

  @Test func withoutATierEveryGateKeepsItsWrittenSeverity() throws {
    let report = try TieredLaunch(tierLines: "").report()
    #expect(report.tier == nil)
    #expect(report.verdict == .noGo)
    #expect(report.gates.map(\.severity) == [.blocker, .major])
    #expect(report.gates.allSatisfy { $0.tierNote == nil })
    #expect(!JSONRenderer.render(report).contains("excluded_by_tier"))
  }

  @Test func namedTiersResolveByName() throws {
    let gates = """
        - id: api.contract
          title: API contract is published
          owner: team-api
          severity: minor
          severity_by_tier: {critical: blocker, experimental: off}
          check:
            kind: file
            file: api/openapi.yaml
      """
    let launch = try TieredLaunch(
      tierLines: "tiers: [critical, standard, experimental]\ntier: critical", gates: gates)
    let report = try launch.report()
    #expect(report.tier?.name == "critical")
    #expect(report.tier?.label == "tier 1 (critical)")
    #expect(report.gates.map(\.severity) == [.blocker, .blocker])
    #expect(
      report.gates[1].tierNote
        == "applies at tier 1 (critical) as blocker, set by severity_by_tier at "
        + "\(launch.file):16:24 (written severity: minor)")
    #expect(
      report.gates[0].tierNote
        == "applies at tier 1 (critical) as blocker, set by severity_by_tier at "
        + "builtin:performance:23:24 (written severity: blocker)")
  }

  @Test func theReportSaysWhichTierItAppliedAndWhatItLeftOut() throws {
    let launch = try TieredLaunch(tierLines: "tiers: [critical, standard, experimental]\ntier: 3")
    let report = try launch.report()
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(report).utf8))
        as? [String: Any])
    let tier = try #require(json["tier"] as? [String: Any])
    #expect(tier["level"] as? Int == 3)
    #expect(tier["name"] as? String == "experimental")
    let tierLocation = try #require(tier["location"] as? [String: Any])
    #expect(tierLocation["file"] as? String == launch.file)
    #expect(tierLocation["line"] as? Int == 5)
    #expect(tierLocation["column"] as? Int == 7)
    let excluded = try #require(json["excluded_by_tier"] as? [[String: Any]])
    #expect(excluded.map { $0["id"] as? String } == ["performance.load-test", "api.contract"])
    #expect(
      excluded[1]["reason"] as? String == "its tiers [1, 2] do not include tier 3 (experimental)")
    let rule = try #require(excluded[1]["rule_location"] as? [String: Any])
    #expect(rule["file"] as? String == launch.file)
    #expect(rule["line"] as? Int == 16)
    #expect(rule["column"] as? Int == 12)
    #expect(excluded[0]["severity"] as? String == "blocker")
    #expect(json["summary"].flatMap { ($0 as? [String: Any])?["total"] as? Int } == 0)

    // Wide enough that no line wraps: this checks the words, not the wrapping.
    let text = TextRenderer.render(report, color: false, width: 400)
    #expect(
      text.contains(
        "Tier: 3 (experimental), declared at \(launch.file):5:7 · 2 gates left out by the tier\n"))
    #expect(
      text.contains(
        "Left out by the tier (2)\n"
          + "  - performance.load-test  Load test meets p95 300ms and error rate 1% — "
          + "severity_by_tier switches it off at tier 3 (experimental) (builtin:performance:23:46)\n"
          + "  - api.contract  API contract is published — its tiers [1, 2] do not include "
          + "tier 3 (experimental) (\(launch.file):16:12)\n"))
    let markdown = MarkdownRenderer.render(report)
    #expect(
      markdown.contains(
        "\n### Left out by the tier\n\n- **performance.load-test** Load test meets p95 300ms and "
          + "error rate 1% — severity\\_by\\_tier switches it off at tier 3 (experimental) "
          + "(builtin:performance:23:46)\n- **api.contract** API contract is published — its tiers "
          + "\\[1, 2\\] do not include tier 3 (experimental) (\(launch.file):16:12)\n"))
    #expect(markdown.contains("Tier: 3 (experimental), declared at"))
  }

  @Test func explainSaysWhyAGateAppliesOrNot() throws {
    let launch = try TieredLaunch(tierLines: "tier: 2")
    let report = try launch.report()
    let result = try #require(report.gates.first { $0.id == "performance.load-test" })
    let text = GateExplanation.render(result, gate: nil, report: report)
    #expect(
      text.contains(
        "  tier:        applies at tier 2 as major, set by severity_by_tier at "
          + "builtin:performance:23:36 (written severity: blocker)\n"))
    #expect(
      text.contains(
        "  from pack:   builtin:performance gate performance.load-test (builtin:performance:19:5)\n"
      ))
    let contract = try #require(report.gates.first { $0.id == "api.contract" })
    #expect(
      GateExplanation.render(contract, gate: nil, report: report).contains(
        "  tier:        its tiers [1, 2] include tier 2; at tier 2 it is major as written\n"))

    let tier3 = try TieredLaunch(tierLines: "tier: 3").report()
    let exclusion = try #require(tier3.excludedByTier.first { $0.id == "api.contract" })
    #expect(
      GateExplanation.render(exclusion, report: tier3)
        == """
        api.contract — API contract is published
          status:      not applied — left out by the service tier, so it was not evaluated
          tier:        tier 3, declared at \(tier3.tier!.location)
          why:         its tiers [1, 2] do not include tier 3 (\(exclusion.ruleLocation))
          severity:    major as written
          owner:       team-api
          defined at:  \(exclusion.location)

        """)
  }

  @Test func badTiersAreLocatedErrors() throws {
    #expect(
      try TieredLaunch(tierLines: "tier: 4").problems() == [
        "4:7: tier 4 in 'tier' of the checklist does not exist"
      ])
    #expect(
      try TieredLaunch(tierLines: "tier: gold").problems() == [
        "4:7: tier 'gold' is not declared"
      ])
    #expect(
      try TieredLaunch(tierLines: "tiers: [critical, standard, experimental]\ntier: critcal")
        .problems() == [
          "5:7: tier 'critcal' is not one of the tiers critical, standard, experimental; "
            + "did you mean 'critical'?"
        ])
    #expect(
      try TieredLaunch(tierLines: "tiers: [critical, standard]").problems() == [
        "4:8: 'tiers' in the checklist must name the 3 tiers, most critical first"
      ])
    #expect(
      try TieredLaunch(tierLines: "tiers: [critical, critical, low]").problems() == [
        "4:19: the tier name 'critical' is given twice"
      ])
    let badSeverity = """
        - id: api.contract
          title: API contract is published
          owner: team-api
          severity: major
          tiers: [1, 2]
          severity_by_tier: {1: critical, 3: minor}
          check: {kind: file, file: api/openapi.yaml}
      """
    #expect(
      try TieredLaunch(tierLines: "tier: 1", gates: badSeverity).problems() == [
        "16:27: the severity of tier 1 in 'severity_by_tier' of gate 'api.contract' must be one "
          + "of blocker, major, minor, off, not 'critical'"
      ])
    let outside = """
        - id: api.contract
          title: API contract is published
          owner: team-api
          severity: major
          tiers: [1, 2]
          severity_by_tier: {1: blocker, 3: minor}
          check: {kind: file, file: api/openapi.yaml}
      """
    #expect(
      try TieredLaunch(tierLines: "tier: 1", gates: outside).problems() == [
        "16:36: 'severity_by_tier' sets tier 3, which 'tiers' leaves out"
      ])
    let empty = """
        - id: api.contract
          title: API contract is published
          owner: team-api
          severity: major
          tiers: []
          check: {kind: file, file: api/openapi.yaml}
      """
    #expect(
      try TieredLaunch(tierLines: "", gates: empty).problems() == [
        "15:12: 'tiers' in gate 'api.contract' must list at least one tier"
      ])
  }

  @Test func theBuiltInPacksAreTieredAndThePacksPageShowsTheMatrix() {
    let markdown = PackCatalog.markdown()
    #expect(markdown.contains("| gate | written | tier 1 | tier 2 | tier 3 |\n"))
    #expect(markdown.contains("| `performance.load-test` | blocker | blocker | major | *off* |\n"))
    #expect(
      markdown.contains("| `rollout.rollback-runbook` | blocker | blocker | major | *off* |\n"))
    #expect(markdown.contains("| `support.runbook` | major | major | major | *off* |\n"))
    #expect(markdown.contains("| `quality.tests` | blocker | blocker | blocker | blocker |\n"))
    // Every pack gate is judged at tier 1 at least as hard as at tier 3.
    let rank = ["blocker": 3, "major": 2, "minor": 1, "off": 0]
    for pack in PackCatalog.all() {
      for gate in pack.gates {
        #expect(rank[gate.byTier[0]]! >= rank[gate.byTier[2]]!, "\(gate.id)")
        #expect(gate.byTier[0] != "off", "\(gate.id)")
      }
    }
  }

  @Test func aStarterForATierDeclaresItAndNamesWhatItLeavesOut() throws {
    let text = try Starter.checklist(
      packs: ["performance", "support"], program: "orders", release: "1.0.0",
      options: .init(tier: 3))
    #expect(text.contains("\ntier: 3  # tier 3: experimental or internal services"))
    #expect(
      text.contains(
        "  - pack: builtin:performance  # Performance readiness\n"
          + "    # at tier 3 every gate of this pack is left out\n"))
    #expect(
      text.contains(
        "  - pack: builtin:support  # Support readiness\n"
          + "    # left out at tier 3: support.runbook, support.signoff\n"))
    #expect(
      Starter.expectedEvidence(checklist: text) == [
        "support.comms [minor]: markdown on docs/comms.md"
      ])
    #expect(throws: Starter.Problem.self) {
      try Starter.checklist(packs: ["sre"], program: "p", release: "1", options: .init(tier: 0))
    }
  }
}

@Suite struct ProgramTierTests {
  /// A program whose one workstream is the tiered launch.
  func program(_ programTiers: String, workstreamTier: String, checklistTier: String) throws
    -> (TieredLaunch, String)
  {
    let launch = try TieredLaunch(tierLines: checklistTier)
    try launch.root.write(
      "program.yaml",
      """
      version: 1
      program: orders
      release: 3.1.0
      \(programTiers)
      workstreams:
        - name: API
          owner: team-api
          \(workstreamTier)
          path: readiness.yaml
      """)
    return (launch, launch.root.url.appendingPathComponent("program.yaml").path)
  }

  @Test func aWorkstreamsTierAppliesToItsChecklist() throws {
    let (launch, file) = try program(
      "tiers: [critical, standard, experimental]", workstreamTier: "tier: standard",
      checklistTier: "")
    defer { withExtendedLifetime(launch) {} }
    let definitions = Definitions.load(paths: [file])
    #expect(definitions.diagnostics.isEmpty, "\(definitions.diagnostics)")
    let report = Evaluation.run(definitions, root: nil, now: releaseDay)
    #expect(report.verdict == .conditionalGo)
    #expect(report.workstreams.first?.tier?.label == "tier 2 (standard)")
    #expect(report.workstreams.first?.tier?.location.line == 8)
    #expect(report.gates.map(\.severity) == [.major, .major])
  }

  @Test func aChecklistThatDisagreesWithItsWorkstreamIsAnError() throws {
    let (launch, file) = try program(
      "", workstreamTier: "tier: 1", checklistTier: "tier: 3")
    let definitions = Definitions.load(paths: [file])
    #expect(
      definitions.diagnostics.map { "\($0.location.file):\($0.location.line):\($0.message)" } == [
        "\(launch.file):4:the checklist says tier 3 but its workstream in \(file) says tier 1 "
          + "(at \(file):8:11)"
      ])
  }
}

@Suite struct RolloutTierTests {
  /// The canary fixture (a GO plan with its checklist), with `tier:` added to the checklist.
  func canary(tier: String) throws -> (TempRoot, Report) {
    let source = packageRoot.appendingPathComponent(
      "Tests/GoNoGoKitTests/Fixtures/rollout/go-canary")
    func read(_ path: String) throws -> String {
      try String(contentsOf: source.appendingPathComponent(path), encoding: .utf8)
    }
    let root = try TempRoot([
      "readiness.yaml": try read("readiness.yaml").replacingOccurrences(
        of: "release: 2.4.0\n", with: "release: 2.4.0\n\(tier)\n"),
      "rollout.yaml": try read("rollout.yaml"),
      "docs/runbook.md": try read("docs/runbook.md"),
    ])
    let definitions = Definitions.load(paths: [root.url.path])
    #expect(!definitions.hasErrors, "\(definitions.diagnostics)")
    return (root, Evaluation.run(definitions, root: nil, now: releaseDay))
  }

  @Test func theRolloutRulesWeighByTheChecklistsTier() throws {
    let (_, tier1) = try canary(tier: "tier: 1")
    let rehearsed1 = try #require(tier1.gates.first { $0.id == "rollout.rehearsed" })
    #expect(rehearsed1.severity == .blocker)
    #expect(
      rehearsed1.tierNote
        == "applies at tier 1 as blocker, the rollout rules' severity at that tier "
        + "(written severity: major)")
    let (_, tier3) = try canary(tier: "tier: 3")
    #expect(!tier3.gates.contains { $0.id == "rollout.rehearsed" })
    #expect(
      tier3.excludedByTier.map { "\($0.id): \($0.reason)" } == [
        "rollout.rehearsed: the rollout rules leave it out at tier 3 (docs/packs.md)"
      ])
    #expect(tier3.gates.first { $0.id == "rollout.deploy-hours" }?.severity == .minor)
    let (_, untiered) = try canary(tier: "")
    #expect(untiered.gates.first { $0.id == "rollout.rehearsed" }?.severity == .major)
    #expect(untiered.excludedByTier.isEmpty)
  }

  @Test func thePacksPageShowsTheRolloutRulesPerTier() {
    let markdown = PackCatalog.markdown()
    #expect(markdown.contains("| `rollout.rehearsed` | major | blocker | major | *off* |\n"))
    #expect(markdown.contains("| `rollout.freeze` | blocker | blocker | blocker | blocker |\n"))
  }
}

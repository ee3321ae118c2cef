import Foundation
import Testing

/// The two samples, run the way the README tells a newcomer to: a four-workstream program that is
/// GO with a verdict per workstream, and a ledger migration that is NO-GO for nine distinct
/// reasons.
@Suite struct SampleTests {
  static let go = "samples/checkout-launch"
  static let noGo = "samples/payments-migration"

  /// The failing and erroring gates of a JSON report, by id.
  func failing(_ report: [String: Any]) -> [String: [String: Any]] {
    var result: [String: [String: Any]] = [:]
    for gate in gates(report) where ["fail", "error"].contains(gate["status"] as? String) {
      result[gate["id"] as? String ?? ""] = gate
    }
    return result
  }

  /// The messages of a gate's findings that did not pass, in order.
  func problems(_ gate: [String: Any]?) -> [String] {
    let findings = gate?["findings"] as? [[String: Any]] ?? []
    return findings.filter { $0["status"] as? String != "pass" }.compactMap {
      $0["message"] as? String
    }
  }

  /// Where a gate's first non-passing finding points: `file:line:column` (or less).
  func problemLocation(_ gate: [String: Any]?) -> String? {
    let findings = gate?["findings"] as? [[String: Any]] ?? []
    guard
      let location = findings.first(where: { $0["status"] as? String != "pass" })?[
        "evidence_location"] as? [String: Any]
    else { return nil }
    return [
      location["file"] as? String, (location["line"] as? Int).map(String.init),
      (location["column"] as? Int).map(String.init),
    ].compactMap { $0 }.joined(separator: ":")
  }

  func report(_ sample: String) throws -> (status: Int32, json: [String: Any]) {
    let run = try GoNoGoRun(["check", sample, "--now", releaseDay, "--format", "json"])
    return (run.status, try json(run.stdout))
  }

  // MARK: - checkout-launch: a program that is GO

  @Test func theLaunchProgramIsGoWithAGoVerdictPerWorkstream() throws {
    let run = try GoNoGoRun(["check", Self.go, "--now", releaseDay])
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    #expect(
      run.stdout.hasPrefix(
        "GO  checkout-v2 2.4.0 · 2026-12-01T09:00:00Z\n"
          + "40 gates: 38 pass, 1 fail, 0 error, 0 waived, 1 disabled\n"))
    #expect(
      run.stdout.contains(
        """
        Workstreams
          API       GO  team-api · 0 gates failing
          Frontend  GO  team-web · 1 gate failing
          Data      GO  team-data · 0 gates failing
          SRE       GO  team-sre · 0 gates failing

        """))
    let (status, report) = try report(Self.go)
    #expect(status == 0)
    #expect(report["verdict"] as? String == "go")
    let workstreams = try #require(report["workstreams"] as? [[String: Any]])
    #expect(workstreams.map { $0["name"] as? String } == ["API", "Frontend", "Data", "SRE"])
    #expect(
      workstreams.map { $0["owner"] as? String } == [
        "team-api", "team-web", "team-data", "team-sre",
      ])
    #expect(workstreams.map { $0["verdict"] as? String } == ["go", "go", "go", "go"])
    #expect(
      workstreams.map { $0["sources"] as? [String] ?? [] } == [
        ["samples/checkout-launch/api/readiness.yaml"],
        ["samples/checkout-launch/web/readiness.yaml"],
        ["samples/checkout-launch/data/readiness.yaml"],
        ["samples/checkout-launch/sre/readiness.yaml", "samples/checkout-launch/sre/rollout.yaml"],
      ])
    var statuses: [String: String] = [:]
    var perWorkstream: [String: Int] = [:]
    for gate in gates(report) {
      statuses[gate["id"] as? String ?? ""] = gate["status"] as? String
      perWorkstream[gate["workstream"] as? String ?? "", default: 0] += 1
    }
    #expect(perWorkstream == ["API": 10, "Frontend": 5, "Data": 3, "SRE": 22])
    // The advisory minor failure and the disabled gate, both in the Frontend workstream.
    #expect(statuses["web.a11y-followups"] == "fail")
    #expect(statuses["web.mobile-webview"] == "disabled")
    #expect(statuses.values.filter { $0 == "pass" }.count == 38)
    // The security pack's gates, read from the API workstream's own build outputs.
    for id in ["security.vulnerabilities", "security.sbom", "security.signoff"] {
      #expect(statuses[id] == "pass", "\(id)")
    }
  }

  @Test func theLaunchProgramUsesEveryCheckKind() throws {
    let kinds = try GoNoGoRun(["kinds"]).stdout.split(separator: "\n")
      .filter { !$0.hasPrefix(" ") }.map(String.init)
    #expect(kinds.count == 15)
    let root = GoNoGoRun.packageRoot
    var text = ""
    for workstream in ["api", "web", "data", "sre"] {
      let checklist = root.appendingPathComponent("\(Self.go)/\(workstream)/readiness.yaml")
      text += try String(contentsOf: checklist, encoding: .utf8)
    }
    #expect(text.contains("pack: builtin:security"))
    text += try String(
      contentsOf: root.appendingPathComponent("gates/security.yaml"), encoding: .utf8)
    let used = Set(
      text.split(separator: "\n").compactMap { line -> String? in
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(of: "kind:"), index + 1 < words.count else {
          return nil
        }
        return String(words[index + 1])
      })
    #expect(Set(kinds).subtracting(used).isEmpty, "unused: \(Set(kinds).subtracting(used))")
  }

  @Test func theLaunchRolloutPassesEveryRuleAndPrintsItsForecast() throws {
    let run = try GoNoGoRun(["check", Self.go, "--now", releaseDay])
    #expect(
      run.stdout.contains(
        """
        Rollout forecast · checkout-v2 · canary · times in America/New_York
          phase   traffic  starts                bake  bake ends             waited for
          canary  1%       Tue 2026-12-01 09:00  2h    Tue 2026-12-01 11:00  –
          early   10%      Tue 2026-12-01 11:00  4h    Tue 2026-12-01 15:00  –
          half    50%      Tue 2026-12-01 15:00  24h   Wed 2026-12-02 15:00  –
          full    100%     Wed 2026-12-02 15:00  –     –                     –
          Earliest 100%: Wed 2026-12-02 15:00 (2026-12-02T15:00:00-05:00)
          Meets complete_by 2026-12-04 (end of Fri 2026-12-04)

        """))
    let rollout = gates(try report(Self.go).json).filter {
      ($0["id"] as? String ?? "").hasPrefix("rollout.")
    }
    #expect(rollout.count == 14)
    #expect(
      rollout.allSatisfy {
        $0["status"] as? String == "pass" && $0["workstream"] as? String == "SRE"
      })
  }

  // MARK: - payments-migration: NO-GO for nine reasons

  @Test func theMigrationSampleIsNoGoForEachDistinctReason() throws {
    let (exit, report) = try report(Self.noGo)
    #expect(exit == 1)
    #expect(report["verdict"] as? String == "no-go")
    let failing = failing(report)
    func evidence(_ id: String) -> [String]? { failing[id]?["evidence"] as? [String] }
    func status(_ id: String) -> String? { failing[id]?["status"] as? String }
    // 1. A runbook missing its rollback section.
    #expect(status("sre.cutover-runbook") == "fail")
    #expect(evidence("sre.cutover-runbook") == ["docs/cutover-runbook.md"])
    // 2. A missing evidence file.
    #expect(status("sre.dr-failover") == "error")
    #expect(evidence("sre.dr-failover") == ["reports/dr-failover-test.md"])
    // 3. A gate whose waiver expired.
    #expect(status("data.cutover-rehearsal") == "fail")
    #expect(evidence("data.cutover-rehearsal") == ["reports/cutover-rehearsal.md"])
    let waivers = report["waivers"] as? [[String: Any]] ?? []
    #expect(waivers.first?["gate"] as? String == "data.cutover-rehearsal")
    #expect(waivers.first?["state"] as? String == "expired")
    // 4. An unticked checklist box.
    #expect(status("release.cutover-checklist") == "fail")
    #expect(evidence("release.cutover-checklist") == ["docs/cutover-checklist.md"])
    // 5. A major failure.
    #expect(failing["comms.merchant-notice"]?["severity"] as? String == "major")
    #expect(evidence("comms.merchant-notice") == ["comms/merchant-notice.md"])
    // 6. A high vulnerability whose allow-list entry expired.
    #expect(status("security.vulnerabilities") == "fail")
    #expect(evidence("security.vulnerabilities") == ["security/trivy-ledger-writer.json"])
    // 7. A missing security sign-off.
    #expect(status("security.cutover-signoff") == "fail")
    #expect(evidence("security.cutover-signoff") == ["security/signoffs.yaml"])
    // 8. A failing test case.
    #expect(status("ledger.reconciliation-tests") == "fail")
    #expect(evidence("ledger.reconciliation-tests") == ["reports/reconciliation-junit.xml"])
    // 9. A rollout plan that runs across a freeze and has a step with no way back: its
    // evidence is the plan itself.
    #expect(status("rollout.freeze") == "fail")
    #expect(
      problemLocation(failing["rollout.freeze"]) == "samples/payments-migration/rollout.yaml:28:5")
    #expect(status("rollout.migration-backout") == "fail")
    #expect(
      problemLocation(failing["rollout.migration-backout"])
        == "samples/payments-migration/rollout.yaml:62:5")
    #expect(failing.count == 10)
    for id in failing.keys where id != "comms.merchant-notice" {
      #expect(failing[id]?["severity"] as? String == "blocker", "\(id)")
    }
    #expect(gates(report).filter { $0["status"] as? String == "pass" }.count == 21)
  }

  @Test func theJUnitFindingNamesTheFailingTestCase() throws {
    let gate = failing(try report(Self.noGo).json)["ledger.reconciliation-tests"]
    #expect(
      problems(gate) == [
        "14 tests in reports/reconciliation-junit.xml: 13 passed, 1 failed, 0 errored, 0 skipped; "
          + "pass rate 92.85%; 1 failed, more than max_failures 0",
        "test failed: ledger-reconciliation › tests.test_refunds › "
          + "test_reconcile_refunds_across_cutover: AssertionError: refunds across the cutover "
          + "lost their capture",
      ])
    let findings = gate?["findings"] as? [[String: Any]] ?? []
    let located = findings.first { ($0["message"] as? String ?? "").hasPrefix("test failed:") }
    let location = located?["evidence_location"] as? [String: Any]
    #expect(location?["file"] as? String == "reports/reconciliation-junit.xml")
    #expect(location?["line"] as? Int == 1)
  }

  @Test func theVulnerabilityFindingNamesTheExpiredAllowListEntry() throws {
    let gate = failing(try report(Self.noGo).json)["security.vulnerabilities"]
    #expect(
      problems(gate) == [
        "security/trivy-ledger-writer.json has 1 vulnerability above max_severity medium (1 high)",
        "CVE-2026-31877 (high) in org.postgresql:postgresql 42.7.4, fixed in 42.7.9",
        "the allow-list entry for CVE-2026-31877 (samples/payments-migration/readiness.yaml:159, "
          + "approved by Aisha Karimi (AppSec)) expired on 2026-11-28 and no longer allows it",
      ])
    let signoff = failing(try report(Self.noGo).json)["security.cutover-signoff"]
    #expect(problems(signoff) == ["no security sign-off in security/signoffs.yaml"])
  }

  @Test func theRolloutGatesNameThePhaseTheStepAndThePlanLine() throws {
    let run = try GoNoGoRun(["check", Self.noGo, "--now", releaseDay])
    #expect(
      run.stdout.contains(
        """
            ✗ rollout.freeze  No rollout step falls in or runs across a change freeze
              [fail]
              defined at samples/payments-migration/rollout.yaml:21:3
              - samples/payments-migration/rollout.yaml:28:5: phase 'reads-5pct' (5%) is
                live from Tue 2026-12-01 23:00 to Mon 2026-12-07 22:00, across freeze
                'november-close' (2026-12-02 to 2026-12-04)
              → Move the start so the rollout reaches 100% before the freeze, or after
                it ends.
            ✗ rollout.migration-backout  Every irreversible migration or cutover step
              has a backout or an approval  [fail]
              defined at samples/payments-migration/rollout.yaml:53:3
              - samples/payments-migration/rollout.yaml:62:5: cutover step
                'retire-reverse-outbox' is irreversible and has neither a backout nor an
                approval

        """))
    #expect(
      run.stdout.contains(
        "  reads-half  50%      Mon 2026-12-07 22:00  48h   Wed 2026-12-09 22:00  freeze\n"
          + "    'november-close', deploy hours\n"))
    let rollout = gates(try report(Self.noGo).json).filter {
      ($0["id"] as? String ?? "").hasPrefix("rollout.")
    }
    #expect(rollout.count == 14)
    #expect(
      rollout.filter { $0["status"] as? String != "pass" }.map { $0["id"] as? String } == [
        "rollout.freeze", "rollout.migration-backout",
      ])
  }

  @Test func theNoGoTextReportNamesFilesLinesAndOwners() throws {
    let run = try GoNoGoRun(["check", Self.noGo, "--now", releaseDay])
    #expect(run.status == 1)
    #expect(
      run.stdout.hasPrefix(
        "NO-GO  payments-ledger 3.0.0 · 2026-12-01T09:00:00Z\n"
          + "31 gates: 21 pass, 9 fail, 1 error, 0 waived, 0 disabled\n"
          + "9 blockers failing · 1 major gate failing · 0 waivers in use\n"))
    #expect(
      run.stdout.contains(
        "  team-sre:\n    ✗ sre.cutover-runbook  Cutover runbook covers rollback, escalation and\n"
          + "      on-call  [fail]\n      defined at samples/payments-migration/readiness.yaml:20:5"
          + " · evidence\n        docs/cutover-runbook.md\n      - docs/cutover-runbook.md has no "
          + "'Rollback' section\n"))
    #expect(run.stdout.contains("      - docs/cutover-checklist.md:21:1: unticked task: "))
    #expect(
      run.stdout.contains(
        "      - reports/reconciliation-junit.xml:1: test failed: ledger-reconciliation ›\n"
          + "        tests.test_refunds › test_reconcile_refunds_across_cutover:\n"))
  }

  @Test func theSameInputsGiveByteIdenticalReports() throws {
    for sample in [Self.go, Self.noGo] {
      for format in ["text", "json"] {
        let first = try GoNoGoRun(["check", sample, "--now", releaseDay, "--format", format])
        let second = try GoNoGoRun(["check", sample, "--now", releaseDay, "--format", format])
        #expect(!first.stdout.isEmpty)
        #expect(first.stdout == second.stdout, "\(sample) \(format)")
      }
    }
  }

  @Test func outputWritesSeveralFormatsInOneRun() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-outputs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let jsonPath = directory.appendingPathComponent("report.json").path
    let textPath = directory.appendingPathComponent("report.txt").path
    let run = try GoNoGoRun([
      "check", Self.noGo, "--now", releaseDay, "--output", "json=\(jsonPath)", "--output",
      "text=\(textPath)",
    ])
    #expect(run.status == 1)
    let text = try String(contentsOfFile: textPath, encoding: .utf8)
    #expect(text == run.stdout)
    let report = try json(try String(contentsOfFile: jsonPath, encoding: .utf8))
    #expect(report["schema"] as? String == "gonogo.report/v1")
  }

  @Test func colourFollowsTheFlagAndNoColor() throws {
    let always = try GoNoGoRun(["check", Self.go, "--now", releaseDay, "--color", "always"])
    #expect(always.stdout.hasPrefix("\u{1B}[1;32mGO\u{1B}[0m"))
    let never = try GoNoGoRun(["check", Self.go, "--now", releaseDay, "--color", "never"])
    #expect(!never.stdout.contains("\u{1B}"))
  }
}

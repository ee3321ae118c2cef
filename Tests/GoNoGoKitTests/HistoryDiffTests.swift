import Foundation
import Testing

@testable import GoNoGoKit

/// `gonogo diff` on hand-made report pairs: one test per class of change.
@Suite struct HistoryDiffTests {
  typealias Gate = HandMadeReport.Gate

  func diff(_ old: String, _ new: String) throws -> ReportDiff {
    ReportDiff(
      old: try HandMadeReport.snapshot(old, source: "old.json"),
      new: try HandMadeReport.snapshot(new, source: "new.json"))
  }

  @Test func aWorseVerdictIsARegression() throws {
    let diff = try diff(
      HandMadeReport.json(verdict: "go", gates: [Gate(id: "a", status: "pass")]),
      HandMadeReport.json(verdict: "conditional-go", gates: [Gate(id: "a", status: "pass")]))
    #expect(diff.verdictWorse)
    #expect(diff.isRegression)
    #expect(diff.exitCode == 1)
    #expect(DiffRenderer.headline(diff) == "Verdict GO → CONDITIONAL GO — no gate changed status (regression)")
  }

  @Test func aBetterVerdictIsNoRegression() throws {
    let diff = try diff(
      HandMadeReport.json(verdict: "no-go", gates: [Gate(id: "a", status: "fail")]),
      HandMadeReport.json(verdict: "go", gates: [Gate(id: "a", status: "pass")]))
    #expect(!diff.isRegression)
    #expect(diff.exitCode == 0)
    #expect(diff.fixed.map(\.id) == ["a"])
    #expect(diff.fixed.first?.from == .fail)
    #expect(diff.fixed.first?.to == .pass)
  }

  @Test func aGateThatStartsFailingIsListedWithTheNewMessages() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "sre.runbook", status: "pass")]),
      HandMadeReport.json(
        verdict: "no-go",
        gates: [Gate(id: "sre.runbook", status: "fail", message: "section Rollback is missing")]))
    #expect(diff.regressed.count == 1)
    let change = try #require(diff.regressed.first)
    #expect(change.id == "sre.runbook")
    #expect(change.from == .pass)
    #expect(change.to == .fail)
    #expect(change.messages == ["section Rollback is missing"])
    #expect(diff.exitCode == 1)
    let text = DiffRenderer.text(diff)
    #expect(text.contains("Regressed (1):\n  `sre.runbook` pass → fail [blocker, team-sre] Gate sre.runbook\n    - section Rollback is missing\n"))
  }

  @Test func failToErrorIsARegressionAndErrorToFailIsNot() throws {
    let worse = try diff(
      HandMadeReport.json(verdict: "no-go", gates: [Gate(id: "a", status: "fail")]),
      HandMadeReport.json(verdict: "no-go", gates: [Gate(id: "a", status: "error")]))
    #expect(worse.regressed.map(\.id) == ["a"])
    #expect(worse.exitCode == 1)
    let better = try diff(
      HandMadeReport.json(verdict: "no-go", gates: [Gate(id: "a", status: "error")]),
      HandMadeReport.json(verdict: "no-go", gates: [Gate(id: "a", status: "fail")]))
    #expect(better.regressed.isEmpty)
    #expect(better.fixed.isEmpty)
    #expect(better.changed.map(\.id) == ["a"])
    #expect(better.exitCode == 0)
  }

  @Test func waivingAFailingGateIsNotARegression() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "a", status: "pass")]),
      HandMadeReport.json(verdict: "go", gates: [Gate(id: "a", status: "waived")]))
    #expect(diff.regressed.isEmpty)
    #expect(diff.changed.map(\.to) == [.waived])
    #expect(diff.exitCode == 0)
  }

  @Test func gatesAddedAndRemovedAreListed() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [
        Gate(id: "a", status: "pass"), Gate(id: "old", status: "pass", line: 20, kind: "junit"),
      ]),
      HandMadeReport.json(gates: [
        Gate(id: "a", status: "pass"),
        Gate(id: "new", status: "fail", severity: "minor", line: 30, kind: "coverage"),
      ]))
    #expect(diff.added == [.init(id: "new", status: .fail, severity: "minor", title: "Gate new")])
    #expect(diff.removed == [.init(id: "old", status: .pass, severity: "blocker", title: "Gate old")])
    #expect(diff.renamed.isEmpty)
    #expect(diff.exitCode == 0)
  }

  @Test func aGateWithANewIdButTheSameLocationAndCheckIsRenamed() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "sre.runbook", status: "pass", line: 12)]),
      HandMadeReport.json(gates: [Gate(id: "sre.rollback-runbook", status: "pass", line: 12)]))
    #expect(diff.renamed == [.init(from: "sre.runbook", to: "sre.rollback-runbook", location: "readiness.yaml:12:5")])
    #expect(diff.added.isEmpty)
    #expect(diff.removed.isEmpty)
    #expect(DiffRenderer.text(diff).contains(
      "renamed `sre.runbook` → `sre.rollback-runbook` (same check at readiness.yaml:12:5)"))
  }

  @Test func aNewIdAtTheSameLocationWithAnotherCheckIsRemovedAndAdded() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "x", status: "pass", line: 12, kind: "markdown")]),
      HandMadeReport.json(gates: [Gate(id: "y", status: "pass", line: 12, kind: "junit")]))
    #expect(diff.renamed.isEmpty)
    #expect(diff.added.map(\.id) == ["y"])
    #expect(diff.removed.map(\.id) == ["x"])
  }

  @Test func aRenamedGateThatStartsFailingIsARegression() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "old", status: "pass")]),
      HandMadeReport.json(verdict: "no-go", gates: [Gate(id: "new", status: "fail")]))
    #expect(diff.renamed.map(\.to) == ["new"])
    #expect(diff.regressed.map(\.id) == ["new"])
  }

  @Test func severityAndOwnerChangesAreListed() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "a", status: "pass", severity: "minor", owner: "team-a")]),
      HandMadeReport.json(gates: [Gate(id: "a", status: "pass", severity: "blocker", owner: "team-b")]))
    #expect(diff.fields == [
      .init(id: "a", field: "severity", from: "minor", to: "blocker"),
      .init(id: "a", field: "owner", from: "team-a", to: "team-b"),
    ])
    #expect(diff.exitCode == 0)
  }

  @Test func waiversAddedExpiredAndExpiringWithinAWeekAreListed() throws {
    let oldWaivers = """
      [{"gate": "b", "reason": "sandbox flaky", "state": "active", "expires": "2026-11-30", "approved_by": "VP"},
       {"gate": "c", "reason": "vendor fix", "state": "active", "expires": "2026-12-20", "approved_by": "VP"}]
      """
    let newWaivers = """
      [{"gate": "a", "reason": "new one", "state": "active", "expires": "2027-01-31", "approved_by": "CTO"},
       {"gate": "b", "reason": "sandbox flaky", "state": "expired", "expires": "2026-11-30", "approved_by": "VP"},
       {"gate": "c", "reason": "vendor fix", "state": "active", "expires": "2026-12-20", "approved_by": "VP"}]
      """
    let diff = try diff(
      HandMadeReport.json(now: "2026-11-28T09:00:00Z", gates: [], waivers: oldWaivers),
      HandMadeReport.json(now: "2026-12-15T09:00:00Z", gates: [], waivers: newWaivers))
    #expect(diff.waivers.map(\.change) == ["added", "expired", "expiring"])
    #expect(diff.waivers.map(\.waiver.gate) == ["a", "b", "c"])
    #expect(diff.waivers.last?.days == 5)
    let text = DiffRenderer.text(diff)
    #expect(text.contains("added for `a` expires 2027-01-31, approved by CTO: new one"))
    #expect(text.contains("expired for `b` expires 2026-11-30: it no longer waives"))
    #expect(text.contains("expiring in 5 days for `c` expires 2026-12-20"))
  }

  @Test func aWaiverAlreadyExpiringInTheOldReportIsNotNewlyExpiring() throws {
    let waivers = """
      [{"gate": "c", "reason": "r", "state": "active", "expires": "2026-12-05", "approved_by": "VP"}]
      """
    let diff = try diff(
      HandMadeReport.json(now: "2026-12-01T09:00:00Z", gates: [], waivers: waivers),
      HandMadeReport.json(now: "2026-12-02T09:00:00Z", gates: [], waivers: waivers))
    #expect(diff.waivers.isEmpty)
  }

  @Test func evidenceDigestsThatChangedAreListed() throws {
    let old = """
      , "evidence_files": [{"path": "docs/runbook.md", "sha256": "\(String(repeating: "a", count: 64))", "size": 10},
                           {"path": "gone.txt", "sha256": "\(String(repeating: "b", count: 64))", "size": 1},
                           {"path": "same.txt", "sha256": "\(String(repeating: "c", count: 64))", "size": 1}]
      """
    let new = """
      , "evidence_files": [{"path": "docs/runbook.md", "sha256": "\(String(repeating: "d", count: 64))", "size": 12},
                           {"path": "new.txt", "sha256": "\(String(repeating: "e", count: 64))", "size": 1},
                           {"path": "same.txt", "sha256": "\(String(repeating: "c", count: 64))", "size": 1}]
      """
    let diff = try diff(
      HandMadeReport.json(gates: [], extra: old), HandMadeReport.json(gates: [], extra: new))
    #expect(diff.evidence?.map(\.path) == ["docs/runbook.md", "gone.txt", "new.txt"])
    #expect(diff.evidence?.first?.new == String(repeating: "d", count: 64))
    #expect(diff.evidence?[1].new == nil)
    #expect(diff.evidence?[2].old == nil)
    #expect(DiffRenderer.text(diff).contains(
      "Evidence changed (3):\n  changed `docs/runbook.md` sha256:aaaaaaaaaaaa → dddddddddddd\n"
        + "  gone `gone.txt` (was sha256:bbbbbbbbbbbb)\n  new `new.txt` sha256:eeeeeeeeeeee\n"))
  }

  @Test func withoutDigestsOnBothSidesEvidenceIsNotCompared() throws {
    let diff = try diff(
      HandMadeReport.json(gates: []),
      HandMadeReport.json(
        gates: [], extra: #", "evidence_files": [{"path": "a", "sha256": "00", "size": 1}]"#))
    #expect(diff.evidence == nil)
  }

  @Test func aRolloutPhaseThatMovedLaterIsListedWithHowMuch() throws {
    let plan = { (canary: String, full: String) in
      """
      , "rollout": [{"service": "checkout", "file": "rollout.yaml", "phases": [
          {"name": "canary", "start": "\(canary)"}, {"name": "full", "start": "\(full)"}]}]
      """
    }
    let diff = try diff(
      HandMadeReport.json(gates: [], extra: plan("2026-12-01T09:00:00+01:00", "2026-12-03T09:00:00+01:00")),
      HandMadeReport.json(gates: [], extra: plan("2026-12-01T09:00:00+01:00", "2026-12-05T13:30:00+01:00")))
    #expect(diff.forecast == [
      .init(
        service: "checkout", phase: "full", from: "2026-12-03T09:00:00+01:00",
        to: "2026-12-05T13:30:00+01:00", seconds: 2 * 86_400 + 4 * 3_600 + 1_800)
    ])
    #expect(DiffRenderer.text(diff).contains(
      "checkout phase full moved later by 2d 4h: 2026-12-03T09:00:00+01:00 → 2026-12-05T13:30:00+01:00"))
  }

  @Test func advisoryGatesAreSummarisedWithTheSoonestEnforcement() throws {
    let advisory = { (id: String, wouldBe: String, until: String) in
      Gate(
        id: id, status: "advisory",
        extra: #", "would_be": "\#(wouldBe)", "advisory_until": "\#(until)""#)
    }
    let new = HandMadeReport.json(
      now: "2026-12-01T09:00:00Z",
      gates: [
        advisory("a", "fail", "2026-12-05"), advisory("b", "error", "2026-12-20"),
        advisory("c", "fail", "2027-01-10"), advisory("d", "pass", "2026-12-02"),
      ])
    let diff = try diff(HandMadeReport.json(gates: []), new)
    #expect(diff.advisory.new.sentence == "3 advisory gates would fail; 1 becomes enforced in 4 days")
    #expect(DiffRenderer.text(diff).contains(
      "Advisory gates:\n  now: 3 advisory gates would fail; 1 becomes enforced in 4 days\n"))
    #expect(diff.added.map(\.status) == [.advisory, .advisory, .advisory, .advisory])
    #expect(diff.exitCode == 0)
  }

  @Test func theMarkdownFitsAPullRequestComment() throws {
    let diff = try diff(
      HandMadeReport.json(gates: [Gate(id: "a", status: "pass"), Gate(id: "b", status: "fail", line: 20)]),
      HandMadeReport.json(
        verdict: "no-go",
        gates: [
          Gate(id: "a", status: "fail", message: "a <b>|c</b> broke"),
          Gate(id: "b", status: "pass", line: 20),
        ]))
    #expect(
      DiffRenderer.markdown(diff) == """
        🔴 **gonogo diff: Verdict GO → NO-GO — 1 regressed, 1 fixed (regression)**

        Old `2026-11-02T09:00:00Z` GO · new `2026-11-02T09:00:00Z` NO-GO

        <details>
        <summary>Verdict</summary>

        - GO → NO-GO (worse)

        </details>

        <details open>
        <summary>Regressed (1)</summary>

        - `a` pass → fail [blocker, team-sre] Gate a
            - a \\<b\\>\\|c\\</b\\> broke

        </details>

        <details>
        <summary>Fixed (1)</summary>

        - `b` fail → pass [blocker] Gate b

        </details>

        """)
  }
}

/// Reading reports back: schema versions, malformed files.
@Suite struct ReportReaderTests {
  @Test func aNewerMinorVersionIsReadIgnoringUnknownFields() throws {
    let text = HandMadeReport.json(
      gates: [HandMadeReport.Gate(id: "a", status: "pass")],
      extra: #", "schema_version": "1.4", "something_new": {"x": 1}"#)
    let snapshot = try HandMadeReport.snapshot(text)
    #expect(snapshot.schemaVersion == "1.4")
    #expect(snapshot.gates.map(\.id) == ["a"])
  }

  @Test func aReportWithoutSchemaVersionIsVersionOneZero() throws {
    let snapshot = try HandMadeReport.snapshot(HandMadeReport.json(gates: []))
    #expect(snapshot.schemaVersion == "1.0")
  }

  @Test func anotherMajorVersionIsRefusedNamingIt() throws {
    let result = ReportReader.read(
      Data(HandMadeReport.json(gates: [], schema: "gonogo.report/v2").utf8), source: "r.json")
    #expect(
      result.failure?.description
        == "r.json:1:1: error: the report's schema is gonogo.report/v2, which this gonogo cannot "
        + "read (it reads gonogo.report/v1, versions 1.x); use the gonogo release that wrote it")
    let version = ReportReader.read(
      Data(HandMadeReport.json(gates: [], extra: #", "schema_version": "2.0""#).utf8),
      source: "r.json")
    #expect(version.failure?.message.hasPrefix("the report's schema_version is 2.0;") == true)
  }

  @Test func aFileThatIsNotAReportIsRefused() throws {
    let result = ReportReader.read(Data(#"{"verdict": "go"}"#.utf8), source: "x.json")
    #expect(result.failure?.message.hasPrefix("not a gonogo JSON report: it has no \"schema\" key") == true)
  }

  @Test func malformedJSONIsLocated() throws {
    let result = ReportReader.read(Data("{\"schema\": \"gonogo.report/v1\",\n  \"now\": }".utf8), source: "bad.json")
    let error = try #require(result.failure)
    #expect(error.file == "bad.json")
    #expect(error.line == 2)
    #expect(error.column == 10)
    #expect(error.message.hasPrefix("not a gonogo JSON report: "))
  }

  @Test func aDuplicateKeyIsRefusedAndLocated() throws {
    let text = "{\"schema\": \"gonogo.report/v1\",\n  \"schema\": \"gonogo.report/v1\"}"
    let error = try #require(ReportReader.read(Data(text.utf8), source: "dup.json").failure)
    #expect(error.line == 2)
    #expect(error.column == 3)
    #expect(
      error.message
        == "not a gonogo JSON report: dup.json is not valid JSON: duplicate key \"schema\" in an "
        + "object; JSON evidence must name each key once")
  }

  @Test func aDuplicateKeyInABigObjectIsRefused() throws {
    let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    let text = HandMadeReport.json(gates: [], extra: ", \"x\": {\(members), \"k7\": 0}")
    let error = try #require(ReportReader.read(Data(text.utf8), source: "r.json").failure)
    #expect(error.message.contains("duplicate key \"k7\""))
  }

  @Test func nestingDeeperThanTheLimitIsRefused() throws {
    let depth = JSONText.maxDepth + 1
    let text = HandMadeReport.json(
      gates: [],
      extra: ", \"x\": " + String(repeating: "[", count: depth)
        + String(repeating: "]", count: depth))
    let error = try #require(ReportReader.read(Data(text.utf8), source: "r.json").failure)
    #expect(error.message.hasPrefix("not a gonogo JSON report: "))
    #expect(error.message.contains("\(JSONText.maxDepth)"))
  }

  @Test func aNulCharacterInAStringIsRefusedAndLocated() throws {
    let text = "{\"schema\": \"gonogo.report/v1\",\n \"now\": \"a\\u0000b\"}"
    let error = try #require(ReportReader.read(Data(text.utf8), source: "nul.json").failure)
    #expect(error.line == 2)
    #expect(error.column == 10)
    #expect(
      error.message
        == "not a gonogo JSON report: a string holds a NUL character (\\u0000), which gonogo "
        + "cannot read")
  }

  @Test func invalidUTF8AndTextAfterTheValueAreRefused() throws {
    var bytes = Array(HandMadeReport.json(gates: []).utf8)
    bytes.insert(0xFF, at: 12)
    #expect(ReportReader.read(Data(bytes), source: "r.json").failure != nil)
    let trailing = Data((HandMadeReport.json(gates: []) + " {}").utf8)
    #expect(ReportReader.read(trailing, source: "r.json").failure != nil)
    let nul = Data(HandMadeReport.json(gates: []).utf8 + [0] + Array(" x".utf8))
    #expect(ReportReader.read(nul, source: "r.json").failure != nil)
    #expect(ReportReader.read(Data("  ".utf8), source: "r.json").failure != nil)
  }

  @Test func aReportReadFromDiskEqualsTheSameBytesReadFromMemory() throws {
    let gates = (0..<50).map {
      HandMadeReport.Gate(id: "g\($0)", status: $0 % 3 == 0 ? "fail" : "pass", kind: "raid",
        extra: #", "workstream": "ws", "would_be": "fail", "advisory_until": "2026-12-01""#)
    }
    let text = HandMadeReport.json(
      gates: gates,
      waivers: #"[{"gate": "g3", "state": "active", "expires": "2026-12-01", "reason": "r"}]"#,
      extra: #", "evidence_files": [{"path": "a.md", "sha256": "00"}], "rollout": [{"service": "s", "phases": [{"name": "p", "start": "2026-11-03T00:00:00Z"}, {"start": null}]}]"#)
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-reader-\(UUID().uuidString).json").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var fromDisk = try ReportReader.read(path: path).get()
    fromDisk.source = "report.json"
    let fromMemory = try HandMadeReport.snapshot(text)
    #expect(fromDisk == fromMemory)
    #expect(fromMemory.gates.count == 50)
    #expect(fromMemory.gates[0].check == "raid | docs/runbook.md")
    #expect(fromMemory.gates[0].location == "readiness.yaml:10:5")
    #expect(fromMemory.waivers.map(\.gate) == ["g3"])
    #expect(fromMemory.evidenceDigests == ["a.md": "00"])
    #expect(fromMemory.rollout.first?.phases.map(\.name) == ["p", "phase 2"])
    let brief = try ReportReader.read(Data(text.utf8), source: "r.json", detail: false).get()
    #expect(brief.gates[0].check == "")
    #expect(brief.gates[0].title == "")
    #expect(brief.gates[0].findings.isEmpty)
    #expect(brief.gates.map(\.status) == fromMemory.gates.map(\.status))
  }

  @Test func aMissingFileIsNamed() throws {
    let error = try #require(ReportReader.read(path: "/nonexistent/r.json").failure)
    #expect(error.message.hasPrefix("cannot read the report: "))
    #expect(error.message.hasSuffix("; check the path"))
  }

  @Test func anUnknownGateStatusIsRefused() throws {
    let result = ReportReader.read(
      Data(HandMadeReport.json(gates: [HandMadeReport.Gate(id: "a", status: "maybe")]).utf8),
      source: "r.json")
    #expect(result.failure?.message.hasPrefix("gate a has the status 'maybe'") == true)
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}

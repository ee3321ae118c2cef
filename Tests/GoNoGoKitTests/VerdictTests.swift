import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

@Suite struct VerdictTests {
  func gate(_ id: String, _ severity: Severity) -> Gate {
    Gate(
      id: id, title: id, owner: "team", severity: severity, category: nil, checks: [],
      remediation: nil, docs: nil, location: .checklist(1, 1))
  }

  func report(
    _ gates: [(String, Severity, Finding.Status)], waivers: [Waiver] = [],
    disabled: [DisabledGate] = [], now: Date = releaseDay
  ) -> Report {
    VerdictRules.report(
      program: "p", release: "1", sources: ["readiness.yaml"],
      evaluated: gates.map { id, severity, status in
        VerdictRules.Evaluated(
          gate: gate(id, severity), findings: [Finding(status, "x")], evidence: [])
      }, disabled: disabled, waivers: waivers, diagnostics: [], now: now)
  }

  func waiver(_ gate: String, expires: String = "2026-12-15", approver: String? = "VP") -> Waiver {
    Waiver(
      gate: gate, reason: "r", approvedBy: approver, expires: DateValue(parsing: expires),
      location: .checklist(9, 5))
  }

  @Test func everythingPassingIsGo() {
    let result = report([("a", .blocker, .pass), ("b", .major, .pass)])
    #expect(result.verdict == .go)
    #expect(result.verdict.exitCode(failOnConditional: true) == 0)
  }

  @Test func aFailingBlockerIsNoGo() {
    let result = report([("a", .blocker, .fail), ("b", .major, .pass)])
    #expect(result.verdict == .noGo)
    #expect(result.verdict.exitCode(failOnConditional: false) == 1)
  }

  @Test func aBlockerThatCannotBeEvaluatedIsNoGo() {
    #expect(report([("a", .blocker, .error)]).verdict == .noGo)
  }

  @Test func aGateWithNoFindingsIsAnError() {
    let result = VerdictRules.report(
      program: "p", release: "1", sources: [],
      evaluated: [VerdictRules.Evaluated(gate: gate("a", .blocker), findings: [], evidence: [])],
      disabled: [], waivers: [], diagnostics: [], now: releaseDay)
    #expect(result.gates.first?.status == .error)
    #expect(result.verdict == .noGo)
  }

  @Test func aFailingMajorIsConditional() {
    let result = report([("a", .blocker, .pass), ("b", .major, .error)])
    #expect(result.verdict == .conditionalGo)
    #expect(result.verdict.exitCode(failOnConditional: false) == 0)
    #expect(result.verdict.exitCode(failOnConditional: true) == 1)
  }

  @Test func aFailingMinorIsAdvisory() {
    #expect(report([("a", .minor, .fail)]).verdict == .go)
  }

  @Test func anActiveWaiverWaivesAndMakesTheVerdictConditional() {
    let result = report([("a", .blocker, .fail)], waivers: [waiver("a")])
    #expect(result.gates.first?.status == .waived)
    #expect(result.gates.first?.evaluated == .fail)
    #expect(result.waivers.map(\.state) == [.active])
    #expect(result.verdict == .conditionalGo)
  }

  @Test func expiredWaiverDoesNotWaive() {
    let result = report([("a", .blocker, .fail)], waivers: [waiver("a", expires: "2026-11-30")])
    #expect(result.gates.first?.status == .fail)
    #expect(result.waivers.map(\.state) == [.expired])
    #expect(result.verdict == .noGo)
  }

  @Test func aWaiverHoldsThroughItsLastDay() {
    let lastDay = report([("a", .blocker, .fail)], waivers: [waiver("a", expires: "2026-12-01")])
    #expect(lastDay.waivers.map(\.state) == [.active])
    let nextDay = report(
      [("a", .blocker, .fail)], waivers: [waiver("a", expires: "2026-12-01")],
      now: releaseDay.addingTimeInterval(15 * 3600))
    #expect(nextDay.waivers.map(\.state) == [.expired])
  }

  @Test func aWaiverWithoutApproverDoesNotWaive() {
    let result = report([("a", .blocker, .fail)], waivers: [waiver("a", approver: nil)])
    #expect(result.waivers.map(\.state) == [.unapproved])
    #expect(result.verdict == .noGo)
  }

  @Test func aWaiverOnAPassingGateIsUnusedAndKeepsGo() {
    let result = report([("a", .blocker, .pass)], waivers: [waiver("a")])
    #expect(result.waivers.map(\.state) == [.unused])
    #expect(result.verdict == .go)
  }

  @Test func disabledGatesDoNotCount() {
    let result = report(
      [("a", .blocker, .fail)],
      disabled: [DisabledGate(id: "a", reason: "not this release", location: .checklist(3, 5))])
    #expect(result.gates.first?.status == .disabled)
    #expect(result.gates.first?.disabledReason == "not this release")
    #expect(result.verdict == .go)
    #expect(result.summary[.disabled] == 1)
  }

  @Test func rendersAreByteForByteReproducible() {
    let result = report([("a", .blocker, .fail), ("b", .major, .pass)], waivers: [waiver("b")])
    #expect(OutputFormat.json.render(result) == OutputFormat.json.render(result))
    #expect(OutputFormat.text.render(result) == OutputFormat.text.render(result))
  }

  @Test(arguments: RendererFixtures.names)
  func theJSONReportIsItsOwnValueSerializedWithSortedKeys(name: String) throws {
    // The report writer emits keys in the order it lists them; read back and written again as a
    // value (keys sorted), the text must not change.
    var report = RendererFixtures.report(name)
    report.gates[0].docs = "https://docs.example.com/gates"
    report.gates[0].disabledReason = "replaced by a pack gate"
    report.gates[0].workstream = "payments"
    var finding = Finding(
      .fail, "measured", evidence: EvidenceLocation(file: "a.xml", line: 3, column: 9),
      measured: ["tests": 4, "ratio": 0.5, "names": ["a", "b"], "none": .null],
      expected: ["min_tests": 5, "strict": true])
    finding.kind = "junit"
    report.gates[0].findings.append(finding)
    let text = JSONRenderer.render(report)
    #expect(text == (try renderedJSON(report)).serialized() + "\n")
    var pieces: [[UInt8]] = []
    OutputFormat.json.write(report) { pieces.append($0) }
    #expect(String(decoding: Array(pieces.joined()), as: UTF8.self) == text)
  }

  @Test(
    .enabled(if: Samples.present, "the samples are not in this checkout"),
    arguments: Samples.names)
  func aSampleJSONReportIsItsOwnValueSerializedWithSortedKeys(name: String) throws {
    // The program sample has workstreams and rollout forecasts as well.
    let report = Samples.report(name)
    // Foundation's JSON reader may miss a double's last digit: compare to 12 decimals.
    func rounded(_ text: String) -> String {
      text.replacingOccurrences(
        of: #"(\.[0-9]{12})[0-9]+"#, with: "$1", options: .regularExpression)
    }
    let text = JSONRenderer.render(report)
    #expect(rounded(text) == rounded((try renderedJSON(report)).serialized() + "\n"))
  }

  @Test func textRendererNeutralisesTerminalEscapes() {
    #expect(TextRenderer.clean("ok\u{1B}[2Jgone\nnext") == "ok\\u{1b}[2Jgone next")
  }

  @Test func jsonEscapesControlCharacters() {
    #expect(JSONValue.string("a\"b\\c\n\u{1}").serialized() == "\"a\\\"b\\\\c\\n\\u0001\"")
    #expect(JSONValue.string("x\u{2028}y\u{2029}—é😀").serialized() == "\"x\\u2028y\\u2029—é😀\"")
    #expect(
      JSONValue.object(["b": [1, 2.5], "a": .null]).serialized(pretty: false)
        == "{\"a\":null,\"b\":[1,2.5]}")
  }
}

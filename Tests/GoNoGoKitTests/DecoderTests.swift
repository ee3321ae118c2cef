import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

@Suite struct DecoderTests {
  static let valid = """
    version: 1
    program: checkout-v2
    release: "2.10"
    owners:
      team-sre: "#sre-oncall"
      team-api: api@example.com
    gates:
      - id: sre.runbook
        title: Runbook covers rollback
        owner: team-sre
        severity: blocker
        category: sre
        check:
          kind: markdown
          file: docs/runbook.md
          sections: [Rollback, Escalation]
          no_placeholders: true
        remediation: Add the missing sections
      - id: api.contract
        title: API contract published
        owner: team-api
        severity: major
        checks:
          - kind: file
            file: api/openapi.yaml
          - kind: file
            files: [api/*.json]
            max_age: 30d
    disable:
      - id: api.contract
        reason: no API change in this release
    waivers:
      - gate: sre.runbook
        reason: escalation section lands Monday
        approved_by: VP Engineering
        expires: 2026-12-15
    """

  @Test func aValidChecklistDecodesWithEveryField() throws {
    let (checklist, diagnostics) = try decodeChecklist(Self.valid)
    #expect(diagnostics.isEmpty)
    let list = try #require(checklist)
    #expect(list.program == "checkout-v2")
    #expect(list.release == "2.10")
    #expect(list.owners.map(\.id) == ["team-sre", "team-api"])
    #expect(list.gates.map(\.id) == ["sre.runbook", "api.contract"])
    #expect(list.gates[0].severity == .blocker)
    #expect(list.gates[0].category == .sre)
    #expect(list.gates[0].location == .checklist(8, 5))
    #expect(list.gates[1].checks.count == 2)
    #expect(list.gates[1].checks[1].evidence.patterns.map(\.value) == ["api/*.json"])
    #expect(
      list.disabled == [
        DisabledGate(
          id: "api.contract", reason: "no API change in this release", location: .checklist(30, 5))
      ])
    let waiver = try #require(list.waivers.first)
    #expect(waiver.approvedBy == "VP Engineering")
    #expect(waiver.expires?.text == "2026-12-15")
    #expect(waiver.expires?.isDay == true)
  }

  @Test func aMisspeltKeySuggestsTheRightOne() throws {
    let text = Self.valid.replacingOccurrences(
      of: "    severity: blocker", with: "    severty: blocker")
    let (checklist, diagnostics) = try decodeChecklist(text)
    #expect(checklist == nil)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location == .checklist(11, 5))
    #expect(
      diagnostics.first?.message
        == "unknown key 'severty' in gate 'sre.runbook'; did you mean 'severity'?")
  }

  @Test func everyProblemOfAFileIsReportedInOneRun() throws {
    let text = """
      version: 1
      program: x
      release: 1
      gates:
        - id: a
          title: A
          owner: me
          severity: critical
          check: {kind: fiel, file: a.txt}
        - id: a
          title: A again
          owner: me
          severity: minor
          check: {kind: file, file: ../outside.txt}
        - id: c
          title: C
          owner: me
          severity: minor
          check: {kind: markdown, file: c.md, no_placeholders: yes}
      waivers:
        - gate: b
          reason: none
      """
    let (checklist, diagnostics) = try decodeChecklist(text)
    #expect(checklist == nil)
    let lines = diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    #expect(
      lines == [
        "8:15 'severity' in gate 'a' must be one of blocker, major, minor, not 'critical'",
        "9:19 unknown check kind 'fiel'; did you mean 'file'?",
        "10:5 duplicate gate id 'a'; it is already used at line 5, column 5",
        "19:58 'no_placeholders' in the markdown check of gate 'c' must be true or false, not a string ('yes' is a string in YAML 1.2)",
        "21:11 no gate has the id 'b'; did you mean 'a'?",
      ])
  }

  @Test func aGateWithoutACheckSaysWhatToAdd() throws {
    let (_, diagnostics) = try decodeChecklist(
      "version: 1\nprogram: x\nrelease: 1\ngates:\n  - id: a\n    title: A\n    owner: me\n    severity: minor\n"
    )
    #expect(diagnostics.map(\.message) == ["gate 'a' has no 'check'"])
    #expect(diagnostics.first?.hint?.contains("file, markdown") == true)
  }

  @Test func ownersMustBeDeclaredWhenOwnersAreListed() throws {
    let text = Self.valid.replacingOccurrences(of: "owner: team-api\n", with: "owner: team-apj\n")
    let (_, diagnostics) = try decodeChecklist(text)
    #expect(
      diagnostics.map(\.message) == [
        "owner 'team-apj' is not declared under 'owners'; did you mean 'team-api'?"
      ])
  }

  @Test func checkParametersAreTyped() throws {
    let text = """
      version: 1
      program: x
      release: 1
      gates:
        - id: a
          title: A
          owner: me
          severity: minor
          check: {kind: markdown, file: a.md, max_age: 3 months, min_words: many, sections: [A]}
      """
    let (_, diagnostics) = try decodeChecklist(text)
    #expect(
      diagnostics.map(\.message) == [
        "'max_age' in the markdown check of gate 'a' must be a duration such as 15m, 2h or 90d, not '3 months'",
        "'min_words' in the markdown check of gate 'a' must be an integer, not a string",
      ])
  }

  @Test func valuesParse() {
    #expect(Timespan(parsing: "15m")?.seconds == 900)
    #expect(Timespan(parsing: "2h")?.seconds == 7200)
    #expect(Timespan(parsing: "90d")?.seconds == 7_776_000)
    #expect(Timespan(parsing: "1h30m")?.seconds == 5400)
    #expect(Timespan(parsing: "90") == nil)
    #expect(Timespan(parsing: "d") == nil)
    #expect(DateValue(parsing: "2026-12-15")?.start == Date(timeIntervalSince1970: 1_797_292_800))
    #expect(DateValue(parsing: "2026-02-30") == nil)
    #expect(DateValue(parsing: "2026-12-01T09:00:00Z")?.start == releaseDay)
    #expect(DateValue(parsing: "2026-12-01T10:00:00+01:00")?.start == releaseDay)
    #expect(DateValue(parsing: "2026-12-01T09:00:00") == nil)
    #expect(Percentage.format(0.999) == "99.9%")
    #expect(Percentage.format(0.8) == "80%")
  }

  @Test func aHundredthIsTheDecimalQuotientWhateverTheDigits() {
    var samples = [
      "0", "00", "0.5", ".5", "5.", "1", "12.5", "99.9", "99.99", "99.995", "100", "007.25",
      "1e1", "2.5E-1", "33.333333333333333333",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      let whole = Int.random(in: 0...100, using: &generator)
      let places = Int.random(in: 0...6, using: &generator)
      let fraction = (0..<places).map { _ in String(Int.random(in: 0...9, using: &generator)) }
      samples.append(places == 0 ? "\(whole)" : "\(whole)." + fraction.joined())
    }
    for digits in samples {
      let expected = Decimal(string: digits).flatMap { Double("\($0 / 100)") }
      #expect(Fields.hundredth(of: digits) == expected, "\(digits)")
    }
  }

  @Test func percentagesAcceptPercentOrFraction() throws {
    let node = try Loader().load("a: 99.9%\nb: 0.8\nc: 80\nd: 120%\n", file: "p.yaml")
    let sink = DiagnosticSink()
    let fields = try #require(
      Fields(node, context: "test", known: ["a", "b", "c", "d"], sink: sink))
    #expect(fields.percentage("a")?.fraction == 0.999)
    let exact = try Loader().load("x: 99.5%\n", file: "p.yaml")
    #expect(
      Fields(exact, context: "t", known: ["x"], sink: sink)?.percentage("x")?.fraction == 0.995)
    #expect(fields.percentage("b")?.fraction == 0.8)
    #expect(fields.percentage("c") == nil)
    #expect(fields.percentage("d") == nil)
    #expect(sink.diagnostics.map(\.location.line) == [3, 4])
  }

  @Test func waiversWithoutApproverOrExpiryAreWarnedAbout() throws {
    let text = Self.valid.replacingOccurrences(
      of: "\n    approved_by: VP Engineering\n    expires: 2026-12-15", with: "")
    let (checklist, diagnostics) = try decodeChecklist(text)
    #expect(checklist != nil)
    #expect(
      diagnostics.map(\.message) == [
        "the waiver for 'sre.runbook' has no 'approved_by'; it will not waive the gate",
        "the waiver for 'sre.runbook' has no 'expires'; it will not waive the gate",
      ])
    #expect(diagnostics.allSatisfy { $0.severity == .warning })
  }

  @Test func suggestionsPickTheClosestName() {
    #expect(Suggestion.closest(to: "severty", in: ChecklistDecoder.gateKeys) == "severity")
    #expect(Suggestion.closest(to: "titel", in: ChecklistDecoder.gateKeys) == "title")
    #expect(Suggestion.closest(to: "zzzzzz", in: ChecklistDecoder.gateKeys) == nil)
  }
}

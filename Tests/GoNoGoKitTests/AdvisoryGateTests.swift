import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// `advisory_until`: decoding (gates and pack entries), the day the gate becomes enforced,
/// `--enforce-advisory`, waivers of advisory gates and `validate`'s warnings.
@Suite struct AdvisoryGateTests {
  func instant(_ text: String) throws -> Date { try #require(DateValue(parsing: text)).start }

  func day(_ text: String) throws -> DateValue { try #require(DateValue(parsing: text)) }

  /// A checklist of one blocker gate on `empty.md` (an empty file: the gate fails), advisory
  /// until `until`.
  func emptyFileChecklist(until: String) -> String {
    """
    version: 1
    program: storefront
    release: 5.1.0
    gates:
      - id: quality.contract
        title: Contract tests pass
        owner: team-api
        severity: blocker
        advisory_until: \(until)
        check:
          kind: file
          file: empty.md
    """
  }

  func evaluate(_ root: TempRoot, now: Date, enforce: Bool = false) -> Report {
    let definitions = Definitions.load(paths: [
      root.url.appendingPathComponent("readiness.yaml").path
    ])
    #expect(!definitions.hasErrors, "\(definitions.diagnostics)")
    return Evaluation.run(definitions, root: nil, now: now, enforceAdvisory: enforce)
  }

  @Test func aGateDecodesItsAdvisoryDayWithItsLocation() throws {
    let (checklist, diagnostics) = try decodeChecklist(emptyFileChecklist(until: "2026-12-05"))
    #expect(diagnostics.isEmpty)
    let gate = try #require(checklist?.gates.first)
    #expect(gate.advisoryUntil == Located(try day("2026-12-05"), at: .checklist(9, 21)))
  }

  @Test(arguments: [
    (
      "2026-02-30",
      "readiness.yaml:9:21: error: 'advisory_until' in gate 'quality.contract' is '2026-02-30', "
        + "which does not exist: February 2026 has 28 days"
    ),
    (
      "2026-12-05T00:00:00Z",
      "readiness.yaml:9:21: error: 'advisory_until' in gate 'quality.contract' is "
        + "'2026-12-05T00:00:00Z', a date-time; it takes a day (YYYY-MM-DD)"
    ),
    (
      "next week",
      "readiness.yaml:9:21: error: 'advisory_until' in gate 'quality.contract' must be a date "
        + "(YYYY-MM-DD), not 'next week'"
    ),
    (
      "[2026-12-05]",
      "readiness.yaml:9:21: error: 'advisory_until' in gate 'quality.contract' must be a date "
        + "(YYYY-MM-DD), not a sequence"
    ),
  ])
  func anInvalidAdvisoryDayIsALocatedError(text: String, expected: String) throws {
    let (checklist, diagnostics) = try decodeChecklist(emptyFileChecklist(until: text))
    #expect(checklist == nil)
    #expect(diagnostics.map(\.description) == [expected])
    #expect(
      diagnostics.first?.hint
        == "write a day, e.g. advisory_until: 2026-12-15 (the gate is enforced from that day)")
  }

  @Test func theGateIsAdvisoryUntilTheDayBeforeAndEnforcedOnTheDay() throws {
    let root = try TempRoot([
      "readiness.yaml": emptyFileChecklist(until: "2026-12-02"), "empty.md": "",
    ])
    let before = evaluate(root, now: try instant("2026-12-01T23:59:59Z"))
    #expect(before.verdict == .go)
    #expect(before.gates.map(\.status) == [.advisory])
    #expect(before.gates.first?.wouldBe == .fail)
    #expect(before.gates.first?.evaluated == .fail)
    #expect(before.gates.first?.advisoryUntil == "2026-12-02")
    #expect(before.summary[.advisory] == 1)
    #expect(before.verdict.exitCode(failOnConditional: true) == 0)
    #expect(
      AdvisorySummary(before).headline
        == "1 advisory gate would fail; 1 becomes enforced in 1 day (2026-12-02)")

    let onTheDay = evaluate(root, now: try instant("2026-12-02T00:00:00Z"))
    #expect(onTheDay.verdict == .noGo)
    #expect(onTheDay.gates.map(\.status) == [.fail])
    #expect(onTheDay.gates.first?.wouldBe == nil)
    #expect(onTheDay.gates.first?.advisoryUntil == nil)
    #expect(onTheDay.summary[.advisory] == 0)
    #expect(AdvisorySummary(onTheDay).headline == nil)
  }

  @Test func enforcingAdvisoryGatesShowsTheFutureVerdict() throws {
    let root = try TempRoot([
      "readiness.yaml": emptyFileChecklist(until: "2026-12-05"), "empty.md": "",
    ])
    let report = evaluate(root, now: releaseDay, enforce: true)
    #expect(report.verdict == .noGo)
    #expect(report.verdict.exitCode(failOnConditional: false) == 1)
    let gate = try #require(report.gates.first)
    #expect(gate.status == .fail)
    #expect(gate.wouldBe == nil)
    #expect(gate.advisoryUntil == "2026-12-05")
    #expect(
      AdvisorySummary(report).headline == "1 advisory gate enforced early by --enforce-advisory")
    guard case .object(let json) = try renderedJSON(report),
      case .array(let gates)? = json["gates"], case .object(let first)? = gates.first
    else {
      Issue.record("the JSON report has no gate")
      return
    }
    #expect(first["status"] == "fail")
    #expect(first["advisory_until"] == "2026-12-05")
    #expect(first["would_be"] == nil)
  }

  @Test func anAdvisoryGateNeedsNoWaiverAndItsWaiverIsNotInUse() throws {
    let text =
      emptyFileChecklist(until: "2026-12-05") + """

        waivers:
          - gate: quality.contract
            reason: Provider sandbox is down
            approved_by: Dana Kim
            expires: 2026-12-15
        """
    let root = try TempRoot(["readiness.yaml": text, "empty.md": ""])
    let report = evaluate(root, now: releaseDay)
    #expect(report.verdict == .go)
    #expect(report.gates.map(\.status) == [.advisory])
    #expect(report.waivers.map(\.state) == [.unused])
    #expect(
      TextRenderer.render(report, color: false).contains(
        "  quality.contract  not needed: the gate is advisory · approved by Dana Kim · "
          + "expires 2026-12-15\n"))
    let enforced = evaluate(root, now: releaseDay, enforce: true)
    #expect(enforced.verdict == .conditionalGo)
    #expect(enforced.gates.map(\.status) == [.waived])
    #expect(enforced.waivers.map(\.state) == [.active])
  }

  @Test func aDisabledAdvisoryGateIsDisabled() throws {
    let text =
      emptyFileChecklist(until: "2026-12-05") + """

        disable:
          - id: quality.contract
            reason: No API change in this release
        """
    let root = try TempRoot(["readiness.yaml": text, "empty.md": ""])
    let report = evaluate(root, now: releaseDay)
    #expect(report.gates.map(\.status) == [.disabled])
    #expect(report.gates.first?.advisoryUntil == nil)
    #expect(AdvisorySummary(report).isEmpty)
  }

  static let pack = """
    pack: payments
    title: Payments readiness
    inputs:
      owner: {description: Who answers for the gates, default: team-pay}
    gates:
      - id: pay.runbook
        title: Runbook exists
        owner: ${{ inputs.owner }}
        severity: blocker
        check: {kind: file, file: runbook.md}
      - id: pay.reconciliation
        title: Reconciliation report exists
        owner: ${{ inputs.owner }}
        severity: major
        advisory_until: 2027-01-15
        check: {kind: file, file: reconciliation.md}
      - id: pay.ledger
        title: Ledger export is not empty
        owner: ${{ inputs.owner }}
        severity: blocker
        advisory_until: 2026-12-03
        check: {kind: file, file: ledger.csv}
    """

  static let packChecklist = """
    version: 1
    program: payments
    release: 2.0.0
    extends:
      - pack: payments.yaml
        advisory_until: 2026-12-10
    """

  @Test func aPackEntryMakesEveryGateOfThePackAdvisoryUnlessAGateHasALaterDay() throws {
    let root = try TempRoot([
      "readiness.yaml": Self.packChecklist, "payments.yaml": Self.pack,
      "runbook.md": "Rollback: redeploy 1.9\n", "ledger.csv": "",
    ])
    let file = root.url.appendingPathComponent("readiness.yaml").path
    let packFile = root.url.appendingPathComponent("payments.yaml").path
    let sink = DiagnosticSink()
    let checklist = try #require(Definitions.loadChecklist(file, limits: .default, sink: sink))
    #expect(sink.diagnostics.isEmpty)
    #expect(
      checklist.gates.map { "\($0.id) \($0.advisoryUntil?.value.text ?? "-")" } == [
        "pay.runbook 2026-12-10", "pay.reconciliation 2027-01-15", "pay.ledger 2026-12-10",
      ])
    // The entry's day points at the entry in the checklist; a gate's own day into the pack.
    #expect(
      checklist.gates.map { $0.advisoryUntil?.location.description } == [
        "\(file):6:21", "\(packFile):15:21", "\(file):6:21",
      ])

    let report = evaluate(root, now: releaseDay)
    #expect(report.verdict == .go)
    #expect(report.gates.map(\.status) == [.advisory, .advisory, .advisory])
    #expect(report.gates.map(\.wouldBe) == [.pass, .error, .fail])
    #expect(
      AdvisorySummary(report).headline
        == "2 of 3 advisory gates would fail; 1 becomes enforced in 9 days (2026-12-10)")

    let enforced = evaluate(root, now: releaseDay, enforce: true)
    #expect(enforced.verdict == .noGo)
    #expect(enforced.gates.map(\.status) == [.pass, .error, .fail])
  }

  @Test func anInvalidDayOnAPackEntryIsReportedOnceAtTheEntry() throws {
    let root = try TempRoot([
      "readiness.yaml": Self.packChecklist.replacingOccurrences(
        of: "2026-12-10", with: "2026-13-10"),
      "payments.yaml": Self.pack,
    ])
    let file = root.url.appendingPathComponent("readiness.yaml").path
    let sink = DiagnosticSink()
    #expect(Definitions.loadChecklist(file, limits: .default, sink: sink) == nil)
    #expect(
      sink.diagnostics.map(\.description) == [
        "\(file):6:21: error: 'advisory_until' in an 'extends' entry is '2026-13-10', which does "
          + "not exist: there is no month 13; months run from 01 to 12"
      ])
  }

  @Test func validateWarnsAboutDaysThatAreNotAheadOrTooFarAhead() throws {
    func gate(_ id: String, _ until: String) -> String {
      """
        - id: \(id)
          title: \(id)
          owner: team-api
          severity: major
          advisory_until: \(until)
          check: {kind: file, file: notes.md}

      """
    }
    let text =
      "version: 1\nprogram: storefront\nrelease: 5.1.0\ngates:\n"
      + gate("g.today", "2026-12-01") + gate("g.past", "2026-11-30")
      + gate("g.tomorrow", "2026-12-02") + gate("g.day180", "2027-05-30")
      + gate("g.day181", "2027-05-31")
    let root = try TempRoot(["readiness.yaml": text])
    let file = root.url.appendingPathComponent("readiness.yaml").path
    let definitions = Definitions.load(paths: [file])
    #expect(definitions.diagnostics.isEmpty)
    let warnings = Advisory.warnings(definitions, now: releaseDay)
    #expect(
      warnings.map(\.description) == [
        "\(file):9:21: warning: advisory_until 2026-12-01 is not after today (2026-12-01, UTC), "
          + "so it makes nothing advisory: gate 'g.today' is enforced",
        "\(file):15:21: warning: advisory_until 2026-11-30 is not after today (2026-12-01, UTC), "
          + "so it makes nothing advisory: gate 'g.past' is enforced",
        "\(file):33:21: warning: advisory_until 2027-05-31 is 181 days ahead; an advisory period "
          + "lasts at most 180 days (until 2027-05-30)",
      ])
    #expect(
      warnings.map(\.hint) == [
        "remove advisory_until, or set a later day if the dry run must go on",
        "remove advisory_until, or set a later day if the dry run must go on",
        "set a day within 180 days: a dry run that long is forgotten, not acted on",
      ])
  }

  @Test func validateWarnsOnceAboutAPackEntryWhoseDayHasCome() throws {
    let root = try TempRoot(["readiness.yaml": Self.packChecklist, "payments.yaml": Self.pack])
    let file = root.url.appendingPathComponent("readiness.yaml").path
    let definitions = Definitions.load(paths: [file])
    #expect(definitions.diagnostics.isEmpty)
    #expect(Advisory.warnings(definitions, now: releaseDay).isEmpty)
    #expect(
      Advisory.warnings(definitions, now: try instant("2026-12-10T00:00:00Z")).map(\.description)
        == [
          "\(file):6:21: warning: advisory_until 2026-12-10 is not after today (2026-12-10, UTC), "
            + "so it makes nothing advisory: the pack's gates are enforced"
        ])
  }

  @Test func theReadmeExampleIsAValidChecklist() throws {
    let readme = try String(
      contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try #require(readme.range(of: "### Advisory gates (a dry run for new gates)"))
    let rest = readme[section.upperBound...]
    let open = try #require(rest.range(of: "```yaml\n"))
    let close = try #require(rest[open.upperBound...].range(of: "```"))
    let example = String(rest[open.upperBound..<close.lowerBound])
    let (checklist, diagnostics) = try decodeChecklist(
      "version: 1\nprogram: storefront\nrelease: 5.1.0\n" + example)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let gates = try #require(checklist?.gates)
    #expect(gates.last?.advisoryUntil?.value.text == "2026-12-15")
    #expect(gates.dropLast().allSatisfy { $0.advisoryUntil?.value.text == "2027-01-15" })
    #expect(gates.count > 1)
  }

  @Test func theHeadlineCountsTheGatesThatWouldFailAndTheFirstToBeEnforced() {
    func report(_ gates: [(GateStatus, String)]) -> Report {
      let results = gates.enumerated().map { index, item in
        var gate = GateResult(
          id: "g.\(index)", title: "Gate \(index)", owner: "team-api", severity: .blocker,
          category: nil, status: .advisory, evaluated: item.0 == .pass ? .pass : .fail,
          location: .checklist(5 + index, 5), evidence: [], findings: [], remediation: nil,
          docs: nil, disabledReason: nil)
        gate.wouldBe = item.0
        gate.advisoryUntil = item.1
        return gate
      }
      return Report(
        verdict: .go, now: releaseDay, program: "storefront", release: "5.1.0", sources: [],
        gates: results, waivers: [], diagnostics: [])
    }
    #expect(
      AdvisorySummary(report([(.pass, "2026-12-03"), (.pass, "2026-12-09")])).headline
        == "2 advisory gates, none would fail")
    #expect(
      AdvisorySummary(
        report([(.fail, "2026-12-09"), (.error, "2026-12-05"), (.fail, "2026-12-05")])
      ).headline == "3 advisory gates would fail; 2 become enforced in 4 days (2026-12-05)")
    // A gate that would pass does not count towards the next enforcement, even if it is first.
    #expect(
      AdvisorySummary(report([(.pass, "2026-12-02"), (.fail, "2026-12-31")])).headline
        == "1 of 2 advisory gates would fail; 1 becomes enforced in 30 days (2026-12-31)")
  }

  @Test func daysUntilCountsUTCDays() throws {
    let until = try day("2026-12-05")
    #expect(Advisory.daysUntil(until, now: try instant("2026-12-01T00:00:00Z")) == 4)
    #expect(Advisory.daysUntil(until, now: try instant("2026-12-04T23:59:59Z")) == 1)
    #expect(Advisory.daysUntil(until, now: try instant("2026-12-05T00:00:00Z")) == 0)
    // An offset is an instant: 2026-12-05T01:00+02:00 is still 4 December in UTC.
    #expect(Advisory.daysUntil(until, now: try instant("2026-12-05T01:00:00+02:00")) == 1)
    #expect(Advisory.isAdvisory(until: until, now: try instant("2026-12-05T01:00:00+02:00")))
    #expect(!Advisory.isAdvisory(until: until, now: try instant("2026-12-05T00:00:00Z")))
  }
}

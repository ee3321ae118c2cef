import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A day or time that is not on the calendar is refused where it is written; it never rolls
/// over into the next month, day or hour.
@Suite struct ImpossibleDateTests {
  @Test(arguments: [
    ("2026-02-30", "February 2026 has 28 days"),
    ("2025-02-29", "February 2025 has 28 days"),
    ("2026-04-31", "April has 30 days"),
    ("2026-13-01", "there is no month 13; months run from 01 to 12"),
    ("2026-00-10", "there is no month 0; months run from 01 to 12"),
    ("0000-01-01", "there is no year 0000; years run from 0001 to 9999"),
    ("2026-02-30T09:00:00Z", "February 2026 has 28 days"),
    ("2026-12-01T24:00:00Z", "hours run from 00 to 23"),
    ("2026-12-01T25:00:00Z", "hours run from 00 to 23"),
    ("2026-12-01T09:60:00Z", "minutes run from 00 to 59"),
    ("2026-12-01T09:00:61Z", "seconds run from 00 to 59"),
    (
      "2026-12-31T23:59:60Z",
      "seconds run from 00 to 59, and a leap second (:60) cannot be placed; write :59"
    ),
    ("2026-12-01T09:00:00+18:00", "offsets from UTC run from -14:00 to +14:00 (minutes 00 to 59)"),
    ("2026-12-01T09:00:00-14:30", "offsets from UTC run from -14:00 to +14:00 (minutes 00 to 59)"),
    ("2026-12-01T09:00:00+05:60", "offsets from UTC run from -14:00 to +14:00 (minutes 00 to 59)"),
  ])
  func impossibleDatesAreRefusedWithTheReason(text: String, reason: String) {
    #expect(DateValue.parse(text) == .failure(.impossible(reason)))
    #expect(DateValue(parsing: text) == nil)
  }

  @Test func realDatesAtTheEdgesOfTheCalendarAreRead() throws {
    let leap = try #require(DateValue(parsing: "2024-02-29"))
    #expect(leap.isDay)
    #expect(DateValue.iso8601(leap.start) == "2024-02-29T00:00:00Z")
    let kiribati = try #require(DateValue(parsing: "2026-12-01T09:00:00+14:00"))
    #expect(DateValue.iso8601(kiribati.start) == "2026-11-30T19:00:00Z")
    let fraction = try #require(DateValue(parsing: "2026-12-01T09:00:00.250-05:00"))
    #expect(fraction.start.timeIntervalSince1970 == 1_796_133_600.25)
    #expect(DateValue(parsing: "2000-02-29T23:59:59Z") != nil)
    #expect(DateValue.parse("2026-12-01T09:00:00") == .failure(.malformed))
    #expect(DateValue.parse("yesterday") == .failure(.malformed))
  }

  @Test func aWaiverThatExpiresOnADayThatDoesNotExistIsADefinitionError() throws {
    let (_, diagnostics) = try decodeChecklist(
      """
      version: 1
      program: checkout
      release: 2.4.0
      gates:
        - id: quality.tests
          title: Tests pass
          owner: team-api
          severity: blocker
          category: quality
          check: {kind: file, file: a.txt}
      waivers:
        - gate: quality.tests
          reason: flaky sandbox
          approved_by: VP Engineering
          expires: 2026-02-30
      """)
    #expect(
      diagnostics.map(\.description) == [
        "readiness.yaml:15:14: error: 'expires' in a waiver is "
          + "'2026-02-30', which does not exist: February 2026 has 28 days"
      ])
  }

  @Test func aPlanStartOnTheThirtiethOfFebruaryIsADefinitionError() throws {
    let (plan, diagnostics) = try decodePlan(
      basePlan.replacingLine(3, with: "start: 2026-02-30T09:00:00-05:00"))
    #expect(plan == nil)
    #expect(
      diagnostics.map(\.description) == [
        "rollout.yaml:3:8: error: 'start' in the rollout plan is '2026-02-30T09:00:00-05:00', "
          + "which does not exist: February 2026 has 28 days"
      ])
  }

  @Test func completeByFreezesAndRehearsalsAreCheckedLikeTheStart() throws {
    let yaml = basePlan.replacingLine(6, with: "complete_by: 2026-04-31")
      .replacingLine(14, with: "    to: 2027-01-32")
      .replacingLine(36, with: "  rehearsed: 2026-11-20T24:00:00Z")
    let (_, diagnostics) = try decodePlan(yaml)
    #expect(
      diagnostics.map(\.description) == [
        "rollout.yaml:6:14: error: 'complete_by' in the rollout plan is '2026-04-31', which does "
          + "not exist: April has 30 days",
        "rollout.yaml:14:9: error: 'to' in freeze 'holiday' is '2027-01-32', which does not "
          + "exist: January has 31 days",
        "rollout.yaml:36:14: error: 'rehearsed' in the rollback plan is "
          + "'2026-11-20T24:00:00Z', which does not exist: hours run from 00 to 23",
      ])
  }

  @Test func aCommsTimeOnADayThatDoesNotExistIsADefinitionError() throws {
    let (_, diagnostics) = try decodePlan(
      basePlan.replacingLine(52, with: "    when: 2026-11-31T09:00:00Z"))
    #expect(
      diagnostics.map(\.description) == [
        "rollout.yaml:52:11: error: 'when' in a comms entry is '2026-11-31T09:00:00Z', "
          + "which does not exist: November has 30 days"
      ])
  }

  @Test func aJUnitTimestampThatDoesNotExistIsAnErrorNotAnAge() throws {
    let file =
      "<testsuite name=\"a\" timestamp=\"2026-02-30T09:00:00\"><testcase name=\"t\"/></testsuite>"
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 7d", files: ["junit.xml": file],
      now: try #require(DateValue(parsing: "2026-03-03T09:00:00Z")).start)
    #expect(findings.map(\.status) == [.pass, .error])
    #expect(
      findings.last?.message
        == "junit.xml has a suite timestamp '2026-02-30T09:00:00' that does not exist: "
        + "February 2026 has 28 days")
  }

  @Test func aLastReviewedDateThatDoesNotExistIsAnError() throws {
    let findings = try evaluate(
      "kind: markdown\nfile: a.md\nmax_age: 30d",
      files: ["a.md": "---\nlast_reviewed: 2026-11-31\n---\n# A\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.evidence == EvidenceLocation(file: "a.md", line: 2, column: 16))
  }

  @Test func anSBOMTimestampThatDoesNotExistIsAnError() throws {
    let bom = #"""
      {"bomFormat": "CycloneDX", "specVersion": "1.5",
       "metadata": {"timestamp": "2026-11-31T10:00:00Z"}, "components": []}
      """#
    let findings = try evaluate(
      "kind: sbom\nfile: bom.json\nmax_age: 30d", files: ["bom.json": bom])
    #expect(findings.map(\.status).contains(.error))
    #expect(
      findings.contains {
        $0.message
          == "bom.json has metadata.timestamp '2026-11-31T10:00:00Z', which does not exist: "
          + "November has 30 days"
      })
  }
}

/// Durations and offsets are bounded: a bake of a billion days or an offset of a hundred
/// trillion days is a located error, never an overflow or a schedule in another millennium.
@Suite struct DurationCapTests {
  @Test func durationsLongerThanTenYearsAreRefused() {
    #expect(Timespan.parse("3650d") == .success(Timespan(seconds: 3650 * 86_400, text: "3650d")))
    #expect(Timespan.parse("3651d") == .failure(.tooLong))
    #expect(Timespan.parse("1000000000d") == .failure(.tooLong))
    #expect(Timespan.parse("99999999999999999999999d") == .failure(.tooLong))
    #expect(Timespan.parse("3649d48h") == .failure(.tooLong))
    #expect(Timespan.parse("2w3d") == .success(Timespan(seconds: 17 * 86_400, text: "2w3d")))
    #expect(Timespan.parse("d") == .failure(.malformed))
  }

  @Test func aBillionDayBakeIsADefinitionError() throws {
    let (_, diagnostics) = try decodePlan(basePlan.replacingLine(18, with: "    bake: 1000000000d"))
    #expect(
      diagnostics.map(\.description) == [
        "rollout.yaml:18:11: error: 'bake' in phase 'canary' is '1000000000d', longer than 3650 "
          + "days, the longest duration gonogo accepts"
      ])
  }

  @Test func aCommsOffsetBeyondTenYearsIsADefinitionError() throws {
    let (_, diagnostics) = try decodePlan(
      basePlan.replacingLine(52, with: "    when: T-99999999999999d"))
    #expect(
      diagnostics.map(\.description) == [
        "rollout.yaml:52:11: error: 'when' in a comms entry is 'T-99999999999999d', "
          + "further from the start than 3650 days, the furthest offset gonogo accepts"
      ])
  }

  @Test func aMaxAgeBeyondTenYearsIsADefinitionError() throws {
    let node = try Loader().load(
      "kind: file\nfile: a.txt\nmax_age: 99999999999d\n", file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'test'", sink: sink)
    #expect(
      sink.diagnostics.map(\.description) == [
        "check.yaml:3:10: error: 'max_age' in the file check of gate 'test' is '99999999999d', "
          + "longer than 3650 days, the longest duration gonogo accepts"
      ])
  }
}

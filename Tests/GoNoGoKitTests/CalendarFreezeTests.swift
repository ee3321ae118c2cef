import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Freezes from iCalendar files and recurrence rules (read and expanded by libical) move the
/// forecast exactly as fixed freezes do, in the plan's zone, across DST changes.
@Suite struct CalendarFreezeTests {
  static let fixtures: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
    .appendingPathComponent("calendar")

  /// Loads a plan file, returning the plan and the diagnostics.
  func load(_ path: String) -> (RolloutPlan?, [Diagnostic]) {
    let sink = DiagnosticSink()
    let plan = RolloutPlanLoader.load(path, sink: sink)
    return (plan, sink.diagnostics.sorted())
  }

  /// Loads a fixture's plan, which must be valid.
  func fixture(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> RolloutPlan
  {
    let directory = try #require(Self.fixtures, sourceLocation: sourceLocation)
    let (plan, diagnostics) = load(
      directory.appendingPathComponent(name).appendingPathComponent("rollout.yaml").path)
    #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
    return try #require(plan, sourceLocation: sourceLocation)
  }

  /// A plan and its files written to a temporary directory, loaded.
  func temporary(_ files: [String: String]) throws -> (RolloutPlan?, [Diagnostic], TempRoot) {
    let root = try TempRoot(files)
    let (plan, diagnostics) = load(root.url.appendingPathComponent("rollout.yaml").path)
    return (plan, diagnostics, root)
  }

  /// The freeze windows as `start end name` in UTC.
  func windows(_ plan: RolloutPlan) -> [String] {
    let utc = TimeZone(secondsFromGMT: 0) ?? .gmt
    return plan.freezes.map {
      "\(ScheduleRenderer.iso($0.from.date, in: utc)) \(ScheduleRenderer.iso($0.to.date, in: utc)) \($0.name)"
    }
  }

  /// A fixture file's text.
  func text(_ path: String) throws -> String {
    let directory = try #require(Self.fixtures)
    return try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func aWeeklyBerlinFreezeHoldsThePhaseUntilMondayAfterTheSpringDSTChange() throws {
    let plan = try fixture("berlin-weekly")
    let schedule = Schedule.forecast(plan)
    #expect(
      timeline(schedule) == [
        "canary 2026-03-26T09:00:00+01:00 bake-end 2026-03-27T15:00:00+01:00",
        "half 2026-03-30T08:00:00+02:00 bake-end 2026-03-31T08:00:00+02:00 "
          + "waited freeze:Weekend freeze",
        "full 2026-03-31T08:00:00+02:00 bake-end 2026-03-31T08:00:00+02:00",
      ])
    // Friday 15:00 CET to Monday 08:00 CEST: 64 hours, not 65.
    #expect(
      windows(plan).contains("2026-03-27T14:00:00Z 2026-03-30T06:00:00Z Weekend freeze"))
    #expect(windows(plan).contains("2026-03-20T14:00:00Z 2026-03-23T07:00:00Z Weekend freeze"))
    // 'match: FREEZE' leaves the offsite (CATEGORIES:SOCIAL) out.
    #expect(!plan.freezes.contains { $0.name == "Team offsite" })
    #expect(plan.freezes.first?.location.line == 22)
    #expect(plan.freezes.first?.location.file.hasSuffix("calendar/berlin-weekly/changes.ics") == true)
  }

  @Test func aWeeklyNewYorkFreezeUsesTheTzDatabaseAndAnEXDATELiftsOneWeekend() throws {
    let plan = try fixture("new-york-weekly")
    #expect(
      timeline(Schedule.forecast(plan)) == [
        "canary 2026-03-05T09:00:00-05:00 bake-end 2026-03-06T15:00:00-05:00",
        "early 2026-03-09T08:00:00-04:00 bake-end 2026-03-13T16:00:00-04:00 "
          + "waited freeze:changes: Weekend freeze",
        "full 2026-03-13T16:00:00-04:00 bake-end 2026-03-13T16:00:00-04:00",
      ])
    #expect(windows(plan).contains("2026-03-06T20:00:00Z 2026-03-09T12:00:00Z changes: Weekend freeze"))
    #expect(!windows(plan).contains { $0.hasPrefix("2026-03-13") })
    // The rule ends with 2026 (UNTIL); the horizon (from 31 days before the start) keeps the
    // 47 Fridays from 2026-02-06 to 2026-12-25, less the one the EXDATE lifts.
    #expect(plan.freezes.count == 46)
    #expect(windows(plan).last == "2026-12-25T20:00:00Z 2026-12-28T13:00:00Z changes: Weekend freeze")

    // Without the EXDATE, the full phase waits for the next Monday.
    let calendar = try text("new-york-weekly/changes.ics")
      .replacingOccurrences(of: "EXDATE;TZID=America/New_York:20260313T150000\r\n", with: "")
    let (unlifted, diagnostics, _) = try temporary([
      "rollout.yaml": try text("new-york-weekly/rollout.yaml"), "changes.ics": calendar,
    ])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let schedule = Schedule.forecast(try #require(unlifted))
    #expect(
      timeline(schedule).last
        == "full 2026-03-16T08:00:00-04:00 bake-end 2026-03-16T08:00:00-04:00 "
        + "waited freeze:changes: Weekend freeze")
  }

  @Test func anAllDayHolidayCoversTheWholeDayInTokyo() throws {
    let plan = try fixture("tokyo-holiday")
    #expect(
      timeline(Schedule.forecast(plan)) == [
        "canary 2026-11-02T10:00:00+09:00 bake-end 2026-11-03T10:00:00+09:00",
        "full 2026-11-04T00:00:00+09:00 bake-end 2026-11-04T00:00:00+09:00 "
          + "waited freeze:holidays: Culture Day",
      ])
    #expect(
      windows(plan) == [
        "2026-11-02T15:00:00Z 2026-11-03T15:00:00Z holidays: Culture Day",
        // No DTEND: an all-day event lasts its one day.
        "2026-11-22T15:00:00Z 2026-11-23T15:00:00Z holidays: Labour Thanksgiving Day",
      ])
  }

  @Test func aNeverEndingRuleIsExpandedOnlyOverTheHorizon() throws {
    let plan = try fixture("never-ending")
    // From 31 days before the start (2026-05-01T10:00Z) to 400 days after it
    // (2027-07-06T10:00Z): the windows 2026-05-02 02:00 to 2027-07-06 02:00, one a night.
    #expect(plan.freezes.count == 431)
    #expect(windows(plan).first == "2026-05-02T02:00:00Z 2026-05-02T03:00:00Z Nightly database maintenance")
    #expect(windows(plan).last == "2027-07-06T02:00:00Z 2027-07-06T03:00:00Z Nightly database maintenance")
    #expect(plan.freezeHorizon == (try instant("2027-07-06T10:00:00Z")))
    #expect(
      timeline(Schedule.forecast(plan)).last
        == "full 2026-06-02T03:00:00Z bake-end 2026-06-02T03:00:00Z "
        + "waited freeze:Nightly database maintenance")
  }

  @Test func aPhaseBeyondTheHorizonIsNotForecast() throws {
    let yaml = try text("never-ending/rollout.yaml").with("bake: 16h", "bake: 450d")
    let (plan, diagnostics, _) = try temporary([
      "rollout.yaml": yaml, "nightly.ics": try text("never-ending/nightly.ics"),
    ])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let schedule = Schedule.forecast(try #require(plan))
    #expect(schedule.phases.map(\.name) == ["canary"])
    #expect(schedule.unscheduled == ["full"])
    #expect(
      schedule.problem
        == "phase 'full' would start after Tue 2027-07-06 10:00, beyond the horizon the freeze "
        + "calendars are expanded over")
  }

  @Test func aRuleTooFrequentForTheBoundIsALocatedError() throws {
    let calendar = try text("never-ending/nightly.ics")
      .with("DTSTART:20200101T020000Z", "DTSTART:20000101T020000Z")
      .with("FREQ=DAILY", "FREQ=HOURLY")
      .with("DURATION:PT1H", "DURATION:PT30M")
    let (plan, diagnostics, _) = try temporary([
      "rollout.yaml": try text("never-ending/rollout.yaml"), "nightly.ics": calendar,
    ])
    #expect(plan == nil)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location.file.hasSuffix("/nightly.ics") == true)
    #expect(diagnostics.first?.location.line == 9)
    #expect(diagnostics.first?.location.column == 1)
    #expect(
      diagnostics.first?.message
        == "the RRULE of 'Nightly database maintenance' has more than 100000 occurrences "
        + "before the end of the horizon")
  }

  @Test func aMalformedCalendarIsAnErrorAtItsLine() throws {
    let directory = try #require(Self.fixtures)
    let (plan, diagnostics) = load(directory.appendingPathComponent("malformed/rollout.yaml").path)
    #expect(plan == nil)
    #expect(diagnostics.count == 1)
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.location.file.hasSuffix("calendar/malformed/broken.ics"))
    #expect(diagnostic.location.line == 7)
    #expect(diagnostic.location.column == 9)
    #expect(
      diagnostic.message
        == "malformed calendar: Can't parse as DATE-TIME value in DTSTART property. Removing "
        + "entire property: 2026XX01")
  }

  @Test func calendarProblemsAreLocated() throws {
    let plan = """
      service: x
      start: 2026-12-01T09:00:00Z
      timezone: UTC
      strategy: big-bang
      freeze:
        - calendar: ../outside.ics
        - calendar: missing.ics
        - calendar: zones.ics
        - calendar: empty.ics
      phases:
        - {name: all, traffic: 100%}
      """
    let zones = """
      BEGIN:VCALENDAR\r
      VERSION:2.0\r
      PRODID:-//t//t//EN\r
      BEGIN:VEVENT\r
      UID:a\r
      DTSTAMP:20260101T000000Z\r
      DTSTART;TZID=Mars/Olympus:20261201T090000\r
      DTEND;TZID=Mars/Olympus:20261201T100000\r
      END:VEVENT\r
      BEGIN:VEVENT\r
      UID:b\r
      DTSTAMP:20260101T000000Z\r
      DTSTART:20261202T090000Z\r
      SUMMARY:No end\r
      END:VEVENT\r
      END:VCALENDAR\r

      """
    let (decoded, diagnostics, _) = try temporary([
      "rollout.yaml": plan, "zones.ics": zones,
      "empty.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n",
    ])
    #expect(decoded == nil)
    let described = diagnostics.map {
      "\(($0.location.file as NSString).lastPathComponent):\($0.location.line):"
        + "\($0.location.column): \($0.message)"
    }
    #expect(
      described == [
        "empty.ics:1:1: the calendar has no VEVENT",
        "rollout.yaml:6:15: calendar path '../outside.ics': the path leaves the evidence root "
          + "through '..'",
        "rollout.yaml:7:15: calendar 'missing.ics': file not found: missing.ics",
        "zones.ics:7:9: TZID 'Mars/Olympus' is neither a VTIMEZONE of the calendar nor a zone "
          + "of the tz database",
        "zones.ics:10:1: the event 'No end' has neither DTEND nor DURATION, so the freeze has "
          + "no end",
      ])
  }

  @Test func aRecurringYAMLFreezeIsEvaluatedByLibicalInThePlansZone() throws {
    let plan = try fixture("friday-rule")
    #expect(
      timeline(Schedule.forecast(plan)) == [
        "canary 2026-03-26T09:00:00+01:00 bake-end 2026-03-27T15:00:00+01:00",
        "full 2026-03-30T08:00:00+02:00 bake-end 2026-03-30T08:00:00+02:00 "
          + "waited freeze:friday-afternoon",
      ])
    // Anchored four weeks before the start's day (Thursday 2026-02-26): the first Friday is
    // 2026-02-27, the last one before the horizon (2027-04-30T08:00Z) is 2027-04-23.
    #expect(windows(plan).first == "2026-02-27T14:00:00Z 2026-03-02T07:00:00Z friday-afternoon")
    #expect(windows(plan).last == "2027-04-23T13:00:00Z 2027-04-26T06:00:00Z friday-afternoon")
    #expect(plan.freezes.count == 61)

    let twoHours = try text("friday-rule/rollout.yaml").with("to: \"Mon 08:00\"", "duration: 2h")
    let (short, diagnostics, _) = try temporary(["rollout.yaml": twoHours])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    #expect(
      timeline(Schedule.forecast(try #require(short))).last
        == "full 2026-03-27T17:00:00+01:00 bake-end 2026-03-27T17:00:00+01:00 "
        + "waited freeze:friday-afternoon")
  }

  @Test func recurringFreezeMistakesAreLocated() throws {
    let yaml = """
      service: x
      start: 2026-12-01T09:00:00Z
      timezone: UTC
      strategy: big-bang
      freeze:
        - {name: a, rrule: "FREQ=SOMETIMES", from: "15:00", to: "Mon 08:00"}
        - {name: b, rrule: "FREQ=WEEKLY", from: "15:00", to: "Mon 08:00", duration: 2h}
        - {name: c, rrule: "FREQ=WEEKLY", from: "3pm", to: "Someday 08:00"}
        - {name: d, rrule: "FREQ=WEEKLY", from: "15:00", duration: 40d}
        - {name: e, calendar: x.ics, from: 2026-12-01, to: 2026-12-02}
      phases:
        - {name: all, traffic: 100%}
      """
    let (plan, diagnostics) = try decodePlan(yaml)
    #expect(plan == nil)
    #expect(
      diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
        "6:22 'rrule' in freeze 'a': 'FREQ=SOMETIMES' is not a recurrence rule libical reads",
        "7:79 freeze 'b' has both 'to' and 'duration'",
        "8:43 'from' in freeze 'c' must be a time such as 15:00, not '3pm'",
        "8:54 'to' in freeze 'c' must be a time such as 08:00 or a day and a time such as "
          + "Mon 08:00, not 'Someday 08:00'",
        "9:62 'duration' in freeze 'd' must be more than 0 and at most 28d, not 40d",
        "10:25 calendar 'x.ics': file not found: x.ics",
        "10:38 'from' does not go with 'calendar' in freeze 'e': the calendar's events give the "
          + "times",
        "10:54 'to' does not go with 'calendar' in freeze 'e': the calendar's events give the "
          + "times",
      ])
  }

  @Test func tenThousandEventsAreReadAndEachIsAFreeze() throws {
    var calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//gonogo tests//EN\r\n"
    let utc = TimeZone(secondsFromGMT: 0) ?? .gmt
    let first = try instant("2026-06-01T00:00:00Z")
    for index in 0..<10_000 {
      // A 30-minute freeze every 50 minutes, the first from 00:10 to 00:40: 10,000 of them
      // within the 400 days of the horizon.
      let start = first.addingTimeInterval(TimeInterval(index * 3_000 + 600))
      let stamp = ScheduleRenderer.iso(start, in: utc).filter { $0 != "-" && $0 != ":" }
      let end = ScheduleRenderer.iso(start.addingTimeInterval(1_800), in: utc)
        .filter { $0 != "-" && $0 != ":" }
      calendar +=
        "BEGIN:VEVENT\r\nUID:e\(index)@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:\(stamp)\r\n"
        + "DTEND:\(end)\r\nSUMMARY:Freeze \(index)\r\nEND:VEVENT\r\n"
    }
    calendar += "END:VCALENDAR\r\n"
    let yaml = """
      service: busy
      start: 2026-06-01T00:00:00Z
      timezone: UTC
      strategy: canary
      freeze:
        - calendar: busy.ics
      phases:
        - {name: canary, traffic: 1%, bake: 30m}
        - {name: full, traffic: 100%}
      """
    let (plan, diagnostics, _) = try temporary(["rollout.yaml": yaml, "busy.ics": calendar])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let decoded = try #require(plan)
    #expect(decoded.freezes.count == 10_000)
    #expect(
      timeline(Schedule.forecast(decoded)) == [
        "canary 2026-06-01T00:00:00Z bake-end 2026-06-01T00:30:00Z",
        "full 2026-06-01T00:40:00Z bake-end 2026-06-01T00:40:00Z waited freeze:Freeze 0",
      ])
  }

  @Test func theReadmesExampleCalendarHoldsTheCanaryUntilThePeakEnds() throws {
    let example = try String(
      contentsOf: packageRoot.appendingPathComponent("docs/examples/change-freezes.ics"),
      encoding: .utf8)
    let yaml = """
      service: demo
      start: 2026-11-25T09:00:00+01:00
      timezone: Europe/Berlin
      strategy: canary
      freeze:
        - calendar: change-freezes.ics
          match: FREEZE
      phases:
        - {name: canary, traffic: 1%, bake: 24h}
        - {name: full, traffic: 100%}
      """
    let (plan, diagnostics, _) = try temporary([
      "rollout.yaml": yaml, "change-freezes.ics": example,
    ])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let decoded = try #require(plan)
    #expect(
      ScheduleRenderer.text(Schedule.forecast(decoded)).dropFirst(3).first
        == "  full    100%     Tue 2026-12-01 06:00  –     –                     "
        + "freeze 'Black Friday / Cyber Monday peak'")
    // The CAB meeting is no freeze; the weekend of 27 November is lifted by its EXDATE.
    #expect(!decoded.freezes.contains { $0.name == "CAB meeting" })
    let weekends = decoded.freezes.filter { $0.name == "Weekend freeze" }.map(\.from.text)
    #expect(weekends.contains("2026-11-20T15:00:00+01:00"))
    #expect(!weekends.contains("2026-11-27T15:00:00+01:00"))
    #expect(weekends.contains("2026-12-04T15:00:00+01:00"))
    #expect(
      decoded.freezes.first { $0.name == "Year-end change freeze" }.map {
        [$0.from.text, $0.to.text]
      } == ["2026-12-19T00:00:00+01:00", "2027-01-04T00:00:00+01:00"])
  }
}

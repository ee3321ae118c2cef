import Foundation
import Testing

@testable import GoNoGoKit

/// The forecast: promotions only inside deploy hours and outside freezes, bakes on the clock,
/// local hours right on both sides of a DST change.
@Suite struct RolloutScheduleTests {
  /// A plan with the given lines after `strategy:`, then the phases.
  func schedule(
    start: String, zone: String, _ extra: String = "", phases: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Schedule {
    let yaml = """
      service: ledger
      start: \(start)
      timezone: \(zone)
      strategy: canary
      \(extra)
      phases:
      \(phases)
      """
    return Schedule.forecast(try plan(yaml, sourceLocation: sourceLocation))
  }

  @Test(arguments: ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Europe/Berlin"])
  func wallClockTimesAgreeWithTheCalendar(zoneName: String) throws {
    let zone = try #require(TimeZone(identifier: zoneName))
    let calendar = PlanTime.calendar(zone)
    var generator = SystemRandomNumberGenerator()
    // Every leap-year rule and both sides of the epoch, with fractions of a second.
    var dates = [-11_644_473_600.0, -1, -0.5, 0, 951_782_400, 4_107_542_400, 253_402_214_399]
    for _ in 0..<2_000 {
      dates.append(Double.random(in: -11_644_473_600..<253_402_214_399, using: &generator))
    }
    for seconds in dates {
      let date = Date(timeIntervalSince1970: seconds)
      let parts = calendar.dateComponents(
        [.year, .month, .day, .hour, .minute, .second], from: date)
      let expected = PlanTime.WallClock(
        year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0,
        hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0)
      let offset = zone.secondsFromGMT(for: date)
      #expect(PlanTime.wallClock(date, offset: offset) == expected, "\(seconds) in \(zoneName)")
    }
    #expect(PlanTime.wallClock(Date(timeIntervalSince1970: -11_644_473_601), offset: 0) == nil)
  }

  @Test func theBasePlanReachesAHundredPercentOnWednesdayAfternoon() throws {
    let schedule = Schedule.forecast(try plan(basePlan))
    #expect(
      timeline(schedule) == [
        "canary 2026-12-01T09:00:00-05:00 bake-end 2026-12-01T11:00:00-05:00",
        "early 2026-12-01T11:00:00-05:00 bake-end 2026-12-01T15:00:00-05:00",
        "half 2026-12-01T15:00:00-05:00 bake-end 2026-12-02T15:00:00-05:00",
        "full 2026-12-02T15:00:00-05:00 bake-end 2026-12-02T15:00:00-05:00",
      ])
    #expect(schedule.phases.map(\.promotedAt) == schedule.phases.dropFirst().map(\.start) + [nil])
    #expect(schedule.earliest100 == (try instant("2026-12-02T20:00:00Z")))
    #expect(!schedule.missesCompleteBy)
  }

  @Test func aPromotionAfterTheAutumnDSTChangeWaitsForNineOClockLocalTime() throws {
    // New York leaves daylight saving time on Sunday 2026-11-01: 09:00 is 13:00Z on the Friday
    // before and 14:00Z on the Monday after.
    let schedule = try schedule(
      start: "2026-10-30T15:00:00-04:00", zone: "America/New_York",
      "deploy_hours: {days: [mon-fri], from: \"09:00\", to: \"17:00\"}",
      phases: """
          - {name: canary, traffic: 5%, bake: 24h}
          - {name: half, traffic: 50%, bake: 48h}
          - {name: full, traffic: 100%}
        """)
    #expect(
      timeline(schedule) == [
        "canary 2026-10-30T15:00:00-04:00 bake-end 2026-10-31T15:00:00-04:00",
        "half 2026-11-02T09:00:00-05:00 bake-end 2026-11-04T09:00:00-05:00 waited deploy-hours",
        "full 2026-11-04T09:00:00-05:00 bake-end 2026-11-04T09:00:00-05:00",
      ])
    #expect(schedule.phases[1].start == (try instant("2026-11-02T14:00:00Z")))
    #expect(schedule.phases[1].readyAt == (try instant("2026-10-31T19:00:00Z")))
  }

  @Test func bakeTimeRunsOnTheClockThroughTheLongDayOfTheDSTChange() throws {
    // 24 hours after noon on Saturday is 11:00 on Sunday: that day has 25 hours.
    let schedule = try schedule(
      start: "2026-10-31T12:00:00-04:00", zone: "America/New_York",
      phases: """
          - {name: canary, traffic: 5%, bake: 24h}
          - {name: full, traffic: 100%}
        """)
    #expect(
      timeline(schedule) == [
        "canary 2026-10-31T12:00:00-04:00 bake-end 2026-11-01T11:00:00-05:00",
        "full 2026-11-01T11:00:00-05:00 bake-end 2026-11-01T11:00:00-05:00",
      ])
  }

  @Test func aPromotionAfterTheSpringDSTChangeInBerlinOpensAtNineLocal() throws {
    let schedule = try schedule(
      start: "2027-03-26T14:00:00+01:00", zone: "Europe/Berlin",
      "deploy_hours: {days: [mon-fri], from: \"09:00\", to: \"17:00\"}",
      phases: """
          - {name: canary, traffic: 5%, bake: 24h}
          - {name: full, traffic: 100%}
        """)
    #expect(
      timeline(schedule) == [
        "canary 2027-03-26T14:00:00+01:00 bake-end 2027-03-27T14:00:00+01:00",
        "full 2027-03-29T09:00:00+02:00 bake-end 2027-03-29T09:00:00+02:00 waited deploy-hours",
      ])
    #expect(schedule.earliest100 == (try instant("2027-03-29T07:00:00Z")))
  }

  @Test func aFreezeOverTheWeekendHoldsThePromotionUntilTuesdayMorning() throws {
    // The freeze runs from Friday noon through Monday (the whole day); deploy hours open at 09:00.
    let schedule = try schedule(
      start: "2026-12-03T10:00:00-05:00", zone: "America/New_York",
      """
      deploy_hours: {days: [mon-fri], from: "09:00", to: "17:00"}
      freeze:
        - {name: weekend-sale, from: "2026-12-04T12:00:00-05:00", to: 2026-12-07}
      """,
      phases: """
          - {name: canary, traffic: 5%, bake: 26h}
          - {name: full, traffic: 100%}
        """)
    #expect(
      timeline(schedule) == [
        "canary 2026-12-03T10:00:00-05:00 bake-end 2026-12-04T12:00:00-05:00",
        "full 2026-12-08T09:00:00-05:00 bake-end 2026-12-08T09:00:00-05:00 "
          + "waited freeze:weekend-sale,deploy-hours",
      ])
  }

  @Test func withoutDeployHoursTheFreezeEndsAtLocalMidnightAfterItsLastDay() throws {
    let schedule = try schedule(
      start: "2026-12-04T08:00:00-05:00", zone: "America/New_York",
      "freeze: [{name: weekend, from: 2026-12-05, to: 2026-12-06}]",
      phases: """
          - {name: canary, traffic: 5%, bake: 26h}
          - {name: full, traffic: 100%}
        """)
    #expect(
      timeline(schedule) == [
        "canary 2026-12-04T08:00:00-05:00 bake-end 2026-12-05T10:00:00-05:00",
        "full 2026-12-07T00:00:00-05:00 bake-end 2026-12-07T00:00:00-05:00 waited freeze:weekend",
      ])
  }

  @Test func aBakeEndingAfterHoursIsPromotedWhenTheNextWindowOpens() throws {
    // canary bakes 8h from Tuesday 09:00: it ends at 17:00, an hour after deploy hours close.
    let schedule = Schedule.forecast(try plan(basePlan.replacingLine(18, with: "    bake: 8h")))
    #expect(
      timeline(schedule) == [
        "canary 2026-12-01T09:00:00-05:00 bake-end 2026-12-01T17:00:00-05:00",
        "early 2026-12-02T09:00:00-05:00 bake-end 2026-12-02T13:00:00-05:00 waited deploy-hours",
        "half 2026-12-02T13:00:00-05:00 bake-end 2026-12-03T13:00:00-05:00",
        "full 2026-12-03T13:00:00-05:00 bake-end 2026-12-03T13:00:00-05:00",
      ])
    #expect(schedule.phases[0].promotedAt == (try instant("2026-12-02T14:00:00Z")))
  }

  @Test func aThursdayEveningBakeWaitsForMondayWhenDeployHoursStopOnThursday() throws {
    let schedule = Schedule.forecast(
      try plan(basePlan.replacingLine(3, with: "start: 2026-12-03T15:00:00-05:00")))
    #expect(
      timeline(schedule) == [
        "canary 2026-12-03T15:00:00-05:00 bake-end 2026-12-03T17:00:00-05:00",
        "early 2026-12-07T09:00:00-05:00 bake-end 2026-12-07T13:00:00-05:00 waited deploy-hours",
        "half 2026-12-07T13:00:00-05:00 bake-end 2026-12-08T13:00:00-05:00",
        "full 2026-12-08T13:00:00-05:00 bake-end 2026-12-08T13:00:00-05:00",
      ])
    #expect(schedule.missesCompleteBy)
  }

  @Test func aPlanThatMissesCompleteBySaysByHowMuch() throws {
    let schedule = Schedule.forecast(
      try plan(basePlan.replacingLine(6, with: "complete_by: 2026-12-02T12:00:00-05:00")))
    #expect(schedule.earliest100 == (try instant("2026-12-02T20:00:00Z")))
    #expect(schedule.completeBy?.date == (try instant("2026-12-02T17:00:00Z")))
    #expect(schedule.missesCompleteBy)
    #expect(
      ScheduleRenderer.completion(schedule) == [
        "Earliest 100%: Wed 2026-12-02 15:00 (2026-12-02T15:00:00-05:00)",
        "MISSES complete_by 2026-12-02T12:00:00-05:00 (Wed 2026-12-02 12:00) by 3h",
      ])
  }

  @Test func aStartOutsideDeployHoursWaitsForTheFirstWindow() throws {
    let schedule = Schedule.forecast(
      try plan(basePlan.replacingLine(3, with: "start: 2026-12-01T07:30:00-05:00")))
    #expect(schedule.phases[0].readyAt == (try instant("2026-12-01T12:30:00Z")))
    #expect(schedule.phases[0].start == (try instant("2026-12-01T14:00:00Z")))
    #expect(schedule.phases[0].waits == [.deployHours])
  }

  @Test func severalDeployWindowsAllowAShortFriday() throws {
    let schedule = try schedule(
      start: "2026-12-03T15:00:00-05:00", zone: "America/New_York",
      """
      deploy_hours:
        - {days: [mon-thu], from: "09:00", to: "16:00"}
        - {days: [fri], from: "09:00", to: "12:00"}
      """,
      phases: """
          - {name: canary, traffic: 5%, bake: 2h}
          - {name: full, traffic: 100%}
        """)
    #expect(schedule.phases[1].start == (try instant("2026-12-04T14:00:00Z")))
  }

  @Test func deployHoursInTheirOwnZoneGovernAPlanInAnother() throws {
    // The plan reads in UTC; the deploy window is Berlin office hours (09:00 CET = 08:00Z).
    let schedule = try schedule(
      start: "2026-12-01T17:00:00Z", zone: "UTC",
      "deploy_hours: {days: [mon-fri], from: \"09:00\", to: \"17:00\", timezone: Europe/Berlin}",
      phases: """
          - {name: canary, traffic: 5%, bake: 1h}
          - {name: full, traffic: 100%}
        """)
    #expect(
      timeline(schedule) == [
        "canary 2026-12-02T08:00:00Z bake-end 2026-12-02T09:00:00Z waited deploy-hours",
        "full 2026-12-02T09:00:00Z bake-end 2026-12-02T09:00:00Z",
      ])
  }

  @Test func theSearchGivesUpAfterAYearWithoutADeployWindow() throws {
    let schedule = try schedule(
      start: "2026-12-01T09:00:00Z", zone: "UTC",
      "freeze: [{name: forever, from: 2026-12-01, to: 2028-12-31}]",
      phases: """
          - {name: canary, traffic: 5%, bake: 1h}
          - {name: full, traffic: 100%}
        """)
    #expect(schedule.phases.isEmpty)
    #expect(schedule.unscheduled == ["canary", "full"])
    #expect(
      schedule.problem
        == "no deploy window within a year after Tue 2026-12-01 09:00 for phase 'canary'")
    #expect(schedule.earliest100 == nil)
  }

  @Test func aBakeOnTheLastPhaseDoesNotDelayOneHundredPercent() throws {
    let schedule = Schedule.forecast(
      try plan(basePlan.replacingLine(30, with: "    traffic: 100%\n    bake: 7d")))
    #expect(schedule.earliest100 == (try instant("2026-12-02T20:00:00Z")))
    #expect(schedule.phases.last?.bakeEnd == (try instant("2026-12-09T20:00:00Z")))
  }
}

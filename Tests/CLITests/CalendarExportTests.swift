import Foundation
import Testing

/// True when python3 has the `icalendar` and `recurring_ical_events` packages.
let hasPythonCalendarReaders: Bool = {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", "import icalendar, recurring_ical_events"]
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  do {
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
  } catch {
    return false
  }
}()

/// `gonogo plan --format ics`: the forecast as a calendar, read back by other software.
@Suite struct CalendarExportTests {
  static let plans = GoNoGoRun.packageRoot.appendingPathComponent(
    "Tests/GoNoGoKitTests/Fixtures/calendar")
  static let consumers = GoNoGoRun.fixtures.appendingPathComponent("calendar/consumers.py")

  /// A fresh temporary directory.
  func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-ics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Exports a plan as JSON (stdout) and ICS (`--output`), then has the Python readers compare
  /// the two and expand `sources` (path, match) to the freezes gonogo used.
  func consumersAgree(
    _ plan: String, sources: [(String, String)], extra: (URL) throws -> [(String, String)] = { _ in [] }
  ) throws -> (Int32, String) {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ics = directory.appendingPathComponent("forecast.ics").path
    let run = try GoNoGoRun(
      ["plan", plan, "--now", "2026-03-01T00:00:00Z", "--format", "json", "--output", "ics=\(ics)"],
      in: Self.plans)
    #expect(run.status == 0, "\(run.stderr)")
    let json = directory.appendingPathComponent("forecast.json")
    try Data(run.stdout.utf8).write(to: json)
    var arguments = [Self.consumers.path, json.path, ics]
    for (path, match) in sources + (try extra(directory)) {
      arguments += [path.hasPrefix("/") ? path : Self.plans.appendingPathComponent(path).path, match]
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  @Test(.enabled(if: hasPythonCalendarReaders, "needs python3 with icalendar and recurring_ical_events"))
  func aWeeklyBerlinFreezeAcrossDSTReadsTheSameInPython() throws {
    let (status, output) = try consumersAgree(
      "berlin-weekly", sources: [("berlin-weekly/changes.ics", "FREEZE")])
    #expect(status == 0, "\(output)")
    #expect(output == "agree: 66 events, 61 freezes\n")
  }

  @Test(.enabled(if: hasPythonCalendarReaders, "needs python3 with icalendar and recurring_ical_events"))
  func aWeeklyNewYorkFreezeWithAnEXDATEReadsTheSameInPython() throws {
    let (status, output) = try consumersAgree(
      "new-york-weekly", sources: [("new-york-weekly/changes.ics", "")])
    #expect(status == 0, "\(output)")
    #expect(output == "agree: 50 events, 46 freezes\n")
  }

  @Test(.enabled(if: hasPythonCalendarReaders, "needs python3 with icalendar and recurring_ical_events"))
  func anAllDayTokyoHolidayReadsTheSameInPython() throws {
    let (status, output) = try consumersAgree(
      "tokyo-holiday", sources: [("tokyo-holiday/holidays.ics", "")])
    #expect(status == 0, "\(output)")
    #expect(output == "agree: 5 events, 2 freezes\n")
  }

  @Test(.enabled(if: hasPythonCalendarReaders, "needs python3 with icalendar and recurring_ical_events"))
  func aNeverEndingRuleReadsTheSameInPythonOverTheHorizon() throws {
    let (status, output) = try consumersAgree(
      "never-ending", sources: [("never-ending/nightly.ics", "")])
    #expect(status == 0, "\(output)")
    #expect(output == "agree: 434 events, 431 freezes\n")
  }

  @Test(.enabled(if: hasPythonCalendarReaders, "needs python3 with icalendar and recurring_ical_events"))
  func aRecurringYAMLFreezeMatchesTheSameRuleWrittenAsAnEvent() throws {
    // The plan's rule, written as RFC 5545 by hand: the first Friday after the anchor day
    // (four weeks before the start), 15:00 to Monday 08:00 in Berlin.
    let (status, output) = try consumersAgree("friday-rule", sources: []) { directory in
      let file = directory.appendingPathComponent("friday.ics")
      try Data(
        """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//gonogo tests//EN\r
        BEGIN:VEVENT\r
        UID:friday@tests\r
        DTSTAMP:20260101T000000Z\r
        DTSTART;TZID=Europe/Berlin:20260227T150000\r
        DTEND;TZID=Europe/Berlin:20260302T080000\r
        RRULE:FREQ=WEEKLY;BYDAY=FR\r
        SUMMARY:friday-afternoon\r
        END:VEVENT\r
        END:VCALENDAR\r

        """.utf8
      ).write(to: file)
      return [(file.path, "")]
    }
    #expect(status == 0, "\(output)")
    #expect(output == "agree: 64 events, 61 freezes\n")
  }

  @Test func uidsAreStableAcrossExportsAndTextIsEscaped() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(
      """
      service: "pay; ments, \\\\ api"
      start: 2026-12-01T09:00:00+01:00
      timezone: Europe/Berlin
      strategy: canary
      review: T-1d
      phases:
        - {name: "canary, small", traffic: 1%, bake: 2h}
        - {name: full, traffic: 100%}

      """.utf8
    ).write(to: directory.appendingPathComponent("rollout.yaml"))
    let first = try GoNoGoRun(
      ["plan", ".", "--now", "2026-11-01T00:00:00Z", "--format", "ics"], in: directory)
    let second = try GoNoGoRun(
      ["plan", ".", "--now", "2026-11-20T00:00:00Z", "--format", "ics", "--output",
       "ics=again.ics"], in: directory)
    #expect(first.status == 0)
    #expect(second.status == 0)
    let uids = { (text: String) in
      text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
    }
    #expect(
      uids(first.stdout) == [
        "UID:pay%3B%20ments%2C%20%5C%20api/review@gonogo",
        "UID:pay%3B%20ments%2C%20%5C%20api/phase/canary%2C%20small@gonogo",
        "UID:pay%3B%20ments%2C%20%5C%20api/phase/full@gonogo",
      ])
    #expect(uids(second.stdout) == uids(first.stdout))
    #expect(
      try String(contentsOf: directory.appendingPathComponent("again.ics"), encoding: .utf8)
        == second.stdout)
    #expect(first.stdout.contains("\r\nSUMMARY:pay\\; ments\\, \\\\ api: canary\\, small (1%)\r\n"))
    #expect(first.stdout.contains("\r\nDTSTART;TZID=Europe/Berlin:20261130T090000\r\n"))
    #expect(first.stdout.contains("\r\nDTSTAMP:20261101T000000Z\r\n"))
    #expect(first.stdout.contains("\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"))
  }

  @Test func aMalformedCalendarExits2WithItsLine() throws {
    let run = try GoNoGoRun(["plan", "malformed", "--format", "ics"], in: Self.plans)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(
      run.stderr == """
        malformed/broken.ics:7:9: error: malformed calendar: Can't parse as DATE-TIME value in \
        DTSTART property. Removing entire property: 2026XX01
          hint: fix the line as RFC 5545 describes, or export the calendar again

        """)
  }
}

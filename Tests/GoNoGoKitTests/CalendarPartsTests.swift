import Foundation
import Testing

@testable import GoNoGoKit

/// A large calendar is parsed by libical in parts at once, cut at its events: what it reads is
/// exactly what the whole file reads, problems and their lines included.
@Suite struct CalendarPartsTests {
  static let header = """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//gonogo tests//parts//EN\r
    BEGIN:VTIMEZONE\r
    TZID:Custom/Berlin\r
    BEGIN:DAYLIGHT\r
    TZOFFSETFROM:+0100\r
    TZOFFSETTO:+0200\r
    TZNAME:CEST\r
    DTSTART:19810329T020000\r
    RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
    END:DAYLIGHT\r
    BEGIN:STANDARD\r
    TZOFFSETFROM:+0200\r
    TZOFFSETTO:+0100\r
    TZNAME:CET\r
    DTSTART:19961027T030000\r
    RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
    END:STANDARD\r
    END:VTIMEZONE\r

    """

  /// `count` events of every kind the reader expands: zoned by the file's VTIMEZONE and by the
  /// tz database, UTC, floating, all-day, weekly with an EXDATE, with RDATEs, with an alarm and
  /// a folded description; the first event recurs and the last moves one of its instances.
  static func events(_ count: Int) -> String {
    var text = ""
    for index in 0..<count {
      let month = 1 + index % 12
      let day = 1 + index % 27
      let hour = index % 20
      let stamp = String(format: "2026%02d%02dT%02d1500", month, day, hour)
      let end = String(format: "2026%02d%02dT%02d4500", month, day, hour)
      text += "BEGIN:VEVENT\r\nUID:event-\(index)@parts.example\r\nDTSTAMP:20260101T000000Z\r\n"
      switch index % 6 {
      case 0:
        text += "DTSTART;TZID=Custom/Berlin:\(stamp)\r\nDTEND;TZID=Custom/Berlin:\(end)\r\n"
        text += "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Custom/Berlin:\(stamp)\r\n"
      case 1:
        text += "DTSTART;TZID=America/New_York:\(stamp)\r\nDTEND;TZID=America/New_York:\(end)\r\n"
      case 2:
        text += "DTSTART:\(stamp)Z\r\nDURATION:PT2H\r\nRDATE:\(end)Z\r\n"
      case 3:
        text += "DTSTART:\(stamp)\r\nDTEND:\(end)\r\n"
      case 4:
        text += String(format: "DTSTART;VALUE=DATE:2026%02d%02d\r\n", month, day)
      default:
        text += "DTSTART;TZID=Asia/Tokyo:\(stamp)\r\nDTEND;TZID=Asia/Tokyo:\(end)\r\n"
        text += "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
      }
      text += "SUMMARY:Freeze \(index)\r\nCATEGORIES:FREEZE\r\n"
      text += "DESCRIPTION:A description long enough to be folded onto a second line by the \r\n"
      text += " exporter\\, as RFC 5545 allows.\r\nEND:VEVENT\r\n"
    }
    // Moves the second instance of event 0 (weekly from 2026-01-01 15:15 Berlin time).
    text += "BEGIN:VEVENT\r\nUID:event-0@parts.example\r\nDTSTAMP:20260101T000000Z\r\n"
    text += "RECURRENCE-ID;TZID=Custom/Berlin:20260108T001500\r\n"
    text += "DTSTART;TZID=Custom/Berlin:20260109T120000\r\nDTEND;TZID=Custom/Berlin:20260109T130000\r\n"
    text += "SUMMARY:Freeze 0 moved\r\nEND:VEVENT\r\n"
    return text
  }

  static let horizon = FreezeHorizon(
    start: Date(timeIntervalSince1970: 1_767_225_600),  // 2026-01-01T00:00:00Z
    end: Date(timeIntervalSince1970: 1_798_761_600))  // 2027-01-01T00:00:00Z
  static let zone = TimeZone(identifier: "Europe/Berlin") ?? .gmt

  func read(_ text: String, parts: Int) -> Result<[FreezeOccurrence], CalendarReader.Problems> {
    CalendarReader.occurrences(in: text, match: [], zone: Self.zone, horizon: Self.horizon, parts: parts)
  }

  @Test func aCalendarReadInPartsReadsAsTheWhole() throws {
    let text = Self.header + Self.events(300) + "END:VCALENDAR\r\n"
    for count in 2...4 {
      #expect(ContentLines(text).parts(count)?.count == count)
    }
    let whole = try read(text, parts: 1).get()
    // 250 events once, 50 of them with an RDATE too, 50 weekly with 3 instances after the
    // EXDATE, one of which is moved.
    #expect(whole.count == 250 + 50 + 50 * 3)
    #expect(whole.contains { $0.name == "Freeze 0 moved" })
    #expect(!whole.contains { $0.name == "Freeze 0" && $0.start == Date(timeIntervalSince1970: 1_767_827_700) })
    for count in 2...4 {
      #expect(try read(text, parts: count).get() == whole)
    }
  }

  @Test func aMalformedLineInALaterPartIsLocatedAsInTheWhole() throws {
    var text = Self.header.replacingOccurrences(of: "VERSION:2.0\r\n", with: "VERSION:2.0\r\nNOT A LINE\r\n")
    // Event 110 of 120, in the last part however the calendar is cut.
    text += Self.events(120).replacingOccurrences(
      of: "DTSTART:20260303T101500Z", with: "DTSTART:not-a-date")
    text += "END:VCALENDAR\r\n"
    let malformed = try #require(text.components(separatedBy: "\r\n").firstIndex(of: "DTSTART:not-a-date"))
    let whole = read(text, parts: 1)
    guard case .failure(let problems) = whole else {
      Issue.record("the malformed calendar was read: \(whole)")
      return
    }
    #expect(problems.all.map(\.line) == [3, malformed + 1])
    #expect(ContentLines(text).parts(2)?.count == 2)
    #expect(read(text, parts: 2) == whole)
    #expect(read(text, parts: 3) == whole)
  }

  @Test func aCalendarWithComponentsAfterItsEventsIsNotCut() {
    let events = Self.events(10)
    let timezone = Self.header.components(separatedBy: "BEGIN:VTIMEZONE\r\n")[1]
    let cases = [
      // A VTIMEZONE after the events: the parts before it would not know it.
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events + "BEGIN:VTIMEZONE\r\n" + timezone
        + "END:VCALENDAR\r\n",
      // A property of the calendar after its events.
      Self.header + events + "X-WR-CALNAME:Freezes\r\nEND:VCALENDAR\r\n",
      // Two calendars.
      Self.header + events + "END:VCALENDAR\r\n" + Self.header + events + "END:VCALENDAR\r\n",
      // A folded BEGIN line.
      Self.header + events.replacingOccurrences(of: "BEGIN:VALARM\r\n", with: "BEGIN:VAL\r\n ARM\r\n")
        + "END:VCALENDAR\r\n",
      // An END that closes another component than the last begun.
      Self.header + events.replacingOccurrences(of: "END:VALARM\r\n", with: "END:VTODO\r\n")
        + "END:VCALENDAR\r\n",
    ]
    for text in cases {
      #expect(ContentLines(text).parts(2) == nil)
      #expect(read(text, parts: 2) == read(text, parts: 1))
    }
  }

  /// One VEVENT of the test calendars: `lines` between UID and END.
  static func event(_ uid: String, _ lines: [String]) -> String {
    "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20260101T000000Z\r\n" + lines.map { $0 + "\r\n" }.joined()
      + "END:VEVENT\r\n"
  }

  /// The physical line (from 1) of the `occurrence`-th line of `text` equal to `line`.
  func line(_ line: String, in text: String, occurrence: Int = 1) throws -> Int {
    let lines = text.components(separatedBy: "\r\n")
    let found = lines.indices.filter { lines[$0] == line }
    try #require(found.count >= occurrence, "no line \(line)")
    return found[occurrence - 1] + 1
  }

  @Test func problemsFoundExpandingEachPartAreThoseOfTheWholeInOrder() throws {
    var text = Self.header + Self.events(40)
    text += Self.event("no-start", ["SUMMARY:No start", "DTEND:20260301T100000Z"])
    text += Self.events(120)
    text += Self.event(
      "backwards", ["SUMMARY:Backwards", "DTSTART:20260401T100000Z", "DTEND:20260401T090000Z"])
    text += Self.events(120)
    text += Self.event(
      "unknown-zone",
      ["SUMMARY:Unknown zone", "DTSTART;TZID=Mars/Olympus:20260501T100000", "DURATION:PT1H"])
    text += "END:VCALENDAR\r\n"
    let whole = read(text, parts: 1)
    let expected = [
      CalendarReader.Problem(
        line: try line("UID:no-start", in: text) - 1, column: 1,
        message: "the event 'No start' has no DTSTART", hint: "add DTSTART"),
      CalendarReader.Problem(
        line: try line("DTEND:20260401T090000Z", in: text), column: 1,
        message: "the event 'Backwards' ends before or when it starts",
        hint: "DTEND (exclusive) must come after DTSTART"),
      CalendarReader.Problem(
        line: try line("DTSTART;TZID=Mars/Olympus:20260501T100000", in: text), column: 9,
        message: "TZID 'Mars/Olympus' is neither a VTIMEZONE of the calendar nor a zone of the tz database",
        hint: "add the VTIMEZONE, or use an IANA name such as Europe/Berlin"),
    ]
    #expect(whole == .failure(CalendarReader.Problems(all: expected)))
    for count in 2...4 {
      #expect(ContentLines(text).parts(count)?.count == count)
      #expect(read(text, parts: count) == whole)
    }
  }

  @Test func intervalsThatTieAcrossPartsKeepTheOrderOfTheFile() throws {
    let tie = ["DTSTART:20260601T100000Z", "DTEND:20260601T110000Z"]
    var text = Self.header + Self.event("tie-1", ["SUMMARY:Tie first"] + tie)
    text += Self.events(100)
    text += Self.event("tie-2", ["SUMMARY:Tie second"] + tie)
    text += Self.events(100)
    text += Self.event("tie-3", ["SUMMARY:Tie third"] + tie)
    text += "END:VCALENDAR\r\n"
    let whole = try read(text, parts: 1).get()
    let ties = whole.filter { $0.name.hasPrefix("Tie") }
    #expect(ties.map(\.name) == ["Tie first", "Tie second", "Tie third"])
    #expect(
      ties.map(\.line) == [
        try line("UID:tie-1", in: text) - 1, try line("UID:tie-2", in: text) - 1,
        try line("UID:tie-3", in: text) - 1,
      ])
    for count in 2...4 {
      #expect(try read(text, parts: count).get() == whole)
    }
  }

  @Test func anOverrideInAnEarlierPartMovesAnInstanceOfALaterEvent() throws {
    var text = Self.header
    // Moves the third instance of the weekly event at the end of the file.
    text += Self.event(
      "weekly",
      [
        "SUMMARY:Weekly moved", "RECURRENCE-ID:20260615T100000Z", "DTSTART:20260616T120000Z",
        "DTEND:20260616T130000Z",
      ])
    text += Self.events(200)
    text += Self.event(
      "weekly",
      ["SUMMARY:Weekly", "DTSTART:20260601T100000Z", "DTEND:20260601T110000Z", "RRULE:FREQ=WEEKLY;COUNT=4"])
    text += "END:VCALENDAR\r\n"
    let whole = try read(text, parts: 1).get()
    let weekly = whole.filter { $0.name.hasPrefix("Weekly") }
    let utc = TimeZone(secondsFromGMT: 0) ?? .gmt
    #expect(
      weekly.map { "\(ScheduleRenderer.iso($0.start, in: utc)) \($0.name)" } == [
        "2026-06-01T10:00:00Z Weekly", "2026-06-08T10:00:00Z Weekly",
        "2026-06-16T12:00:00Z Weekly moved", "2026-06-22T10:00:00Z Weekly",
      ])
    for count in 2...4 {
      #expect(try read(text, parts: count).get() == whole)
    }
  }

  @Test func matchSelectsTheSameEventsInEveryKindOfText() throws {
    var text = Self.header
    let selections: [(String, [String])] = [
      ("Spaced category", ["CATEGORIES:Other, Freeze ,More"]),
      ("Longer category", ["CATEGORIES:FREEZES"]),
      ("Big FREEZE window", []),
      ("Plain", ["CATEGORIES:Release"]),
      ("Ünïcode freeze", []),
      ("Ünïcode", ["CATEGORIES:Frühling,\tfreeze"]),
      ("Frühling", ["CATEGORIES:Frühling"]),
      ("Folded", ["CATEGORIES:Fre", " eze"]),
    ]
    for (index, (summary, lines)) in selections.enumerated() {
      let day = String(format: "202606%02dT100000Z", index + 1)
      text += Self.event("select-\(index)", ["SUMMARY:\(summary)", "DTSTART:\(day)", "DURATION:PT1H"] + lines)
      text += Self.events(20).replacingOccurrences(of: "CATEGORIES:FREEZE", with: "CATEGORIES:OTHER")
        .replacingOccurrences(of: "SUMMARY:Freeze", with: "SUMMARY:Event")
    }
    text += "END:VCALENDAR\r\n"
    func names(_ match: [String], parts: Int) throws -> [String] {
      try CalendarReader.occurrences(
        in: text, match: match, zone: Self.zone, horizon: Self.horizon, parts: parts
      ).get().map(\.name)
    }
    // CATEGORIES values equal to a term, SUMMARYs containing one, ignoring case.
    let freeze = ["Spaced category", "Big FREEZE window", "Ünïcode freeze", "Ünïcode", "Folded"]
    #expect(try names(["Freeze"], parts: 1) == freeze)
    #expect(try names(["früh"], parts: 1) == ["Frühling"])
    #expect(try names(["frühling"], parts: 1) == ["Ünïcode", "Frühling"])
    #expect(try names(["plain", "WINDOW"], parts: 1) == ["Big FREEZE window", "Plain"])
    for count in 2...4 {
      #expect(try names(["Freeze"], parts: count) == freeze)
      #expect(try names(["frühling"], parts: count) == ["Ünïcode", "Frühling"])
      #expect(try names(["plain", "WINDOW"], parts: count) == ["Big FREEZE window", "Plain"])
    }
  }

  @Test func theBoundOnIntervalsSpansTheParts() throws {
    // Each rule gives 52,560 instances within the horizon: together they pass the bound in the
    // second, in the last part.
    let rule = ["DURATION:PT5M", "RRULE:FREQ=MINUTELY;INTERVAL=10;COUNT=60000"]
    var text = Self.header
    text += Self.event("first-rule", ["SUMMARY:First rule", "DTSTART:20260101T000000Z"] + rule)
    text += Self.events(100)
    text += Self.event("second-rule", ["SUMMARY:Second rule", "DTSTART:20260101T000500Z"] + rule)
    text += "END:VCALENDAR\r\n"
    let whole = read(text, parts: 1)
    let problem = CalendarReader.Problem(
      line: try line("UID:second-rule", in: text) - 1, column: 1,
      message: "the calendar expands to more than 100000 freezes within the horizon",
      hint: "narrow it with 'match:' or shorten its rules")
    #expect(whole == .failure(CalendarReader.Problems(all: [problem])))
    #expect(read(text, parts: 2) == whole)
    #expect(read(text, parts: 3) == whole)
  }

  @Test func sortedListsMergeAsTheirSort() {
    func occurrence(_ name: String, _ start: Int, _ end: Int) -> FreezeOccurrence {
      FreezeOccurrence(
        name: name, start: Date(timeIntervalSince1970: Double(start)),
        end: Date(timeIntervalSince1970: Double(end)), line: 1)
    }
    let lists = [
      [occurrence("a1", 1, 5), occurrence("a2", 3, 4), occurrence("a3", 3, 4), occurrence("a4", 9, 10)],
      [],
      [occurrence("c1", 0, 1), occurrence("c2", 3, 4), occurrence("c3", 3, 5), occurrence("c4", 12, 13)],
      [occurrence("d1", 1, 5), occurrence("d2", 9, 10)],
    ]
    #expect(
      CalendarReader.merged(lists).map(\.name) == [
        "c1", "a1", "d1", "a2", "a3", "c2", "c3", "a4", "d2", "c4",
      ])
    #expect(CalendarReader.merged([]) == [])
  }

  @Test func windowTimesAreWrittenInRFC3339() {
    let cases: [(TimeInterval, String, String)] = [
      (1_780_300_800, "Europe/Berlin", "2026-06-01T10:00:00+02:00"),
      (1_767_225_600, "Europe/Berlin", "2026-01-01T01:00:00+01:00"),
      (1_767_225_600, "UTC", "2026-01-01T00:00:00Z"),
      (1_767_225_659, "America/St_Johns", "2025-12-31T20:30:59-03:30"),
      (1_767_225_600, "Asia/Kathmandu", "2026-01-01T05:45:00+05:45"),
      (-1_010_000_000, "America/New_York", "1937-12-29T23:26:40-05:00"),
      (-12_000_000_000, "UTC", "1589-09-26T02:40:00Z"),
      (253_402_214_400, "UTC", "9999-12-31T00:00:00Z"),
    ]
    for (seconds, identifier, text) in cases {
      let zone = TimeZone(identifier: identifier) ?? .gmt
      #expect(ScheduleRenderer.iso(Date(timeIntervalSince1970: seconds), in: zone) == text)
    }
  }
}

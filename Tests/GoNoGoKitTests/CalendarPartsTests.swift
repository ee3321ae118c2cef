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
}

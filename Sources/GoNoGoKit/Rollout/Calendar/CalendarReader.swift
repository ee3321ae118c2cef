import CICal
import Foundation

/// One freeze interval: an occurrence of a calendar event or of a recurring YAML freeze.
struct FreezeOccurrence: Sendable, Equatable {
  /// The event's SUMMARY, or the freeze's name.
  var name: String
  /// Its first instant.
  var start: Date
  /// The first instant after it.
  var end: Date
  /// The line of the event (`BEGIN:VEVENT`) in the calendar; 0 for a YAML freeze.
  var line: Int
}

/// The stretch of time freezes are expanded over, and the bounds on expanding them.
struct FreezeHorizon: Sendable, Equatable {
  /// Occurrences ending at or before this are dropped.
  var start: Date
  /// Occurrences starting at or after this are not generated.
  var end: Date

  /// At most this many freeze intervals per plan.
  static let maxOccurrences = 100_000
  /// At most this many iterations of one recurrence rule (occurrences before the horizon count).
  static let maxSteps = 100_000
  /// The horizon runs from this long before the plan's start…
  static let lead: TimeInterval = 31 * 86_400
  /// …to this long after it, or to `complete_by` when that is later…
  static let reach: TimeInterval = 400 * 86_400
  /// …but never further than this after the start.
  static let ceiling: TimeInterval = 3_660 * 86_400

  /// The horizon of a plan starting at `start`, due by `completeBy`.
  static func of(start: Date, completeBy: Date?) -> FreezeHorizon {
    var end = start.addingTimeInterval(reach)
    if let completeBy, completeBy > end {
      end = min(completeBy.addingTimeInterval(lead), start.addingTimeInterval(ceiling))
    }
    return FreezeHorizon(start: start.addingTimeInterval(-lead), end: end)
  }
}

/// Reads the VEVENTs of an iCalendar file (RFC 5545) with libical and expands each into the
/// intervals it covers within a horizon: DTSTART, then RRULE, RDATE, minus EXDATE and instances
/// moved by a RECURRENCE-ID. All-day events cover whole days in the plan's zone; floating times
/// are read in the plan's zone; a TZID is resolved by the file's VTIMEZONE, else the tz database.
enum CalendarReader {
  /// A problem in the calendar, located by line.
  struct Problem: Sendable, Equatable, Error {
    var line: Int
    var column: Int
    var message: String
    var hint: String?
  }

  /// The problems that keep a calendar from being read.
  struct Problems: Error, Sendable, Equatable {
    var all: [Problem]
  }

  /// The largest calendar read, in bytes.
  static let maxBytes = 16 << 20
  /// At most this many problems are reported per calendar.
  static let maxProblems = 20

  /// The freeze intervals of the events in `text` that `match` selects (all when empty).
  static func occurrences(
    in text: String, match: [String], zone: TimeZone, horizon: FreezeHorizon
  ) -> Result<[FreezeOccurrence], Problems> {
    guard text.utf8.count <= maxBytes else {
      return .failure(Problems(all: [
        Problem(
          line: 1, column: 1,
          message: "the calendar is larger than \(maxBytes >> 20) MiB, the most gonogo reads",
          hint: "export only the freeze calendar, or the events of the coming year")
      ]))
    }
    guard !text.utf8.contains(0) else {
      return .failure(Problems(all: [Problem(line: 1, column: 1, message: "the calendar contains a NUL byte")]))
    }
    let lines = ContentLines(text)
    guard lines.beginsCalendar else {
      return .failure(Problems(all: [
        Problem(
          line: 1, column: 1, message: "not an iCalendar file: it does not begin with BEGIN:VCALENDAR",
          hint: "export the calendar as .ics (RFC 5545)")
      ]))
    }
    return LibICal.locked {
      guard let root = icalparser_parse_string(text) else {
        return .failure(Problems(all: [Problem(line: 1, column: 1, message: "libical could not parse the calendar")]))
      }
      defer { icalcomponent_free(root) }
      let calendars =
        icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
        ? [root] : LibICal.children(of: root, ICAL_VCALENDAR_COMPONENT)
      var expander = CalendarExpander(zone: zone, horizon: horizon, lines: lines, match: match)
      expander.reportParseErrors(calendars)
      // What libical could not parse it dropped: expanding the rest would be a partial read.
      guard expander.problems.isEmpty else {
        return .failure(Problems(all: Array(expander.problems.prefix(maxProblems))))
      }
      for calendar in calendars {
        let events = LibICal.children(of: calendar, ICAL_VEVENT_COMPONENT)
        expander.collectOverrides(events)
        for event in events { expander.expand(event, calendar: calendar) }
      }
      if expander.problems.isEmpty && lines.eventLines.isEmpty {
        expander.problems.append(
          Problem(
            line: 1, column: 1, message: "the calendar has no VEVENT",
            hint: "a freeze calendar lists its freezes as events"))
      }
      guard expander.problems.isEmpty else {
        return .failure(Problems(all: Array(expander.problems.prefix(maxProblems))))
      }
      return .success(expander.result.sorted { ($0.start, $0.end) < ($1.start, $1.end) })
    }
  }
}

/// The calendar's content lines (RFC 5545 §3.1: a line starting with a space or tab continues
/// the one before), kept only to put libical's findings on a line: libical itself parses.
/// Lines are byte ranges of the UTF-8 text; a line's text is only built to search it.
struct ContentLines {
  private let bytes: [UInt8]
  /// Each unfolded line: the physical line it starts on and its byte ranges (continuations
  /// without their leading space).
  private(set) var lines: [(line: Int, ranges: [Range<Int>])] = []
  /// The index in `lines` of each `BEGIN:VEVENT`, in order, and of its `END:VEVENT`.
  var eventLines: [(begin: Int, end: Int)] = []
  /// True when the first content line is `BEGIN:VCALENDAR`.
  var beginsCalendar = false

  init(_ text: String) {
    bytes = Array(text.utf8)
    var physical = 0
    var start = 0
    let newline = UInt8(ascii: "\n")
    while start < bytes.count || (start == bytes.count && physical == 0) {
      physical += 1
      var end = bytes[start...].firstIndex(of: newline) ?? bytes.count
      let next = end + 1
      if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      if end > start {
        let first = bytes[start]
        if (first == UInt8(ascii: " ") || first == UInt8(ascii: "\t")) && !lines.isEmpty {
          lines[lines.count - 1].ranges.append((start + 1)..<end)
        } else {
          lines.append((physical, [start..<end]))
        }
      }
      start = next
    }
    var open: [Int] = []
    for index in lines.indices {
      if matches(index, "BEGIN:VEVENT") {
        open.append(index)
      } else if matches(index, "END:VEVENT"), let begin = open.popLast() {
        eventLines.append((begin, index))
      }
    }
    for begin in open { eventLines.append((begin, lines.count - 1)) }
    eventLines.sort { $0.begin < $1.begin }
    beginsCalendar = !lines.isEmpty && (matches(0, "BEGIN:VCALENDAR") || matches(0, "\u{FEFF}BEGIN:VCALENDAR"))
  }

  /// True when line `index` is `word`, ignoring ASCII case.
  private func matches(_ index: Int, _ word: String) -> Bool {
    let ranges = lines[index].ranges
    guard ranges.count == 1, ranges[0].count == word.utf8.count else { return false }
    return zip(bytes[ranges[0]], word.utf8).allSatisfy { lhs, rhs in
      lhs == rhs || (lhs >= 0x61 && lhs <= 0x7A && lhs - 0x20 == rhs)
    }
  }

  /// The physical line a content line starts on.
  func line(_ index: Int) -> Int { lines.isEmpty ? 1 : lines[min(index, lines.count - 1)].line }

  /// The unfolded text of a content line.
  func text(_ index: Int) -> String {
    String(decoding: lines[index].ranges.flatMap { bytes[$0] }, as: UTF8.self)
  }

  /// The physical line and column of the first content line in `range` (indices into `lines`)
  /// containing `needle`, else of the range's first line.
  func locate(_ needle: String, in range: ClosedRange<Int>) -> (line: Int, column: Int) {
    guard !lines.isEmpty else { return (1, 1) }
    let clamped = range.clamped(to: 0...(lines.count - 1))
    if !needle.isEmpty {
      for index in clamped {
        let text = text(index)
        if let found = text.range(of: needle) {
          return (lines[index].line, text.distance(from: text.startIndex, to: found.lowerBound) + 1)
        }
      }
    }
    return (lines[clamped.lowerBound].line, 1)
  }
}

import CICal
import Dispatch
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

  /// A calendar at least this large is parsed in parts, one per core.
  static let partBytes = 256 << 10
  /// At most this many parts.
  static let maxParts = 4

  /// The freeze intervals of the events in `text` that `match` selects (all when empty).
  /// `parts` is how many parts a large calendar is parsed in at once (``ContentLines/parts(_:)``):
  /// by default one per core, at most ``maxParts``.
  static func occurrences(
    in text: String, match: [String], zone: TimeZone, horizon: FreezeHorizon, parts: Int? = nil
  ) -> Result<[FreezeOccurrence], Problems> {
    guard text.utf8.count <= maxBytes else {
      return .failure(Problems(all: [
        Problem(
          line: 1, column: 1,
          message: "the calendar is larger than \(maxBytes >> 20) MiB, the most gonogo reads",
          hint: "export only the freeze calendar, or the events of the coming year")
      ]))
    }
    let hasNUL =
      text.utf8.withContiguousStorageIfAvailable { buffer in
        buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false
      } ?? text.utf8.contains(0)
    guard !hasNUL else {
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
      let count =
        parts ?? (text.utf8.count >= partBytes ? min(ProcessInfo.processInfo.activeProcessorCount, maxParts) : 1)
      if count > 1, let texts = lines.parts(count),
        let read = inParts(texts, lines: lines, match: match, zone: zone, horizon: horizon)
      {
        return read
      }
      guard let root = icalparser_parse_string(text) else {
        return .failure(Problems(all: [Problem(line: 1, column: 1, message: "libical could not parse the calendar")]))
      }
      defer { icalcomponent_free(root) }
      let calendars =
        icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
        ? [root] : LibICal.children(of: root, ICAL_VCALENDAR_COMPONENT)
      return inOrder(calendars.map { [$0] }, lines: lines, match: match, zone: zone, horizon: horizon)
    }
  }

  /// Reads parsed calendars one event after the other: each VCALENDAR is given as the parts it
  /// was parsed in (one, unless it was cut by ``ContentLines/parts(_:)``). The first part of a
  /// VCALENDAR holds its properties and VTIMEZONEs; the others repeat them (their copies are not
  /// read for errors) and hold only events.
  private static func inOrder(
    _ calendars: [[OpaquePointer]], lines: ContentLines, match: [String], zone: TimeZone,
    horizon: FreezeHorizon
  ) -> Result<[FreezeOccurrence], Problems> {
    var expander = CalendarExpander(zone: zone, horizon: horizon, lines: lines, match: match)
    expander.reportParseErrors(calendars)
    // What libical could not parse it dropped: expanding the rest would be a partial read.
    guard expander.problems.isEmpty else {
      return .failure(Problems(all: Array(expander.problems.prefix(maxProblems))))
    }
    for calendar in calendars {
      let events = calendar.flatMap { part in
        LibICal.children(of: part, ICAL_VEVENT_COMPONENT).map { (part: part, event: $0) }
      }
      expander.collectOverrides(events.map(\.event))
      for (part, event) in events { expander.expand(event, calendar: part) }
    }
    if expander.problems.isEmpty && lines.eventLines.isEmpty {
      expander.problems.append(noEvents)
    }
    guard expander.problems.isEmpty else {
      return .failure(Problems(all: Array(expander.problems.prefix(maxProblems))))
    }
    return .success(expander.result.sorted(by: startsBefore))
  }

  /// The problem of a calendar with no event at all.
  private static let noEvents = Problem(
    line: 1, column: 1, message: "the calendar has no VEVENT",
    hint: "a freeze calendar lists its freezes as events")

  /// The order of freeze intervals: by start, then by end (intervals that tie keep their order).
  private static func startsBefore(_ lhs: FreezeOccurrence, _ rhs: FreezeOccurrence) -> Bool {
    (lhs.start, lhs.end) < (rhs.start, rhs.end)
  }

  /// Reads the parts of one VCALENDAR (``ContentLines/parts(_:)``) on every core, with the
  /// result ``inOrder(_:lines:match:zone:horizon:)`` gives for them:
  /// 1. each part is parsed; its errors and the instances its overrides move are noted;
  /// 2. once the overrides of every part are known, each part's events are expanded and sorted;
  /// 3. the parts' intervals are merged, their problems put one after the other, in order.
  /// Only the bound on intervals spans parts: when the parts together pass it, they are read
  /// in order instead, so that the problem is the one reading them in order gives. nil when a
  /// part does not parse to one VCALENDAR (the text is then parsed whole).
  private static func inParts(
    _ texts: [[UInt8]], lines: ContentLines, match: [String], zone: TimeZone, horizon: FreezeHorizon
  ) -> Result<[FreezeOccurrence], Problems>? {
    let reads = PartReads(count: texts.count)
    DispatchQueue.concurrentPerform(iterations: texts.count) { index in
      let root = texts[index].withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { icalparser_parse_string($0.baseAddress) }
      }
      guard let root else { return }
      reads.roots[index] = root
      guard icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT else { return }
      let events = LibICal.children(of: root, ICAL_VEVENT_COMPONENT)
      var expander = CalendarExpander(zone: zone, horizon: horizon, lines: lines, match: match)
      reads.parts[index] = PartRead(
        events: events, errors: CalendarExpander.parseErrors(in: root, whole: index == 0),
        overrides: expander.overrides(events))
    }
    let roots = reads.roots.compactMap { $0 }
    defer { release(roots) }
    let parts = reads.parts.compactMap { $0 }
    guard roots.count == texts.count, parts.count == texts.count else { return nil }

    var checker = CalendarExpander(zone: zone, horizon: horizon, lines: lines, match: match)
    var firstEvent = 0
    for part in parts {
      checker.report(part.errors.found, firstEvent: firstEvent)
      firstEvent += part.errors.events
    }
    // What libical could not parse it dropped: expanding the rest would be a partial read.
    guard checker.problems.isEmpty else {
      return .failure(Problems(all: Array(checker.problems.prefix(maxProblems))))
    }
    var moved: [String: Set<Date>] = [:]
    for part in parts {
      for (uid, instant) in part.overrides { moved[uid, default: []].insert(instant) }
    }
    var starts: [Int] = []
    firstEvent = 0
    for part in parts {
      starts.append(firstEvent)
      firstEvent += part.events.count
    }
    let overridden = moved
    let firstEvents = starts
    DispatchQueue.concurrentPerform(iterations: parts.count) { index in
      var expander = CalendarExpander(
        zone: zone, horizon: horizon, lines: lines, match: match, firstEvent: firstEvents[index],
        overridden: overridden)
      let part = reads.parts[index]!
      let calendar = reads.roots[index]!
      for event in part.events { expander.expand(event, calendar: calendar) }
      reads.expanded[index] = Expanded(
        occurrences: expander.result.sorted(by: startsBefore), problems: expander.problems,
        capped: expander.capped)
    }
    let expanded = reads.expanded.compactMap { $0 }
    let total = expanded.reduce(0) { $0 + $1.occurrences.count }
    if total > FreezeHorizon.maxOccurrences || expanded.contains(where: \.capped) {
      return inOrder([roots], lines: lines, match: match, zone: zone, horizon: horizon)
    }
    var problems = expanded.flatMap(\.problems)
    if problems.isEmpty && lines.eventLines.isEmpty {
      problems.append(noEvents)
    }
    guard problems.isEmpty else {
      return .failure(Problems(all: Array(problems.prefix(maxProblems))))
    }
    return .success(merged(expanded.map(\.occurrences)))
  }

  /// Sorted lists merged into one sorted list; of intervals that tie, those of an earlier list
  /// come first, as sorting the lists put one after the other orders them.
  static func merged(_ lists: [[FreezeOccurrence]]) -> [FreezeOccurrence] {
    var result: [FreezeOccurrence] = []
    result.reserveCapacity(lists.reduce(0) { $0 + $1.count })
    var next = lists.map(\.startIndex)
    while true {
      var pick: Int?
      for list in lists.indices where next[list] < lists[list].endIndex {
        if let best = pick, !startsBefore(lists[list][next[list]], lists[best][next[best]]) { continue }
        pick = list
      }
      guard let list = pick else { return result }
      result.append(lists[list][next[list]])
      next[list] += 1
    }
  }

  /// What the first step of ``inParts(_:lines:match:zone:horizon:)`` learns of a part.
  private struct PartRead {
    var events: [OpaquePointer]
    var errors: (events: Int, found: [CalendarExpander.ParseError])
    var overrides: [(uid: String, instant: Date)]
  }

  /// What the second step learns of a part.
  private struct Expanded {
    var occurrences: [FreezeOccurrence]
    var problems: [Problem]
    var capped: Bool
  }

  /// The parts' roots and reads, handed to the workers of `DispatchQueue.concurrentPerform`:
  /// each slot is written by one worker only, and read after all of them have finished.
  private final class PartReads: @unchecked Sendable {
    let roots: UnsafeMutableBufferPointer<OpaquePointer?>
    let parts: UnsafeMutableBufferPointer<PartRead?>
    let expanded: UnsafeMutableBufferPointer<Expanded?>

    init(count: Int) {
      roots = .allocate(capacity: count)
      roots.initialize(repeating: nil)
      parts = .allocate(capacity: count)
      parts.initialize(repeating: nil)
      expanded = .allocate(capacity: count)
      expanded.initialize(repeating: nil)
    }

    deinit {
      roots.deallocate()
      parts.deinitialize()
      parts.deallocate()
      expanded.deinitialize()
      expanded.deallocate()
    }
  }

  /// Frees parsed components, each on its own core.
  private static func release(_ roots: [OpaquePointer]) {
    guard roots.count > 1 else {
      roots.forEach { icalcomponent_free($0) }
      return
    }
    let slots = Slots(roots)
    DispatchQueue.concurrentPerform(iterations: roots.count) { index in
      slots.slots[index].map { icalcomponent_free($0) }
    }
  }

  /// libical components handed to the workers of `DispatchQueue.concurrentPerform`: each slot
  /// is freed by one worker only.
  private final class Slots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<OpaquePointer?>

    init(_ components: [OpaquePointer]) {
      slots = .allocate(capacity: components.count)
      slots.initialize(repeating: nil)
      for (index, component) in components.enumerated() { slots[index] = component }
    }

    deinit { slots.deallocate() }
  }
}

/// The calendar's content lines (RFC 5545 §3.1: a line starting with a space or tab continues
/// the one before), kept only to put libical's findings on a line: libical itself parses.
/// Lines are byte ranges of the UTF-8 text; a line's text is only built to search it.
struct ContentLines {
  private let bytes: [UInt8]
  /// Each unfolded line: the physical line it starts on and the byte range of that first part.
  private var lines: [(line: Int, first: Range<Int>)] = []
  /// The continuations of the folded lines (without their leading space), by index in `lines`.
  private var continuations: [Int: [Range<Int>]] = [:]
  /// The index in `lines` of each `BEGIN:VEVENT`, in order, and of its `END:VEVENT`.
  var eventLines: [(begin: Int, end: Int)] = []
  /// True when the first content line is `BEGIN:VCALENDAR`.
  var beginsCalendar = false

  init(_ text: String) {
    let bytes = Array(text.utf8)
    var lines: [(line: Int, first: Range<Int>)] = []
    var continuations: [Int: [Range<Int>]] = [:]
    lines.reserveCapacity(bytes.count / 24)
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var physical = 0
      var start = 0
      let count = buffer.count
      while start < count {
        physical += 1
        var end = count
        if let found = memchr(base + start, 0x0A, count - start) {
          end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        }
        let next = end + 1
        if end > start && base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        if end > start {
          let first = base[start]
          if (first == UInt8(ascii: " ") || first == UInt8(ascii: "\t")) && !lines.isEmpty {
            continuations[lines.count - 1, default: []].append((start + 1)..<end)
          } else {
            lines.append((physical, start..<end))
          }
        }
        start = next
      }
    }
    self.bytes = bytes
    self.lines = lines
    self.continuations = continuations
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
  private func matches(_ index: Int, _ word: StaticString) -> Bool {
    let range = lines[index].first
    guard range.count == word.utf8CodeUnitCount else { return false }
    let equal = bytes.withUnsafeBufferPointer { buffer in
      let pattern = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
      for (offset, rhs) in pattern.enumerated() {
        let lhs = buffer[range.lowerBound + offset]
        guard lhs == rhs || (lhs >= 0x61 && lhs <= 0x7A && lhs - 0x20 == rhs) else { return false }
      }
      return true
    }
    return equal && continuations[index] == nil
  }

  /// The physical line a content line starts on.
  func line(_ index: Int) -> Int { lines.isEmpty ? 1 : lines[min(index, lines.count - 1)].line }

  /// The unfolded text of a content line.
  func text(_ index: Int) -> String {
    let ranges = [lines[index].first] + (continuations[index] ?? [])
    return String(decoding: ranges.flatMap { bytes[$0] }, as: UTF8.self)
  }

  /// The calendar cut at `BEGIN:VEVENT` lines into at most `count` calendars of about equal
  /// size, each NUL-terminated for libical: the first is the text up to its last event, with
  /// `END:VCALENDAR` added; each other begins with the lines before the first event (the
  /// calendar's properties and VTIMEZONEs) and goes on with its events. nil unless the text is
  /// one VCALENDAR after whose first event come only events, and whose every BEGIN and END line
  /// is unfolded and paired, so that each part parses to exactly the components of the whole
  /// it holds.
  func parts(_ count: Int) -> [[UInt8]]? {
    guard count > 1, lines.count > 2, matches(0, "BEGIN:VCALENDAR"),
      matches(lines.count - 1, "END:VCALENDAR")
    else { return nil }
    var open: [ArraySlice<UInt8>] = []
    var events: [Int] = []
    let vevent = Array("VEVENT".utf8)
    for index in 1..<(lines.count - 1) {
      switch delimiter(index) {
      case .unclear: return nil
      case .none:
        // A property of the calendar after its first event.
        if open.isEmpty && !events.isEmpty { return nil }
      case .begin(let name):
        if open.isEmpty {
          if name.elementsEqual(vevent) {
            events.append(index)
          } else if !events.isEmpty {
            return nil
          }
        }
        open.append(name)
      case .end(let name):
        guard let begun = open.popLast(), begun.elementsEqual(name) else { return nil }
      }
    }
    guard open.isEmpty, let first = events.first else { return nil }
    let header = bytes[0..<lines[first].first.lowerBound]
    let close = Array("END:VCALENDAR\r\n".utf8)
    let size = bytes.count - header.count
    var cuts: [Int] = []
    for event in events.dropFirst() {
      let offset = lines[event].first.lowerBound
      if offset - header.count >= size * (cuts.count + 1) / count { cuts.append(offset) }
      if cuts.count == count - 1 { break }
    }
    guard !cuts.isEmpty else { return nil }
    var result: [[UInt8]] = []
    var from = 0
    for (number, to) in (cuts + [bytes.count]).enumerated() {
      var part: [UInt8] = []
      part.reserveCapacity(header.count + to - from + close.count + 1)
      if number > 0 { part += header }
      part += bytes[from..<to]
      if number < cuts.count { part += close }
      part.append(0)
      result.append(part)
      from = to
    }
    return result
  }

  private enum Delimiter {
    case none, unclear
    case begin(ArraySlice<UInt8>)
    case end(ArraySlice<UInt8>)
  }

  /// Whether line `index` begins or ends a component: `BEGIN:NAME` or `END:NAME` alone on an
  /// unfolded line (NAME in upper case); unclear for any other line starting with BEGIN or END.
  private func delimiter(_ index: Int) -> Delimiter {
    let range = lines[index].first
    // Nearly every line is a property whose name starts with neither B nor E.
    guard let first = range.first.map({ bytes[$0] }),
      first == UInt8(ascii: "B") || first == UInt8(ascii: "b") || first == UInt8(ascii: "E")
        || first == UInt8(ascii: "e")
    else { return .none }
    let keyword: Int
    if begins(range, with: "BEGIN") {
      keyword = 5
    } else if begins(range, with: "END") {
      keyword = 3
    } else {
      return .none
    }
    guard continuations[index] == nil, range.count > keyword + 1,
      bytes[range.lowerBound + keyword] == UInt8(ascii: ":")
    else { return .unclear }
    let name = bytes[(range.lowerBound + keyword + 1)..<range.upperBound]
    guard name.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
    else { return .unclear }
    return keyword == 5 ? .begin(name) : .end(name)
  }

  /// True when the bytes in `range` begin with `word` (upper case), ignoring ASCII case.
  private func begins(_ range: Range<Int>, with word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard range.count >= count else { return false }
    let pattern = word.utf8Start
    for offset in 0..<count {
      let lhs = bytes[range.lowerBound + offset]
      let rhs = pattern[offset]
      guard lhs == rhs || lhs == rhs &+ 0x20 else { return false }
    }
    return true
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

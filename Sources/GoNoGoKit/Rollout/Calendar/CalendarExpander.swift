import CICal
import Foundation

/// Expands parsed VEVENTs into freeze intervals; libical iterates the recurrence rules, this
/// only keeps the bookkeeping RFC 5545 §3.8.5 asks for (DTSTART is the first instance, EXDATE and
/// RECURRENCE-ID remove instances, RDATE adds them) and the bounds.
struct CalendarExpander {
  let zone: TimeZone
  let horizon: FreezeHorizon
  let lines: ContentLines
  let match: [String]
  var problems: [CalendarReader.Problem] = []
  var result: [FreezeOccurrence] = []
  /// Instances moved by an override (UID → RECURRENCE-ID instants).
  private var overridden: [String: Set<Date>]
  /// The index of the next VEVENT, in document order (matches `lines.eventLines`).
  private var eventIndex: Int
  /// True once an interval was dropped for passing ``FreezeHorizon/maxOccurrences``.
  private(set) var capped = false
  /// The `match` terms as bytes when each is ASCII with no line break, to be compared with
  /// ASCII text byte by byte; else nil.
  private let asciiTerms: [[UInt8]]?
  /// The zones already resolved by TZID, for the calendar `zonesCalendar`: libical looks a
  /// tz database zone up among all of its zones one by one, so each TZID is looked up once.
  private var zones: [String: OpaquePointer?] = [:]
  private var zonesCalendar: OpaquePointer?

  /// An expander whose first event is VEVENT number `firstEvent` of the file, and which knows
  /// the instances `overridden` moves.
  init(
    zone: TimeZone, horizon: FreezeHorizon, lines: ContentLines, match: [String], firstEvent: Int = 0,
    overridden: [String: Set<Date>] = [:]
  ) {
    self.zone = zone
    self.horizon = horizon
    self.lines = lines
    self.match = match.map { $0.lowercased() }
    self.eventIndex = firstEvent
    self.overridden = overridden
    let terms = self.match.map { Array($0.utf8) }
    asciiTerms =
      terms.allSatisfy { term in
        !term.isEmpty && term.allSatisfy { $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }
      } ? terms : nil
  }

  // MARK: - Errors libical found

  /// Turns libical's X-LIC-ERROR properties into located problems. libical does not say on
  /// which line it found an error; its message ends with the offending text, which is looked
  /// for among the content lines of the event it was found in (else of the whole file).
  /// A VCALENDAR parsed in parts is read as the whole: the properties and components that
  /// every part repeats from the first are read in the first part only.
  mutating func reportParseErrors(_ calendars: [[OpaquePointer]]) {
    var firstEvent = 0
    for parts in calendars {
      for (number, part) in parts.enumerated() {
        let (events, found) = Self.parseErrors(in: part, whole: number == 0)
        report(found, firstEvent: firstEvent)
        firstEvent += events
      }
    }
  }

  /// An X-LIC-ERROR libical left in a component: its message, and the number of the VEVENT it
  /// was found in among those of the part (nil when found outside a VEVENT's own properties).
  struct ParseError: Sendable, Equatable {
    var event: Int?
    var message: String
  }

  /// The X-LIC-ERRORs of a parsed calendar or part, in document order, and how many VEVENTs
  /// (nested ones too) it holds: the whole component, or, when not `whole`, its VEVENTs only
  /// (a later part of a VCALENDAR, whose other components repeat the first part's).
  static func parseErrors(in component: OpaquePointer, whole: Bool) -> (events: Int, found: [ParseError]) {
    var index = 0
    var found: [ParseError] = []
    func walk(_ component: OpaquePointer) {
      var event: Int?
      if icalcomponent_isa(component) == ICAL_VEVENT_COMPONENT {
        event = index
        index += 1
      }
      for property in LibICal.properties(of: component, ICAL_XLICERROR_PROPERTY) {
        let message = LibICal.text(icalproperty_get_xlicerror(property)) ?? "malformed content"
        found.append(ParseError(event: event, message: message))
      }
      for child in LibICal.children(of: component, ICAL_ANY_COMPONENT) { walk(child) }
    }
    if whole {
      walk(component)
    } else {
      for event in LibICal.children(of: component, ICAL_VEVENT_COMPONENT) { walk(event) }
    }
    return (index, found)
  }

  /// Turns libical's X-LIC-ERROR properties into located problems. libical does not say on
  /// which line it found an error; its message ends with the offending text, which is looked
  /// for among the content lines of the event it was found in (else of the whole file).
  /// `firstEvent` is the number in the file of the first VEVENT of the part they were found in.
  mutating func report(_ found: [ParseError], firstEvent: Int) {
    for error in found {
      var range = 0...Int.max
      if let event = error.event, firstEvent + event < lines.eventLines.count {
        range = lines.eventLines[firstEvent + event].begin...lines.eventLines[firstEvent + event].end
      }
      let message = error.message
      let needle = message.range(of: ": ", options: .backwards).map {
        String(message[$0.upperBound...])
      } ?? ""
      let (line, column) = lines.locate(needle, in: range)
      problems.append(
        CalendarReader.Problem(
          line: line, column: column, message: "malformed calendar: " + message,
          hint: "fix the line as RFC 5545 describes, or export the calendar again"))
    }
  }

  // MARK: - Expansion

  /// Notes every instance that an override (a VEVENT with RECURRENCE-ID) replaces.
  mutating func collectOverrides(_ events: [OpaquePointer]) {
    for (uid, instant) in overrides(events) { overridden[uid, default: []].insert(instant) }
  }

  /// The instances the overrides among `events` replace: UID and RECURRENCE-ID, in order.
  mutating func overrides(_ events: [OpaquePointer]) -> [(uid: String, instant: Date)] {
    var found: [(uid: String, instant: Date)] = []
    for event in events {
      guard let property = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY),
        let uid = LibICal.text(icalcomponent_get_uid(event)),
        let time = time(of: property, calendar: icalcomponent_get_parent(event)),
        let instant = LibICal.date(time, planZone: zone)
      else { continue }
      found.append((uid, instant))
    }
    return found
  }

  /// Adds the intervals of one event.
  mutating func expand(_ event: OpaquePointer, calendar: OpaquePointer) {
    let index = eventIndex
    eventIndex += 1
    let range =
      index < lines.eventLines.count
      ? lines.eventLines[index].begin...lines.eventLines[index].end : 0...0
    let line = lines.line(range.lowerBound)
    guard selected(event) else { return }
    let summary = LibICal.text(icalcomponent_get_summary(event))
    let name = summary.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 } ?? "event at line \(line)"
    guard let startProperty = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY) else {
      problem("the event '\(name)' has no DTSTART", range: range, hint: "add DTSTART")
      return
    }
    guard let start = time(of: startProperty, calendar: calendar, range: range) else { return }
    guard let duration = duration(of: event, start: start, calendar: calendar, name: name, range: range)
    else { return }
    let isOverride = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) != nil
    var excluded: Set<Date> = []
    if !isOverride && !overridden.isEmpty {
      excluded = overridden[LibICal.text(icalcomponent_get_uid(event)) ?? ""] ?? []
    }
    for property in LibICal.properties(of: event, ICAL_EXDATE_PROPERTY) {
      guard let time = time(of: property, calendar: calendar, range: range) else { return }
      if let instant = LibICal.date(time, planZone: zone) { excluded.insert(instant) }
    }
    var seen: Set<Date> = []
    func add(_ first: icaltimetype, _ end: icaltimetype) -> Bool {
      guard let from = LibICal.date(first, planZone: zone), let to = LibICal.date(end, planZone: zone)
      else { return true }
      guard from < horizon.end else { return false }
      guard !excluded.contains(from), to > horizon.start, seen.insert(from).inserted else {
        return true
      }
      guard result.count < FreezeHorizon.maxOccurrences else {
        if !capped {
          capped = true
          problem(
            "the calendar expands to more than \(FreezeHorizon.maxOccurrences) freezes within the "
              + "horizon", range: range, hint: "narrow it with 'match:' or shorten its rules")
        }
        return false
      }
      result.append(FreezeOccurrence(name: name, start: from, end: to, line: line))
      return true
    }
    _ = add(start, icaltime_add(start, duration))
    guard !isOverride else { return }
    for property in LibICal.properties(of: event, ICAL_RDATE_PROPERTY) {
      let value = icalproperty_get_rdate(property)
      if icalperiodtype_is_null_period(value.period) == 0 {
        var from = value.period.start
        var to =
          icaltime_is_null_time(value.period.end) == 0
          ? value.period.end : icaltime_add(from, value.period.duration)
        if let tzid = LibICal.tzid(of: property) {
          guard let tz = resolvedZone(tzid: tzid, calendar: calendar) else {
            unknownZone(tzid, range: range)
            return
          }
          from = icaltime_set_timezone(&from, tz)
          to = icaltime_set_timezone(&to, tz)
        }
        _ = add(from, to)
      } else if let time = time(of: property, calendar: calendar, range: range) {
        _ = add(time, icaltime_add(time, duration))
      }
    }
    for property in LibICal.properties(of: event, ICAL_RRULE_PROPERTY) {
      let rule = icalproperty_get_rrule(property)
      guard rule.freq != ICAL_NO_RECURRENCE, let iterator = icalrecur_iterator_new(rule, start) else {
        problem("the RRULE of '\(name)' cannot be evaluated", range: range, needle: "RRULE")
        return
      }
      defer { icalrecur_iterator_free(iterator) }
      var steps = 0
      while true {
        let next = icalrecur_iterator_next(iterator)
        if icaltime_is_null_time(next) != 0 { break }
        steps += 1
        if steps > FreezeHorizon.maxSteps {
          problem(
            "the RRULE of '\(name)' has more than \(FreezeHorizon.maxSteps) occurrences before "
              + "the end of the horizon", range: range, needle: "RRULE",
            hint: "start the rule later (DTSTART) or make it less frequent")
          break
        }
        if !add(next, icaltime_add(next, duration)) { break }
      }
    }
  }

  /// True when the event is selected by `match` (any CATEGORIES value equal to a term, or a
  /// SUMMARY containing one, ignoring case); every event when there is no `match`.
  private func selected(_ event: OpaquePointer) -> Bool {
    guard !match.isEmpty else { return true }
    if let asciiTerms, let selected = Self.selected(event, asciiTerms) { return selected }
    let summary = LibICal.text(icalcomponent_get_summary(event))?.lowercased() ?? ""
    var categories: [String] = []
    for property in LibICal.properties(of: event, ICAL_CATEGORIES_PROPERTY) {
      let text = LibICal.text(icalproperty_get_categories(property)) ?? ""
      categories += text.split(separator: ",").map { $0.trimmingWhitespace().lowercased() }
    }
    return match.contains { term in categories.contains(term) || summary.contains(term) }
  }

  /// ``selected(_:)`` for ASCII terms, comparing bytes where the event's CATEGORIES and SUMMARY
  /// are ASCII (a CR in the summary aside: with the LF after it, it is one character); nil
  /// where they are not, and the comparison of ``selected(_:)`` decides.
  private static func selected(_ event: OpaquePointer, _ terms: [[UInt8]]) -> Bool? {
    func isSpace(_ byte: UInt8) -> Bool { (0x09...0x0D).contains(byte) || byte == 0x20 }
    func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
    for property in LibICal.properties(of: event, ICAL_CATEGORIES_PROPERTY) {
      guard let pointer = icalproperty_get_categories(property) else { continue }
      let text = UnsafeBufferPointer(
        start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
      guard !text.contains(where: { $0 >= 0x80 }) else { return nil }
      // The values between commas, without the whitespace around them.
      var start = 0
      while start < text.count {
        var end = start
        while end < text.count && text[end] != UInt8(ascii: ",") { end += 1 }
        var low = start
        var high = end
        while low < high && isSpace(text[low]) { low += 1 }
        while high > low && isSpace(text[high - 1]) { high -= 1 }
        for term in terms where term.count == high - low {
          if term.indices.allSatisfy({ lower(text[low + $0]) == term[$0] }) { return true }
        }
        start = end + 1
      }
    }
    guard let pointer = icalcomponent_get_summary(event) else { return false }
    let count = strlen(pointer)
    let summary = UnsafeBufferPointer(
      start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: count)
    guard !summary.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
    let lowered = summary.map(lower)
    for term in terms where term.count <= lowered.count {
      for offset in 0...(lowered.count - term.count)
      where lowered[offset] == term[0] && term.indices.allSatisfy({ lowered[offset + $0] == term[$0] }) {
        return true
      }
    }
    return false
  }

  /// The length of each instance: DTEND − DTSTART on the wall clock of DTSTART's zone, else
  /// DURATION, else one day for an all-day event.
  private mutating func duration(
    of event: OpaquePointer, start: icaltimetype, calendar: OpaquePointer, name: String,
    range: ClosedRange<Int>
  ) -> icaldurationtype? {
    var duration: icaldurationtype
    if let property = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) {
      guard let end = time(of: property, calendar: calendar, range: range) else { return nil }
      var inStartZone = end
      if start.is_date == 0, let startZone = start.zone, let endZone = end.zone, startZone != endZone {
        inStartZone = icaltime_convert_to_zone(end, startZone)
      }
      duration = icaltime_subtract(inStartZone, start)
    } else if let property = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY) {
      duration = icalproperty_get_duration(property)
    } else if start.is_date != 0 {
      duration = icaldurationtype_from_int(86_400)
    } else {
      problem(
        "the event '\(name)' has neither DTEND nor DURATION, so the freeze has no end",
        range: range, hint: "add DTEND or DURATION")
      return nil
    }
    guard icaldurationtype_as_int(duration) > 0 else {
      problem(
        "the event '\(name)' ends before or when it starts", range: range, needle: "DTEND",
        hint: "DTEND (exclusive) must come after DTSTART")
      return nil
    }
    return duration
  }

  /// The DATE or DATE-TIME of a property with its TZID resolved; nil (with a problem) when the
  /// zone is unknown or the value is not a time.
  private mutating func time(
    of property: OpaquePointer, calendar: OpaquePointer?, range: ClosedRange<Int>? = nil
  ) -> icaltimetype? {
    guard let value = icalproperty_get_value(property) else { return nil }
    var time: icaltimetype
    switch icalvalue_isa(value) {
    case ICAL_DATETIME_VALUE: time = icalvalue_get_datetime(value)
    case ICAL_DATE_VALUE: time = icalvalue_get_date(value)
    default:
      if let range { problem("a date or date-time was expected", range: range) }
      return nil
    }
    if let tzid = LibICal.tzid(of: property), time.is_date == 0 {
      guard let zone = resolvedZone(tzid: tzid, calendar: calendar) else {
        if let range { unknownZone(tzid, range: range) }
        return nil
      }
      time = icaltime_set_timezone(&time, zone)
    }
    return time
  }

  /// The zone a TZID names in `calendar` (``LibICal/zone(tzid:calendar:)``), remembered.
  private mutating func resolvedZone(tzid: String, calendar: OpaquePointer?) -> OpaquePointer? {
    if calendar != zonesCalendar {
      zones = [:]
      zonesCalendar = calendar
    }
    if let known = zones[tzid] { return known }
    let zone = LibICal.zone(tzid: tzid, calendar: calendar)
    zones[tzid] = zone
    return zone
  }

  private mutating func unknownZone(_ tzid: String, range: ClosedRange<Int>) {
    problem(
      "TZID '\(tzid)' is neither a VTIMEZONE of the calendar nor a zone of the tz database",
      range: range, needle: "TZID=" + tzid,
      hint: "add the VTIMEZONE, or use an IANA name such as Europe/Berlin")
  }

  private mutating func problem(
    _ message: String, range: ClosedRange<Int>, needle: String = "", hint: String? = nil
  ) {
    let (line, column) = lines.locate(needle, in: range)
    problems.append(
      CalendarReader.Problem(line: line, column: needle.isEmpty ? 1 : column, message: message, hint: hint))
  }
}

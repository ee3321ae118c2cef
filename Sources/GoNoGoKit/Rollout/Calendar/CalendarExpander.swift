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
  private var overridden: [String: Set<Date>] = [:]
  /// The index of the next VEVENT, in document order (matches `lines.eventLines`).
  private var eventIndex = 0
  private var capped = false
  /// The zones already resolved by TZID, for the calendar `zonesCalendar`: libical looks a
  /// tz database zone up among all of its zones one by one, so each TZID is looked up once.
  private var zones: [String: OpaquePointer?] = [:]
  private var zonesCalendar: OpaquePointer?

  init(zone: TimeZone, horizon: FreezeHorizon, lines: ContentLines, match: [String]) {
    self.zone = zone
    self.horizon = horizon
    self.lines = lines
    self.match = match.map { $0.lowercased() }
  }

  // MARK: - Errors libical found

  /// Turns libical's X-LIC-ERROR properties into located problems. libical does not say on
  /// which line it found an error; its message ends with the offending text, which is looked
  /// for among the content lines of the event it was found in (else of the whole file).
  /// A VCALENDAR parsed in parts is read as the whole: the properties and components that
  /// every part repeats from the first are read in the first part only.
  mutating func reportParseErrors(_ calendars: [[OpaquePointer]]) {
    var index = 0
    func walk(_ component: OpaquePointer) {
      var range = 0...Int.max
      if icalcomponent_isa(component) == ICAL_VEVENT_COMPONENT {
        if index < lines.eventLines.count {
          range = lines.eventLines[index].begin...lines.eventLines[index].end
        }
        index += 1
      }
      for property in LibICal.properties(of: component, ICAL_XLICERROR_PROPERTY) {
        let message = LibICal.text(icalproperty_get_xlicerror(property)) ?? "malformed content"
        let needle = message.range(of: ": ", options: .backwards).map {
          String(message[$0.upperBound...])
        } ?? ""
        let (line, column) = lines.locate(needle, in: range)
        problems.append(
          CalendarReader.Problem(
            line: line, column: column, message: "malformed calendar: " + message,
            hint: "fix the line as RFC 5545 describes, or export the calendar again"))
      }
      for child in LibICal.children(of: component, ICAL_ANY_COMPONENT) { walk(child) }
    }
    for parts in calendars {
      for (number, part) in parts.enumerated() {
        if number == 0 {
          walk(part)
        } else {
          for event in LibICal.children(of: part, ICAL_VEVENT_COMPONENT) { walk(event) }
        }
      }
    }
  }

  // MARK: - Expansion

  /// Notes every instance that an override (a VEVENT with RECURRENCE-ID) replaces.
  mutating func collectOverrides(_ events: [OpaquePointer]) {
    for event in events {
      guard let property = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY),
        let uid = LibICal.text(icalcomponent_get_uid(event)),
        let time = time(of: property, calendar: icalcomponent_get_parent(event)),
        let instant = LibICal.date(time, planZone: zone)
      else { continue }
      overridden[uid, default: []].insert(instant)
    }
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
    let summary = LibICal.text(icalcomponent_get_summary(event))?.lowercased() ?? ""
    var categories: [String] = []
    for property in LibICal.properties(of: event, ICAL_CATEGORIES_PROPERTY) {
      let text = LibICal.text(icalproperty_get_categories(property)) ?? ""
      categories += text.split(separator: ",").map { $0.trimmingWhitespace().lowercased() }
    }
    return match.contains { term in categories.contains(term) || summary.contains(term) }
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

import Foundation
import LocatedYAML

/// Decodes the entries of a plan's `freeze:` list into freeze windows. An entry is one of:
/// - `{name, from, to}`: one window (dates cover whole days in the plan's zone);
/// - `{name?, calendar: PATH.ics, match?}`: every VEVENT of the calendar (or those whose
///   CATEGORIES or SUMMARY match) over the plan's horizon, read by ``CalendarReader``;
/// - `{name, rrule, from: "15:00", to: "Mon 08:00" | duration}`: a ``RecurringFreeze``.
/// The schedule cannot tell them apart: each becomes ``FreezeWindow``s.
struct FreezeDecoder {
  let sections: PlanSections
  let start: Date?
  let horizon: FreezeHorizon?
  var windows: [FreezeWindow] = []
  private var overflowed = false
  private var sink: DiagnosticSink { sections.sink }

  init(sections: PlanSections, start: Date?, horizon: FreezeHorizon?) {
    self.sections = sections
    self.start = start
    self.horizon = horizon
  }

  mutating func decode(_ entry: Fields, _ node: Node) {
    if entry.has("calendar") {
      refuse(["from", "to", "rrule", "duration"], with: "calendar", in: entry, because: "the calendar's events give the times")
      calendar(entry, node)
    } else if entry.has("rrule") {
      refuse(["match"], with: "rrule", in: entry, because: "'match' selects events of a calendar")
      recurring(entry, node)
    } else {
      refuse(["match"], with: "from", in: entry, because: "'match' selects events of a calendar")
      refuse(["duration"], with: "from", in: entry, because: "'duration' goes with 'rrule'")
      if let window = sections.fixedFreeze(entry, node) { windows.append(window) }
    }
  }

  private func refuse(_ keys: [String], with key: String, in entry: Fields, because reason: String) {
    for other in keys where entry.has(other) {
      sink.error(
        entry.location(of: other), "'\(other)' does not go with '\(key)' in \(entry.context): \(reason)",
        hint: "remove '\(other)'")
    }
  }

  // MARK: - calendar: PATH.ics

  private mutating func calendar(_ entry: Fields, _ node: Node) {
    let name = entry.string("name", required: entry.has("name"))
    let match = (entry.strings("match", required: entry.has("match")) ?? []).map(\.value)
    guard let path = entry.string("calendar", required: true) else { return }
    let at = entry.location(of: "calendar")
    if let problem = EvidenceRoot.problem(withPath: path) {
      sink.error(
        at, "calendar path '\(path)': \(problem)",
        hint: "write the path relative to the plan's directory, inside it")
      return
    }
    guard start != nil, let horizon else { return }
    let root = EvidenceRoot(URL(fileURLWithPath: sections.directory.isEmpty ? "." : sections.directory))
    let file: EvidenceFile
    switch root.file(path) {
    case .success(let found): file = found
    case .failure(let error):
      sink.error(
        at, "calendar '\(path)': " + error.message.replacingOccurrences(of: "evidence file", with: "file"),
        hint: "write the path relative to the plan's directory, inside it")
      return
    }
    let display = sections.directory.isEmpty ? path : (sections.directory as NSString).appendingPathComponent(path)
    let size = (try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int) ?? 0
    guard size <= CalendarReader.maxBytes else {
      sink.error(
        SourceLocation(file: display, line: 1, column: 1),
        "the calendar is larger than \(CalendarReader.maxBytes >> 20) MiB, the most gonogo reads",
        hint: "export only the freeze calendar, or the events of the coming year")
      return
    }
    guard let data = try? Data(contentsOf: file.url) else {
      sink.error(at, "calendar '\(path)' cannot be read")
      return
    }
    guard let text = String(data: data, encoding: .utf8) else {
      sink.error(
        SourceLocation(file: display, line: 1, column: 1), "the calendar is not valid UTF-8",
        hint: "iCalendar files are UTF-8 (RFC 5545 §3.1.4)")
      return
    }
    switch CalendarReader.occurrences(in: text, match: match, zone: sections.zone, horizon: horizon) {
    case .failure(let problems):
      for problem in problems.all {
        sink.error(
          SourceLocation(file: display, line: max(1, problem.line), column: max(1, problem.column)),
          problem.message, hint: problem.hint)
      }
    case .success(let occurrences):
      let times = Self.times(
        of: occurrences.prefix(max(0, FreezeHorizon.maxOccurrences - windows.count)), in: sections.zone)
      for (index, occurrence) in occurrences.enumerated() {
        append(
          name: name.map { "\($0): \(occurrence.name)" } ?? occurrence.name, occurrence.start,
          occurrence.end, at: SourceLocation(file: display, line: max(1, occurrence.line), column: 1),
          entry: entry, times: index < times.count ? times[index] : nil)
      }
    }
  }

  /// The RFC 3339 texts (``ScheduleRenderer/iso(_:in:)``) of the intervals' ends in `zone`:
  /// a large calendar's thousands are written on every core.
  private static func times(of occurrences: ArraySlice<FreezeOccurrence>, in zone: TimeZone)
    -> [(from: String, to: String)]
  {
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, CalendarReader.maxParts))
    let count = occurrences.count
    let chunk = count < 4_096 ? count : (count + parts - 1) / parts
    return Parallel.map(Array(occurrences), chunk: chunk) { each -> (from: String, to: String) in
      (ScheduleRenderer.iso(each.start, in: zone), ScheduleRenderer.iso(each.end, in: zone))
    }
  }

  // MARK: - rrule

  private mutating func recurring(_ entry: Fields, _ node: Node) {
    let name = entry.string("name", required: true)
    let rule = entry.string("rrule", required: true)
    if let rule, let problem = RecurringFreeze.problem(with: rule) {
      sink.error(
        entry.location(of: "rrule"), "'rrule' in \(entry.context): \(problem)",
        hint: "write an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=FR")
      return
    }
    var from: Int?
    if let text = entry.string("from", required: true) {
      from = PlanTime.clock(text)
      if from == nil {
        sink.error(
          entry.location(of: "from"),
          "'from' in \(entry.context) must be a time such as 15:00, not '\(text)'",
          hint: "write 24-hour HH:MM, quoted: from: \"15:00\"")
      }
    }
    var end: RecurringFreeze.End?
    switch (entry.has("to"), entry.has("duration")) {
    case (true, true):
      sink.error(
        entry.location(of: "duration"), "\(entry.context) has both 'to' and 'duration'",
        hint: "keep one of them")
    case (false, false):
      sink.error(
        node.location, "\(entry.context) has neither 'to' nor 'duration'",
        hint: "add 'to: \"Mon 08:00\"' or 'duration: 2h'")
    case (true, false):
      if let text = entry.string("to", required: true) {
        end = RecurringFreeze.end(parsing: text)
        if end == nil {
          sink.error(
            entry.location(of: "to"),
            "'to' in \(entry.context) must be a time such as 08:00 or a day and a time such as "
              + "Mon 08:00, not '\(text)'")
        }
      }
    case (false, true):
      if let span = entry.timespan("duration", required: true) {
        if span.seconds <= 0 || span.seconds > RecurringFreeze.maxDuration {
          sink.error(
            entry.location(of: "duration"),
            "'duration' in \(entry.context) must be more than 0 and at most "
              + "\(RecurringFreeze.anchorDays)d, not \(span.text)")
        } else {
          end = .duration(span.seconds)
        }
      }
    }
    guard let name, let rule, let from, let end, let start, let horizon else { return }
    let freeze = RecurringFreeze(rule: rule, from: from, end: end)
    switch freeze.occurrences(
      zone: sections.zone, zoneName: sections.zoneName, planStart: start, horizon: horizon)
    {
    case .failure(let problem):
      sink.error(entry.location(of: "rrule"), "'rrule' in \(entry.context): " + problem.message)
    case .success(let occurrences):
      for occurrence in occurrences {
        append(name: name, occurrence.start, occurrence.end, at: node.location, entry: entry)
      }
    }
  }

  /// Adds a window from `from` to `to`; `times` are their texts when already written.
  private mutating func append(
    name: String, _ from: Date, _ to: Date, at location: SourceLocation, entry: Fields,
    times: (from: String, to: String)? = nil
  ) {
    guard windows.count < FreezeHorizon.maxOccurrences else {
      if !overflowed {
        overflowed = true
        sink.error(
          entry.location(of: entry.has("calendar") ? "calendar" : "rrule"),
          "the plan's freezes expand to more than \(FreezeHorizon.maxOccurrences) windows",
          hint: "narrow the calendar with 'match:' or make the rules less frequent")
      }
      return
    }
    let zone = sections.zone
    var window = FreezeWindow(
      name: name,
      from: PlanInstant(date: from, text: times?.from ?? ScheduleRenderer.iso(from, in: zone), isDay: false),
      to: PlanInstant(date: to, text: times?.to ?? ScheduleRenderer.iso(to, in: zone), isDay: false),
      location: location)
    window.isExpanded = true
    windows.append(window)
  }
}

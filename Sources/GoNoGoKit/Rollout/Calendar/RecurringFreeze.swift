import CICal
import Foundation

/// A freeze written in YAML as a recurrence rule: `{name, rrule: "FREQ=WEEKLY;BYDAY=FR",
/// from: "15:00", to: "Mon 08:00"}` (or `duration: 65h` instead of `to`).
///
/// libical evaluates the rule (RFC 5545 RRULE syntax) with DTSTART at `from`, local time in the
/// plan's zone, on the day ``RecurringFreeze/anchorDays`` days before the plan's start, so a
/// rule's INTERVAL counts from there. Each occurrence ends at the first `to` after it (a day
/// name picks the weekday; `08:00` alone is the next 08:00), or `duration` later on the clock.
struct RecurringFreeze: Sendable, Equatable {
  /// When an occurrence ends.
  enum End: Sendable, Equatable {
    /// The first local time (minutes after midnight) after the start, on a given weekday.
    case clock(Weekday?, Int)
    /// A fixed length in seconds.
    case duration(Int)
  }

  /// The rule as written.
  var rule: String
  /// The local start of each occurrence, minutes after midnight.
  var from: Int
  /// How an occurrence ends.
  var end: End

  /// How many days before the plan's start the rule's DTSTART is.
  static let anchorDays = 28
  /// The longest occurrence accepted (an occurrence may start before the anchor and still run).
  static let maxDuration = anchorDays * 86_400

  /// Parses `Mon 08:00` or `08:00`.
  static func end(parsing text: String) -> End? {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    switch parts.count {
    case 1: return PlanTime.clock(String(parts[0])).map { .clock(nil, $0) }
    case 2:
      guard let day = Weekday.parse(String(parts[0])), let minutes = PlanTime.clock(String(parts[1]))
      else { return nil }
      return .clock(day, minutes)
    default: return nil
    }
  }

  /// Why libical cannot read `rule`, or nil when it can.
  static func problem(with rule: String) -> String? {
    LibICal.locked {
      let parsed = icalrecurrencetype_from_string(rule)
      return parsed.freq == ICAL_NO_RECURRENCE ? "'\(rule)' is not a recurrence rule libical reads" : nil
    }
  }

  /// The occurrences overlapping `horizon`, or a problem.
  func occurrences(
    zone: TimeZone, zoneName: String, planStart: Date, horizon: FreezeHorizon
  ) -> Result<[(start: Date, end: Date)], CalendarReader.Problem> {
    let calendar = PlanTime.calendar(zone)
    let day = calendar.dateComponents([.year, .month, .day], from: planStart)
    guard let year = day.year, let month = day.month, let dayOfMonth = day.day,
      let anchor = calendar.date(
        from: DateComponents(
          year: year, month: month, day: dayOfMonth - Self.anchorDays, hour: from / 60,
          minute: from % 60))
    else { return .failure(.init(line: 0, column: 0, message: "the rule cannot be anchored")) }
    let local = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: anchor)
    return LibICal.locked {
      guard let icalZone = LibICal.zone(named: zoneName) else {
        return .failure(
          .init(line: 0, column: 0, message: "libical knows no time zone '\(zoneName)'"))
      }
      let rule = icalrecurrencetype_from_string(self.rule)
      guard rule.freq != ICAL_NO_RECURRENCE else {
        return .failure(
          .init(line: 0, column: 0, message: "'\(self.rule)' is not a recurrence rule libical reads"))
      }
      var dtstart = icaltime_null_time()
      dtstart.year = Int32(local.year ?? year)
      dtstart.month = Int32(local.month ?? month)
      dtstart.day = Int32(local.day ?? dayOfMonth)
      dtstart.hour = Int32(local.hour ?? 0)
      dtstart.minute = Int32(local.minute ?? 0)
      dtstart.is_date = 0
      dtstart = icaltime_set_timezone(&dtstart, icalZone)
      guard let iterator = icalrecur_iterator_new(rule, dtstart) else {
        return .failure(
          .init(line: 0, column: 0, message: "libical cannot iterate '\(self.rule)'"))
      }
      defer { icalrecur_iterator_free(iterator) }
      var result: [(start: Date, end: Date)] = []
      var steps = 0
      while true {
        let next = icalrecur_iterator_next(iterator)
        if icaltime_is_null_time(next) != 0 { break }
        steps += 1
        guard steps <= FreezeHorizon.maxSteps, result.count < FreezeHorizon.maxOccurrences else {
          return .failure(
            .init(
              line: 0, column: 0,
              message: "the rule '\(self.rule)' has more than \(FreezeHorizon.maxSteps) "
                + "occurrences within the horizon"))
        }
        let start = Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(next, icalZone)))
        if start >= horizon.end { break }
        guard let end = self.end(after: start, calendar: calendar) else { continue }
        if end > horizon.start { result.append((start, end)) }
      }
      return .success(result)
    }
  }

  /// The end of the occurrence starting at `start`.
  private func end(after start: Date, calendar: Calendar) -> Date? {
    switch end {
    case .duration(let seconds):
      return start.addingTimeInterval(TimeInterval(seconds))
    case .clock(let weekday, let minutes):
      let day = calendar.dateComponents([.year, .month, .day], from: start)
      guard let year = day.year, let month = day.month, let dayOfMonth = day.day else { return nil }
      for offset in 0...8 {
        guard
          let candidate = calendar.date(
            from: DateComponents(
              year: year, month: month, day: dayOfMonth + offset, hour: minutes / 60,
              minute: minutes % 60)),
          candidate > start
        else { continue }
        if let weekday, calendar.component(.weekday, from: candidate) != weekday.rawValue {
          continue
        }
        return candidate
      }
      return nil
    }
  }
}

import Foundation

/// Calendar arithmetic in a plan's zones; every local time goes through here.
enum PlanTime {
  /// A Gregorian calendar in `zone`.
  static func calendar(_ zone: TimeZone) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return calendar
  }

  /// A wall-clock time: the fields of a date at some offset from UTC.
  struct WallClock: Equatable {
    var year, month, day, hour, minute, second: Int
  }

  /// The wall-clock time of `date` at `offset` seconds east of UTC (the same fields
  /// `calendar(zone).dateComponents` gives where the zone's offset is `offset`), computed by
  /// civil-date arithmetic; nil outside the years 1601–9999, where the calendar's answer stands.
  static func wallClock(_ date: Date, offset: Int) -> WallClock? {
    let interval = date.timeIntervalSince1970.rounded(.down)
    // 1601-01-01 and 10000-01-01, in seconds since 1970.
    guard interval >= -11_644_473_600, interval < 253_402_300_800 - 86_400 else { return nil }
    let local = Int(interval) + offset
    let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let seconds = local - days * 86_400
    // Days since 1970-01-01 to a proleptic Gregorian date, in 400-year eras from 0000-03-01.
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return WallClock(
      year: year, month: month, day: day, hour: seconds / 3600, minute: seconds % 3600 / 60,
      second: seconds % 60)
  }

  /// An instant written in a plan: a date-time is itself; a date (`2026-12-24`) is local
  /// midnight at the start of that day in `zone`, or the midnight after it when `endOfDay`.
  static func instant(_ value: DateValue, in zone: TimeZone, endOfDay: Bool) -> Date? {
    guard value.isDay else { return value.start }
    let utc = calendar(TimeZone(secondsFromGMT: 0) ?? .gmt)
    let day = utc.dateComponents([.year, .month, .day], from: value.start)
    guard let year = day.year, let month = day.month, let dayOfMonth = day.day else { return nil }
    return midnight(year: year, month: month, day: dayOfMonth + (endOfDay ? 1 : 0), in: zone)
  }

  /// Local midnight of a day; days past the month's end roll over.
  static func midnight(year: Int, month: Int, day: Int, in zone: TimeZone) -> Date? {
    calendar(zone).date(from: DateComponents(year: year, month: month, day: day))
  }

  /// Parses `HH:MM` (00:00–24:00) into minutes after midnight.
  static func clock(_ text: String) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60,
      hour < 24 || (hour == 24 && minute == 0)
    else { return nil }
    return hour * 60 + minute
  }

  /// `HH:MM` for minutes after midnight.
  static func clockText(_ minutes: Int) -> String {
    let hour = minutes / 60
    let minute = minutes % 60
    return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
  }

  /// Parses `T-2d`, `T+90m`, `T` (the start itself) into seconds relative to the start;
  /// offsets further than ``Timespan/maxSeconds`` from the start are ``Timespan/Problem/tooLong``.
  static func relative(_ text: String) -> Result<Int, Timespan.Problem> {
    guard text.first == "T" else { return .failure(.malformed) }
    let rest = text.dropFirst()
    if rest.isEmpty { return .success(0) }
    guard let sign = rest.first, sign == "-" || sign == "+" else { return .failure(.malformed) }
    let span = String(rest.dropFirst())
    if span == "0" { return .success(0) }
    return Timespan.parse(span).map { sign == "-" ? -$0.seconds : $0.seconds }
  }

  /// `T-2d` style text for seconds relative to the start.
  static func relativeText(_ seconds: Int) -> String {
    seconds == 0 ? "T" : (seconds < 0 ? "T-" : "T+") + Timespan.format(abs(seconds))
  }
}

extension Weekday {
  /// Parses `mon`, `Monday`, `MON`.
  static func parse(_ text: String) -> Weekday? {
    let lowered = text.lowercased()
    return allCases.first { lowered == $0.name || lowered == $0.fullName }
  }

  /// `monday`.
  var fullName: String {
    switch self {
    case .mon: "monday"
    case .tue: "tuesday"
    case .wed: "wednesday"
    case .thu: "thursday"
    case .fri: "friday"
    case .sat: "saturday"
    case .sun: "sunday"
    }
  }

  /// The days from `self` through `last`, wrapping past Sunday (`fri-mon`).
  func through(_ last: Weekday) -> [Weekday] {
    let order = Weekday.allCases
    guard let first = order.firstIndex(of: self), let end = order.firstIndex(of: last) else {
      return [self]
    }
    let count = (end - first + 7) % 7 + 1
    return (0..<count).map { order[(first + $0) % 7] }
  }
}

extension DeployWindow {
  /// `mon–thu 09:00–16:00 Europe/Berlin`.
  public var summary: String {
    let order = Weekday.allCases
    let positions = days.compactMap { order.firstIndex(of: $0) }.sorted()
    var runs: [String] = []
    var index = 0
    while index < positions.count {
      var end = index
      while end + 1 < positions.count, positions[end + 1] == positions[end] + 1 { end += 1 }
      let names = (index...end).map { order[positions[$0]].name }
      runs.append(
        end > index + 1 ? "\(names[0])–\(names[names.count - 1])" : names.joined(separator: ","))
      index = end + 1
    }
    return runs.joined(separator: ",") + " " + PlanTime.clockText(from) + "–"
      + PlanTime.clockText(to) + " " + timeZoneName
  }
}

import Foundation

/// Why a text is not a date or date-time gonogo accepts.
public enum DateProblem: Error, Sendable, Equatable {
  /// The text does not have the shape of a date or date-time at all.
  case malformed
  /// The text has the shape but names a day, time or offset that does not exist; the reason
  /// finishes the sentence "'<text>' does not exist: …".
  case impossible(String)

  /// Why the day, time or offset does not exist ("February 2026 has 28 days"); nil for a
  /// malformed text.
  public var reason: String? {
    guard case .impossible(let reason) = self else { return nil }
    return reason
  }

  /// A whole sentence about `text`, or nil for a malformed text (callers say what they expect).
  public func sentence(about text: String) -> String? {
    guard case .impossible(let reason) = self else { return nil }
    return "'\(text)' does not exist: \(reason)"
  }
}

/// The one strict reader of ISO 8601 / RFC 3339 dates and date-times.
///
/// `YYYY-MM-DD`, or `YYYY-MM-DD` `T` (or a space) `hh:mm:ss[.fraction]` and a zone (`Z` or
/// `±hh:mm`, `±hhmm`). Every field is checked against the calendar and the parsed fields are
/// turned into an instant and back, so a day that does not exist (30 February, 31 April,
/// 29 February outside a leap year) is refused instead of rolling over into the next month.
/// Years run 0001–9999, hours 00–23, minutes and seconds 00–59 (a leap second `:60` is refused:
/// no clock gonogo compares with can place it), offsets −14:00 to +14:00.
enum CivilTime {
  /// The widest offset from UTC in use anywhere (Kiribati, UTC+14), in seconds.
  static let maxOffset = 14 * 3600

  /// The fields of a parsed text.
  struct Parsed: Equatable {
    var year, month, day: Int
    /// Nil for a date without a time.
    var time: (hour: Int, minute: Int, second: Int, fraction: Double)?
    /// Seconds east of UTC; nil when no zone was written.
    var offset: Int?

    static func == (lhs: Parsed, rhs: Parsed) -> Bool {
      lhs.year == rhs.year && lhs.month == rhs.month && lhs.day == rhs.day
        && lhs.time?.hour == rhs.time?.hour && lhs.time?.minute == rhs.time?.minute
        && lhs.time?.second == rhs.time?.second && lhs.time?.fraction == rhs.time?.fraction
        && lhs.offset == rhs.offset
    }

    /// The instant: midnight UTC for a date; a date-time without a zone reads as UTC.
    var instant: Date {
      let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
      var seconds = days * 86_400
      if let time { seconds += time.hour * 3600 + time.minute * 60 + time.second }
      seconds -= offset ?? 0
      return Date(timeIntervalSince1970: Double(seconds) + (time?.fraction ?? 0))
    }
  }

  /// Parses `text`; a date-time needs a zone unless `zoneOptional`.
  static func parse(_ text: String, zoneOptional: Bool = false) -> Result<Parsed, DateProblem> {
    let bytes = Array(text.utf8)
    guard bytes.count <= 40 else { return .failure(.malformed) }
    var index = 0
    func number(_ width: Int) -> Int? {
      guard index + width <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[index..<index + width] {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      index += width
      return value
    }
    func take(_ characters: String) -> Bool {
      guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
      index += 1
      return true
    }
    guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2)
    else { return .failure(.malformed) }
    var parsed = Parsed(year: year, month: month, day: day, time: nil, offset: nil)
    if index < bytes.count {
      guard take("Tt "), let hour = number(2), take(":"), let minute = number(2), take(":"),
        let second = number(2)
      else { return .failure(.malformed) }
      var fraction = 0.0
      if take(".") {
        var scale = 0.1
        let start = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
          fraction += Double(bytes[index] - 0x30) * scale
          scale /= 10
          index += 1
        }
        guard index > start else { return .failure(.malformed) }
      }
      parsed.time = (hour, minute, second, fraction)
      if take("Zz") {
        parsed.offset = 0
      } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
        let sign = bytes[index] == 0x2D ? -1 : 1
        index += 1
        guard let hours = number(2) else { return .failure(.malformed) }
        _ = take(":")
        guard let minutes = number(2) else { return .failure(.malformed) }
        guard minutes < 60, hours * 3600 + minutes * 60 <= maxOffset else {
          return .failure(
            .impossible("offsets from UTC run from -14:00 to +14:00 (minutes 00 to 59)"))
        }
        parsed.offset = sign * (hours * 3600 + minutes * 60)
      } else if !zoneOptional {
        return .failure(.malformed)
      }
    }
    guard index == bytes.count else { return .failure(.malformed) }
    if let problem = problem(with: parsed) { return .failure(.impossible(problem)) }
    return .success(parsed)
  }

  /// Why the fields name no real day or time; nil when they do, which is when turning them into
  /// an instant and back gives the same fields.
  static func problem(with parsed: Parsed) -> String? {
    guard parsed.year >= 1 else { return "there is no year 0000; years run from 0001 to 9999" }
    guard (1...12).contains(parsed.month) else {
      return "there is no month \(parsed.month); months run from 01 to 12"
    }
    let length = daysIn(month: parsed.month, year: parsed.year)
    guard (1...length).contains(parsed.day) else {
      let name = monthNames[parsed.month - 1]
      let year = parsed.month == 2 ? " \(parsed.year)" : ""
      return "\(name)\(year) has \(length) days"
    }
    if let time = parsed.time {
      guard time.hour < 24 else { return "hours run from 00 to 23" }
      guard time.minute < 60 else { return "minutes run from 00 to 59" }
      guard time.second < 60 else {
        return time.second == 60
          ? "seconds run from 00 to 59, and a leap second (:60) cannot be placed; write :59"
          : "seconds run from 00 to 59"
      }
    }
    // The round trip: the instant's own fields, at the written offset, are the written fields.
    let local = parsed.instant.timeIntervalSince1970.rounded(.down) + Double(parsed.offset ?? 0)
    let seconds = Int(local)
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let civil = civilFromDays(days)
    let rest = seconds - days * 86_400
    guard civil.year == parsed.year, civil.month == parsed.month, civil.day == parsed.day,
      parsed.time.map({ $0.hour * 3600 + $0.minute * 60 + $0.second }) ?? 0 == rest
    else { return "it does not name a moment in the calendar" }
    return nil
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// Days in a month of the proleptic Gregorian calendar.
  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2:
      let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
      return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The proleptic Gregorian date of a day counted from 1970-01-01.
  static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}

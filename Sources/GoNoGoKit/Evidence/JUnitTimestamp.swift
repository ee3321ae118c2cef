import Foundation

/// Parses the `timestamp` attributes JUnit producers write.
///
/// ISO 8601 with or without a zone (`2026-11-25T12:47:22.800245+00:00`, `2026-11-25T12:47:22Z`,
/// `2026-11-25T12:47:22`), with a `T` or a space. Gradle and jest-junit write no zone; those read
/// as UTC.
enum JUnitTimestamp {
  /// The instant, or nil when the text is not such a date-time.
  static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
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
    func expect(_ characters: String) -> Bool {
      guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
      index += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"),
      let day = number(2), expect("T "), let hour = number(2), expect(":"),
      let minute = number(2), expect(":"), let second = number(2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var fraction = 0.0
    if index < bytes.count, bytes[index] == 0x2E {
      index += 1
      var scale = 0.1
      let start = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        fraction += Double(bytes[index] - 0x30) * scale
        scale /= 10
        index += 1
      }
      guard index > start else { return nil }
    }
    var offset = 0
    if index < bytes.count {
      if bytes[index] == 0x5A {
        index += 1
      } else if bytes[index] == 0x2B || bytes[index] == 0x2D {
        let sign = bytes[index] == 0x2D ? -1 : 1
        index += 1
        guard let hours = number(2) else { return nil }
        _ = expect(":")
        guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
        offset = sign * (hours * 3600 + minutes * 60)
      }
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
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
}

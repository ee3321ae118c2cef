import Foundation

/// A length of time written as `30s`, `15m`, `2h`, `90d` or `2w`.
public struct Timespan: Sendable, Equatable, Comparable, CustomStringConvertible {
  /// The length in seconds.
  public var seconds: Int
  /// The text as written.
  public var text: String

  /// Creates a timespan from seconds.
  public init(seconds: Int, text: String? = nil) {
    self.seconds = seconds
    self.text = text ?? Timespan.format(seconds)
  }

  /// Parses `<number><unit>` with unit s, m, h, d or w; combinations like `1h30m` are allowed.
  public init?(parsing text: String) {
    let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    var total = 0
    var number = ""
    var sawUnit = false
    for character in text {
      if character.isASCII, character.isNumber {
        number.append(character)
      } else if let unit = units[character], let value = Int(number) {
        let (product, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        total += product
        number = ""
        sawUnit = true
      } else {
        return nil
      }
    }
    guard number.isEmpty, sawUnit else { return nil }
    self.seconds = total
    self.text = text
  }

  public var description: String { text }

  /// The shortest exact spelling of a number of seconds (`90d`, `2h`, `15m`, `45s`).
  public static func format(_ seconds: Int) -> String {
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60)]
    where seconds % size == 0 && seconds > 0 {
      return "\(seconds / size)\(unit)"
    }
    return "\(seconds)s"
  }

  public static func < (lhs: Timespan, rhs: Timespan) -> Bool { lhs.seconds < rhs.seconds }
}

/// A fraction between 0 and 1, written as `99.9%` or as a number such as `0.999`.
public struct Percentage: Sendable, Equatable, CustomStringConvertible {
  /// The value as a fraction (0.999 for 99.9 %).
  public var fraction: Double
  /// The text as written.
  public var text: String

  /// Creates a percentage from a fraction.
  public init(fraction: Double, text: String? = nil) {
    self.fraction = fraction
    self.text = text ?? Percentage.format(fraction)
  }

  public var description: String { text }

  /// `0.8` → `80%`, `0.999` → `99.9%`, up to two decimals.
  public static func format(_ fraction: Double) -> String {
    let percent = (fraction * 10_000).rounded() / 100
    if percent == percent.rounded() { return "\(Int(percent))%" }
    var text = String(format: "%.2f", percent)
    while text.hasSuffix("0") { text.removeLast() }
    return text + "%"
  }
}

/// A date (`2026-12-15`, a whole UTC day) or a date-time with a zone (`2026-12-01T09:00:00Z`).
public struct DateValue: Sendable, Equatable, CustomStringConvertible {
  /// The text as written.
  public var text: String
  /// The first instant: midnight UTC for a date, the instant itself for a date-time.
  public var start: Date
  /// True when only a day was written.
  public var isDay: Bool

  /// The instant after which the value has passed: the end of the day for a date.
  public var end: Date { isDay ? start.addingTimeInterval(86_400) : start }

  public var description: String { text }

  /// Parses `YYYY-MM-DD`, or an ISO 8601 date-time with `Z` or a `±HH:MM` offset.
  public init?(parsing text: String) {
    if let day = DateValue.parseDay(text) {
      self.text = text
      self.start = day
      self.isDay = true
      return
    }
    guard let instant = DateValue.parseDateTime(text) else { return nil }
    self.text = text
    self.start = instant
    self.isDay = false
  }

  /// Creates a value for an instant (rendered as an ISO 8601 UTC date-time).
  public init(instant: Date) {
    self.text = DateValue.iso8601(instant)
    self.start = instant
    self.isDay = false
  }

  /// `2026-12-01T09:00:00Z`.
  public static func iso8601(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .gmt))
  }

  private static func parseDay(_ text: String) -> Date? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .gmt
    let components = DateComponents(year: year, month: month, day: day)
    guard let date = calendar.date(from: components),
      calendar.component(.day, from: date) == day
    else { return nil }
    return date
  }

  private static func parseDateTime(_ text: String) -> Date? {
    guard text.count >= 20, text.count <= 40 else { return nil }
    let normalized = text.replacingOccurrences(of: " ", with: "T")
    let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    if let date = try? Date.ISO8601FormatStyle().parse(normalized) { return date }
    if let date = try? withFraction.parse(normalized) { return date }
    return nil
  }
}

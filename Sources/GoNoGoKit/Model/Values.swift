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

  /// The longest duration or offset accepted: 3,650 days (ten years).
  public static let maxSeconds = 3650 * 86_400

  /// Why a text is not a duration gonogo accepts.
  public enum Problem: Error, Sendable, Equatable {
    /// Not `<number><unit>…` at all.
    case malformed
    /// Longer than ``Timespan/maxSeconds``.
    case tooLong

    /// A whole sentence about `text`, or nil for a malformed text (callers say what they expect).
    public func sentence(about text: String) -> String? {
      guard self == .tooLong else { return nil }
      return "'\(text)' is longer than 3650 days, the longest duration gonogo accepts"
    }
  }

  /// Parses `<number><unit>` with unit s, m, h, d or w (or combinations like `1h30m`); nil for
  /// anything else, including lengths over ``maxSeconds``.
  public init?(parsing text: String) {
    guard case .success(let span) = Timespan.parse(text) else { return nil }
    self = span
  }

  /// Parses `<number><unit>…`, refusing lengths over ``maxSeconds`` before they can overflow.
  public static func parse(_ text: String) -> Result<Timespan, Problem> {
    let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    var total = 0
    var number = ""
    var sawUnit = false
    for character in text {
      if character.isASCII, character.isNumber {
        number.append(character)
      } else if let unit = units[character], !number.isEmpty {
        // Digits beyond the cap's own width cannot fit, whatever the unit.
        let digits = number.drop { $0 == "0" }
        guard digits.count <= 10, let value = Int(number), value <= maxSeconds / unit else {
          return .failure(.tooLong)
        }
        total += value * unit
        guard total <= maxSeconds else { return .failure(.tooLong) }
        number = ""
        sawUnit = true
      } else {
        return .failure(.malformed)
      }
    }
    guard number.isEmpty, sawUnit else { return .failure(.malformed) }
    return .success(Timespan(seconds: total, text: text))
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

  /// Parses `YYYY-MM-DD`, or an ISO 8601 date-time with `Z` or a `±HH:MM` offset; nil for
  /// anything else, including days and times that do not exist (see ``parse(_:)``).
  public init?(parsing text: String) {
    guard case .success(let value) = DateValue.parse(text) else { return nil }
    self = value
  }

  /// Parses `YYYY-MM-DD`, or an ISO 8601 date-time with `Z` or a `±HH:MM` offset, strictly:
  /// 2026-02-30, 2026-04-31, 2025-02-29, hour 24, minute 60, second 60, month 13, year 0000
  /// and offsets beyond ±14:00 are ``DateProblem/impossible(_:)``, never rolled over.
  public static func parse(_ text: String) -> Result<DateValue, DateProblem> {
    switch CivilTime.parse(text) {
    case .failure(let problem): return .failure(problem)
    case .success(let parsed):
      return .success(DateValue(text: text, start: parsed.instant, isDay: parsed.time == nil))
    }
  }

  private init(text: String, start: Date, isDay: Bool) {
    self.text = text
    self.start = start
    self.isDay = isDay
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
}

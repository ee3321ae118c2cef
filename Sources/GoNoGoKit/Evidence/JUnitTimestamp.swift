import Foundation

/// Parses the `timestamp` attributes JUnit producers write.
///
/// ISO 8601 with or without a zone (`2026-11-25T12:47:22.800245+00:00`, `2026-11-25T12:47:22Z`,
/// `2026-11-25T12:47:22`), with a `T` or a space. Gradle and jest-junit write no zone; those read
/// as UTC. Read by ``CivilTime``, so a day or time that does not exist is refused.
enum JUnitTimestamp {
  /// The instant, or nil when the text is not such a date-time or names none that exists.
  static func parse(_ text: String) -> Date? {
    guard case .success(let parsed) = CivilTime.parse(text, zoneOptional: true),
      parsed.time != nil
    else { return nil }
    return parsed.instant
  }

  /// Why the text is not read, or nil when it is.
  static func problem(_ text: String) -> DateProblem? {
    switch CivilTime.parse(text, zoneOptional: true) {
    case .failure(let problem): return problem
    case .success(let parsed): return parsed.time == nil ? .malformed : nil
    }
  }
}

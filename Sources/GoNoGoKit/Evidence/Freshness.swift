import Foundation

/// Judges how old evidence is, never from file modification times.
public enum Freshness {
  /// Where an evidence date came from, for messages.
  public struct Dated: Sendable, Equatable {
    /// The instant the evidence was produced or reviewed.
    public var date: Date
    /// What the date is, e.g. "front-matter last_reviewed" or "last commit".
    public var source: String
    /// Where the date is written, when inside the evidence.
    public var location: EvidenceLocation?

    /// Creates a dated value.
    public init(date: Date, source: String, location: EvidenceLocation? = nil) {
      self.date = date
      self.source = source
      self.location = location
    }
  }

  /// The evidence's date: `inside` when the evidence carries one, else its last commit.
  public static func date(
    of file: EvidenceFile, inside: Dated?, context: EvaluationContext
  ) -> Result<Dated, EvidenceError> {
    if let inside { return .success(inside) }
    switch context.cache.lastCommitted(file) {
    case .committed(let date, let commit):
      return .success(
        Dated(date: date, source: "last commit \(commit.prefix(12))", location: nil))
    case .notCommitted:
      return .failure(
        EvidenceError(
          "cannot establish the age of \(file.path): it carries no date and is not committed to git"
        ))
    case .unknown(let reason):
      // `reason` completes "… because …" (see GitReadError.reason(forPath:)).
      return .failure(
        EvidenceError(
          "cannot establish the age of \(file.path): it carries no date, and its git history "
            + "is not available because \(reason)"))
    }
  }

  /// A finding comparing the evidence's age with `maxAge` at `context.now`.
  public static func judge(
    _ file: EvidenceFile, inside: Dated?, maxAge: Timespan, context: EvaluationContext
  ) -> Finding {
    let dated: Dated
    switch date(of: file, inside: inside, context: context) {
    case .success(let value): dated = value
    case .failure(let error):
      return .error(error.message, evidence: EvidenceLocation(file: file.path))
    }
    let location = dated.location ?? EvidenceLocation(file: file.path)
    let seconds = context.now.timeIntervalSince(dated.date)
    let day = DateValue.iso8601(dated.date).prefix(10)
    if seconds < -300 {
      return Finding(
        .error,
        "\(file.path) is dated in the future (\(dated.source) \(day)); cannot establish its age",
        evidence: location)
    }
    let measured: [String: JSONValue] = [
      "age_days": .double((max(0, seconds) / 86_400 * 10).rounded() / 10),
      "dated": .string(DateValue.iso8601(dated.date)),
    ]
    let expected: [String: JSONValue] = ["max_age": .string(maxAge.text)]
    let age = describe(seconds: seconds)
    if seconds > Double(maxAge.seconds) {
      return Finding(
        .fail,
        "\(file.path) is \(age) old (\(dated.source) \(day)), older than max_age \(maxAge.text)",
        evidence: location, measured: measured, expected: expected)
    }
    return Finding(
      .pass, "\(file.path) is \(age) old (\(dated.source) \(day)), within max_age \(maxAge.text)",
      evidence: location, measured: measured, expected: expected)
  }

  /// "3 days", "5 hours", "12 minutes".
  static func describe(seconds: Double) -> String {
    let value = max(0, seconds)
    func plural(_ count: Int, _ unit: String) -> String {
      "\(count) \(unit)\(count == 1 ? "" : "s")"
    }
    if value >= 86_400 { return plural(Int(value / 86_400), "day") }
    if value >= 3600 { return plural(Int(value / 3600), "hour") }
    return plural(Int(value / 60), "minute")
  }
}

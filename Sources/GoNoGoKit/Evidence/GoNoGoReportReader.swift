import Foundation

/// The parts of an earlier gonogo JSON report that a roll-up needs.
public struct GoNoGoReportSummary: Sendable, Equatable {
  /// The report's verdict.
  public var verdict: Verdict
  /// When it was evaluated.
  public var now: Date
  /// Its program and release.
  public var program: String
  /// Its release.
  public var release: String
  /// Failing gates (id, severity, status), in report order.
  public var failing: [(id: String, severity: String, status: String)]

  public static func == (lhs: GoNoGoReportSummary, rhs: GoNoGoReportSummary) -> Bool {
    lhs.verdict == rhs.verdict && lhs.now == rhs.now && lhs.program == rhs.program
      && lhs.release == rhs.release
      && lhs.failing.map { "\($0.id)|\($0.severity)|\($0.status)" }
        == rhs.failing.map { "\($0.id)|\($0.severity)|\($0.status)" }
  }
}

/// Reads a `gonogo.report/v1` JSON report written by another pipeline.
public enum GoNoGoReportReader: EvidenceReader {
  public static let format = "gonogo-report"

  public static func read(_ source: EvidenceSource) -> Result<GoNoGoReportSummary, EvidenceError> {
    source.data().flatMap { data in
      let path = source.file.path
      guard !data.isEmpty else { return .failure(EvidenceError("\(path) is empty")) }
      let object: Any
      switch JSONText.parse(data, file: path) {
      case .success(let value): object = value
      case .failure(let error): return .failure(error)
      }
      guard let report = object as? [String: Any] else {
        return .failure(
          EvidenceError("\(path) is not a gonogo report (its JSON is not an object)"))
      }
      guard report["schema"] as? String == Report.schema else {
        return .failure(
          EvidenceError(
            "\(path) is not a gonogo report (its schema is not \(Report.schema))"))
      }
      if let nowText = report["now"] as? String,
        case .failure(let problem) = DateValue.parse(nowText), let reason = problem.reason
      {
        return .failure(
          EvidenceError(
            "\(path) was evaluated at '\(nowText)' (its now), which does not exist: \(reason)"))
      }
      guard let verdictText = report["verdict"] as? String,
        let verdict = Verdict(rawValue: verdictText),
        let nowText = report["now"] as? String, let now = DateValue(parsing: nowText)
      else {
        return .failure(EvidenceError("\(path) has no readable verdict and evaluation time"))
      }
      let gates = report["gates"] as? [[String: Any]] ?? []
      let failing = gates.compactMap { gate -> (String, String, String)? in
        guard let status = gate["status"] as? String, status == "fail" || status == "error"
        else { return nil }
        return (gate["id"] as? String ?? "?", gate["severity"] as? String ?? "?", status)
      }
      return .success(
        GoNoGoReportSummary(
          verdict: verdict, now: now.start, program: report["program"] as? String ?? "",
          release: report["release"] as? String ?? "", failing: failing.map { ($0.0, $0.1, $0.2) }))
    }
  }
}

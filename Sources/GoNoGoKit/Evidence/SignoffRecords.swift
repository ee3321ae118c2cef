import Foundation
import LocatedYAML

/// One sign-off decision: who decided what for which role, when, and where it is written.
public struct SignoffRecord: Sendable, Equatable {
  /// The decision.
  public enum Decision: String, Sendable, Equatable, CaseIterable {
    /// The role approves the release.
    case approve
    /// The role rejects it; a later rejection overrides earlier approvals.
    case reject
  }

  /// The role signing (security, sre, product, …).
  public var role: String
  /// The person signing.
  public var by: String
  /// When: a day or a date-time with a zone.
  public var date: DateValue
  /// Approve or reject.
  public var decision: Decision
  /// Free text.
  public var note: String?
  /// Where the record starts in its file.
  public var location: SourceLocation
}

/// Reads a sign-off file: a YAML list of records, or a mapping with the list under `signoffs:`.
///
/// Beside `signoffs`, the mapping may carry free-text `program` and `release`. Each record has
/// `role`, `by`, `date` (YYYY-MM-DD or an ISO 8601 date-time) and `decision` (approve or
/// reject), and may have a `note`. Anything else is an error at its line: sign-offs are never
/// half read.
public enum SignoffReader: EvidenceReader {
  public static let format = "signoff"

  static let recordKeys = ["role", "by", "date", "decision", "note"]
  static let topKeys = ["signoffs", "program", "release"]
  static let limits = Limits(maxFileSize: 1 << 20, maxDepth: 16, maxNodes: 100_000)

  public static func read(_ source: EvidenceSource) -> Result<[SignoffRecord], EvidenceError> {
    let path = source.file.path
    return source.data().flatMap { data in
      if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
        return .failure(EvidenceError("\(path) is empty; expected a list of sign-off records"))
      }
      let root: Node
      do {
        root = try Loader(limits: limits).load(data, file: path)
      } catch let error as YAMLError {
        let message: String
        switch error.kind {
        case .empty: message = "\(path) is empty; expected a list of sign-off records"
        case .tooLarge, .invalidUTF8: message = "\(path): \(error.message)"
        default: message = "\(path) is not valid YAML: \(error.message)"
        }
        return .failure(
          EvidenceError(message, line: error.location.line, column: error.location.column))
      } catch {
        return .failure(EvidenceError("cannot read \(path) as YAML"))
      }
      return records(in: root, path: path)
    }
  }

  private static func records(in root: Node, path: String) -> Result<[SignoffRecord], EvidenceError>
  {
    var list: [Node]
    if let items = root.sequence {
      list = items
    } else if let pairs = root.mapping {
      for pair in pairs {
        let key = pair.key.scalar?.text ?? ""
        if !topKeys.contains(key) {
          return .failure(
            problem(
              pair.key, path,
              "has unknown key '\(key)'\(Suggestion.didYouMean(key, in: topKeys)); "
                + "sign-offs go under 'signoffs:'"))
        }
      }
      guard let signoffs = root["signoffs"] else {
        return .failure(problem(root, path, "has no 'signoffs:' list"))
      }
      if signoffs.scalar?.value == .null {
        list = []
      } else if let items = signoffs.sequence {
        list = items
      } else {
        return .failure(
          problem(signoffs, path, "has 'signoffs' as \(signoffs.kindDescription), not a list"))
      }
    } else {
      return .failure(
        problem(root, path, "holds \(root.kindDescription), not a list of sign-off records"))
    }
    var result: [SignoffRecord] = []
    for item in list {
      switch record(item, path: path) {
      case .failure(let error): return .failure(error)
      case .success(let record): result.append(record)
      }
    }
    return .success(result)
  }

  private static func record(_ node: Node, path: String) -> Result<SignoffRecord, EvidenceError> {
    guard let pairs = node.mapping else {
      return .failure(
        problem(node, path, "has a sign-off that is \(node.kindDescription), not a mapping"))
    }
    for pair in pairs {
      let key = pair.key.scalar?.text ?? ""
      if !recordKeys.contains(key) {
        return .failure(
          problem(
            pair.key, path,
            "has unknown key '\(key)' in a sign-off\(Suggestion.didYouMean(key, in: recordKeys))"))
      }
    }
    var text: [String: String] = [:]
    for key in ["role", "by", "date", "decision"] {
      guard let value = node[key] else {
        return .failure(problem(node, path, "has a sign-off without '\(key)'"))
      }
      guard let scalar = value.scalar, scalar.value != .null,
        !scalar.text.trimmingWhitespace().isEmpty
      else {
        return .failure(problem(value, path, "has a sign-off whose '\(key)' is not a value"))
      }
      text[key] = scalar.text.trimmingWhitespace()
    }
    let dateText = text["date", default: ""]
    let date: DateValue
    switch DateValue.parse(dateText) {
    case .success(let value): date = value
    case .failure(let dateProblem):
      let why =
        dateProblem.reason.map { "does not exist: \($0)" }
        ?? "is not YYYY-MM-DD or an ISO 8601 date-time"
      return .failure(
        problem(node["date"] ?? node, path, "has a sign-off dated '\(dateText)', which \(why)"))
    }
    let decisionText = text["decision", default: ""]
    let words = SignoffRecord.Decision.allCases.map(\.rawValue)
    guard let decision = SignoffRecord.Decision(rawValue: decisionText) else {
      return .failure(
        problem(
          node["decision"] ?? node, path,
          "has a sign-off whose decision is '\(decisionText)', not approve or reject"
            + Suggestion.didYouMean(decisionText, in: words)))
    }
    let note = node["note"]?.scalar.flatMap { $0.value == .null ? nil : $0.text }
    return .success(
      SignoffRecord(
        role: text["role", default: ""], by: text["by", default: ""], date: date,
        decision: decision, note: note, location: node.location))
  }

  private static func problem(_ node: Node, _ path: String, _ message: String) -> EvidenceError {
    EvidenceError(
      "\(path):\(node.location.line) \(message)", line: node.location.line,
      column: node.location.column)
  }
}

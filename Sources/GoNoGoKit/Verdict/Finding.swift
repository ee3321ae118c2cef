import LocatedYAML

/// What one check found: a status, a message and, where known, the evidence position and values.
public struct Finding: Sendable, Equatable {
  /// The outcome of a check.
  public enum Status: String, Sendable, Equatable, Codable, Comparable {
    /// The evidence satisfies the check.
    case pass
    /// The evidence contradicts the check.
    case fail
    /// The check could not be evaluated (missing, unreadable, malformed or undatable evidence).
    case error

    private var rank: Int {
      switch self {
      case .pass: 0
      case .fail: 1
      case .error: 2
      }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
  }

  /// The outcome.
  public var status: Status
  /// What was found, in one sentence a release manager understands; capped (``QuotedValue``).
  public var message: String {
    didSet { message = QuotedValue.cap(message: message) }
  }
  /// The evidence file (relative to the evidence root) and, where known, line and column.
  public var evidence: EvidenceLocation?
  /// The values measured, for machine-readable reports; capped (``QuotedValue``).
  public var measured: [String: JSONValue]? {
    didSet { measured = QuotedValue.cap(measured) }
  }
  /// The thresholds compared against; capped (``QuotedValue``).
  public var expected: [String: JSONValue]? {
    didSet { expected = QuotedValue.cap(expected) }
  }
  /// The check kind that produced it (`markdown`, `junit`…); set by the evaluation, nil for
  /// findings about the gate itself.
  public var kind: String?

  /// Creates a finding.
  public init(
    _ status: Status, _ message: String, evidence: EvidenceLocation? = nil,
    measured: [String: JSONValue]? = nil, expected: [String: JSONValue]? = nil
  ) {
    self.status = status
    self.message = QuotedValue.cap(message: message)
    self.evidence = evidence
    self.measured = QuotedValue.cap(measured)
    self.expected = QuotedValue.cap(expected)
  }

  /// A passing finding.
  public static func pass(_ message: String, evidence: EvidenceLocation? = nil) -> Finding {
    Finding(.pass, message, evidence: evidence)
  }

  /// A failing finding.
  public static func fail(_ message: String, evidence: EvidenceLocation? = nil) -> Finding {
    Finding(.fail, message, evidence: evidence)
  }

  /// An evaluation error.
  public static func error(_ message: String, evidence: EvidenceLocation? = nil) -> Finding {
    Finding(.error, message, evidence: evidence)
  }
}

/// A position in an evidence file, relative to the evidence root.
public struct EvidenceLocation: Sendable, Equatable, CustomStringConvertible {
  /// The path relative to the evidence root.
  public var file: String
  /// 1-based line, when known.
  public var line: Int?
  /// 1-based column, when known.
  public var column: Int?

  /// Creates an evidence location.
  public init(file: String, line: Int? = nil, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text
  }
}

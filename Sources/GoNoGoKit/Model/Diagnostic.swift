import LocatedYAML

/// A problem found in a definition file, with its position and, where possible, a fix.
public struct Diagnostic: Sendable, Equatable, Comparable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Equatable, Codable {
    /// The definition is invalid; nothing is evaluated.
    case error
    /// Worth fixing; evaluation goes on.
    case warning
  }

  /// How serious it is.
  public var severity: Severity
  /// Where it is.
  public var location: SourceLocation
  /// What is wrong.
  public var message: String
  /// How to fix it.
  public var hint: String?

  /// Creates a diagnostic.
  public init(
    _ severity: Severity = .error, at location: SourceLocation, _ message: String,
    hint: String? = nil
  ) {
    self.severity = severity
    self.location = location
    self.message = message
    self.hint = hint
  }

  /// Wraps a YAML loading error.
  public init(_ error: YAMLError) {
    self.init(.error, at: error.location, error.message, hint: error.hint)
  }

  /// `path:line:column: error: message`, the compiler-style form.
  public var description: String {
    "\(location): \(severity.rawValue): \(message)"
  }

  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    (lhs.location, lhs.message) < (rhs.location, rhs.message)
  }
}

/// Why a YAML file could not be loaded, with the position of the problem.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, in categories a caller may want to tell apart.
  public enum Kind: Sendable, Equatable {
    /// libyaml rejected the text (its own problem text is kept in the message).
    case syntax
    /// The same key appears twice in one mapping.
    case duplicateKey
    /// Aliases would expand beyond the node budget.
    case aliasBudgetExceeded
    /// Sequences and mappings nest deeper than allowed.
    case tooDeep
    /// The file is larger than allowed.
    case tooLarge
    /// The bytes are not valid UTF-8.
    case invalidUTF8
    /// The stream holds more than one document.
    case multipleDocuments
    /// An alias names an anchor that was not defined before it.
    case unknownAnchor
    /// A tag this loader does not support.
    case unsupportedTag
    /// A mapping key that is a sequence or a mapping.
    case complexKey
    /// The file holds no document at all.
    case empty
  }

  /// The category of the problem.
  public var kind: Kind
  /// Where the problem is.
  public var location: SourceLocation
  /// What is wrong, in one sentence.
  public var message: String
  /// How to fix it, when there is a useful hint.
  public var hint: String?

  /// Creates an error.
  public init(_ kind: Kind, at location: SourceLocation, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.location = location
    self.message = message
    self.hint = hint
  }

  public var description: String { "\(location): error: \(message)" }
}

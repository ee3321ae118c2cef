/// A YAML node with the position it was written at.
public struct Node: Sendable, Equatable {
  /// The shape of a node.
  public enum Content: Sendable, Equatable {
    /// A scalar value.
    case scalar(Scalar)
    /// A sequence of nodes.
    case sequence([Node])
    /// A mapping, in source order. Keys are unique (the loader rejects duplicates).
    case mapping([Pair])
  }

  /// One key/value entry of a mapping.
  public struct Pair: Sendable, Equatable {
    /// The key node (a scalar in every document the loader accepts).
    public var key: Node
    /// The value node.
    public var value: Node

    /// Creates a pair.
    public init(key: Node, value: Node) {
      self.key = key
      self.value = value
    }
  }

  /// What the node holds.
  public var content: Content
  /// Where the node starts.
  public var location: SourceLocation

  /// Creates a node.
  public init(_ content: Content, at location: SourceLocation) {
    self.content = content
    self.location = location
  }

  /// The scalar, when the node is one.
  public var scalar: Scalar? {
    if case .scalar(let scalar) = content { return scalar }
    return nil
  }

  /// The items, when the node is a sequence.
  public var sequence: [Node]? {
    if case .sequence(let items) = content { return items }
    return nil
  }

  /// The pairs, when the node is a mapping.
  public var mapping: [Pair]? {
    if case .mapping(let pairs) = content { return pairs }
    return nil
  }

  /// The value for a scalar key, when the node is a mapping that has it.
  public subscript(key: String) -> Node? {
    guard case .mapping(let pairs) = content else { return nil }
    let length = key.utf8.count
    for index in pairs.indices {
      // Keys are read in place, lengths first; only the match is copied out.
      if case .scalar(let scalar) = pairs[index].key.content, scalar.text.utf8.count == length,
        scalar.text == key
      {
        return pairs[index].value
      }
    }
    return nil
  }

  /// A word for the node's shape, for messages ("a mapping", "a sequence", "a string", …).
  public var kindDescription: String {
    switch content {
    case .scalar(let scalar): return scalar.value.kindDescription
    case .sequence: return "a sequence"
    case .mapping: return "a mapping"
    }
  }
}

/// A scalar as written, and the value it resolves to under the YAML 1.2 core schema.
public struct Scalar: Sendable, Equatable {
  /// How the scalar was written.
  public enum Style: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  /// The text as written (after YAML unescaping and folding).
  public var text: String
  /// The scalar's style.
  public var style: Style
  private var resolved: Resolved

  /// Creates a scalar.
  public init(text: String, style: Style, value: ScalarValue) {
    self.text = text
    self.style = style
    self.resolved = Resolved(value, text: text)
  }

  /// True when the scalar resolves to null (`~`, `null`, or nothing); cheaper than `value`.
  public var isNull: Bool {
    if case .null = resolved { return true }
    return false
  }

  /// For duplicate keys: when both scalars are strings equal to their text, whether the texts
  /// are equal; nil otherwise (compare the values).
  func sameStringKey(as other: Scalar) -> Bool? {
    guard case .text = resolved, case .text = other.resolved else { return nil }
    return text.utf8.count == other.text.utf8.count && text == other.text
  }

  /// The resolved value.
  public var value: ScalarValue {
    get {
      switch resolved {
      case .null: return .null
      case .bool(let bool): return .bool(bool)
      case .int(let int): return .int(int)
      case .float(let double): return .float(double)
      case .text: return .string(text)
      case .string(let box): return .string(box.string)
      }
    }
    set { resolved = Resolved(newValue, text: text) }
  }

  /// The value without a second copy of the text: a tree holds hundreds of thousands of scalars,
  /// nearly all of them strings equal to their text.
  private enum Resolved: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    /// A string equal to `text`.
    case text
    /// A string other than `text`.
    case string(StringBox)

    init(_ value: ScalarValue, text: String) {
      switch value {
      case .null: self = .null
      case .bool(let bool): self = .bool(bool)
      case .int(let int): self = .int(int)
      case .float(let double): self = .float(double)
      case .string(let string): self = string == text ? .text : .string(StringBox(string))
      }
    }
  }

  private final class StringBox: Sendable, Equatable {
    let string: String
    init(_ string: String) { self.string = string }
    static func == (lhs: StringBox, rhs: StringBox) -> Bool { lhs.string == rhs.string }
  }
}

/// A scalar's value under the YAML 1.2 core schema. `yes`, `no`, `on`, `off` are strings.
public enum ScalarValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)

  /// A word for the value's type, for messages.
  public var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int: return "an integer"
    case .float: return "a number"
    case .string: return "a string"
    }
  }
}

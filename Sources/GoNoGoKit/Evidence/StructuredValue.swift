/// A value read from a JSON or YAML evidence file: a neutral tree any check can walk.
///
/// Numbers keep their kind (`int` for integers that fit, `double` otherwise). Objects keep their
/// members in order: source order for YAML, sorted by key for JSON (whose parser does not keep
/// the order). YAML values carry the line and column they were written at; JSON values do not.
public struct StructuredValue: Sendable, Equatable {
  /// What the value holds.
  public enum Content: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([StructuredValue])
    case object([Member])
  }

  /// One key and value of an object.
  public struct Member: Sendable, Equatable {
    /// The key.
    public var key: String
    /// The value.
    public var value: StructuredValue

    /// Creates a member.
    public init(key: String, value: StructuredValue) {
      self.key = key
      self.value = value
    }
  }

  /// The content.
  public var content: Content
  /// 1-based line where the value is written, when the format tells.
  public var line: Int?
  /// 1-based column where the value is written, when the format tells.
  public var column: Int?

  /// Creates a value.
  public init(_ content: Content, line: Int? = nil, column: Int? = nil) {
    self.content = content
    self.line = line
    self.column = column
  }

  /// The member named `key`, when the value is an object that has it.
  public subscript(key: String) -> StructuredValue? {
    guard case .object(let members) = content else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// The items of an array, or the member values of an object, in order; nil for scalars.
  public var children: [StructuredValue]? {
    switch content {
    case .array(let items): return items
    case .object(let members): return members.map(\.value)
    default: return nil
    }
  }

  /// The value as a number, when it is one.
  public var number: Double? {
    switch content {
    case .int(let int): return Double(int)
    case .double(let double): return double
    default: return nil
    }
  }

  /// The value as a string, when it is one.
  public var string: String? {
    if case .string(let string) = content { return string }
    return nil
  }

  /// The value as a boolean, when it is one.
  public var bool: Bool? {
    if case .bool(let bool) = content { return bool }
    return nil
  }

  /// A word for the value's type, for messages ("a string", "an object", …).
  public var kindDescription: String {
    switch content {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The value as JSON, for measured values in reports.
  public var json: JSONValue {
    switch content {
    case .null: return .null
    case .bool(let bool): return .bool(bool)
    case .int(let int): return .int(int)
    case .double(let double): return .double(double)
    case .string(let string): return .string(string)
    case .array(let items): return .array(items.map(\.json))
    case .object(let members):
      var object: [String: JSONValue] = [:]
      for member in members where object[member.key] == nil {
        object[member.key] = member.value.json
      }
      return .object(object)
    }
  }

  /// A short rendering for messages: scalars in JSON form, containers by size.
  public var brief: String {
    switch content {
    case .array(let items): return "an array of \(items.count) item\(items.count == 1 ? "" : "s")"
    case .object(let members):
      return "an object with \(members.count) key\(members.count == 1 ? "" : "s")"
    case .string(let string) where string.count > 80:
      return quoted(String(string.prefix(77)) + "…")
    default:
      return json.serialized(pretty: false)
    }
  }

  /// The type and the value for messages: `a string ("api")`, `an array of 2 items`.
  public var described: String {
    switch content {
    case .array, .object, .null: return brief
    default: return "\(kindDescription) (\(brief))"
    }
  }

  private func quoted(_ text: String) -> String { JSONValue.string(text).serialized(pretty: false) }

  /// Structural equality of the content (numbers compare by value; positions are ignored).
  public func sameContent(as other: StructuredValue) -> Bool {
    switch (content, other.content) {
    case (.array(let lhs), .array(let rhs)):
      return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.sameContent(as: $1) }
    case (.object(let lhs), .object(let rhs)):
      guard lhs.count == rhs.count else { return false }
      return lhs.allSatisfy { member in
        other[member.key].map { member.value.sameContent(as: $0) } ?? false
      }
    default:
      if let lhs = number, let rhs = other.number { return lhs == rhs }
      switch (content, other.content) {
      case (.null, .null): return true
      case (.bool(let lhs), .bool(let rhs)): return lhs == rhs
      case (.string(let lhs), .string(let rhs)): return lhs == rhs
      default: return false
      }
    }
  }
}

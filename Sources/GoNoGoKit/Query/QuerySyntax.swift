/// A parsed query assertion: one condition over a JSON or YAML document.
///
/// The language is documented in the README ("The query language") and in ``QueryParser``.
public struct QueryAssertion: Sendable, Equatable {
  /// The condition that must hold.
  public var condition: QueryCondition
  /// The assertion as written.
  public var text: String
}

/// A condition: a test on one term, or conditions combined with `and`, `or`, `not`.
public indirect enum QueryCondition: Sendable, Equatable {
  case test(QueryTest)
  case not(QueryCondition)
  case and([QueryCondition])
  case or([QueryCondition])
}

/// One test: a term compared, matched, looked up, or taken as a boolean.
public struct QueryTest: Sendable, Equatable {
  /// What is tested.
  public enum Kind: Sendable, Equatable {
    /// `left <op> right`.
    case compare(QueryOperator, QueryTerm)
    /// `left in [a, b]` or `left in path[*]`.
    case membership(QueryTerm)
    /// `left matches 'pattern'` (the pattern may match anywhere in the string).
    case matches(String)
    /// `left exists`: the term selects at least one value.
    case exists
    /// A bare term, which must be `true`.
    case isTrue
  }

  /// The term on the left.
  public var left: QueryTerm
  /// The test applied to it.
  public var kind: Kind
  /// The test as written.
  public var text: String
}

/// A comparison operator.
public enum QueryOperator: String, Sendable, Equatable, CaseIterable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
}

/// Something that yields values: a literal, a list, a path, or a function of a path.
public struct QueryTerm: Sendable, Equatable {
  /// The shape of a term.
  public enum Kind: Sendable, Equatable {
    /// A number, string, `true`, `false` or `null`.
    case literal(StructuredValue)
    /// `[a, b, …]`, only on the right of `in`.
    case list([StructuredValue])
    /// A path into the document.
    case path(QueryPath)
    /// `count(path)`, `min(path)`, …
    case function(QueryFunction, QueryPath)
  }

  /// The shape.
  public var kind: Kind
  /// The term as written.
  public var text: String
  /// Where the term starts in the assertion (0-based, in Unicode scalars).
  public var offset: Int

  /// True when the term can yield several values (a path with `[*]` or `[?…]`).
  public var isSelection: Bool {
    if case .path(let path) = kind { return path.isSelection }
    return false
  }
}

/// The functions over a selection.
public enum QueryFunction: String, Sendable, Equatable, CaseIterable {
  /// How many values the selection holds.
  case count
  /// The smallest number.
  case min
  /// The largest number.
  case max
  /// The total of the numbers (0 for none).
  case sum
  /// Every value is `true`; no value at all gives no result (never a pass).
  case all
  /// At least one value is `true`.
  case any
}

/// A path: where it starts, and the steps from there.
public struct QueryPath: Sendable, Equatable {
  /// Where a path starts.
  public enum Origin: Sendable, Equatable {
    /// `$`: the document.
    case root
    /// `@` or a bare name: the current value (the document, or the item inside a filter).
    case current
  }

  /// One step.
  public enum Step: Sendable, Equatable {
    /// `.name` or `["name"]`.
    case key(String)
    /// `[2]`, or `[-1]` counting from the end.
    case index(Int)
    /// `[*]`: every item of an array, every value of an object.
    case wildcard
    /// `[?condition]`: the items (or object values) for which the condition holds.
    case filter(QueryCondition)
  }

  /// Where it starts.
  public var origin: Origin
  /// The steps.
  public var steps: [Step]

  /// True when the path can select several values.
  public var isSelection: Bool {
    steps.contains {
      switch $0 {
      case .wildcard, .filter: return true
      default: return false
      }
    }
  }
}

/// Why an assertion could not be parsed: a message and where in the text (0-based, in
/// Unicode scalars).
public struct QueryParseError: Error, Sendable, Equatable {
  /// What is wrong.
  public var message: String
  /// Offset of the problem in the assertion, in Unicode scalars.
  public var offset: Int
  /// How to fix it, when there is a useful hint.
  public var hint: String?

  /// Creates an error.
  public init(_ message: String, at offset: Int, hint: String? = nil) {
    self.message = message
    self.offset = offset
    self.hint = hint
  }
}

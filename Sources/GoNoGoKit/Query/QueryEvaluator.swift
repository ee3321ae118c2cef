/// Evaluates a ``QueryAssertion`` against a document.
///
/// A path that matches nothing makes its test false (`exists` is false, a comparison does not
/// hold); values of the wrong type (ordering a string against a number, `all()` over strings,
/// `matches` on a number) make the whole evaluation fail with a ``QueryEvaluationError``, also
/// inside filters, so that an unexpected shape never quietly shrinks a count.
public struct QueryEvaluator: Sendable {
  /// The document's top (`$`).
  public let root: StructuredValue

  /// Creates an evaluator for a document.
  public init(root: StructuredValue) {
    self.root = root
  }

  /// What a term yields.
  public enum Yield: Sendable, Equatable {
    /// One value.
    case value(StructuredValue)
    /// The values of a selection or a list (possibly none).
    case values([StructuredValue])
    /// Nothing: a plain path that matched nothing, or a function with no result.
    case nothing
  }

  /// One top-level test as evaluated: what its terms yielded and whether it held.
  public struct Observation: Sendable, Equatable {
    /// The test.
    public var test: QueryTest
    /// What the left term yielded.
    public var left: Yield
    /// What the right term yielded, for comparisons and `in`.
    public var right: Yield?
    /// Whether the test held.
    public var holds: Bool
  }

  /// The result of an assertion.
  public struct Outcome: Sendable, Equatable {
    /// Whether the assertion holds.
    public var holds: Bool
    /// Every test outside filters, in order (all are evaluated, for the report).
    public var observations: [Observation]
  }

  /// Evaluates an assertion.
  public func evaluate(_ assertion: QueryAssertion) throws(QueryEvaluationError) -> Outcome {
    var observations: [Observation] = []
    let holds = try evaluate(assertion.condition, current: root, record: &observations)
    return Outcome(holds: holds, observations: observations)
  }

  private func evaluate(
    _ condition: QueryCondition, current: StructuredValue, record: inout [Observation]
  ) throws(QueryEvaluationError) -> Bool {
    switch condition {
    case .test(let test):
      let observation = try observe(test, current: current)
      record.append(observation)
      return observation.holds
    case .not(let inner):
      return try !evaluate(inner, current: current, record: &record)
    case .and(let parts):
      var result = true
      for part in parts where try !evaluate(part, current: current, record: &record) {
        result = false
      }
      return result
    case .or(let parts):
      var result = false
      for part in parts where try evaluate(part, current: current, record: &record) {
        result = true
      }
      return result
    }
  }

  /// Evaluates a filter condition for one item; short-circuits, records nothing.
  private func holds(_ condition: QueryCondition, current: StructuredValue)
    throws(QueryEvaluationError) -> Bool
  {
    switch condition {
    case .test(let test): return try observe(test, current: current).holds
    case .not(let inner): return try !holds(inner, current: current)
    case .and(let parts):
      for part in parts where try !holds(part, current: current) { return false }
      return true
    case .or(let parts):
      for part in parts where try holds(part, current: current) { return true }
      return false
    }
  }

  private func observe(_ test: QueryTest, current: StructuredValue)
    throws(QueryEvaluationError) -> Observation
  {
    let left = try yield(test.left, current: current)
    var right: Yield?
    let holds: Bool
    switch test.kind {
    case .exists:
      switch left {
      case .value: holds = true
      case .values(let values): holds = !values.isEmpty
      case .nothing: holds = false
      }
    case .isTrue:
      guard case .value(let value) = left else {
        holds = false
        break
      }
      guard let bool = value.bool else {
        throw QueryEvaluationError(
          "\(test.left.text) is \(value.described), not true or false")
      }
      holds = bool
    case .compare(let op, let rightTerm):
      let yielded = try yield(rightTerm, current: current)
      right = yielded
      guard case .value(let lhs) = left, case .value(let rhs) = yielded else {
        holds = false
        break
      }
      holds = try compare(lhs, op, rhs, test: test, rightText: rightTerm.text)
    case .membership(let rightTerm):
      let yielded = try yield(rightTerm, current: current)
      right = yielded
      guard case .value(let lhs) = left else {
        holds = false
        break
      }
      holds = try members(of: yielded, text: rightTerm.text).contains { lhs.sameContent(as: $0) }
    case .matches(let pattern):
      guard case .value(let lhs) = left else {
        holds = false
        break
      }
      holds = try matches(lhs, pattern, test: test)
    }
    return Observation(test: test, left: left, right: right, holds: holds)
  }

  private func members(of yielded: Yield, text: String) throws(QueryEvaluationError)
    -> [StructuredValue]
  {
    switch yielded {
    case .nothing: return []
    case .values(let values): return values
    case .value(let value):
      guard case .array(let items) = value.content else {
        throw QueryEvaluationError(
          "\(text) is \(value.described), not a list to look in")
      }
      return items
    }
  }

  private func matches(_ value: StructuredValue, _ pattern: String, test: QueryTest)
    throws(QueryEvaluationError) -> Bool
  {
    let text = test.left.text
    guard let string = value.string else {
      throw QueryEvaluationError(
        "\(text) is \(value.described), not a string to match")
    }
    let offset = Self.patternOffset(in: test)
    switch QueryRegex.match(pattern, string) {
    case .match?: return true
    case .noMatch?: return false
    case .tooLong?:
      throw QueryEvaluationError(
        pattern: pattern, at: offset,
        problem: "was not run on the value of \(text), which is longer than "
          + "\(BoundedRegex.maxSubjectLength) characters")
    case .tooManySteps?:
      throw QueryEvaluationError(
        pattern: pattern, at: offset,
        problem: "needs more than \(QueryRegex.budgetText) steps on the value of \(text); "
          + QueryRegex.tooManyStepsAdvice)
    case .budgetSpent?:
      throw QueryEvaluationError(
        pattern: pattern, at: offset,
        problem: "ran out of the \(StepBudget.totalText) steps that all its matches in one file "
          + "may take together, at the value of \(text); " + QueryRegex.budgetSpentAdvice)
    case nil:
      throw QueryEvaluationError(pattern: pattern, at: offset, problem: "cannot be compiled")
    }
  }

  /// Where the quoted pattern of a `matches` test starts in the assertion: the first quote
  /// after the left term.
  static func patternOffset(in test: QueryTest) -> Int {
    let scalars = Array(test.text.unicodeScalars)
    var index = test.left.text.unicodeScalars.count
    while index < scalars.count, scalars[index] != "'", scalars[index] != "\"" { index += 1 }
    return test.left.offset + min(index, scalars.count)
  }

  private func compare(
    _ lhs: StructuredValue, _ op: QueryOperator, _ rhs: StructuredValue, test: QueryTest,
    rightText: String
  ) throws(QueryEvaluationError) -> Bool {
    switch op {
    case .equal: return lhs.sameContent(as: rhs)
    case .notEqual: return !lhs.sameContent(as: rhs)
    default: break
    }
    let order: Int
    if case .int(let left) = lhs.content, case .int(let right) = rhs.content {
      order = left < right ? -1 : (left == right ? 0 : 1)
    } else if let left = lhs.number, let right = rhs.number {
      order = left < right ? -1 : (left == right ? 0 : 1)
    } else if let left = lhs.string, let right = rhs.string {
      let (a, b) = (left.unicodeScalars, right.unicodeScalars)
      order = a.elementsEqual(b) ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
    } else {
      throw QueryEvaluationError(
        "\(test.left.text) is \(lhs.described) and \(rightText) is "
          + "\(rhs.described); '\(op.rawValue)' compares two numbers "
          + "or two strings")
    }
    switch op {
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    default: return order >= 0
    }
  }

  /// What a term yields for the current value.
  public func yield(_ term: QueryTerm, current: StructuredValue) throws(QueryEvaluationError)
    -> Yield
  {
    switch term.kind {
    case .literal(let value): return .value(value)
    case .list(let items): return .values(items)
    case .path(let path):
      let selected = try select(path, current: current)
      if path.isSelection { return .values(selected) }
      return selected.first.map(Yield.value) ?? .nothing
    case .function(let function, let path):
      return try apply(function, to: select(path, current: current), text: term.text)
    }
  }

  private func apply(_ function: QueryFunction, to values: [StructuredValue], text: String)
    throws(QueryEvaluationError) -> Yield
  {
    switch function {
    case .count:
      return .value(StructuredValue(.int(values.count)))
    case .sum, .min, .max:
      var numbers: [StructuredValue] = []
      for value in values {
        guard value.number != nil else {
          throw QueryEvaluationError(
            "\(text) needs numbers, but the selection holds \(value.described)")
        }
        numbers.append(value)
      }
      if function == .sum { return .value(Self.sum(numbers)) }
      let best = numbers.min { lhs, rhs in
        let (a, b) = (lhs.number ?? 0, rhs.number ?? 0)
        return function == .min ? a < b : a > b
      }
      return best.map(Yield.value) ?? .nothing
    case .all, .any:
      var bools: [Bool] = []
      for value in values {
        guard let bool = value.bool else {
          throw QueryEvaluationError(
            "\(text) needs true or false values, but the selection holds "
              + "\(value.described)")
        }
        bools.append(bool)
      }
      if function == .any { return .value(StructuredValue(.bool(bools.contains(true)))) }
      return bools.isEmpty ? .nothing : .value(StructuredValue(.bool(!bools.contains(false))))
    }
  }

  /// The total: an integer while every value is one and it fits, else a double.
  private static func sum(_ numbers: [StructuredValue]) -> StructuredValue {
    var total = 0
    var exact = true
    for number in numbers {
      guard case .int(let int) = number.content else {
        exact = false
        break
      }
      let (result, overflow) = total.addingReportingOverflow(int)
      if overflow {
        exact = false
        break
      }
      total = result
    }
    if exact { return StructuredValue(.int(total)) }
    return StructuredValue(.double(numbers.reduce(0) { $0 + ($1.number ?? 0) }))
  }

  /// The values a path selects from the current value.
  public func select(_ path: QueryPath, current: StructuredValue) throws(QueryEvaluationError)
    -> [StructuredValue]
  {
    var values = [path.origin == .root ? root : current]
    for step in path.steps {
      var next: [StructuredValue] = []
      for value in values {
        switch step {
        case .key(let key):
          if let child = value[key] { next.append(child) }
        case .index(let index):
          guard case .array(let items) = value.content else { continue }
          let position = index < 0 ? items.count + index : index
          if items.indices.contains(position) { next.append(items[position]) }
        case .wildcard:
          next += value.children ?? []
        case .filter(let condition):
          for child in value.children ?? [] where try holds(condition, current: child) {
            next.append(child)
          }
        }
      }
      values = next
    }
    return values
  }
}

/// Why an assertion could not be evaluated on a document: values of an unexpected type, or a
/// pattern that could not be run on a value.
public struct QueryEvaluationError: Error, Sendable, Equatable {
  /// What went wrong, naming the term and the value.
  public var message: String
  /// Where in the assertion the pattern at fault starts, when a pattern is at fault.
  public var patternOffset: Int?
  /// The pattern at fault and what is wrong with it, when a pattern is at fault.
  public var pattern: (text: String, problem: String)? {
    guard let patternText, let problem else { return nil }
    return (patternText, problem)
  }
  private var patternText: String?
  private var problem: String?

  /// Creates an error.
  public init(_ message: String) {
    self.message = message
  }

  /// Creates an error about a pattern that could not be run: `problem` continues the sentence
  /// "the pattern '…' …".
  public init(pattern: String, at offset: Int, problem: String) {
    self.message = "the pattern '\(pattern)' \(problem)"
    self.patternOffset = offset
    self.patternText = pattern
    self.problem = problem
  }

  /// The message with the pattern's place in the checklist: "the pattern '…' at file:3:9 …".
  public func message(patternAt place: String) -> String {
    guard let pattern else { return message }
    return "the pattern '\(pattern.text)' at \(place) \(pattern.problem)"
  }
}

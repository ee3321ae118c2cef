/// Parses query assertions (recursive descent over ``QueryLexer`` tokens).
///
/// ```
/// assertion  = condition
/// condition  = and-cond { "or" and-cond }
/// and-cond   = unary { "and" unary }
/// unary      = "not" unary | "(" condition ")" | test
/// test       = term [ op term | "in" (list | path) | "matches" string | "exists" ]
/// op         = "==" | "!=" | "<" | "<=" | ">" | ">="
/// term       = literal | function "(" path ")" | path
/// function   = "count" | "min" | "max" | "sum" | "all" | "any"
/// path       = ( name | "$" | "@" ) { "." name | "[" selector "]" }
/// selector   = integer | string | "*" | "?" condition
/// literal    = number | string | "true" | "false" | "null"
/// list       = "[" [ literal { "," literal } ] "]"
/// ```
///
/// Static rules, reported as definition errors: a function's argument must be a selection (a
/// path with `[*]` or `[?…]`); a selection cannot be compared, matched or taken as a boolean
/// on its own (wrap it in a function), except on the right of `in` and before `exists`.
public enum QueryParser {
  /// Deepest nesting of `not`, parentheses and filters.
  public static let maxDepth = 32

  /// Parses an assertion.
  public static func parse(_ text: String) throws(QueryParseError) -> QueryAssertion {
    var parser = Parser(tokens: try QueryLexer.tokens(text), scalars: Array(text.unicodeScalars))
    return QueryAssertion(condition: try parser.assertion(), text: text)
  }
}

private struct Parser {
  let tokens: [QueryToken]
  let scalars: [Unicode.Scalar]
  var position = 0
  var depth = 0

  init(tokens: [QueryToken], scalars: [Unicode.Scalar]) {
    self.tokens = tokens
    self.scalars = scalars
  }

  var current: QueryToken { tokens[min(position, tokens.count - 1)] }
  var next: QueryToken { tokens[min(position + 1, tokens.count - 1)] }

  /// The source text between two offsets.
  func text(_ start: Int, _ end: Int) -> String {
    String(String.UnicodeScalarView(scalars[start..<max(start, end)]))
  }

  /// Where the previous token ends.
  var previousEnd: Int {
    position == 0 ? 0 : tokens[position - 1].offset + tokens[position - 1].length
  }

  func isName(_ name: String, _ token: QueryToken? = nil) -> Bool {
    (token ?? current).kind == .name(name)
  }

  func isSymbol(_ symbol: Unicode.Scalar, _ token: QueryToken? = nil) -> Bool {
    (token ?? current).kind == .symbol(symbol)
  }

  mutating func expect(_ symbol: Unicode.Scalar, _ context: String) throws(QueryParseError) {
    guard isSymbol(symbol) else {
      throw QueryParseError(
        "expected '\(symbol)' \(context), found \(current.display)", at: current.offset)
    }
    position += 1
  }

  /// Enters one level of nesting opened by the token at `offset`.
  mutating func nest(at offset: Int) throws(QueryParseError) {
    depth += 1
    if depth > QueryParser.maxDepth {
      throw QueryParseError(
        "the assertion nests 'not', parentheses and filters more than \(QueryParser.maxDepth) deep",
        at: offset)
    }
  }

  mutating func assertion() throws(QueryParseError) -> QueryCondition {
    if current.kind == .end { throw QueryParseError("the assertion is empty", at: 0) }
    let condition = try self.condition()
    if current.kind != .end {
      throw QueryParseError(
        "unexpected \(current.display) after the end of the test", at: current.offset,
        hint: "join tests with 'and' or 'or'")
    }
    return condition
  }

  mutating func condition() throws(QueryParseError) -> QueryCondition {
    var parts = [try andCondition()]
    while isName("or") {
      position += 1
      parts.append(try andCondition())
    }
    return parts.count == 1 ? parts[0] : .or(parts)
  }

  mutating func andCondition() throws(QueryParseError) -> QueryCondition {
    var parts = [try unary()]
    while isName("and") {
      position += 1
      parts.append(try unary())
    }
    return parts.count == 1 ? parts[0] : .and(parts)
  }

  mutating func unary() throws(QueryParseError) -> QueryCondition {
    if isName("not") {
      let token = current
      position += 1
      try nest(at: token.offset)
      defer { depth -= 1 }
      return .not(try unary())
    }
    if isSymbol("(") {
      let open = current.offset
      position += 1
      try nest(at: open)
      defer { depth -= 1 }
      let inner = try condition()
      guard isSymbol(")") else {
        throw QueryParseError(
          "expected ')' to close the '(' at column \(open + 1), found \(current.display)",
          at: current.offset)
      }
      position += 1
      return inner
    }
    return .test(try test())
  }

  mutating func test() throws(QueryParseError) -> QueryTest {
    let start = current.offset
    let left = try term(allowList: false)
    let kind: QueryTest.Kind
    switch current.kind {
    case .compare(let op):
      position += 1
      let right = try term(allowList: false)
      try single(left, "compared with '\(op.rawValue)'")
      try single(right, "compared with '\(op.rawValue)'")
      kind = .compare(op, right)
    case .name("in"):
      position += 1
      try single(left, "tested with 'in'")
      let right = try term(allowList: true)
      switch right.kind {
      case .list, .path: break
      default:
        throw QueryParseError(
          "'in' needs a list such as [\"a\", \"b\"] or a path, not \(right.text)",
          at: tokens[position - 1].offset)
      }
      kind = .membership(right)
    case .name("matches"):
      position += 1
      try single(left, "matched")
      guard case .string(let pattern) = current.kind else {
        throw QueryParseError(
          "'matches' needs a pattern in quotes, found \(current.display)", at: current.offset,
          hint: "for example: version matches '^2\\.'")
      }
      if let problem = QueryRegex.problem(with: pattern) {
        throw QueryParseError(problem, at: current.offset)
      }
      position += 1
      kind = .matches(pattern)
    case .name("exists"):
      guard case .path = left.kind else {
        throw QueryParseError("'exists' applies to a path, not \(left.text)", at: start)
      }
      position += 1
      kind = .exists
    default:
      if case .literal = left.kind {
        throw QueryParseError(
          "\(left.text) on its own is not a test", at: start,
          hint: "compare a path with it, e.g. status == \(left.text)")
      }
      if left.isSelection {
        throw QueryParseError(
          "\(left.text) can match several values, so it is not true or false on its own",
          at: start, hint: "use all(\(left.text)) or any(\(left.text))")
      }
      kind = .isTrue
    }
    return QueryTest(left: left, kind: kind, text: text(start, previousEnd))
  }

  /// Refuses a selection where one value is needed.
  func single(_ term: QueryTerm, _ what: String) throws(QueryParseError) {
    guard term.isSelection else { return }
    throw QueryParseError(
      "\(term.text) can match several values, so it cannot be \(what)", at: term.offset,
      hint: "use all(…), any(…) or count(…), e.g. count(items[?status != 'ok']) == 0")
  }

  /// The term of `kind` that started at `token` and ends at the previous token.
  func finish(_ kind: QueryTerm.Kind, _ token: QueryToken) -> QueryTerm {
    QueryTerm(kind: kind, text: text(token.offset, previousEnd), offset: token.offset)
  }

  mutating func term(allowList: Bool) throws(QueryParseError) -> QueryTerm {
    let token = current
    switch token.kind {
    case .number(let value):
      position += 1
      return finish(.literal(value), token)
    case .string(let string):
      position += 1
      return finish(.literal(StructuredValue(.string(string))), token)
    case .name("true"), .name("false"), .name("null"):
      position += 1
      let value: StructuredValue.Content =
        isName("null", token) ? .null : .bool(isName("true", token))
      return finish(.literal(StructuredValue(value)), token)
    case .symbol("["):
      guard allowList else {
        throw QueryParseError(
          "a list can only follow 'in'", at: token.offset,
          hint: "to start a path at the top of the document, write $[0] or $[\"key\"]")
      }
      let items = try list()
      return finish(.list(items), token)
    case .symbol("$"), .symbol("@"):
      position += 1
      let origin: QueryPath.Origin = isSymbol("$", token) ? .root : .current
      let path = try steps(QueryPath(origin: origin, steps: []))
      return finish(.path(path), token)
    case .name(let name):
      if isSymbol("(", next) { return try function(name, token) }
      position += 1
      let path = try steps(QueryPath(origin: .current, steps: [.key(name)]))
      return finish(.path(path), token)
    default:
      throw QueryParseError(
        "expected a path, a function or a value, found \(token.display)", at: token.offset)
    }
  }

  mutating func function(_ name: String, _ token: QueryToken) throws(QueryParseError) -> QueryTerm {
    let names = QueryFunction.allCases.map(\.rawValue)
    guard let function = QueryFunction(rawValue: name) else {
      throw QueryParseError(
        "unknown function '\(name)'\(Suggestion.didYouMean(name, in: names))", at: token.offset,
        hint: "functions: \(names.joined(separator: ", "))")
    }
    position += 2
    let argument = current
    let inner = try term(allowList: false)
    guard case .path(let path) = inner.kind else {
      throw QueryParseError("\(name)() takes a path, not \(inner.text)", at: argument.offset)
    }
    guard path.isSelection else {
      throw QueryParseError(
        "\(name)() needs a selection that can match several values, not the single value "
          + "\(inner.text)", at: argument.offset,
        hint: "select the items with [*] or a filter [?…], e.g. \(name)(\(inner.text)[*])")
    }
    try expect(")", "to close '\(name)('")
    return finish(.function(function, path), token)
  }

  mutating func steps(_ start: QueryPath) throws(QueryParseError) -> QueryPath {
    var path = start
    while true {
      if isSymbol(".") {
        position += 1
        guard case .name(let name) = current.kind else {
          throw QueryParseError(
            "expected a key name after '.', found \(current.display)", at: current.offset,
            hint: "write [0] for an index and [\"a key\"] for a key with spaces")
        }
        position += 1
        path.steps.append(.key(name))
      } else if isSymbol("[") {
        position += 1
        path.steps.append(try bracket())
        try expect("]", "to close '['")
      } else {
        return path
      }
    }
  }

  mutating func bracket() throws(QueryParseError) -> QueryPath.Step {
    let token = current
    switch token.kind {
    case .number(let value):
      guard case .int(let index) = value.content else {
        throw QueryParseError(
          "an index must be a whole number, not \(value.brief)", at: token.offset)
      }
      position += 1
      return .index(index)
    case .string(let key):
      position += 1
      return .key(key)
    case .symbol("*"):
      position += 1
      return .wildcard
    case .symbol("?"):
      position += 1
      try nest(at: token.offset)
      defer { depth -= 1 }
      return .filter(try condition())
    default:
      throw QueryParseError(
        "expected an index, a quoted key, '*' or '?' after '[', found \(token.display)",
        at: token.offset)
    }
  }

  mutating func list() throws(QueryParseError) -> [StructuredValue] {
    position += 1
    var items: [StructuredValue] = []
    if isSymbol("]") {
      position += 1
      return items
    }
    while true {
      let token = current
      let item = try term(allowList: false)
      guard case .literal(let value) = item.kind else {
        throw QueryParseError(
          "a list holds values (numbers, strings, true, false, null), not \(item.text)",
          at: token.offset)
      }
      items.append(value)
      if isSymbol(",") {
        position += 1
        continue
      }
      try expect("]", "to close the list")
      return items
    }
  }
}

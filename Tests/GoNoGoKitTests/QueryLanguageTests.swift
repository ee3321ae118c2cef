import Testing

@testable import GoNoGoKit

/// The query language as a checklist author writes it: what parses, and what is refused where.
@Suite struct QueryLanguageTests {
  func parseError(_ text: String) -> QueryParseError? {
    do {
      _ = try QueryParser.parse(text)
      return nil
    } catch {
      return error
    }
  }

  func test(_ text: String) throws -> QueryTest {
    let assertion = try QueryParser.parse(text)
    guard case .test(let test) = assertion.condition else {
      Issue.record("\(text) is not a single test")
      throw QueryParseError("not a test", at: 0)
    }
    return test
  }

  @Test func pathsTakeKeysQuotedKeysIndexesWildcardsAndFilters() throws {
    let parsed = try test(#"a.b[0]["key with spaces"][*][-1] exists"#)
    #expect(parsed.kind == .exists)
    #expect(
      parsed.left.kind
        == .path(
          QueryPath(
            origin: .current,
            steps: [
              .key("a"), .key("b"), .index(0), .key("key with spaces"), .wildcard, .index(-1),
            ]
          )))
    #expect(parsed.left.text == #"a.b[0]["key with spaces"][*][-1]"#)
    let root = try test(#"$["top level"] == 'x'"#)
    #expect(root.left.kind == .path(QueryPath(origin: .root, steps: [.key("top level")])))
  }

  @Test func comparisonsTakeLiteralsAndPathsOnTheRight() throws {
    let counted = try test("count(results[*].failures[*]) == 0")
    #expect(
      counted.left.kind
        == .function(
          .count,
          QueryPath(
            origin: .current, steps: [.key("results"), .wildcard, .key("failures"), .wildcard])))
    #expect(
      counted.kind
        == .compare(
          .equal, QueryTerm(kind: .literal(StructuredValue(.int(0))), text: "0", offset: 33)))
    let paths = try test("summary.passed >= summary.total")
    guard case .compare(.greaterOrEqual, let right) = paths.kind else {
      Issue.record("not >=")
      return
    }
    #expect(
      right.kind == .path(QueryPath(origin: .current, steps: [.key("summary"), .key("total")])))
    for (text, op) in [
      ("a != 1", QueryOperator.notEqual), ("a < 1", .less), ("a <= 1", .lessOrEqual),
      ("a > 1", .greater),
    ] {
      #expect(
        try test(text).kind
          == .compare(
            op,
            QueryTerm(kind: .literal(StructuredValue(.int(1))), text: "1", offset: text.count - 1)))
    }
  }

  @Test func literalsAreNumbersStringsBooleansAndNull() throws {
    func literal(_ text: String) throws -> StructuredValue? {
      guard case .compare(_, let right) = try test("x == " + text).kind,
        case .literal(let value) = right.kind
      else { return nil }
      return value
    }
    #expect(try literal("-12") == StructuredValue(.int(-12)))
    #expect(try literal("2.5e3") == StructuredValue(.double(2500)))
    #expect(try literal(#""tab\tquote\" \u00e9""#) == StructuredValue(.string("tab\tquote\" é")))
    #expect(try literal(#"'it''s \d+'"#) == StructuredValue(.string(#"it's \d+"#)))
    #expect(try literal("true") == StructuredValue(.bool(true)))
    #expect(try literal("null") == StructuredValue(.null))
  }

  @Test func inTakesAListOrAPath() throws {
    let list = try test(#"status in ["ok", 'skipped', 3]"#)
    guard case .membership(let right) = list.kind else {
      Issue.record("not in")
      return
    }
    #expect(
      right.kind
        == .list([
          StructuredValue(.string("ok")), StructuredValue(.string("skipped")),
          StructuredValue(.int(3)),
        ]))
    let path = try test("'critical' in findings[*].severity")
    guard case .membership(let selection) = path.kind else {
      Issue.record("not in")
      return
    }
    #expect(selection.isSelection)
  }

  @Test func conditionsCombineWithAndOrNotAndParentheses() throws {
    let assertion = try QueryParser.parse("not a exists or (b == 1 and c == 2)")
    guard case .or(let parts) = assertion.condition, parts.count == 2,
      case .not(.test) = parts[0], case .and(let inner) = parts[1]
    else {
      Issue.record("unexpected shape: \(assertion.condition)")
      return
    }
    #expect(inner.count == 2)
    let filtered = try test("count(items[?status != 'ok' and not @.retried]) == 0")
    guard case .function(.count, let path) = filtered.left.kind,
      case .filter(.and(let tests)) = path.steps.last
    else {
      Issue.record("no filter")
      return
    }
    #expect(tests.count == 2)
  }

  @Test func matchesChecksThePatternWhenTheChecklistIsRead() throws {
    #expect(try test(#"version matches '^2\.\d+'"#).kind == .matches(#"^2\.\d+"#))
    // Nested repetition is allowed: PCRE2's step budget bounds it when it runs.
    #expect(try test("version matches '(a+)+$'").kind == .matches("(a+)+$"))
    let invalid = try #require(parseError("version matches '[unclosed'"))
    #expect(invalid.offset == 16)
    #expect(
      invalid.message
        == "'[unclosed' is not a valid regular expression: missing terminating ] for character "
        + "class (at character 10 of the pattern)")
  }

  @Test(arguments: [
    ("", "the assertion is empty", 0),
    ("count(results[*] == 0", "expected ')' to close 'count(', found '=='", 17),
    ("all(items[*].ok", "expected ')' to close 'all(', found the end of the assertion", 15),
    (#"status = "ok""#, "'=' is not an operator; write '==' to compare", 7),
    ("!ok", "'!' is not an operator; write '!=' or 'not'", 0),
    ("cont(items[*]) == 0", "unknown function 'cont'; did you mean 'count'?", 0),
    (
      "count(results) == 0",
      "count() needs a selection that can match several values, not the single value results", 6
    ),
    ("max(3) > 1", "max() takes a path, not 3", 4),
    (
      "results[*].ok == true",
      "results[*].ok can match several values, so it cannot be compared with '=='", 0
    ),
    (
      "x == items[*].id",
      "items[*].id can match several values, so it cannot be compared with '=='", 5
    ),
    (
      "items[*].ok", "items[*].ok can match several values, so it is not true or false on its own",
      0
    ),
    ("3", "3 on its own is not a test", 0),
    ("name == 'unterminated", "this string has no closing '", 8),
    (#"name == "\q""#, #"unknown escape '\q' in a double-quoted string"#, 9),
    ("a == 1 b", "unexpected 'b' after the end of the test", 7),
    ("version matches 3", "'matches' needs a pattern in quotes, found 3", 16),
    ("[1, 2] == x", "a list can only follow 'in'", 0),
    ("x in 3", "'in' needs a list such as [\"a\", \"b\"] or a path, not 3", 5),
    ("x in [a]", "a list holds values (numbers, strings, true, false, null), not a", 6),
    ("a.0 == 1", "expected a key name after '.', found 0", 2),
    ("a[1.5] == 1", "an index must be a whole number, not 1.5", 2),
    ("a[x] == 1", "expected an index, a quoted key, '*' or '?' after '[', found 'x'", 2),
    ("(a == 1", "expected ')' to close the '(' at column 1, found the end of the assertion", 7),
    ("3 exists", "'exists' applies to a path, not 3", 0),
    ("a == #", "unexpected character '#'", 5),
    ("== 1", "expected a path, a function or a value, found '=='", 0),
  ])
  func invalidAssertionsAreRefusedAtTheirColumn(_ text: String, _ message: String, _ offset: Int) {
    let error = parseError(text)
    #expect(error?.message == message)
    #expect(error?.offset == offset)
  }

  @Test func assertionsAreBoundedInLengthAndNesting() {
    let long = "a == '" + String(repeating: "x", count: 5000) + "'"
    #expect(
      parseError(long)
        == QueryParseError(
          "the assertion is longer than 4096 characters", at: 4096,
          hint: "split it into several query checks under 'checks:'"))
    let deep = String(repeating: "not ", count: 40) + "a exists"
    #expect(
      parseError(deep)?.message
        == "the assertion nests 'not', parentheses and filters more than 32 deep")
    #expect(parseError(deep)?.offset == 128)
    let filters =
      String(repeating: "a[?", count: 40) + "b" + String(repeating: "]", count: 40) + " exists"
    #expect(parseError(filters)?.offset == 98)
  }
}

import Testing

@testable import GoNoGoKit

/// What each part of the language yields on a test report, and the finding a reader sees.
@Suite struct QueryEvaluatorTests {
  static let report = """
    {
      "version": "2.4.0",
      "key with spaces": "present",
      "summary": {"total": 3, "passed": 2, "duration": 3.5, "labels": ["nightly", "fast"]},
      "results": [
        {"suite": "api", "ok": true, "time": 1.5, "failures": []},
        {"suite": "web", "ok": false, "time": 2, "failures": [{"test": "login"}, {"test": "cart"}]},
        {"suite": "cli", "ok": true, "time": 0.25, "failures": [], "retried": true}
      ],
      "owners": {"api": {"oncall": true}, "web": {"oncall": false}}
    }
    """

  func finding(_ assertion: String, on json: String = report) throws -> Finding {
    let root = try StructuredDataReader.parseJSON(json, file: "report.json").get()
    let parsed = try QueryParser.parse(assertion)
    let outcome = try QueryEvaluator(root: root).evaluate(parsed)
    return QueryReport.finding(outcome, parsed, file: "report.json")
  }

  func holds(_ assertion: String, on json: String = report) throws -> Bool {
    try finding(assertion, on: json).status == .pass
  }

  func evaluationError(_ assertion: String, on json: String = report) throws -> String? {
    let root = try StructuredDataReader.parseJSON(json, file: "report.json").get()
    do {
      _ = try QueryEvaluator(root: root).evaluate(try QueryParser.parse(assertion))
      return nil
    } catch let error as QueryEvaluationError {
      return error.message
    }
  }

  @Test func countCountsWhatTheSelectionMatches() throws {
    let failing = try finding("count(results[*].failures[*]) == 0")
    #expect(failing.status == .fail)
    #expect(failing.message == "count(results[*].failures[*]) is 2 in report.json, expected == 0")
    #expect(failing.measured == ["value": 2])
    #expect(failing.expected == ["op": "==", "value": 0])
    let passing = try finding("count(results[*]) >= 3")
    #expect(passing.message == "count(results[*]) is 3 in report.json, as required (>= 3)")
    #expect(try holds("count(owners[*]) == 2"))
    #expect(try holds("count(nothing[*]) == 0"))
  }

  @Test func minMaxAndSumTakeNumbers() throws {
    #expect(try holds("min(results[*].time) == 0.25"))
    #expect(try holds("max(results[*].time) == 2"))
    #expect(try holds("sum(results[*].time) == 3.75"))
    #expect(try holds("sum(nothing[*]) == 0"))
    let empty = try finding("max(nothing[*].time) < 5")
    #expect(empty.status == .fail)
    #expect(
      empty.message
        == "max(nothing[*].time) has no value in report.json: its selection matched nothing")
    #expect(
      try evaluationError("max(results[*].suite) < 5")
        == #"max(results[*].suite) needs numbers, but the selection holds a string ("api")"#)
  }

  @Test func allAndAnyTakeBooleansAndAllOfNothingNeverPasses() throws {
    let all = try finding("all(results[*].ok)")
    #expect(all.message == "all(results[*].ok) is false in report.json, expected true")
    #expect(all.expected == ["op": "==", "value": true])
    #expect(
      try finding("any(results[*].ok)").message == "any(results[*].ok) is true in report.json")
    #expect(try holds("all(owners[*].oncall) == false"))
    #expect(try !holds("any(nothing[*])"))
    let vacuous = try finding("all(nothing[*])")
    #expect(vacuous.status == .fail)
    #expect(
      vacuous.message
        == "all(nothing[*]) has no value in report.json: its selection matched nothing")
    #expect(
      try evaluationError("all(results[*].suite)")
        == #"all(results[*].suite) needs true or false values, but the selection holds a string ("api")"#
    )
  }

  @Test func wildcardsWalkArraysAndObjectValuesAndIndexesCountFromEitherEnd() throws {
    #expect(try holds("results[0].suite == 'api'"))
    #expect(try holds("results[-1].suite == 'cli'"))
    #expect(try holds("count(owners[*].oncall) == 2"))
    #expect(try holds(#"$["key with spaces"] == "present""#))
    #expect(try holds("count($[*]) == 5"))
    #expect(try holds("results[9] exists") == false)
  }

  @Test func filtersKeepTheItemsForWhichTheConditionHolds() throws {
    #expect(try holds("count(results[?ok == false]) == 1"))
    #expect(try holds("count(results[?ok and not @.retried exists]) == 1"))
    #expect(try holds("results[?suite == 'web'].failures[1].test exists"))
    #expect(try holds("count(results[?count(@.failures[*]) > 0]) == 1"))
    #expect(try holds("count(results[?time > $.summary.duration or suite in ['cli']]) == 1"))
    // An item without the key does not match; one with the wrong type stops the evaluation.
    #expect(try holds("count(results[?retried == true]) == 1"))
    #expect(
      try evaluationError("count(results[?suite > 1]) == 0")
        == #"suite is a string ("api") and 1 is a number (1); '>' compares two numbers or two strings"#
    )
  }

  @Test func comparisonsCompareNumbersByValueAndStringsByCharacter() throws {
    #expect(try holds("summary.total == 3.0"))
    #expect(try holds("summary.passed < summary.total"))
    #expect(try holds("version >= '2.10.0'"))
    #expect(try holds("version != 2.4"))
    let mismatch = try finding("summary.total == '3'")
    #expect(mismatch.message == #"summary.total is 3 in report.json, expected == '3'"#)
    let path = try finding("summary.passed == summary.total")
    #expect(path.message == "summary.passed is 2 in report.json, expected == summary.total (3)")
    #expect(path.expected == ["op": "==", "value": 3])
    #expect(
      try evaluationError("summary.labels < 3")
        == "summary.labels is an array of 2 items and 3 is a number (3); "
        + "'<' compares two numbers or two strings"
    )
  }

  @Test func inLooksInAListAnArrayOrASelection() throws {
    let status = try finding(#"results[1].suite in ["api", "cli"]"#)
    #expect(
      status.message == #"results[1].suite is "web" in report.json, expected in ["api", "cli"]"#)
    #expect(status.expected == ["op": "in", "value": .array(["api", "cli"])])
    #expect(try holds("'nightly' in summary.labels"))
    #expect(try holds("'web' in results[*].suite"))
    #expect(
      try evaluationError("'x' in version")
        == #"version is a string ("2.4.0"), not a list to look in"#)
  }

  @Test func matchesSearchesTheStringForThePattern() throws {
    #expect(try holds(#"version matches '^2\.\d+\.\d+$'"#))
    let old = try finding("version matches '^3'")
    #expect(old.message == #"version is "2.4.0" in report.json, expected matches "^3""#)
    #expect(old.expected == ["op": "matches", "value": "^3"])
    #expect(
      try evaluationError("summary.total matches '3'")
        == "summary.total is a number (3), not a string to match")
  }

  @Test func aPathThatMatchesNothingFailsAndExistsSaysSo() throws {
    let missing = try finding("results[0].x == 5")
    #expect(missing.status == .fail)
    #expect(missing.message == "results[0].x matched nothing in report.json")
    #expect(missing.measured == nil)
    let exists = try finding("summary.owner exists")
    #expect(exists.message == "summary.owner matched nothing in report.json, expected it to exist")
    #expect(try finding("summary.total exists").message == "summary.total exists in report.json")
    #expect(
      try finding("results[*].failures[*] exists").message
        == "results[*].failures[*] matched 2 values in report.json")
    #expect(
      try finding("not summary.owner exists").message
        == "summary.owner matched nothing in report.json, as required (not exists)")
    #expect(
      try finding("summary.passed == other").message == "other matched nothing in report.json")
  }

  @Test func combinedAssertionsReportEachTestedValue() throws {
    let combined = try finding("summary.total == 3 and summary.passed == 3")
    #expect(combined.status == .fail)
    #expect(
      combined.message
        == "'summary.total == 3 and summary.passed == 3' does not hold in report.json: "
        + "summary.total is 3; summary.passed is 2"
    )
    #expect(combined.measured == ["summary.total": 3, "summary.passed": 2])
    #expect(combined.expected == ["assert": "summary.total == 3 and summary.passed == 3"])
    #expect(try holds("summary.passed == 3 or version matches '^2'"))
    let negated = try finding("not summary.total == 3")
    #expect(negated.message == "summary.total is 3 in report.json, expected not == 3")
    #expect(negated.expected == ["op": "not ==", "value": 3])
  }

  @Test func yamlValuesPointAtTheirLine() throws {
    let yaml = "release: 2.4.0\napprovals:\n  - team: security\n    approved: false\n"
    let root = try StructuredDataReader.parseYAML(yaml, file: "release.yaml").get()[0]
    let assertion = try QueryParser.parse("approvals[0].approved")
    let outcome = try QueryEvaluator(root: root).evaluate(assertion)
    let finding = QueryReport.finding(outcome, assertion, file: "release.yaml")
    #expect(finding.message == "approvals[0].approved is false in release.yaml, expected true")
    #expect(finding.evidence == EvidenceLocation(file: "release.yaml", line: 4, column: 15))
  }
}

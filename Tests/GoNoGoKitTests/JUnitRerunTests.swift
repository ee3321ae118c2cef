import Foundation
import Testing

@testable import GoNoGoKit

/// Reads JUnit XML text with the real reader, from a file in a temporary root.
func readJUnit(_ text: String) throws -> JUnitResults {
  let root = try TempRoot(["junit.xml": text])
  let file = try EvidenceRoot(root.url).file("junit.xml").get()
  return try JUnitReader.read(EvidenceSource(file: file, maxBytes: 1 << 20)).get()
}

/// A suite `cart` holding the given testcase elements.
func junitSuite(_ testcases: [String], attributes: String = "") -> String {
  "<testsuite name=\"cart\"\(attributes)>\n" + testcases.map { "  \($0)\n" }.joined()
    + "</testsuite>\n"
}

/// Testcases without a name have no identity: they are distinct tests, never reruns.
@Suite struct JUnitNamelessTestcaseTests {
  /// The false GO: nameless `pass, fail, fail, pass` read as 2 tests, 1 flaky, 100 %.
  @Test func namelessTestcasesAreDistinctTestsAndTheReportSaysSo() throws {
    let file = junitSuite([
      "<testcase/>",
      "<testcase><failure message=\"expected 1 but was 2\"/></testcase>",
      "<testcase><failure message=\"expected 3 but was 4\"/></testcase>",
      "<testcase/>",
    ])
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_failures: 0", files: ["junit.xml": file])
    #expect(findings.map(\.status) == [.fail, .fail, .fail])
    #expect(
      findings.map(\.message) == [
        "4 tests in junit.xml: 2 passed, 2 failed, 0 errored, 0 skipped; pass rate 50%; "
          + "4 testcases have no name and count as separate tests; "
          + "2 failed, more than max_failures 0",
        "test failed: cart › (testcase without a name): expected 1 but was 2",
        "test failed: cart › (testcase without a name): expected 3 but was 4",
      ])
    #expect(
      findings.first?.measured == [
        "tests": 4, "failures": 2, "errors": 0, "skipped": 0, "flaky": 0, "nameless": 4,
        "pass_rate": .double(0.5),
      ])
    #expect(findings.dropFirst().map(\.evidence?.line) == [3, 4])
  }

  /// Empty and blank names, and a classname without a name, are no identity either.
  @Test func blankNamesAndBareClassnamesAreNameless() throws {
    let results = try readJUnit(
      junitSuite([
        "<testcase name=\"\" classname=\"\"><failure/></testcase>",
        "<testcase name=\"\" classname=\"\"/>",
        "<testcase name=\"   \" classname=\"CartTest\"><failure/></testcase>",
        "<testcase name=\"   \" classname=\"CartTest\"/>",
        "<testcase classname=\"CartTest\"><error/></testcase>",
        "<testcase classname=\"CartTest\"/>",
      ]))
    #expect(results.totals == JUnitCounts(tests: 6, failures: 2, errors: 1, nameless: 6))
    #expect(results.reruns == 0)
  }

  /// A name without a classname is an identity within its suite.
  @Test func aNameWithoutAClassnameStillIdentifiesARerun() throws {
    let results = try readJUnit(
      junitSuite([
        "<testcase name=\"checkout\"><failure/></testcase>",
        "<testcase name=\"checkout\"/>",
      ]))
    #expect(results.totals == JUnitCounts(tests: 1, flaky: 1))
    #expect(results.reruns == 1)
  }

  /// Results written straight into a suite are separate tests, not reruns of each other.
  @Test func suiteLevelResultsAreSeparateTests() throws {
    let results = try readJUnit(
      "<testsuite name=\"cart\">\n  <error message=\"setup failed\"/>\n"
        + "  <error message=\"teardown failed\"/>\n</testsuite>\n")
    #expect(results.totals == JUnitCounts(tests: 2, errors: 2))
    #expect(results.failing.map(\.message) == ["setup failed", "teardown failed"])
  }

  /// Names are compared whole, not only their first kilobyte.
  @Test func longNamesSharingAPrefixAreDifferentTests() throws {
    let prefix = String(repeating: "x", count: 1200)
    let results = try readJUnit(
      junitSuite([
        "<testcase name=\"\(prefix)a\"><failure/></testcase>",
        "<testcase name=\"\(prefix)b\"/>",
      ]))
    #expect(results.totals == JUnitCounts(tests: 2, failures: 1))
  }
}

/// Testcases that did not run (`status="disabled"`, `notrun`, `skipped`) are skipped.
@Suite struct JUnitStatusTests {
  @Test(arguments: ["disabled", "notrun", "skipped", "NotRun"])
  func statusWithoutAResultIsSkipped(_ status: String) throws {
    let results = try readJUnit(
      junitSuite([
        "<testcase classname=\"CartTest\" name=\"totals\" status=\"run\"/>",
        "<testcase classname=\"CartTest\" name=\"converts\" status=\"\(status)\"/>",
      ]))
    #expect(results.totals == JUnitCounts(tests: 2, skipped: 1))
  }

  @Test func disabledTestFailsMaxSkipped() throws {
    let file = junitSuite([
      "<testcase classname=\"CartTest\" name=\"totals\" status=\"run\"/>",
      "<testcase classname=\"CartTest\" name=\"DISABLED_converts\" status=\"disabled\"/>",
    ])
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_skipped: 0", files: ["junit.xml": file])
    #expect(
      findings == [
        Finding(
          .fail,
          "2 tests in junit.xml: 1 passed, 0 failed, 0 errored, 1 skipped; pass rate 100%; "
            + "1 skipped, more than max_skipped 0",
          evidence: EvidenceLocation(file: "junit.xml"),
          measured: [
            "tests": 2, "failures": 0, "errors": 0, "skipped": 1, "flaky": 0,
            "pass_rate": .double(1),
          ], expected: ["max_skipped": 0, "max_failures": 0, "max_errors": 0])
      ])
  }

  /// A result element says more than the status: a disabled testcase that failed failed.
  @Test func aResultElementOutweighsTheStatus() throws {
    let results = try readJUnit(
      junitSuite([
        "<testcase name=\"a\" status=\"disabled\"><failure message=\"boom\"/></testcase>",
        "<testcase name=\"b\" status=\"failed\"/>",
        "<testcase name=\"c\" status=\"error\"/>",
      ]))
    #expect(results.totals == JUnitCounts(tests: 3, failures: 2, errors: 1))
  }

  /// Google Test 1.12.1's own file: a DISABLED_ test and a DISABLED_ suite (`status="notrun"`),
  /// a GTEST_SKIP (`<skipped>`), a failure; its `disabled=` attributes agree with the testcases.
  @Test func googleTestDisabledTestsAreSkipped() throws {
    let results = try JUnitCoverageFixtures.junit("gtest-disabled.xml")
    #expect(results.totals == JUnitCounts(tests: 6, failures: 1, skipped: 3))
    #expect(results.discrepancyCount == 0)
    #expect(results.failing.map(\.name) == ["AppliesMemberDiscount"])
  }

  /// The gate on Google Test's file counts its disabled tests against max_skipped.
  @Test func googleTestDisabledTestsCountAgainstMaxSkipped() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: gtest-disabled.xml\nmax_failures: 1\nmax_skipped: 1", folder: "junit")
    #expect(
      findings.map(\.message) == [
        "6 tests in gtest-disabled.xml: 2 passed, 1 failed, 0 errored, 3 skipped; "
          + "pass rate 66.66%; 3 skipped, more than max_skipped 1"
      ])
    #expect(findings.map(\.status) == [.fail])
  }

  @Test func suiteDisabledAttributeIsCrossChecked() throws {
    let results = try readJUnit(
      junitSuite(
        [
          "<testcase name=\"a\" status=\"notrun\"/>",
          "<testcase name=\"b\" status=\"disabled\"/>",
          "<testcase name=\"c\"/>",
        ], attributes: " tests=\"3\" disabled=\"1\""))
    #expect(
      results.discrepancies.map(\.description) == [
        "suite 'cart' declares disabled=1 but its testcases show 2 disabled"
      ])
  }
}

/// The rerun rule: the runs of one test (same suite, classname and name), in file order.
@Suite struct JUnitRerunRuleTests {
  /// One run per token: `pass`, `failure`, `error`, `skipped`, `disabled` (status only), or a
  /// Surefire element: `flakyFailure` (failed, then passed), `rerunFailure` (failed twice).
  static func testcase(_ run: String) -> String {
    let open = "<testcase classname=\"CartTest\" name=\"checkout\""
    switch run {
    case "pass": return open + "/>"
    case "disabled": return open + " status=\"disabled\"/>"
    case "flakyFailure":
      return open + "><flakyFailure message=\"timed out\"/></testcase>"
    case "rerunFailure":
      return open
        + "><failure message=\"first\"/><rerunFailure message=\"again\"/></testcase>"
    default: return open + "><\(run) message=\"\(run) run\"/></testcase>"
    }
  }

  @Test(arguments: [
    // Last run passed after a failed one: flaky.
    ("failure pass", JUnitCounts(tests: 1, flaky: 1)),
    ("error failure pass", JUnitCounts(tests: 1, flaky: 1)),
    ("flakyFailure", JUnitCounts(tests: 1, flaky: 1)),
    ("rerunFailure pass", JUnitCounts(tests: 1, flaky: 1)),
    ("skipped failure pass", JUnitCounts(tests: 1, flaky: 1)),
    // Last run failed: failing, by the most severe failed run.
    ("pass failure", JUnitCounts(tests: 1, failures: 1)),
    ("pass failure error", JUnitCounts(tests: 1, errors: 1)),
    ("error pass failure", JUnitCounts(tests: 1, errors: 1)),
    ("failure pass failure", JUnitCounts(tests: 1, failures: 1)),
    ("flakyFailure failure", JUnitCounts(tests: 1, failures: 1)),
    ("rerunFailure", JUnitCounts(tests: 1, failures: 1)),
    ("failure skipped", JUnitCounts(tests: 1, failures: 1)),
    ("failure disabled", JUnitCounts(tests: 1, failures: 1)),
    // Skips do not count as runs; a test never run is skipped.
    ("skipped pass", JUnitCounts(tests: 1)),
    ("pass skipped", JUnitCounts(tests: 1)),
    ("disabled pass", JUnitCounts(tests: 1)),
    ("skipped disabled", JUnitCounts(tests: 1, skipped: 1)),
    ("pass pass", JUnitCounts(tests: 1)),
  ])
  func runsOfOneTestFollowTheRule(_ runs: String, _ expected: JUnitCounts) throws {
    let tokens = runs.split(separator: " ").map(String.init)
    let results = try readJUnit(junitSuite(tokens.map(Self.testcase)))
    #expect(results.totals == expected, "\(runs)")
    #expect(results.reruns == tokens.count - 1, "\(runs)")
  }

  /// The false GO: a test that passed and then failed read as one pass and one failure (50 %).
  @Test func aTestThatPassedThenFailedIsFailing() throws {
    let file = junitSuite(["pass", "failure", "error"].map(Self.testcase))
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmin_pass_rate: 50%", files: ["junit.xml": file])
    #expect(
      findings.map(\.message) == [
        "1 test in junit.xml: 0 passed, 0 failed, 1 errored, 0 skipped; pass rate 0%; "
          + "pass rate below min_pass_rate 50%",
        "test errored: cart › CartTest › checkout: error run",
      ])
    #expect(findings.map(\.status) == [.fail, .fail])
    #expect(findings.last?.evidence == EvidenceLocation(file: "junit.xml", line: 4))
  }

  /// A flaky test that failed again is listed as failed, with its last failure.
  @Test func aFlakyTestThatFailsAgainIsListedAsFailed() throws {
    let results = try readJUnit(junitSuite(["failure", "pass", "failure"].map(Self.testcase)))
    #expect(results.failing.map(\.flaky) == [false])
    #expect(results.failing.map(\.kind) == [.failure])
    #expect(results.failing.first?.line == 4)
  }

  /// pytest-rerunfailures 16.7: "1 failed, 2 passed, 1 skipped, 3 rerun".
  ///
  /// It writes each failed attempt as a bare (passing-looking) testcase before the last one. The
  /// test that failed all three runs is failing, not two passes and a failure; the suite's `tests="4"`
  /// counts tests, not testcases, and agrees.
  @Test func pytestRerunfailuresLastRunDecides() throws {
    let results = try JUnitCoverageFixtures.junit("pytest-rerunfailures.xml")
    #expect(results.totals == JUnitCounts(tests: 4, failures: 1, skipped: 1))
    #expect(results.reruns == 3)
    #expect(results.discrepancyCount == 0)
    #expect(results.failing.map(\.name) == ["test_card_is_charged_once"])
    #expect(results.failing.first?.message == "AssertionError: card charged twice")
    #expect(results.failing.first?.line == 1)
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: pytest-rerunfailures.xml\nmin_pass_rate: 60%", folder: "junit")
    #expect(
      findings.map(\.message) == [
        "4 tests in pytest-rerunfailures.xml: 2 passed, 1 failed, 0 errored, 1 skipped; "
          + "pass rate 66.66%"
      ])
    #expect(findings.map(\.status) == [.pass])
  }

  /// The same name in two suites is two tests.
  @Test func theSameNameInAnotherSuiteIsAnotherTest() throws {
    let results = try readJUnit(
      "<testsuites>\n<testsuite name=\"a\"><testcase name=\"t\"><failure/></testcase></testsuite>\n"
        + "<testsuite name=\"b\"><testcase name=\"t\"/></testsuite>\n</testsuites>\n")
    #expect(results.totals == JUnitCounts(tests: 2, failures: 1))
  }
}

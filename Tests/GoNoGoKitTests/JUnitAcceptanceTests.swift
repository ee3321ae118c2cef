import Foundation
import Testing

@testable import GoNoGoKit

/// JUnit files shaped the way pytest, Maven Surefire, Gradle, Google Test, CTest and xUnit
/// converters write them, judged through the `junit` gate: every count in the message and in
/// `measured` is checked.
@Suite struct JUnitAcceptanceTests {
  /// Evaluates a `junit` gate with the given extra parameters against one file `results.xml`.
  func gate(_ parameters: String, _ xml: String) throws -> [Finding] {
    try evaluate(
      "kind: junit\nfile: results.xml\n" + parameters, files: ["results.xml": xml])
  }

  /// The `measured` of a gate's first finding.
  func measured(
    tests: Int, failures: Int, errors: Int, skipped: Int, flaky: Int = 0, passRate: Double,
    extra: [String: JSONValue] = [:]
  ) -> [String: JSONValue] {
    var values: [String: JSONValue] = [
      "tests": .int(tests), "failures": .int(failures), "errors": .int(errors),
      "skipped": .int(skipped), "flaky": .int(flaky), "pass_rate": .double(passRate),
    ]
    values.merge(extra) { $1 }
    return values
  }

  // MARK: Testcases without a name

  /// pytest-style testcases that lost their names: pass, fail, fail, pass are four tests.
  @Test func namelessTestcasesPassFailFailPassAreFourTestsTwoFailed() throws {
    let xml = """
      <?xml version="1.0" encoding="utf-8"?>
      <testsuites>
        <testsuite name="pytest" errors="0" failures="2" skipped="0" tests="4">
          <testcase time="0.001"/>
          <testcase time="0.002"><failure message="AssertionError: totals differ">trace</failure></testcase>
          <testcase time="0.002">
            <failure>assert 3 == 4
      second line</failure>
          </testcase>
          <testcase time="0.001"/>
        </testsuite>
      </testsuites>
      """
    let findings = try gate("max_failures: 0", xml)
    #expect(findings.map(\.status) == [.fail, .fail, .fail])
    #expect(
      findings.map(\.message) == [
        "4 tests in results.xml: 2 passed, 2 failed, 0 errored, 0 skipped; pass rate 50%; "
          + "4 testcases have no name and count as separate tests; "
          + "2 failed, more than max_failures 0",
        "test failed: pytest › (testcase without a name): AssertionError: totals differ",
        "test failed: pytest › (testcase without a name): assert 3 == 4",
      ])
    #expect(
      findings.first?.measured
        == measured(
          tests: 4, failures: 2, errors: 0, skipped: 0, passRate: 0.5, extra: ["nameless": 4]))
    #expect(findings.dropFirst().map(\.evidence?.line) == [5, 7])
  }

  /// `name=""` and `classname=""` are no identity: two such testcases are two tests.
  @Test func emptyNameAndClassnameAreTwoTests() throws {
    let xml = """
      <testsuite name="converted">
        <testcase name="" classname=""/>
        <testcase name="" classname=""><error message="crashed"/></testcase>
        <testcase name="ok" classname="Converted"/>
      </testsuite>
      """
    let findings = try gate("", xml)
    #expect(
      findings.map(\.message) == [
        "3 tests in results.xml: 2 passed, 0 failed, 1 errored, 0 skipped; pass rate 66.66%; "
          + "2 testcases have no name and count as separate tests; 1 errored, more than max_errors 0",
        "test errored: converted › (testcase without a name): crashed",
      ])
    #expect(
      findings.first?.measured
        == measured(
          tests: 3, failures: 0, errors: 1, skipped: 0, passRate: 2.0 / 3.0,
          extra: ["nameless": 2]))
  }

  // MARK: status attributes

  /// CTest writes `disabled` and `notrun`, converters `skipped`; none of them ran.
  @Test func statusDisabledSkippedAndNotrunWithoutAChildAreSkipped() throws {
    let xml = """
      <testsuites>
        <testsuite name="ctest" tests="4">
          <testcase name="parses" classname="ctest" status="run"/>
          <testcase name="formats" classname="ctest" status="disabled"/>
          <testcase name="exports" classname="ctest" status="skipped"/>
          <testcase name="imports" classname="ctest" status="notrun"/>
        </testsuite>
      </testsuites>
      """
    let findings = try gate("max_skipped: 0", xml)
    #expect(
      findings == [
        Finding(
          .fail,
          "4 tests in results.xml: 1 passed, 0 failed, 0 errored, 3 skipped; pass rate 100%; "
            + "3 skipped, more than max_skipped 0",
          evidence: EvidenceLocation(file: "results.xml"),
          measured: measured(tests: 4, failures: 0, errors: 0, skipped: 3, passRate: 1),
          expected: ["max_skipped": 0, "max_failures": 0, "max_errors": 0])
      ])
    #expect(try gate("", xml).map(\.status) == [.pass])
  }

  /// A suite whose `disabled=` disagrees with its testcases is reported; the testcases count.
  @Test func suiteDisabledAttributeDisagreeingWithTheCasesIsReported() throws {
    let xml = """
      <testsuites>
        <testsuite name="Checkout" tests="3" failures="0" disabled="2">
          <testcase name="pays" classname="Checkout" status="run"/>
          <testcase name="DISABLED_refunds" classname="Checkout" status="notrun"/>
          <testcase name="ships" classname="Checkout" status="run"/>
        </testsuite>
      </testsuites>
      """
    let findings = try gate("max_skipped: 1", xml)
    #expect(findings.map(\.status) == [.pass, .pass])
    #expect(
      findings.map(\.message) == [
        "3 tests in results.xml: 2 passed, 0 failed, 0 errored, 1 skipped; pass rate 100%",
        "results.xml: suite 'Checkout' declares disabled=2 but its testcases show 1 disabled; "
          + "the testcases are counted",
      ])
    #expect(findings.last?.evidence == EvidenceLocation(file: "results.xml", line: 2))
  }

  /// Words real producers write for a test that ran: Google Test and CTest (`run`, `completed`),
  /// xUnit converters (`passed`, `success`, `pass`), and others.
  @Test(arguments: ["run", "completed", "passed", "Pass", "success", "ok", "executed", "RUN"])
  func knownPassingStatusesPass(_ status: String) throws {
    let xml = junitSuite([
      "<testcase classname=\"Cart\" name=\"adds\" status=\"\(status)\"/>",
      "<testcase classname=\"Cart\" name=\"totals\"/>",
    ])
    let findings = try gate("max_skipped: 0", xml)
    #expect(
      findings.map(\.message) == [
        "2 tests in results.xml: 2 passed, 0 failed, 0 errored, 0 skipped; pass rate 100%"
      ])
  }

  /// Google Test writes `status` and `result` together.
  @Test func googleTestStatusAndResultTogether() throws {
    let xml = """
      <testsuites tests="3" failures="0" disabled="1" errors="0" name="AllTests">
        <testsuite name="Cart" tests="3" failures="0" disabled="1" skipped="1" errors="0">
          <testcase name="Adds" file="cart_test.cc" line="4" status="run" result="completed" classname="Cart"/>
          <testcase name="DISABLED_Totals" status="notrun" result="suppressed" classname="Cart"/>
          <testcase name="Taxes" status="run" result="skipped" classname="Cart">
            <skipped message="cart_test.cc:20&#x0A;no tax table"/>
          </testcase>
        </testsuite>
      </testsuites>
      """
    let findings = try gate("", xml)
    #expect(
      findings.map(\.message) == [
        "3 tests in results.xml: 1 passed, 0 failed, 0 errored, 2 skipped; pass rate 100%"
      ])
  }

  /// A status gonogo does not know says nothing it can trust: the test is not counted as passed.
  @Test(arguments: ["blocked", "unknown", "inconclusive"])
  func anUnknownStatusWithoutAResultIsNotAPass(_ status: String) throws {
    let xml = """
      <testsuite name="Cart">
        <testcase classname="Cart" name="adds"/>
        <testcase classname="Cart" name="totals" status="\(status)"/>
      </testsuite>
      """
    let findings = try gate("min_pass_rate: 50%", xml)
    #expect(findings.map(\.status) == [.pass])
    #expect(
      findings.first?.message
        == "2 tests in results.xml: 1 passed, 0 failed, 1 errored, 0 skipped; pass rate 50%; "
        + "1 testcase has a status gonogo does not know and counts as errored")
    #expect(
      findings.first?.measured
        == measured(
          tests: 2, failures: 0, errors: 1, skipped: 0, passRate: 0.5,
          extra: ["unknown_status": 1]))
    let strict = try gate("", xml)
    #expect(strict.map(\.status) == [.fail, .fail])
    #expect(
      strict.map(\.message) == [
        "2 tests in results.xml: 1 passed, 0 failed, 1 errored, 0 skipped; pass rate 50%; "
          + "1 testcase has a status gonogo does not know and counts as errored; "
          + "1 errored, more than max_errors 0",
        "test errored: Cart › totals: status \"\(status)\" is not a result gonogo knows, so it "
          + "counts as errored",
      ])
    #expect(strict.last?.evidence == EvidenceLocation(file: "results.xml", line: 3))
  }

  /// Several unknown statuses are counted; an odd value is shown escaped and short; a rerun
  /// that passed after one is flaky, as after any errored run.
  @Test func unknownStatusesAreCountedShownAndRerun() throws {
    let odd = "blocked&#x9;" + String(repeating: "x", count: 60)
    let xml = junitSuite([
      "<testcase classname=\"Cart\" name=\"adds\" status=\"\(odd)\"/>",
      "<testcase classname=\"Cart\" name=\"totals\" status=\"timeout\"/>",
      "<testcase classname=\"Cart\" name=\"totals\" status=\"run\"/>",
    ])
    let findings = try gate("max_errors: 0", xml)
    #expect(
      findings.map(\.message) == [
        "2 tests in results.xml: 1 passed, 0 failed, 1 errored, 0 skipped, "
          + "1 flaky (passed on rerun); pass rate 50%; 2 testcases have a status gonogo does not "
          + "know and count as errored; 1 errored, more than max_errors 0",
        "test errored: cart › Cart › adds: status \"blocked\\u0009"
          + String(repeating: "x", count: 32) + "…\" is not a result gonogo knows, so it counts "
          + "as errored",
      ])
    #expect(
      findings.first?.measured
        == measured(
          tests: 2, failures: 0, errors: 1, skipped: 0, flaky: 1, passRate: 0.5,
          extra: ["unknown_status": 2]))
  }

  /// A result element still decides a testcase whose status is unknown.
  @Test func aResultElementDecidesOverAnUnknownStatus() throws {
    let xml = junitSuite([
      "<testcase classname=\"Cart\" name=\"adds\" status=\"blocked\"><skipped/></testcase>",
      "<testcase classname=\"Cart\" name=\"totals\" status=\"blocked\">"
        + "<failure message=\"no\"/></testcase>",
    ])
    let findings = try gate("max_failures: 1\nmax_skipped: 1", xml)
    #expect(
      findings.map(\.message) == [
        "2 tests in results.xml: 0 passed, 1 failed, 0 errored, 1 skipped; pass rate 0%"
      ])
  }

  // MARK: Several results in one testcase

  /// A testcase with both `<failure>` and `<error>` is one test, errored.
  @Test func failureAndErrorInOneTestcaseIsOneErroredTest() throws {
    let xml = """
      <testsuite name="com.example.CartTest" tests="1" failures="1" errors="1">
        <testcase name="totals" classname="com.example.CartTest">
          <failure message="expected 900 but was 1000" type="AssertionError"/>
          <error message="teardown: connection reset" type="IOException"/>
        </testcase>
      </testsuite>
      """
    let findings = try gate("", xml)
    #expect(
      findings.map(\.message) == [
        "1 test in results.xml: 0 passed, 0 failed, 1 errored, 0 skipped; pass rate 0%; "
          + "1 errored, more than max_errors 0",
        "test errored: com.example.CartTest › totals: teardown: connection reset",
        "results.xml: suite 'com.example.CartTest' declares failures=1 but its testcases show "
          + "0 failures; the testcases are counted",
      ])
    #expect(
      findings.first?.measured
        == measured(tests: 1, failures: 0, errors: 1, skipped: 0, passRate: 0))
    #expect(findings[1].evidence?.line == 4)
  }

  /// `<skipped/>` beside `<failure>` is a failed test: the most severe result counts.
  @Test func skippedBesideAFailureIsAFailure() throws {
    let xml = junitSuite([
      "<testcase classname=\"Cart\" name=\"adds\"><skipped/><failure message=\"x\"/></testcase>",
      "<testcase classname=\"Cart\" name=\"totals\"><failure message=\"y\"/><skipped/></testcase>",
    ])
    let findings = try gate("max_failures: 2", xml)
    #expect(
      findings.map(\.message) == [
        "2 tests in results.xml: 0 passed, 2 failed, 0 errored, 0 skipped; pass rate 0%"
      ])
  }

  /// A failing status beside `<skipped/>` is a failed test too: the most severe counts.
  @Test func aFailedStatusBesideSkippedIsAFailure() throws {
    let xml = junitSuite([
      "<testcase classname=\"Cart\" name=\"adds\" status=\"failed\"><skipped/></testcase>"
    ])
    let findings = try gate("max_failures: 1", xml)
    #expect(
      findings.map(\.message) == [
        "1 test in results.xml: 0 passed, 1 failed, 0 errored, 0 skipped; pass rate 0%"
      ])
  }

  // MARK: Reruns

  /// A retry plugin's output: pass, then fail, then error, is one test that errored.
  @Test func passFailErrorIsOneErroredTest() throws {
    let xml = """
      <testsuite name="cart">
        <testcase classname="Cart" name="checkout"/>
        <testcase classname="Cart" name="checkout"><failure message="timed out"/></testcase>
        <testcase classname="Cart" name="checkout"><error message="refused"/></testcase>
      </testsuite>
      """
    let findings = try gate("", xml)
    #expect(
      findings.map(\.message) == [
        "1 test in results.xml: 0 passed, 0 failed, 1 errored, 0 skipped; pass rate 0%; "
          + "1 errored, more than max_errors 0",
        "test errored: cart › Cart › checkout: refused",
      ])
    #expect(findings[1].evidence?.line == 4)
  }

  /// Every order of up to three runs (pass, failure, error, skipped) of one test, judged by
  /// an independent model of the README's rule.
  @Test func everyOrderOfRunsFollowsTheRerunRule() throws {
    let kinds = ["pass", "failure", "error", "skipped"]
    var sequences: [[String]] = kinds.map { [$0] }
    for _ in 0..<2 {
      sequences += sequences.filter { $0.count == sequences.last?.count }
        .flatMap { sequence in kinds.map { sequence + [$0] } }
    }
    #expect(sequences.count == 4 + 16 + 64)
    for runs in sequences {
      let ran = runs.filter { $0 != "skipped" }
      var expected = (passed: 0, failed: 0, errored: 0, skipped: 0, flaky: 0)
      if ran.isEmpty {
        expected.skipped = 1
      } else if ran.last != "pass" {
        if ran.contains("error") { expected.errored = 1 } else { expected.failed = 1 }
      } else if ran.contains("failure") || ran.contains("error") {
        expected.passed = 1
        expected.flaky = 1
      } else {
        expected.passed = 1
      }
      let xml = junitSuite(
        runs.map { run in
          let open = "<testcase classname=\"Cart\" name=\"checkout\""
          return run == "pass" ? open + "/>" : open + "><\(run)/></testcase>"
        })
      let findings = try gate("max_failures: 1\nmax_errors: 1", xml)
      var text =
        "1 test in results.xml: \(expected.passed) passed, \(expected.failed) failed, "
        + "\(expected.errored) errored, \(expected.skipped) skipped"
      if expected.flaky > 0 { text += ", 1 flaky (passed on rerun)" }
      if expected.skipped == 0 { text += "; pass rate \(expected.passed == 1 ? "100%" : "0%")" }
      if expected.skipped == 1 { text += "; no test ran (all 1 skipped)" }
      #expect(findings.first?.message == text, "\(runs)")
      #expect(
        findings.first?.measured
          == measured(
            tests: 1, failures: expected.failed, errors: expected.errored,
            skipped: expected.skipped, flaky: expected.flaky,
            passRate: Double(expected.passed)),
        "\(runs)")
    }
  }

  /// Maven Surefire's rerun elements: flaky attempts before the result, failed reruns after it.
  @Test func surefireFlakyAndRerunElements() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuite name="com.example.CartTest" tests="5" errors="1" skipped="0" failures="1">
        <testcase name="addsItems" classname="com.example.CartTest" time="0.01"/>
        <testcase name="checkout" classname="com.example.CartTest" time="0.5">
          <flakyFailure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError">
            <stackTrace>org.opentest4j.AssertionFailedError: expected: &lt;1&gt; but was: &lt;2&gt;</stackTrace>
            <system-out>attempt 1</system-out>
          </flakyFailure>
        </testcase>
        <testcase name="pays" classname="com.example.CartTest" time="0.2">
          <flakyError message="Connection refused" type="java.net.ConnectException"><stackTrace>at x</stackTrace></flakyError>
          <flakyFailure message="timed out" type="java.lang.AssertionError"/>
        </testcase>
        <testcase name="ships" classname="com.example.CartTest" time="0.3">
          <failure message="address missing" type="java.lang.AssertionError">at y</failure>
          <rerunFailure message="address still missing" type="java.lang.AssertionError"><stackTrace>at y</stackTrace></rerunFailure>
        </testcase>
        <testcase name="refunds" classname="com.example.CartTest" time="0.3">
          <error message="NullPointerException" type="java.lang.NullPointerException">at z</error>
          <rerunError message="NullPointerException" type="java.lang.NullPointerException"/>
        </testcase>
      </testsuite>
      """
    let findings = try gate("", xml)
    #expect(findings.map(\.status) == [.fail, .fail, .fail])
    #expect(
      findings.map(\.message) == [
        "5 tests in results.xml: 3 passed, 1 failed, 1 errored, 0 skipped, "
          + "2 flaky (passed on rerun); pass rate 60%; 1 failed, more than max_failures 0; "
          + "1 errored, more than max_errors 0",
        "test failed: com.example.CartTest › ships: address missing",
        "test errored: com.example.CartTest › refunds: NullPointerException",
      ])
    #expect(
      findings.first?.measured
        == measured(tests: 5, failures: 1, errors: 1, skipped: 0, flaky: 2, passRate: 0.6))

    let strict = try gate("flaky: fail\nmax_failures: 3\nmax_errors: 1", xml)
    #expect(
      strict.first?.message
        == "5 tests in results.xml: 1 passed, 3 failed, 1 errored, 0 skipped, "
        + "2 flaky (counted as failed); pass rate 20%")
    #expect(
      strict.first?.measured
        == measured(tests: 5, failures: 3, errors: 1, skipped: 0, flaky: 2, passRate: 0.2))
    #expect(strict.count == 1)
  }

  // MARK: Suites

  /// The same classname and name in two different suites are two tests; a later suite of the
  /// same name continues the first.
  @Test func theSameNameInTwoSuitesIsTwoTests() throws {
    let xml = """
      <testsuites>
        <testsuite name="chrome">
          <testcase classname="checkout" name="pays"><failure message="button hidden"/></testcase>
        </testsuite>
        <testsuite name="firefox">
          <testcase classname="checkout" name="pays"/>
        </testsuite>
        <testsuite name="chrome">
          <testcase classname="checkout" name="pays"/>
        </testsuite>
      </testsuites>
      """
    let findings = try gate("flaky: fail\nmax_failures: 0", xml)
    #expect(
      findings.map(\.message) == [
        "2 tests in results.xml: 1 passed, 1 failed, 0 errored, 0 skipped, "
          + "1 flaky (counted as failed); pass rate 50%; 1 failed, more than max_failures 0",
        "test flaky (passed on rerun): chrome › checkout › pays: button hidden",
      ])
  }

  /// A test is never a rerun of a test in another file: two shards are two tests.
  @Test func theSameTestInTwoFilesIsTwoTests() throws {
    let failing = junitSuite([
      "<testcase classname=\"Cart\" name=\"pays\"><failure message=\"declined\"/></testcase>"
    ])
    let passing = junitSuite(["<testcase classname=\"Cart\" name=\"pays\"/>"])
    let findings = try evaluate(
      "kind: junit\nfiles: [shards/*.xml]",
      files: ["shards/1.xml": failing, "shards/2.xml": passing])
    #expect(
      findings.map(\.message) == [
        "2 tests in 2 files: 1 passed, 1 failed, 0 errored, 0 skipped; pass rate 50%; "
          + "1 failed, more than max_failures 0",
        "test failed: cart › Cart › pays: declined",
      ])
  }

  /// Suites nest (Jest projects, Gradle aggregates): each innermost suite is its own group, and
  /// required_suites / exclude_suites match any level.
  @Test func nestedSuites() throws {
    let xml = """
      <testsuites name="jest tests" tests="3" failures="1">
        <testsuite name="web">
          <testcase classname="Cart adds" name="Cart adds"/>
          <testsuite name="web/cart.test.js">
            <testcase classname="Cart adds" name="Cart adds"><failure>Expected 1</failure></testcase>
            <testcase classname="Cart totals" name="Cart totals"/>
          </testsuite>
        </testsuite>
      </testsuites>
      """
    let all = try gate("required_suites: [web/cart.test.js]", xml)
    #expect(
      all.map(\.message) == [
        "3 tests in results.xml: 2 passed, 1 failed, 0 errored, 0 skipped; pass rate 66.66%; "
          + "1 failed, more than max_failures 0",
        "test failed: web/cart.test.js › Cart adds › Cart adds: Expected 1",
      ])
    let outer = try gate("exclude_suites: [web/*]\nrequired_suites: [web]", xml)
    #expect(
      outer.map(\.message) == [
        "1 test in results.xml: 1 passed, 0 failed, 0 errored, 0 skipped; pass rate 100%"
      ])
    let none = try gate("exclude_suites: [web]", xml)
    #expect(
      none == [
        .error(
          "no tests remain in results.xml once exclude_suites is applied",
          evidence: EvidenceLocation(file: "results.xml"))
      ])
  }

  // MARK: Pass rate

  /// The pass rate is passed over ran (skipped left out), flaky tests counted by the policy.
  @Test func passRateWithFlakyTests() throws {
    var cases: [String] = []
    for index in 0..<7 { cases.append("<testcase classname=\"Cart\" name=\"ok\(index)\"/>") }
    for index in 0..<2 {
      cases.append("<testcase classname=\"Cart\" name=\"flaky\(index)\"><failure/></testcase>")
      cases.append("<testcase classname=\"Cart\" name=\"flaky\(index)\"/>")
    }
    cases.append("<testcase classname=\"Cart\" name=\"broken\"><failure/></testcase>")
    cases.append("<testcase classname=\"Cart\" name=\"later\"><skipped/></testcase>")
    cases.append("<testcase classname=\"Cart\" name=\"never\" status=\"disabled\"/>")
    let xml = junitSuite(cases)

    let lenient = try gate("min_pass_rate: 90%", xml)
    #expect(lenient.map(\.status) == [.pass])
    #expect(
      lenient.first?.message
        == "12 tests in results.xml: 9 passed, 1 failed, 0 errored, 2 skipped, "
        + "2 flaky (passed on rerun); pass rate 90%")
    #expect(
      lenient.first?.measured
        == measured(tests: 12, failures: 1, errors: 0, skipped: 2, flaky: 2, passRate: 0.9))

    let strict = try gate("min_pass_rate: 90%\nflaky: fail", xml)
    #expect(strict.map(\.status) == [.fail, .fail, .fail, .fail])
    #expect(
      strict.map(\.message) == [
        "12 tests in results.xml: 7 passed, 3 failed, 0 errored, 2 skipped, "
          + "2 flaky (counted as failed); pass rate 70%; pass rate below min_pass_rate 90%",
        "test flaky (passed on rerun): cart › Cart › flaky0",
        "test flaky (passed on rerun): cart › Cart › flaky1",
        "test failed: cart › Cart › broken",
      ])
    #expect(
      strict.first?.measured
        == measured(tests: 12, failures: 3, errors: 0, skipped: 2, flaky: 2, passRate: 0.7))

    let higher = try gate("min_pass_rate: 91%", xml)
    #expect(higher.first?.status == .fail)
  }
}

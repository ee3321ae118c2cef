import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

@Suite struct JUnitCheckTests {
  @Test func pytestRunFailsAndNamesItsFailingTests() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: pytest-xunit2.xml", folder: "junit")
    let summary = try #require(findings.first)
    #expect(summary.status == .fail)
    #expect(
      summary.message
        == "13 tests in pytest-xunit2.xml: 5 passed, 1 failed, 3 errored, 4 skipped; pass rate "
        + "55.55%; 1 failed, more than max_failures 0; 3 errored, more than max_errors 0")
    #expect(
      summary.measured == [
        "tests": 13, "failures": 1, "errors": 3, "skipped": 4, "flaky": 0,
        "pass_rate": .double(5.0 / 9.0),
      ])
    #expect(summary.expected == ["max_failures": 0, "max_errors": 0])
    #expect(
      findings.dropFirst().map(\.message) == [
        "test failed: pytest › test_checkout › test_express_shipping_is_free: AssertionError: "
          + "express shipping should be free for members",
        "test errored: pytest › test_checkout › test_charge_card: failed on setup with "
          + "\"ConnectionError: sandbox gateway refused the connection\"",
        "test errored: pytest › test_checkout › test_ledger_records_sale: failed on teardown with "
          + "\"RuntimeError: ledger was not flushed on teardown\"",
        "test errored: pytest › test_checkout › test_ledger_rejects_negative: failed on teardown "
          + "with \"RuntimeError: ledger was not flushed on teardown\"",
      ])
    #expect(findings[1].evidence == EvidenceLocation(file: "pytest-xunit2.xml", line: 1))
    #expect(findings.dropFirst().allSatisfy { $0.status == .fail })
  }

  @Test func greenRunPasses() throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmin_tests: 3",
      files: ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 3)])
    #expect(
      findings == [
        Finding(
          .pass, "3 tests in junit.xml: 3 passed, 0 failed, 0 errored, 0 skipped; pass rate 100%",
          evidence: EvidenceLocation(file: "junit.xml"),
          measured: [
            "tests": 3, "failures": 0, "errors": 0, "skipped": 0, "flaky": 0,
            "pass_rate": .double(1),
          ], expected: ["min_tests": 3, "max_failures": 0, "max_errors": 0])
      ])
  }

  @Test func tooFewTestsFail() throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmin_tests: 500",
      files: ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 3)])
    #expect(
      findings.map(\.message) == [
        "3 tests in junit.xml: 3 passed, 0 failed, 0 errored, 0 skipped; pass rate 100%; "
          + "fewer than min_tests 500"
      ])
    #expect(findings.map(\.status) == [.fail])
  }

  @Test func passRateAloneToleratesSomeFailures() throws {
    let files = ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 19, failing: 1)]
    let lenient = try evaluate("kind: junit\nfile: junit.xml\nmin_pass_rate: 95%", files: files)
    #expect(lenient.map(\.status) == [.pass])
    #expect(lenient.first?.expected == ["min_pass_rate": 0.95])
    let strict = try evaluate("kind: junit\nfile: junit.xml\nmin_pass_rate: 99%", files: files)
    #expect(
      strict.map(\.message) == [
        "20 tests in junit.xml: 19 passed, 1 failed, 0 errored, 0 skipped; pass rate 95%; "
          + "pass rate below min_pass_rate 99%",
        "test failed: cart › fails0: expected 0 but was 1",
      ])
    let counted = try evaluate(
      "kind: junit\nfile: junit.xml\nmin_pass_rate: 95%\nmax_failures: 0", files: files)
    #expect(counted.map(\.status) == [.fail, .fail])
  }

  @Test func skipsAreLimited() throws {
    let files = ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 8, skipped: 2)]
    let byCount = try evaluate("kind: junit\nfile: junit.xml\nmax_skipped: 1", files: files)
    #expect(
      byCount.map(\.message) == [
        "10 tests in junit.xml: 8 passed, 0 failed, 0 errored, 2 skipped; pass rate 100%; "
          + "2 skipped, more than max_skipped 1"
      ])
    let byRate = try evaluate("kind: junit\nfile: junit.xml\nmax_skipped_rate: 10%", files: files)
    #expect(
      byRate.first?.message.hasSuffix("; 20% skipped, more than max_skipped_rate 10%") == true)
    let allowed = try evaluate("kind: junit\nfile: junit.xml\nmax_skipped_rate: 20%", files: files)
    #expect(allowed.map(\.status) == [.pass])
  }

  @Test func aRunWhereEverythingWasSkippedFails() throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml",
      files: ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 0, skipped: 2)])
    #expect(
      findings.map(\.message) == [
        "2 tests in junit.xml: 0 passed, 0 failed, 0 errored, 2 skipped; "
          + "no test ran (all 2 skipped)"
      ])
    #expect(findings.first?.measured?["pass_rate"] == .double(0))
  }

  @Test func requiredSuitesByNameAndPattern() throws {
    let yaml =
      "kind: junit\nfiles: [results/*.xml]\nrequired_suites: [cart, 'checkout.*', payments]"
    let findings = try evaluate(
      yaml,
      files: [
        "results/cart.xml": JUnitCoverageFixtures.junitFile(passing: 2),
        "results/checkout.xml": JUnitCoverageFixtures.junitFile(suite: "checkout.api", passing: 1),
      ])
    #expect(findings.map(\.status) == [.pass, .fail])
    #expect(findings.last?.message == "no tests from required suite 'payments' in 2 files")
  }

  @Test func requiredSuitesMatchNestedSuites() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: phpunit-nested.xml\nmin_pass_rate: 50%\n"
        + "required_suites: [integration, 'Shop\\Tests\\Unit\\*', e2e]",
      folder: "junit")
    #expect(
      findings.map(\.message).last == "no tests from required suite 'e2e' in phpunit-nested.xml")
    #expect(findings.map(\.status) == [.pass, .fail])
  }

  @Test func excludedSuitesLeaveEveryCount() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: phpunit-nested.xml\nexclude_suites: [integration]\nmax_failures: 1",
      folder: "junit")
    #expect(
      findings.map(\.message) == [
        "4 tests in phpunit-nested.xml: 3 passed, 1 failed, 0 errored, 0 skipped; pass rate 75%"
      ])
    let nothingLeft = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: phpunit-nested.xml\nexclude_suites: ['*']", folder: "junit")
    #expect(
      nothingLeft
        == [
          .error(
            "no tests remain in phpunit-nested.xml once exclude_suites is applied",
            evidence: EvidenceLocation(file: "phpunit-nested.xml"))
        ])
  }

  @Test func flakyTestsPassByDefaultAndFailOnRequest() throws {
    let lenient = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: surefire-reruns.xml\nmax_failures: 1", folder: "junit")
    #expect(
      lenient.map(\.message) == [
        "5 tests in surefire-reruns.xml: 3 passed, 1 failed, 0 errored, 1 skipped, 2 flaky "
          + "(passed on rerun); pass rate 75%"
      ])
    let strict = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: surefire-reruns.xml\nmax_failures: 1\nflaky: fail", folder: "junit")
    #expect(
      strict.map(\.message) == [
        "5 tests in surefire-reruns.xml: 1 passed, 3 failed, 0 errored, 1 skipped, 2 flaky "
          + "(counted as failed); pass rate 25%; 3 failed, more than max_failures 1",
        "test flaky (passed on rerun): com.example.cart.CheckoutTest › reservesStock: "
          + "expected: <RESERVED> but was: <PENDING>",
        "test flaky (passed on rerun): com.example.cart.CheckoutTest › chargesCard: "
          + "Connection reset",
        "test failed: com.example.cart.CheckoutTest › sendsReceipt: expected: <1> but was: <0>",
      ])
    #expect(strict.first?.measured?["failures"] == 3)
    #expect(strict.first?.measured?["flaky"] == 2)
  }

  @Test func onlyTheFirstTenFailingTestsAreNamed() throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml",
      files: ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 1, failing: 12)])
    #expect(findings.count == 12)
    #expect(findings[10].message == "test failed: cart › fails9: expected 9 but was 10")
    #expect(findings[10].evidence == EvidenceLocation(file: "junit.xml", line: 31))
    #expect(findings.last == .fail("and 2 more failing tests"))
  }

  @Test func filesAreMergedAndDisagreeingAttributesAreNoted() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfiles: [swift-cart*.xml]\nmax_failures: 2", folder: "junit")
    #expect(
      findings.map(\.message) == [
        "8 tests in 2 files: 5 passed, 2 failed, 0 errored, 1 skipped; pass rate 71.42%",
        "swift-cart-swift-testing.xml: suite 'TestResults' declares tests=3, failures=2 but its "
          + "testcases show 4 testcases, 1 failure; the testcases are counted",
      ])
    #expect(findings.map(\.status) == [.pass, .pass])
    #expect(findings.first?.evidence == nil)
    #expect(
      findings.last?.evidence == EvidenceLocation(file: "swift-cart-swift-testing.xml", line: 3))
  }

  @Test func ageComesFromTheLatestSuiteTimestamp() throws {
    let file = """
      <testsuites>
        <testsuite name="a" timestamp="2026-11-20T10:00:00"><testcase name="t"/></testsuite>
        <testsuite name="b" timestamp="2026-11-28T09:00:00Z"><testcase name="t"/></testsuite>
      </testsuites>
      """
    let fresh = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 7d", files: ["junit.xml": file])
    #expect(fresh.map(\.status) == [.pass, .pass])
    #expect(
      fresh.last?.message
        == "junit.xml is 3 days old (timestamp 2026-11-28), within max_age 7d")
    #expect(fresh.last?.evidence == EvidenceLocation(file: "junit.xml", line: 3))
    let stale = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 2d", files: ["junit.xml": file])
    #expect(stale.map(\.status) == [.pass, .fail])
  }

  @Test func ageWithoutATimestampNeedsGit() throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 7d",
      files: ["junit.xml": JUnitCoverageFixtures.junitFile(passing: 1)])
    #expect(findings.map(\.status) == [.pass, .error])
    #expect(
      findings.last?.message
        == "cannot establish the age of junit.xml: it carries no date, and its git history is "
        + "not available because the evidence root is not inside a git repository")
  }

  @Test func unreadableTimestampIsAnError() throws {
    let file = "<testsuite name=\"a\" timestamp=\"yesterday\"><testcase name=\"t\"/></testsuite>"
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 7d", files: ["junit.xml": file])
    #expect(
      findings.last
        == .error(
          "junit.xml has a suite timestamp 'yesterday' that is not a date-time",
          evidence: EvidenceLocation(file: "junit.xml", line: 1)))
  }

  @Test func fileWithoutTestcasesIsNoEvidence() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: junit\nfile: no-testcases.xml", folder: "junit")
    #expect(
      findings == [
        .error(
          "no-testcases.xml holds no testcases, so it is no evidence that any test ran",
          evidence: EvidenceLocation(file: "no-testcases.xml"))
      ])
  }

  @Test func malformedFileIsAnErrorAtItsLine() throws {
    let findings = try evaluate(
      "kind: junit\nfiles: ['*.xml']",
      files: [
        "good.xml": JUnitCoverageFixtures.junitFile(passing: 1),
        "bad.xml": "<testsuite name=\"a\">\n  <testcase name=\"t\">\n</testsuite>\n",
      ])
    #expect(
      findings == [
        .error(
          "bad.xml is not well-formed XML at line 3: Opening and ending tag mismatch: testcase "
            + "line 2 and testsuite",
          evidence: EvidenceLocation(file: "bad.xml", line: 3, column: 13))
      ])
  }

  @Test func missingEvidenceIsAnError() throws {
    let findings = try evaluate("kind: junit\nfiles: [build/test-results/*.xml]", files: [:])
    #expect(findings == [.error("no evidence file matches build/test-results/*.xml")])
  }

  @Test func badParametersAreDiagnosed() throws {
    let node = try Loader().load(
      "kind: junit\nfile: a.xml\nflaky: sometimes\nmax_failures: -1", file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'test'", sink: sink)
    #expect(
      sink.diagnostics.map(\.message).sorted() == [
        "'flaky' in the junit check of gate 'test' must be one of pass, fail, not 'sometimes'",
        "'max_failures' in the junit check of gate 'test' must be between 0 and 1000000000, not -1",
      ])
  }
}

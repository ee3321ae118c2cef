import Foundation
import Testing

@testable import GoNoGoKit

/// Fixture access for the junit and coverage readers and checks.
enum JUnitCoverageFixtures {
  /// Reads a fixture under Fixtures/junit (or another fixture folder).
  static func read<Reader: EvidenceReader>(
    _ reader: Reader.Type, _ name: String, folder: String = "junit"
  ) throws -> Result<Reader.Document, EvidenceError> {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let root = EvidenceRoot(fixtures.appendingPathComponent(folder))
    let file = try root.file(name).get()
    return Reader.read(EvidenceSource(file: file, maxBytes: 1 << 20))
  }

  /// The fixture's JUnit results, failing the test when it does not read.
  static func junit(_ name: String) throws -> JUnitResults {
    try read(JUnitReader.self, name).get()
  }

  /// The fixture's coverage report, failing the test when it does not read.
  static func coverage(_ name: String) throws -> CoverageReport {
    try read(CoverageReader.self, name, folder: "coverage").get()
  }

  /// Evaluates one check against a fixture folder as the evidence root.
  static func evaluate(_ yaml: String, folder: String, now: Date = releaseDay) throws -> [Finding] {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let check = try decodeCheck(yaml)
    let root = EvidenceRoot(fixtures.appendingPathComponent(folder))
    return check.evaluate(EvaluationContext(cache: EvidenceCache(root: root), now: now))
  }

  /// A JUnit file with passing, failing and skipped tests in suite `suite`.
  static func junitFile(suite: String = "cart", passing: Int, failing: Int = 0, skipped: Int = 0)
    -> String
  {
    var text = "<testsuite name=\"\(suite)\">\n"
    for index in 0..<passing {
      text += "  <testcase classname=\"\(suite)\" name=\"passes\(index)\"/>\n"
    }
    for index in 0..<failing {
      text += "  <testcase classname=\"\(suite)\" name=\"fails\(index)\">\n"
      text += "    <failure message=\"expected \(index) but was \(index + 1)\"/>\n  </testcase>\n"
    }
    for index in 0..<skipped {
      text += "  <testcase classname=\"\(suite)\" name=\"skips\(index)\"><skipped/></testcase>\n"
    }
    return text + "</testsuite>\n"
  }

  /// The error of a failed read, nil when it succeeded.
  static func failure<Value>(_ result: Result<Value, EvidenceError>) -> EvidenceError? {
    if case .failure(let error) = result { return error }
    return nil
  }
}

/// Every real producer's file counts what the producer itself reported.
@Suite struct JUnitProducerTests {
  /// pytest 9.0.3: "2 failed, 5 passed, 3 skipped, 1 xfailed, 1 xpassed, 3 errors".
  ///
  /// It writes a
  /// teardown error after a failure as a second testcase with the same name (14 testcases, 13
  /// tests): that test counts once, as errored. The test that passed and errored in teardown
  /// counts as errored; xfail counts as skipped, xpass as passed.
  @Test(arguments: ["pytest-xunit2.xml", "pytest-xunit1-logging.xml"])
  func pytestCountsEachTestOnceByItsWorstResult(_ name: String) throws {
    let results = try JUnitCoverageFixtures.junit(name)
    #expect(results.totals == JUnitCounts(tests: 13, failures: 1, errors: 3, skipped: 4))
    #expect(results.totals.passed == 5)
    #expect(results.reruns == 1)
    #expect(results.discrepancyCount == 0)
    #expect(
      results.failing.map(\.name) == [
        "test_express_shipping_is_free", "test_charge_card", "test_ledger_records_sale",
        "test_ledger_rejects_negative",
      ])
    #expect(results.failing.map(\.kind) == [.failure, .error, .error, .error])
    #expect(
      results.failing.first?.message
        == "AssertionError: express shipping should be free for members")
    #expect(results.timestamp?.date != nil)
  }

  /// `swift test --parallel --xunit-output`: "Executed 4 tests, with 1 test skipped and 1 failure".
  ///
  /// XCTest's file has no <skipped>, so the skipped test reads as passed.
  @Test func xctestFileHasNoSkips() throws {
    let results = try JUnitCoverageFixtures.junit("swift-cart.xml")
    #expect(results.totals == JUnitCounts(tests: 4, failures: 1))
    #expect(results.failing.first?.name == "testDiscountIsApplied")
    #expect(results.failing.first?.message == "failure")
    #expect(results.failing.first?.line == 12)
  }

  /// The Swift Testing sibling: "4 tests in 1 suite … with 2 issues", one skipped.
  ///
  /// Its
  /// `tests` and `failures` attributes (3 and 2) count differently; the testcases win.
  @Test func swiftTestingSiblingCountsIssuesNotTests() throws {
    let results = try JUnitCoverageFixtures.junit("swift-cart-swift-testing.xml")
    #expect(results.totals == JUnitCounts(tests: 4, failures: 1, skipped: 1))
    #expect(
      results.discrepancies == [
        JUnitResults.Discrepancy(
          description: "suite 'TestResults' declares tests=3, failures=2 but its testcases show "
            + "4 testcases, 1 failure", line: 3)
      ])
    #expect(
      results.failing.first?.message
        == "Expectation failed: (cart.total → 1000) == 1190 (error): 19% VAT")
  }

  /// Surefire with rerunFailingTestsCount=2: "Tests run: 5, Failures: 1, Errors: 0,
  /// Skipped: 1, Flakes: 2" (hand-written from Surefire's documented format).
  @Test func surefireFlakesPassAndRerunFailuresFail() throws {
    let results = try JUnitCoverageFixtures.junit("surefire-reruns.xml")
    #expect(results.totals == JUnitCounts(tests: 5, failures: 1, skipped: 1, flaky: 2))
    #expect(results.failing.map(\.name) == ["reservesStock", "chargesCard", "sendsReceipt"])
    #expect(results.failing.map(\.flaky) == [true, true, false])
    #expect(results.failing.map(\.kind) == [.failure, .error, .failure])
    #expect(results.failing[0].message == "expected: <RESERVED> but was: <PENDING>")
    #expect(results.discrepancyCount == 0)
  }

  /// Gradle with the test-retry plugin writes each attempt as a testcase: 6 executions
  /// (3 failed, 1 skipped) of 4 tests, one of which passed on its retry.
  @Test func gradleRetriesAreAttemptsNotTests() throws {
    let results = try JUnitCoverageFixtures.junit("gradle-test-retry.xml")
    #expect(results.totals == JUnitCounts(tests: 4, failures: 1, skipped: 1, flaky: 1))
    #expect(results.reruns == 2)
    #expect(results.failing.map(\.name) == ["appliesMemberDiscount()", "syncsWithInventory()"])
    #expect(results.failing.map(\.flaky) == [false, true])
    #expect(results.timestamp?.text == "2026-11-30T17:58:02")
  }

  /// gotestsum --rerun-fails: one suite per package; a package whose TestMain failed shows
  /// a `TestMain` testcase while its suite says tests="0" and the root says errors="1".
  @Test func gotestsumPackageFailureIsATest() throws {
    let results = try JUnitCoverageFixtures.junit("gotestsum-rerun.xml")
    #expect(results.totals == JUnitCounts(tests: 7, failures: 3, skipped: 1, flaky: 1))
    #expect(
      results.groups.map(\.path) == [["example.com/shop/cart"], ["example.com/shop/payments"]])
    #expect(
      results.failing.map(\.name) == [
        "TestCheckout/express", "TestCheckout", "TestInventorySync", "TestMain",
      ])
    #expect(results.failing.last?.message == "Failed")
    #expect(results.discrepancyCount == 2)
    #expect(
      results.discrepancies.map(\.description) == [
        "suite 'example.com/shop/payments' declares tests=0, failures=0 but its testcases show "
          + "1 testcase, 1 failure",
        "<testsuites> declares failures=3, errors=1 but its testcases show 4 failures, 0 errors",
      ])
  }

  /// jest-junit: "Tests: 1 failed, 1 skipped, 2 passed, 4 total" plus a suite that failed to
  /// run, which jest-junit writes as an errored testcase in a suite claiming tests="0".
  @Test func jestSuiteThatFailedToRunIsAnError() throws {
    let results = try JUnitCoverageFixtures.junit("jest-junit.xml")
    #expect(results.totals == JUnitCounts(tests: 5, failures: 1, errors: 1, skipped: 1))
    #expect(
      results.failing.map(\.message) == [
        "Error: expect(received).toBe(expected) // Object.is equality",
        "● Test suite failed to run",
      ])
  }

  /// PHPUnit nests suites three deep ("Tests: 6, Assertions: 9, Errors: 1, Failures: 1,
  /// Skipped: 1").
  @Test func phpunitNestedSuites() throws {
    let results = try JUnitCoverageFixtures.junit("phpunit-nested.xml")
    #expect(results.totals == JUnitCounts(tests: 6, failures: 1, errors: 1, skipped: 1))
    #expect(
      results.groups.map(\.path) == [
        ["", "unit", "Shop\\Tests\\Unit\\CartTest"],
        ["", "unit", "Shop\\Tests\\Unit\\CartTest", "Shop\\Tests\\Unit\\CartTest::testRounding"],
        ["", "integration", "Shop\\Tests\\Integration\\PaymentTest"],
      ])
    #expect(results.discrepancyCount == 0)
  }
}

/// Files built to hurt: entities, bombs, truncation, encodings, emptiness.
@Suite struct JUnitHostileFileTests {
  @Test func externalEntityIsNeverResolved() throws {
    let results = try JUnitCoverageFixtures.junit("xxe-external-entity.xml")
    #expect(results.totals == JUnitCounts(tests: 1, failures: 1))
    #expect(results.failing.first?.message == "")
    #expect(!results.failing.contains { $0.message.contains("root:") })
  }

  @Test func externalEntityInAnAttributeIsAnError() throws {
    let result = try JUnitCoverageFixtures.read(JUnitReader.self, "xxe-in-attribute.xml")
    #expect(
      JUnitCoverageFixtures.failure(result)
        == EvidenceError(
          "xxe-in-attribute.xml is not well-formed XML at line 8: Attribute references external "
            + "entity 'xxe'", line: 8, column: 30))
  }

  @Test func externalDTDAndParameterEntitiesAreNotLoaded() throws {
    let results = try JUnitCoverageFixtures.junit("xxe-parameter-entity.xml")
    #expect(results.totals == JUnitCounts(tests: 1))
  }

  @Test func entityBombIsAFastError() throws {
    let clock = ContinuousClock()
    var result: Result<JUnitResults, EvidenceError> = .success(JUnitResults())
    let elapsed = try clock.measure {
      result = try JUnitCoverageFixtures.read(JUnitReader.self, "billion-laughs.xml")
    }
    #expect(elapsed < .seconds(1))
    #expect(
      JUnitCoverageFixtures.failure(result)
        == EvidenceError(
          "billion-laughs.xml is not well-formed XML at line 17: Detected an entity reference loop",
          line: 17, column: 22))
  }

  @Test func truncatedFileIsAnErrorAtItsEnd() throws {
    let result = try JUnitCoverageFixtures.read(JUnitReader.self, "truncated.xml")
    #expect(
      JUnitCoverageFixtures.failure(result)
        == EvidenceError(
          "truncated.xml is not well-formed XML at line 9: the file ends inside <error>: it is "
            + "truncated", line: 9, column: 21))
  }

  @Test func byteOrderMarkCRLFAndAstralCharacters() throws {
    let results = try JUnitCoverageFixtures.junit("utf8-bom-crlf.xml")
    #expect(results.totals == JUnitCounts(tests: 2, failures: 1))
    #expect(results.groups.first?.path == ["emoji 😀 suite"])
    #expect(results.failing.first?.name == "stores 🚀 in names")
    #expect(results.failing.first?.message == "expected 🚀 but was ??")
    #expect(results.failing.first?.line == 6)
  }

  @Test func utf16IsDecoded() throws {
    let results = try JUnitCoverageFixtures.junit("utf16.xml")
    #expect(results.totals == JUnitCounts(tests: 2, failures: 1))
    #expect(results.failing.first?.message == "ü")
  }

  @Test func latin1IsDecoded() throws {
    let results = try JUnitCoverageFixtures.junit("latin1.xml")
    #expect(results.failing.first?.name == "grüßtKunden")
    #expect(results.failing.first?.message == "erwartet \"Grüß Gott, Müller\", erhalten \"Hallo\"")
  }

  /// A UTF-8 byte-order mark contradicting an ISO-8859-1 declaration is a fatal error in XML
  /// (libxml2 would silently read the bytes as Latin-1 and garble every name).
  @Test func byteOrderMarkContradictingTheDeclarationIsAnError() throws {
    let result = try JUnitCoverageFixtures.read(JUnitReader.self, "bom-latin1-declared.xml")
    #expect(
      JUnitCoverageFixtures.failure(result)
        == EvidenceError(
          "bom-latin1-declared.xml is not well-formed XML at line 1: it starts with a UTF-8 "
            + "byte-order mark but declares encoding ISO-8859-1", line: 1))
  }

  @Test func fileWithoutTestcasesReadsAsEmpty() throws {
    let results = try JUnitCoverageFixtures.junit("no-testcases.xml")
    #expect(results.totals == JUnitCounts())
    #expect(
      results.discrepancies.map(\.description) == [
        "suite 'com.example.cart.CartTest' declares tests=3 but its testcases show 0 testcases",
        "<testsuites> declares tests=3 but its testcases show 0 testcases",
      ])
  }

  @Test func emptyAndNonXMLFilesAreErrors() throws {
    let empty = try evaluate("kind: junit\nfile: junit.xml", files: ["junit.xml": ""])
    #expect(
      empty == [
        .error(
          "junit.xml is empty, so it is no evidence that any test ran",
          evidence: EvidenceLocation(file: "junit.xml"))
      ])
    let text = try evaluate("kind: junit\nfile: junit.xml", files: ["junit.xml": "PASSED 12\n"])
    #expect(
      text.map(\.message) == [
        "junit.xml is not well-formed XML at line 1: the content does not start with '<'"
      ])
  }

  @Test func invalidUTF8IsAnError() throws {
    let root = try TempRoot()
    let bytes: [UInt8] =
      Array("<testsuite name=\"a\">\n<testcase name=\"".utf8) + [0xFF, 0xFE]
      + Array("\"/>\n</testsuite>\n".utf8)
    try Data(bytes).write(to: root.url.appendingPathComponent("junit.xml"))
    let check = try decodeCheck("kind: junit\nfile: junit.xml")
    let findings = check.evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.evidence?.line == 2)
    #expect(
      findings.first?.message.hasPrefix("junit.xml is not well-formed XML at line 2: ") == true)
  }

  @Test func readersRunConcurrently() async throws {
    let names = [
      "pytest-xunit2.xml", "surefire-reruns.xml", "gotestsum-rerun.xml", "jest-junit.xml",
      "phpunit-nested.xml", "gradle-test-retry.xml", "billion-laughs.xml", "truncated.xml",
    ]
    let expected = try names.map { try JUnitCoverageFixtures.read(JUnitReader.self, $0) }
    try await withThrowingTaskGroup(of: (Int, Result<JUnitResults, EvidenceError>).self) { group in
      for round in 0..<4 {
        for (index, name) in names.enumerated() {
          group.addTask { (index, try JUnitCoverageFixtures.read(JUnitReader.self, name)) }
        }
        _ = round
      }
      for try await (index, result) in group {
        #expect(result == expected[index], "\(names[index])")
      }
    }
  }

  @Test func otherXMLIsNotAJUnitReport() throws {
    let result = try JUnitCoverageFixtures.read(
      JUnitReader.self, "gcovr-cobertura.xml", folder: "coverage")
    #expect(
      JUnitCoverageFixtures.failure(result)
        == EvidenceError(
          "gcovr-cobertura.xml is not a JUnit XML report: its root element is <coverage>, not "
            + "<testsuites> or <testsuite>", line: 1))
  }
}

import Foundation
import LocatedYAML

/// `junit`: the test results in JUnit/xUnit XML files are numerous, green and recent enough.
public struct JUnitCheck: Check {
  public static let description = CheckDescription(
    kind: "junit",
    summary: "JUnit/xUnit XML test results (one file or many, merged) have enough tests, few "
      + "enough failures, errors and skips, the required suites, and are recent enough.",
    parameters: [
      .init("min_tests", "integer", "Fewest tests the files must hold together."),
      .init(
        "max_failures", "integer",
        "Most failed tests allowed (default 0 unless min_pass_rate is set)."),
      .init(
        "max_errors", "integer",
        "Most errored tests allowed (default 0 unless min_pass_rate is set)."
      ),
      .init(
        "min_pass_rate", "percentage",
        "Lowest share of the tests that ran (not skipped) that passed."),
      .init(
        "max_skipped", "integer", "Most skipped tests allowed (pytest's xfail counts as skipped)."),
      .init("max_skipped_rate", "percentage", "Highest share of all tests that may be skipped."),
      .init(
        "required_suites", "list of strings",
        "Suite names or glob patterns (`integration-*`) that must hold at least one test."),
      .init(
        "exclude_suites", "list of strings",
        "Suite names or glob patterns whose tests are left out of every count."),
      .init(
        "flaky", "pass | fail",
        "How a test that failed and then passed on a rerun counts (Surefire flakyFailure/"
          + "flakyError, or a testcase repeated after a failed attempt): pass (default) or fail."),
      .init(
        "max_age", "duration",
        "Fail when a file is older than this, dated by its latest suite timestamp, "
          + "else its last commit."),
    ],
    examples: [
      CheckExample(
        "kind: junit\nfile: test-results.xml\nmin_tests: 2",
        files: ["test-results.xml": JUnitCheck.exampleGreen], expected: .pass),
      CheckExample(
        "kind: junit\nfile: test-results.xml\nmin_tests: 10",
        files: ["test-results.xml": JUnitCheck.exampleGreen], expected: .fail),
      CheckExample(
        "kind: junit\nfile: test-results.xml",
        files: ["test-results.xml": JUnitCheck.exampleRed], expected: .fail),
      CheckExample(
        "kind: junit\nfile: test-results.xml\nmin_pass_rate: 50%",
        files: ["test-results.xml": JUnitCheck.exampleRed], expected: .pass),
      CheckExample(
        "kind: junit\nfiles: [results/*.xml]\nrequired_suites: [checkout.*]",
        files: ["results/cart.xml": JUnitCheck.exampleGreen], expected: .fail),
      CheckExample(
        "kind: junit\nfile: test-results.xml\nflaky: fail",
        files: ["test-results.xml": JUnitCheck.exampleFlaky], expected: .fail),
      CheckExample(
        "kind: junit\nfile: test-results.xml\nmax_age: 7d",
        files: ["test-results.xml": JUnitCheck.exampleGreen], expected: .pass),
      CheckExample(
        "kind: junit\nfile: test-results.xml",
        files: [
          "test-results.xml": "<testsuites><testsuite name=\"cart\" tests=\"3\"/></testsuites>"
        ],
        expected: .error),
    ])

  static let exampleGreen = """
    <testsuite name="cart.CartTest" tests="2" timestamp="2026-11-30T18:00:00Z">
      <testcase classname="cart.CartTest" name="addsItems"/>
      <testcase classname="cart.CartTest" name="totals"/>
    </testsuite>
    """
  static let exampleRed = """
    <testsuite name="cart.CartTest">
      <testcase classname="cart.CartTest" name="addsItems"/>
      <testcase classname="cart.CartTest" name="totals"/>
      <testcase classname="cart.CartTest" name="discounts">
        <failure message="expected 900 but was 1000"/>
      </testcase>
    </testsuite>
    """
  static let exampleFlaky = """
    <testsuite name="cart.CartTest">
      <testcase classname="cart.CartTest" name="checkout">
        <flakyFailure message="timed out after 5s" type="java.util.concurrent.TimeoutException"/>
      </testcase>
    </testsuite>
    """

  /// How many failing tests are named before the rest are counted.
  static let listLimit = 10

  /// How a flaky test counts.
  enum FlakyPolicy: String, CaseIterable {
    case pass, fail
  }

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let minTests: Int?
  let maxFailures: Int?
  let maxErrors: Int?
  let minPassRate: Percentage?
  let maxSkipped: Int?
  let maxSkippedRate: Percentage?
  let requiredSuites: [Located<String>]
  let excludeSuites: [Located<String>]
  let flaky: FlakyPolicy
  let maxAge: Timespan?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    let counts = 0...1_000_000_000
    location = parameters.location
    evidence = parameters.evidence
    minTests = fields.int("min_tests", in: 1...1_000_000_000)
    minPassRate = fields.percentage("min_pass_rate")
    let defaultMax = minPassRate == nil ? 0 : nil
    maxFailures = fields.has("max_failures") ? fields.int("max_failures", in: counts) : defaultMax
    maxErrors = fields.has("max_errors") ? fields.int("max_errors", in: counts) : defaultMax
    maxSkipped = fields.int("max_skipped", in: counts)
    maxSkippedRate = fields.percentage("max_skipped_rate")
    requiredSuites = fields.strings("required_suites") ?? []
    excludeSuites = fields.strings("exclude_suites") ?? []
    flaky = fields.choice("flaky", FlakyPolicy.self) ?? .pass
    maxAge = fields.timespan("max_age")
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var read: [(file: EvidenceFile, results: JUnitResults)] = []
    for file in files {
      switch context.cache.document(JUnitReader.self, for: file) {
      case .success(let results):
        if results.groups.allSatisfy({ $0.counts.tests == 0 }) {
          findings.append(
            .error(
              "\(file.path) holds no testcases, so it is no evidence that any test ran",
              evidence: EvidenceLocation(file: file.path)))
        } else {
          read.append((file, results))
        }
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      }
    }
    guard findings.isEmpty, !read.isEmpty else { return findings }
    if !excludeSuites.isEmpty || !requiredSuites.isEmpty,
      let truncated = read.first(where: { $0.results.suitesTruncated })
    {
      return [
        .error(
          "\(truncated.file.path) has more than \(JUnitScanner.maxGroups) suites; "
            + "required_suites and exclude_suites cannot be judged",
          evidence: EvidenceLocation(file: truncated.file.path))
      ]
    }
    return judge(read, context: context)
  }

  private func judge(
    _ read: [(file: EvidenceFile, results: JUnitResults)], context: EvaluationContext
  )
    -> [Finding]
  {
    var counts = JUnitCounts()
    var failing: [(file: EvidenceFile, test: JUnitFailingCase)] = []
    for (file, results) in read {
      var excluded = Set<Int>()
      for (index, group) in results.groups.enumerated() {
        if isExcluded(group.path) { excluded.insert(index) } else { counts.add(group.counts) }
      }
      failing += results.failing.filter { !excluded.contains($0.group) }.map { (file, $0) }
    }
    let place = read.count == 1 ? read[0].file.path : "\(read.count) files"
    let single = read.count == 1 ? EvidenceLocation(file: read[0].file.path) : nil
    if counts.tests == 0 {
      return [
        .error("no tests remain in \(place) once exclude_suites is applied", evidence: single)
      ]
    }
    let tally = Tally(counts, flakyFails: flaky == .fail)
    var violations: [String] = []
    var failingMatters = false
    if let minTests, counts.tests < minTests {
      violations.append("fewer than min_tests \(minTests)")
    }
    if let maxFailures, tally.failures > maxFailures {
      violations.append("\(tally.failures) failed, more than max_failures \(maxFailures)")
      failingMatters = true
    }
    if let maxErrors, counts.errors > maxErrors {
      violations.append("\(counts.errors) errored, more than max_errors \(maxErrors)")
      failingMatters = true
    }
    if tally.ran == 0 {
      violations.append("no test ran (all \(counts.skipped) skipped)")
    } else if let minPassRate, tally.passRate < minPassRate.fraction {
      violations.append("pass rate below min_pass_rate \(minPassRate.text)")
      failingMatters = true
    }
    if let maxSkipped, counts.skipped > maxSkipped {
      violations.append("\(counts.skipped) skipped, more than max_skipped \(maxSkipped)")
    }
    let skippedRate = Double(counts.skipped) / Double(counts.tests)
    if let maxSkippedRate, skippedRate > maxSkippedRate.fraction {
      violations.append(
        "\(Percentage.floor(skippedRate)) skipped, "
          + "more than max_skipped_rate \(maxSkippedRate.text)"
      )
    }
    var message = "\(counts.tests.plural("test")) in \(place): " + tally.description
    if !violations.isEmpty { message += "; " + violations.joined(separator: "; ") }
    var findings = [
      Finding(
        violations.isEmpty ? .pass : .fail, message, evidence: single,
        measured: tally.measured, expected: expected)
    ]
    if failingMatters { findings += failingTests(failing, total: tally.failures + counts.errors) }
    findings += missingSuites(read, place: place, location: single)
    if let note = discrepancyNote(read) { findings.append(note) }
    if let maxAge {
      findings += read.map { age($0.file, $0.results, maxAge: maxAge, context: context) }
    } else {
      // A day that does not exist makes the file malformed even when its age is not judged.
      findings += read.compactMap { timestampError($0.file, $0.results, onlyImpossible: true) }
    }
    return findings
  }

  private var expected: [String: JSONValue] {
    var expected: [String: JSONValue] = [:]
    if let minTests { expected["min_tests"] = .int(minTests) }
    if let maxFailures { expected["max_failures"] = .int(maxFailures) }
    if let maxErrors { expected["max_errors"] = .int(maxErrors) }
    if let minPassRate { expected["min_pass_rate"] = .double(minPassRate.fraction) }
    if let maxSkipped { expected["max_skipped"] = .int(maxSkipped) }
    if let maxSkippedRate { expected["max_skipped_rate"] = .double(maxSkippedRate.fraction) }
    return expected
  }

  private func isExcluded(_ path: [String]) -> Bool {
    excludeSuites.contains { pattern in path.contains { Self.matches(pattern.value, $0) } }
  }

  static func matches(_ pattern: String, _ name: String) -> Bool {
    Glob.isPattern(pattern) ? Glob.match(Substring(pattern), Substring(name)) : pattern == name
  }

  private func failingTests(_ failing: [(file: EvidenceFile, test: JUnitFailingCase)], total: Int)
    -> [Finding]
  {
    let shown = failing.filter { flaky == .fail || !$0.test.flaky }.prefix(Self.listLimit)
    var findings = shown.map { file, test in
      let name = test.name.trimmingWhitespace().isEmpty ? "(testcase without a name)" : test.name
      var path = [test.suite, test.classname, name].filter { !$0.isEmpty }
      if path.count == 3, test.suite == test.classname { path.removeFirst() }
      let verb = test.flaky ? "flaky (passed on rerun)" : test.kind == .error ? "errored" : "failed"
      var text = "test \(verb): " + path.joined(separator: " › ")
      if !test.message.isEmpty { text += ": " + test.message }
      return Finding.fail(text, evidence: EvidenceLocation(file: file.path, line: test.line))
    }
    if total > shown.count {
      findings.append(.fail("and \((total - shown.count).plural("more failing test"))"))
    }
    return findings
  }

  private func missingSuites(
    _ read: [(file: EvidenceFile, results: JUnitResults)], place: String,
    location: EvidenceLocation?
  ) -> [Finding] {
    requiredSuites.compactMap { pattern in
      let present = read.contains { _, results in
        results.groups.contains { group in
          group.counts.tests > 0 && !isExcluded(group.path)
            && group.path.contains { Self.matches(pattern.value, $0) }
        }
      }
      return present
        ? nil
        : .fail("no tests from required suite '\(pattern.value)' in \(place)", evidence: location)
    }
  }

  private func discrepancyNote(_ read: [(file: EvidenceFile, results: JUnitResults)]) -> Finding? {
    let total = read.reduce(0) { $0 + $1.results.discrepancyCount }
    guard let (file, results) = read.first(where: { !$0.results.discrepancies.isEmpty }),
      let first = results.discrepancies.first
    else { return nil }
    var text = "\(file.path): \(first.description)"
    if total > 1 { text += " (and \((total - 1).plural("more suite")) like it)" }
    return .pass(
      text + "; the testcases are counted",
      evidence: EvidenceLocation(file: file.path, line: first.line))
  }

  private func age(
    _ file: EvidenceFile, _ results: JUnitResults, maxAge: Timespan, context: EvaluationContext
  )
    -> Finding
  {
    // A suite timestamp that is no date makes the file's age unknowable, even when another
    // suite's timestamp reads: the producer wrote something that does not exist.
    if let error = timestampError(file, results, onlyImpossible: false) { return error }
    var inside: Freshness.Dated?
    if let stamp = results.timestamp, let date = stamp.date {
      inside = Freshness.Dated(
        date: date, source: "timestamp",
        location: EvidenceLocation(file: file.path, line: stamp.line))
    }
    return Freshness.judge(file, inside: inside, maxAge: maxAge, context: context)
  }

  /// The error about the first suite timestamp that is not read; with `onlyImpossible`, only
  /// when it has the shape of a date-time but names a day or time that does not exist.
  private func timestampError(
    _ file: EvidenceFile, _ results: JUnitResults, onlyImpossible: Bool
  ) -> Finding? {
    guard let stamp = results.invalidTimestamp else { return nil }
    let reason = JUnitTimestamp.problem(stamp.text)?.reason
    if onlyImpossible && reason == nil { return nil }
    let why = reason.map { "does not exist: \($0)" } ?? "is not a date-time"
    return .error(
      "\(file.path) has a suite timestamp '\(stamp.text)' that \(why)",
      evidence: EvidenceLocation(file: file.path, line: stamp.line))
  }
}

/// The counts a `junit` gate judges, with the flaky policy applied.
private struct Tally {
  let counts: JUnitCounts
  let flakyFails: Bool

  init(_ counts: JUnitCounts, flakyFails: Bool) {
    self.counts = counts
    self.flakyFails = flakyFails
  }

  var failures: Int { counts.failures + (flakyFails ? counts.flaky : 0) }
  var passed: Int { counts.passed - (flakyFails ? counts.flaky : 0) }
  var ran: Int { counts.tests - counts.skipped }
  var passRate: Double { ran == 0 ? 0 : Double(passed) / Double(ran) }

  var description: String {
    var text =
      "\(passed) passed, \(failures) failed, \(counts.errors) errored, \(counts.skipped) skipped"
    if counts.flaky > 0 {
      text +=
        ", \(counts.flaky) flaky (" + (flakyFails ? "counted as failed" : "passed on rerun") + ")"
    }
    if ran > 0 { text += "; pass rate \(Percentage.floor(passRate))" }
    if counts.nameless == 1 {
      text += "; 1 testcase has no name and counts as a separate test"
    } else if counts.nameless > 1 {
      text += "; \(counts.nameless) testcases have no name and count as separate tests"
    }
    if counts.unknownStatus == 1 {
      text += "; 1 testcase has a status gonogo does not know and counts as errored"
    } else if counts.unknownStatus > 1 {
      text +=
        "; \(counts.unknownStatus) testcases have a status gonogo does not know and count as "
        + "errored"
    }
    return text
  }

  var measured: [String: JSONValue] {
    var measured: [String: JSONValue] = [
      "tests": .int(counts.tests), "failures": .int(failures), "errors": .int(counts.errors),
      "skipped": .int(counts.skipped), "flaky": .int(counts.flaky), "pass_rate": .double(passRate),
    ]
    if counts.nameless > 0 { measured["nameless"] = .int(counts.nameless) }
    if counts.unknownStatus > 0 { measured["unknown_status"] = .int(counts.unknownStatus) }
    return measured
  }
}

extension Percentage {
  /// A fraction as a percentage rounded down to two decimals, so that 99.996 % never reads 100 %.
  static func floor(_ fraction: Double) -> String {
    let hundredths = Int((fraction * 10_000 + 1e-7).rounded(.down))
    let whole = hundredths / 100
    let rest = hundredths % 100
    if rest == 0 { return "\(whole)%" }
    return rest % 10 == 0 ? "\(whole).\(rest / 10)%" : "\(whole).\(rest < 10 ? "0" : "")\(rest)%"
  }
}

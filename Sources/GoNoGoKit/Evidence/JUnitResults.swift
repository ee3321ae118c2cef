import Foundation

/// What one JUnit/xUnit XML file says: counts per suite, the first failing tests, and notes.
///
/// It never holds every testcase, so it stays small however big the file is.
///
/// A *test* is a distinct testcase: a testcase that repeats the suite, `classname` and `name` of an
/// earlier one is a further run of it, not a new test; a testcase without a name is always a test
/// of its own. Within a testcase the most severe result counts (error, then failure, then
/// skipped). A test's runs add up by the rerun rule (``JUnitRuns``): skipped runs are left out,
/// a test whose last run failed is failing, a test whose last run passed after a failed one is
/// *flaky* (Surefire `<flakyFailure>`/`<flakyError>` too) and counts as passed.
public struct JUnitResults: Sendable, Equatable {
  /// Tests per innermost suite, in the order the suites first appear.
  public var groups: [JUnitSuiteGroup] = []
  /// The first failing, errored and flaky tests (at most 10 per suite, 1,000 per file).
  public var failing: [JUnitFailingCase] = []
  /// Testcase elements read as further runs of an earlier test.
  public var reruns = 0
  /// Named tests beyond the 500,000 remembered: a later testcase of one of them counts as a
  /// new test.
  public var testsBeyondTracking = 0
  /// The latest `timestamp` attribute of a suite, when any parses.
  public var timestamp: Stamp?
  /// The first `timestamp` attribute that is not a date, when any.
  public var invalidTimestamp: Stamp?
  /// The first suites whose count attributes disagree with their testcases (at most 5).
  public var discrepancies: [Discrepancy] = []
  /// How many suites disagree in all.
  public var discrepancyCount = 0
  /// True when the file has more distinct suites than are tracked one by one.
  public var suitesTruncated = false

  /// A `timestamp` attribute: its text, where it is, and the instant it names.
  public struct Stamp: Sendable, Equatable {
    /// The attribute as written.
    public var text: String
    /// The instant, when the text is a date (a missing zone reads as UTC).
    public var date: Date?
    /// The line of the element carrying it.
    public var line: Int?
  }

  /// A suite whose `tests`/`failures`/`errors`/`skipped`/`disabled` attributes disagree with its
  /// testcases.
  public struct Discrepancy: Sendable, Equatable {
    /// What the attributes say against what the testcases hold, for the report.
    public var description: String
    /// The line of the suite element.
    public var line: Int?
  }

  /// Every group's counts added up.
  public var totals: JUnitCounts {
    groups.reduce(into: JUnitCounts()) { $0.add($1.counts) }
  }
}

/// Test counts; `failures`, `errors`, `skipped` and `flaky` never overlap; `nameless` tests are
/// also counted by their result.
public struct JUnitCounts: Sendable, Equatable {
  /// Distinct tests.
  public var tests = 0
  /// Tests whose most severe result is a failure.
  public var failures = 0
  /// Tests whose most severe result is an error.
  public var errors = 0
  /// Tests skipped: never run, or only skipped (pytest's xfail, `status="disabled"` included).
  public var skipped = 0
  /// Tests that failed, then passed on a rerun; they count as passed.
  public var flaky = 0
  /// Testcases without a name (absent, empty or blank): each is a test of its own.
  public var nameless = 0
  /// Testcases without a result element whose `status` gonogo does not know: each counts as an
  /// errored run.
  public var unknownStatus = 0

  /// Creates counts.
  public init(
    tests: Int = 0, failures: Int = 0, errors: Int = 0, skipped: Int = 0, flaky: Int = 0,
    nameless: Int = 0, unknownStatus: Int = 0
  ) {
    self.tests = tests
    self.failures = failures
    self.errors = errors
    self.skipped = skipped
    self.flaky = flaky
    self.nameless = nameless
    self.unknownStatus = unknownStatus
  }

  /// Tests that passed, flaky ones included.
  public var passed: Int { tests - failures - errors - skipped }

  /// Adds another group's counts.
  public mutating func add(_ other: JUnitCounts) {
    tests += other.tests
    failures += other.failures
    errors += other.errors
    skipped += other.skipped
    flaky += other.flaky
    nameless += other.nameless
    unknownStatus += other.unknownStatus
  }
}

/// The tests of one innermost `<testsuite>` (suites of the same nesting path are merged).
public struct JUnitSuiteGroup: Sendable, Equatable {
  /// The suite names, each preceded by U+001F: one allocation per suite, however deep.
  let key: String
  /// Its tests.
  public var counts: JUnitCounts

  /// Creates a group for a path of suite names.
  public init(path: [String], counts: JUnitCounts = JUnitCounts()) {
    self.init(key: JUnitSuiteGroup.key(for: path), counts: counts)
  }

  init(key: String, counts: JUnitCounts) {
    self.key = key
    self.counts = counts
  }

  /// The key of a path of suite names.
  static func key(for path: [String]) -> String {
    path.reduce(into: "") { $0 += "\u{1F}" + $1 }
  }

  /// The names of the enclosing `<testsuite>` elements, outermost first; empty for testcases
  /// outside any suite.
  public var path: [String] {
    key.split(separator: "\u{1F}", omittingEmptySubsequences: false).dropFirst().map(String.init)
  }

  /// The innermost suite's name ("" outside any suite).
  public var name: String {
    guard let separator = key.lastIndex(of: "\u{1F}") else { return "" }
    return String(key[key.index(after: separator)...])
  }
}

/// A test that failed, errored, or passed only on a rerun.
public struct JUnitFailingCase: Sendable, Equatable {
  /// The most severe result.
  public enum Kind: String, Sendable, Equatable {
    /// An assertion failed (`<failure>`).
    case failure
    /// The test could not run cleanly (`<error>`).
    case error
  }

  /// Index of its group in `JUnitResults.groups`.
  public var group: Int
  /// The innermost suite's name.
  public var suite: String
  /// The testcase's `classname`.
  public var classname: String
  /// The testcase's `name`.
  public var name: String
  /// Failure or error.
  public var kind: Kind
  /// The first line of the result's `message` attribute, else of its text (at most 200 characters).
  public var message: String
  /// The line of the result that made it fail (of the testcase when no element did).
  public var line: Int?
  /// True when its last run passed.
  public var flaky: Bool
}

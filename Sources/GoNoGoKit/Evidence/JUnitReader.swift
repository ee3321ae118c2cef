import Foundation

/// Reads JUnit/xUnit XML (pytest, Maven Surefire, Gradle, gotestsum, jest-junit, `swift test
/// --xunit-output`, XCTest converters…) into ``JUnitResults`` by streaming it: no document tree,
/// memory bounded by the largest element, not the file.
///
/// The root must be `<testsuites>` or `<testsuite>`; suites may nest. Counts come from the
/// testcases, never from suite attributes (which are missing, stale or contradictory in real
/// files); where the attributes disagree, the results say so. A malformed file is an error naming
/// the line; a file with no testcase reads fine but holds no evidence (the check says so).
public enum JUnitReader: EvidenceReader {
  public static let format = "junit"

  public static func read(_ source: EvidenceSource) -> Result<JUnitResults, EvidenceError> {
    let path = source.file.path
    var scanner = JUnitScanner()
    do {
      let stream = try XMLStream(
        url: source.file.url, elements: JUnitScanner.elementNames,
        attributes: JUnitScanner.attributeNames)
      try scanner.scan(stream)
    } catch {
      if error.isEmpty {
        return .failure(EvidenceError("\(path) is empty, so it is no evidence that any test ran"))
      }
      return .failure(xmlError(error, path: path))
    }
    if let root = scanner.foreignRoot {
      return .failure(
        EvidenceError(
          "\(path) is not a JUnit XML report: its root element is <\(root)>, "
            + "not <testsuites> or <testsuite>", line: 1))
    }
    return .success(scanner.results)
  }

  /// The evidence error for an XML file libxml2 refused.
  static func xmlError(_ error: XMLStreamError, path: String) -> EvidenceError {
    guard let line = error.line else {
      return EvidenceError("\(path) is not well-formed XML: \(error.message)")
    }
    return EvidenceError(
      "\(path) is not well-formed XML at line \(line): \(error.message)", line: line,
      column: error.column)
  }
}

/// The JUnit reading state machine, fed node by node from an ``XMLStream``.
struct JUnitScanner {
  /// The elements that matter, in token order.
  enum Element: Int {
    case testsuites, testsuite, testcase, failure, error, skipped
    case flakyFailure, flakyError, rerunFailure, rerunError
  }

  /// The attributes that matter, in token order.
  enum Attribute: Int {
    case name, classname, tests, failures, errors, skipped, timestamp, message, status, disabled
    case result
  }

  static let elementNames = XMLNames([
    "testsuites", "testsuite", "testcase", "failure", "error", "skipped",
    "flakyFailure", "flakyError", "rerunFailure", "rerunError",
  ])
  static let attributeNames = XMLNames([
    "name", "classname", "tests", "failures", "errors", "skipped", "timestamp", "message",
    "status", "disabled", "result",
  ])

  /// Most failing tests listed per suite, and per file.
  static let listedPerGroup = 10
  static let listedPerFile = 1000
  /// Most distinct suites tracked one by one; more fold into one group.
  static let maxGroups = 100_000
  /// Bytes of a testcase's classname and name shown (its identity is the whole name).
  static let nameBytes = 1000
  /// Message bytes kept while looking for a result's first line.
  static let messageBytes = 800

  /// A result's severity; a testcase counts by its most severe one.
  enum Severity: Int, Comparable {
    case pass, skipped, failure, error
    static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// What the testcase elements of one suite element hold, nested suites included, counted
  /// the way suite attributes count them: each element once, reruns included.
  struct ElementCounts {
    var testcases = 0
    var failures = 0
    var errors = 0
    var skipped = 0
    /// Elements whose `status` says they did not run (`disabled`, `notrun`).
    var disabled = 0
    /// Elements that were not a rerun of an earlier test: some producers' `tests` count these.
    var tests = 0

    mutating func count(_ severity: Severity, disabled isDisabled: Bool, rerun: Bool) {
      testcases += 1
      if !rerun { tests += 1 }
      if isDisabled { disabled += 1 }
      switch severity {
      case .pass: break
      case .skipped: skipped += 1
      case .failure: failures += 1
      case .error: errors += 1
      }
    }

    mutating func add(_ other: ElementCounts) {
      testcases += other.testcases
      failures += other.failures
      errors += other.errors
      skipped += other.skipped
      disabled += other.disabled
      tests += other.tests
    }

    /// The counts in the order of ``OpenSuite/declared``.
    var all: [Int] { [testcases, failures, errors, skipped, disabled] }
  }

  struct OpenSuite {
    var isRoot: Bool
    var name: String
    var line: Int?
    var declared: [Int?] = [nil, nil, nil, nil, nil]  // tests, failures, errors, skipped, disabled
    var counted = ElementCounts()
    var group: Int?
  }

  /// The testcase being read; its buffers are reused from one testcase to the next.
  struct CaseState {
    var classname: [UInt8] = []
    var name: [UInt8] = []
    var group = 0
    var severity = Severity.pass
    var message: [UInt8] = []
    /// The line of the element that gave the most severe result.
    var line: Int?
    /// The most severe failed rerun written inside it (Surefire `<rerunFailure>`/`<rerunError>`).
    var rerun = Severity.pass
    /// The most severe failed attempt before it passed (Surefire `<flakyFailure>`/`<flakyError>`).
    var flaky = Severity.pass
    var flakyMessage: [UInt8] = []
    var flakyLine: Int?
    /// What its `status` (or Google Test's `result`) attribute says: skipped, failure or error,
    /// weighed with its result elements; pass when it says nothing that counts.
    var status = Severity.pass
    /// True when its `status` says it was not run (`disabled`, `notrun`).
    var disabled = false
    /// True when its `status` or `result` is a word gonogo does not know: without a result
    /// element it counts as errored, never as passed.
    var unknownStatus = false
    /// Set for a result written directly in a suite: it stands for a test of its own, which
    /// ends with the result element at this depth.
    var syntheticDepth: Int?

    mutating func reset(group: Int, syntheticDepth: Int?) {
      if !classname.isEmpty { classname.removeAll(keepingCapacity: true) }
      if !name.isEmpty { name.removeAll(keepingCapacity: true) }
      if !message.isEmpty { message.removeAll(keepingCapacity: true) }
      if !flakyMessage.isEmpty { flakyMessage.removeAll(keepingCapacity: true) }
      self.group = group
      self.syntheticDepth = syntheticDepth
      severity = .pass
      rerun = .pass
      flaky = .pass
      status = .pass
      disabled = false
      unknownStatus = false
      line = nil
      flakyLine = nil
    }
  }

  var results = JUnitResults()
  var foreignRoot: String?
  var suites: [OpenSuite] = []
  var current = CaseState()
  var inCase = false
  /// Enclosing testcases while a nested one is read (no known producer nests them).
  var suspended: [CaseState] = []
  /// The innermost suite's group, once it has a testcase.
  var currentGroup: Int?
  var groupIndex: [String: Int] = [:]
  var listed: [Int] = []
  /// Every named test read so far, with its runs folded by the rerun rule: one table per group,
  /// so that the tests of the suite being read stay in the processor's cache.
  var tests: [JUnitTestTable] = []
  /// How many named tests the tables hold in all.
  var tracked = 0
  /// Where each listed named test sits in `results.failing`.
  var entries: [JUnitTestKey: Int] = [:]
  /// While reading a result's text for its message: the depth of the result element and
  /// whether it is a flaky attempt's.
  var collecting: (depth: Int, flaky: Bool)?
  var sawRoot = false

  mutating func scan(_ stream: XMLStream) throws(XMLStreamError) {
    while let node = try stream.next() {
      switch node {
      case .start(let token, let isEmpty):
        if !sawRoot {
          sawRoot = true
          guard let token, token <= Element.testsuite.rawValue else {
            foreignRoot = stream.name
            return
          }
        }
        guard let token, let element = Element(rawValue: token) else { continue }
        start(element, stream: stream, isEmpty: isEmpty)
        if isEmpty { end(element, depth: stream.depth) }
      case .end(let token):
        if let collecting, stream.depth < collecting.depth { self.collecting = nil }
        if let token, let element = Element(rawValue: token) { end(element, depth: stream.depth) }
      case .text:
        guard let collecting, inCase else { continue }
        if collecting.flaky {
          stream.appendText(to: &current.flakyMessage, limit: Self.messageBytes)
        } else {
          stream.appendText(to: &current.message, limit: Self.messageBytes)
        }
      case .other:
        continue
      }
    }
  }

  // MARK: Elements

  mutating func start(_ element: Element, stream: XMLStream, isEmpty: Bool) {
    switch element {
    case .testsuites, .testsuite:
      startSuite(isRoot: element == .testsuites, stream: stream)
    case .testcase:
      openCase(stream: stream, syntheticDepth: nil)
    case .failure, .error, .skipped:
      if !inCase { openCase(stream: stream, syntheticDepth: stream.depth + (isEmpty ? 1 : 0)) }
      let severity: Severity =
        element == .failure ? .failure : element == .error ? .error : .skipped
      result(severity, stream: stream, isEmpty: isEmpty)
    case .flakyFailure, .flakyError:
      guard inCase else { return }
      let severity: Severity = element == .flakyFailure ? .failure : .error
      guard current.flaky == .pass else {
        current.flaky = max(current.flaky, severity)
        return
      }
      current.flaky = severity
      current.flakyLine = stream.line
      if !readMessage(stream, into: &current.flakyMessage), !isEmpty {
        collecting = (stream.depth, true)
      }
    case .rerunFailure, .rerunError:
      guard inCase else { return }
      let severity: Severity = element == .rerunFailure ? .failure : .error
      if severity > current.rerun {
        current.rerun = severity
        if current.severity == .pass { current.line = stream.line }
      }
    }
  }

  mutating func end(_ element: Element, depth: Int) {
    switch element {
    case .testsuites, .testsuite:
      endSuite()
    case .testcase:
      if inCase, current.syntheticDepth == nil { finishCase() }
    case .failure, .error, .skipped:
      if inCase, let synthetic = current.syntheticDepth, depth < synthetic { finishCase() }
    default:
      break
    }
  }

  mutating func startSuite(isRoot: Bool, stream: XMLStream) {
    var suite = OpenSuite(isRoot: isRoot, name: "", line: stream.line)
    var stampText: String?
    stream.attributes { token, value in
      switch Attribute(rawValue: token) {
      case .name: suite.name = value.string
      case .tests: suite.declared[0] = value.int
      case .failures: suite.declared[1] = value.int
      case .errors: suite.declared[2] = value.int
      case .skipped: suite.declared[3] = value.int
      case .disabled: suite.declared[4] = value.int
      case .timestamp: stampText = value.string
      default: break
      }
    }
    if let stampText, !stampText.isEmpty { note(timestamp: stampText, line: suite.line) }
    suites.append(suite)
    currentGroup = nil
  }

  mutating func openCase(stream: XMLStream, syntheticDepth: Int?) {
    if inCase {
      suspended.append(current)
      current = CaseState()
    }
    inCase = true
    let group = groupOfInnermostSuite()
    current.reset(group: group, syntheticDepth: syntheticDepth)
    if syntheticDepth == nil {
      stream.attributes { token, value in
        switch Attribute(rawValue: token) {
        case .classname: value.append(to: &current.classname, limit: Int.max)
        case .name: value.append(to: &current.name, limit: Int.max)
        case .status, .result: Self.read(status: value, into: &current)
        default: break
        }
      }
      // A testcase failed by its status alone is shown at its own line.
      if current.status >= .failure || current.unknownStatus { current.line = stream.line }
    } else {
      current.classname.append(contentsOf: results.groups[group].name.utf8)
      current.name.append(contentsOf: "(suite-level result)".utf8)
    }
  }

  /// The `status`/`result` words that say a test ran (Google Test, CTest, Catch2: `run`,
  /// `completed`; xUnit converters: `pass`, `passed`, `success`…).
  static let passingStatuses: Set<String> = [
    "run", "completed", "pass", "passed", "success", "ok", "executed",
  ]

  /// Most bytes of a `status` value read; a longer value is no known word.
  static let statusBytes = 64

  /// Reads a testcase's `status` (Google Test, xUnit converters, CTest) or Google Test's `result`.
  ///
  /// `disabled`, `notrun`, `skipped`, `skip`, `suppressed` and `ignored` mean it did not run;
  /// `fail`, `failed` and `failure` that it failed, `error` that it errored; the words of
  /// ``passingStatuses`` (and an empty value) say nothing against its result elements. Any other
  /// word is unknown: the testcase is marked so that, without a result element, it counts as
  /// errored and says why.
  static func read(status value: XMLValue, into test: inout CaseState) {
    var bytes: [UInt8] = []
    value.append(to: &bytes, limit: statusBytes + 1)
    let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
    let word = text.lowercased()
    switch word {
    case "disabled", "notrun":
      test.disabled = true
      test.status = max(test.status, .skipped)
    case "skipped", "skip", "suppressed", "ignored": test.status = max(test.status, .skipped)
    case "fail", "failed", "failure": test.status = max(test.status, .failure)
    case "error": test.status = .error
    case _ where word.isEmpty || passingStatuses.contains(word): break
    default:
      if !test.unknownStatus {
        test.message = Array(
          "status \"\(shown(status: text))\" is not a result gonogo knows, so it counts as errored"
            .utf8)
      }
      test.unknownStatus = true
    }
  }

  /// A status value for a message: control characters escaped, at most 40 characters.
  static func shown(status text: String) -> String {
    var shown = ""
    for (count, scalar) in text.unicodeScalars.enumerated() {
      if count == 40 || shown.utf8.count >= statusBytes {
        shown += "…"
        break
      }
      if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\"" || scalar == "\\" {
        shown += String(format: "\\u%04X", scalar.value)
      } else {
        shown.unicodeScalars.append(scalar)
      }
    }
    return shown
  }

  mutating func result(_ severity: Severity, stream: XMLStream, isEmpty: Bool) {
    guard severity > current.severity else { return }
    current.severity = severity
    // A failing status outweighs a lesser element: the testcase's own line stays.
    guard severity >= current.status else { return }
    current.line = stream.line
    current.message.removeAll(keepingCapacity: true)
    collecting = nil
    guard severity >= .failure else { return }
    if !readMessage(stream, into: &current.message), !isEmpty {
      collecting = (stream.depth, false)
    }
  }

  /// Copies a non-empty `message` attribute into `buffer`; false when there is none.
  func readMessage(_ stream: XMLStream, into buffer: inout [UInt8]) -> Bool {
    var found = false
    stream.attributes { token, value in
      guard token == Attribute.message.rawValue else { return }
      value.append(to: &buffer, limit: Self.messageBytes)
      found = buffer.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }
    return found
  }
}

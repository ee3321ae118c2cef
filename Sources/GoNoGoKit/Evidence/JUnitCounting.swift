import Foundation

/// Counting tests: runs, reruns, failing tests, suites and their notes.
extension JUnitScanner {
  mutating func endSuite() {
    guard let suite = suites.popLast() else { return }
    currentGroup = suites.last?.group
    if !suites.isEmpty { suites[suites.count - 1].counted.add(suite.counted) }
    let counted = suite.counted.all
    let labels = ["tests", "failures", "errors", "skipped", "disabled"]
    let nouns = ["testcase", "failure", "error"]
    var declared: [String] = []
    var found: [String] = []
    for index in 0..<labels.count {
      guard let value = suite.declared[index], value != counted[index] else { continue }
      // `tests` may count testcases (Gradle's retries) or distinct tests (pytest's reruns).
      if index == 0, value == suite.counted.tests { continue }
      declared.append("\(labels[index])=\(value)")
      found.append(
        index < nouns.count
          ? counted[index].plural(nouns[index]) : "\(counted[index]) \(labels[index])")
    }
    guard !declared.isEmpty else { return }
    results.discrepancyCount += 1
    guard results.discrepancies.count < 5 else { return }
    let what = suite.isRoot ? "<testsuites>" : "suite '\(suite.name)'"
    results.discrepancies.append(
      JUnitResults.Discrepancy(
        description: "\(what) declares \(declared.joined(separator: ", ")) but its testcases show "
          + found.joined(separator: ", "), line: suite.line))
  }

  /// Counts the testcase just read: a test of its own, or a further run of a named test.
  mutating func finishCase() {
    collecting = nil
    // The most severe of its result elements and its status counts; an unknown status with no
    // result element is an errored run, never a pass.
    var main = max(current.severity, current.status)
    if current.unknownStatus, current.severity == .pass {
      main = .error
      results.groups[current.group].counts.unknownStatus += 1
    }
    // Suite attributes count a testcase not run (`status="disabled"`) under `disabled` alone.
    var element =
      current.severity > .pass || current.disabled ? current.severity : current.status
    if element == .pass, current.rerun > .pass { element = current.rerun }
    // A Surefire testcase stands for several runs: its flaky attempts, then the testcase's own
    // result, then its failed reruns.
    var runs = JUnitRuns()
    if current.flaky > .pass { runs.add(current.flaky) }
    runs.add(main)
    if current.rerun > .pass { runs.add(current.rerun) }
    var rerun = false
    if let key = identity() {
      rerun = count(runs, key: key)
    } else {
      let group = current.group
      results.groups[group].counts.tests += 1
      if current.syntheticDepth == nil { results.groups[group].counts.nameless += 1 }
      tally(runs.outcome, by: 1, in: group)
      if runs.outcome != .passed, runs.outcome != .skipped { _ = list(runs) }
    }
    if !suites.isEmpty {
      suites[suites.count - 1].counted.count(element, disabled: current.disabled, rerun: rerun)
    }
    if let outer = suspended.popLast() {
      current = outer
    } else {
      inCase = false
    }
  }

  /// Folds the current testcase, a run (or runs) of the named test `key`, into its earlier runs;
  /// true when it had earlier runs.
  mutating func count(_ runs: JUnitRuns, key: JUnitTestKey) -> Bool {
    let group = current.group
    var all = runs
    let slot = tests[group].slot(of: key)
    if slot.found {
      all = JUnitRuns(packed: tests[group].state(at: slot.index))
      tally(all.outcome, by: -1, in: group)
      all.add(runs)
      tests[group].setState(all.packed, at: slot.index)
      results.reruns += 1
    } else {
      results.groups[group].counts.tests += 1
      if tracked < JUnitTestTable.maxTracked {
        tests[group].insert(key, state: runs.packed, at: slot.index)
        tracked += 1
      } else {
        results.testsBeyondTracking += 1
      }
    }
    let outcome = all.outcome
    tally(outcome, by: 1, in: group)
    guard outcome != .passed, outcome != .skipped else { return slot.found }
    guard let entry = entries[key] else {
      if let entry = list(all) { entries[key] = entry }
      return slot.found
    }
    results.failing[entry].kind = all.worst == .error ? .error : .failure
    results.failing[entry].flaky = outcome == .flaky
    if runs.worst > .pass, runs.worst >= all.worst {
      let detail = failureDetail()
      results.failing[entry].message = Self.firstLine(detail.message)
      results.failing[entry].line = detail.line
    }
    return slot.found
  }

  /// The identity of the current testcase: its group, classname and whole name; nil when it has
  /// no name (absent, empty or blank) or is a result written directly in a suite.
  func identity() -> JUnitTestKey? {
    guard current.syntheticDepth == nil,
      current.name.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
    else { return nil }
    var key = Self.mix(UInt64(truncatingIfNeeded: current.group) &+ 0x9E37_79B9_7F4A_7C15)
    Self.hash(current.classname, into: &key)
    Self.hash(current.name, into: &key)
    return JUnitTestKey(
      hash: key == 0 ? 1 : key,
      check: JUnitTestKey.check(group: current.group, current.classname, current.name))
  }

  /// Folds bytes into a 64-bit hash, eight at a time, their count last.
  ///
  /// The count keeps "ab" + "c" apart from "a" + "bc". The hash is fixed, so that a file reads
  /// the same in every run.
  static func hash(_ bytes: [UInt8], into key: inout UInt64) {
    bytes.withUnsafeBytes { raw in
      var index = 0
      while index + 8 <= raw.count {
        // xxHash64's round: the word's multiply runs beside the chain's.
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let sum = key &+ word &* 0xC2B2_AE3D_27D4_EB4F
        key = ((sum << 31) | (sum >> 33)) &* 0x9E37_79B1_85EB_CA87
        index += 8
      }
      var last: UInt64 = 0
      var shift: UInt64 = 0
      while index < raw.count {
        last |= UInt64(raw[index]) << shift
        shift += 8
        index += 1
      }
      key = mix(key ^ last)
      key = mix(key ^ UInt64(raw.count))
    }
  }

  /// A 64-bit bijection that spreads every input bit over the output (murmur3's finaliser).
  static func mix(_ value: UInt64) -> UInt64 {
    var value = value
    value = (value ^ (value >> 33)) &* 0xFF51_AFD7_ED55_8CCD
    value = (value ^ (value >> 33)) &* 0xC4CE_B9FE_1A85_EC53
    return value ^ (value >> 33)
  }

  /// Adds (or, with -1, removes) one test of `outcome` to its group's counts.
  mutating func tally(_ outcome: JUnitRuns.Outcome, by delta: Int, in group: Int) {
    switch outcome {
    case .passed: break
    case .flaky: results.groups[group].counts.flaky += delta
    case .skipped: results.groups[group].counts.skipped += delta
    case .failed: results.groups[group].counts.failures += delta
    case .errored: results.groups[group].counts.errors += delta
    }
  }

  /// The message and line of the current testcase's failed run: its own result, else its
  /// failed flaky attempt.
  func failureDetail() -> (message: [UInt8], line: Int?) {
    if current.severity >= .failure || current.status >= .failure || current.rerun > .pass
      || current.unknownStatus
    {
      return (current.message, current.line)
    }
    return (current.flakyMessage, current.flakyLine)
  }

  /// Lists the current test when its suite and the file still have room; returns its index.
  mutating func list(_ runs: JUnitRuns) -> Int? {
    let group = current.group
    guard listed[group] < Self.listedPerGroup, results.failing.count < Self.listedPerFile
    else { return nil }
    listed[group] += 1
    let detail = failureDetail()
    results.failing.append(
      JUnitFailingCase(
        group: group, suite: results.groups[group].name,
        classname: String(decoding: current.classname.prefix(Self.nameBytes), as: UTF8.self),
        name: String(decoding: current.name.prefix(Self.nameBytes), as: UTF8.self),
        kind: runs.worst == .error ? .error : .failure,
        message: Self.firstLine(detail.message), line: detail.line, flaky: runs.outcome == .flaky))
    return results.failing.count - 1
  }

  /// The group of the innermost suite, created on its first testcase.
  mutating func groupOfInnermostSuite() -> Int {
    if let currentGroup { return currentGroup }
    let group = group(for: suites.filter { !$0.isRoot }.map(\.name))
    if let last = suites.indices.last { suites[last].group = group }
    currentGroup = group
    return group
  }

  mutating func group(for path: [String]) -> Int {
    var key = JUnitSuiteGroup.key(for: path)
    if groupIndex[key] == nil, results.groups.count >= Self.maxGroups {
      results.suitesTruncated = true
      key = JUnitSuiteGroup.key(for: ["(further suites)"])
    }
    if let index = groupIndex[key] { return index }
    results.groups.append(JUnitSuiteGroup(key: key, counts: JUnitCounts()))
    tests.append(JUnitTestTable())
    listed.append(0)
    groupIndex[key] = results.groups.count - 1
    return results.groups.count - 1
  }

  mutating func note(timestamp text: String, line: Int?) {
    guard let date = JUnitTimestamp.parse(text) else {
      if results.invalidTimestamp == nil {
        results.invalidTimestamp = JUnitResults.Stamp(text: text, date: nil, line: line)
      }
      return
    }
    if let latest = results.timestamp?.date, latest >= date { return }
    results.timestamp = JUnitResults.Stamp(text: text, date: date, line: line)
  }

  /// The first non-blank line of a message, at most 200 characters.
  static func firstLine(_ bytes: [UInt8]) -> String {
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
      let line = String(decoding: bytes[start..<end], as: UTF8.self).trimmingWhitespace()
      if !line.isEmpty { return line.count > 200 ? String(line.prefix(200)) + "…" : line }
      start = end + 1
    }
    return ""
  }
}

/// The rerun rule, in one place: what the runs of one test add up to, in file order.
///
/// Skipped runs are left out. A test none of whose runs ran is skipped. A test whose last run
/// failed or errored is failing, as an error when any of its runs errored, else as a failure. A
/// test whose last run passed is flaky when an earlier run failed or errored, else passed.
struct JUnitRuns: Equatable {
  /// What the runs add up to.
  enum Outcome: Equatable {
    case passed, flaky, skipped, failed, errored
  }

  /// True once a run passed, failed or errored.
  private(set) var ran = false
  /// True when the last run that ran failed or errored.
  private(set) var lastFailed = false
  /// The most severe failed run (`.pass` while none failed).
  private(set) var worst = JUnitScanner.Severity.pass

  init() {}

  /// The runs packed into one byte by ``packed``.
  init(packed: UInt8) {
    ran = packed & 1 != 0
    lastFailed = packed & 2 != 0
    worst = JUnitScanner.Severity(rawValue: Int(packed >> 2)) ?? .error
  }

  /// The runs in one byte, for the table of tests.
  var packed: UInt8 { (ran ? 1 : 0) | (lastFailed ? 2 : 0) | UInt8(worst.rawValue << 2) }

  /// Adds the next run.
  mutating func add(_ run: JUnitScanner.Severity) {
    switch run {
    case .skipped:
      return
    case .pass:
      ran = true
      lastFailed = false
    case .failure, .error:
      ran = true
      lastFailed = true
      worst = max(worst, run)
    }
  }

  /// Adds runs that came after these, as if each had been added in turn.
  mutating func add(_ later: JUnitRuns) {
    guard later.ran else { return }
    ran = true
    lastFailed = later.lastFailed
    worst = max(worst, later.worst)
  }

  /// The test's outcome by the rule.
  var outcome: Outcome {
    guard ran else { return .skipped }
    if lastFailed { return worst == .error ? .errored : .failed }
    return worst > .pass ? .flaky : .passed
  }
}

/// A named test's identity as the tables keep it: its group, classname and name hashed twice.
///
/// `hash` is a fixed 64-bit hash (it places the test in its table); `check` is 32 bits of SipHash
/// (Swift's `Hasher`) under a key drawn at random for each process. Two tests are taken for runs
/// of one test only when both agree: by chance about once in 2^96 pairs, and never by design,
/// since a file cannot be written against a key it cannot know. A failing test folded into a
/// passing one would be a false GO, so the fixed hash is not trusted alone.
struct JUnitTestKey: Hashable {
  var hash: UInt64
  var check: UInt32

  /// 32 bits of the per-process keyed hash of a test's group, classname and name (each with
  /// its length, so that "ab" + "c" and "a" + "bc" differ).
  static func check(group: Int, _ classname: [UInt8], _ name: [UInt8]) -> UInt32 {
    var hasher = Hasher()
    hasher.combine(group)
    hasher.combine(classname.count)
    classname.withUnsafeBytes { hasher.combine(bytes: $0) }
    hasher.combine(name.count)
    name.withUnsafeBytes { hasher.combine(bytes: $0) }
    return UInt32(truncatingIfNeeded: hasher.finalize())
  }
}

/// The named tests of one group, in an open-addressing table at most seven eighths full.
///
/// Each is a ``JUnitTestKey`` (12 bytes) with one byte of folded runs. A file's tables hold at
/// most ``maxTracked`` tests in all (15 to 30 bytes each), so that memory stays bounded however
/// many tests a file holds. The keys are hashes already, spread evenly over the slots, so a
/// lookup stays short even in a nearly full table.
struct JUnitTestTable {
  /// Most tests remembered per file; a later testcase of a test beyond them counts as a new test.
  static let maxTracked = 500_000

  private var keys: [UInt64] = []
  private var checks: [UInt32] = []
  private var states: [UInt8] = []
  private(set) var count = 0

  /// Slots allocated (at most 16/7 of ``count``, once any test is in).
  var capacity: Int { keys.count }

  /// Where `key` is, or where it would go (-1 while the table is empty). A slot whose hash
  /// matches but whose check does not holds another test.
  func slot(of key: JUnitTestKey) -> (index: Int, found: Bool) {
    guard !keys.isEmpty else { return (-1, false) }
    let mask = keys.count - 1
    let hash = key.hash
    var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while keys[index] != 0 {
      if keys[index] == hash, checks[index] == key.check { return (index, true) }
      index = (index + 1) & mask
    }
    return (index, false)
  }

  func state(at index: Int) -> UInt8 { states[index] }

  mutating func setState(_ state: UInt8, at index: Int) { states[index] = state }

  /// Inserts a new key at the slot ``slot(of:)`` gave.
  mutating func insert(_ key: JUnitTestKey, state: UInt8, at index: Int) {
    var index = index
    if (count + 1) * 8 > keys.count * 7 {
      grow()
      index = slot(of: key).index
    }
    keys[index] = key.hash
    checks[index] = key.check
    states[index] = state
    count += 1
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldChecks = checks
    let oldStates = states
    let size = max(16, oldKeys.count * 2)
    keys = [UInt64](repeating: 0, count: size)
    checks = [UInt32](repeating: 0, count: size)
    states = [UInt8](repeating: 0, count: size)
    for (index, hash) in oldKeys.enumerated() where hash != 0 {
      let slot = slot(of: JUnitTestKey(hash: hash, check: oldChecks[index])).index
      keys[slot] = hash
      checks[slot] = oldChecks[index]
      states[slot] = oldStates[index]
    }
  }
}

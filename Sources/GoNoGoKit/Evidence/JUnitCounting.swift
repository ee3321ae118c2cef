import Foundation

/// Counting tests: attempts, reruns, failing tests, suites and their notes.
extension JUnitScanner {
  mutating func endSuite() {
    guard let suite = suites.popLast() else { return }
    currentGroup = suites.last?.group
    if !suites.isEmpty { suites[suites.count - 1].counted.add(suite.counted) }
    let counted = [
      suite.counted.testcases, suite.counted.failures, suite.counted.errors, suite.counted.skipped,
    ]
    let labels = ["tests", "failures", "errors", "skipped"]
    let nouns = ["testcase", "failure", "error", "skipped"]
    var declared: [String] = []
    var found: [String] = []
    for index in 0..<4 {
      guard let value = suite.declared[index], value != counted[index] else { continue }
      declared.append("\(labels[index])=\(value)")
      found.append(index == 3 ? "\(counted[index]) skipped" : counted[index].plural(nouns[index]))
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

  mutating func finishCase() {
    collecting = nil
    var outcome = current.severity
    if outcome == .pass, current.rerun > .pass { outcome = current.rerun }
    if !suites.isEmpty { suites[suites.count - 1].counted.count(outcome) }
    let print = Self.fingerprint(current)
    var key: Int?
    if outcome >= .failure || fingerprints[print >> 6] & (1 << (print & 63)) != 0 {
      key = Self.key(current)
    }
    if let key, let attempt = remembered[key] {
      rerun(attempt, key: key, outcome: outcome)
    } else {
      firstAttempt(outcome, key: key, print: print)
    }
    if let outer = suspended.popLast() {
      current = outer
    } else {
      inCase = false
    }
  }

  /// A testcase repeating an earlier failed test: a rerun, not a new test.
  mutating func rerun(_ earlier: Attempt, key: Int, outcome: Severity) {
    var attempt = earlier
    let group = current.group
    results.reruns += 1
    if !attempt.flaky, outcome == .pass {
      move(group, from: attempt.severity, to: nil)
      results.groups[group].counts.flaky += 1
      attempt.flaky = true
      if let entry = attempt.entry { results.failing[entry].flaky = true }
    } else if !attempt.flaky, outcome > attempt.severity {
      move(group, from: attempt.severity, to: outcome)
      attempt.severity = outcome
      if let entry = attempt.entry {
        results.failing[entry].kind = outcome == .error ? .error : .failure
        results.failing[entry].message = Self.firstLine(current.message)
        results.failing[entry].line = current.line
      }
    }
    remembered[key] = attempt
  }

  mutating func firstAttempt(_ outcome: Severity, key: Int?, print: Int) {
    let group = current.group
    results.groups[group].counts.tests += 1
    switch outcome {
    case .pass:
      if current.flaky > .pass {
        results.groups[group].counts.flaky += 1
        _ = list(
          kind: current.flaky, message: current.flakyMessage, line: current.flakyLine, flaky: true)
      }
    case .skipped:
      results.groups[group].counts.skipped += 1
    case .failure, .error:
      move(group, from: nil, to: outcome)
      let entry = list(kind: outcome, message: current.message, line: current.line, flaky: false)
      if let key, remembered.count < Self.maxRemembered {
        remembered[key] = Attempt(severity: outcome, entry: entry)
        fingerprints[print >> 6] |= 1 << (print & 63)
      }
    }
  }

  /// Moves one test between the failure and error counts (nil: passed).
  mutating func move(_ group: Int, from old: Severity?, to new: Severity?) {
    if old == .failure { results.groups[group].counts.failures -= 1 }
    if old == .error { results.groups[group].counts.errors -= 1 }
    if new == .failure { results.groups[group].counts.failures += 1 }
    if new == .error { results.groups[group].counts.errors += 1 }
  }

  /// Lists the current test when its suite and the file still have room; returns its index.
  mutating func list(kind: Severity, message: [UInt8], line: Int?, flaky: Bool) -> Int? {
    let group = current.group
    guard listed[group] < Self.listedPerGroup, results.failing.count < Self.listedPerFile
    else { return nil }
    listed[group] += 1
    results.failing.append(
      JUnitFailingCase(
        group: group, suite: results.groups[group].name,
        classname: String(decoding: current.classname, as: UTF8.self),
        name: String(decoding: current.name, as: UTF8.self),
        kind: kind == .error ? .error : .failure,
        message: Self.firstLine(message), line: line, flaky: flaky))
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

  /// A 16-bit fingerprint of a test: its group, name length and the name's last two bytes.
  static func fingerprint(_ test: CaseState) -> Int {
    let name = test.name
    let count = name.count
    return fingerprint(
      group: test.group, count: count, last: count > 0 ? name[count - 1] : 0,
      before: count > 1 ? name[count - 2] : 0)
  }

  static func fingerprint(group: Int, count: Int, last: UInt8, before: UInt8) -> Int {
    let mixed = (group &* 0x9E37_79B9) ^ (count &* 0x85EB_CA6B) ^ (Int(last) << 8) ^ Int(before)
    return (mixed ^ (mixed >> 16)) & 0xFFFF
  }

  /// Identifies a test within its file: its group, classname and name.
  static func key(_ test: CaseState) -> Int {
    var hasher = Hasher()
    hasher.combine(test.group)
    test.classname.withUnsafeBytes { hasher.combine(bytes: $0) }
    hasher.combine(0xFF as UInt8)
    test.name.withUnsafeBytes { hasher.combine(bytes: $0) }
    return hasher.finalize()
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

import Foundation

/// Reads LCOV tracefiles (`lcov`, gcovr `--lcov`, coverage.py `lcov`, c8, …) line by line.
///
/// A record runs from `SF:` to `end_of_record`; a source file that appears in
/// several records (concatenated tracefiles) is merged line by line, so that a line covered by
/// any record counts once.
enum LCOVReader {
  /// Longest line accepted.
  static let maxLine = 1 << 16

  /// What one source file's records say.
  struct SourceFile {
    var records = 0
    var linesFound = 0
    var linesHit = 0
    var branchesFound = 0
    var branchesHit = 0
    /// Line number → covered, from `DA` lines.
    var lines: [Int: Bool] = [:]
    /// `line,block,branch` → taken, from `BRDA` lines.
    var branches: [String: Bool] = [:]
    /// Where the record's `LF`, `LH`, `BRF` and `BRH` lines are (0: absent).
    var linesFoundLine = 0
    var linesHitLine = 0
    var branchesFoundLine = 0
    var branchesHitLine = 0
    /// How many `DA` and `BRDA` lines the record has, and how many of them were hit or taken
    /// (a tool may repeat a line; the distinct ones are in `lines` and `branches`).
    var lineEntries = 0
    var hitEntries = 0
    var branchEntries = 0
    var takenEntries = 0
  }

  static func read(_ source: EvidenceSource) -> Result<CoverageReport, EvidenceError> {
    let path = source.file.path
    guard let handle = FileHandle(forReadingAtPath: source.file.url.path) else {
      return .failure(EvidenceError("cannot open \(path) for reading"))
    }
    defer { try? handle.close() }
    var parser = LCOVParser(path: path)
    var pending: [UInt8] = []
    do {
      while true {
        let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
        if chunk.isEmpty { break }
        pending.append(contentsOf: chunk)
        var start = 0
        while let newline = pending[start...].firstIndex(of: 0x0A) {
          try parser.line(pending[start..<newline])
          start = newline + 1
        }
        pending.removeFirst(start)
        if pending.count > maxLine {
          throw EvidenceError(
            "\(path) is not an LCOV tracefile: line \(parser.number + 1) is longer than "
              + "\(maxLine) bytes", line: parser.number + 1)
        }
      }
      if !pending.isEmpty { try parser.line(pending[...]) }
      return .success(try parser.finish())
    } catch let error as EvidenceError {
      return .failure(error)
    } catch {
      return .failure(EvidenceError("cannot read \(path): \(error.localizedDescription)"))
    }
  }
}

/// The LCOV line grammar and the merge of repeated source files.
struct LCOVParser {
  let path: String
  private(set) var number = 0
  private var files: [String: LCOVReader.SourceFile] = [:]
  private var current: (name: String, file: LCOVReader.SourceFile, line: Int)?
  private var sawRecordLine = false

  init(path: String) {
    self.path = path
  }

  mutating func line(_ raw: ArraySlice<UInt8>) throws(EvidenceError) {
    number += 1
    var bytes = raw
    if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if bytes.last == 0x0D { bytes = bytes.dropLast() }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw problem("is not valid UTF-8")
    }
    let line = text.trimmingWhitespace()
    if line.isEmpty { return }
    if line == "end_of_record" {
      sawRecordLine = true
      guard let open = current else { throw problem("closes a record that was never opened") }
      try check(open.file, of: open.name)
      var merged = files[open.name, default: LCOVReader.SourceFile()]
      merge(open.file, into: &merged)
      files[open.name] = merged
      current = nil
      return
    }
    guard let colon = line.firstIndex(of: ":"),
      line[..<colon].allSatisfy({ $0.isASCII && $0.isUppercase }), colon != line.startIndex
    else {
      guard sawRecordLine else {
        throw EvidenceError(
          "\(path) is not a coverage report (Cobertura or JaCoCo XML, or an LCOV tracefile)",
          line: number)
      }
      throw problem("is not an LCOV line ('KEY:value' or end_of_record)")
    }
    sawRecordLine = true
    let key = String(line[..<colon])
    let value = String(line[line.index(after: colon)...])
    if key == "SF" {
      if current != nil { throw problem("opens a record before the previous one ended") }
      current = (value, LCOVReader.SourceFile(records: 1), number)
      return
    }
    guard ["DA", "LF", "LH", "BRDA", "BRF", "BRH"].contains(key) else { return }
    guard current != nil else {
      throw problem("has \(key) outside a record (no SF line before it)")
    }
    try record(key, value)
  }

  private mutating func record(_ key: String, _ value: String) throws(EvidenceError) {
    let fields = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    func count(_ text: String) throws(EvidenceError) -> Int {
      guard let number = Int(text), number >= 0 else {
        throw problem("has \(key) '\(value)' that is not a count")
      }
      return number
    }
    switch key {
    case "DA":
      guard fields.count >= 2, let line = Int(fields[0]), let hits = Int(fields[1]) else {
        throw problem("has DA '\(value)', not 'line,hits'")
      }
      if hits < 0 { throw impossible("has DA '\(value)', whose hit count is negative") }
      let before = current?.file.lines[line] ?? false
      current?.file.lines[line] = before || hits > 0
      current?.file.lineEntries += 1
      if hits > 0 { current?.file.hitEntries += 1 }
    case "BRDA":
      guard fields.count == 4, Int(fields[0]) != nil else {
        throw problem("has BRDA '\(value)', not 'line,block,branch,taken'")
      }
      let taken = fields[3] == "-" ? false : try count(fields[3]) > 0
      let id = fields[0...2].joined(separator: ",")
      let before = current?.file.branches[id] ?? false
      current?.file.branches[id] = before || taken
      current?.file.branchEntries += 1
      if taken { current?.file.takenEntries += 1 }
    case "LF":
      let found = try count(value)
      current?.file.linesFound = found
      current?.file.linesFoundLine = number
    case "LH":
      let hit = try count(value)
      current?.file.linesHit = hit
      current?.file.linesHitLine = number
    case "BRF":
      let found = try count(value)
      current?.file.branchesFound = found
      current?.file.branchesFoundLine = number
    case "BRH":
      let hit = try count(value)
      current?.file.branchesHit = hit
      current?.file.branchesHitLine = number
    default: break
    }
  }

  /// Rejects a record whose summary lines claim what no coverage run gives: more hits than
  /// found, or figures that disagree with the record's own `DA` and `BRDA` lines (geninfo writes
  /// `LF`/`LH` as the number of `DA` lines and of those with a non-zero count, and `BRF`/`BRH`
  /// likewise for `BRDA`).
  private func check(_ record: LCOVReader.SourceFile, of name: String) throws(EvidenceError) {
    try check(
      found: (record.linesFound, record.linesFoundLine, "LF"),
      hit: (record.linesHit, record.linesHitLine, "LH"),
      distinct: (record.lines.count, record.lines.values.filter { $0 }.count),
      entries: (record.lineEntries, record.hitEntries), detail: ("DA", "lines", "hit"), of: name)
    try check(
      found: (record.branchesFound, record.branchesFoundLine, "BRF"),
      hit: (record.branchesHit, record.branchesHitLine, "BRH"),
      distinct: (record.branches.count, record.branches.values.filter { $0 }.count),
      entries: (record.branchEntries, record.takenEntries), detail: ("BRDA", "branches", "taken"),
      of: name)
  }

  private func check(
    found: (value: Int, line: Int, key: String), hit: (value: Int, line: Int, key: String),
    distinct: (found: Int, hit: Int), entries: (found: Int, hit: Int),
    detail: (key: String, noun: String, verb: String), of name: String
  ) throws(EvidenceError) {
    if found.line == 0 && hit.value > 0 && entries.found == 0 {
      throw impossible(
        "has \(hit.key) \(hit.value), but the record for \(name) has no \(found.key) line "
          + "saying how many \(detail.noun) it instruments", at: hit.line)
    }
    if found.line > 0 && hit.value > found.value {
      throw impossible(
        "has \(hit.key) \(hit.value), more than the \(found.key) \(found.value) of the record "
          + "for \(name)", at: hit.line)
    }
    guard entries.found > 0 else { return }
    if found.line > 0 && !(distinct.found...entries.found).contains(found.value) {
      throw impossible(
        "has \(found.key) \(found.value), but the record for \(name) lists "
          + "\(distinct.found) \(detail.noun) in its \(detail.key) lines", at: found.line)
    }
    if hit.line > 0 && !(distinct.hit...entries.hit).contains(hit.value) {
      throw impossible(
        "has \(hit.key) \(hit.value), but the \(detail.key) lines of the record for \(name) "
          + "show \(distinct.hit) of \(distinct.found) \(detail.noun) \(detail.verb)",
        at: hit.line)
    }
  }

  /// Adds one record to what is known of its source file.
  private func merge(_ record: LCOVReader.SourceFile, into file: inout LCOVReader.SourceFile) {
    file.records += record.records
    file.linesFound += record.linesFound
    file.linesHit += record.linesHit
    file.branchesFound += record.branchesFound
    file.branchesHit += record.branchesHit
    file.lines.merge(record.lines) { $0 || $1 }
    file.branches.merge(record.branches) { $0 || $1 }
  }

  func finish() throws(EvidenceError) -> CoverageReport {
    if let open = current {
      throw EvidenceError(
        "\(path) is truncated: the record for \(open.name) opened at line \(open.line) has no "
          + "end_of_record", line: open.line)
    }
    var lines = CoverageReport.Count(covered: 0, total: 0)
    var branches = CoverageReport.Count(covered: 0, total: 0)
    for file in files.values {
      // One record: its own summary lines. Several: the union of their DA/BRDA lines.
      let merged = file.records > 1 || (file.linesFound == 0 && !file.lines.isEmpty)
      if merged && !file.lines.isEmpty {
        lines.total += file.lines.count
        lines.covered += file.lines.values.filter { $0 }.count
      } else {
        lines.total += file.linesFound
        lines.covered += file.linesHit
      }
      if (file.records > 1 || file.branchesFound == 0) && !file.branches.isEmpty {
        branches.total += file.branches.count
        branches.covered += file.branches.values.filter { $0 }.count
      } else {
        branches.total += file.branchesFound
        branches.covered += file.branchesHit
      }
    }
    return CoverageReport(format: .lcov, lines: lines, branches: branches)
  }

  /// A figure no coverage run can produce, at `line` (default: the current line).
  private func impossible(_ what: String, at line: Int? = nil) -> EvidenceError {
    let line = line ?? number
    return EvidenceError(
      "\(path) is not a valid LCOV tracefile: line \(line) \(what); regenerate the tracefile",
      line: line)
  }

  private func problem(_ what: String) -> EvidenceError {
    EvidenceError("\(path) is not a valid LCOV tracefile: line \(number) \(what)", line: number)
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

/// How trend reads many reports: statuses read from bytes, strings shared by gate position
/// between consecutive reports, and the first unreadable report (in the order given) reported.
@Suite struct TrendReadingTests {
  typealias Gate = HandMadeReport.Gate

  /// A new empty directory for one test's files.
  func scratchDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-trend-reading-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  @Test func everyStatusIsReadFromItsBytesAndNothingElseIs() {
    for state in GateState.allCases {
      let read = Array(state.rawValue.utf8).withUnsafeBytes { GateState(utf8: $0) }
      #expect(read == state)
    }
    for word in ["", "Pass", "PASS", "passed", "pas", "fail ", "errors", "advisor", "disabledd",
      "waive", "wavied", "pass\u{0}"]
    {
      let read = Array(word.utf8).withUnsafeBytes { GateState(utf8: $0) }
      #expect(read == nil, "\(word) is no status")
    }
  }

  @Test func sharedStringsAreTheBytesReadAtEachPosition() {
    let strings = ReportStrings()
    func read(_ text: String, _ field: ReportStrings.Field, _ position: Int) -> String {
      Array(text.utf8).withUnsafeBytes { strings.string($0, field, at: position) }
    }
    #expect(read("checkout.runbook-rollback", .id, 0) == "checkout.runbook-rollback")
    #expect(read("", .category, 0) == "")
    #expect(read("sre", .category, 0) == "sre")
    #expect(read("checkout.runbook-rollback", .id, 3) == "checkout.runbook-rollback")
    // The same position with other bytes: longer, shorter, same length, non-ASCII.
    #expect(read("checkout.runbook-rollbacks", .id, 0) == "checkout.runbook-rollbacks")
    #expect(read("checkout.runbook", .id, 0) == "checkout.runbook")
    #expect(read("checkout.runbooK", .id, 0) == "checkout.runbooK")
    #expect(read("zahlung.prüfung", .id, 0) == "zahlung.prüfung")
    #expect(read("zahlung.prüfung", .id, 0) == "zahlung.prüfung")
    // Fields at one position are kept apart.
    #expect(read("blocker", .severity, 0) == "blocker")
    #expect(read("payments", .workstream, 0) == "payments")
    #expect(read("sre", .category, 0) == "sre")
    #expect(read("zahlung.prüfung", .id, 0) == "zahlung.prüfung")
  }

  @Test func reportsReadInStretchesGiveTheSameRunsAsOneByOne() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String] = []
    for number in 0..<40 {
      // Gates change status, id, category and order between reports.
      var gates = (0..<6).map { index in
        Gate(
          id: number % 7 == 3 && index == 2 ? "renamed-\(number)" : "g\(index)",
          status: (number + index) % 3 == 0 ? "fail" : "pass",
          severity: index % 2 == 0 ? "blocker" : "major",
          category: number > 20 && index == 1 ? "security" : "sre")
      }
      if number % 5 == 4 { gates.reverse() }
      let now = String(format: "2026-11-%02dT09:00:00Z", number % 28 + 1)
      let path = directory.appendingPathComponent(String(format: "r%02d.json", number)).path
      try Data(HandMadeReport.json(now: now, gates: gates).utf8)
        .write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    let together = try TrendInput.runs(paths: paths).get()
    #expect(together.count == 40)
    for (path, run) in zip(paths, together) {
      let alone = TrendRun(try ReportReader.read(path: path, detail: false).get())
      #expect(run.source == path)
      #expect(run.marks.map(\.id) == alone.marks.map(\.id))
      #expect(run.marks.map(\.status) == alone.marks.map(\.status))
      #expect(run.marks.map(\.severity) == alone.marks.map(\.severity))
      #expect(run.marks.map(\.category) == alone.marks.map(\.category))
    }
    #expect(together[3].marks.map(\.id) == ["g0", "g1", "renamed-3", "g3", "g4", "g5"])
    #expect(together[4].marks.map(\.id) == ["g5", "g4", "g3", "g2", "g1", "g0"])
    #expect(together[21].marks[1].category == "security")
  }

  @Test func theFirstUnreadableReportInTheOrderGivenIsTheFailure() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String] = []
    for number in 0..<30 {
      let path = directory.appendingPathComponent(String(format: "r%02d.json", number)).path
      let text =
        number == 17
        ? HandMadeReport.json(gates: [Gate(id: "g1", status: "passing")])
        : number == 25 ? "{\"schema\": " : HandMadeReport.json(gates: [Gate(id: "g1", status: "pass")])
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    let error = try #require(TrendInput.runs(paths: paths).failure)
    #expect(error.file == paths[17])
    #expect(
      error.message
        == "gate g1 has the status 'passing', which this gonogo does not know; use the gonogo "
        + "release that wrote the report")
  }

  @Test func documentsReadIntoReusedBuffersAreReadAsAlone() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // Big, small, broken, bigger, empty object, not UTF-8, duplicate key, big again.
    let big = "[" + (0..<2_000).map { "{\"k\": \"v\($0)\", \"n\": \($0)}" }.joined(separator: ",") + "]"
    let bigger = "{\"list\": " + big + ", \"more\": " + big + "}"
    let documents: [[UInt8]] = [
      Array(big.utf8), Array(#"{"a": "b"}"#.utf8), Array(#"{"a": }"#.utf8), Array(bigger.utf8),
      Array("{}".utf8), [0x22, 0xFF, 0x22], Array(#"{"a": 1, "a": 2}"#.utf8), Array(big.utf8),
    ]
    let buffers = JSONTape.Buffers()
    for (number, bytes) in documents.enumerated() {
      let path = directory.appendingPathComponent("d\(number).json").path
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let reused = JSONTape.read(path: path, maxBytes: 1 << 20, buffers: buffers)
      let alone = JSONTape.read(path: path, maxBytes: 1 << 20)
      switch (reused, alone) {
      case (.success(let reused), .success(let alone)):
        #expect(
          reused.build(reused.root, as: TapeValue.self) == alone.build(alone.root, as: TapeValue.self),
          "document \(number)")
        #expect(reused.byteCount == bytes.count)
      case (.failure(let reused), .failure(let alone)):
        #expect(reused == alone, "document \(number)")
      default:
        Issue.record("document \(number): \(reused) read alone gives \(alone)")
      }
    }
    let failures = documents.indices.filter { number in
      let path = directory.appendingPathComponent("d\(number).json").path
      if case .failure = JSONTape.read(path: path, maxBytes: 1 << 20, buffers: buffers) {
        return true
      }
      return false
    }
    #expect(failures == [2, 5, 6])
  }
}

/// A JSON value as a tape builds it, to compare two readings.
private indirect enum TapeValue: Equatable, JSONBuildable {
  case null, bool(Bool), integer(Int64), real(Double), string(String), array([TapeValue])
  case object([String: TapeValue])
}

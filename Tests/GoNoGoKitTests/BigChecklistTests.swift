import Foundation
import Testing

@testable import GoNoGoKit
@testable import LocatedYAML

/// A big checklist is parsed on a second thread and its gates are decoded while the rest of the
/// file is still being read; the checklist and every diagnostic must be the same as decoding the
/// finished tree.
@Suite struct BigChecklistTests {
  /// `count` gates, some 300 bytes each; `owners` comes after the gates, so owner checks cannot
  /// happen while gates decode early.
  static func checklist(gates count: Int, broken: Bool) -> String {
    var text = "version: 1\nprogram: big\nrelease: 1.0.0\ngates:\n"
    for index in 0..<count {
      let owner = broken && index == 1_500 ? "team-nobody" : "team-\(index % 3)"
      let id = broken && index == 2_000 ? "area.gate-10" : "area.gate-\(index)"
      let severity = broken && index == 2_500 ? "fatal" : "major"
      let extra = broken && index == 2_900 ? "    colour: blue\n" : ""
      text += """
          - id: \(id)
            title: Gate \(index) has its evidence in order
            owner: \(owner)
            severity: \(severity)
            category: sre
            check:
              kind: markdown
              file: docs/doc-\(index).md
              sections: [Rollback, Escalation]
              min_words: 5
            remediation: Write the missing sections of doc \(index).

        """
      text += extra
    }
    return text + "owners:\n  team-0: \"#zero\"\n  team-1: \"#one\"\n  team-2: \"#two\"\n"
  }

  func write(_ text: String) throws -> TempRoot {
    let root = try TempRoot()
    try root.write("readiness.yaml", text)
    return root
  }

  /// The checklist and diagnostics from decoding the finished tree.
  func reference(_ path: String) throws -> (Checklist?, [Diagnostic]) {
    let node = try Loader().load(try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
    let sink = DiagnosticSink()
    return (ChecklistDecoder.decode(node, file: path, sink: sink), sink.diagnostics)
  }

  func summary(_ checklist: Checklist?) -> [String] {
    checklist?.gates.map { "\($0.id) \($0.owner) \($0.severity) \($0.location)" } ?? []
  }

  @Test(arguments: [false, true]) func decodingAheadChangesNothing(broken: Bool) throws {
    let root = try write(Self.checklist(gates: 3_000, broken: broken))
    let path = root.url.appendingPathComponent("readiness.yaml").path
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > EventStream.pipelineThreshold)
    let (expected, expectedDiagnostics) = try reference(path)
    let sink = DiagnosticSink()
    let checklist = Definitions.loadChecklist(path, limits: .default, sink: sink)
    #expect(sink.diagnostics == expectedDiagnostics)
    #expect(summary(checklist) == summary(expected))
    if broken {
      #expect(checklist == nil)
      #expect(
        sink.diagnostics.map(\.message).sorted() == [
          "'severity' in gate 'area.gate-2500' must be one of blocker, major, minor, not 'fatal'",
          "duplicate gate id 'area.gate-10'; it is already used at line 115, column 5",
          "owner 'team-nobody' is not declared under 'owners'",
          "unknown key 'colour' in gate 'area.gate-2900'",
        ])
    } else {
      #expect(checklist?.gates.count == 3_000)
    }
  }

  @Test func everyGateDecodedAheadGivesTheSameChecklist() throws {
    let text = Self.checklist(gates: 3_000, broken: true)
    var loader = Loader()
    loader.pipelined = true
    let ahead = GatesAhead()
    var indices: [Int] = []
    let node = try loader.load(
      Data(text.utf8), file: "readiness.yaml",
      onTopLevelItem: { key, index, item in
        indices.append(index)
        ahead.collect(key, index, item)
      }, whileWaiting: ahead.decodeOne)
    while ahead.decodeOne() {}
    #expect(indices == Array(0..<3_000))
    #expect(ahead.decoded.count == 3_000)
    let early = DiagnosticSink()
    let checklist = ChecklistDecoder.decode(
      node, file: "readiness.yaml", packs: nil, decodedAhead: ahead.decoded, sink: early)
    let late = DiagnosticSink()
    let reference = ChecklistDecoder.decode(node, file: "readiness.yaml", sink: late)
    #expect(early.diagnostics == late.diagnostics)
    #expect(early.diagnostics.count == 4)
    #expect(summary(checklist) == summary(reference))
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A temporary evidence root with files written from a dictionary.
final class TempRoot {
  let url: URL

  init(_ files: [String: String] = [:]) throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (path, text) in files { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    let file = url.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  var cache: EvidenceCache { EvidenceCache(root: EvidenceRoot(url)) }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }
}

let releaseDay = Date(timeIntervalSince1970: 1_796_115_600)  // 2026-12-01T09:00:00Z

/// Decodes one check's YAML, failing the test on diagnostics.
func decodeCheck(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
  -> any Check
{
  let node = try Loader().load(yaml, file: "check.yaml")
  let sink = DiagnosticSink()
  let check = ChecklistDecoder.decodeCheck(node, gate: "gate 'test'", sink: sink)
  #expect(sink.diagnostics.isEmpty, "\(sink.diagnostics)", sourceLocation: sourceLocation)
  return try #require(check, sourceLocation: sourceLocation)
}

/// Decodes a whole checklist text, returning the checklist and the diagnostics.
func decodeChecklist(_ yaml: String) throws -> (Checklist?, [Diagnostic]) {
  let node = try Loader().load(yaml, file: "readiness.yaml")
  let sink = DiagnosticSink()
  let checklist = ChecklistDecoder.decode(node, file: "readiness.yaml", sink: sink)
  return (checklist, sink.diagnostics.sorted())
}

/// Evaluates one check against files.
func evaluate(_ yaml: String, files: [String: String], now: Date = releaseDay) throws -> [Finding] {
  let root = try TempRoot(files)
  let check = try decodeCheck(yaml)
  return check.evaluate(EvaluationContext(cache: root.cache, now: now))
}

extension LocatedYAML.SourceLocation {
  static func checklist(_ line: Int, _ column: Int) -> LocatedYAML.SourceLocation {
    LocatedYAML.SourceLocation(file: "readiness.yaml", line: line, column: column)
  }
}

/// The JSON report of `report`, read back as a value.
func renderedJSON(_ report: Report) throws -> JSONValue {
  try StructuredDataReader.parseJSON(JSONRenderer.render(report), file: "report.json").get().json
}

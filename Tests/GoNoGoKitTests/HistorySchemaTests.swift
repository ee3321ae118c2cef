import Foundation
import Testing

@testable import GoNoGoKit

/// The diff and trend JSON schemas: published as the binary prints them, and what the renderers
/// write validates against them.
@Suite struct HistorySchemaTests {
  @Test(arguments: ["diff", "trend"])
  func thePublishedSchemaIsWhatTheBinaryPrints(_ name: String) throws {
    let published = try String(
      contentsOf: packageRoot.appendingPathComponent("gates/schemas/\(name).schema.json"),
      encoding: .utf8)
    #expect(SchemaCatalog.text(name) == published, "run scripts/embed-resources")
  }

  /// Validates `document` against the published schema `name` with python's jsonschema.
  func validate(_ document: String, against name: String) throws -> String {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-\(name)-\(UUID().uuidString).json")
    try Data(document.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      """
      import json, sys, jsonschema
      v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
      errors = [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(json.load(open(sys.argv[2])))]
      print("\\n".join(errors) if errors else "valid")
      """,
      packageRoot.appendingPathComponent("gates/schemas/\(name).schema.json").path, file.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test(.enabled(if: hasPythonJSONSchema, "needs python3 with jsonschema"))
  func aDiffWithEveryGroupValidates() throws {
    typealias Gate = HandMadeReport.Gate
    let old = try HandMadeReport.snapshot(
      HandMadeReport.json(
        now: "2026-12-01T09:00:00Z",
        gates: [Gate(id: "a", status: "pass"), Gate(id: "b", status: "fail", line: 20),
                Gate(id: "c", status: "pass", line: 30, kind: "junit")],
        waivers: #"[{"gate": "b", "reason": "r", "state": "active", "expires": "2026-12-04"}]"#,
        extra: #", "evidence_files": [{"path": "x", "sha256": "aa", "size": 1}], "rollout": [{"service": "s", "phases": [{"name": "p", "start": "2026-12-02T09:00:00Z"}]}]"#))
    let new = try HandMadeReport.snapshot(
      HandMadeReport.json(
        now: "2026-12-02T09:00:00Z", verdict: "no-go",
        gates: [Gate(id: "a", status: "fail", owner: "team-x"), Gate(id: "b", status: "pass", line: 20),
                Gate(id: "d", status: "advisory", line: 40, extra: #", "would_be": "fail", "advisory_until": "2026-12-10""#)],
        waivers: #"[{"gate": "a", "reason": "q", "state": "expired", "expires": "2026-12-01"}]"#,
        extra: #", "evidence_files": [{"path": "x", "sha256": "bb", "size": 1}], "rollout": [{"service": "s", "phases": [{"name": "p", "start": "2026-12-03T09:00:00Z"}]}]"#))
    let diff = ReportDiff(old: old, new: new)
    #expect(!diff.regressed.isEmpty && !diff.fixed.isEmpty && !diff.added.isEmpty)
    #expect(!diff.removed.isEmpty && !diff.fields.isEmpty && !diff.waivers.isEmpty)
    #expect(diff.evidence?.isEmpty == false && !diff.forecast.isEmpty)
    #expect(try validate(DiffJSONRenderer.render(diff), against: "diff") == "valid")
  }

  @Test(.enabled(if: hasPythonJSONSchema, "needs python3 with jsonschema"))
  func aTrendWithEveryKPIValidates() throws {
    typealias Gate = HandMadeReport.Gate
    let raid = #", "workstream": "Data""#
    var runs: [TrendRun] = []
    for day in 1...4 {
      let failing = day % 2 == 0
      var gate = Gate(id: "data.raid", status: failing ? "fail" : "pass", kind: "raid", extra: raid)
      gate.message = "RAID log"
      let text = HandMadeReport.json(
        now: "2026-11-0\(day)T09:00:00Z", verdict: failing ? "no-go" : "go",
        gates: [gate, Gate(id: "w", status: "waived", line: 20)],
        waivers: #"[{"gate": "w", "reason": "r", "state": "active", "expires": "2026-12-31"}]"#)
        .replacingOccurrences(
          of: #""message": "RAID log"}"#,
          with: #""message": "RAID log", "measured": {"open_items": \#(day), "stalest_age_days": \#(day * 3)}}"#)
      runs.append(TrendRun(try HandMadeReport.snapshot(text)))
    }
    let trend = TrendReport(runs: runs)
    #expect(trend.runs.map { $0.raid?.openItems } == [1, 2, 3, 4])
    #expect(trend.runs.last?.raid?.stalestAgeDays == 12)
    #expect(trend.waiverDebt == .init(inUse: 1, totalAgeSeconds: 3 * 86_400, expiredWhileNeeded: 0))
    #expect(trend.flapping.map(\.gate) == ["data.raid"])
    #expect(trend.groups.contains { $0.kind == "workstream" && $0.name == "Data" })
    #expect(try validate(TrendJSONRenderer.render(trend), against: "trend") == "valid")
    #expect(TrendRenderer.text(trend).contains("RAID freshness\n4 open items, stalest 12 days since update\n"))
  }
}

import Foundation

@testable import GoNoGoKit

/// Hand-made gonogo JSON reports for the diff and trend tests, written as the report schema
/// describes them.
enum HandMadeReport {
  /// A gate of a hand-made report.
  struct Gate {
    var id: String
    var status: String
    var severity = "blocker"
    var owner = "team-sre"
    var category = "sre"
    var line = 10
    var kind = "file"
    var evidence = ["docs/runbook.md"]
    var message = "docs/runbook.md exists"
    var extra = ""
  }

  static func json(
    now: String = "2026-11-02T09:00:00Z", verdict: String = "go", gates: [Gate],
    waivers: String = "[]", extra: String = "", schema: String = "gonogo.report/v1"
  ) -> String {
    let gateText = gates.map { gate in
      let findingStatus = gate.status == "waived" ? "fail" : (gate.status == "advisory" ? "fail" : gate.status)
      return """
        {"id": "\(gate.id)", "title": "Gate \(gate.id)", "owner": "\(gate.owner)",
         "severity": "\(gate.severity)", "category": "\(gate.category)", "status": "\(gate.status)",
         "location": {"file": "readiness.yaml", "line": \(gate.line), "column": 5},
         "evidence": [\(gate.evidence.map { "\"\($0)\"" }.joined(separator: ", "))],
         "findings": [{"kind": "\(gate.kind)", "status": "\(findingStatus)", "message": "\(gate.message)"}]
         \(gate.extra)}
        """
    }.joined(separator: ",\n")
    return """
      {"schema": "\(schema)", "now": "\(now)", "program": "checkout", "release": "2.4.0",
       "verdict": "\(verdict)", "rag": "green", "sources": ["readiness.yaml"], "diagnostics": [],
       "summary": {"total": \(gates.count)}, "waivers": \(waivers),
       "gates": [\(gateText)] \(extra)}
      """
  }

  static func snapshot(_ text: String, source: String = "report.json") throws -> ReportSnapshot {
    try ReportReader.read(Data(text.utf8), source: source).get()
  }
}

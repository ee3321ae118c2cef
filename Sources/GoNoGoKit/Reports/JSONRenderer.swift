import Foundation
import LocatedYAML

/// The machine-readable report, schema `gonogo.report/v1` (see `gates/schemas/report.schema.json`).
public enum JSONRenderer {
  /// Renders the report as pretty-printed JSON with sorted keys and a final newline.
  public static func render(_ report: Report) -> String {
    value(of: report).serialized() + "\n"
  }

  /// The report as a JSON value.
  public static func value(of report: Report) -> JSONValue {
    var summary: [String: JSONValue] = ["total": .int(report.gates.count)]
    for (status, count) in report.summary { summary[status.rawValue] = .int(count) }
    var object: [String: JSONValue] = [
      "schema": .string(Report.schema),
      "verdict": .string(report.verdict.rawValue),
      "rag": .string(report.verdict.rag),
      "now": .string(DateValue.iso8601(report.now)),
      "program": .string(report.program),
      "release": .string(report.release),
      "sources": .array(report.sources.map(JSONValue.string)),
      "summary": .object(summary),
      // A program's report holds thousands of gates: they are turned into JSON on every core.
      "gates": .array(Parallel.map(report.gates, chunk: 128, gate)),
      "waivers": .array(report.waivers.map(waiver)),
      "diagnostics": .array(report.diagnostics.map(diagnostic)),
    ]
    // Present only when a rollout plan was evaluated: one forecast per plan.
    if !report.workstreams.isEmpty {
      object["workstreams"] = .array(report.workstreams.map(workstream))
    }
    if !report.rollout.isEmpty {
      object["rollout"] = .array(Parallel.map(report.rollout, chunk: 16, ScheduleRenderer.json))
    }
    return .object(object)
  }

  static func location(_ location: SourceLocation) -> JSONValue {
    .object([
      "file": .string(location.file), "line": .int(location.line), "column": .int(location.column),
    ])
  }

  private static func gate(_ gate: GateResult) -> JSONValue {
    var object: [String: JSONValue] = [
      "id": .string(gate.id),
      "title": .string(gate.title),
      "owner": .string(gate.owner),
      "severity": .string(gate.severity.rawValue),
      "status": .string(gate.status.rawValue),
      "location": location(gate.location),
      "evidence": .array(gate.evidence.map(JSONValue.string)),
      "findings": .array(gate.findings.map(finding)),
    ]
    if let category = gate.category { object["category"] = .string(category.rawValue) }
    if let evaluated = gate.evaluated { object["evaluated"] = .string(evaluated.rawValue) }
    if let remediation = gate.remediation { object["remediation"] = .string(remediation) }
    if let docs = gate.docs { object["docs"] = .string(docs) }
    if let reason = gate.disabledReason { object["disabled_reason"] = .string(reason) }
    if let workstream = gate.workstream { object["workstream"] = .string(workstream) }
    return .object(object)
  }

  private static func finding(_ finding: Finding) -> JSONValue {
    var object: [String: JSONValue] = [
      "status": .string(finding.status.rawValue), "message": .string(finding.message),
    ]
    if let evidence = finding.evidence {
      var location: [String: JSONValue] = ["file": .string(evidence.file)]
      if let line = evidence.line { location["line"] = .int(line) }
      if let column = evidence.column { location["column"] = .int(column) }
      object["evidence_location"] = .object(location)
    }
    if let kind = finding.kind { object["kind"] = .string(kind) }
    if let measured = finding.measured { object["measured"] = .object(measured) }
    if let expected = finding.expected { object["expected"] = .object(expected) }
    return .object(object)
  }

  private static func waiver(_ result: WaiverResult) -> JSONValue {
    let waiver = result.waiver
    var object: [String: JSONValue] = [
      "gate": .string(waiver.gate),
      "reason": .string(waiver.reason),
      "state": .string(result.state.rawValue),
      "location": location(waiver.location),
    ]
    if let approver = waiver.approvedBy { object["approved_by"] = .string(approver) }
    if let expires = waiver.expires { object["expires"] = .string(expires.text) }
    if let workstream = result.workstream { object["workstream"] = .string(workstream) }
    return .object(object)
  }

  private static func workstream(_ result: WorkstreamResult) -> JSONValue {
    var summary: [String: JSONValue] = [:]
    for (status, count) in result.summary { summary[status.rawValue] = .int(count) }
    return .object([
      "name": .string(result.name), "owner": .string(result.owner),
      "verdict": .string(result.verdict.rawValue), "rag": .string(result.verdict.rag),
      "sources": .array(result.sources.map(JSONValue.string)), "summary": .object(summary),
    ])
  }

  private static func diagnostic(_ diagnostic: Diagnostic) -> JSONValue {
    var object: [String: JSONValue] = [
      "severity": .string(diagnostic.severity.rawValue),
      "message": .string(diagnostic.message),
      "location": location(diagnostic.location),
    ]
    if let hint = diagnostic.hint { object["hint"] = .string(hint) }
    return .object(object)
  }
}

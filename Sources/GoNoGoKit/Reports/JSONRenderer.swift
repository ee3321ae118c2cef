import Foundation
import LocatedYAML

/// The machine-readable report, schema `gonogo.report/v1` (see `gates/schemas/report.schema.json`).
public enum JSONRenderer {
  /// Renders the report as pretty-printed JSON with sorted keys and a final newline.
  public static func render(_ report: Report) -> String {
    String(decoding: bytes(of: report), as: UTF8.self)
  }

  /// The rendered report as UTF-8 bytes.
  public static func bytes(of report: Report) -> [UInt8] {
    var all: [UInt8] = []
    write(report) { all.append(contentsOf: $0) }
    return all
  }

  /// Renders the report into `sink`, in pieces, in order.
  ///
  /// Written straight into bytes, keys in sorted order by construction: a program's report holds
  /// tens of thousands of gates, which are written on every core and handed over in runs, so the
  /// whole text is never held in one buffer.
  /// Digests of the definition and evidence files are computed here when the caller has not
  /// computed them already (`Report.computeDigests()`).
  public static func write(_ report: Report, to sink: @escaping ([UInt8]) -> Void) {
    let report = report.withDigests()
    var out = JSONWriter(capacity: 64 << 10, sink: sink)
    out.object { out in
      out.key("definition_files")
      out.array(report.definitionFiles) { $0.value(digest($1)) }
      out.key("diagnostics")
      out.array(report.diagnostics) { $0.value(diagnostic($1)) }
      // Present when a tier was applied (or a program's workstream left gates out).
      if report.tier != nil || !report.excludedByTier.isEmpty {
        out.key("excluded_by_tier")
        out.array(report.excludedByTier) { $0.value(exclusion($1)) }
      }
      out.key("evidence_files")
      out.array(report.evidenceFiles) { $0.value(digest($1)) }
      out.key("gates")
      out.array(report.gates, chunk: 128, gate)
      out.key("now")
      out.string(DateValue.iso8601(report.now))
      out.key("program")
      out.string(report.program)
      out.key("rag")
      out.string(report.verdict.rag)
      out.key("release")
      out.string(report.release)
      // Present only when a rollout plan was evaluated: one forecast per plan.
      if !report.rollout.isEmpty {
        out.key("rollout")
        out.array(report.rollout, chunk: 16) { $0.value(ScheduleRenderer.json($1)) }
      }
      out.key("schema")
      out.string(Report.schema)
      out.key("schema_version")
      out.string(Report.schemaVersion)
      out.key("sources")
      out.array(report.sources) { $0.string($1) }
      out.key("summary")
      var summary: [String: JSONValue] = ["total": .int(report.gates.count)]
      for (status, count) in report.summary { summary[status.rawValue] = .int(count) }
      out.value(.object(summary))
      if let tier = report.tier {
        out.key("tier")
        out.value(self.tier(tier))
      }
      out.key("verdict")
      out.string(report.verdict.rawValue)
      out.key("waivers")
      out.array(report.waivers) { $0.value(waiver($1)) }
      if !report.workstreams.isEmpty {
        out.key("workstreams")
        out.array(report.workstreams) { $0.value(workstream($1)) }
      }
    }
    out.finish()
  }

  /// One digested file: `path`, `sha256` and `size` (null when it could not be read again).
  static func digest(_ file: FileDigest) -> JSONValue {
    .object([
      "path": .string(file.path),
      "sha256": file.sha256.map(JSONValue.string) ?? .null,
      "size": file.size.map(JSONValue.int) ?? .null,
    ])
  }

  static func location(_ location: SourceLocation) -> JSONValue {
    .object([
      "file": .string(location.file), "line": .int(location.line), "column": .int(location.column),
    ])
  }

  /// One gate, its keys in sorted order.
  @Sendable private static func gate(_ out: inout JSONWriter, _ gate: GateResult) {
    out.object { out in
      if let until = gate.advisoryUntil {
        out.key("advisory_until")
        out.string(until)
      }
      if let category = gate.category {
        out.key("category")
        out.string(category.rawValue)
      }
      if let reason = gate.disabledReason {
        out.key("disabled_reason")
        out.string(reason)
      }
      if let docs = gate.docs {
        out.key("docs")
        out.string(docs)
      }
      if let evaluated = gate.evaluated {
        out.key("evaluated")
        out.string(evaluated.rawValue)
      }
      out.key("evidence")
      out.array(gate.evidence) { $0.string($1) }
      out.key("findings")
      out.array(gate.findings, finding)
      out.key("id")
      out.string(gate.id)
      out.key("location")
      out.location(file: gate.location.file, line: gate.location.line, column: gate.location.column)
      out.key("owner")
      out.string(gate.owner)
      if let pack = gate.pack {
        out.key("pack")
        out.value(.object(["name": .string(pack.pack), "location": location(pack.location)]))
      }
      if let remediation = gate.remediation {
        out.key("remediation")
        out.string(remediation)
      }
      out.key("severity")
      out.string(gate.severity.rawValue)
      out.key("status")
      out.string(gate.status.rawValue)
      if let note = gate.tierNote {
        out.key("tier_note")
        out.string(note)
      }
      out.key("title")
      out.string(gate.title)
      if let workstream = gate.workstream {
        out.key("workstream")
        out.string(workstream)
      }
      if let wouldBe = gate.wouldBe {
        out.key("would_be")
        out.string(wouldBe.rawValue)
      }
    }
  }

  /// One finding, its keys in sorted order.
  private static func finding(_ out: inout JSONWriter, _ finding: Finding) {
    out.object { out in
      if let evidence = finding.evidence {
        out.key("evidence_location")
        out.location(file: evidence.file, line: evidence.line, column: evidence.column)
      }
      if let expected = finding.expected {
        out.key("expected")
        out.value(.object(expected))
      }
      if let kind = finding.kind {
        out.key("kind")
        out.string(kind)
      }
      if let measured = finding.measured {
        out.key("measured")
        out.value(.object(measured))
      }
      out.key("message")
      out.string(finding.message)
      out.key("status")
      out.string(finding.status.rawValue)
    }
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
    var object: [String: JSONValue] = [
      "name": .string(result.name), "owner": .string(result.owner),
      "verdict": .string(result.verdict.rawValue), "rag": .string(result.verdict.rag),
      "sources": .array(result.sources.map(JSONValue.string)), "summary": .object(summary),
    ]
    if let tier = result.tier { object["tier"] = self.tier(tier) }
    return .object(object)
  }

  /// A service tier: its level, its name when tiers are named, and where it is declared.
  static func tier(_ tier: ServiceTier) -> JSONValue {
    var object: [String: JSONValue] = [
      "level": .int(tier.level), "location": location(tier.location),
    ]
    if let name = tier.name { object["name"] = .string(name) }
    return .object(object)
  }

  private static func exclusion(_ exclusion: TierExclusion) -> JSONValue {
    var object: [String: JSONValue] = [
      "id": .string(exclusion.id), "title": .string(exclusion.title),
      "owner": .string(exclusion.owner), "severity": .string(exclusion.severity.rawValue),
      "location": location(exclusion.location), "reason": .string(exclusion.reason),
      "rule_location": location(exclusion.ruleLocation),
    ]
    if let category = exclusion.category { object["category"] = .string(category.rawValue) }
    if let workstream = exclusion.workstream { object["workstream"] = .string(workstream) }
    return .object(object)
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

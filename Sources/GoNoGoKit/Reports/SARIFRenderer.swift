import Foundation
import LocatedYAML

/// SARIF 2.1.0 for code-scanning tools: one rule per gate, one result per gate that fails,
/// errors or is waived, located where the user can act — the gate's definition, or for a pack's
/// gate the `extends:` entry that brought it in — with the evidence (and the gate's place in its
/// pack) as related locations.
///
/// A rule's id is the gate's id (rollout rules are gates with ids of their own); it carries the
/// gate's title as `shortDescription`, its remediation as `help`, its `docs` as `helpUri` when
/// they are an http(s) address (else named in `help`), its severity as the default level
/// (blocker → error, major → warning, minor → note; an advisory gate that would fail is a `note` whose message says so) and `properties.tags` with the gate's area
/// and severity. A result's `properties` carry the gate's id, title, owner, area, status and the
/// kind of check that found its worst problem. A waived gate's result carries an accepted
/// external suppression with the waiver's reason, so code scanning shows it as dismissed rather
/// than dropping it. Paths are relative to the working directory (`%SRCROOT%`); evidence paths
/// are resolved against the directory of the gate's checklist, the default evidence root.
public enum SARIFRenderer {
  /// The SARIF schema the output follows.
  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
  /// Where users learn about gonogo.
  public static let informationURI = "https://gonogo.dev"

  /// Renders the report; `toolVersion` is gonogo's version for `tool.driver.version`.
  public static func render(_ report: Report, toolVersion: String?) -> String {
    let flagged = report.gates.filter {
      $0.isFailing || $0.status == .waived || ($0.status == .advisory && $0.wouldBe != .pass)
    }
    var ruleIndex: [String: Int] = [:]
    var rules: [JSONValue] = []
    for gate in report.gates where ruleIndex[gate.id] == nil {
      ruleIndex[gate.id] = rules.count
      rules.append(rule(gate))
    }
    var driver: [String: JSONValue] = [
      "name": "gonogo",
      "informationUri": .string(informationURI),
      "rules": .array(rules),
    ]
    if let toolVersion { driver["version"] = .string(toolVersion) }
    let run: [String: JSONValue] = [
      "tool": .object(["driver": .object(driver)]),
      "columnKind": "unicodeCodePoints",
      "results": .array(flagged.map { result($0, ruleIndex: ruleIndex[$0.id] ?? 0, report) }),
      "properties": .object([
        "program": .string(report.program),
        "release": .string(report.release),
        "verdict": .string(report.verdict.rawValue),
        "rag": .string(report.verdict.rag),
        "now": .string(DateValue.iso8601(report.now)),
      ]),
    ]
    let log: JSONValue = .object([
      "$schema": .string(schemaURI),
      "version": "2.1.0",
      "runs": .array([.object(run)]),
    ])
    return log.serialized() + "\n"
  }

  /// The kind of check that found the gate's worst problem; nil when the gate itself could not
  /// be judged (or is a rollout rule).
  static func worstKind(_ gate: GateResult) -> String? {
    let worst = gate.findings.map(\.status).max() ?? .error
    return gate.findings.first { $0.status == worst && $0.status != .pass }?.kind
  }

  /// The reporting descriptor of one gate.
  static func rule(_ gate: GateResult) -> JSONValue {
    var tags: [JSONValue] = []
    if let category = gate.category { tags.append(.string(category.rawValue)) }
    tags.append(.string(gate.severity.rawValue))
    var object: [String: JSONValue] = [
      "id": .string(gate.id),
      "name": .string(ruleName(gate.id)),
      "shortDescription": .object(["text": .string(gate.title)]),
      "defaultConfiguration": .object(["level": .string(level(gate.severity))]),
      "properties": .object(["tags": .array(tags)]),
    ]
    var help = gate.remediation ?? ""
    if let docs = gate.docs {
      if isWebAddress(docs) {
        object["helpUri"] = .string(docs)
      } else {
        help += (help.isEmpty ? "" : " ") + "See \(docs)."
      }
    }
    if !help.isEmpty { object["help"] = .object(["text": .string(help)]) }
    return .object(object)
  }

  /// `quality.required-suites` → `QualityRequiredSuites`: SARIF's human-readable rule name.
  static func ruleName(_ id: String) -> String {
    id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
      .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// An absolute http(s) address, which SARIF's `helpUri` needs.
  private static func isWebAddress(_ text: String) -> Bool {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", url.host?.isEmpty == false
    else { return false }
    return !text.contains(where: { $0 == " " || $0 == "\n" })
  }

  private static func result(_ gate: GateResult, ruleIndex: Int, _ report: Report) -> JSONValue {
    let problems = gate.problems
    var message = "\(gate.title) (\(gate.id), \(gate.severity.rawValue), owner \(gate.owner)): "
    if gate.status == .advisory { message += AdvisoryRendering.note(gate, now: report.now) + " " }
    message += problems.map(\.message).joined(separator: " ")
    if let remediation = gate.remediation { message += " Remediation: " + remediation }
    var properties: [String: JSONValue] = [
      "gate": .string(gate.id),
      "title": .string(gate.title),
      "owner": .string(gate.owner),
      "severity": .string(gate.severity.rawValue),
      "status": .string(gate.status.rawValue),
      "tags": .array([.string(gate.category?.rawValue ?? "other"), .string(gate.severity.rawValue)]
      ),
    ]
    if let category = gate.category { properties["category"] = .string(category.rawValue) }
    if let wouldBe = gate.wouldBe { properties["would_be"] = .string(wouldBe.rawValue) }
    if let until = gate.advisoryUntil { properties["advisory_until"] = .string(until) }
    if let kind = worstKind(gate) { properties["check"] = .string(kind) }
    var object: [String: JSONValue] = [
      "ruleId": .string(gate.id),
      "ruleIndex": .int(ruleIndex),
      "level": .string(gate.status == .advisory ? "note" : level(gate.severity)),
      "kind": "fail",
      "message": .object(["text": .string(message)]),
      "locations": .array([.object(["physicalLocation": physical(gate.anchor)])]),
      "partialFingerprints": .object(["gonogoGate/v1": .string(gate.id)]),
      "properties": .object(properties),
    ]
    let related = relatedLocations(gate)
    if !related.isEmpty { object["relatedLocations"] = .array(related) }
    if gate.status == .waived,
      let waiver = report.waivers.first(where: { $0.waiver.gate == gate.id && $0.state == .active })
    {
      var justification = waiver.waiver.reason
      if let approver = waiver.waiver.approvedBy { justification += " (approved by \(approver)" }
      if let expires = waiver.waiver.expires { justification += ", expires \(expires.text)" }
      justification += ")"
      object["suppressions"] = .array([
        .object([
          "kind": "external", "status": "accepted", "justification": .string(justification),
          "location": .object(["physicalLocation": physical(waiver.waiver.location)]),
        ])
      ])
    }
    return .object(object)
  }

  private static func relatedLocations(_ gate: GateResult) -> [JSONValue] {
    var seen: [EvidenceLocation] = []
    var related: [JSONValue] = []
    if let pack = gate.pack {
      related.append(
        .object([
          "id": .int(1),
          "physicalLocation": physical(pack.location),
          "message": .object(["text": .string(TierLines.origin(gate) ?? pack.pack)]),
        ]))
    }
    for finding in gate.problems {
      guard let evidence = finding.evidence, !seen.contains(evidence) else { continue }
      seen.append(evidence)
      var physical: [String: JSONValue] = [
        "artifactLocation": artifact(gate.workingPath(ofEvidence: evidence.file))
      ]
      if let line = evidence.line {
        var region: [String: JSONValue] = ["startLine": .int(line)]
        if let column = evidence.column { region["startColumn"] = .int(column) }
        physical["region"] = .object(region)
      }
      related.append(
        .object([
          "id": .int(related.count + 1),
          "physicalLocation": .object(physical),
          "message": .object(["text": .string(finding.message)]),
        ]))
    }
    return related
  }

  private static func physical(_ location: SourceLocation) -> JSONValue {
    .object([
      "artifactLocation": artifact(location.file),
      "region": .object([
        "startLine": .int(max(location.line, 1)), "startColumn": .int(max(location.column, 1)),
      ]),
    ])
  }

  /// A relative path against `%SRCROOT%`, a `file:` URI for an absolute path, or a built-in
  /// pack's own URI (`builtin:quality`), which is in no repository.
  private static func artifact(_ path: String) -> JSONValue {
    if path.hasPrefix("builtin:"), !path.contains("/") { return .object(["uri": .string(path)]) }
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: ";%")
    let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    if path.hasPrefix("/") { return .object(["uri": .string("file://" + encoded)]) }
    var relative = encoded
    while relative.hasPrefix("./") { relative.removeFirst(2) }
    return .object(["uri": .string(relative), "uriBaseId": "%SRCROOT%"])
  }

  private static func level(_ severity: Severity) -> String {
    switch severity {
    case .blocker: "error"
    case .major: "warning"
    case .minor: "note"
    }
  }
}

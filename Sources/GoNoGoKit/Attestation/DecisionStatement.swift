import Foundation

/// A file the decision read, by its digest: the JSON report's own record of it.
public typealias RecordedFile = FileDigest

/// A sign-off read by a `signoff` gate.
public struct RecordedSignoff: Sendable, Equatable {
  /// The sign-off file, relative to its evidence root.
  public var file: String
  /// The role that signed.
  public var role: String
  /// Who signed.
  public var by: String
  /// When (as written).
  public var date: String
  /// `approve` or `reject`.
  public var decision: String

  var json: JSONValue {
    .object([
      "file": .string(file), "role": .string(role), "by": .string(by), "date": .string(date),
      "decision": .string(decision),
    ])
  }
}

/// Everything the record says besides the report itself.
public struct DecisionInputs: Sendable, Equatable {
  /// The definition paths as given on the command line (replay loads them again).
  public var paths: [String]
  /// `--root` as given, if any.
  public var root: String?
  /// `--enforce-advisory` was given.
  public var enforceAdvisory: Bool
  /// gonogo's version.
  public var toolVersion: String
  /// The release: revision and subjects.
  public var release: ReleaseIdentity
  /// Every definition file read, sorted by path.
  public var definitionFiles: [RecordedFile]
  /// Every evidence file read, sorted by path.
  public var evidenceFiles: [RecordedFile]
  /// Sign-offs read.
  public var signoffs: [RecordedSignoff]
  /// SHA-256 of the JSON report of the same run.
  public var reportSHA256: String

  /// Creates inputs.
  public init(
    paths: [String], root: String?, enforceAdvisory: Bool = false, toolVersion: String,
    release: ReleaseIdentity,
    definitionFiles: [RecordedFile], evidenceFiles: [RecordedFile], signoffs: [RecordedSignoff],
    reportSHA256: String
  ) {
    self.paths = paths
    self.root = root
    self.enforceAdvisory = enforceAdvisory
    self.toolVersion = toolVersion
    self.release = release
    self.definitionFiles = definitionFiles
    self.evidenceFiles = evidenceFiles
    self.signoffs = signoffs
    self.reportSHA256 = reportSHA256
  }
}

/// The in-toto Statement v1 that records a go/no-go decision.
///
/// Its predicate type is `https://gonogo.dev/decision/v1` (schema:
/// `gates/schemas/decision.schema.json`). The statement is written with sorted keys on one line,
/// so the same run at the same `now` on the same files gives the same bytes.
public enum DecisionStatement {
  /// in-toto Statement v1's `_type`.
  public static let statementType = "https://in-toto.io/Statement/v1"
  /// gonogo's decision predicate type; the last path segment is its version.
  public static let predicateType = "https://gonogo.dev/decision/v1"

  /// The statement as JSON.
  public static func json(_ report: Report, inputs: DecisionInputs) -> JSONValue {
    .object([
      "_type": .string(statementType),
      "subject": .array(subjects(inputs)),
      "predicateType": .string(predicateType),
      "predicate": predicate(report, inputs: inputs),
    ])
  }

  /// The statement's bytes: compact JSON, sorted keys, no final newline (the DSSE payload).
  public static func bytes(_ report: Report, inputs: DecisionInputs) -> [UInt8] {
    Array(json(report, inputs: inputs).serialized(pretty: false).utf8)
  }

  private static func subjects(_ inputs: DecisionInputs) -> [JSONValue] {
    var list: [JSONValue] = []
    if let revision = inputs.release.revision {
      list.append(
        .object([
          "name": .string("git:commit"), "digest": .object(["gitCommit": .string(revision)]),
        ]))
    }
    for subject in inputs.release.subjects {
      list.append(
        .object([
          "name": .string(subject.name), "digest": .object(["sha256": .string(subject.sha256)]),
        ]))
    }
    if list.isEmpty {
      // in-toto needs a subject: without a commit or an artifact, the report itself is one.
      list.append(
        .object([
          "name": .string("gonogo-report.json"),
          "digest": .object(["sha256": .string(inputs.reportSHA256)]),
        ]))
    }
    return list
  }

  private static func predicate(_ report: Report, inputs: DecisionInputs) -> JSONValue {
    var revision: [String: JSONValue] = [
      "commit": inputs.release.revision.map(JSONValue.string) ?? .null,
      "source": .string(inputs.release.revisionSource.rawValue),
    ]
    if let note = inputs.release.revisionNote { revision["note"] = .string(note) }
    let gates: [JSONValue] = report.gates.map { gate in
      var object: [String: JSONValue] = [
        "id": .string(gate.id), "severity": .string(gate.severity.rawValue),
        "status": .string(gate.status.rawValue), "owner": .string(gate.owner),
      ]
      if let workstream = gate.workstream { object["workstream"] = .string(workstream) }
      return .object(object)
    }
    let waivers: [JSONValue] = report.waivers.compactMap { result in
      guard result.state == .active || result.state == .expired else { return nil }
      var object: [String: JSONValue] = [
        "gate": .string(result.waiver.gate), "state": .string(result.state.rawValue),
        "reason": .string(result.waiver.reason),
        "approved_by": result.waiver.approvedBy.map(JSONValue.string) ?? .null,
        "expires": result.waiver.expires.map { .string($0.text) } ?? .null,
      ]
      if let workstream = result.workstream { object["workstream"] = .string(workstream) }
      return .object(object)
    }
    return .object([
      "verdict": .string(report.verdict.rawValue),
      "rag": .string(report.verdict.rag),
      "now": .string(DateValue.iso8601(report.now)),
      "program": .string(report.program),
      "release": .string(report.release),
      "tool": .object(["name": "gonogo", "version": .string(inputs.toolVersion)]),
      "revision": .object(revision),
      "invocation": .object([
        "paths": .array(inputs.paths.map(JSONValue.string)),
        "root": inputs.root.map(JSONValue.string) ?? .null,
        "enforce_advisory": .bool(inputs.enforceAdvisory),
      ]),
      "definition_files": .array(inputs.definitionFiles.map(JSONRenderer.digest)),
      "evidence_files": .array(inputs.evidenceFiles.map(JSONRenderer.digest)),
      "gates": .array(gates),
      "waivers": .array(waivers),
      "signoffs": .array(inputs.signoffs.map(\.json)),
      "report": .object([
        "schema": .string(Report.schema), "sha256": .string(inputs.reportSHA256),
      ]),
    ])
  }

  /// The sign-offs the report's `signoff` gates read, from their evidence files.
  public static func signoffs(of report: Report) -> [RecordedSignoff] {
    var seen: Set<String> = []
    var result: [RecordedSignoff] = []
    for gate in report.gates where gate.findings.contains(where: { $0.kind == "signoff" }) {
      let root = gate.evidenceRoot.map { $0.isEmpty ? "." : $0 } ?? "."
      // Named as the report names evidence files: the root as given, joined with the path.
      let shown = { (path: String) in
        root == "." ? path : (root.hasSuffix("/") ? root + path : root + "/" + path)
      }
      let cache = EvidenceCache(root: EvidenceRoot(URL(fileURLWithPath: root, isDirectory: true)))
      for path in gate.evidence where seen.insert(root + "\u{0}" + path).inserted {
        guard case .success(let file) = cache.file(path),
          case .success(let records) = cache.document(SignoffReader.self, for: file)
        else { continue }
        for record in records {
          result.append(
            RecordedSignoff(
              file: shown(path), role: record.role, by: record.by, date: record.date.text,
              decision: record.decision.rawValue))
        }
      }
    }
    return result
  }
}

import Foundation

/// What ties a printed report to its decision record: the record's digest and signing key.
public struct RecordSeal: Sendable, Equatable {
  /// Lowercase hex SHA-256 of the record file's bytes.
  public var sha256: String
  /// The key id of its signature; nil when the record is unsigned.
  public var keyID: String?

  /// Creates a seal.
  public init(sha256: String, keyID: String?) {
    self.sha256 = sha256
    self.keyID = keyID
  }

  /// One line for the end of a printed report.
  public var sentence: String {
    "Decision record sha256:\(sha256)"
      + (keyID.map { ", signed by key \($0)" } ?? ", unsigned")
  }
}

/// Writes decision records: the statement of a run, bare or in a signed DSSE envelope.
public enum DecisionRecorder {
  /// The JSON report of `report`, byte for byte as `--format json` writes it.
  public static func jsonReport(_ report: Report) -> [UInt8] {
    var bytes: [UInt8] = []
    OutputFormat.json.write(report) { bytes += $0 }
    return bytes
  }

  /// The record's inputs for a run.
  public static func inputs(
    _ report: Report, paths: [String], root: String?, release: ReleaseIdentity,
    toolVersion: String
  ) -> DecisionInputs {
    let files = RecordedFiles.of(report)
    return DecisionInputs(
      paths: paths, root: root, toolVersion: toolVersion, release: release,
      definitionFiles: files.definitions, evidenceFiles: files.evidence,
      signoffs: DecisionStatement.signoffs(of: report),
      reportSHA256: RecordHash.sha256(jsonReport(report)))
  }

  /// The record file's bytes (one JSON line) and its seal: a DSSE envelope when `key` is given,
  /// else the bare statement.
  public static func record(_ report: Report, inputs: DecisionInputs, key: RecordSigningKey?)
    throws(RecordKeyError) -> (bytes: [UInt8], seal: RecordSeal)
  {
    let statement = DecisionStatement.bytes(report, inputs: inputs)
    var bytes: [UInt8]
    if let key {
      let envelope = try DSSE.Envelope.signed(payload: statement, key: key)
      bytes = Array(envelope.json.serialized(pretty: false).utf8)
    } else {
      bytes = statement
    }
    bytes.append(0x0A)
    return (bytes, RecordSeal(sha256: RecordHash.sha256(bytes), keyID: key?.publicKey.keyID))
  }
}

/// The definition and evidence files a report read, with their digests.
enum RecordedFiles {
  /// Definition files by the paths the report names them; evidence files relative to their
  /// evidence root (prefixed with the root when a program reads several roots).
  static func of(_ report: Report) -> (definitions: [RecordedFile], evidence: [RecordedFile]) {
    var definitions: Set<RecordedFile> = []
    for source in Set(report.sources) {
      if let file = digest(URL(fileURLWithPath: source), path: source) { definitions.insert(file) }
    }
    let roots = Set(report.gates.compactMap(\.evidenceRoot))
    var evidence: Set<RecordedFile> = []
    var seen: Set<String> = []
    for gate in report.gates {
      let root = gate.evidenceRoot ?? ""
      var paths = gate.evidence
      for finding in gate.findings { if let file = finding.evidence?.file { paths.append(file) } }
      for path in paths where seen.insert(root + "\u{0}" + path).inserted {
        let cache = EvidenceRoot(URL(fileURLWithPath: root.isEmpty ? "." : root, isDirectory: true))
        guard case .success(let file) = cache.file(path) else { continue }
        let shown = roots.count > 1 && !root.isEmpty ? root + "/" + path : path
        if let recorded = digest(file.url, path: shown) { evidence.insert(recorded) }
      }
    }
    return (
      definitions.sorted { $0.path < $1.path }, evidence.sorted { $0.path < $1.path }
    )
  }

  /// The digest of a regular file; nil when it cannot be read.
  static func digest(_ url: URL, path: String) -> RecordedFile? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      !isDirectory.boolValue,
      case .success(let data) = FileBytes.read(url.path, maxBytes: 1 << 30)
    else { return nil }
    return RecordedFile(path: path, sha256: RecordHash.sha256(data), size: data.count)
  }
}

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

  /// The record's inputs for a run: the digests of every definition and evidence file it read
  /// (`Report.definitionFiles` / `evidenceFiles`, computed here when the run has not yet).
  public static func inputs(
    _ report: Report, paths: [String], root: String?, enforceAdvisory: Bool = false,
    release: ReleaseIdentity, toolVersion: String
  ) -> DecisionInputs {
    let report = report.withDigests()
    return DecisionInputs(
      paths: paths, root: root, enforceAdvisory: enforceAdvisory, toolVersion: toolVersion,
      release: release,
      definitionFiles: report.definitionFiles,
      evidenceFiles: report.evidenceFiles,
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

import Foundation

/// A decision record read back: a DSSE envelope holding the statement, or a bare (unsigned)
/// statement.
public struct DecisionRecord: Sendable {
  /// The envelope; nil for an unsigned record.
  public var envelope: DSSE.Envelope?
  /// The statement's bytes exactly as recorded (the envelope's payload, or the file's line).
  public var statement: [UInt8]
  /// What the predicate says.
  public var decision: RecordedDecision

  /// Largest record read.
  public static let maxBytes = 64 << 20

  /// Reads a record; the error says why it is not a gonogo decision record.
  public static func read(_ data: Data, file: String) -> Result<DecisionRecord, RecordKeyError> {
    guard data.count <= maxBytes else {
      return .failure(
        RecordKeyError("\(file) is larger than \(maxBytes) bytes; it is no decision record"))
    }
    let object: [String: Any]
    switch JSONText.parse(data, file: file) {
    case .success(let value as [String: Any]): object = value
    case .success:
      return .failure(RecordKeyError("\(file) is JSON but not an object; it is no decision record"))
    case .failure(let error): return .failure(RecordKeyError(error.message))
    }
    var envelope: DSSE.Envelope?
    var statementObject = object
    var statement = Array(data)
    while let last = statement.last, last == 0x0A || last == 0x0D || last == 0x20 {
      statement.removeLast()
    }
    switch DSSE.Envelope.parse(object) {
    case .failure(let error):
      return .failure(RecordKeyError("\(file): \(error.message)"))
    case .success(let parsed):
      guard parsed.payloadType == DSSE.inTotoPayloadType else {
        return .failure(
          RecordKeyError(
            "\(file): the envelope's payloadType is '\(parsed.payloadType)', not "
              + "'\(DSSE.inTotoPayloadType)'; it is no decision record"))
      }
      switch JSONText.parse(Data(parsed.payload), file: file + " (payload)") {
      case .success(let value as [String: Any]): statementObject = value
      default:
        return .failure(RecordKeyError("\(file): the envelope's payload is not a JSON statement"))
      }
      envelope = parsed
      statement = parsed.payload
    case nil:
      break
    }
    guard statementObject["_type"] as? String == DecisionStatement.statementType else {
      return .failure(
        RecordKeyError(
          "\(file) is not an in-toto Statement v1 (its _type is not "
            + "'\(DecisionStatement.statementType)'); give a record written by "
            + "'gonogo check --output attestation=PATH'"))
    }
    guard statementObject["predicateType"] as? String == DecisionStatement.predicateType else {
      let type = statementObject["predicateType"] as? String ?? "none"
      return .failure(
        RecordKeyError(
          "\(file) is an in-toto statement of predicate type '\(type)', not a gonogo decision "
            + "(\(DecisionStatement.predicateType))"))
    }
    return RecordedDecision.parse(statementObject, file: file).map {
      DecisionRecord(envelope: envelope, statement: statement, decision: $0)
    }
  }
}

/// The predicate of a decision record, as far as verifying and replaying need it.
public struct RecordedDecision: Sendable, Equatable {
  /// The verdict recorded.
  public var verdict: Verdict
  /// The evaluation time recorded.
  public var now: Date
  /// Definition paths as given to the run.
  public var paths: [String]
  /// `--root` as given.
  public var root: String?
  /// `--enforce-advisory` was given.
  public var enforceAdvisory: Bool
  /// The release identity of the run.
  public var release: ReleaseIdentity
  /// Definition files and their digests.
  public var definitionFiles: [RecordedFile]
  /// Evidence files and their digests.
  public var evidenceFiles: [RecordedFile]
  /// SHA-256 of the run's JSON report.
  public var reportSHA256: String
  /// The commit named as the `gitCommit` subject, if any.
  public var gitCommit: String?

  static func parse(_ statement: [String: Any], file: String) -> Result<
    RecordedDecision, RecordKeyError
  > {
    func bad(_ what: String) -> Result<RecordedDecision, RecordKeyError> {
      .failure(
        RecordKeyError(
          "\(file): the decision predicate \(what); the record is damaged or not written by gonogo")
      )
    }
    guard let predicate = statement["predicate"] as? [String: Any] else { return bad("is missing") }
    guard let verdictText = predicate["verdict"] as? String,
      let verdict = Verdict(rawValue: verdictText)
    else { return bad("has no verdict (go, conditional-go or no-go)") }
    guard let nowText = predicate["now"] as? String,
      case .success(let now) = DateValue.parse(nowText)
    else { return bad("has no 'now' date-time") }
    guard let invocation = predicate["invocation"] as? [String: Any],
      let paths = invocation["paths"] as? [Any]
    else { return bad("has no invocation paths") }
    guard let report = predicate["report"] as? [String: Any],
      let reportSHA = report["sha256"] as? String
    else { return bad("has no report sha256") }
    guard let definitions = files(predicate["definition_files"]),
      let evidence = files(predicate["evidence_files"])
    else { return bad("lists files without path, sha256 and size") }
    let revision = predicate["revision"] as? [String: Any] ?? [:]
    var subjects: [ReleaseSubject] = []
    var gitCommit: String?
    for entry in statement["subject"] as? [Any] ?? [] {
      guard let subject = entry as? [String: Any], let digest = subject["digest"] as? [String: Any]
      else { return bad("has a subject without a digest") }
      let name = subject["name"] as? String ?? ""
      if let commit = digest["gitCommit"] as? String { gitCommit = commit }
      if let sha = digest["sha256"] as? String, !(name == "gonogo-report.json" && sha == reportSHA)
      {
        subjects.append(ReleaseSubject(name: name, sha256: sha))
      }
    }
    let release = ReleaseIdentity(
      revision: revision["commit"] as? String,
      revisionSource: ReleaseIdentity.RevisionSource(rawValue: revision["source"] as? String ?? "")
        ?? .none,
      revisionNote: revision["note"] as? String, subjects: subjects)
    return .success(
      RecordedDecision(
        verdict: verdict, now: now.start, paths: paths.compactMap { $0 as? String },
        root: invocation["root"] as? String,
        enforceAdvisory: (invocation["enforce_advisory"] as? NSNumber)?.boolValue ?? false,
        release: release, definitionFiles: definitions,
        evidenceFiles: evidence, reportSHA256: reportSHA, gitCommit: gitCommit))
  }

  private static func files(_ value: Any?) -> [RecordedFile]? {
    guard let list = value as? [Any] else { return nil }
    var result: [RecordedFile] = []
    for entry in list {
      guard let item = entry as? [String: Any], let path = item["path"] as? String,
        item["sha256"] is String || item["sha256"] is NSNull,
        item["size"] is NSNumber || item["size"] is NSNull
      else { return nil }
      result.append(
        RecordedFile(
          path: path, sha256: item["sha256"] as? String,
          size: (item["size"] as? NSNumber)?.intValue))
    }
    return result
  }
}

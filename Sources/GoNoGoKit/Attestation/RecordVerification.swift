import Foundation

/// The outcome of `gonogo verify`: signature, files and replay, and the exit code they give.
public struct RecordVerification: Sendable {
  /// What became of the signature.
  public enum Signature: Sendable, Equatable {
    /// A signature of the record was made by the given key.
    case valid(keyID: String)
    /// No signature of the record verifies with the given key.
    case invalid(String)
    /// The record is signed but no key was given to check it (fails closed).
    case unchecked(keyIDs: [String])
    /// The record is a bare statement.
    case unsigned(allowed: Bool)
  }

  /// A file whose digest differs from the record's.
  public struct FileChange: Sendable, Equatable {
    /// `changed`, `missing` or `new`.
    public enum State: String, Sendable { case changed, missing, new }
    /// `definition` or `evidence`.
    public var role: String
    /// The path as recorded.
    public var path: String
    /// What happened to it.
    public var state: State
  }

  /// The signature's state.
  public var signature: Signature
  /// Every definition and evidence file that changed, is missing or is new.
  public var changes: [FileChange]
  /// The recorded verdict.
  public var recordedVerdict: Verdict
  /// The verdict of the replay; nil when the definitions no longer load.
  public var replayedVerdict: Verdict?
  /// Why the replay could not run, when it could not.
  public var replayProblem: String?
  /// True when the replay wrote the recorded statement byte for byte.
  public var identical: Bool

  /// 0 when the signature holds, nothing changed and the verdict replays; 1 when something
  /// changed, the verdict differs or the signature fails; 2 when a signed record came without
  /// a key to check it.
  public var exitCode: Int32 {
    switch signature {
    case .invalid: return 1
    case .unsigned(let allowed) where !allowed: return 1
    default: break
    }
    if !changes.isEmpty || replayedVerdict != recordedVerdict { return 1 }
    if case .unchecked = signature { return 2 }
    return 0
  }

  /// Checks `record`: its signature with `key`, then a replay of the recorded run at its `now`
  /// (definitions from `paths`, else the recorded ones), comparing files and verdict.
  public static func verify(
    _ record: DecisionRecord, key: RecordPublicKey?, allowUnsigned: Bool, paths: [String],
    toolVersion: String
  ) -> RecordVerification {
    let signature: Signature
    switch (record.envelope, key) {
    case (let envelope?, let key?):
      if let match = envelope.signatures(validFor: key).first {
        signature = .valid(keyID: match.keyID.isEmpty ? key.keyID : match.keyID)
      } else {
        let named = envelope.signatures.map(\.keyID).filter { !$0.isEmpty }
        signature = .invalid(
          "no signature of the record verifies with key \(key.keyID)"
            + (named.isEmpty ? "" : " (the record names key \(named.joined(separator: ", ")))"))
      }
    case (let envelope?, nil):
      signature = .unchecked(keyIDs: envelope.signatures.map(\.keyID))
    case (nil, let key?):
      signature = .invalid(
        "the record is unsigned (a bare statement), so nothing was signed by key \(key.keyID)")
    case (nil, nil):
      signature = .unsigned(allowed: allowUnsigned)
    }
    let decision = record.decision
    let replayPaths = paths.isEmpty ? decision.paths : paths
    let definitions = Definitions.load(paths: replayPaths)
    guard !definitions.hasErrors else {
      let problem = definitions.diagnostics.first { $0.severity == .error }.map(\.description)
      return RecordVerification(
        signature: signature,
        changes: compare(decision.definitionFiles, [], role: "definition")
          + decision.evidenceFiles.map {
            FileChange(role: "evidence", path: $0.path, state: .missing)
          },
        recordedVerdict: decision.verdict, replayedVerdict: nil,
        replayProblem: "the definitions no longer load: " + (problem ?? "unknown error"),
        identical: false)
    }
    let root = decision.root.map { URL(fileURLWithPath: $0) }
    let report = Evaluation.run(
      definitions, root: root, now: decision.now, enforceAdvisory: decision.enforceAdvisory,
      release: decision.release)
    let inputs = DecisionRecorder.inputs(
      report, paths: decision.paths, root: decision.root,
      enforceAdvisory: decision.enforceAdvisory, release: decision.release,
      toolVersion: toolVersion)
    let replayed = DecisionStatement.bytes(report, inputs: inputs)
    return RecordVerification(
      signature: signature,
      changes: compare(decision.definitionFiles, inputs.definitionFiles, role: "definition")
        + compare(decision.evidenceFiles, inputs.evidenceFiles, role: "evidence"),
      recordedVerdict: decision.verdict, replayedVerdict: report.verdict, replayProblem: nil,
      identical: replayed == record.statement)
  }

  static func compare(_ recorded: [RecordedFile], _ now: [RecordedFile], role: String)
    -> [FileChange]
  {
    let current = Dictionary(now.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    let before = Set(recorded.map(\.path))
    var changes: [FileChange] = []
    for file in recorded {
      if let found = current[file.path] {
        // A file that could not be digested, then or now, cannot be shown unchanged.
        if found.sha256 == nil || found.sha256 != file.sha256 || found.size != file.size {
          changes.append(FileChange(role: role, path: file.path, state: .changed))
        }
      } else {
        changes.append(FileChange(role: role, path: file.path, state: .missing))
      }
    }
    for file in now where !before.contains(file.path) {
      changes.append(FileChange(role: role, path: file.path, state: .new))
    }
    return changes.sorted { ($0.path, $0.state.rawValue) < ($1.path, $1.state.rawValue) }
  }

  /// The verification as lines for the terminal.
  public var lines: [String] {
    var out: [String] = []
    switch signature {
    case .valid(let keyID): out.append("signature: valid, key \(keyID)")
    case .invalid(let reason): out.append("signature: INVALID: \(reason)")
    case .unchecked(let keys):
      out.append(
        "signature: NOT CHECKED: the record is signed (key \(keys.joined(separator: ", "))); "
          + "give --key PUB.pem to check it")
    case .unsigned(let allowed):
      out.append(
        allowed
          ? "signature: none (unsigned record, accepted with --allow-unsigned)"
          : "signature: NONE: the record is unsigned; anyone could have written it "
            + "(sign with --sign-key, or pass --allow-unsigned to check files and replay only)")
    }
    if changes.isEmpty {
      out.append("files: every definition and evidence file matches the record")
    } else {
      for change in changes {
        out.append("\(change.state.rawValue): \(change.role) file \(change.path)")
      }
    }
    if let replayed = replayedVerdict {
      if replayed == recordedVerdict {
        out.append(
          "verdict: replays as \(replayed.title) (recorded \(recordedVerdict.title))"
            + (identical ? "; the replayed record is byte-identical" : ""))
      } else {
        out.append(
          "verdict: DIFFERS: the replay gives \(replayed.title), the record says "
            + "\(recordedVerdict.title)")
      }
    } else {
      out.append(
        "verdict: NOT REPLAYED (recorded \(recordedVerdict.title)): \(replayProblem ?? "")")
    }
    return out
  }
}

import Crypto
import Foundation

/// What is being released: the git commit and any artifacts named by digest.
///
/// It is an input of the run (`--revision`, `--subject`, `--subject-file`), recorded in the
/// decision record and used by revision binding to check that evidence describes this release.
public struct ReleaseIdentity: Sendable, Equatable {
  /// Where the revision came from.
  public enum RevisionSource: String, Sendable, Equatable {
    /// `--revision SHA`.
    case option = "--revision"
    /// HEAD of the git repository holding the evidence root.
    case gitHead = "git HEAD"
    /// No revision: the evidence root is outside git (or HEAD has no commit) and none was given.
    case none
  }

  /// The git commit being released (lowercase hex), if known.
  public var revision: String?
  /// Where `revision` came from.
  public var revisionSource: RevisionSource
  /// Why there is no revision, in a sentence; nil when there is one.
  public var revisionNote: String?
  /// Artifacts named with `--subject` / `--subject-file`, in the order given.
  public var subjects: [ReleaseSubject]

  /// Creates an identity.
  public init(
    revision: String?, revisionSource: RevisionSource, revisionNote: String? = nil,
    subjects: [ReleaseSubject] = []
  ) {
    self.revision = revision
    self.revisionSource = revisionSource
    self.revisionNote = revisionNote
    self.subjects = subjects
  }

  /// No revision and no subjects: nothing to bind evidence to.
  public static let unknown = ReleaseIdentity(
    revision: nil, revisionSource: .none, revisionNote: "no release revision was given")

  /// The identity for a run: `--revision` when given, else HEAD of the repository holding
  /// `directory` (read from `.git` by gonogo's own reader, nothing executed).
  public static func resolve(
    revision: String?, evidenceDirectory directory: URL, subjects: [ReleaseSubject]
  ) -> ReleaseIdentity {
    if let revision {
      return ReleaseIdentity(
        revision: revision.lowercased(), revisionSource: .option, subjects: subjects)
    }
    guard let history = GitHistory.discover(containing: directory) else {
      return ReleaseIdentity(
        revision: nil, revisionSource: .none,
        revisionNote:
          "the evidence root is not inside a git repository and no --revision was given",
        subjects: subjects)
    }
    switch history.headCommit() {
    case .success(let commit?):
      return ReleaseIdentity(revision: commit, revisionSource: .gitHead, subjects: subjects)
    case .success(nil):
      return ReleaseIdentity(
        revision: nil, revisionSource: .none,
        revisionNote: "the git repository at \(history.workTree.path) has no commit yet",
        subjects: subjects)
    case .failure(let error):
      return ReleaseIdentity(
        revision: nil, revisionSource: .none,
        revisionNote: "HEAD cannot be read because \(error.reason(forPath: "HEAD"))",
        subjects: subjects)
    }
  }

  /// True when `text` is a git object id or an abbreviation of one: 7 to 64 hex digits.
  public static func isCommitLike(_ text: String) -> Bool {
    (7...64).contains(text.utf8.count) && text.utf8.allSatisfy { isHex($0) }
  }

  /// Two commit ids name the same commit when one is a prefix of the other (case-insensitive)
  /// and the shorter has at least 7 hex digits, as git's own abbreviations do.
  public static func sameCommit(_ first: String, _ second: String) -> Bool {
    let a = first.lowercased()
    let b = second.lowercased()
    guard isCommitLike(a), isCommitLike(b) else { return false }
    return a.count <= b.count ? b.hasPrefix(a) : a.hasPrefix(b)
  }

  static func isHex(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
      || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
  }
}

/// An artifact of the release, named with its SHA-256 digest.
public struct ReleaseSubject: Sendable, Equatable {
  /// The artifact's name (an image reference, a file name).
  public var name: String
  /// Lowercase hex SHA-256.
  public var sha256: String

  /// Creates a subject.
  public init(name: String, sha256: String) {
    self.name = name
    self.sha256 = sha256
  }

  /// Reads `NAME=sha256:HEX`; the message says what is wrong.
  public static func parse(_ text: String) -> Result<ReleaseSubject, RecordKeyError> {
    guard let equals = text.lastIndex(of: "="), equals != text.startIndex else {
      return .failure(
        RecordKeyError(
          "--subject '\(text)' must be NAME=sha256:HEX, e.g. "
            + "registry.example/shop=sha256:<64 hex digits>"))
    }
    let name = String(text[..<equals])
    let digest = String(text[text.index(after: equals)...])
    guard digest.hasPrefix("sha256:") else {
      return .failure(
        RecordKeyError("--subject '\(text)': the digest must start with 'sha256:'"))
    }
    let hex = digest.dropFirst("sha256:".count).lowercased()
    guard hex.utf8.count == 64, hex.utf8.allSatisfy(ReleaseIdentity.isHex) else {
      return .failure(
        RecordKeyError(
          "--subject '\(text)': a sha256 digest is 64 hex digits; this one has \(hex.count) "
            + "characters"))
    }
    return .success(ReleaseSubject(name: name, sha256: hex))
  }

  /// The subject for a file: its name as given and the SHA-256 of its bytes (read streaming).
  public static func file(_ path: String) -> Result<ReleaseSubject, RecordKeyError> {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return .failure(RecordKeyError("--subject-file '\(path)' cannot be opened for reading"))
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    do {
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hasher.update(data: chunk)
      }
    } catch {
      return .failure(RecordKeyError("--subject-file '\(path)' cannot be read: \(error)"))
    }
    return .success(ReleaseSubject(name: path, sha256: RecordHash.hex(hasher.finalize())))
  }
}

extension GitHistory {
  /// The commit HEAD points at (lowercase hex); nil when the branch has no commit yet.
  func headCommit() -> Result<String?, GitReadError> {
    do {
      let layout = try repository.layout.get()
      return .success(try GitRefs(layout: layout).head()?.hex)
    } catch let error as GitReadError {
      return .failure(error)
    } catch {
      return .failure(.corrupt("\(error)"))
    }
  }
}

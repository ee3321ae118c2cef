import Foundation

/// Why the git history could not be read; each case renders as a clause completing the sentence
/// "its git history is not available because …".
enum GitReadError: Error, Sendable, Equatable {
  /// The repository data is damaged or not in the expected format.
  case corrupt(String)
  /// An object the history needs is not in the repository.
  case missingObject(String)
  /// The repository uses a feature this reader does not implement.
  case unsupported(String)
  /// An object or file exceeds the size limit.
  case tooLarge(String)
  /// The walk would visit more commits than allowed.
  case tooManyCommits(Int)
  /// The history stops at a shallow-clone boundary commit.
  case shallow(commit: String)
  /// The file is not inside the work tree.
  case outsideWorkTree(String)

  /// Why the history of `path` is unknown: a clause that follows "because", ending with the
  /// fix where there is one.
  func reason(forPath path: String) -> String {
    switch self {
    case .corrupt(let detail):
      return "the repository data is corrupt or unreadable (\(detail))"
    case .missingObject(let id):
      return "git object \(id) is missing from the repository, so the clone may be partial or "
        + "damaged"
    case .unsupported(let feature):
      return "the repository uses \(feature), which gonogo cannot read"
    case .tooLarge(let what):
      return "\(what) in the repository is larger than the "
        + "\(GitLimits.maxObjectSize >> 20) MiB limit"
    case .tooManyCommits(let limit):
      return "more than \(limit) commits would have to be searched for the last change to "
        + "\(path)"
    case .shallow(let commit):
      return "the repository is a shallow clone that holds no history of \(path) before commit "
        + "\(commit.prefix(12)); fetch the full history (for example `git fetch --unshallow`, "
        + "or `fetch-depth: 0` with actions/checkout)"
    case .outsideWorkTree(let workTree):
      return "\(path) is not inside the git work tree at \(workTree)"
    }
  }
}

/// Hard bounds that keep a corrupt or hostile repository from exhausting memory or time.
enum GitLimits {
  /// The largest decompressed object (or delta result) that will be read.
  static let maxObjectSize = 64 << 20
  /// The largest metadata file (refs, packed-refs, shallow, config) that will be read.
  static let maxMetadataFileSize = 64 << 20
  /// The most commits one history query walks.
  static let maxCommitsWalked = 200_000
  /// The longest delta chain that will be resolved.
  static let maxDeltaChain = 10_000
  /// The most symbolic-ref or tag indirections followed.
  static let maxIndirections = 10
  /// The budget, in bytes, of the decompressed-object cache.
  static let objectCacheBytes = 48 << 20
  /// The most parsed commits kept in the commit cache.
  static let commitCacheEntries = 250_000
}

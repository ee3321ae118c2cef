import Foundation

/// The commit history of the git repository that holds a directory, read straight from `.git`.
///
/// Nothing is executed: HEAD, refs, packed-refs, loose objects and packfiles are parsed directly,
/// with bounds on object sizes, delta chains and the number of commits walked, so a damaged or
/// hostile repository yields `.unknown(reason:)` rather than a crash.
public struct GitHistory: Sendable {
  /// Top of the work tree (the directory containing `.git`).
  public let workTree: URL
  let repository: GitRepository
  /// `workTree` with symlinks resolved, for files reached through a different spelling.
  private let resolvedWorkTreePath: String

  private init(workTreePath: String, repository: GitRepository) {
    workTree = URL(fileURLWithPath: workTreePath, isDirectory: true)
    self.repository = repository
    resolvedWorkTreePath = URL(fileURLWithPath: workTreePath).resolvingSymlinksInPath().path
  }

  /// Finds the repository containing `directory` (walks up parent directories looking for `.git`).
  /// Returns nil when there is none.
  public static func discover(containing directory: URL) -> GitHistory? {
    var path = directory.absoluteURL.standardizedFileURL.path
    for _ in 0..<4096 {
      let dotGit = URL(fileURLWithPath: path).appendingPathComponent(".git")
      if case .found(let layout) = GitLayout.probe(dotGit) {
        return GitHistory(workTreePath: path, repository: GitRepository(layout: layout))
      }
      guard let parent = parentPath(of: path) else { return nil }
      path = parent
    }
    return nil
  }

  /// When the file at `file` (an absolute file URL inside the work tree) was last changed by a
  /// commit reachable from HEAD.
  public func lastChange(ofFileAt file: URL) -> GitLastChange {
    guard let components = relativeComponents(of: file) else {
      let reason = GitReadError.outsideWorkTree(workTree.path).reason(forPath: file.path)
      return .unknown(reason: reason)
    }
    let display = components.isEmpty ? "." : components.joined(separator: "/")
    do {
      return try repository.lastChange(of: components)
    } catch let error as GitReadError {
      return .unknown(reason: error.reason(forPath: display))
    } catch {
      return .unknown(reason: GitReadError.corrupt("\(error)").reason(forPath: display))
    }
  }

  /// The path of `file` relative to the work-tree top, split at `/`; nil when outside it.
  private func relativeComponents(of file: URL) -> [String]? {
    let standardized = file.absoluteURL.standardizedFileURL
    let path = standardized.path
    if let components = GitHistory.components(of: path, under: workTree.path) {
      return components
    }
    if let components = GitHistory.components(of: path, under: resolvedWorkTreePath) {
      return components
    }
    // Resolve symlinks in the directories only: a tracked symlink is itself the file.
    let parent = standardized.deletingLastPathComponent().resolvingSymlinksInPath().path
    let name = standardized.lastPathComponent
    let candidate = parent.hasSuffix("/") ? parent + name : parent + "/" + name
    return GitHistory.components(of: candidate, under: resolvedWorkTreePath)
  }

  private static func components(of path: String, under base: String) -> [String]? {
    if path == base { return [] }
    let prefix = base.hasSuffix("/") ? base : base + "/"
    guard path.hasPrefix(prefix) else { return nil }
    let components = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
    return components
  }

  private static func parentPath(of path: String) -> String? {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard trimmed != "/", let slash = trimmed.lastIndex(of: "/") else { return nil }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }
}

/// What the history says about one file.
public enum GitLastChange: Sendable, Equatable {
  /// The newest commit that changed the file, and its committer date.
  case committed(date: Date, commit: String)
  /// The file is not in HEAD's tree (untracked or new).
  case notCommitted
  /// The history cannot tell (shallow clone boundary, corrupt or unsupported repository); the
  /// reason says why in a user-facing sentence.
  case unknown(reason: String)
}

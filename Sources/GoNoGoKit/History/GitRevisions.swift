import Foundation

/// Files as committed at a revision (`REV:PATH`), and every committed version of one file in a
/// revision range, read straight from `.git` with the evidence git reader (loose objects and
/// packs; nothing is executed).
///
/// Revisions: `HEAD`, a branch, a tag, `refs/…`, a full commit id, each optionally followed by
/// `~N`, `^` or `^N`. Ranges: `A..B` (commits reachable from B and not from A) or a single
/// revision (everything reachable from it).
public struct GitRevisions: Sendable {
  private let repository: GitRepository
  private let layout: GitLayout
  /// Top of the work tree.
  public let workTree: URL

  /// Opens the repository holding `directory`; the message says why when there is none.
  public static func open(containing directory: URL) -> Result<GitRevisions, GitRevisionError> {
    var path = directory.absoluteURL.standardizedFileURL.path
    for _ in 0..<4096 {
      let dotGit = URL(fileURLWithPath: path).appendingPathComponent(".git")
      if case .found(let found) = GitLayout.probe(dotGit) {
        switch found {
        case .failure(let error):
          return .failure(GitRevisionError("the git repository cannot be read: " + error.reason(forPath: path)))
        case .success(let layout):
          return .success(
            GitRevisions(
              repository: GitRepository(layout: .success(layout)), layout: layout,
              workTree: URL(fileURLWithPath: path, isDirectory: true)))
        }
      }
      let parent = (path as NSString).deletingLastPathComponent
      guard parent != path, !parent.isEmpty else { break }
      path = parent
    }
    return .failure(GitRevisionError("\(directory.path) is not inside a git repository"))
  }

  /// The bytes of `path` (relative to the work-tree top) as committed at `revision`.
  public func file(at revision: String, path: String) -> Result<Data, GitRevisionError> {
    reading(path) { store in
      let commit = try resolve(revision, store: store)
      guard let blob = try blob(of: path, in: commit, store: store) else {
        if try entry(of: path, in: commit, store: store)?.isTree == true {
          throw GitRevisionError("\(path) is a directory at revision \(revision)")
        }
        throw GitRevisionError("\(path) does not exist at revision \(revision)")
      }
      return Data(try store.object(blob).content)
    }
  }

  /// Every distinct committed content of `path` in `range`, oldest commit first, each with the
  /// commit that introduced it.
  public func versions(in range: String, path: String) -> Result<
    [(commit: String, data: Data)], GitRevisionError
  > {
    reading(path) { store in
      let parts = range.components(separatedBy: "..")
      guard parts.count <= 2, !(parts.last ?? "").isEmpty || parts.count == 2 else {
        throw GitRevisionError("the revision range '\(range)' must be REV or FROM..TO")
      }
      let tip = try resolve(parts.count == 2 && parts[1].isEmpty ? "HEAD" : parts.last ?? "HEAD",
        store: store)
      var excluded: Set<GitObjectID> = []
      if parts.count == 2, !parts[0].isEmpty {
        excluded = try ancestors(of: try resolve(parts[0], store: store), store: store)
      }
      var seenBlobs: Set<GitObjectID> = []
      var found: [(time: Int64, commit: String, blob: GitObjectID)] = []
      for id in try ancestors(of: tip, store: store) where !excluded.contains(id) {
        guard let blob = try blob(of: path, in: id, store: store) else { continue }
        let time = try store.commit(id).committerTime ?? 0
        if seenBlobs.insert(blob).inserted {
          found.append((time, id.hex, blob))
        } else if let index = found.firstIndex(where: { $0.blob == blob }), time < found[index].time
        {
          found[index] = (time, id.hex, blob)
        }
      }
      found.sort { ($0.time, $0.commit) < ($1.time, $1.commit) }
      return try found.map { (commit: $0.commit, data: Data(try store.object($0.blob).content)) }
    }
  }


  /// Every commit reachable from `start`, bounded.
  private func ancestors(of start: GitObjectID, store: GitObjectStore) throws -> Set<GitObjectID> {
    var seen: Set<GitObjectID> = [start]
    var queue = [start]
    while let id = queue.popLast() {
      guard seen.count <= GitLimits.maxCommitsWalked else {
        throw GitReadError.tooManyCommits(GitLimits.maxCommitsWalked)
      }
      for parent in try store.commit(id).parents where seen.insert(parent).inserted {
        queue.append(parent)
      }
    }
    return seen
  }

  /// The commit a revision names.
  private func resolve(_ revision: String, store: GitObjectStore) throws -> GitObjectID {
    var text = Substring(revision)
    var steps: [Int] = []  // parent numbers to follow, in order (0 never occurs)
    // Split off ~N, ^N and ^ suffixes from the right.
    while let mark = text.lastIndex(where: { $0 == "~" || $0 == "^" }) {
      let digits = text[text.index(after: mark)...]
      guard digits.allSatisfy(\.isNumber) else { break }
      let count = digits.isEmpty ? 1 : Int(digits) ?? -1
      guard count >= 0, count <= 100_000 else {
        throw GitRevisionError( "the revision '\(revision)' has an invalid suffix")
      }
      if text[mark] == "~" {
        steps.insert(contentsOf: Array(repeating: 1, count: count), at: 0)
      } else if count > 0 {
        steps.insert(count, at: 0)
      }
      text = text[..<mark]
    }
    let name = String(text)
    let refs = GitRefs(layout: layout)
    var start: GitObjectID?
    if let id = GitObjectID(hex: name), (try? store.object(id)) != nil {
      start = id
    } else {
      let candidates =
        name == "HEAD" || name.hasPrefix("refs/")
        ? [name]
        : ["refs/heads/\(name)", "refs/tags/\(name)", "refs/remotes/\(name)", "refs/\(name)"]
      for candidate in candidates where GitRefs.isSafe(candidate) {
        if let id = try refs.resolve(candidate) {
          start = id
          break
        }
      }
    }
    guard let found = start else {
      throw GitRevisionError(
        "the revision '\(name)' is not HEAD, a branch, a tag or a full commit id in "
          + "\(workTree.path)")
    }
    var current = try store.peeled(found)
    for step in steps {
      let parents = try store.commit(current).parents
      guard step <= parents.count else {
        throw GitRevisionError( "the revision '\(revision)' goes past the first commit")
      }
      current = parents[step - 1]
    }
    return current
  }

  /// The blob at `path` in `commit`'s tree, or nil when there is no such file.
  private func blob(of path: String, in commit: GitObjectID, store: GitObjectStore) throws
    -> GitObjectID?
  {
    guard let entry = try entry(of: path, in: commit, store: store),
      entry.mode & 0o170000 == 0o100000  // regular files only
    else { return nil }
    return entry.id
  }

  /// The entry at `path` in `commit`'s tree (the root tree for an empty path), or nil.
  private func entry(of path: String, in commit: GitObjectID, store: GitObjectStore) throws
    -> GitTreeEntry?
  {
    var entry = GitTreeEntry(mode: GitTreeEntry.treeMode, id: try store.commit(commit).tree)
    for component in path.split(separator: "/") where component != "." {
      guard entry.isTree,
        let next = try GitTree.entry(
          named: Array(component.utf8), in: try store.tree(entry.id), hashLength: store.hashLength)
      else { return nil }
      entry = next
    }
    return entry
  }
}

// MARK: - Writing a committed directory out

extension GitRevisions {
  /// What a path names at a revision.
  public enum CommittedKind: Sendable, Equatable {
    case file, directory
  }

  /// The most files and bytes one committed directory may hold to be written out.
  public static let maxWrittenFiles = 100_000
  public static let maxWrittenBytes = 1 << 30

  /// Whether `path` (relative to the work-tree top) is a file or a directory at `revision`.
  public func kind(at revision: String, path: String) -> Result<CommittedKind, GitRevisionError> {
    reading(path) { store in
      let commit = try resolve(revision, store: store)
      switch try entry(of: path, in: commit, store: store) {
      case let entry? where entry.isTree: return .directory
      case let entry? where entry.mode & 0o170000 == 0o100000: return .file
      default: throw GitRevisionError("\(path) does not exist at revision \(revision)")
      }
    }
  }

  /// Writes the directory `path` as committed at `revision` under `destination` (keeping `path`
  /// below it), so definitions as committed are judged against the evidence as committed.
  /// Regular files keep their executable bit; symbolic links are written as links (evidence
  /// readers confine them to the evidence root); submodules are left out. Returns the number of
  /// files written. Bounded by ``maxWrittenFiles`` and ``maxWrittenBytes``.
  public func write(at revision: String, directory path: String, into destination: URL) -> Result<
    Int, GitRevisionError
  > {
    reading(path) { store in
      let commit = try resolve(revision, store: store)
      guard let top = try entry(of: path, in: commit, store: store), top.isTree else {
        throw GitRevisionError("\(path.isEmpty ? "." : path) is not a directory at revision \(revision)")
      }
      var budget = (files: Self.maxWrittenFiles, bytes: Self.maxWrittenBytes)
      let target = path.split(separator: "/").filter { $0 != "." }.reduce(destination) {
        $0.appendingPathComponent(String($1), isDirectory: true)
      }
      try writeTree(top.id, to: target, store: store, budget: &budget, depth: 0, named: path)
      return Self.maxWrittenFiles - budget.files
    }
  }

  private func writeTree(
    _ tree: GitObjectID, to directory: URL, store: GitObjectStore,
    budget: inout (files: Int, bytes: Int), depth: Int, named path: String
  ) throws {
    guard depth < 256 else { throw GitRevisionError("\(path) nests directories more than 256 deep") }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw GitRevisionError("cannot write \(path) out to \(directory.path): \(error.localizedDescription)")
    }
    var entries: [(name: String, entry: GitTreeEntry)] = []
    try GitTree.forEachEntry(in: try store.tree(tree), hashLength: store.hashLength) {
      name, mode, id in
      let text = String(decoding: name, as: UTF8.self)
      guard text != ".", text != "..", !text.contains("/"), !name.contains(0) else {
        throw GitReadError.corrupt("a tree entry is named '\(text)'")
      }
      entries.append((text, GitTreeEntry(mode: mode, id: GitObjectID(bytes: Array(id)))))
      return true
    }
    for (name, entry) in entries {
      let url = directory.appendingPathComponent(name, isDirectory: entry.isTree)
      let inner = path.isEmpty ? name : path + "/" + name
      if entry.isTree {
        try writeTree(entry.id, to: url, store: store, budget: &budget, depth: depth + 1, named: inner)
        continue
      }
      let kind = entry.mode & 0o170000
      guard kind == 0o100000 || kind == 0o120000 else { continue }  // a submodule: not content
      let content = try store.object(entry.id).content
      budget.files -= 1
      budget.bytes -= content.count
      guard budget.files >= 0, budget.bytes >= 0 else {
        throw GitRevisionError(
          "the directory is too large to judge as committed (more than "
            + "\(Self.maxWrittenFiles) files or \(Self.maxWrittenBytes >> 20) MiB at \(inner)); "
            + "name a smaller directory, or compare the reports each run kept")
      }
      do {
        if kind == 0o120000 {
          try FileManager.default.createSymbolicLink(
            atPath: url.path, withDestinationPath: String(decoding: content, as: UTF8.self))
        } else {
          try Data(content).write(to: url)
          if entry.mode == 0o100755 {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
          }
        }
      } catch {
        throw GitRevisionError("cannot write \(inner) out to \(url.path): \(error.localizedDescription)")
      }
    }
  }

  /// Runs `body` on the object store, turning every failure into a sentence about `path`.
  private func reading<T>(_ path: String, _ body: (GitObjectStore) throws -> T) -> Result<
    T, GitRevisionError
  > {
    do {
      return .success(try body(try repository.objectStore(layout)))
    } catch let error as GitRevisionError {
      return .failure(error)
    } catch let error as GitReadError {
      return .failure(GitRevisionError("the git history cannot be read: " + error.reason(forPath: path)))
    } catch {
      return .failure(GitRevisionError("the git history cannot be read: \(error)"))
    }
  }
}

/// Why a revision or a committed file cannot be read: a sentence for the user.
public struct GitRevisionError: Error, Sendable, Equatable {
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(_ message: String) {
    self.message = message
  }
}

import Foundation
import Synchronization

/// Where a repository's metadata lives.
struct GitLayout: Sendable, Equatable {
  /// The per-work-tree git directory (holds HEAD); `.git` itself, or `.git/worktrees/<name>`.
  let gitDirectory: URL
  /// The shared git directory (objects, refs, packed-refs, shallow, config).
  let commonDirectory: URL

  /// The result of looking at one candidate `.git` path.
  enum Probe {
    /// Nothing usable there; keep walking up.
    case absent
    /// A repository (or a `.git` entry that claims one but cannot be followed).
    case found(Result<GitLayout, GitReadError>)
  }

  /// Looks at `dotGit`: a git directory, or a file containing `gitdir: <path>`.
  static func probe(_ dotGit: URL) -> Probe {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else {
      return .absent
    }
    if isDirectory.boolValue {
      guard looksLikeGitDirectory(dotGit) else { return .absent }
      return .found(layout(gitDirectory: dotGit.standardizedFileURL))
    }
    guard let data = try? GitFiles.read(dotGit, limit: 64 * 1024),
      let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first,
      line.hasPrefix("gitdir:")
    else {
      return .found(
        .failure(.corrupt("the .git file at \(dotGit.path) is not a valid gitdir link")))
    }
    let target = line.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces)
    let base = dotGit.deletingLastPathComponent()
    let gitDirectory = resolve(target, against: base)
    guard looksLikeGitDirectory(gitDirectory) else {
      return .found(
        .failure(.corrupt("the .git file points to \(target), which is not a git directory")))
    }
    return .found(layout(gitDirectory: gitDirectory))
  }

  private static func layout(gitDirectory: URL) -> Result<GitLayout, GitReadError> {
    let commondir = gitDirectory.appendingPathComponent("commondir")
    guard FileManager.default.fileExists(atPath: commondir.path) else {
      return .success(GitLayout(gitDirectory: gitDirectory, commonDirectory: gitDirectory))
    }
    guard let data = try? GitFiles.read(commondir, limit: 64 * 1024),
      let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
    else {
      return .failure(.corrupt("the commondir file in \(gitDirectory.path) cannot be read"))
    }
    let common = resolve(line.trimmingCharacters(in: .whitespaces), against: gitDirectory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: common.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      return .failure(.corrupt("the shared git directory \(common.path) does not exist"))
    }
    return .success(GitLayout(gitDirectory: gitDirectory, commonDirectory: common))
  }

  private static func looksLikeGitDirectory(_ url: URL) -> Bool {
    let manager = FileManager.default
    return manager.fileExists(atPath: url.appendingPathComponent("HEAD").path)
      && (manager.fileExists(atPath: url.appendingPathComponent("objects").path)
        || manager.fileExists(atPath: url.appendingPathComponent("commondir").path))
  }

  private static func resolve(_ path: String, against base: URL) -> URL {
    let url =
      path.hasPrefix("/")
      ? URL(fileURLWithPath: path, isDirectory: true)
      : base.appendingPathComponent(path, isDirectory: true)
    return url.standardizedFileURL
  }
}

/// A discovered repository: its layout plus lazily opened, shared object storage.
final class GitRepository: Sendable {
  let layout: Result<GitLayout, GitReadError>
  private let store = Mutex<GitObjectStore?>(nil)

  init(layout: Result<GitLayout, GitReadError>) {
    self.layout = layout
  }

  /// When `path` (components relative to the work-tree top) last changed in HEAD's history.
  func lastChange(of path: [String]) throws -> GitLastChange {
    let layout = try layout.get()
    let store = try objectStore(layout)
    let refs = GitRefs(layout: layout)
    guard let head = try refs.head() else { return .notCommitted }
    let start = try store.peeled(head)
    let shallow = try refs.shallowCommits()
    for candidate in GitRepository.spellings(of: path) {
      guard let (id, commit) = try store.lastChange(of: candidate, from: start, shallow: shallow)
      else { continue }
      guard let time = commit.committerTime else {
        throw GitReadError.corrupt("commit \(id.hex) has no committer date")
      }
      return .committed(date: Date(timeIntervalSince1970: TimeInterval(time)), commit: id.hex)
    }
    return .notCommitted
  }

  func objectStore(_ layout: GitLayout) throws -> GitObjectStore {
    try store.withLock { cached throws -> GitObjectStore in
      if let cached { return cached }
      let opened = GitObjectStore(
        objectsDirectory: layout.commonDirectory.appendingPathComponent("objects"),
        hashLength: try GitConfig.hashLength(commonDirectory: layout.commonDirectory))
      cached = opened
      return opened
    }
  }

  /// The byte spellings to try for a path: as given, then NFC and NFD (macOS file systems may
  /// hand back a different Unicode normalization than the one committed).
  static func spellings(of path: [String]) -> [[[UInt8]]] {
    var result: [[[UInt8]]] = []
    for variant in [
      path, path.map(\.precomposedStringWithCanonicalMapping),
      path.map(\.decomposedStringWithCanonicalMapping),
    ] {
      let bytes = variant.map { Array($0.utf8) }
      if !result.contains(bytes) { result.append(bytes) }
    }
    return result
  }
}

/// The few repository-format settings that matter for reading objects.
enum GitConfig {
  /// 20 for SHA-1 repositories, 32 for SHA-256 ones; throws for formats this reader lacks.
  static func hashLength(commonDirectory: URL) throws -> Int {
    let url = commonDirectory.appendingPathComponent("config")
    guard let data = try GitFiles.readIfPresent(url, limit: GitLimits.maxMetadataFileSize) else {
      return 20
    }
    var section = ""
    var hashLength = 20
    for rawLine in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("[") {
        let name = line.dropFirst().prefix { $0 != "]" && $0 != " " && $0 != "\"" }
        section = name.lowercased()
        continue
      }
      guard section == "extensions", let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: equals)...]
        .trimmingCharacters(in: CharacterSet.whitespaces.union(["\""])).lowercased()
      switch (key, value) {
      case ("objectformat", "sha1"): hashLength = 20
      case ("objectformat", "sha256"): hashLength = 32
      case ("objectformat", _):
        throw GitReadError.unsupported("the object format \(value)")
      case ("refstorage", let format) where format != "files":
        throw GitReadError.unsupported("the \(format) ref storage format")
      default: continue
      }
    }
    return hashLength
  }
}

/// Bounded reads of small repository files.
enum GitFiles {
  /// Reads a regular file of at most `limit` bytes (following symlinks).
  static func read(_ url: URL, limit: Int) throws -> Data {
    guard let data = try readIfPresent(url, limit: limit) else {
      throw GitReadError.corrupt("\(url.lastPathComponent) is missing")
    }
    return data
  }

  /// Like `read`, but nil when nothing exists at `url`.
  static func readIfPresent(_ url: URL, limit: Int) throws -> Data? {
    let resolved = url.resolvingSymlinksInPath()
    guard FileManager.default.fileExists(atPath: resolved.path) else { return nil }
    guard isRegularFile(resolved) else {
      throw GitReadError.corrupt("\(url.lastPathComponent) is not a regular file")
    }
    do {
      let handle = try FileHandle(forReadingFrom: resolved)
      defer { try? handle.close() }
      let data = try handle.read(upToCount: limit + 1) ?? Data()
      guard data.count <= limit else { throw GitReadError.tooLarge(url.lastPathComponent) }
      return data
    } catch let error as GitReadError {
      throw error
    } catch {
      throw GitReadError.corrupt("\(url.lastPathComponent) cannot be read")
    }
  }

  /// Whether `url` names a regular file (not a directory, FIFO or device).
  static func isRegularFile(_ url: URL) -> Bool {
    let path = url.resolvingSymlinksInPath().path
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return (attributes?[.type] as? FileAttributeType) == .typeRegular
  }
}

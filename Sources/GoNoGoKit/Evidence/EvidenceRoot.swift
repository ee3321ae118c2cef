import Foundation
import Synchronization

/// The directory evidence paths are relative to; nothing outside it is ever read.
public struct EvidenceRoot: Sendable, Equatable {
  /// The root as the user named it (used to build display paths).
  public let url: URL
  /// The root with symlinks resolved, for confinement checks.
  public let realPath: String

  /// Creates a root for a directory.
  public init(_ url: URL) {
    self.url = url.standardizedFileURL
    self.realPath = EvidenceRoot.realDirectory(self.url.path) ?? self.url.path
  }

  /// Checks a path written in a definition: relative, no `..` segment leaving the root.
  /// Returns a reason when it is not acceptable.
  public static func problem(withPath path: String) -> String? {
    if path.isEmpty { return "the path is empty" }
    if path.hasPrefix("/") || path.hasPrefix("~") {
      return "evidence paths must be relative to the evidence root, not absolute"
    }
    if path.utf8.contains(0) { return "the path contains a NUL character" }
    // Count the depth segment by segment: a '..' that climbs above the root is refused.
    var depth = 0
    var length = 0
    var dots = 0
    func endSegment() -> Bool {
      if length == 2 && dots == 2 {
        depth -= 1
      } else if length > 0 && !(length == 1 && dots == 1) {
        depth += 1
      }
      length = 0
      dots = 0
      return depth >= 0
    }
    for byte in path.utf8 {
      if byte == UInt8(ascii: "/") {
        guard endSegment() else { return "the path leaves the evidence root through '..'" }
      } else {
        length += 1
        if byte == UInt8(ascii: ".") { dots += 1 }
      }
    }
    guard endSegment() else { return "the path leaves the evidence root through '..'" }
    return nil
  }

  /// The file for a relative path, or why it cannot be used (escapes the root, missing, a folder).
  public func file(_ relative: String) -> Result<EvidenceFile, EvidenceError> {
    file(relative, resolving: resolution(of:))
  }

  /// `file(_:)`, with the normalized path looked up by `resolve` (the evidence cache's, which
  /// remembers what it found).
  func file(_ relative: String, resolving resolve: (String) -> Resolution)
    -> Result<EvidenceFile, EvidenceError>
  {
    if let problem = EvidenceRoot.problem(withPath: relative) {
      return .failure(EvidenceError("\(relative): \(problem)"))
    }
    let normalized = EvidenceRoot.normalize(relative)
    return EvidenceRoot.file(normalized, resolve(normalized))
  }

  /// The file for a normalized path that resolved as `resolution`, or why it cannot be used.
  static func file(_ normalized: String, _ resolution: Resolution)
    -> Result<EvidenceFile, EvidenceError>
  {
    switch resolution {
    case .file(let real):
      return .success(
        EvidenceFile(path: normalized, url: URL(fileURLWithPath: real, isDirectory: false)))
    case .missing:
      return .failure(EvidenceError("evidence file not found: \(normalized)"))
    case .brokenLink:
      return .failure(EvidenceError("evidence file \(normalized) is a broken symbolic link"))
    case .outside:
      return .failure(
        EvidenceError(
          "evidence file \(normalized) resolves outside the evidence root (symbolic link); refusing to read it"
        ))
    case .directory:
      return .failure(EvidenceError("evidence path \(normalized) is a directory, not a file"))
    case .special:
      return .failure(
        EvidenceError(
          "evidence path \(normalized) is a pipe, socket or device, not a regular file"))
    }
  }

  /// What a path inside the root turned out to be.
  enum Resolution: Sendable {
    /// A file, at this resolved path.
    case file(String)
    case missing, brokenLink, outside, directory
    /// A pipe, a socket or a device: nothing with a size to read.
    case special
  }

  /// Resolves a normalized relative path from the resolved root. Components are checked with one
  /// `lstat` each; only when one is a symbolic link is the whole path resolved with `realpath`
  /// and confined to the root.
  func resolution(of normalized: String) -> Resolution {
    var current = realPath
    var status = stat()
    for component in normalized.split(separator: "/") {
      current += current.hasSuffix("/") ? component : "/" + component
      guard lstat(current, &status) == 0 else { return .missing }
      if (status.st_mode & S_IFMT) == S_IFLNK { return resolveLinks(normalized) }
    }
    if (status.st_mode & S_IFMT) == S_IFDIR || normalized.isEmpty { return .directory }
    if (status.st_mode & S_IFMT) != S_IFREG { return .special }
    return .file(current)
  }

  private func resolveLinks(_ normalized: String) -> Resolution {
    let path = realPath.hasSuffix("/") ? realPath + normalized : realPath + "/" + normalized
    guard let real = EvidenceRoot.realPath(of: path) else {
      var status = stat()
      return lstat(path, &status) == 0 ? .brokenLink : .missing
    }
    guard isInside(real) else { return .outside }
    var status = stat()
    guard stat(real, &status) == 0 else { return .missing }
    if (status.st_mode & S_IFMT) == S_IFDIR { return .directory }
    if (status.st_mode & S_IFMT) != S_IFREG { return .special }
    return .file(real)
  }

  /// True when a resolved path lies inside the root.
  func isInside(_ real: String) -> Bool {
    real == realPath || real.hasPrefix(realPath.hasSuffix("/") ? realPath : realPath + "/")
  }

  /// `a/./b//c` → `a/b/c`, `a/../b` → `b` (only called on paths that stay inside).
  static func normalize(_ path: String) -> String {
    var parts: [Substring] = []
    for segment in path.split(separator: "/") where segment != "." {
      if segment == ".." { _ = parts.popLast() } else { parts.append(segment) }
    }
    return parts.joined(separator: "/")
  }

  /// The resolved path of a directory. The roots of a program's workstreams are siblings: their
  /// parent is resolved once per process, and each root then costs one `lstat` (a full
  /// `realpath` when the root itself is a symbolic link).
  static func realDirectory(_ path: String) -> String? {
    let parent = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    guard path.hasPrefix("/"), !parent.isEmpty, !name.isEmpty, name != ".", name != ".." else {
      return realPath(of: path)
    }
    let known = resolvedParents.withLock { $0[parent] }
    guard let realParent = known ?? realPath(of: parent) else { return realPath(of: path) }
    if known == nil { resolvedParents.withLock { $0[parent] = realParent } }
    let candidate = realParent.hasSuffix("/") ? realParent + name : realParent + "/" + name
    var status = stat()
    guard lstat(candidate, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
      return realPath(of: path)
    }
    return candidate
  }

  /// Directories already resolved by `realDirectory`, by path as given.
  private static let resolvedParents = Mutex<[String: String]>([:])

  static func realPath(of path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// An evidence file inside the root.
public struct EvidenceFile: Sendable, Hashable {
  /// Path relative to the evidence root, with `/` separators: what reports show.
  public let path: String
  /// The resolved file URL (inside the root).
  public let url: URL

  /// Creates an evidence file.
  public init(path: String, url: URL) {
    self.path = path
    self.url = url
  }
}

/// Why evidence could not be read or understood; becomes an `error` finding.
public struct EvidenceError: Error, Sendable, Equatable {
  /// What went wrong, naming the file.
  public var message: String
  /// Where in the file, when known.
  public var line: Int?
  /// Column in the file, when known.
  public var column: Int?

  /// Creates an evidence error.
  public init(_ message: String, line: Int? = nil, column: Int? = nil) {
    self.message = message
    self.line = line
    self.column = column
  }
}

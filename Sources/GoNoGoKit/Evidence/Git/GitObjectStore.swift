import Foundation
import Synchronization

/// Reads objects from a repository's object directories (loose objects and packs, plus
/// alternates), resolving deltas and caching what is cheap to keep.
final class GitObjectStore: Sendable {
  let hashLength: Int
  private let objectDirectories: [URL]
  private let packs: [GitPack]
  /// Why some packs could not be opened; reported when an object then turns out to be missing.
  private let packProblems: [GitReadError]
  private let caches = Mutex(Caches())

  private enum Location {
    case loose(URL)
    case packed(pack: Int, offset: Int)
  }

  private struct PackedKey: Hashable {
    let pack: Int
    let offset: Int
  }

  private struct Caches {
    var objects = GitObjectCache<PackedKey>(budget: GitLimits.objectCacheBytes)
    var looseTrees = GitObjectCache<GitObjectID>(budget: GitLimits.objectCacheBytes / 4)
    var commits: [GitObjectID: GitCommit] = [:]
  }

  /// Opens the object directory `objects` (and its alternates) of a repository.
  init(objectsDirectory: URL, hashLength: Int) {
    self.hashLength = hashLength
    let directories = GitObjectStore.withAlternates(objectsDirectory)
    var packs: [GitPack] = []
    var problems: [GitReadError] = []
    for directory in directories {
      let packDirectory = directory.appendingPathComponent("pack", isDirectory: true)
      let names =
        (try? FileManager.default.contentsOfDirectory(atPath: packDirectory.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".idx") {
        let stem = String(name.dropLast(4))
        let packURL = packDirectory.appendingPathComponent(stem + ".pack")
        let indexURL = packDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: packURL.path) else { continue }
        guard GitFiles.isRegularFile(packURL), GitFiles.isRegularFile(indexURL) else {
          problems.append(.corrupt("pack \(stem) is not a regular file"))
          continue
        }
        do {
          packs.append(try GitPack(indexURL: indexURL, packURL: packURL, hashLength: hashLength))
        } catch let error as GitReadError {
          problems.append(error)
        } catch {
          problems.append(.corrupt("pack \(stem) cannot be read"))
        }
      }
    }
    objectDirectories = directories
    self.packs = packs
    packProblems = problems
  }

  // MARK: - Typed reads

  /// The parsed commit `id` (cached).
  func commit(_ id: GitObjectID) throws -> GitCommit {
    if let cached = caches.withLock({ $0.commits[id] }) { return cached }
    let object = try object(id)
    guard object.type == .commit else {
      throw GitReadError.corrupt("object \(id.hex) is not a commit")
    }
    let commit = try GitCommit(content: object.content)
    caches.withLock { caches in
      if caches.commits.count >= GitLimits.commitCacheEntries { caches.commits.removeAll() }
      caches.commits[id] = commit
    }
    return commit
  }

  /// Follows annotated tags from `id` until something that is not a tag.
  func peeled(_ id: GitObjectID) throws -> GitObjectID {
    var current = id
    for _ in 0..<GitLimits.maxIndirections {
      let object = try object(current)
      guard object.type == .tag else { return current }
      current = try GitTag.target(ofTagContent: object.content)
    }
    throw GitReadError.corrupt("annotated tags nest too deeply")
  }

  /// The raw content of tree `id`.
  func tree(_ id: GitObjectID) throws -> [UInt8] {
    let object = try object(id)
    guard object.type == .tree else {
      throw GitReadError.corrupt("object \(id.hex) is not a tree")
    }
    return object.content
  }

  // MARK: - Object resolution

  /// Reads and fully resolves object `id`.
  func object(_ id: GitObjectID) throws -> GitObject {
    if let cached = caches.withLock({ $0.looseTrees[id] }) { return cached }
    var chain: [(key: PackedKey, delta: [UInt8])] = []
    let origin = try locate(id)
    var location = origin
    var base: GitObject
    resolve: while true {
      guard chain.count <= GitLimits.maxDeltaChain else {
        throw GitReadError.corrupt("a delta chain is too long or circular")
      }
      switch location {
      case .loose(let url):
        base = try readLoose(url)
        break resolve
      case .packed(let pack, let offset):
        let key = PackedKey(pack: pack, offset: offset)
        if let cached = caches.withLock({ $0.objects[key] }) {
          base = cached
          break resolve
        }
        guard pack >= 0, pack < packs.count else { throw GitReadError.missingObject(id.hex) }
        switch try packs[pack].entry(at: offset) {
        case .whole(let object):
          base = object
          if object.type != .blob { caches.withLock { $0.objects.insert(object, for: key) } }
          break resolve
        case .offsetDelta(let baseOffset, let delta):
          chain.append((key, delta))
          location = .packed(pack: pack, offset: baseOffset)
        case .referenceDelta(let baseID, let delta):
          chain.append((key, delta))
          location = try locate(baseID)
        }
      }
    }
    for link in chain.reversed() {
      base = GitObject(type: base.type, content: try GitDelta.apply(link.delta, to: base.content))
      if base.type != .blob {
        let resolved = base
        caches.withLock { $0.objects.insert(resolved, for: link.key) }
      }
    }
    if case .loose = origin, base.type == .tree {
      let resolved = base
      caches.withLock { $0.looseTrees.insert(resolved, for: id) }
    }
    return base
  }

  private func locate(_ id: GitObjectID) throws -> Location {
    for (number, pack) in packs.enumerated() {
      if let offset = pack.offset(of: id) { return .packed(pack: number, offset: offset) }
    }
    let hex = id.hex
    if hex.count > 2 {
      let fanout = String(hex.prefix(2))
      let rest = String(hex.dropFirst(2))
      for directory in objectDirectories {
        let url = directory.appendingPathComponent(fanout).appendingPathComponent(rest)
        if FileManager.default.fileExists(atPath: url.path) { return .loose(url) }
      }
    }
    if let problem = packProblems.first { throw problem }
    throw GitReadError.missingObject(hex)
  }

  private func readLoose(_ url: URL) throws -> GitObject {
    let compressed = try GitFiles.read(url, limit: 2 * GitLimits.maxObjectSize)
    let raw = try compressed.withUnsafeBytes {
      try Inflate.inflate($0, limit: GitLimits.maxObjectSize + 64)
    }
    guard let space = raw.prefix(16).firstIndex(of: UInt8(ascii: " ")),
      let nul = raw.prefix(40).firstIndex(of: 0), space < nul,
      let type = GitObjectType(name: raw[0..<space]),
      let size = Int(String(decoding: raw[(space + 1)..<nul], as: UTF8.self)),
      size == raw.count - nul - 1
    else {
      throw GitReadError.corrupt("loose object \(url.lastPathComponent) has a malformed header")
    }
    guard size <= GitLimits.maxObjectSize else { throw GitReadError.tooLarge("a loose object") }
    return GitObject(type: type, content: Array(raw[(nul + 1)...]))
  }

  /// `objects` followed by the directories named in `info/alternates`, recursively (bounded).
  private static func withAlternates(_ objects: URL) -> [URL] {
    var result: [URL] = []
    var seen: Set<String> = []
    var pending: [(URL, Int)] = [(objects.standardizedFileURL, 0)]
    while let (directory, depth) = pending.first {
      pending.removeFirst()
      guard seen.insert(directory.path).inserted, result.count < 16 else { continue }
      result.append(directory)
      guard depth < 5 else { continue }
      let alternates = directory.appendingPathComponent("info/alternates")
      guard let data = try? GitFiles.read(alternates, limit: 1 << 20) else { continue }
      for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
        let path = line.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty, !path.hasPrefix("#"), !path.hasPrefix("\"") else { continue }
        let url =
          path.hasPrefix("/")
          ? URL(fileURLWithPath: path, isDirectory: true)
          : directory.appendingPathComponent(path, isDirectory: true)
        pending.append((url.standardizedFileURL, depth + 1))
      }
    }
    return result
  }
}

/// A byte-budgeted cache of decompressed objects that evicts its oldest entries first.
struct GitObjectCache<Key: Hashable> {
  private var entries: [Key: GitObject] = [:]
  private var order: [Key] = []
  private var head = 0
  private var bytes = 0
  let budget: Int

  init(budget: Int) {
    self.budget = budget
  }

  subscript(key: Key) -> GitObject? {
    entries[key]
  }

  mutating func insert(_ object: GitObject, for key: Key) {
    let size = object.content.count + 64
    guard size <= budget / 4, entries[key] == nil else { return }
    entries[key] = object
    order.append(key)
    bytes += size
    while bytes > budget, head < order.count {
      if let evicted = entries.removeValue(forKey: order[head]) {
        bytes -= evicted.content.count + 64
      }
      head += 1
    }
    if head > 4096, head * 2 > order.count {
      order.removeFirst(head)
      head = 0
    }
  }
}

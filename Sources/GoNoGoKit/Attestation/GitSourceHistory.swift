import Foundation

extension GitRepository {
  /// Most files one tree comparison lists before giving up.
  static let maxChangedPaths = 1_000_000

  /// The newest commit on HEAD's first-parent line that touches a path matching `patterns`.
  ///
  /// A commit's change is against its first parent (all its files for a root commit); patterns
  /// are glob segments relative to `prefix`. Nil when no commit does. Throws `.shallow` when the
  /// history ends at a shallow boundary before an answer is found.
  func lastChange(matching patterns: [[String]], under prefix: [String]) throws
    -> GitSourceChange?
  {
    let layout = try layout.get()
    let store = try objectStore(layout)
    let refs = GitRefs(layout: layout)
    guard let head = try refs.head() else { return nil }
    let shallow = try refs.shallowCommits()
    var id = try store.peeled(head)
    let prefixBytes = prefix.map { Array($0.utf8) }
    for _ in 0..<GitLimits.maxCommitsWalked {
      let commit = try store.commit(id)
      if shallow.contains(id) { throw GitReadError.shallow(commit: id.hex) }
      let tree = try store.subtree(commit.tree, at: prefixBytes)
      let parent = try commit.parents.first.map { try store.commit($0) }
      let parentTree = try parent.map { try store.subtree($0.tree, at: prefixBytes) } ?? nil
      var budget = GitRepository.maxChangedPaths
      if try store.changes(
        from: parentTree, to: tree, path: [], patterns: patterns, budget: &budget)
      {
        guard let time = commit.committerTime else {
          throw GitReadError.corrupt("commit \(id.hex) has no committer date")
        }
        return GitSourceChange(
          commit: id.hex, date: Date(timeIntervalSince1970: TimeInterval(time)))
      }
      guard let next = commit.parents.first else { return nil }
      id = next
    }
    throw GitReadError.tooManyCommits(GitLimits.maxCommitsWalked)
  }
}

extension GitObjectStore {
  /// The tree at `path` below `root`; nil when there is none.
  func subtree(_ root: GitObjectID, at path: [[UInt8]]) throws -> GitObjectID? {
    var current = root
    for name in path {
      guard
        let entry = try GitTree.entry(named: name, in: try tree(current), hashLength: hashLength),
        entry.isTree
      else { return nil }
      current = entry.id
    }
    return current
  }

  /// True when a file that differs between trees `old` and `new` (nil: absent) matches a
  /// pattern; equal subtrees are skipped without being read.
  func changes(
    from old: GitObjectID?, to new: GitObjectID?, path: [String], patterns: [[String]],
    budget: inout Int
  ) throws -> Bool {
    if old == new { return false }
    let before = try old.map { try GitTree.entries(in: tree($0), hashLength: hashLength) } ?? [:]
    let after = try new.map { try GitTree.entries(in: tree($0), hashLength: hashLength) } ?? [:]
    for name in Set(before.keys).union(after.keys).sorted() {
      let a = before[name]
      let b = after[name]
      if a == b { continue }
      budget -= 1
      if budget < 0 { throw GitReadError.tooLarge("the change between two commits") }
      let child = path + [name]
      if a?.isTree == true || b?.isTree == true {
        guard GlobPath.mayMatchBelow(child, patterns: patterns) else {
          // A file replaced by a tree (or back) still changes the file's own path.
          if (a.map { !$0.isTree } ?? false) || (b.map { !$0.isTree } ?? false),
            GlobPath.matches(child, patterns: patterns)
          {
            return true
          }
          continue
        }
        if try changes(
          from: a?.isTree == true ? a?.id : nil, to: b?.isTree == true ? b?.id : nil, path: child,
          patterns: patterns, budget: &budget)
        {
          return true
        }
        if (a.map { !$0.isTree } ?? false) || (b.map { !$0.isTree } ?? false),
          GlobPath.matches(child, patterns: patterns)
        {
          return true
        }
      } else if GlobPath.matches(child, patterns: patterns) {
        return true
      }
    }
    return false
  }
}

extension GitTree {
  /// Every entry of a tree by name.
  static func entries(in content: [UInt8], hashLength: Int) throws -> [String: GitTreeEntry] {
    var result: [String: GitTreeEntry] = [:]
    var index = 0
    let count = content.count
    while index < count {
      var mode: UInt32 = 0
      var digits = 0
      while index < count, content[index] != UInt8(ascii: " ") {
        let digit = content[index]
        guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7"), digits < 7 else {
          throw GitReadError.corrupt("a tree entry has a malformed mode")
        }
        mode = mode << 3 | UInt32(digit - UInt8(ascii: "0"))
        digits += 1
        index += 1
      }
      guard digits > 0, index < count else {
        throw GitReadError.corrupt("a tree entry is truncated")
      }
      index += 1
      let start = index
      while index < count, content[index] != 0 { index += 1 }
      guard index < count, index > start else {
        throw GitReadError.corrupt("a tree entry has a malformed name")
      }
      let name = String(decoding: content[start..<index], as: UTF8.self)
      index += 1
      guard count - index >= hashLength else {
        throw GitReadError.corrupt("a tree entry is truncated")
      }
      result[name] = GitTreeEntry(
        mode: GitTreeEntry.canonical(mode),
        id: GitObjectID(bytes: Array(content[index..<(index + hashLength)])))
      index += hashLength
    }
    return result
  }
}

/// Matching of whole relative paths against glob segments, `**` spanning any depth.
enum GlobPath {
  static func matches(_ path: [String], patterns: [[String]]) -> Bool {
    patterns.contains { match($0[...], path[...]) }
  }

  /// True when some path below directory `path` could match a pattern.
  static func mayMatchBelow(_ path: [String], patterns: [[String]]) -> Bool {
    patterns.contains { prefixMatch($0[...], path[...]) }
  }

  private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
    guard let first = pattern.first else { return path.isEmpty }
    if first == "**" {
      let rest = pattern.dropFirst()
      for start in path.startIndex...path.endIndex where match(rest, path[start...]) { return true }
      return false
    }
    guard let name = path.first, Glob.match(Substring(first), Substring(name)) else { return false }
    return match(pattern.dropFirst(), path.dropFirst())
  }

  /// Whether the directory `path` is a possible ancestor of a match.
  private static func prefixMatch(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>)
    -> Bool
  {
    guard let name = path.first else { return !pattern.isEmpty }
    guard let first = pattern.first else { return false }
    if first == "**" { return true }
    guard Glob.match(Substring(first), Substring(name)) else { return false }
    return prefixMatch(pattern.dropFirst(), path.dropFirst())
  }
}

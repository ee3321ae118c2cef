import Foundation

/// Where a path sits in one commit's tree: the trees passed on the way down and the entry found.
struct GitPathTrace: Equatable {
  /// The tree visited at each depth (root first).
  var trees: [GitObjectID]
  /// The entry at the path, or nil when the path does not exist.
  var entry: GitTreeEntry?
}

extension GitObjectStore {
  /// Follows git's default history simplification for `git log -1 -- path` from `start`: keep
  /// walking to the first parent the path is unchanged in (TREESAME); the first commit that
  /// differs from all its parents (or a root commit holding the path) is the answer.
  /// Returns nil when the path is not in `start`'s tree.
  func lastChange(of path: [[UInt8]], from start: GitObjectID, shallow: Set<GitObjectID>)
    throws -> (GitObjectID, GitCommit)?
  {
    var id = start
    var commit = try commit(start)
    var trace = try trace(path, root: commit.tree, reference: nil)
    guard trace.entry != nil else { return nil }
    for _ in 0..<GitLimits.maxCommitsWalked {
      if shallow.contains(id) { throw GitReadError.shallow(commit: id.hex) }
      var next: (GitObjectID, GitCommit, GitPathTrace)?
      for parentID in commit.parents {
        let parent = try self.commit(parentID)
        let parentTrace =
          parent.tree == commit.tree
          ? trace : try self.trace(path, root: parent.tree, reference: trace)
        if parentTrace.entry == trace.entry {
          next = (parentID, parent, parentTrace)
          break
        }
      }
      guard let next else { return (id, commit) }
      (id, commit, trace) = next
    }
    throw GitReadError.tooManyCommits(GitLimits.maxCommitsWalked)
  }

  /// Looks `path` up below tree `root`. When a tree on the way is the same object as the one at
  /// the same depth of `reference`, the rest of the lookup would repeat it, so `reference` is
  /// returned as is.
  func trace(_ path: [[UInt8]], root: GitObjectID, reference: GitPathTrace?) throws
    -> GitPathTrace
  {
    guard !path.isEmpty else {
      return GitPathTrace(trees: [], entry: GitTreeEntry(mode: GitTreeEntry.treeMode, id: root))
    }
    var trees: [GitObjectID] = []
    var current = root
    for (depth, name) in path.enumerated() {
      if let reference, depth < reference.trees.count, reference.trees[depth] == current {
        return reference
      }
      trees.append(current)
      let content = try tree(current)
      guard let entry = try GitTree.entry(named: name, in: content, hashLength: hashLength) else {
        return GitPathTrace(trees: trees, entry: nil)
      }
      if depth == path.count - 1 { return GitPathTrace(trees: trees, entry: entry) }
      guard entry.isTree else { return GitPathTrace(trees: trees, entry: nil) }
      current = entry.id
    }
    return GitPathTrace(trees: trees, entry: nil)
  }
}

import Foundation
import GoNoGoKit
import Synchronization
import Testing

/// A throwaway directory where repositories are built with the real git CLI (tests only: the
/// product itself never runs processes).
private final class Sandbox {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-git-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: root)
  }

  func url(_ path: String) -> URL {
    root.appendingPathComponent(path)
  }

  /// Runs git in `directory` (relative to the sandbox) with a fixed identity and clock.
  @discardableResult
  func git(
    _ arguments: [String], in directory: String, time: Int = 1_700_000_000,
    allowFailure: Bool = false
  ) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        "git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "gc.auto=0",
        "-c", "maintenance.auto=false", "-c", "core.autocrlf=false",
      ] + arguments
    let workingDirectory = url(directory)
    try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
    process.currentDirectoryURL = workingDirectory
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = root.path
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_AUTHOR_NAME"] = "Ada Author"
    environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
    environment["GIT_COMMITTER_NAME"] = "Cy Committer"
    environment["GIT_COMMITTER_EMAIL"] = "cy@example.com"
    environment["GIT_AUTHOR_DATE"] = "\(time - 3600) +0100"
    environment["GIT_COMMITTER_DATE"] = "\(time) +0530"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    let errorLog = root.appendingPathComponent("git-stderr-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
    let errorHandle = try FileHandle(forWritingTo: errorLog)
    defer { try? errorHandle.close() }
    process.standardError = errorHandle
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: errorLog)
    if process.terminationStatus != 0, !allowFailure {
      throw GitCommandFailed(arguments: arguments, status: process.terminationStatus, log: errors)
    }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func write(_ path: String, _ text: String) throws {
    let file = url(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  /// Stages everything in `repository` and commits it at `time`; returns the commit id.
  @discardableResult
  func commit(_ repository: String, _ message: String, time: Int) throws -> String {
    try git(["add", "-A"], in: repository, time: time)
    try git(["commit", "-q", "-m", message], in: repository, time: time)
    return try git(["rev-parse", "HEAD"], in: repository)
  }

  /// What `git log -1 -- path` says, as the expected `GitLastChange`.
  func expected(_ path: String, in repository: String) throws -> GitLastChange {
    let line = try git(["log", "-1", "--format=%H%x20%ct", "--", path], in: repository)
    let parts = line.split(separator: " ")
    guard parts.count == 2, let seconds = TimeInterval(parts[1]) else { return .notCommitted }
    return .committed(date: Date(timeIntervalSince1970: seconds), commit: String(parts[0]))
  }

  /// Asks GitHistory about `path` inside `repository` (discovering from the file's directory).
  func lastChange(_ path: String, in repository: String) throws -> GitLastChange {
    let file = url(repository).appendingPathComponent(path)
    let history = try #require(GitHistory.discover(containing: file.deletingLastPathComponent()))
    return history.lastChange(ofFileAt: file)
  }

  /// Checks GitHistory against `git log` for every path.
  func expectAgreement(
    _ paths: [String], in repository: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    for path in paths {
      let expected = try expected(path, in: repository)
      #expect(
        try lastChange(path, in: repository) == expected, "\(path)",
        sourceLocation: sourceLocation)
    }
  }

  func looseObjectCount(_ repository: String) throws -> Int {
    let objects = url(repository).appendingPathComponent(".git/objects")
    return try FileManager.default.contentsOfDirectory(atPath: objects.path)
      .filter { $0.count == 2 }
      .reduce(0) { count, directory in
        count
          + (try FileManager.default.contentsOfDirectory(
            atPath: objects.appendingPathComponent(directory).path)).count
      }
  }
}

private struct GitCommandFailed: Error, CustomStringConvertible {
  let arguments: [String]
  let status: Int32
  let log: String
  var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(log)" }
}

/// Deterministic pseudo-random numbers (SplitMix64) for the corruption fuzzing.
private struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

private let t0 = 1_700_000_000

/// A multi-line text large enough that git stores later versions as deltas.
private func bigText(revision: Int, lines: Int = 3000) -> String {
  (0..<lines).map { line in
    line % 500 == 7
      ? "line \(line) changed in revision \(revision)" : "line \(line) of the big file"
  }.joined(separator: "\n")
}

@Suite("GitHistory")
struct GitHistoryTests {
  @Test func looseObjects() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/a.txt", "alpha\n")
    try box.write("repo/b.txt", "bravo\n")
    let first = try box.commit("repo", "first", time: t0)
    try box.write("repo/b.txt", "bravo 2\n")
    let second = try box.commit("repo", "second", time: t0 + 100)
    try box.write("repo/c.txt", "charlie\n")
    let third = try box.commit("repo", "third", time: t0 + 200)

    #expect(try box.looseObjectCount("repo") > 0)
    let date = { (offset: Int) in Date(timeIntervalSince1970: TimeInterval(t0 + offset)) }
    #expect(try box.lastChange("a.txt", in: "repo") == .committed(date: date(0), commit: first))
    #expect(try box.lastChange("b.txt", in: "repo") == .committed(date: date(100), commit: second))
    #expect(try box.lastChange("c.txt", in: "repo") == .committed(date: date(200), commit: third))
    try box.expectAgreement(["a.txt", "b.txt", "c.txt"], in: "repo")
  }

  @Test func fileInSubdirectoryAndDirectories() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/dir/sub/file.txt", "one\n")
    try box.write("repo/dir/other.txt", "other\n")
    try box.commit("repo", "add", time: t0)
    try box.write("repo/dir/sub/file.txt", "two\n")
    try box.commit("repo", "change file", time: t0 + 10)
    try box.write("repo/dir/other.txt", "other 2\n")
    try box.commit("repo", "change other", time: t0 + 20)
    try box.write("repo/top.txt", "top\n")
    try box.commit("repo", "add top", time: t0 + 30)
    try box.expectAgreement(
      ["dir/sub/file.txt", "dir/other.txt", "top.txt", "dir/sub", "dir"], in: "repo")

    let history = try #require(GitHistory.discover(containing: box.url("repo/dir/sub")))
    #expect(history.workTree.standardizedFileURL.path == box.url("repo").standardizedFileURL.path)
    #expect(history.lastChange(ofFileAt: box.url("repo/dir/missing.txt")) == .notCommitted)
    #expect(history.lastChange(ofFileAt: box.url("repo/dir/sub/file.txt/x")) == .notCommitted)
  }

  @Test func packedWithOffsetAndReferenceDeltas() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/stable.txt", "never changes\n")
    for revision in 0..<12 {
      try box.write("repo/docs/big.txt", bigText(revision: revision))
      if revision < 5 { try box.write("repo/docs/small.txt", "small \(revision)\n") }
      try box.write("repo/docs/log-\(revision).txt", "entry \(revision)\n")
      try box.commit("repo", "revision \(revision)", time: t0 + 1000 * revision)
    }
    let paths = ["stable.txt", "docs/big.txt", "docs/small.txt", "docs/log-3.txt", "docs"]

    try box.git(["gc", "-q", "--aggressive", "--prune=now"], in: "repo")
    #expect(try box.looseObjectCount("repo") == 0)
    let packs = try FileManager.default.contentsOfDirectory(
      atPath: box.url("repo/.git/objects/pack").path)
    let index = try #require(packs.first { $0.hasSuffix(".idx") })
    let verify = try box.git(["verify-pack", "-v", ".git/objects/pack/\(index)"], in: "repo")
    #expect(verify.contains("chain length = 2"), "expected delta chains in the pack")
    try box.expectAgreement(paths, in: "repo")

    // Without delta-base-offset, git writes REF_DELTA entries instead of OFS_DELTA ones.
    try box.git(
      ["-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f"], in: "repo")
    try box.expectAgreement(paths, in: "repo")

    // One GitHistory value shared by concurrent callers gives the same answers.
    let history = try #require(GitHistory.discover(containing: box.url("repo")))
    let expected = try paths.map { try box.expected($0, in: "repo") }
    let files = paths.map { box.url("repo/\($0)") }
    let results = Mutex<[Int: GitLastChange]>([:])
    DispatchQueue.concurrentPerform(iterations: 32) { iteration in
      let slot = iteration % files.count
      let answer = history.lastChange(ofFileAt: files[slot])
      results.withLock { $0[iteration] = answer }
    }
    for (iteration, answer) in results.withLock({ $0 }) {
      #expect(answer == expected[iteration % files.count])
    }
  }

  @Test func mergeCommits() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/f.txt", "f\n")
    try box.write("repo/g.txt", "g\n")
    try box.write("repo/h.txt", "h\n")
    try box.commit("repo", "base", time: t0)
    try box.git(["checkout", "-q", "-b", "side"], in: "repo")
    try box.write("repo/f.txt", "f changed on side\n")
    let sideChange = try box.commit("repo", "side change", time: t0 + 10)
    try box.write("repo/h.txt", "h from side\n")
    try box.commit("repo", "side h", time: t0 + 15)
    try box.git(["checkout", "-q", "main"], in: "repo")
    try box.write("repo/g.txt", "g changed on main\n")
    let mainChange = try box.commit("repo", "main change", time: t0 + 20)
    try box.write("repo/h.txt", "h from main\n")
    try box.commit("repo", "main h", time: t0 + 25)
    try box.git(
      ["merge", "-q", "--no-ff", "side", "-m", "merge"], in: "repo", time: t0 + 30,
      allowFailure: true)
    try box.write("repo/h.txt", "h resolved\n")
    let merge = try box.commit("repo", "merge side", time: t0 + 30)
    #expect(
      try box.git(["rev-list", "--parents", "-n", "1", "HEAD"], in: "repo")
        .split(separator: " ").count == 3)

    let date = { (offset: Int) in Date(timeIntervalSince1970: TimeInterval(t0 + offset)) }
    #expect(
      try box.lastChange("f.txt", in: "repo") == .committed(date: date(10), commit: sideChange))
    #expect(
      try box.lastChange("g.txt", in: "repo") == .committed(date: date(20), commit: mainChange))
    #expect(try box.lastChange("h.txt", in: "repo") == .committed(date: date(30), commit: merge))
    try box.expectAgreement(["f.txt", "g.txt", "h.txt"], in: "repo")
  }

  @Test func notCommittedFiles() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/staged.txt", "staged\n")
    try box.git(["add", "staged.txt"], in: "repo")
    // Unborn branch: nothing is committed yet.
    #expect(try box.lastChange("staged.txt", in: "repo") == .notCommitted)

    try box.write("repo/tracked.txt", "tracked\n")
    try box.git(["add", "tracked.txt"], in: "repo")
    try box.git(["commit", "-q", "-m", "one"], in: "repo")
    try box.write("repo/untracked.txt", "untracked\n")
    try box.write("repo/new/deep.txt", "new\n")
    try box.write("repo/later.txt", "later\n")
    try box.git(["add", "later.txt"], in: "repo")
    #expect(try box.lastChange("untracked.txt", in: "repo") == .notCommitted)
    #expect(try box.lastChange("new/deep.txt", in: "repo") == .notCommitted)
    #expect(try box.lastChange("later.txt", in: "repo") == .notCommitted)
    guard case .committed = try box.lastChange("tracked.txt", in: "repo") else {
      Issue.record("tracked.txt should be committed")
      return
    }
  }

  @Test func modeChangeAndDetachedHead() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/run.sh", "echo hi\n")
    try box.commit("repo", "add", time: t0)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: box.url("repo/run.sh").path)
    let chmod = try box.commit("repo", "make executable", time: t0 + 5)
    try box.write("repo/run.sh", "echo bye\n")
    try box.commit("repo", "edit", time: t0 + 9)
    try box.git(["checkout", "-q", "--detach", chmod], in: "repo")
    let expected = GitLastChange.committed(
      date: Date(timeIntervalSince1970: TimeInterval(t0 + 5)), commit: chmod)
    #expect(try box.lastChange("run.sh", in: "repo") == expected)
    try box.expectAgreement(["run.sh"], in: "repo")
  }

  @Test func shallowClone() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "source"], in: ".")
    try box.write("source/old.txt", "old\n")
    try box.write("source/new.txt", "new\n")
    try box.commit("source", "one", time: t0)
    try box.write("source/middle.txt", "middle\n")
    try box.commit("source", "two", time: t0 + 10)
    try box.write("source/new.txt", "newer\n")
    let latest = try box.commit("source", "three", time: t0 + 20)
    let source = box.url("source").absoluteString

    try box.git(["clone", "-q", "--depth", "2", source, "deep2"], in: ".")
    let latestChange = GitLastChange.committed(
      date: Date(timeIntervalSince1970: TimeInterval(t0 + 20)), commit: latest)
    #expect(try box.lastChange("new.txt", in: "deep2") == latestChange)
    guard case .unknown(let reason) = try box.lastChange("old.txt", in: "deep2") else {
      Issue.record("old.txt should be unknown in a shallow clone")
      return
    }
    #expect(reason.contains("shallow"))
    #expect(reason.contains("fetch-depth: 0"))

    try box.git(["clone", "-q", "--depth", "1", source, "deep1"], in: ".")
    guard case .unknown(let reason1) = try box.lastChange("new.txt", in: "deep1") else {
      Issue.record("the boundary commit must not be claimed as the change")
      return
    }
    #expect(reason1.contains("shallow"))
    #expect(try box.lastChange("absent.txt", in: "deep1") == .notCommitted)
  }

  @Test func linkedWorktreeAndPackedRefs() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/shared.txt", "shared\n")
    try box.write("repo/feature.txt", "feature\n")
    let base = try box.commit("repo", "base", time: t0)
    try box.git(["worktree", "add", "-q", "-b", "feature", "../wt"], in: "repo")
    #expect(
      FileManager.default.fileExists(atPath: box.url("wt/.git").path)
        && (try? FileManager.default.contentsOfDirectory(atPath: box.url("wt/.git").path)) == nil)
    try box.write("wt/feature.txt", "feature 2\n")
    let feature = try box.commit("wt", "feature work", time: t0 + 50)

    let history = try #require(GitHistory.discover(containing: box.url("wt")))
    #expect(history.workTree.standardizedFileURL.path == box.url("wt").standardizedFileURL.path)
    let date = { (offset: Int) in Date(timeIntervalSince1970: TimeInterval(t0 + offset)) }
    #expect(
      try box.lastChange("feature.txt", in: "wt") == .committed(date: date(50), commit: feature))
    #expect(try box.lastChange("shared.txt", in: "wt") == .committed(date: date(0), commit: base))
    #expect(
      try box.lastChange("feature.txt", in: "repo") == .committed(date: date(0), commit: base))

    try box.git(["pack-refs", "--all"], in: "repo")
    #expect(!FileManager.default.fileExists(atPath: box.url("repo/.git/refs/heads/feature").path))
    try box.expectAgreement(["feature.txt", "shared.txt"], in: "wt")
    try box.expectAgreement(["feature.txt", "shared.txt"], in: "repo")
  }

  @Test func symlinkedWorkTreePath() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "real"], in: ".")
    try box.write("real/dir/file.txt", "content\n")
    let commit = try box.commit("real", "add", time: t0)
    try FileManager.default.createSymbolicLink(
      at: box.url("link"), withDestinationURL: box.url("real"))
    let expected = GitLastChange.committed(
      date: Date(timeIntervalSince1970: TimeInterval(t0)), commit: commit)

    let viaLink = try #require(GitHistory.discover(containing: box.url("link/dir")))
    #expect(viaLink.lastChange(ofFileAt: box.url("link/dir/file.txt")) == expected)
    #expect(viaLink.lastChange(ofFileAt: box.url("real/dir/file.txt")) == expected)
    let viaReal = try #require(GitHistory.discover(containing: box.url("real/dir")))
    #expect(viaReal.lastChange(ofFileAt: box.url("link/dir/file.txt")) == expected)
    #expect(viaReal.lastChange(ofFileAt: box.url("real/dir/../dir/file.txt")) == expected)

    guard case .unknown = viaReal.lastChange(ofFileAt: URL(fileURLWithPath: "/elsewhere/x.txt"))
    else {
      Issue.record("a file outside the work tree should be unknown")
      return
    }
  }

  @Test func sha256Repository() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "--object-format=sha256", "repo"], in: ".")
    try box.write("repo/a.txt", "a\n")
    try box.write("repo/big.txt", bigText(revision: 0))
    try box.commit("repo", "one", time: t0)
    for revision in 1..<4 {
      try box.write("repo/big.txt", bigText(revision: revision))
      try box.commit("repo", "rev \(revision)", time: t0 + revision)
    }
    try box.expectAgreement(["a.txt", "big.txt"], in: "repo")
    guard case .committed(_, let commit) = try box.lastChange("a.txt", in: "repo") else {
      Issue.record("a.txt should be committed")
      return
    }
    #expect(commit.count == 64)
    try box.git(["gc", "-q", "--aggressive", "--prune=now"], in: "repo")
    try box.expectAgreement(["a.txt", "big.txt"], in: "repo")
  }

  @Test func directoryOutsideAnyRepository() throws {
    let box = try Sandbox()
    try FileManager.default.createDirectory(
      at: box.url("plain/deeper"), withIntermediateDirectories: true)
    #expect(GitHistory.discover(containing: box.url("plain/deeper")) == nil)
    // A `.git` directory without HEAD or objects is not a repository.
    try FileManager.default.createDirectory(
      at: box.url("plain/.git/stuff"), withIntermediateDirectories: true)
    #expect(GitHistory.discover(containing: box.url("plain/deeper")) == nil)
  }

  @Test func corruptedObjectsAreUnknownNotCrashes() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    try box.write("repo/a.txt", "a\n")
    try box.commit("repo", "one", time: t0)
    try box.write("repo/b.txt", "b\n")
    try box.commit("repo", "two", time: t0 + 1)
    let tree = try box.git(["rev-parse", "HEAD^{tree}"], in: "repo")
    let object = box.url("repo/.git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
    let original = try Data(contentsOf: object)
    try FileManager.default.removeItem(at: object)

    try Data("this is not zlib data".utf8).write(to: object)
    guard case .unknown = try box.lastChange("a.txt", in: "repo") else {
      Issue.record("a garbage tree object should give unknown")
      return
    }
    try original.prefix(original.count / 2).write(to: object)
    guard case .unknown = try box.lastChange("a.txt", in: "repo") else {
      Issue.record("a truncated tree object should give unknown")
      return
    }
    try FileManager.default.removeItem(at: object)
    guard case .unknown(let reason) = try box.lastChange("a.txt", in: "repo") else {
      Issue.record("a missing tree object should give unknown")
      return
    }
    #expect(reason.contains(tree))

    try original.write(to: object)
    try box.expectAgreement(["a.txt", "b.txt"], in: "repo")
    try Data("ref: refs/heads/../../../../etc/passwd\n".utf8).write(to: box.url("repo/.git/HEAD"))
    guard case .unknown = try box.lastChange("a.txt", in: "repo") else {
      Issue.record("a HEAD escaping the refs directory should give unknown")
      return
    }
    try box.write("bad/.git", "gitdir: /nonexistent/place\n")
    let broken = try #require(GitHistory.discover(containing: box.url("bad")))
    guard case .unknown = broken.lastChange(ofFileAt: box.url("bad/x.txt")) else {
      Issue.record("a dangling .git file should give unknown")
      return
    }
  }

  @Test func corruptedPacksNeverCrash() throws {
    let box = try Sandbox()
    try box.git(["init", "-q", "repo"], in: ".")
    for revision in 0..<6 {
      try box.write("repo/dir/big.txt", bigText(revision: revision, lines: 600))
      try box.write("repo/n\(revision % 2).txt", "n \(revision)\n")
      try box.commit("repo", "r\(revision)", time: t0 + revision)
    }
    try box.git(["gc", "-q", "--aggressive", "--prune=now"], in: "repo")
    let packDirectory = box.url("repo/.git/objects/pack")
    let names = try FileManager.default.contentsOfDirectory(atPath: packDirectory.path)
    let packName = try #require(names.first { $0.hasSuffix(".pack") })
    let indexName = try #require(names.first { $0.hasSuffix(".idx") })
    let pack = try Data(contentsOf: packDirectory.appendingPathComponent(packName))
    let index = try Data(contentsOf: packDirectory.appendingPathComponent(indexName))
    let history = try #require(GitHistory.discover(containing: box.url("repo")))
    #expect(history.lastChange(ofFileAt: box.url("repo/dir/big.txt")) != .notCommitted)

    var random = SplitMix(state: 42)
    for round in 0..<60 {
      var damagedPack = [UInt8](pack)
      var damagedIndex = [UInt8](index)
      switch round % 4 {
      case 0, 1:
        for _ in 0..<(1 + round % 5) {
          let at = Int.random(in: 12..<damagedPack.count, using: &random)
          damagedPack[at] = UInt8.random(in: 0...255, using: &random)
        }
      case 2:
        damagedPack = Array(damagedPack.prefix(Int.random(in: 0..<pack.count, using: &random)))
      default:
        let at = Int.random(in: 0..<damagedIndex.count, using: &random)
        damagedIndex[at] = UInt8.random(in: 0...255, using: &random)
      }
      try FileManager.default.removeItem(at: packDirectory.appendingPathComponent(packName))
      try FileManager.default.removeItem(at: packDirectory.appendingPathComponent(indexName))
      try Data(damagedPack).write(to: packDirectory.appendingPathComponent(packName))
      try Data(damagedIndex).write(to: packDirectory.appendingPathComponent(indexName))
      // A fresh value each round, so nothing cached from an earlier round hides the damage.
      let damaged = try #require(GitHistory.discover(containing: box.url("repo")))
      for path in ["dir/big.txt", "n0.txt", "n1.txt", "dir", "missing.txt"] {
        _ = damaged.lastChange(ofFileAt: box.url("repo/\(path)"))
      }
    }
  }
}

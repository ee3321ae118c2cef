import Foundation
import Testing

@testable import GoNoGoKit

/// A repository built with the real git CLI, at fixed dates (tests only).
final class RecordRepository {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-record-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  func write(_ path: String, _ text: String) throws {
    let file = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  /// Runs git in `directory` (default: the repository) with a fixed identity and date.
  @discardableResult
  func git(_ arguments: [String], in directory: URL? = nil, date: String = "2026-11-20T10:00:00Z")
    throws -> String
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "gc.auto=0"]
      + arguments
    process.currentDirectoryURL = directory ?? root
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_AUTHOR_NAME"] = "Ada"
    environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
    environment["GIT_COMMITTER_NAME"] = "Ada"
    environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
    environment["GIT_AUTHOR_DATE"] = date
    environment["GIT_COMMITTER_DATE"] = date
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw RecordKeyError("git \(arguments.joined(separator: " ")) failed")
    }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @discardableResult
  func commit(_ message: String, date: String) throws -> String {
    try git(["add", "-A"], date: date)
    try git(["commit", "-q", "-m", message], date: date)
    return try git(["rev-parse", "HEAD"])
  }
}

@Suite struct BuiltAfterTests {
  static func junit(_ timestamp: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuite name="api" tests="1" failures="0" errors="0" timestamp="\(timestamp)">
      <testcase classname="api" name="checkout"/>
    </testsuite>
    """
  }

  func findings(_ repository: RecordRepository, _ yaml: String, root: URL? = nil) throws
    -> [Finding]
  {
    let check = try decodeCheck(yaml)
    let cache = EvidenceCache(root: EvidenceRoot(root ?? repository.root))
    return EvidenceBinding.evaluate(
      check, kind: type(of: check).description.kind,
      context: EvaluationContext(cache: cache, now: releaseDay))
  }

  @Test func testResultsFromBeforeTheLastSourceChangeFail() throws {
    let repository = try RecordRepository()
    try repository.git(["init", "-q"])
    try repository.write("src/app.swift", "let a = 1\n")
    try repository.commit("first", date: "2026-11-20T10:00:00Z")
    try repository.write("build/results.xml", Self.junit("2026-11-25T08:00:00"))
    try repository.write("docs/notes.md", "notes\n")
    try repository.commit("results", date: "2026-11-25T09:00:00Z")
    try repository.write("src/app.swift", "let a = 2\n")
    let change = try repository.commit("change", date: "2026-11-28T12:00:00Z")
    try repository.write("docs/notes.md", "more notes\n")
    try repository.commit("docs only", date: "2026-11-29T12:00:00Z")
    let found = try findings(
      repository, "kind: junit\nfile: build/results.xml\nbuilt_after: [src/**]")
    #expect(found.map(\.status) == [.fail])
    #expect(
      found.first?.message
        == "build/results.xml (timestamp 2026-11-25T08:00:00Z) is older than the last change to src/** (commit \(change.prefix(7)), 2026-11-28T12:00:00Z): it does not describe the sources being released; produce it again from the release commit"
    )
    #expect(found.first?.evidence == EvidenceLocation(file: "build/results.xml", line: 2))
    // Only changes to the named sources count: docs/ changed later, the verdict stands.
    let docs = try findings(
      repository, "kind: junit\nfile: build/results.xml\nbuilt_after: [docs/*.md]")
    #expect(docs.map(\.status) == [.fail])
    let older = try findings(
      repository, "kind: junit\nfile: build/results.xml\nbuilt_after: [src/*.c]")
    #expect(older.map(\.status) == [.error])
    #expect(older.first?.message.hasPrefix("no commit in the history touches src/*.c") == true)
  }

  @Test func evidenceWithoutADateUsesItsLastCommit() throws {
    let repository = try RecordRepository()
    try repository.git(["init", "-q"])
    try repository.write("src/app.swift", "let a = 1\n")
    let source = try repository.commit("source", date: "2026-11-20T10:00:00Z")
    try repository.write("reports/perf.txt", "fine\n")
    let evidence = try repository.commit("evidence", date: "2026-11-21T10:00:00Z")
    let found = try findings(
      repository, "kind: file\nfile: reports/perf.txt\nbuilt_after: [src/**]")
    #expect(found.map(\.status) == [.pass])
    #expect(
      found.first?.message
        == "reports/perf.txt (last commit \(evidence.prefix(12)) 2026-11-21T10:00:00Z) is newer than the last change to src/** (commit \(source.prefix(7)), 2026-11-20T10:00:00Z)"
    )
  }

  @Test func aShallowCloneFailsClosedWithTheFix() throws {
    let repository = try RecordRepository()
    try repository.git(["init", "-q", "origin"])
    let origin = repository.root.appendingPathComponent("origin")
    try repository.write("origin/src/app.swift", "let a = 1\n")
    try repository.git(["add", "-A"], in: origin)
    try repository.git(["commit", "-q", "-m", "one"], in: origin, date: "2026-11-20T10:00:00Z")
    try repository.write("origin/build/results.xml", Self.junit("2026-11-25T08:00:00"))
    try repository.git(["add", "-A"], in: origin)
    try repository.git(["commit", "-q", "-m", "two"], in: origin, date: "2026-11-25T10:00:00Z")
    try repository.git(["clone", "-q", "--depth", "1", "file://" + origin.path, "shallow"])
    let shallow = repository.root.appendingPathComponent("shallow")
    let found = try findings(
      repository, "kind: junit\nfile: build/results.xml\nbuilt_after: [src/**]", root: shallow)
    #expect(found.map(\.status) == [.error])
    let message = try #require(found.first?.message)
    #expect(
      message.hasPrefix(
        "cannot tell whether build/results.xml is newer than the last change to src/**: the git history cannot be read because the repository is a shallow clone"
      ))
    #expect(
      message.hasSuffix(
        "fetch the full history (for example `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
      ))
  }

  @Test func outsideGitBuiltAfterIsAnError() throws {
    let root = try TempRoot(["results.xml": Self.junit("2026-11-25T08:00:00")])
    let check = try decodeCheck("kind: junit\nfile: results.xml\nbuilt_after: [src/**]")
    let found = EvidenceBinding.evaluate(
      check, kind: "junit", context: EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(found.map(\.status) == [.error])
    #expect(
      found.first?.message.contains("the evidence root is not inside a git repository") == true)
  }
}

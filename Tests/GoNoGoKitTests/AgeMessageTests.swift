import Foundation
import Testing

@testable import GoNoGoKit

/// When no age can be established, the message is one whole sentence that says why and how
/// to fix it.
@Suite struct AgeMessageTests {
  /// Runs git in `directory`, returning its standard output.
  @discardableResult
  func git(_ arguments: [String], in directory: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        "git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c",
        "protocol.file.allow=always",
      ] + arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    for key in ["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
      environment[key] = "2026-10-01T12:00:00Z"
    }
    for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { environment[key] = "Dana" }
    for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { environment[key] = "dana@example.com" }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func aShallowCloneExplainsItselfInOneSentence() throws {
    let root = try TempRoot(["source/docs/old.md": "old\n"])
    let source = root.url.appendingPathComponent("source")
    try git(["init", "-q"], in: source)
    try git(["add", "docs/old.md"], in: source)
    try git(["commit", "-q", "-m", "old"], in: source)
    try Data("new\n".utf8).write(to: source.appendingPathComponent("docs/new.md"))
    try git(["add", "docs/new.md"], in: source)
    try git(["commit", "-q", "-m", "new"], in: source)
    try git(["clone", "-q", "--depth", "1", source.absoluteString, "clone"], in: root.url)
    let clone = root.url.appendingPathComponent("clone")
    let head = try git(["rev-parse", "HEAD"], in: clone)
    let context = EvaluationContext(
      cache: EvidenceCache(root: EvidenceRoot(clone)), now: releaseDay)
    let findings = try decodeCheck("kind: file\nfile: docs/old.md\nmax_age: 90d").evaluate(context)
    #expect(
      findings == [
        .error(
          "cannot establish the age of docs/old.md: it carries no date, and its git history is "
            + "not available because the repository is a shallow clone that holds no history of "
            + "docs/old.md before commit \(head.prefix(12)); fetch the full history (for example "
            + "`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)",
          evidence: EvidenceLocation(file: "docs/old.md"))
      ])
  }

  @Test func everyGitReasonCompletesTheSentence() {
    let reasons = [
      GitReadError.corrupt("bad header"), .missingObject("0123abcd"),
      .unsupported("the reftable ref storage format"), .tooLarge("a packed object"),
      .tooManyCommits(200_000), .outsideWorkTree("/repo"),
    ].map { $0.reason(forPath: "docs/a.md") }
    #expect(
      reasons == [
        "the repository data is corrupt or unreadable (bad header)",
        "git object 0123abcd is missing from the repository, so the clone may be partial or "
          + "damaged",
        "the repository uses the reftable ref storage format, which gonogo cannot read",
        "a packed object in the repository is larger than the 64 MiB limit",
        "more than 200000 commits would have to be searched for the last change to docs/a.md",
        "docs/a.md is not inside the git work tree at /repo",
      ])
  }
}

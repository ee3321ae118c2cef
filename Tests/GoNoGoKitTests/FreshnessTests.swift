import Foundation
import Testing

@testable import GoNoGoKit

/// Ages come from git history (never mtimes) when the evidence carries no date of its own.
@Suite struct FreshnessTests {
  /// A repository whose `docs/oncall.md` was committed on 2026-10-01 and `docs/new.md` never.
  func repository() throws -> TempRoot {
    let root = try TempRoot(["docs/oncall.md": "Primary: Dana\n", "docs/new.md": "draft\n"])
    func git(_ arguments: String...) throws {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments =
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + arguments
      process.currentDirectoryURL = root.url
      var environment = ProcessInfo.processInfo.environment
      for key in ["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
        environment[key] = "2026-10-01T12:00:00Z"
      }
      for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { environment[key] = "Dana" }
      for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] {
        environment[key] = "dana@example.com"
      }
      process.environment = environment
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "git \(arguments)")
    }
    try git("init", "-q")
    try git("add", "docs/oncall.md")
    try git("commit", "-q", "-m", "on-call doc")
    // A fresh modification time must not make the file look new.
    try Data("Primary: Dana\n".utf8).write(to: root.url.appendingPathComponent("docs/oncall.md"))
    return root
  }

  @Test func ageComesFromTheLastCommit() throws {
    let root = try repository()
    let context = EvaluationContext(cache: root.cache, now: releaseDay)
    let fresh = try decodeCheck("kind: file\nfile: docs/oncall.md\nmax_age: 90d").evaluate(context)
    #expect(fresh.map(\.status) == [.pass])
    #expect(fresh.first?.message.hasPrefix("docs/oncall.md is 60 days old (last commit ") == true)
    #expect(fresh.first?.message.hasSuffix(" 2026-10-01), within max_age 90d") == true)
    let stale = try decodeCheck("kind: file\nfile: docs/oncall.md\nmax_age: 30d").evaluate(context)
    #expect(stale.map(\.status) == [.fail])
    #expect(stale.first?.measured?["age_days"] == .double(60.9))
  }

  @Test func anUncommittedFileHasNoEstablishedAge() throws {
    let root = try repository()
    let context = EvaluationContext(cache: root.cache, now: releaseDay)
    let findings = try decodeCheck("kind: file\nfile: docs/new.md\nmax_age: 30d").evaluate(context)
    #expect(
      findings == [
        .error(
          "cannot establish the age of docs/new.md: it carries no date and is not committed to git",
          evidence: EvidenceLocation(file: "docs/new.md"))
      ])
  }

  @Test func evidenceDatedInTheFutureIsAnError() throws {
    let findings = try evaluate(
      "kind: markdown\nfile: a.md\nmax_age: 30d",
      files: ["a.md": "---\nlast_reviewed: 2027-01-01\n---\n# A\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "a.md is dated in the future (front-matter last_reviewed 2027-01-01); cannot establish its age"
    )
  }
}

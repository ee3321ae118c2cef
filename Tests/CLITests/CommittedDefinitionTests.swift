import Foundation
import Testing

/// `gonogo diff REV:PATH` where PATH names definitions: they are judged against the evidence as
/// committed at REV, and the report's paths are relative to the repository top.
@Suite(.serialized) struct CommittedDefinitionTests {
  static let now = "2026-11-15T09:00:00Z"

  /// A repository whose `release/` directory holds the history checklist; the runbook is written
  /// in the first commit and emptied in the second, and the work tree fixes it again.
  static func repository() throws -> Scratch {
    let scratch = try Scratch()
    try scratch.run(["git", "init", "-q", "-b", "main"])
    try scratch.write("release/readiness.yaml", historyChecklist)
    try scratch.write("release/build/tests.txt", "412 passed\n")
    try scratch.write("release/notes.md", "Notes\n")
    try scratch.write("release/support/faq.md", "FAQ\n")
    try scratch.write("README.md", "Outside the release directory\n")
    for runbook in ["Rollback: page the on-call.\n", ""] {
      try scratch.write("release/docs/runbook.md", runbook)
      try scratch.run(["git", "add", "-A"])
      try scratch.run(["git", "commit", "-q", "-m", "runbook: \(runbook.count) bytes"])
    }
    try scratch.write("release/docs/runbook.md", "Rollback: page the on-call; then the lead.\n")
    return scratch
  }

  func diff(_ arguments: [String], in scratch: Scratch) throws -> GoNoGoRun {
    try GoNoGoRun(["diff"] + arguments + ["--old-now", Self.now, "--now", Self.now], in: scratch.url)
  }

  /// Leftover directories that revisions were written out to.
  func writtenOut() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
      .filter { $0.hasPrefix("gonogo-revision-") }
  }

  @Test func aChecklistAtARevisionIsJudgedAgainstTheEvidenceAsCommitted() throws {
    let scratch = try Self.repository()
    let before = try writtenOut()
    let regressed = try diff(
      ["HEAD~1:release/readiness.yaml", "HEAD:release/readiness.yaml"], in: scratch)
    #expect(regressed.stderr == "")
    #expect(regressed.status == 1)
    #expect(regressed.stdout.hasPrefix("""
      Verdict GO → NO-GO — 1 regressed (regression)
        old: HEAD~1:release/readiness.yaml (2026-11-15T09:00:00Z, GO)
        new: HEAD:release/readiness.yaml (2026-11-15T09:00:00Z, NO-GO)

      Verdict:
        GO → NO-GO (worse)

      Regressed (1):
        `sre.runbook` pass → fail [blocker, team-sre] Runbook is written
          - docs/runbook.md is empty

      """))
    // The work tree fixed the runbook: the committed HEAD is worse than what is on disk.
    let fixed = try diff(["HEAD:release/readiness.yaml", "release/readiness.yaml"], in: scratch)
    #expect(fixed.status == 0, "\(fixed.stderr)")
    #expect(fixed.stdout.contains("`sre.runbook` fail → pass"))
    #expect(try writtenOut() == before)
  }

  @Test func theReportsPathsAreRelativeToTheRepositoryTop() throws {
    let scratch = try Self.repository()
    let run = try diff(
      ["HEAD~1:release", "HEAD:release", "--format", "json"], in: scratch)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(!run.stdout.contains("gonogo-revision-"))
    let diff = try json(run.stdout)
    let regressed = try #require((diff["regressed"] as? [[String: Any]])?.first)
    #expect(regressed["id"] as? String == "sre.runbook")
    // Same definition file on both sides: an evaluation at a revision is not a renamed gate.
    #expect((diff["renamed"] as? [Any])?.isEmpty ?? true)
    #expect((diff["added"] as? [Any])?.isEmpty ?? true)
    #expect((diff["removed"] as? [Any])?.isEmpty ?? true)
    let files = try #require(diff["evidence"] as? [[String: Any]])
    #expect(files.map { $0["path"] as? String } == ["release/docs/runbook.md"])
    let old = try #require(files.first?["old"] as? String)
    let new = try #require(files.first?["new"] as? String)
    #expect(old != new)
  }

  @Test func packedObjectsAndAnEvidenceRootAreWrittenOutToo() throws {
    let scratch = try Self.repository()
    try scratch.run(["git", "gc", "-q", "--aggressive"])
    let left = try FileManager.default.contentsOfDirectory(
      atPath: scratch.url.appendingPathComponent(".git/objects").path
    ).filter { $0.count == 2 }
    #expect(left.isEmpty, "git gc left loose objects: \(left)")
    let run = try diff(
      ["main~1:release/readiness.yaml", "main:release/readiness.yaml", "--root", "release"],
      in: scratch)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stdout.contains("`sre.runbook` pass → fail"))
    let outside = try diff(
      ["main~1:release/readiness.yaml", "release/readiness.yaml", "--root", "/"], in: scratch)
    #expect(outside.status == 2)
    #expect(outside.stderr.hasPrefix(
      "gonogo: main~1:release/readiness.yaml:1:1: error: the evidence root / is outside the git repository, so it has no version at main~1; give a --root inside "))
  }

  @Test func aBrokenCommittedChecklistIsNamedAtItsLine() throws {
    let scratch = try Self.repository()
    try scratch.write("release/readiness.yaml", historyChecklist + "extra: [unclosed\n")
    try scratch.run(["git", "commit", "-q", "-am", "a broken checklist"])
    let run = try diff(["HEAD:release/readiness.yaml", "HEAD~1:release/readiness.yaml"], in: scratch)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("gonogo: release/readiness.yaml:47:"), "\(run.stderr)")
    #expect(!run.stderr.contains("gonogo-revision-"))
    let missing = try diff(["HEAD:release/nothing.yaml", "HEAD~1:release"], in: scratch)
    #expect(missing.status == 2)
    #expect(missing.stderr == """
      gonogo: HEAD:release/nothing.yaml:1:1: error: release/nothing.yaml does not exist at revision HEAD

      """)
  }
}

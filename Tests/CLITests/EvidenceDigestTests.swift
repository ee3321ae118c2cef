import Foundation
import Testing

/// The JSON report names every definition and evidence file the run used, with its SHA-256 and
/// size, so a later run can tell whether the evidence behind a verdict changed.
@Suite struct EvidenceDigestTests {
  /// A checklist with a runbook (read), a sign-off file (read) and an existence-only check.
  static let checklist = """
    version: 1
    program: digests
    release: 1.0.0
    gates:
      - id: sre.runbook
        title: Runbook
        owner: team-sre
        severity: blocker
        check:
          kind: markdown
          file: docs/runbook.md
          sections: [Rollback]
      - id: sre.dashboard
        title: Dashboard exists
        owner: team-sre
        severity: major
        check:
          kind: file
          file: dash.json
    """

  func writeRoot() throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-digest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
    try Data(EvidenceDigestTests.checklist.utf8).write(
      to: root.appendingPathComponent("readiness.yaml"))
    try Data("# Runbook\n\n## Rollback\n\nRevert the deploy.\n".utf8).write(
      to: root.appendingPathComponent("docs/runbook.md"))
    try Data("hello\n".utf8).write(to: root.appendingPathComponent("dash.json"))
    return root
  }

  @Test func theJSONReportListsEachFileWithItsDigestAndSize() throws {
    let root = try writeRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--format", "json"], in: root)
    #expect(run.status == 0, "\(run.stderr)")
    let report = try json(run.stdout)
    let evidence = try #require(report["evidence_files"] as? [[String: Any]])
    #expect(evidence.map { $0["path"] as? String } == ["dash.json", "docs/runbook.md"])
    // sha256("hello\n"), as `sha256sum` prints it.
    #expect(
      evidence[0]["sha256"] as? String
        == "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
    #expect(evidence[0]["size"] as? Int == 6)
    #expect(evidence[1]["size"] as? Int == 43)
    let runbook = try Data(contentsOf: root.appendingPathComponent("docs/runbook.md"))
    #expect(evidence[1]["sha256"] as? String == sha256sum(runbook))
    let definitions = try #require(report["definition_files"] as? [[String: Any]])
    #expect(definitions.map { $0["path"] as? String } == ["readiness.yaml"])
    let checklist = try Data(contentsOf: root.appendingPathComponent("readiness.yaml"))
    #expect(definitions[0]["sha256"] as? String == sha256sum(checklist))
    #expect(definitions[0]["size"] as? Int == checklist.count)
  }

  @Test func aChangedEvidenceByteChangesOnlyThatFilesDigest() throws {
    let root = try writeRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let before = try json(
      GoNoGoRun(["check", ".", "--now", releaseDay, "--format", "json"], in: root).stdout)
    try Data("hellO\n".utf8).write(to: root.appendingPathComponent("dash.json"))
    let after = try json(
      GoNoGoRun(["check", ".", "--now", releaseDay, "--format", "json"], in: root).stdout)
    let old = try #require(before["evidence_files"] as? [[String: Any]])
    let new = try #require(after["evidence_files"] as? [[String: Any]])
    #expect(old[0]["sha256"] as? String != new[0]["sha256"] as? String)
    #expect(old[1]["sha256"] as? String == new[1]["sha256"] as? String)
  }

  @Test func aProgramNamesEvidenceFromEachWorkstreamsDirectory() throws {
    let run = try GoNoGoRun(["check", SampleTests.go, "--now", releaseDay, "--format", "json"])
    let report = try json(run.stdout)
    let evidence = try #require(report["evidence_files"] as? [[String: Any]])
    let paths = evidence.compactMap { $0["path"] as? String }
    #expect(paths == paths.sorted())
    #expect(paths.contains("samples/checkout-launch/api/build/junit.xml"))
    #expect(evidence.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
    let definitions = try #require(report["definition_files"] as? [[String: Any]])
    #expect(
      definitions.compactMap { $0["path"] as? String }.contains(
        "samples/checkout-launch/program.yaml"))
  }
}

/// `sha256sum`'s digest of bytes: the system tool, an implementation independent of gonogo's.
func sha256sum(_ data: Data) -> String {
  let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
  try? data.write(to: file)
  defer { try? FileManager.default.removeItem(at: file) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["sha256sum", file.path]
  let pipe = Pipe()
  process.standardOutput = pipe
  try? process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return String(output.prefix(64))
}

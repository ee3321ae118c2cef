import Foundation
import Testing

/// `explain` judges a gate against the same release as `check`: `--revision` and `--subject`
/// reach the revision binding, so the explanation of a bound gate says what `check` said.
@Suite struct ExplainReleaseTests {
  static let checklist = """
    version: 1
    program: shop
    release: 2.4.0
    gates:
      - id: security.scan
        title: No high findings in the code scan
        owner: team-sec
        severity: blocker
        check:
          kind: vulnerabilities
          file: scan.sarif
          max_severity: high
    """
  static let scan =
    #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"semgrep"}},"results":[],"versionControlProvenance":[{"repositoryUri":"https://example.com/shop","revisionId":"4f2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b"}]}]}"#

  @Test func explainNamesTheCommitTheScanDescribesAndTheRelease() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-explain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Data(Self.checklist.utf8).write(to: root.appendingPathComponent("readiness.yaml"))
    try Data(Self.scan.utf8).write(to: root.appendingPathComponent("scan.sarif"))
    let release = "9b77e12aa0c8f1e0d1c2b3a4958677665544332a"
    let check = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--revision", release], in: root)
    #expect(check.status == 1)
    let explain = try GoNoGoRun(
      ["explain", "security.scan", ".", "--now", releaseDay, "--revision", release], in: root)
    // The text report wraps at 80 columns: the first line of the finding is compared.
    let message = "scan.sarif: the scan describes 4f2a1c0, the release is 9b77e12"
    #expect(check.stdout.contains(message), "\(check.stdout)")
    #expect(explain.stdout.contains(message), "\(explain.stdout)")
    let same = try GoNoGoRun(
      [
        "explain", "security.scan", ".", "--now", releaseDay, "--revision",
        "4f2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b",
      ], in: root)
    #expect(!same.stdout.contains("the release is"), "\(same.stdout)")
    #expect(same.stdout.contains("describes the release 4f2a1c0"), "\(same.stdout)")
  }
}

import Foundation
import Testing

@Suite struct StepSummaryTests {
  @Test func theGitHubFormatAppendsTheMarkdownReportToTheStepSummary() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-summary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let summary = directory.appendingPathComponent("summary.md")
    try Data("# Earlier step\n".utf8).write(to: summary)
    let markdown = directory.appendingPathComponent("report.md").path
    let run = try GoNoGoRun(
      [
        "check", SampleTests.noGo, "--now", releaseDay, "--format", "github", "--output",
        "markdown=\(markdown)",
      ], environment: ["GITHUB_STEP_SUMMARY": summary.path])
    #expect(run.status == 1)
    #expect(run.stdout.hasPrefix("::error file=samples/payments-migration/readiness.yaml,line=20,"))
    let written = try String(contentsOf: summary, encoding: .utf8)
    #expect(written == "# Earlier step\n" + (try String(contentsOfFile: markdown, encoding: .utf8)))
    #expect(written.contains("## 🔴 NO-GO · payments-ledger 3.0.0\n"))
  }

  @Test func otherFormatsLeaveTheStepSummaryAlone() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-summary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let summary = directory.appendingPathComponent("summary.md")
    try Data().write(to: summary)
    let run = try GoNoGoRun(
      ["check", SampleTests.go, "--now", releaseDay, "--format", "json"],
      environment: ["GITHUB_STEP_SUMMARY": summary.path])
    #expect(run.status == 0)
    #expect(try Data(contentsOf: summary).isEmpty)
  }
}

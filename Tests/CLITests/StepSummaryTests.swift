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
    #expect(written.contains("9 blockers failing · 1 major gate failing · 0 waivers in use"))
    // The failing test case and the rollout plan's line reach the annotations too.
    #expect(
      run.stdout.contains(
        "::error file=samples/payments-migration/reports/reconciliation-junit.xml,line=1,"
          + "title=Blocker gate ledger.reconciliation-tests failed::"))
    #expect(
      run.stdout.contains(
        "::error file=samples/payments-migration/rollout.yaml,line=28,col=5,"
          + "title=Blocker gate rollout.freeze failed::"))
  }

  @Test func aProgramAnnotatesTheWorkstreamsEvidenceAndSummarisesOnce() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-summary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let summary = directory.appendingPathComponent("summary.md")
    try Data().write(to: summary)
    let run = try GoNoGoRun(
      ["check", SampleTests.go, "--now", releaseDay, "--format", "github"],
      environment: ["GITHUB_STEP_SUMMARY": summary.path])
    #expect(run.status == 0)
    // The minor failure is annotated at its line in the Frontend workstream's folder.
    #expect(
      run.stdout.hasPrefix(
        "::notice file=samples/checkout-launch/web/a11y-audit.md,line=24,col=1,"
          + "title=Minor gate web.a11y-followups failed::"))
    #expect(
      run.stdout.hasSuffix(
        "::notice title=gonogo%3A GO::checkout-v2 2.4.0 is GO: 0 blockers failing, 0 major gates "
          + "failing, 0 waivers in use. The job summary has the full report.\n"))
    let written = try String(contentsOf: summary, encoding: .utf8)
    #expect(written.hasPrefix("## 🟢 GO · checkout-v2 2.4.0\n"))
    #expect(written.components(separatedBy: "## 🟢 GO").count == 2)
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

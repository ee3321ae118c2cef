import Foundation
import Testing

/// A temporary directory removed at the end of the test.
final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-history-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `text` at `path` (relative), creating directories.
  func write(_ path: String, _ text: String) throws {
    let file = url.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  /// Runs a tool (git) in the directory; throws when it fails.
  @discardableResult
  func run(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = url
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_AUTHOR_NAME"] = "Release Manager"
    environment["GIT_AUTHOR_EMAIL"] = "rm@example.com"
    environment["GIT_COMMITTER_NAME"] = "Release Manager"
    environment["GIT_COMMITTER_EMAIL"] = "rm@example.com"
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["HOME"] = url.path
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ToolFailure(description: "\(arguments.joined(separator: " ")) failed: \(output)")
    }
    return output
  }

  struct ToolFailure: Error, CustomStringConvertible {
    var description: String
  }
}

/// The checklist of the history tests: four gates whose evidence files the tests change.
let historyChecklist = """
  version: 1
  program: checkout
  release: 2.4.0
  gates:
    - id: sre.runbook
      title: Runbook is written
      owner: team-sre
      severity: blocker
      category: sre
      check:
        kind: file
        file: docs/runbook.md
    - id: quality.tests
      title: Test summary is present
      owner: team-api
      severity: major
      category: quality
      check:
        kind: file
        file: build/tests.txt
    - id: comms.notes
      title: Release notes are written
      owner: team-comms
      severity: minor
      category: comms
      check:
        kind: file
        file: notes.md
    - id: support.faq
      title: Support FAQ is written
      owner: team-support
      severity: major
      category: support
      check:
        kind: file
        file: support/faq.md
  waivers:
    - gate: quality.tests
      reason: test farm migration, tracked in QA-7
      approved_by: VP Engineering
      expires: 2026-11-20
    - gate: support.faq
      reason: FAQ rewrite after the pricing change, SUP-12
      approved_by: Head of Support
      expires: 2026-12-31

  """

/// `gonogo trend` over 30 reports that `gonogo check` wrote on 30 days while the evidence changed.
@Suite(.serialized) struct TrendCommandTests {
  /// Run `day` (0…29) is evaluated at 2026-11-01T09:00Z plus `day` days. An empty evidence
  /// file fails its gate:
  /// - sre.runbook (blocker) fails on days 0–4 and 20–21;
  /// - quality.tests (major) fails from day 10 (waived until the waiver expires on 11-20);
  /// - comms.notes (minor) fails on days 1, 3, 5, 7;
  /// - support.faq (major) fails from day 25, waived.
  static func makeHistory(in scratch: Scratch) throws -> [String] {
    try scratch.write("readiness.yaml", historyChecklist)
    var reports: [String] = []
    for day in 0..<30 {
      let content = { (passing: Bool) in passing ? "Written on day \(day).\n" : "" }
      try scratch.write("docs/runbook.md", content(!(0...4).contains(day) && !(20...21).contains(day)))
      try scratch.write("build/tests.txt", content(day < 10))
      try scratch.write("notes.md", content(day >= 8 || day % 2 == 0))
      try scratch.write("support/faq.md", content(day < 25))
      let now = Self.now(day: day)
      let run = try GoNoGoRun(
        ["check", "readiness.yaml", "--now", now, "--format", "json"], in: scratch.url)
      #expect(run.stderr == "")
      let name = String(format: "history/run-%02d.json", day)
      try scratch.write(name, run.stdout)
      reports.append(name)
    }
    // The last report kept twice (an artifact downloaded again): collapsed as a duplicate.
    try scratch.write("history/run-29-copy.json", try String(
      contentsOf: scratch.url.appendingPathComponent("history/run-29.json"), encoding: .utf8))
    return reports
  }

  /// 2026-11-01T09:00:00Z plus `day` days (November has 30).
  static func now(day: Int) -> String { String(format: "2026-11-%02dT09:00:00Z", day + 1) }

  @Test func kpisOverThirtyRunsAreExact() throws {
    let scratch = try Scratch()
    _ = try Self.makeHistory(in: scratch)
    let run = try GoNoGoRun(["trend", "history/*.json", "--format", "json"], in: scratch.url)
    #expect(run.status == 0, "\(run.stderr)")
    let trend = try json(run.stdout)
    #expect(trend["schema"] as? String == "gonogo.trend/v1")
    #expect(trend["inputs"] as? Int == 31)
    #expect(trend["duplicates_collapsed"] as? Int == 1)
    let runs = try #require(trend["runs"] as? [[String: Any]])
    #expect(runs.count == 30)
    #expect(runs.map { $0["blockers_failing"] as? Int } == (0..<30).map {
      (0...4).contains($0) || (20...21).contains($0) ? 1 : 0
    })
    #expect(runs.map { $0["verdict"] as? String } == (0..<30).map { day -> String in
      if (0...4).contains(day) || (20...21).contains(day) { return "no-go" }
      if day >= 10 { return "conditional-go" }
      return "go"
    })
    let last = try #require(runs.last)
    #expect(last["now"] as? String == "2026-11-30T09:00:00Z")
    #expect(last["evaluated"] as? Int == 3)
    #expect(last["passed"] as? Int == 2)
    #expect(last["waived"] as? Int == 1)
    #expect(last["pass_rate"] as? Double == 0.6667)
    #expect(last["majors_failing"] as? Int == 1)
    #expect(last["waivers_in_use"] as? Int == 1)
    #expect(runs[1]["pass_rate"] as? Double == 0.5)  // runbook and notes fail; 2 of 4

    let episodes = try #require(trend["time_to_green"] as? [[String: Any]])
    let summary = episodes.map {
      "\($0["gate"] as? String ?? "") \($0["failed_at"] as? String ?? "") "
        + "\($0["days"] as? Double ?? -1) \($0["open"] as? Bool ?? false)"
    }
    #expect(summary == [
      "sre.runbook 2026-11-01T09:00:00Z 5.0 false",
      "comms.notes 2026-11-02T09:00:00Z 1.0 false",
      "comms.notes 2026-11-04T09:00:00Z 1.0 false",
      "comms.notes 2026-11-06T09:00:00Z 1.0 false",
      "comms.notes 2026-11-08T09:00:00Z 1.0 false",
      "quality.tests 2026-11-11T09:00:00Z 19.0 true",
      "sre.runbook 2026-11-21T09:00:00Z 2.0 false",
      "support.faq 2026-11-26T09:00:00Z 4.0 true",
    ])

    let groups = try #require(trend["groups"] as? [[String: Any]])
    func group(_ kind: String, _ name: String) -> [String: Any] {
      groups.first { $0["kind"] as? String == kind && $0["name"] as? String == name } ?? [:]
    }
    #expect(group("category", "sre")["median_days_to_green"] as? Double == 3.5)
    #expect(group("category", "sre")["worst_days_to_green"] as? Double == 5.0)
    #expect(group("category", "sre")["window_pass_rate"] as? Double == 0.7667)  // 23 / 30
    #expect(group("category", "comms")["median_days_to_green"] as? Double == 1.0)
    #expect(group("category", "quality")["open_failures"] as? Int == 1)
    #expect(group("category", "quality")["window_evaluated"] as? Int == 20)
    #expect(group("category", "quality")["window_passed"] as? Int == 10)
    #expect(group("category", "quality")["median_days_to_green"] is NSNull)
    #expect(group("program", "checkout")["window_evaluated"] as? Int == 105)
    #expect(group("program", "checkout")["window_passed"] as? Int == 84)
    #expect(group("program", "checkout")["window_pass_rate"] as? Double == 0.8)
    #expect(group("program", "checkout")["majors_failing"] as? Int == 1)

    let flapping = try #require(trend["flapping"] as? [[String: Any]])
    #expect(flapping.map { "\($0["gate"] as? String ?? "") \($0["flips"] as? Int ?? 0)" } == [
      "comms.notes 8", "sre.runbook 3",
    ])
    let blocking = try #require(trend["blocking"] as? [[String: Any]])
    #expect(blocking.map { "\($0["gate"] as? String ?? "") \($0["runs_blocking"] as? Int ?? 0)" } == [
      "sre.runbook 7"
    ])
    let debt = try #require(trend["waiver_debt"] as? [String: Any])
    #expect(debt["in_use"] as? Int == 1)
    #expect(debt["total_age_days"] as? Double == 4.0)
    #expect(debt["expired_while_needed"] as? Int == 1)
  }

  @Test func theMarkdownMatchesItsGolden() throws {
    let scratch = try Scratch()
    _ = try Self.makeHistory(in: scratch)
    let run = try GoNoGoRun(["trend", "history/*.json", "--format", "markdown"], in: scratch.url)
    #expect(run.status == 0)
    let golden = GoNoGoRun.fixtures.appendingPathComponent("history/trend.md")
    if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
      try Data(run.stdout.utf8).write(to: golden)
    }
    #expect(run.stdout == (try String(contentsOf: golden, encoding: .utf8)))
    if let directory = ProcessInfo.processInfo.environment["GONOGO_TREND_HTML_DIR"] {
      // Kept for the screenshot in docs/: the HTML of this very history.
      let html = try GoNoGoRun(["trend", "history/*.json", "--format", "html"], in: scratch.url)
      try Data(html.stdout.utf8).write(
        to: URL(fileURLWithPath: directory).appendingPathComponent("trend.html"))
    }
  }

  @Test func theHTMLHasChartsWithTablesAndNoScript() throws {
    let scratch = try Scratch()
    _ = try Self.makeHistory(in: scratch)
    let run = try GoNoGoRun(["trend", "history/*.json", "--format", "html"], in: scratch.url)
    #expect(run.status == 0)
    let html = run.stdout
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1
      == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
    #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
    #expect(html.contains("<caption>Pass rate per run</caption>"))
    #expect(html.contains("<caption>Failing gates per run</caption>"))
    #expect(html.contains("<caption>Gate failures by time to green</caption>"))
    // 30 runs: six date labels on each time axis, not thirty.
    #expect(html.components(separatedBy: ">2026-11-01</text>").count - 1 == 2)
    #expect(html.components(separatedBy: ">2026-11-30</text>").count - 1 == 2)
  }

  @Test func aMissingReportExits2WithItsName() throws {
    let scratch = try Scratch()
    let run = try GoNoGoRun(["trend", "nothing/*.json"], in: scratch.url)
    #expect(run.status == 2)
    #expect(run.stderr == "gonogo: nothing/*.json:1:1: error: no report matches; check the path or glob\n")
  }
}

/// `gonogo diff` end to end: definitions evaluated now, and `REV:PATH` from a git repository.
@Suite(.serialized) struct DiffCommandTests {
  @Test func revisionPathsAreReadFromLooseAndPackedObjects() throws {
    let scratch = try Scratch()
    try scratch.run(["git", "init", "-q", "-b", "main"])
    try scratch.write("readiness.yaml", historyChecklist)
    for (day, runbook) in [(1, "Rollback: page the on-call.\n"), (2, "")] {
      try scratch.write("docs/runbook.md", runbook)
      try scratch.write("build/tests.txt", "412 passed\n")
      try scratch.write("notes.md", "Notes\n")
      try scratch.write("support/faq.md", "FAQ\n")
      let check = try GoNoGoRun(
        ["check", "readiness.yaml", "--now", "2026-11-0\(day)T09:00:00Z", "--format", "json"],
        in: scratch.url)
      try scratch.write("reports/readiness.json", check.stdout)
      try scratch.run(["git", "add", "-A"])
      try scratch.run(["git", "commit", "-q", "-m", "report of day \(day)"])
    }
    let expected = """
      Verdict GO → NO-GO — 1 regressed (regression)
        old: HEAD~1:reports/readiness.json (2026-11-01T09:00:00Z, GO)
        new: reports/readiness.json (2026-11-02T09:00:00Z, NO-GO)

      Verdict:
        GO → NO-GO (worse)

      Regressed (1):
        `sre.runbook` pass → fail [blocker, team-sre] Runbook is written
          - docs/runbook.md is empty

      """
    let loose = try GoNoGoRun(
      ["diff", "HEAD~1:reports/readiness.json", "reports/readiness.json"], in: scratch.url)
    #expect(loose.stderr == "")
    #expect(loose.status == 1)
    #expect(loose.stdout.hasPrefix(expected))
    let objects = scratch.url.appendingPathComponent(".git/objects")
    try scratch.run(["git", "gc", "-q", "--aggressive"])
    let left = try FileManager.default.contentsOfDirectory(atPath: objects.path)
      .filter { $0.count == 2 }
    #expect(left.isEmpty, "git gc left loose objects: \(left)")
    let packed = try GoNoGoRun(
      ["diff", "main~1:reports/readiness.json", "main:reports/readiness.json"], in: scratch.url)
    #expect(packed.status == 1)
    #expect(packed.stdout.contains("`sre.runbook` pass → fail"))
    let trend = try GoNoGoRun(
      ["trend", "--git", "main", "reports/readiness.json", "--format", "json"], in: scratch.url)
    #expect(trend.status == 0, "\(trend.stderr)")
    let runs = try #require(try json(trend.stdout)["runs"] as? [[String: Any]])
    #expect(runs.map { $0["verdict"] as? String } == ["go", "no-go"])
    let range = try GoNoGoRun(
      ["trend", "--git", "main~1..main", "reports/readiness.json", "--format", "json"],
      in: scratch.url)
    #expect((try json(range.stdout)["runs"] as? [[String: Any]])?.count == 1)
    let missing = try GoNoGoRun(
      ["diff", "nosuch~1:reports/readiness.json", "reports/readiness.json"], in: scratch.url)
    #expect(missing.status == 2)
    #expect(missing.stderr.hasPrefix(
      "gonogo: nosuch~1:reports/readiness.json:1:1: error: the revision 'nosuch' is not HEAD, a branch, a tag or a full commit id"))
  }

  @Test func definitionsAreEvaluatedAtTheirOwnTimes() throws {
    let scratch = try Scratch()
    try scratch.write("readiness.yaml", historyChecklist)
    try scratch.write("docs/runbook.md", "Runbook\n")
    try scratch.write("build/tests.txt", "")
    try scratch.write("notes.md", "Notes\n")
    try scratch.write("support/faq.md", "FAQ\n")
    // On 11-15 the waiver holds; on 11-25 it has expired and the major gate fails.
    let run = try GoNoGoRun(
      ["diff", "readiness.yaml", "readiness.yaml", "--old-now", "2026-11-15T09:00:00Z",
       "--now", "2026-11-25T09:00:00Z", "--format", "json"], in: scratch.url)
    #expect(run.status == 1, "\(run.stderr)")
    let diff = try json(run.stdout)
    #expect(diff["schema"] as? String == "gonogo.diff/v1")
    #expect((diff["regressed"] as? [[String: Any]])?.first?["id"] as? String == "quality.tests")
    #expect((diff["regressed"] as? [[String: Any]])?.first?["from"] as? String == "waived")
    #expect((diff["waivers"] as? [[String: Any]])?.first?["change"] as? String == "expired")
    let same = try GoNoGoRun(
      ["diff", "readiness.yaml", "readiness.yaml", "--old-now", "2026-11-15T09:00:00Z",
       "--now", "2026-11-15T09:00:00Z"], in: scratch.url)
    #expect(same.status == 0)
  }

  @Test func badInputExits2NamingTheFile() throws {
    let scratch = try Scratch()
    try scratch.write("a.json", "{\"schema\": \"gonogo.report/v7\", \"now\": \"2026-11-01T09:00:00Z\"}\n")
    try scratch.write("b.json", "{\"schema\": \"gonogo.report/v1\",\n \"now\": ]\n")
    let run = try GoNoGoRun(["diff", "a.json", "b.json"], in: scratch.url)
    #expect(run.status == 2)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.first == "gonogo: a.json:1:1: error: the report's schema is gonogo.report/v7, which this gonogo cannot read (it reads gonogo.report/v1, versions 1.x); use the gonogo release that wrote it")
    #expect(lines.count == 2)
    #expect(lines.last?.hasPrefix("gonogo: b.json:2:9: error: not a gonogo JSON report:") == true)
  }
}

/// The samples' committed history and what the README shows of it.
@Suite struct SampleHistoryTests {
  @Test func theReadmeShowsTheTrendOfTheCheckoutLaunchHistory() throws {
    let directory = GoNoGoRun.samples.appendingPathComponent("checkout-launch/history")
    let reports = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".json") }.sorted()
      .map { "samples/checkout-launch/history/\($0)" }
    #expect(reports.count == 5)
    let run = try GoNoGoRun(["trend"] + reports)
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("Readiness trend\n5 runs from 2026-11-17 09:00 to 2026-12-01 09:00 UTC\n"))
    let readme = try String(
      contentsOf: GoNoGoRun.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains("```\n" + run.stdout + "```\n"), "update the README's trend output")
  }

  @Test func theRolloutSampleHistoryDiffsWithARegression() throws {
    let run = try GoNoGoRun([
      "diff", "samples/payments-migration/history/readiness-2026-11-27.json",
      "samples/payments-migration/history/readiness-2026-11-30.json", "--format", "json",
    ])
    #expect(run.status == 1)
    let diff = try json(run.stdout)
    #expect((diff["regressed"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
      "data.cutover-rehearsal", "security.vulnerabilities",
    ])
    #expect((diff["waivers"] as? [[String: Any]])?.first?["change"] as? String == "expired")
  }
}

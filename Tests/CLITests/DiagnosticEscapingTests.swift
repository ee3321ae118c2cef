import Foundation
import Testing

/// A scratch folder of definition and evidence files, removed afterwards.
final class ScratchFolder {
  let url: URL

  init(_ files: [String: String]) throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-cli-\(UUID().uuidString)")
    for (path, text) in files {
      let file = url.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: file)
    }
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// Text from definitions reaches the terminal on stderr with its control characters shown,
/// exactly as the text report shows them: a gate id cannot recolour or move the terminal.
@Suite struct DiagnosticEscapingTests {
  static let checklist = """
    version: 1
    program: demo
    release: 1.0.0
    gates:
      - id: "sre.\\e[31mrunbook"
        title: Runbook exists
        owner: team-sre
        severty: blocker
        check:
          kind: file
          file: runbook.md

    """

  static let expected =
    "readiness.yaml:5:9: error: gate id 'sre.\\u{1b}[31mrunbook' may only use lowercase "
    + "letters, digits, '.', '-' and '_'\n"

  @Test(arguments: [["check"], ["validate"], ["explain", "sre.runbook"]])
  func controlCharactersInAGateIdAreShownNotSent(_ command: [String]) throws {
    let folder = try ScratchFolder(["readiness.yaml": Self.checklist, "runbook.md": "# R\n"])
    let run = try GoNoGoRun(
      command + ["readiness.yaml", "--now", releaseDay], in: folder.url)
    #expect(run.status == 2)
    #expect(!run.stderr.unicodeScalars.contains("\u{1B}"))
    #expect(run.stderr.hasPrefix(Self.expected))
  }

  @Test func aGateIdAskedForOnTheCommandLineIsShownNotSent() throws {
    let folder = try ScratchFolder([
      "readiness.yaml": Self.checklist.replacingOccurrences(of: "severty", with: "severity")
        .replacingOccurrences(of: "\\e[31m", with: ""),
      "runbook.md": "# R\n",
    ])
    let run = try GoNoGoRun(
      ["explain", "x\u{1B}]0;owned\u{07}", "readiness.yaml", "--now", releaseDay], in: folder.url)
    #expect(run.status == 2)
    #expect(!run.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(run.stderr.hasPrefix("gonogo: error: no gate has the id 'x\\u{1b}]0;owned\\u{7}'"))
  }
}

extension DiagnosticEscapingTests {
  @Test func planDiagnosticsShowControlCharactersToo() throws {
    let folder = try ScratchFolder([
      "rollout.yaml": """
        service: "checkout\\e]0;owned\\a"
        start: 2026-12-01T09:00:00Z
        timezone: UTC
        strategy: big-bang
        phases:
          - name: "all\\e[2J"
            traffic: 100%
            bak: 2h

        """
    ])
    let run = try GoNoGoRun(["plan", "rollout.yaml", "--now", releaseDay], in: folder.url)
    #expect(run.status == 2)
    #expect(!run.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(run.stderr.contains("'all\\u{1b}[2J'"))
  }
}

/// `--now` names a moment that exists, or the command stops before doing anything.
@Suite struct ImpossibleNowTests {
  @Test(arguments: [
    (
      "2026-02-30T09:00:00Z",
      "--now '2026-02-30T09:00:00Z' does not exist: February 2026 has 28 days"
    ),
    ("2026-02-29", "--now '2026-02-29' does not exist: February 2026 has 28 days"),
    (
      "2026-12-01T24:00:00Z", "--now '2026-12-01T24:00:00Z' does not exist: hours run from 00 to 23"
    ),
  ])
  func anImpossibleNowIsAUsageError(now: String, message: String) throws {
    let run = try GoNoGoRun(["check", "severty", "--now", now], in: GoNoGoRun.fixtures)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("gonogo: error: \(message)\n"))
  }
}

/// A pattern that would backtrack without end on the evidence makes its gate err within a
/// moment, in `check` and in `explain`.
@Suite struct RegexBudgetCLITests {
  static let files = [
    "readiness.yaml": """
    version: 1
    program: demo
    release: 1.0.0
    gates:
      - id: data.name
        title: The name is all a's
        owner: team-data
        severity: blocker
        check:
          kind: query
          file: data.json
          assert: name matches '^(a|a)*$'

    """,
    "data.json": #"{"name": "\#(String(repeating: "a", count: 40))!"}"#,
  ]

  static let message =
    "cannot evaluate 'name matches '^(a|a)*$'' on data.json: the pattern '^(a|a)*$' at "
    + "readiness.yaml:12:28 needs more than 1,000,000 steps on the value of name; anchor it "
    + "with ^ and $, and remove ambiguous alternation such as (a|a) or repetition nested in "
    + "repetition such as (a+)+"

  @Test func checkReportsNoGoWithTheLocatedError() throws {
    let folder = try ScratchFolder(Self.files)
    let started = Date()
    let run = try GoNoGoRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url)
    #expect(Date().timeIntervalSince(started) < 20)
    #expect(run.status == 1)
    let gate = try #require(gates(try json(run.stdout)).first)
    #expect(gate["status"] as? String == "error")
    let findings = gate["findings"] as? [[String: Any]] ?? []
    #expect(findings.map { $0["message"] as? String } == [Self.message])
  }

  @Test func explainShowsTheSameError() throws {
    let folder = try ScratchFolder(Self.files)
    let run = try GoNoGoRun(
      ["explain", "data.name", "readiness.yaml", "--now", releaseDay], in: folder.url)
    #expect(run.status == 0)
    #expect(run.stdout.contains(Self.message))
  }
}

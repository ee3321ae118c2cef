import Foundation
import Testing

/// One run of the built command that is stopped after `timeout` seconds: a hang fails the test
/// that asked for it instead of holding up the whole suite.
struct BoundedRun {
  var status: Int32
  var stdout: String
  var stderr: String
  var timedOut: Bool
  var seconds: Double

  init(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:],
    timeout: Double = 30
  ) throws {
    let process = GoNoGoRun.process(arguments, in: directory, environment: environment)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let started = Date()
    try process.run()
    let collected = Collected()
    let readers = DispatchGroup()
    DispatchQueue.global().async(group: readers) {
      collected.set(out: out.fileHandleForReading.readDataToEndOfFile())
    }
    DispatchQueue.global().async(group: readers) {
      collected.set(err: err.fileHandleForReading.readDataToEndOfFile())
    }
    timedOut = finished.wait(timeout: .now() + timeout) == .timedOut
    if timedOut {
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
    }
    readers.wait()
    seconds = Date().timeIntervalSince(started)
    status = process.terminationStatus
    stdout = String(decoding: collected.out, as: UTF8.self)
    stderr = String(decoding: collected.err, as: UTF8.self)
  }

  /// Control characters other than a line break or a tab, as sent to a terminal.
  static func rawControls(_ text: String) -> [UInt32] {
    text.unicodeScalars.filter {
      ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
    }.map(\.value)
  }
}

private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var outData = Data()
  private var errData = Data()
  var out: Data { lock.withLock { outData } }
  var err: Data { lock.withLock { errData } }
  func set(out data: Data) { lock.withLock { outData = data } }
  func set(err data: Data) { lock.withLock { errData = data } }
}

/// A checklist of one gate with the given check, indented under `check:`.
func oneGateChecklist(_ check: String, id: String = "data.gate") -> String {
  """
  version: 1
  program: demo
  release: 1.0.0
  gates:
    - id: \(id)
      title: The gate
      owner: team-data
      severity: blocker
      check:
  \(check.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))

  """
}

/// YAML evidence with `! 12` and friends is read as YAML 1.2 says, through `gonogo check`.
@Suite struct TaggedEvidenceCLITests {
  func status(_ evidence: String, _ assertion: String) throws -> String? {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: query\nfile: data.yaml\nassert: '\(assertion)'"),
      "data.yaml": evidence,
    ])
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url)
    #expect(!run.timedOut)
    return gates(try json(run.stdout)).first?["status"] as? String
  }

  @Test func theNonSpecificTagMakesTwelveAString() throws {
    #expect(try status("x: ! 12\n", #"x == "12""#) == "pass")
    #expect(try status("x: ! 12\n", "x == 12") == "fail")
    #expect(try status("x: 12\n", "x == 12") == "pass")
    #expect(try status("x: 12\n", #"x == "12""#) == "fail")
  }

  @Test func theNonSpecificTagKeepsBooleansNullsAndNumbersAsText() throws {
    #expect(try status("x: ! true\n", "x") == "error")
    #expect(try status("x: ! true\n", #"x == "true""#) == "pass")
    #expect(try status("x: ! null\n", #"x == "null""#) == "pass")
    #expect(try status("x: ! 1.5\n", #"x == "1.5""#) == "pass")
    #expect(try status("x: ! 1.5\n", "x == 1.5") == "fail")
  }

  @Test func explicitTagsAndQuotesDecideTheType() throws {
    #expect(try status("x: !!str 12\n", #"x == "12""#) == "pass")
    #expect(try status("x: \"12\"\n", #"x == "12""#) == "pass")
    #expect(try status("x: !!int \"12\"\n", "x == 12") == "pass")
    #expect(try status("x: !!int \"12\"\n", #"x == "12""#) == "fail")
  }

  @Test func theNonSpecificTagOnCollectionsKeepsThem() throws {
    #expect(try status("x: ! [1]\n", "x[0] == 1") == "pass")
    #expect(try status("x: ! {a: 1}\n", "x.a == 1") == "pass")
  }

  @Test func aLocalTagInEvidenceMakesTheGateErrAtItsLine() throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: query\nfile: data.yaml\nassert: x == 12"),
      "data.yaml": "a: 1\nx: !foo 12\n",
    ])
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url)
    #expect(run.status == 1)
    let gate = try #require(gates(try json(run.stdout)).first)
    #expect(gate["status"] as? String == "error")
    let messages = (gate["findings"] as? [[String: Any]] ?? []).compactMap {
      $0["message"] as? String
    }
    #expect(
      messages.contains {
        $0.contains("data.yaml") && $0.contains("'!foo' is not one gonogo reads")
      })
  }

  @Test func aLocalTagInTheChecklistIsADefinitionErrorAtItsColumn() throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: file\nfile: !foo runbook.md"),
      "runbook.md": "# Runbook\n",
    ])
    let run = try BoundedRun(["validate", "readiness.yaml"], in: folder.url)
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:11:13: error: the tag '!foo' is not one gonogo reads; remove it"))
  }

  @Test func aTaggedStringIsNotAnIntegerInTheChecklist() throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: junit\nfile: junit.xml\nmin_tests: ! 3"),
      "junit.xml": "<testsuite tests=\"1\"><testcase name=\"a\"/></testsuite>\n",
    ])
    let run = try BoundedRun(["validate", "readiness.yaml"], in: folder.url)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("readiness.yaml:12:18: error: "))
  }
}

/// Evidence built to explode through aliases is refused with a located error, quickly, and
/// the runner stays small; a large value that is accepted is quoted capped.
@Suite struct AliasBombCLITests {
  /// `l0: &l0 [x]`, then each layer holds `width` aliases of the previous one.
  static func tower(_ count: Int, width: Int, brackets: Int = 1) -> String {
    var text = "l0: &l0 [x]\n"
    for layer in 1..<count {
      let aliases = Array(repeating: "*l\(layer - 1)", count: width).joined(separator: ", ")
      text +=
        "l\(layer): &l\(layer) " + String(repeating: "[", count: brackets) + aliases
        + String(repeating: "]", count: brackets) + "\n"
    }
    return text + "ok: true\n"
  }

  @Test func a170LevelTowerFitsTheQueryLimitAndItsReportStaysSmall() throws {
    // 170 levels is under the 512 that YAML read by the `query` kind may nest.
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: query\nfile: tower.yaml\nassert: ok"),
      "tower.yaml": Self.tower(170, width: 1),
    ])
    for format in ["json", "text", "markdown", "html", "sarif", "junit"] {
      let run = try BoundedRun(
        ["check", "readiness.yaml", "--now", releaseDay, "--format", format], in: folder.url,
        timeout: 20)
      #expect(run.status == 0, "\(format): \(run.stderr)")
      #expect(run.stdout.utf8.count < 20_000, "\(format)")
    }
  }

  @Test(arguments: [(1, 60), (1, 4), (2, 1), (5, 1)])
  func anAliasTowerInQueryEvidenceMakesTheGateErr(width: Int, brackets: Int) throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: query\nfile: tower.yaml\nassert: ok"),
      "tower.yaml": Self.tower(170, width: width, brackets: brackets),
    ])
    for format in ["json", "text", "markdown", "html", "sarif", "junit"] {
      let run = try BoundedRun(
        ["check", "readiness.yaml", "--now", releaseDay, "--format", format], in: folder.url,
        timeout: 20)
      #expect(!run.timedOut, "\(format)")
      #expect(run.status == 1, "\(format): \(run.stderr)")
      #expect(run.stdout.utf8.count < 100_000, "\(format)")
      #expect(run.stdout.contains("tower.yaml"), "\(format)")
    }
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url)
    let gate = try #require(gates(try json(run.stdout)).first)
    #expect(gate["status"] as? String == "error")
    let finding = try #require((gate["findings"] as? [[String: Any]])?.first)
    let message = try #require(finding["message"] as? String)
    #expect(message.hasPrefix("tower.yaml is not valid YAML: "))
    #expect(message.contains("nest deeper") || message.contains("expands to more than"))
  }

  @Test func anAliasTowerInTheChecklistItselfExits2WithItsLocation() throws {
    var checklist = oneGateChecklist("kind: file\nfile: runbook.md")
    checklist +=
      "x-notes:\n"
      + Self.tower(170, width: 2).split(separator: "\n")
      .map { "  " + $0 }.joined(separator: "\n") + "\n"
    let folder = try ScratchFolder(["readiness.yaml": checklist, "runbook.md": "# R\n"])
    let run = try BoundedRun(["check", "readiness.yaml", "--now", releaseDay], in: folder.url)
    #expect(!run.timedOut)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("readiness.yaml:"))
    #expect(run.stderr.contains("error: "))
  }

  @Test func anAcceptedLargeValueIsQuotedCappedInEveryReport() throws {
    let big = String(repeating: "z", count: 2_000_000)
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: query\nfile: data.yaml\nassert: 'name == \"short\"'"),
      "data.yaml": "name: \(big)\n",
    ])
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url)
    #expect(run.status == 1)
    #expect(run.stdout.utf8.count < 20_000)
    let gate = try #require(gates(try json(run.stdout)).first)
    #expect(gate["status"] as? String == "fail")
    let finding = try #require((gate["findings"] as? [[String: Any]])?.first)
    let measured = try #require(finding["measured"] as? [String: Any])
    let quoted = try #require(measured.values.compactMap { $0 as? String }.first)
    #expect(quoted.hasPrefix("zzz"))
    #expect(quoted.contains("…"))
    #expect(quoted.hasSuffix("… (2.0 MB in total)"))
    for format in ["text", "markdown", "html", "sarif", "junit"] {
      let other = try BoundedRun(
        ["check", "readiness.yaml", "--now", releaseDay, "--format", format], in: folder.url)
      #expect(other.stdout.utf8.count < 40_000, "\(format)")
    }
  }
}

/// Patterns that backtrack without end run out of steps and make their gate err, naming where
/// the pattern is written; every call is bounded so that a hang fails here.
@Suite struct RegexBombCLITests {
  static let value = String(repeating: "a", count: 40) + "!"

  @Test(arguments: ["^(a|a)*$", "^(a+)+$", "^(a|aa)*$", "^(\\w+\\s?)*$"])
  func aQueryPatternThatExplodesErrsInCheckAndExplain(pattern: String) throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: query\nfile: data.json\nassert: \"name matches '\(pattern.replacingOccurrences(of: "\\", with: "\\\\"))'\""
      ),
      "data.json": #"{"name": "\#(Self.value)"}"#,
    ])
    let check = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url,
      timeout: 20)
    #expect(!check.timedOut)
    #expect(check.status == 1, "\(check.stderr)")
    let gate = try #require(gates(try json(check.stdout)).first)
    #expect(gate["status"] as? String == "error")
    let message =
      (gate["findings"] as? [[String: Any]])?.first?["message"] as? String ?? ""
    #expect(message.contains("at readiness.yaml:12:"), "\(message)")
    #expect(message.contains("needs more than 1,000,000 steps"))
    let explain = try BoundedRun(
      ["explain", "data.gate", "readiness.yaml", "--now", releaseDay], in: folder.url,
      timeout: 20)
    #expect(!explain.timedOut)
    #expect(explain.stdout.contains("at readiness.yaml:12:"))
    #expect(explain.stdout.contains("needs more than 1,000,000 steps"))
  }

  /// 20,000 values on each of which the pattern needs most of, but not all, its own budget.
  static let manyValues =
    #"{"items": ["#
    + Array(repeating: #"{"name": "aaaaaaaaaaaaaaaaa!"}"#, count: 20_000)
    .joined(separator: ", ") + "]}"

  @Test func manyValuesThatEachNeedMostOfTheBudgetStillErrWithinSeconds() throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: query\nfile: data.json\nassert: \"count(items[?name matches '^(a|a)*$']) == 0\""),
      "data.json": Self.manyValues,
    ])
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay, "--format", "json"], in: folder.url,
      timeout: 30)
    #expect(!run.timedOut)
    #expect(run.status == 1)
    let gate = try #require(gates(try json(run.stdout)).first)
    #expect(gate["status"] as? String == "error")
    let message = (gate["findings"] as? [[String: Any]])?.first?["message"] as? String
    #expect(
      message
        == "cannot evaluate 'count(items[?name matches '^(a|a)*$']) == 0' on data.json: the "
        + "pattern '^(a|a)*$' at readiness.yaml:12:42 ran out of the 100,000,000 steps that all "
        + "its matches in one file may take together, at the value of name; anchor the pattern "
        + "with ^ and $ and make it simpler, or match fewer values")
  }

  @Test func manyPanelsThatEachNeedMostOfTheBudgetStillErrWithinSeconds() throws {
    let panel = #"{"type": "stat", "title": "aaaaaaaaaaaaaaaaa!", "targets": []}"#
    let dashboard =
      #"{"title": "svc", "panels": ["#
      + Array(repeating: panel, count: 9_000)
      .joined(separator: ", ") + "]}"
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: dashboard\nfile: dash.json\ndatasources: false\npanels: ['/^(a|a)*$/']"),
      "dash.json": dashboard,
    ])
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", releaseDay], in: folder.url, timeout: 30)
    #expect(!run.timedOut)
    #expect(run.status == 1)
    #expect(run.stdout.contains("at readiness.yaml:13:"), "\(run.stdout)")
    #expect(run.stdout.contains("ran out of the\n        100,000,000 steps"))
  }

  @Test func aDashboardRegexThatExplodesErrsNamingTheChecklist() throws {
    let title = String(repeating: "a", count: 40) + "!"
    let dashboard = """
      {"title": "svc", "panels": [
        {"type": "timeseries", "title": "\(title)",
         "datasource": {"type": "prometheus", "uid": "p"},
         "targets": [{"expr": "rate(x[5m])"}]}
      ]}
      """
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: dashboard\nfile: dash.json\npanels: ['/^(a|a)*$/']"),
      "dash.json": dashboard,
    ])
    for command in [["check"], ["explain", "data.gate"]] {
      let run = try BoundedRun(
        command + ["readiness.yaml", "--now", releaseDay], in: folder.url, timeout: 20)
      #expect(!run.timedOut, "\(command)")
      #expect(run.stdout.contains("readiness.yaml:12:"), "\(command): \(run.stdout)")
      #expect(run.stdout.contains("1,000,000 steps"), "\(command)")
    }
  }
}

/// Every date that is read must exist; durations and offsets stay in range.
@Suite struct StrictDateCLITests {
  static func folder() throws -> ScratchFolder {
    try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: file\nfile: runbook.md"),
      "runbook.md": "# Runbook\n",
    ])
  }

  @Test(arguments: [
    "2026-02-30T09:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z", "2026-12-01T09:60:00Z", "2026-12-01T09:00:00+15:00",
    "2026-12-01T09:00:00", "tomorrow", "",
  ])
  func anImpossibleNowIsAUsageErrorNamingTheOption(now: String) throws {
    let folder = try Self.folder()
    for command in [["check"], ["validate"], ["explain", "data.gate"]] {
      let run = try BoundedRun(command + ["readiness.yaml", "--now", now], in: folder.url)
      #expect(run.status == 2, "\(command) \(now)")
      #expect(run.stdout.isEmpty)
      #expect(run.stderr.contains("--now"), "\(command) \(now): \(run.stderr)")
    }
  }

  @Test func theLeapDayOfALeapYearIsFine() throws {
    let folder = try Self.folder()
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--now", "2028-02-29T00:00:00Z"], in: folder.url)
    #expect(run.status == 0, "\(run.stderr)")
  }

  @Test(arguments: [
    "99999999999999999999", "-99999999999999999999", "9223372036854775807", "1e9", "abc", "12x",
    "-1", "253402300800",
  ])
  func aSourceDateEpochOutOfRangeOrNotANumberIsAUsageError(epoch: String) throws {
    let folder = try Self.folder()
    let run = try BoundedRun(
      ["check", "readiness.yaml"], in: folder.url, environment: ["SOURCE_DATE_EPOCH": epoch])
    #expect(!run.timedOut)
    if epoch == "-1" {
      // One second before 1970 is a real instant.
      #expect(run.status == 0 || run.status == 2, "\(run.stderr)")
      return
    }
    #expect(run.status == 2, "\(epoch): \(run.stderr)")
    #expect(run.stderr.contains("SOURCE_DATE_EPOCH"), "\(epoch): \(run.stderr)")
  }

  @Test func aValidSourceDateEpochIsUsed() throws {
    let folder = try Self.folder()
    let run = try BoundedRun(
      ["check", "readiness.yaml", "--format", "json"], in: folder.url,
      environment: ["SOURCE_DATE_EPOCH": "1796115600"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try json(run.stdout)["now"] as? String == "2026-12-01T09:00:00Z")
  }

  static func plan(
    start: String = "2026-12-01T09:00:00Z", bake: String = "2h", when: String = "T-2d"
  )
    -> String
  {
    """
    service: checkout
    start: \(start)
    timezone: UTC
    strategy: canary
    phases:
      - name: canary
        traffic: 5%
        bake: \(bake)
      - name: full
        traffic: 100%
    comms:
      - audience: support
        channel: "#support"
        when: \(when)

    """
  }

  @Test(arguments: [
    (plan(start: "2026-02-30T09:00:00Z"), 2, 8),
    (plan(start: "2026-02-29T09:00:00Z"), 2, 8),
    (plan(start: "2026-12-01T25:00:00Z"), 2, 8),
    (plan(bake: "1000000000d"), 8, 11),
    (plan(bake: "99999999999999999999h"), 8, 11),
    (plan(when: "T-99999999999999d"), 14, 11),
    (plan(when: "T+99999999999999999999999m"), 14, 11),
  ])
  func anImpossiblePlanValueIsALocatedError(plan: String, line: Int, column: Int) throws {
    let folder = try ScratchFolder(["rollout.yaml": plan])
    for command in [["plan"], ["validate"]] {
      let run = try BoundedRun(
        command + ["rollout.yaml", "--now", releaseDay], in: folder.url, timeout: 20)
      #expect(!run.timedOut)
      #expect(run.status == 2, "\(command): \(run.stderr)")
      #expect(run.stderr.hasPrefix("rollout.yaml:\(line):\(column): error: "), "\(run.stderr)")
    }
  }

  @Test(arguments: [
    ("expires: 2026-04-31", "2026-04-31"), ("expires: 2027-02-29", "2027-02-29"),
    ("expires: 2026-00-10", "2026-00-10"),
  ])
  func anImpossibleWaiverExpiryIsALocatedError(line: String, date: String) throws {
    var checklist = oneGateChecklist("kind: file\nfile: runbook.md")
    checklist += """
      waivers:
        - gate: data.gate
          reason: later
          approved_by: Dana Kim
          \(line)

      """
    let folder = try ScratchFolder(["readiness.yaml": checklist, "runbook.md": "# R\n"])
    let run = try BoundedRun(["validate", "readiness.yaml"], in: folder.url)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("readiness.yaml:16:14: error: "), "\(run.stderr)")
    #expect(run.stderr.contains(date))
  }

  @Test func anIntegerTooLargeFor64BitsIsNamedAsSuch() throws {
    let plan = Self.plan().replacingOccurrences(
      of: "comms:",
      with: "rollback:\n  runbook: r.md\n  trigger: error_rate > 2%\n"
        + "  max_minutes: 99999999999999999999\ncomms:")
    let folder = try ScratchFolder(["rollout.yaml": plan, "r.md": "# Rollback\n"])
    let run = try BoundedRun(["validate", "rollout.yaml"], in: folder.url)
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "rollout.yaml:14:16: error: 'max_minutes' in the rollback plan must be between 1 and "
          + "10080, not 99999999999999999999\n"), "\(run.stderr)")
  }

  @Test(arguments: ["99999999999d", "1000000000d", "99999999999999999999999s", "3651d"])
  func aMaxAgeBeyondTheRangeIsALocatedError(age: String) throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: file\nfile: runbook.md\nmax_age: \(age)"),
      "runbook.md": "# R\n",
    ])
    let run = try BoundedRun(["validate", "readiness.yaml"], in: folder.url)
    #expect(!run.timedOut)
    #expect(run.status == 2, "\(age): \(run.stderr)")
    #expect(run.stderr.hasPrefix("readiness.yaml:12:16: error: "), "\(age): \(run.stderr)")
  }
}

/// No text from a definition, a path or evidence reaches the terminal with raw control
/// characters, on stderr or on stdout.
@Suite struct ControlCharacterCLITests {
  @Test(arguments: [["validate"], ["check"], ["explain", "data.gate"]])
  func aGateIdWithEscapeIsShownEscaped(_ command: [String]) throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: file\nfile: runbook.md", id: #""data.\e[31mred""#),
      "runbook.md": "# R\n",
    ])
    let run = try BoundedRun(command + ["readiness.yaml", "--now", releaseDay], in: folder.url)
    #expect(run.status == 2)
    #expect(BoundedRun.rawControls(run.stderr).isEmpty)
    #expect(BoundedRun.rawControls(run.stdout).isEmpty)
    #expect(run.stderr.contains("\\u{1b}[31mred"))
  }

  @Test func aTitleAndOwnerWithControlsAreNotSentByAnyReport() throws {
    let checklist = """
      version: 1
      program: "demo\\e]0;owned\\a"
      release: "1.0\\r\\e[2K"
      gates:
        - id: data.gate
          title: "Runbook\\e[31m exists\\x9b"
          owner: "team\\b\\b"
          severity: blocker
          check:
            kind: file
            file: "missing\\e7.md"

      """
    let folder = try ScratchFolder(["readiness.yaml": checklist])
    for format in ["text", "markdown", "json", "sarif", "junit", "html", "github"] {
      let run = try BoundedRun(
        ["check", "readiness.yaml", "--now", releaseDay, "--format", format], in: folder.url)
      #expect(run.status == 1, "\(format): \(run.stderr)")
      #expect(BoundedRun.rawControls(run.stdout).isEmpty, "\(format)")
      #expect(BoundedRun.rawControls(run.stderr).isEmpty, "\(format)")
    }
    let validate = try BoundedRun(["validate", "readiness.yaml"], in: folder.url)
    #expect(BoundedRun.rawControls(validate.stdout).isEmpty)
    let explain = try BoundedRun(
      ["explain", "data.gate", "readiness.yaml", "--now", releaseDay], in: folder.url)
    #expect(explain.status == 0, "\(explain.stderr)")
    #expect(BoundedRun.rawControls(explain.stdout).isEmpty)
  }

  @Test func aFolderNameWithControlsIsShownEscaped() throws {
    let name = "team\u{1B}[31m\u{07}"
    let folder = try ScratchFolder([
      "\(name)/readiness.yaml": oneGateChecklist("kind: file\nfile: runbook.md"),
      "\(name)/runbook.md": "# R\n",
    ])
    for command in [["validate"], ["check"], ["explain", "data.gate"], ["plan"]] {
      let run = try BoundedRun(command + [name, "--now", releaseDay], in: folder.url)
      #expect(BoundedRun.rawControls(run.stdout).isEmpty, "\(command): \(run.stdout)")
      #expect(BoundedRun.rawControls(run.stderr).isEmpty, "\(command): \(run.stderr)")
    }
    let broken = try ScratchFolder([
      "\(name)/readiness.yaml": "version: 1\nprogram: [\n"
    ])
    let run = try BoundedRun(["validate", name], in: broken.url)
    #expect(run.status == 2)
    #expect(BoundedRun.rawControls(run.stderr).isEmpty, "\(run.stderr)")
    #expect(run.stderr.hasPrefix("team\\u{1b}[31m\\u{7}/readiness.yaml:"), "\(run.stderr)")
  }

  @Test func anEvidencePathWithControlsIsShownEscapedInMessages() throws {
    let folder = try ScratchFolder([
      "readiness.yaml": oneGateChecklist(
        "kind: query\nfile: \"ev\\e7.json\"\nassert: ok"),
      "ev\u{1B}7.json": "{\"ok\": tru}\n",
    ])
    for format in ["text", "markdown", "json", "html", "sarif", "junit", "github"] {
      let run = try BoundedRun(
        ["check", "readiness.yaml", "--now", releaseDay, "--format", format], in: folder.url)
      #expect(run.status == 1, "\(format): \(run.stderr)")
      #expect(BoundedRun.rawControls(run.stdout).isEmpty, "\(format)")
      #expect(BoundedRun.rawControls(run.stderr).isEmpty, "\(format)")
    }
    let missing = try ScratchFolder([
      "readiness.yaml": oneGateChecklist("kind: file\nfile: \"gone\\e7.md\"")
    ])
    let explain = try BoundedRun(
      ["explain", "data.gate", "readiness.yaml", "--now", releaseDay], in: missing.url)
    #expect(BoundedRun.rawControls(explain.stdout).isEmpty, "\(explain.stdout)")
    #expect(BoundedRun.rawControls(explain.stderr).isEmpty)
  }
}

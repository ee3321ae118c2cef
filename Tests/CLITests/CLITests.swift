import Foundation
import Testing

/// Runs the built `gonogo` binary the way users and CI do.
struct GoNoGoRun {
  var status: Int32
  var stdout: String
  var stderr: String

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = packageRoot.appendingPathComponent("Tests/CLITests/Fixtures")
  static let samples = packageRoot.appendingPathComponent("samples")

  /// The binary sits beside the test bundle in the build folder.
  static var binary: URL {
    var directory = Bundle.main.bundleURL
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("gonogo")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/gonogo")
  }

  /// `executable` (the built command unless named) with `arguments`, run in `directory`: no colour, no inherited
  /// `SOURCE_DATE_EPOCH`, and `environment` on top.
  static func process(
    _ arguments: [String], in directory: URL, environment: [String: String],
    executable: URL = GoNoGoRun.binary
  ) -> Process {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env.removeValue(forKey: "SOURCE_DATE_EPOCH")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    return process
  }

  init(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:])
    throws
  {
    let process = GoNoGoRun.process(arguments, in: directory, environment: environment)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    status = process.terminationStatus
    stdout = String(decoding: outData, as: UTF8.self)
    stderr = String(decoding: errData, as: UTF8.self)
  }
}

let releaseDay = "2026-12-01T09:00:00Z"

func json(_ text: String) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(object as? [String: Any])
}

func gates(_ report: [String: Any]) -> [[String: Any]] {
  report["gates"] as? [[String: Any]] ?? []
}

@Suite struct InvalidDefinitionTests {
  func check(_ fixture: String) throws -> GoNoGoRun {
    try GoNoGoRun(["check", fixture, "--now", releaseDay], in: GoNoGoRun.fixtures)
  }

  @Test func aMisspeltKeyExits2WithLocationAndSuggestion() throws {
    let run = try check("severty")
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(
      run.stderr.hasPrefix(
        "severty/readiness.yaml:8:5: error: unknown key 'severty' in gate 'sre.runbook'; did you mean 'severity'?\n"
      ))
  }

  @Test func aDuplicateKeyPointsAtTheSecondKey() throws {
    let run = try check("duplicate-key")
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "duplicate-key/readiness.yaml:9:5: error: duplicate key 'title'; it was already set at line 6, column 5\n"
      ))
  }

  @Test func aBillionLaughsFileExits2Fast() throws {
    let start = Date()
    let run = try check("billion-laughs")
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "billion-laughs/readiness.yaml:7:8: error: the document expands to more than 1000000 nodes")
    )
  }

  @Test func tabIndentationExits2WithLibyamlsPosition() throws {
    let run = try check("tab-indented")
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "tab-indented/readiness.yaml:5:1: error: found character that cannot start any token (while scanning for the next token)\n"
      ))
  }

  @Test func anUnterminatedQuoteExits2WithLibyamlsPosition() throws {
    let run = try check("unterminated-quote")
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "unterminated-quote/readiness.yaml:5:1: error: found unexpected end of stream (while scanning a quoted scalar that starts at line 2, column 10)\n"
      ))
  }

  @Test func validateReportsTheSameDiagnosticsWithoutEvidence() throws {
    let run = try GoNoGoRun(["validate", "severty"], in: GoNoGoRun.fixtures)
    #expect(run.status == 2)
    #expect(run.stderr.contains("severty/readiness.yaml:8:5: error: unknown key 'severty'"))
    let valid = try GoNoGoRun(["validate", "missing-evidence"], in: GoNoGoRun.fixtures)
    #expect(valid.status == 0)
    #expect(valid.stdout == "missing-evidence/readiness.yaml: valid (1 gate)\n")
  }

  @Test func badCommandLinesExit2() throws {
    #expect(try GoNoGoRun(["check", "--now", "tomorrow"]).status == 2)
    #expect(try GoNoGoRun(["check", "--format", "xml"]).status == 2)
    #expect(try GoNoGoRun(["check", "--output", "json"]).status == 2)
    #expect(try GoNoGoRun(["check", "no/such/dir", "--now", releaseDay]).status == 2)
  }

  @Test func versionPrints() throws {
    let run = try GoNoGoRun(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout == "0.1.0 (unknown revision)\n")
  }
}

@Suite struct VerdictEndToEndTests {
  @Test func aBlockerWithAMissingEvidenceFileIsAnErrorAndNoGo() throws {
    let run = try GoNoGoRun(
      ["check", "missing-evidence", "--now", releaseDay, "--format", "json"], in: GoNoGoRun.fixtures
    )
    #expect(run.status == 1)
    let report = try json(run.stdout)
    #expect(report["verdict"] as? String == "no-go")
    let gate = try #require(gates(report).first)
    #expect(gate["status"] as? String == "error")
    #expect(gate["evidence"] as? [String] == ["reports/dr-failover.md"])
    let findings = try #require(gate["findings"] as? [[String: Any]])
    #expect(
      findings.first?["message"] as? String == "evidence file not found: reports/dr-failover.md")
    #expect(findings.first?["kind"] as? String == "file")
  }

  @Test func anExpiredWaiverDoesNotWaiveAndIsReported() throws {
    let run = try GoNoGoRun(
      ["check", "expired-waiver", "--now", releaseDay, "--format", "json"], in: GoNoGoRun.fixtures)
    #expect(run.status == 1)
    let report = try json(run.stdout)
    #expect(report["verdict"] as? String == "no-go")
    #expect(gates(report).first?["status"] as? String == "fail")
    let waiver = try #require((report["waivers"] as? [[String: Any]])?.first)
    #expect(waiver["state"] as? String == "expired")
    #expect(waiver["expires"] as? String == "2026-11-28")
    let text = try GoNoGoRun(
      ["check", "expired-waiver", "--now", releaseDay], in: GoNoGoRun.fixtures)
    #expect(
      text.stdout.contains(
        "  sre.runbook  EXPIRED — does not waive · approved by Head of SRE · expires\n"
          + "    2026-11-28\n"))
  }

  @Test func theSameWaiverBeforeItsExpiryWaives() throws {
    let run = try GoNoGoRun(
      ["check", "expired-waiver", "--now", "2026-11-28T23:00:00Z", "--format", "json"],
      in: GoNoGoRun.fixtures)
    #expect(run.status == 0)
    let report = try json(run.stdout)
    #expect(report["verdict"] as? String == "conditional-go")
    #expect(gates(report).first?["status"] as? String == "waived")
    let strict = try GoNoGoRun(
      ["check", "expired-waiver", "--now", "2026-11-28T23:00:00Z", "--fail-on", "conditional"],
      in: GoNoGoRun.fixtures)
    #expect(strict.status == 1)
  }

  @Test func sourceDateEpochFixesNow() throws {
    let run = try GoNoGoRun(
      ["check", "expired-waiver", "--format", "json"], in: GoNoGoRun.fixtures,
      environment: ["SOURCE_DATE_EPOCH": "1796115600"])
    #expect(try json(run.stdout)["now"] as? String == releaseDay)
  }
}

/// True when python3 with the jsonschema package is on this machine.
let hasJSONSchemaValidator: Bool = {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", "import jsonschema"]
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  do {
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
  } catch {
    return false
  }
}()

@Suite struct ReportSchemaTests {
  @Test(.enabled(if: hasJSONSchemaValidator, "needs python3 with jsonschema"))
  func jsonReportsValidateAgainstThePublishedSchema() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var reports: [String] = []
    for fixture in ["missing-evidence", "expired-waiver"] {
      let path = directory.appendingPathComponent("\(fixture).json").path
      _ = try GoNoGoRun(
        ["check", fixture, "--now", releaseDay, "--output", "json=\(path)"], in: GoNoGoRun.fixtures)
      reports.append(path)
    }
    for sample in [SampleTests.go, SampleTests.noGo] {
      let path = directory.appendingPathComponent("\(reports.count).json").path
      _ = try GoNoGoRun(["check", sample, "--now", releaseDay, "--output", "json=\(path)"])
      reports.append(path)
    }
    let (status, output) = try validateAgainstReportSchema(reports)
    #expect(status == 0, "\(output)")
    #expect(output == "valid\n")
  }
}

/// Validates JSON report files against gates/schemas/report.schema.json with python's
/// jsonschema; returns its exit status and output ("valid\n" when all are).
func validateAgainstReportSchema(_ reports: [String]) throws -> (Int32, String) {
  let schema = GoNoGoRun.packageRoot.appendingPathComponent("gates/schemas/report.schema.json")
    .path
  let script = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for path in sys.argv[2:]:
        validator.validate(json.load(open(path)))
    print("valid")
    """
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", script, schema] + reports
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}

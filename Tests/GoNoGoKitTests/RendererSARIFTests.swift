import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Runs `python3 -c script args…`; nil when python3 cannot be started.
func runPython(_ script: String, _ arguments: [String] = []) -> (status: Int32, output: String)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", script] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  do {
    try process.run()
  } catch {
    return nil
  }
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}

/// Whether python3 can import `module`.
func pythonHas(_ module: String) -> Bool {
  runPython("import \(module)")?.status == 0
}

/// Writes texts to a temporary directory and returns their paths.
func temporaryFiles(_ texts: [String: String]) throws -> (URL, [String: String]) {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("gonogo-render-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  var paths: [String: String] = [:]
  for (name, text) in texts {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    paths[name] = url.path
  }
  return (directory, paths)
}

/// The official SARIF 2.1.0 schema, kept outside the project in `../shared/schemas`.
let sarifSchema = Golden.packageRoot.deletingLastPathComponent()
  .appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json")
let canValidateSARIF =
  FileManager.default.fileExists(atPath: sarifSchema.path) && pythonHas("jsonschema")

@Suite struct RendererSARIFTests {
  func log(_ report: Report) throws -> [String: Any] {
    let text = SARIFRenderer.render(report, toolVersion: "1.2.3")
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  func run(_ report: Report) throws -> [String: Any] {
    try #require((try log(report)["runs"] as? [[String: Any]])?.first)
  }

  func results(_ report: Report) throws -> [[String: Any]] {
    try #require(try run(report)["results"] as? [[String: Any]])
  }

  @Test(.enabled(if: canValidateSARIF, "needs ../shared/schemas and python3 with jsonschema"))
  func everyFixtureAndSampleValidatesAgainstTheSARIFSchema() throws {
    var texts: [String: String] = [:]
    for name in RendererFixtures.names {
      texts["\(name).sarif"] = SARIFRenderer.render(RendererFixtures.report(name), toolVersion: "1")
    }
    // A pack's gate (its place in a built-in pack related) with docs, remediation and a tier.
    var packed = RendererFixtures.noGo
    packed.gates[0].pack = PackOrigin(
      pack: "builtin:quality", location: SourceLocation(file: "builtin:quality", line: 25, column: 5))
    packed.gates[0].docs = "https://wiki.example.com/cutover"
    packed.gates[1].pack = PackOrigin(
      pack: "packs/team.yaml", location: SourceLocation(file: "packs/team.yaml", line: 9, column: 5))
    packed.gates[1].docs = "docs/failover.md"
    texts["packed.sarif"] = SARIFRenderer.render(packed, toolVersion: "1")
    if Samples.present {
      for name in Samples.names {
        texts["\(name).sarif"] = SARIFRenderer.render(Samples.report(name), toolVersion: "1")
      }
    }
    let (directory, paths) = try temporaryFiles(texts)
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
      for path in sys.argv[2:]:
          for error in validator.iter_errors(json.load(open(path))):
              print(path, error.json_path, error.message)
      print("checked", len(sys.argv) - 2)
      """
    let result = try #require(runPython(script, [sarifSchema.path] + paths.values.sorted()))
    #expect(result.status == 0)
    #expect(result.output == "checked \(texts.count)\n")
  }

  @Test func theDriverHasOneRulePerGateCheckedFieldByField() throws {
    let driver = try #require(
      ((try run(RendererFixtures.noGo))["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "gonogo")
    #expect(driver["version"] as? String == "1.2.3")
    #expect(driver["informationUri"] as? String == "https://gonogo.dev")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(
      rules.map { $0["id"] as? String } == [
        "data.rehearsal", "sre.failover", "sre.judged", "security.scan", "ops.handbook",
        "support.briefing", "comms.status-page",
      ])
    let rehearsal = rules[0]
    #expect(
      Set(rehearsal.keys) == [
        "id", "name", "shortDescription", "help", "defaultConfiguration", "properties",
      ])
    #expect(rehearsal["name"] as? String == "DataRehearsal")
    #expect(
      rehearsal["shortDescription"] as? [String: String]
        == ["text": "Cutover rehearsed within the freeze window"])
    #expect(
      rehearsal["help"] as? [String: String]
        == ["text": "Finish the rehearsal write-up and replace every TBD."])
    #expect(rehearsal["defaultConfiguration"] as? [String: String] == ["level": "error"])
    #expect(rehearsal["properties"] as? [String: [String]] == ["tags": ["data", "blocker"]])
    // No remediation: no help; no area: the severity alone is the tag.
    let handbook = rules[4]
    #expect(
      Set(handbook.keys) == ["id", "name", "shortDescription", "defaultConfiguration", "properties"])
    #expect(handbook["defaultConfiguration"] as? [String: String] == ["level": "note"])
    #expect(handbook["properties"] as? [String: [String]] == ["tags": ["minor"]])
    #expect(
      rules[3]["properties"] as? [String: [String]] == ["tags": ["security", "major"]])
  }

  @Test func docsBecomeTheHelpUriOrAreNamedInTheHelp() throws {
    var report = RendererFixtures.noGo
    report.gates[0].docs = "https://wiki.example.com/cutover#rehearsal"
    report.gates[1].docs = "docs/failover.md"
    let rules = try #require(
      (((try run(report))["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"]
        as? [[String: Any]])
    #expect(rules[0]["helpUri"] as? String == "https://wiki.example.com/cutover#rehearsal")
    #expect(
      rules[0]["help"] as? [String: String]
        == ["text": "Finish the rehearsal write-up and replace every TBD."])
    #expect(rules[1]["helpUri"] == nil)
    #expect(
      rules[1]["help"] as? [String: String]
        == ["text": "Fail over in staging and commit the report. See docs/failover.md."])
  }

  @Test func oneResultPerFailingGateAtItsDefinitionWithTheEvidenceRelated() throws {
    let results = try results(RendererFixtures.noGo)
    let gates = results.map { ($0["properties"] as? [String: Any])?["gate"] as? String }
    #expect(
      gates == ["data.rehearsal", "sre.failover", "sre.judged", "security.scan", "ops.handbook"])
    #expect(
      results.map { $0["level"] as? String } == ["error", "error", "error", "warning", "note"])
    #expect(
      results.map { $0["ruleId"] as? String }
        == ["data.rehearsal", "sre.failover", "sre.judged", "security.scan", "ops.handbook"])
    #expect(results.map { $0["ruleIndex"] as? Int } == [0, 1, 2, 3, 4])
    #expect(
      results.map { ($0["properties"] as? [String: Any])?["check"] as? String }
        == ["markdown", "markdown", nil, "vulnerabilities", "markdown"])
    let scan = results[3]
    let location = try #require(
      ((scan["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
    #expect(
      location["artifactLocation"] as? [String: String]
        == ["uri": "launch/readiness.yaml", "uriBaseId": "%SRCROOT%"])
    #expect(location["region"] as? [String: Int] == ["startLine": 36, "startColumn": 5])
    let related = try #require(scan["relatedLocations"] as? [[String: Any]])
    let evidence = try #require(related.first?["physicalLocation"] as? [String: Any])
    #expect(
      evidence["artifactLocation"] as? [String: String]
        == ["uri": "launch/security/scan.json", "uriBaseId": "%SRCROOT%"])
    #expect(evidence["region"] as? [String: Int] == ["startLine": 40])
  }

  @Test func aWaivedGateIsReportedAsAnAcceptedSuppression() throws {
    let results = try results(RendererFixtures.conditional)
    let waived = try #require(
      results.first { ($0["properties"] as? [String: Any])?["gate"] as? String == "quality.tests" })
    let suppression = try #require((waived["suppressions"] as? [[String: Any]])?.first)
    #expect(suppression["kind"] as? String == "external")
    #expect(suppression["status"] as? String == "accepted")
    #expect(
      suppression["justification"] as? String
        == "Flaky payment-provider sandbox; fix tracked in PAY-123 (approved by VP Engineering, "
        + "expires 2026-12-15)")
    #expect(results.count == 2)
  }

  @Test func aGoReportWithOnlyAdvisoryFindingsHasNotes() throws {
    let results = try results(RendererFixtures.go)
    #expect(results.map { $0["level"] as? String } == ["note"])
    #expect(try run(RendererFixtures.go)["columnKind"] as? String == "unicodeCodePoints")
  }
}

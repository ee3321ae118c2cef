import Foundation
import Testing

/// Runs `python3 -c SCRIPT ARGS`; nil when python3 cannot start.
func python(_ script: String, _ arguments: [String]) -> (status: Int32, output: String)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", script] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  guard (try? process.run()) != nil else { return nil }
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}

let hasJSONSchemaModule = python("import jsonschema", [])?.status == 0

/// The schema of `gonogo plan --format json` is published and holds for every plan forecast.
@Suite struct PlanSchemaTests {
  static let schema = GoNoGoRun.packageRoot.appendingPathComponent(
    "gates/schemas/plan.schema.json")

  @Test func theSchemaCommandPrintsThePublishedPlanSchema() throws {
    let run = try GoNoGoRun(["schema", "plan"])
    #expect(run.status == 0)
    #expect(run.stdout == (try String(contentsOf: Self.schema, encoding: .utf8)))
    #expect(try GoNoGoRun(["schema", "--list"]).stdout.contains("report\nplan\n"))
  }

  @Test func itSharesTheReportSchemasScheduleDefinitions() throws {
    func defs(_ name: String) throws -> [String: Any] {
      let data = try Data(
        contentsOf: GoNoGoRun.packageRoot.appendingPathComponent(
          "gates/schemas/\(name).schema.json"))
      let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      return try #require(object["$defs"] as? [String: Any])
    }
    let plan = try defs("plan")
    let report = try defs("report")
    #expect(plan.keys.sorted() == ["calendar", "location", "schedule", "scheduledPhase"])
    for key in ["location", "schedule", "scheduledPhase"] {
      #expect(
        NSDictionary(dictionary: try #require(plan[key] as? [String: Any]))
          == NSDictionary(dictionary: try #require(report[key] as? [String: Any])), "\(key)")
    }
  }

  @Test(.enabled(if: hasJSONSchemaModule, "needs python3 with jsonschema"))
  func everyForecastValidatesAndABrokenOneDoesNot() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-plan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let plans = [
      "Tests/GoNoGoKitTests/Fixtures/rollout/go-canary",
      "Tests/GoNoGoKitTests/Fixtures/rollout/nogo-freeze/rollout.yaml",
      "samples/payments-migration", "samples/checkout-launch",
    ]
    var files: [String] = []
    for (index, plan) in plans.enumerated() {
      let run = try GoNoGoRun(["plan", plan, "--now", releaseDay, "--format", "json"])
      #expect(run.status == 0 || run.status == 1, "\(plan): \(run.stderr)")
      let path = directory.appendingPathComponent("\(index).json").path
      try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
      files.append(path)
    }
    // A forecast with a phase missing its start must be refused.
    let broken = try String(contentsOfFile: files[0], encoding: .utf8)
      .replacingOccurrences(of: "\"start\":", with: "\"begins\":")
    let brokenPath = directory.appendingPathComponent("broken.json").path
    try Data(broken.utf8).write(to: URL(fileURLWithPath: brokenPath))
    let script = """
      import json, sys, jsonschema
      validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
      for path in sys.argv[2:]:
          errors = sorted(e.message for e in validator.iter_errors(json.load(open(path))))
          print(path.rsplit("/", 1)[-1], "valid" if not errors else errors[0])
      """
    let result = try #require(python(script, [Self.schema.path] + files + [brokenPath]))
    #expect(result.status == 0)
    #expect(
      result.output == """
        0.json valid
        1.json valid
        2.json valid
        3.json valid
        broken.json 'start' is a required property

        """)
  }
}

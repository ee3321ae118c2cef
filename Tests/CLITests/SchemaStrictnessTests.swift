import Foundation
import Testing

/// Runs `python3 -m check_jsonschema ARGS` in the package root; nil when it cannot run.
func checkJSONSchema(_ arguments: [String]) -> (status: Int32, output: String)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-m", "check_jsonschema"] + arguments
  process.currentDirectoryURL = GoNoGoRun.packageRoot
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  guard (try? process.run()) != nil else { return nil }
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}

let hasCheckJSONSchema = checkJSONSchema(["--version"])?.status == 0

/// The shipped JSON Schemas are as strict as `gonogo validate`: over every definition file of the
/// test suite and the samples, `check-jsonschema` with the matching schema accepts exactly the
/// files `validate` accepts, but for the rules JSON Schema cannot express, listed below.
@Suite struct SchemaStrictnessTests {
  /// Files on which the two disagree, each for a rule JSON Schema cannot state.
  static let exceptions: [String: String] = [
    "Tests/GoNoGoKitTests/Fixtures/definitions/tier-name-undeclared.yaml":
      "a tier name must be one the checklist or program declares under 'tiers' (a reference "
      + "between two values)",
    "Tests/GoNoGoKitTests/Fixtures/definitions/duplicate-gate-id.yaml":
      "gate ids are unique (uniqueness of one property across array items)",
    "Tests/GoNoGoKitTests/Fixtures/calendar/malformed/rollout.yaml":
      "a calendar named by 'freeze: - calendar:' must be valid iCalendar (another file's content)",
    "Tests/GoNoGoKitTests/Fixtures/definitions/impossible-date.yaml":
      "a date must be on the calendar (2026-02-30 matches any date pattern)",
  ]

  /// Files not handed to `check-jsonschema`.
  ///
  /// Its YAML reader expands aliases without a budget, so an alias bomb would take minutes and
  /// gigabytes there. gonogo refuses it within its budget
  /// (asserted below); JSON Schema has no way to bound alias expansion.
  static let notForTheSchemaTool = ["Tests/CLITests/Fixtures/billion-laughs/readiness.yaml"]

  /// Every definition file, with the schema it is checked against.
  static func definitions() throws -> [(path: String, schema: String)] {
    let root = GoNoGoRun.packageRoot
    var files: [(String, String)] = []
    for directory in ["Tests", "samples"] {
      let base = root.appendingPathComponent(directory).path
      let all = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? [])
      for relative in all.sorted() where relative.hasSuffix(".yaml") {
        let path = "\(directory)/\(relative)"
        let name = (relative as NSString).lastPathComponent
        if name == "program.yaml" || name.hasSuffix(".program.yaml") {
          files.append((path, "program"))
        } else if name == "rollout.yaml" || name.hasSuffix(".rollout.yaml") {
          files.append((path, "rollout"))
        } else if name == "readiness.yaml" || name == "gonogo.yaml"
          || path.hasPrefix("Tests/GoNoGoKitTests/Fixtures/definitions/")
        {
          files.append((path, "checklist"))
        }
      }
    }
    let packs = try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("gates").path
    ).filter { $0.hasSuffix(".yaml") }.sorted()
    files += packs.map { ("gates/\($0)", "pack") }
    return files
  }

  /// The files `check-jsonschema` refuses (schema errors or YAML it cannot parse).
  func refusedBySchema(_ files: [String], schema: String) throws -> Set<String> {
    let result = try #require(
      checkJSONSchema(
        ["--schemafile", "gates/schemas/\(schema).schema.json", "-o", "json"] + files))
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let entries =
      (report["errors"] as? [[String: Any]] ?? [])
      + (report["parse_errors"] as? [[String: Any]] ?? [])
    return Set(entries.compactMap { $0["filename"] as? String })
  }

  /// Whether `gonogo validate` refuses a file (exit 2) or accepts it (exit 0).
  func refusedByValidate(_ path: String) throws -> Bool {
    let run = try GoNoGoRun(["validate", path])
    #expect(run.status == 0 || run.status == 2, "\(path): \(run.stderr)")
    return run.status == 2
  }

  @Test(.enabled(if: hasCheckJSONSchema, "needs check-jsonschema (pip install check-jsonschema)"))
  func everySchemaAcceptsAndRefusesWhatValidateDoes() throws {
    let files = try Self.definitions()
    #expect(files.count >= 40)
    var refusedBySchema: Set<String> = []
    for schema in ["checklist", "program", "rollout", "pack"] {
      let paths = files.filter {
        $0.schema == schema && !Self.notForTheSchemaTool.contains($0.path)
      }
      .map(\.path)
      #expect(!paths.isEmpty, "no \(schema) fixtures")
      refusedBySchema.formUnion(try self.refusedBySchema(paths, schema: schema))
    }
    var disagreements: [String] = []
    var refused = 0
    for path in Self.notForTheSchemaTool {
      #expect(try refusedByValidate(path), "\(path)")
    }
    for (path, schema) in files where schema != "pack" && !Self.notForTheSchemaTool.contains(path) {
      let byValidate = try refusedByValidate(path)
      if byValidate { refused += 1 }
      let bySchema = refusedBySchema.contains(path)
      let agrees = byValidate == bySchema
      if let reason = Self.exceptions[path] {
        #expect(!agrees, "\(path) is listed as an exception (\(reason)) but both agree")
        #expect(byValidate && !bySchema, "\(path): only validate should refuse it")
      } else if !agrees {
        disagreements.append(
          "\(path): validate \(byValidate ? "refuses" : "accepts"), "
            + "the \(schema) schema \(bySchema ? "refuses" : "accepts")")
      }
    }
    #expect(disagreements == [])
    // Packs are read through a checklist; every shipped one validates against its schema.
    #expect(refusedBySchema.filter { $0.hasPrefix("gates/") } == [])
    // The fixtures exercise both answers.
    #expect(refused >= 12)
    #expect(files.count - refused >= 15)
  }
}

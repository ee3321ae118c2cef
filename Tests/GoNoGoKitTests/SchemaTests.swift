import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The schemas editors use agree with the decoder, and the copies built into the binary match
/// the files in `gates/`.
@Suite struct SchemaTests {
  func file(_ path: String) throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
  }

  @Test(arguments: [
    "checklist", "pack", "rollout", "program", "report", "plan", "diff", "trend", "decision",
  ])
  func thePublishedSchemaIsWhatTheBinaryPrints(_ name: String) throws {
    let published = try file("gates/schemas/\(name).schema.json")
    #expect(SchemaCatalog.text(name) == published, "run scripts/embed-resources")
  }

  @Test func theBuiltInPacksAreTheFilesInGates() throws {
    let directory = packageRoot.appendingPathComponent("gates")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(BuiltinPacks.sources.keys.sorted() == files.map { String($0.dropLast(5)) })
    for name in files {
      #expect(BuiltinPacks.sources[String(name.dropLast(5))] == (try file("gates/\(name)")))
    }
  }

  /// The keys the schema allows for a check kind.
  func schemaKeys(forKind kind: String) throws -> Set<String> {
    guard case .object(let root) = ChecklistSchema.checklist(),
      case .object(let defs)? = root["$defs"], case .object(let check)? = defs["check"],
      case .array(let branches)? = check["allOf"]
    else { throw SchemaShapeError() }
    for case .object(let branch) in branches {
      guard case .object(let condition)? = branch["if"],
        case .object(let properties)? = condition["properties"],
        case .object(let kindSchema)? = properties["kind"], kindSchema["const"] == .string(kind),
        case .object(let then)? = branch["then"], case .object(let allowed)? = then["properties"]
      else { continue }
      return Set(allowed.keys)
    }
    throw SchemaShapeError()
  }

  struct SchemaShapeError: Error {}

  func unknownKeys(in yaml: String) throws -> [String] {
    let node = try Loader().load(yaml, file: "c.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'g'", sink: sink)
    return sink.diagnostics.filter { $0.message.hasPrefix("unknown key") }.map(\.message)
  }

  @Test(arguments: CheckRegistry.names)
  func theDecoderAcceptsEveryKeyTheSchemaAllowsAndNoOther(_ kind: String) throws {
    let keys = try schemaKeys(forKind: kind)
    #expect(keys.contains("kind"))
    for key in keys.sorted() where key != "kind" {
      #expect(try unknownKeys(in: "kind: \(kind)\n\(key): x\n").isEmpty, "\(kind).\(key)")
    }
    #expect(!keys.contains("frobnicate"))
    #expect(
      try unknownKeys(in: "kind: \(kind)\nfrobnicate: x\n").first?.hasPrefix(
        "unknown key 'frobnicate'")
        == true)
  }

  @Test func checklistLevelKeysAgree() throws {
    guard case .object(let root) = ChecklistSchema.checklist(),
      case .object(let properties)? = root["properties"], case .object(let defs)? = root["$defs"]
    else { throw SchemaShapeError() }
    #expect(Set(properties.keys) == Set(ChecklistDecoder.topKeys))
    func keys(_ name: String) -> Set<String> {
      guard case .object(let def)? = defs[name], case .object(let props)? = def["properties"] else {
        return []
      }
      return Set(props.keys)
    }
    #expect(keys("gate") == Set(ChecklistDecoder.gateKeys))
    #expect(keys("waiver") == Set(ChecklistDecoder.waiverKeys))
    #expect(keys("disable") == Set(ChecklistDecoder.disableKeys))
    #expect(keys("extends") == Set(PackExpander.entryKeys))
    // And the decoder really rejects what the schema does not list.
    let (_, diagnostics) = try decodeChecklist(
      "version: 1\nprogram: p\nrelease: 1\nextra: 1\ngates:\n  - id: a\n    title: A\n    owner: o\n    severity: minor\n    colour: red\n    check: {kind: file, file: a}\n"
    )
    #expect(diagnostics.map(\.message).filter { $0.hasPrefix("unknown key") }.count == 2)
  }
}

/// YAML as gonogo reads it (core schema), as JSON for schema validators.
func jsonValue(of node: Node) -> JSONValue {
  switch node.content {
  case .scalar(let scalar):
    switch scalar.value {
    case .null: return .null
    case .bool(let bool): return .bool(bool)
    case .int(let int): return .int(int)
    case .float(let double): return .double(double)
    case .string(let string): return .string(string)
    }
  case .sequence(let items): return .array(items.map(jsonValue))
  case .mapping(let pairs):
    return .object(
      Dictionary(
        pairs.map { ($0.key.scalar?.text ?? "", jsonValue(of: $0.value)) },
        uniquingKeysWith: { a, _ in a }))
  }
}

let hasPythonJSONSchema: Bool = {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", "import jsonschema"]
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  guard (try? process.run()) != nil else { return false }
  process.waitUntilExit()
  return process.terminationStatus == 0
}()

@Suite struct SampleSchemaTests {
  /// Validates YAML files, read as gonogo reads them, against a schema with python's jsonschema.
  func validate(_ files: [String], schema: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var converted: [String] = []
    for (index, file) in files.enumerated() {
      let data = try Data(contentsOf: packageRoot.appendingPathComponent(file))
      let node = try Loader().load(data, file: file)
      let path = directory.appendingPathComponent("\(index).json").path
      try Data(jsonValue(of: node).serialized().utf8).write(to: URL(fileURLWithPath: path))
      converted.append(path)
    }
    let script = """
      import json, sys, jsonschema
      validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
      bad = 0
      for path, name in zip(sys.argv[2::2], sys.argv[3::2]):
          for error in validator.iter_errors(json.load(open(path))):
              bad += 1
              print(name, list(error.absolute_path), error.message)
      print("invalid" if bad else "valid")
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        "python3", "-c", script,
        packageRoot.appendingPathComponent("gates/schemas/\(schema).schema.json").path,
      ]
      + zip(converted, files).flatMap { [$0, $1] }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return output
  }

  @Test(.enabled(if: hasPythonJSONSchema, "needs python3 with jsonschema"))
  func everySampleChecklistValidates() throws {
    let root = packageRoot.appendingPathComponent("samples").path
    let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
    let checklists = all.filter { ($0 as NSString).lastPathComponent == "readiness.yaml" }
      .map { "samples/\($0)" }
    #expect(checklists.count >= 6)
    #expect(try validate(checklists, schema: "checklist") == "valid\n")
  }

  @Test(.enabled(if: hasPythonJSONSchema, "needs python3 with jsonschema"))
  func everyPackValidates() throws {
    let packs = try FileManager.default.contentsOfDirectory(
      atPath: packageRoot.appendingPathComponent("gates").path
    ).filter { $0.hasSuffix(".yaml") }.sorted().map { "gates/\($0)" }
    guard !packs.isEmpty else { return }
    #expect(try validate(packs, schema: "pack") == "valid\n")
  }

  @Test(.enabled(if: hasPythonJSONSchema, "needs python3 with jsonschema"))
  func everyRolloutPlanAndProgramValidates() throws {
    let root = packageRoot.appendingPathComponent("samples").path
    let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
    let plans =
      [
        "Tests/GoNoGoKitTests/Fixtures/rollout/go-canary/rollout.yaml",
        "Tests/GoNoGoKitTests/Fixtures/rollout/nogo-freeze/rollout.yaml",
      ]
      + all.filter { $0.hasSuffix("rollout.yaml") }.map { "samples/\($0)" }
    #expect(try validate(plans, schema: "rollout") == "valid\n")
    let programs = all.filter { $0.hasSuffix("program.yaml") }.map { "samples/\($0)" }
    if !programs.isEmpty {
      #expect(try validate(programs, schema: "program") == "valid\n")
    }
  }

  @Test(.enabled(if: hasPythonJSONSchema, "needs python3 with jsonschema"))
  func theSchemaRejectsWhatTheDecoderRejects() throws {
    let output = try validate(
      ["Tests/CLITests/Fixtures/severty/readiness.yaml"], schema: "checklist")
    #expect(output.contains("Additional properties are not allowed ('severty' was unexpected)"))
    #expect(output.hasSuffix("invalid\n"))
  }
}

@Suite struct DocumentationTests {
  @Test func theCheckKindReferenceIsGeneratedFromTheCode() throws {
    let published = try String(
      contentsOf: packageRoot.appendingPathComponent("docs/check-kinds.md"), encoding: .utf8)
    #expect(published == KindReference.markdown(), "run scripts/embed-resources")
  }

  @Test func thePacksReferenceIsGeneratedFromThePacks() throws {
    let published = try String(
      contentsOf: packageRoot.appendingPathComponent("docs/packs.md"), encoding: .utf8)
    #expect(published == PackCatalog.markdown(), "run scripts/embed-resources")
  }

  @Test func theReadmeCoversEveryKindFormatPackAndExitCode() throws {
    let readme = try String(
      contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    for kind in CheckRegistry.names {
      #expect(readme.contains("| `\(kind)` |"), "kind \(kind)")
    }
    for format in OutputFormat.allCases {
      #expect(readme.contains("| `\(format.rawValue)` |"), "format \(format.rawValue)")
    }
    for pack in BuiltinPacks.sources.keys {
      #expect(readme.contains("builtin:\(pack)"), "pack \(pack)")
    }
    let codes: [(Int32, String)] = [
      (Verdict.go.exitCode(failOnConditional: false), "| 0 |"),
      (Verdict.noGo.exitCode(failOnConditional: false), "| 1 |"),
    ]
    for (code, row) in codes {
      #expect(readme.contains(row), "exit code \(code)")
    }
    #expect(Verdict.conditionalGo.exitCode(failOnConditional: true) == 1)
    #expect(readme.contains("| 2 |") && readme.contains("| 3 |"))
  }

  @Test func everyKindIsInTheReferenceWithEveryParameter() {
    let reference = KindReference.markdown()
    for kind in CheckRegistry.kinds.map({ $0.description }) {
      #expect(reference.contains("\n## \(kind.kind)\n"))
      for parameter in kind.parameters {
        #expect(reference.contains("| `\(parameter.name)` |"), "\(kind.kind).\(parameter.name)")
      }
    }
  }
}

import Foundation
import Testing

/// A tool found on PATH, or nil.
private func onPath(_ name: String) -> URL? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
  for directory in path.split(separator: ":") {
    let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
  }
  return nil
}

/// The result of a command run by the integration tests.
struct ToolRun {
  var status: Int32
  var output: String

  /// Runs `executable` with `arguments` in `directory`; stdout and stderr together.
  init(
    _ executable: URL, _ arguments: [String], in directory: URL,
    environment: [String: String] = [:]
  ) throws {
    let process = GoNoGoRun.process(
      arguments, in: directory, environment: environment, executable: executable)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    status = process.terminationStatus
    output = String(decoding: data, as: UTF8.self)
  }
}

private func temporaryDirectory(_ name: String) throws -> URL {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("gonogo-\(name)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  return directory
}

private let bash = URL(fileURLWithPath: "/bin/bash")
private let git = onPath("git")
private let preCommit = onPath("pre-commit")

/// `.pre-commit-hooks.yaml`, exercised by pre-commit itself (`pre-commit try-repo`) on a copy of
/// the GO sample in a fresh git repository, with the built gonogo first on PATH.
@Suite(
  .enabled(
    if: preCommit != nil && git != nil,
    "pre-commit (pip install pre-commit) and git are needed to run the hook"))
struct PreCommitHookTests {
  /// A git repository holding the GO sample, every file staged.
  func sampleRepository() throws -> URL {
    let directory = try temporaryDirectory("pre-commit")
    let repository = directory.appendingPathComponent("repo")
    try FileManager.default.copyItem(
      at: GoNoGoRun.samples.appendingPathComponent("checkout-launch"), to: repository)
    let gitTool = try #require(git)
    for arguments in [
      ["init", "-q"], ["config", "user.email", "ci@example.com"], ["config", "user.name", "CI"],
      ["add", "-A"],
    ] {
      #expect(try ToolRun(gitTool, arguments, in: repository).status == 0)
    }
    return repository
  }

  func tryRepo(in repository: URL) throws -> ToolRun {
    try ToolRun(
      try #require(preCommit),
      [
        "try-repo", GoNoGoRun.packageRoot.path, "gonogo-validate", "--all-files", "--color",
        "never",
      ],
      in: repository,
      environment: [
        "PATH": GoNoGoRun.binary.deletingLastPathComponent().path + ":"
          + (ProcessInfo.processInfo.environment["PATH"] ?? ""),
        "PRE_COMMIT_HOME": repository.deletingLastPathComponent()
          .appendingPathComponent("cache").path,
      ])
  }

  @Test func theHookPassesOnTheGoSample() throws {
    let run = try tryRepo(in: try sampleRepository())
    #expect(run.status == 0, "\(run.output)")
    #expect(
      run.output.split(separator: "\n").contains {
        $0.hasPrefix("gonogo validate") && $0.hasSuffix("Passed")
      }, "\(run.output)")
  }

  @Test func theHookFailsOnABrokenChecklistAndNamesTheLine() throws {
    let repository = try sampleRepository()
    let checklist = repository.appendingPathComponent("api/readiness.yaml")
    var text = try String(contentsOf: checklist, encoding: .utf8)
    text = text.replacingOccurrences(of: "\nrelease:", with: "\nrelaese: typo\nrelease:")
    try Data(text.utf8).write(to: checklist)
    let gitTool = try #require(git)
    #expect(try ToolRun(gitTool, ["add", "-A"], in: repository).status == 0)
    let line =
      try #require(
        text.split(separator: "\n", omittingEmptySubsequences: false)
          .firstIndex { $0.hasPrefix("relaese:") }) + 1
    let run = try tryRepo(in: repository)
    #expect(run.status == 1, "\(run.output)")
    #expect(
      run.output.split(separator: "\n").contains {
        $0.hasPrefix("gonogo validate") && $0.hasSuffix("Failed")
      }, "\(run.output)")
    #expect(run.output.contains("api/readiness.yaml:\(line):1: error: unknown key 'relaese'"))
  }
}

/// The root action's steps (`scripts/action-install`, `scripts/action-check`), run as GitHub
/// runs them — environment in, `$GITHUB_OUTPUT` out — against a release made here.
@Suite struct ActionScriptTests {
  /// A fake release of `version` for x86_64 under `server/OWNER/gonogo/releases/download/`:
  /// a tarball whose `gonogo` is the built binary, and its `.sha256`.
  func release(_ version: String, in directory: URL, corruptChecksum: Bool = false) throws -> URL {
    let server = directory.appendingPathComponent("server")
    let assets = server.appendingPathComponent("OWNER/gonogo/releases/download/v\(version)")
    let name = "gonogo-\(version)-linux-x86_64"
    let stage = directory.appendingPathComponent("stage/\(name)")
    try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: GoNoGoRun.binary, to: stage.appendingPathComponent("gonogo"))
    let script = """
      set -e
      tar -czf "$1/\(name).tar.gz" -C "$2" \(name)
      cd "$1" && sha256sum \(name).tar.gz > \(name).tar.gz.sha256
      if [ "$3" = corrupt ]; then
        printf '%s  %s\\n' "$(printf '0%.0s' $(seq 64))" \(name).tar.gz > \(name).tar.gz.sha256
      fi
      """
    let run = try ToolRun(
      bash,
      [
        "-c", script, "make-release", assets.path, stage.deletingLastPathComponent().path,
        corruptChecksum ? "corrupt" : "intact",
      ], in: directory)
    #expect(run.status == 0, "\(run.output)")
    return server
  }

  func outputs(_ file: URL) throws -> [String: String] {
    let text = try String(contentsOf: file, encoding: .utf8)
    var values: [String: String] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
    }
    return values
  }

  func install(_ directory: URL, server: URL, environment: [String: String]) throws -> (
    ToolRun, [String: String]
  ) {
    let output = directory.appendingPathComponent("install-output")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    var env = [
      "GITHUB_OUTPUT": output.path, "RUNNER_TEMP": directory.appendingPathComponent("tmp").path,
      "ACTION_REPOSITORY": "OWNER/gonogo", "SERVER": "file://" + server.path,
      "RUNNER_ARCH_NAME": "X64", "RUNNER_OS_NAME": "Linux", "FROM_SOURCE": "false",
      "PREBUILT": "", "INPUT_VERSION": "", "ACTION_REF": "",
    ]
    for (key, value) in environment { env[key] = value }
    let run = try ToolRun(
      GoNoGoRun.packageRoot.appendingPathComponent("scripts/action-install"), [], in: directory,
      environment: env)
    return (run, try outputs(output))
  }

  @Test func theInstallStepDownloadsTheReleaseNamedByTheActionsTagAndChecksIt() throws {
    let directory = try temporaryDirectory("action")
    let server = try release("9.8.7", in: directory)
    let (run, outputs) = try install(
      directory, server: server, environment: ["ACTION_REF": "v9.8.7"])
    #expect(run.status == 0, "\(run.output)")
    let binary = directory.appendingPathComponent(
      "tmp/gonogo-9.8.7/gonogo-9.8.7-linux-x86_64/gonogo")
    #expect(outputs["binary"] == binary.path)
    #expect(FileManager.default.isExecutableFile(atPath: binary.path))
    #expect(run.output.contains("Installed 0.1.0 (unknown revision)"))
  }

  @Test func theInstallStepRefusesATarballThatDoesNotMatchItsChecksum() throws {
    let directory = try temporaryDirectory("action")
    let server = try release("9.8.7", in: directory, corruptChecksum: true)
    let (run, outputs) = try install(
      directory, server: server, environment: ["INPUT_VERSION": "v9.8.7"])
    #expect(run.status == 2)
    #expect(outputs["binary"] == nil)
    #expect(
      run.output.contains("::error title=gonogo::gonogo-9.8.7-linux-x86_64.tar.gz has SHA-256 "))
    #expect(
      run.output.contains(", not the published \(String(repeating: "0", count: 64)); refusing"))
  }

  @Test func theInstallStepNamesWhatItCannotDo() throws {
    let directory = try temporaryDirectory("action")
    let server = try release("9.8.7", in: directory)
    let cases: [([String: String], String)] = [
      (["INPUT_VERSION": "9.9.9"], "cannot download file://"),
      (["INPUT_VERSION": "nine"], "version 'nine' is not a release version such as 0.1.0"),
      (["INPUT_VERSION": "9.8.7", "RUNNER_ARCH_NAME": "ARM"], "runner architecture 'ARM'"),
      (
        ["INPUT_VERSION": "9.8.7", "RUNNER_OS_NAME": "macOS"],
        "on macOS set build-from-source: true"
      ),
      (["FROM_SOURCE": "yes"], "build-from-source must be 'true' or 'false', not 'yes'"),
      (["PREBUILT": "/no/such/gonogo"], "gonogo-path '/no/such/gonogo' is not an executable file"),
    ]
    for (environment, message) in cases {
      let (run, outputs) = try install(directory, server: server, environment: environment)
      #expect(run.status == 2, "\(environment)")
      #expect(outputs["binary"] == nil, "\(environment)")
      #expect(run.output.contains("::error title=gonogo::"), "\(environment)")
      #expect(run.output.contains(message), "\(environment): \(run.output)")
    }
  }

  @Test func theCheckStepSetsTheOutputsAndWritesTheReports() throws {
    let directory = try temporaryDirectory("action")
    let output = directory.appendingPathComponent("check-output")
    let summary = directory.appendingPathComponent("summary.md")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let reports = directory.appendingPathComponent("reports")
    let run = try ToolRun(
      GoNoGoRun.packageRoot.appendingPathComponent("scripts/action-check"), [],
      in: GoNoGoRun.packageRoot,
      environment: [
        "GONOGO": GoNoGoRun.binary.path, "INPUT_PATHS": "samples/checkout-launch",
        "INPUT_FORMATS": "markdown, junit,gitlab", "INPUT_NOW": "2026-12-01T09:00:00Z",
        "INPUT_ROOT": "", "INPUT_FAIL_ON": "no-go", "INPUT_JOB_SUMMARY": "true",
        "INPUT_UPLOAD_SARIF": "true", "OUTPUT_DIR": reports.path, "GITHUB_OUTPUT": output.path,
        "GITHUB_STEP_SUMMARY": summary.path,
      ])
    #expect(run.status == 0, "\(run.output)")
    let values = try outputs(output)
    #expect(values["exit-code"] == "0")
    #expect(values["verdict"] == "go")
    #expect(values["report-json"] == reports.appendingPathComponent("gonogo.json").path)
    #expect(values["sarif"] == reports.appendingPathComponent("gonogo.sarif").path)
    let written = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
    #expect(
      written == [
        "gonogo.codequality.json", "gonogo.json", "gonogo.md", "gonogo.sarif", "gonogo.xml",
      ])
    #expect(try String(contentsOf: summary, encoding: .utf8).contains("GO"))
    #expect(run.output.contains("::notice title=gonogo%3A GO::checkout-v2 2.4.0 is GO: "))
  }

  @Test func theCheckStepWritesTheDecisionRecordAndItsDigest() throws {
    let directory = try temporaryDirectory("action")
    let output = directory.appendingPathComponent("check-output")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let reports = directory.appendingPathComponent("reports")
    let environment = [
      "GONOGO": GoNoGoRun.binary.path, "INPUT_PATHS": "samples/checkout-launch",
      "INPUT_FORMATS": "", "INPUT_NOW": "2026-12-01T09:00:00Z", "INPUT_JOB_SUMMARY": "false",
      "INPUT_RECORD": "decision.json", "OUTPUT_DIR": reports.path,
      "GITHUB_OUTPUT": output.path, "GONOGO_SIGNING_KEY": "",
    ]
    let run = try ToolRun(
      GoNoGoRun.packageRoot.appendingPathComponent("scripts/action-check"), [],
      in: GoNoGoRun.packageRoot, environment: environment)
    #expect(run.status == 0, "\(run.output)")
    let record = reports.appendingPathComponent("decision.json")
    let values = try outputs(output)
    #expect(values["record-sha256"] == sha256sum(try Data(contentsOf: record)))
    let statement = try json(try String(contentsOf: record, encoding: .utf8))
    #expect(statement["_type"] as? String == "https://in-toto.io/Statement/v1")
    #expect(statement["predicateType"] as? String == "https://gonogo.dev/decision/v1")

    var escaping = environment
    escaping["INPUT_RECORD"] = "../decision.json"
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let refused = try ToolRun(
      GoNoGoRun.packageRoot.appendingPathComponent("scripts/action-check"), [],
      in: GoNoGoRun.packageRoot, environment: escaping)
    #expect(refused.status == 2)
    #expect(
      refused.output.contains(
        "::error title=gonogo::record must be a file name inside output-dir, not '../decision.json'"))
  }

  @Test func theCheckStepFailsOnAnUnknownFormatBeforeRunning() throws {
    let directory = try temporaryDirectory("action")
    let output = directory.appendingPathComponent("check-output")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let run = try ToolRun(
      GoNoGoRun.packageRoot.appendingPathComponent("scripts/action-check"), [],
      in: GoNoGoRun.packageRoot,
      environment: [
        "GONOGO": GoNoGoRun.binary.path, "INPUT_PATHS": "samples/checkout-launch",
        "INPUT_FORMATS": "pdf", "OUTPUT_DIR": directory.appendingPathComponent("r").path,
        "GITHUB_OUTPUT": output.path,
      ])
    #expect(run.status == 2)
    #expect(
      run.output.contains(
        "::error title=gonogo::unknown format 'pdf' in formats (markdown, json, junit, sarif, "
          + "html, text, gitlab)"))
    #expect(try outputs(output).isEmpty)
  }
}

import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo check`: evaluate the gates and print the go/no-go report.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Evaluate every gate against its evidence and print the go/no-go report.")

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var record: RecordOptions

    @Option(name: .long, help: "Evidence root (default: each checklist's directory).")
    var root: String?

    @Option(name: .customLong("fail-on"), help: "Also exit 1 on 'conditional' (CONDITIONAL GO).")
    var failOn: FailOn?

    @Flag(
      name: .customLong("enforce-advisory"),
      help: "Judge advisory gates (before their advisory_until day) as if they were enforced.")
    var enforceAdvisory = false

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
      case conditional
      case nogo = "no-go"
    }

    func validate() throws {
      if let root {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
          isDirectory.boolValue
        else {
          throw ValidationError("--root '\(root)' is not a directory")
        }
      }
    }

    func run() throws {
      let now = try input.resolveNow()
      let outputs = try output.outputs()
      let definitions = Definitions.load(paths: input.paths)
      if definitions.hasErrors {
        printDiagnostics(definitions.diagnostics, color: false)
        throw ExitCode(2)
      }
      let release = try record.release(evidenceDirectory: evidenceDirectory)
      var report = Evaluation.run(
        definitions, root: root.map { URL(fileURLWithPath: $0) }, now: now,
        enforceAdvisory: enforceAdvisory, release: release)
      if let path = output.attestationPath {
        report.computeDigests()  // once, for the record and the JSON report alike
        report.recordSeal = try writeRecord(report, release: release, to: path)
      }
      try write(report, outputs: outputs)
      let code = report.verdict.exitCode(failOnConditional: failOn == .conditional)
      // Everything is written: the process ends here, without first freeing a big program's
      // definitions and report value by value.
      withExtendedLifetime((definitions, report)) { Foundation.exit(code) }
    }

    private func write(_ report: Report, outputs: [(OutputFormat, String)]) throws {
      for (format, path) in outputs where path != OutputOptions.standardOutput {
        var data = Data()
        format.write(report, options: .init(toolVersion: GoNoGo.version)) {
          data.append(contentsOf: $0)
        }
        do {
          let directory = (path as NSString).deletingLastPathComponent
          if !directory.isEmpty {
            try FileManager.default.createDirectory(
              atPath: directory, withIntermediateDirectories: true)
          }
          try data.write(to: URL(fileURLWithPath: path))
        } catch {
          printError(
            "gonogo: error: cannot write \(format.rawValue) report to \(path): \(error.localizedDescription)"
          )
          throw ExitCode(2)
        }
      }
      // Written as it is rendered: a program's JSON report never sits whole in memory.
      let stdoutFormat = try output.standardOutputFormat()
      if let stdoutFormat {
        stdoutFormat.write(
          report, options: .init(
            color: output.useColor, toolVersion: GoNoGo.version, width: terminalWidth()),
          to: writeToStandardOutput)
      }
      if stdoutFormat == .github || outputs.contains(where: { $0.0 == .github }) {
        appendStepSummary(report)
      }
    }

    /// Writes all of `bytes` to standard output.
    private func writeToStandardOutput(_ bytes: [UInt8]) {
      bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
          let count = Foundation.write(STDOUT_FILENO, base + offset, buffer.count - offset)
          if count < 0 {
            if errno == EINTR { continue }
            return  // a closed pipe or a full disk: nothing more can be written
          }
          offset += count
        }
      }
    }

    /// In GitHub Actions, appends the Markdown report to the step summary
    /// (`$GITHUB_STEP_SUMMARY`), within GitHub's size limit. A failure to write it is a warning:
    /// the verdict and the exit code stand.
    private func appendStepSummary(_ report: Report) {
      let environment = ProcessInfo.processInfo.environment
      guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
      let text = MarkdownRenderer.render(report, byteLimit: MarkdownRenderer.stepSummaryLimit)
      do {
        if !FileManager.default.fileExists(atPath: path) {
          _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
      } catch {
        guard !output.quiet else { return }
        printError(
          "gonogo: warning: cannot append to GITHUB_STEP_SUMMARY \(path): \(error.localizedDescription)"
        )
      }
    }
  }
}

extension GoNoGo.Check {
  /// Where HEAD is looked up: `--root`, else the first definition's directory.
  var evidenceDirectory: URL { releaseDirectory(root: root, paths: input.paths) }

  /// Writes the decision record of `report` (signed when a key is given) and returns its seal.
  func writeRecord(_ report: Report, release: ReleaseIdentity, to path: String) throws
    -> RecordSeal
  {
    let key = try record.signingKey()
    let inputs = DecisionRecorder.inputs(
      report, paths: input.paths, root: root, enforceAdvisory: enforceAdvisory, release: release,
      toolVersion: GoNoGo.version)
    let written: (bytes: [UInt8], seal: RecordSeal)
    do {
      written = try DecisionRecorder.record(report, inputs: inputs, key: key)
    } catch {
      printError("gonogo: error: \(error.message)")
      throw ExitCode(2)
    }
    do {
      try Data(written.bytes).write(to: URL(fileURLWithPath: path))
    } catch {
      printError(
        "gonogo: error: cannot write the decision record to \(path): \(error.localizedDescription)")
      throw ExitCode(2)
    }
    if key == nil {
      printError(
        "gonogo: note: the decision record \(path) is unsigned (a bare in-toto statement); sign it "
          + "with --sign-key PATH or GONOGO_SIGNING_KEY")
    }
    if release.revision == nil, let note = release.revisionNote {
      printError("gonogo: note: the decision record names no git commit: \(note)")
    }
    return written.seal
  }
}

/// Where the release's HEAD is looked up: `--root`, else the first definition's directory.
func releaseDirectory(root: String?, paths: [String]) -> URL {
  if let root { return URL(fileURLWithPath: root, isDirectory: true) }
  guard let first = paths.first else { return URL(fileURLWithPath: ".", isDirectory: true) }
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory), isDirectory.boolValue {
    return URL(fileURLWithPath: first, isDirectory: true)
  }
  return URL(fileURLWithPath: first).deletingLastPathComponent()
}

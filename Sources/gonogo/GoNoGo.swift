import ArgumentParser
import Foundation
import GoNoGoKit

/// The `gonogo` command: readiness gates for release pipelines.
@main
struct GoNoGo: ParsableCommand {
  /// The release version, as SARIF reports and `--version` name it.
  static let version = BuildInfo.version

  static let configuration = CommandConfiguration(
    commandName: "gonogo",
    abstract: "Evaluate release readiness gates against the evidence in a repository.",
    discussion: """
      Exit codes: 0 GO (and CONDITIONAL GO unless --fail-on conditional), 1 NO-GO, \
      2 invalid definitions or command line, 3 internal error.
      """,
    version: BuildInfo.versionLine,
    subcommands: [
      Check.self, Validate.self, Plan.self, Explain.self, Init.self, Kinds.self, Packs.self,
      Schema.self, Diff.self, Trend.self, Verify.self, Keygen.self,
    ],
    defaultSubcommand: Check.self
  )

  /// Runs the command, mapping every failure to gonogo's exit codes (2 for usage, 3 internal).
  static func main() {
    // `gonogo --version` alone is answered before the command tree is built: building it
    // reflects over every command's properties, which costs more than the rest of start-up.
    // The line is the one the parser prints for it.
    if CommandLine.arguments.count == 2 && CommandLine.arguments[1] == "--version" {
      print(BuildInfo.versionLine)
      return
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      var message = fullMessage(for: error)
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      printError("gonogo: error: " + message)
      if error is ValidationError || code == .validationFailure {
        printError("Run 'gonogo --help' for usage.")
      }
      Foundation.exit(error is InternalError ? 3 : 2)
    }
  }
}

/// A failure of gonogo itself, not of the input: exit code 3.
struct InternalError: Error, CustomStringConvertible {
  var description: String
}

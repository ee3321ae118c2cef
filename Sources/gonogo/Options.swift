import ArgumentParser
import Foundation
import GoNoGoKit

/// Where the definitions are and what time it is: shared by every command.
struct InputOptions: ParsableArguments {
  @Argument(
    help: """
      Checklist or rollout plan files, or directories holding readiness.yaml / gonogo.yaml / \
      rollout.yaml.
      """)
  var paths: [String] = []

  @Option(
    name: .long,
    help:
      "Evaluate as of this time (ISO 8601 date or date-time). Default: SOURCE_DATE_EPOCH, else the clock."
  )
  var now: String?

  /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since 1970.
  static let firstEpochSecond = -62_135_596_800
  static let lastEpochSecond = 253_402_300_799

  /// "Now": `--now`, else `SOURCE_DATE_EPOCH`, else the clock (to the second).
  func resolveNow() throws -> Date {
    if let now {
      switch DateValue.parse(now) {
      case .success(let value):
        return value.start
      case .failure(.impossible(let reason)):
        throw ValidationError("--now '\(now)' does not exist: \(reason)")
      case .failure(.malformed):
        throw ValidationError(
          "--now '\(now)' is not an ISO 8601 date (2026-12-01) or date-time with a zone (2026-12-01T09:00:00Z)"
        )
      }
    }
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
      guard let seconds = Int(epoch) else {
        throw ValidationError("SOURCE_DATE_EPOCH '\(epoch)' is not a number of seconds")
      }
      // The years every date gonogo reads can name: 0001-01-01 to 9999-12-31 (UTC).
      guard (Self.firstEpochSecond...Self.lastEpochSecond).contains(seconds) else {
        throw ValidationError(
          "SOURCE_DATE_EPOCH '\(epoch)' is outside the years 0001 to 9999; it must count the "
            + "seconds from 1970-01-01T00:00:00Z to a moment in that range")
      }
      return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
    return Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
  }

  func validate() throws {
    _ = try resolveNow()
  }
}

/// How and where the report is written.
struct OutputOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Report format on stdout: \(OutputFormat.names).", valueName: "format"))
  var format: OutputFormat?

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Also write FORMAT to PATH (FORMAT=PATH; PATH '-' is stdout, in place of --format's "
        + "report); missing directories are created. Repeatable. attestation=PATH writes the "
        + "decision record.", valueName: "format=path"))
  var output: [String] = []

  @Flag(
    name: [.short, .long],
    help: ArgumentHelp(
      "Print nothing but errors: no report on stdout (the exit code tells the verdict; "
        + "--output files are still written)."))
  var quiet = false

  @Option(name: .long, help: "Colour: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: ColorChoice = .auto

  enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
  }

  /// The path of `--output FORMAT=-`: standard output.
  static let standardOutput = "-"

  /// The `--output` pairs, checked.
  func outputs() throws -> [(OutputFormat, String)] {
    // attestation=PATH is the decision record, written by RecordOptions, not a report format.
    let pairs = try output.filter { !$0.hasPrefix("attestation=") }.map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        .map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError(
          "--output '\(pair)' must be FORMAT=PATH (PATH '-' for stdout), e.g. json=report.json")
      }
      guard let format = OutputFormat(rawValue: parts[0]) else {
        throw ValidationError(
          "--output format '\(parts[0])' is unknown"
            + (Suggestion.closest(to: parts[0], in: OutputFormat.allCases.map(\.rawValue))
              .map { " (did you mean '\($0)'?)" } ?? "")
            + "; use one of \(OutputFormat.names)")
      }
      return (format, parts[1])
    }
    let toStandardOutput = pairs.filter { $0.1 == Self.standardOutput }
    if toStandardOutput.count > 1 {
      throw ValidationError(
        "only one report can go to stdout, but --output names '-' for "
          + toStandardOutput.map(\.0.rawValue).joined(separator: " and "))
    }
    if let (format, _) = toStandardOutput.first, let stdoutFormat = self.format {
      throw ValidationError(
        "--format \(stdoutFormat.rawValue) and --output \(format.rawValue)=- both write to stdout; "
          + "keep one")
    }
    var seen: Set<String> = []
    for (_, path) in pairs where path != Self.standardOutput {
      guard seen.insert(path).inserted else {
        throw ValidationError("--output names \(path) twice; give each report its own path")
      }
    }
    return pairs
  }

  /// The report written to stdout, if any: `--format` (text by default), or the format of
  /// `--output FORMAT=-`; none under `--quiet`.
  func standardOutputFormat() throws -> OutputFormat? {
    if let (format, _) = try outputs().first(where: { $0.1 == Self.standardOutput }) {
      return format
    }
    return quiet ? nil : (format ?? .text)
  }

  func validate() throws {
    _ = try outputs()
  }

  /// Whether stdout gets colour.
  var useColor: Bool {
    switch color {
    case .always: return true
    case .never: return false
    case .auto:
      if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty {
        return false
      }
      return isatty(STDOUT_FILENO) == 1
    }
  }
}

extension OutputFormat: ExpressibleByArgument {
  /// The formats as a list for messages: `text, markdown, json, …`.
  static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Prints diagnostics compiler-style on stderr.
func printDiagnostics(_ diagnostics: [Diagnostic], color: Bool) {
  var text = ""
  for diagnostic in diagnostics {
    text += TerminalText.escaped(diagnostic.description) + "\n"
    if let hint = diagnostic.hint { text += "  hint: " + TerminalText.escaped(hint) + "\n" }
  }
  FileHandle.standardError.write(Data(text.utf8))
}

/// Writes lines to stderr with control characters shown, never sent to the terminal: paths,
/// ids and messages in them come from the user's files.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((TerminalText.escapedLines(text) + "\n").utf8))
}

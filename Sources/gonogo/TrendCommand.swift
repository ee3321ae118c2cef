import ArgumentParser
import Foundation
import GoNoGoKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension GoNoGo {
  /// `gonogo trend`: readiness KPIs over a series of go/no-go reports.
  struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "trend",
      abstract: "Readiness KPIs over many go/no-go reports: pass rate, blockers, time to green.",
      discussion: """
        Reads gonogo JSON reports (files or globs; ordered by their 'now', duplicates of the \
        same 'now' and program collapsed), or with --git RANGE PATH every committed version of \
        one report file in a revision range (main~30..main, or a single revision for its whole \
        history). Exit codes: 0 the trend was written, 2 bad input.
        """)

    @Argument(help: "JSON reports or globs (quote a glob to let gonogo expand it); with --git, the report's path.")
    var reports: [String] = []

    @Option(name: .customLong("git"), help: "Read every committed version of PATH in this revision range.")
    var gitRange: String?

    @Option(name: .long, help: "Output format: text, markdown, json or html.")
    var format: TrendFormat = .text

    @Option(name: .long, help: "Also write FORMAT to PATH (FORMAT=PATH); repeatable.")
    var output: [String] = []

    enum TrendFormat: String, ExpressibleByArgument, CaseIterable {
      case text, markdown, json, html
    }

    func validate() throws {
      if gitRange != nil {
        guard reports.count == 1 else {
          throw ValidationError("--git RANGE takes exactly one report path, not \(reports.count)")
        }
      } else if reports.isEmpty {
        throw ValidationError("name at least one JSON report (or --git RANGE PATH)")
      }
      _ = try outputs()
    }

    private func outputs() throws -> [(TrendFormat, String)] {
      try output.map { item in
        guard let equals = item.firstIndex(of: "="),
          let format = TrendFormat(rawValue: String(item[..<equals])),
          item.index(after: equals) < item.endIndex
        else {
          throw ValidationError(
            "--output '\(item)' must be FORMAT=PATH with FORMAT one of text, markdown, json, html")
        }
        return (format, String(item[item.index(after: equals)...]))
      }
    }

    func run() throws {
      let runs: Result<[TrendRun], HistoryError>
      if let gitRange {
        runs = TrendInput.runs(
          gitRange: gitRange, path: reports[0],
          directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
      } else {
        var paths: [String] = []
        for pattern in reports {
          let matches = Self.expand(pattern)
          guard !matches.isEmpty else {
            printError("gonogo: \(pattern):1:1: error: no report matches; check the path or glob")
            throw ExitCode(2)
          }
          paths += matches
        }
        runs = TrendInput.runs(paths: paths)
      }
      let trend: TrendReport
      switch runs {
      case .failure(let error):
        printError("gonogo: " + error.description)
        throw ExitCode(2)
      case .success(let list): trend = TrendReport(runs: list)
      }
      for (format, path) in try outputs() {
        do {
          try Data(Self.render(trend, format).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
          printError("gonogo: error: cannot write \(format.rawValue) trend to \(path): \(error.localizedDescription)")
          throw ExitCode(2)
        }
      }
      FileHandle.standardOutput.write(Data(Self.render(trend, format).utf8))
    }

    static func render(_ trend: TrendReport, _ format: TrendFormat) -> String {
      switch format {
      case .text: TrendRenderer.text(trend)
      case .markdown: TrendRenderer.markdown(trend)
      case .json: TrendJSONRenderer.render(trend)
      case .html: TrendHTMLRenderer.render(trend)
      }
    }

    /// A path as is when it exists, else its glob matches (sorted); none when nothing matches.
    static func expand(_ pattern: String) -> [String] {
      if FileManager.default.fileExists(atPath: pattern) { return [pattern] }
      guard pattern.contains(where: { "*?[".contains($0) }) else { return [] }
      var matches = glob_t()
      defer { globfree(&matches) }
      guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
      var paths: [String] = []
      for index in 0..<Int(matches.gl_pathc) {
        if let path = matches.gl_pathv[index] { paths.append(String(cString: path)) }
      }
      return paths.sorted()
    }
  }
}

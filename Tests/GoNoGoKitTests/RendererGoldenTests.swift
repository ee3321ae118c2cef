import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Golden files under `Tests/GoNoGoKitTests/Goldens/<format>/<name>.<ext>`.
///
/// `RECORD_GOLDENS=1 swift test --filter Renderer` rewrites them from the current output.
enum Golden {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let directory = packageRoot.appendingPathComponent("Tests/GoNoGoKitTests/Goldens")
  static let recording = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"

  /// The formats with goldens, and their file extensions.
  static let formats: [(OutputFormat, String)] = [
    (.markdown, "md"), (.junit, "xml"), (.sarif, "sarif"), (.github, "txt"), (.html, "html"),
  ]

  static func url(_ format: OutputFormat, _ name: String) -> URL {
    let ext = formats.first { $0.0 == format }?.1 ?? "txt"
    return directory.appendingPathComponent("\(format.rawValue)/\(name).\(ext)")
  }

  /// Compares `actual` with the golden file, or records it when `RECORD_GOLDENS=1`.
  static func check(
    _ actual: String, _ format: OutputFormat, _ name: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let file = url(format, name)
    if recording {
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: file)
      return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    guard actual != expected else { return }
    let actualLines = actual.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    let common = min(actualLines.count, expectedLines.count)
    let index = (0..<common).first { actualLines[$0] != expectedLines[$0] } ?? common
    Issue.record(
      """
      \(format.rawValue)/\(file.lastPathComponent) differs at line \(index + 1)
        expected: \(index < expectedLines.count ? expectedLines[index] : "<end>")
        actual:   \(index < actualLines.count ? actualLines[index] : "<end>")
      Run RECORD_GOLDENS=1 swift test --filter Renderer to accept the new output.
      """, sourceLocation: sourceLocation)
  }

  /// Renders `report` the way the CLI does, with a fixed tool version.
  static func render(_ report: Report, _ format: OutputFormat) -> String {
    format.render(report, options: .init(toolVersion: "1.0.0-test"))
  }
}

/// The sample programs, evaluated in-process as of their release day, with paths relative to
/// the package (as `gonogo check samples/<name>` run from the package prints them).
enum Samples {
  static let names = ["checkout-launch", "payments-migration"]
  static let directory = Golden.packageRoot.appendingPathComponent("samples")
  static var present: Bool {
    names.allSatisfy { name in
      ["readiness.yaml", "program.yaml"].contains {
        FileManager.default.fileExists(
          atPath: directory.appendingPathComponent("\(name)/\($0)").path)
      }
    }
  }

  static func report(_ name: String) -> Report {
    let path = directory.appendingPathComponent(name).path
    var report = Evaluation.run(Definitions.load(paths: [path]), root: nil, now: releaseDay)
    let prefix = Golden.packageRoot.path + "/"
    func relative(_ file: String) -> String {
      file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }
    report.sources = report.sources.map(relative)
    for index in report.gates.indices {
      report.gates[index].location.file = relative(report.gates[index].location.file)
      report.gates[index].evidenceRoot = report.gates[index].evidenceRoot.map(relative)
      // Rollout findings point into the plan, and some messages name the checklist.
      report.gates[index].findings = report.gates[index].findings.map { finding in
        var finding = finding
        if let file = finding.evidence?.file { finding.evidence?.file = relative(file) }
        finding.message = finding.message.replacingOccurrences(of: prefix, with: "")
        return finding
      }
    }
    for index in report.waivers.indices {
      report.waivers[index].waiver.location.file = relative(
        report.waivers[index].waiver.location.file)
    }
    for index in report.diagnostics.indices {
      report.diagnostics[index].location.file = relative(report.diagnostics[index].location.file)
    }
    for index in report.rollout.indices {
      report.rollout[index].file = relative(report.rollout[index].file)
    }
    for index in report.workstreams.indices {
      report.workstreams[index].sources = report.workstreams[index].sources.map(relative)
    }
    return report
  }
}

@Suite struct RendererGoldenTests {
  @Test(arguments: RendererFixtures.names, Golden.formats.map(\.0))
  func fixtureReportsMatchTheirGoldens(_ name: String, _ format: OutputFormat) throws {
    try Golden.check(Golden.render(RendererFixtures.report(name), format), format, name)
  }

  @Test(
    .enabled(if: Samples.present, "the samples are not in this checkout"),
    arguments: Samples.names, Golden.formats.map(\.0))
  func samplesMatchTheirGoldens(_ name: String, _ format: OutputFormat) throws {
    try Golden.check(Golden.render(Samples.report(name), format), format, name)
  }

  @Test func thePrintoutWithARolloutMatchesItsGolden() throws {
    let html = HTMLRenderer.render(RendererFixtures.conditional, rollout: RendererFixtures.rollout)
    try Golden.check(html, .html, "conditional-rollout")
  }

  @Test func renderingIsDeterministic() {
    for name in RendererFixtures.names {
      for (format, _) in Golden.formats {
        let report = RendererFixtures.report(name)
        #expect(Golden.render(report, format) == Golden.render(report, format))
      }
    }
  }
}

@Suite struct OutputFormatTests {
  @Test func everyFormatRendersThroughItsRenderer() {
    let report = RendererFixtures.conditional
    let options = OutputFormat.Options(toolVersion: "1.0.0-test")
    #expect(
      OutputFormat.allCases.map(\.rawValue) == [
        "text", "markdown", "json", "junit", "sarif", "github", "html", "gitlab",
      ])
    #expect(OutputFormat.markdown.render(report) == MarkdownRenderer.render(report))
    #expect(OutputFormat.junit.render(report) == JUnitRenderer.render(report))
    #expect(
      OutputFormat.sarif.render(report, options: options)
        == SARIFRenderer.render(report, toolVersion: "1.0.0-test"))
    #expect(OutputFormat.github.render(report) == GitHubRenderer.render(report))
    #expect(OutputFormat.html.render(report) == HTMLRenderer.render(report))
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Gates from packs are located where the user can act: the `extends:` entry of their checklist,
/// with the gate's place in the pack beside it.
@Suite struct PackLocationTests {
  /// `swift test --xunit-output` from a cart package with one failing test of four.
  func qualityLaunch() throws -> (TempRoot, String) {
    func fixture(_ path: String) throws -> String {
      try String(
        contentsOf: packageRoot.appendingPathComponent("Tests/GoNoGoKitTests/Fixtures/\(path)"),
        encoding: .utf8)
    }
    let root = try TempRoot([
      "readiness.yaml": """
      version: 1
      program: cart
      release: 1.4.0
      extends:
        - pack: builtin:quality
          with:
            owner: team-cart
            test_results: [build/cart.xml]
            coverage: build/coverage.xml
            min_line_rate: 10%
      """,
      "build/cart.xml": try fixture("junit/swift-cart.xml"),
      "build/coverage.xml": try fixture("coverage/coverage-py.xml"),
    ])
    return (root, root.url.appendingPathComponent("readiness.yaml").path)
  }

  func report() throws -> (TempRoot, String, Report) {
    let (root, file) = try qualityLaunch()
    let definitions = Definitions.load(paths: [file])
    #expect(definitions.diagnostics.isEmpty, "\(definitions.diagnostics)")
    return (root, file, Evaluation.run(definitions, root: nil, now: releaseDay))
  }

  @Test func aPackGateIsLocatedAtTheExtendsEntryWithItsPackLocationBeside() throws {
    let (_, file, report) = try report()
    let tests = try #require(report.gates.first { $0.id == "quality.tests" })
    #expect(tests.location == SourceLocation(file: file, line: 5, column: 5))
    #expect(
      tests.pack
        == PackOrigin(
          pack: "builtin:quality",
          location: SourceLocation(file: "builtin:quality", line: 25, column: 5)))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(report).utf8))
        as? [String: Any])
    let gate = try #require((json["gates"] as? [[String: Any]])?.first)
    let pack = try #require(gate["pack"] as? [String: Any])
    #expect(pack["name"] as? String == "builtin:quality")
    let place = try #require(pack["location"] as? [String: Any])
    #expect(place["file"] as? String == "builtin:quality")
    #expect(place["line"] as? Int == 25)
    #expect(place["column"] as? Int == 5)
    let location = try #require(gate["location"] as? [String: Any])
    #expect(location["file"] as? String == file)
    #expect(location["line"] as? Int == 5)
    let text = TextRenderer.render(report, color: false, width: 400)
    #expect(
      text.contains(
        "      defined at \(file):5:5 (from builtin:quality gate quality.tests) · evidence build/cart.xml\n"
      ))
    // The failing test has a line: the annotation is there, and nothing points into the pack.
    let github = GitHubRenderer.render(report)
    #expect(!github.contains("builtin:"))
    #expect(
      github.hasPrefix(
        "::error file=\(Escape.workflowProperty(tests.workingPath(ofEvidence: "build/cart.xml"))),line=12,"
      ))
  }

  @Test func aPackGateWithoutAnEvidenceLineIsAnnotatedAtTheExtendsEntry() throws {
    let (root, file) = try qualityLaunch()
    try FileManager.default.removeItem(at: root.url.appendingPathComponent("build/cart.xml"))
    let report = Evaluation.run(Definitions.load(paths: [file]), root: nil, now: releaseDay)
    #expect(report.gates.map(\.status) == [.error, .error, .pass])
    let github = GitHubRenderer.render(report)
    #expect(!github.contains("builtin:"))
    #expect(
      github.hasPrefix(
        "::error file=\(Escape.workflowProperty(file)),line=5,col=5,title=Blocker gate quality.tests "
      ))
  }

  @Test func sarifPointsAtTheChecklistAndRelatesThePackGate() throws {
    let (_, file, report) = try report()
    let text = SARIFRenderer.render(report, toolVersion: "1")
    let log = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    let result = try #require(results.first { $0["ruleId"] as? String == "quality.tests" })
    let physical = try #require(
      (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((physical["artifactLocation"] as? [String: String])?["uri"] == "file://\(file)")
    #expect(physical["region"] as? [String: Int] == ["startLine": 5, "startColumn": 5])
    let related = try #require(result["relatedLocations"] as? [[String: Any]])
    #expect(related.first?["id"] as? Int == 1)
    #expect(
      related.first?["message"] as? [String: String]
        == ["text": "from builtin:quality gate quality.tests"])
    let pack = try #require(related.first?["physicalLocation"] as? [String: Any])
    #expect(pack["artifactLocation"] as? [String: String] == ["uri": "builtin:quality"])
    #expect(pack["region"] as? [String: Int] == ["startLine": 25, "startColumn": 5])
    #expect(related.dropFirst().first?["id"] as? Int == 2)
    #expect(!text.contains("%SRCROOT%\",\"uri\":\"builtin"))
  }

  @Test func oneFailingTestFailsOneGateNotTwo() throws {
    let (_, _, report) = try report()
    #expect(
      report.gates.map { "\($0.id) \($0.status.rawValue)" } == [
        "quality.tests fail", "quality.required-suites pass", "quality.coverage pass",
      ])
    let tests = try #require(report.gates.first)
    #expect(
      tests.findings.first?.message
        == "4 tests in build/cart.xml: 3 passed, 1 failed, 0 errored, 0 skipped; pass rate 75%; "
        + "1 failed, more than max_failures 0")
    let suites = report.gates[1]
    #expect(
      suites.findings.map(\.message) == [
        "4 tests in build/cart.xml: 3 passed, 1 failed, 0 errored, 0 skipped; pass rate 75%"
      ])
    #expect(report.verdict == .noGo)
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct RendererJUnitTests {
  func elements(_ report: Report) throws -> [XMLCollector.Element] {
    let collector = XMLCollector()
    let parser = XMLParser(data: Data(JUnitRenderer.render(report).utf8))
    parser.delegate = collector
    #expect(parser.parse())
    return collector.elements
  }

  @Test(.enabled(if: pythonHas("junitparser"), "needs python3 with junitparser"))
  func junitparserReadsOneTestcasePerGate() throws {
    var texts: [String: String] = [:]
    var expected: [String] = []
    var reports = RendererFixtures.names.map { ($0, RendererFixtures.report($0)) }
    if Samples.present { reports += Samples.names.map { ($0, Samples.report($0)) } }
    for (name, report) in reports {
      texts["\(name).xml"] = JUnitRenderer.render(report)
      let counts = report.summary
      expected.append(
        "\(name).xml \(report.gates.count) \(counts[.fail, default: 0]) "
          + "\(counts[.error, default: 0]) \(counts[.disabled, default: 0])")
    }
    let (directory, paths) = try temporaryFiles(texts)
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = """
      import os, sys
      from junitparser import JUnitXml, Failure, Error, Skipped
      for path in sys.argv[1:]:
          cases = [case for suite in JUnitXml.fromfile(path) for case in suite]
          kinds = [type(result) for case in cases for result in case.result]
          print(os.path.basename(path), len(cases), kinds.count(Failure), kinds.count(Error),
                kinds.count(Skipped))
      """
    let result = try #require(runPython(script, paths.keys.sorted().compactMap { paths[$0] }))
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output == expected.sorted().joined(separator: "\n") + "\n")
  }

  @Test func gatesAreTestcasesNamedByIdAndTitleInSuitesPerArea() throws {
    let elements = try elements(RendererFixtures.noGo)
    let suites = elements.filter { $0.name == "testsuite" }.map { $0.attributes["name"] ?? "" }
    #expect(suites == ["security", "sre", "support", "data", "comms", "other"])
    let cases = elements.filter { $0.name == "testcase" }
    #expect(cases.count == RendererFixtures.noGo.gates.count)
    #expect(cases.first?.attributes["classname"] == "security")
    #expect(cases.first?.attributes["name"] == "security.scan: No critical vulnerabilities")
  }

  @Test func failuresErrorsAndSkipsFollowTheGateStatus() throws {
    let elements = try elements(RendererFixtures.noGo)
    let failure = try #require(elements.first { $0.name == "failure" })
    #expect(failure.attributes["type"] == "blocker")
    #expect(
      failure.attributes["message"]
        == "reports/rehearsal.md:4:9: placeholder 'TBD' left in the document")
    #expect(
      failure.text.contains(
        "Owner: team-dba · severity: blocker · defined at "
          + "launch/readiness.yaml:12:5\nRemediation: Finish the rehearsal write-up"))
    let errors = elements.filter { $0.name == "error" }.map { $0.attributes["message"] ?? "" }
    #expect(
      errors == [
        "security/scan.json:40: scan.json is not valid JSON: unexpected end of data at line 40",
        "evidence file not found: reports/failover.md",
        "the gate's checks produced no findings; nothing was judged",
      ])
    let skipped = try #require(elements.first { $0.name == "skipped" })
    #expect(skipped.attributes["message"] == "disabled: Merchants are told by e-mail this time")
  }

  @Test func aWaivedGatePassesWithANoteInSystemOut() throws {
    let elements = try elements(RendererFixtures.conditional)
    let index = try #require(
      elements.firstIndex { $0.attributes["name"] == "quality.tests: All tests pass" })
    #expect(elements[index + 1].name == "system-out")
    #expect(
      elements[index + 1].text
        == "Waived: the gate's status is fail, accepted by VP Engineering until 2026-12-15: "
        + "Flaky payment-provider sandbox; fix tracked in PAY-123\n"
        + "- build/test-results/api.xml:88:7: 3 of 512 tests failed\n"
        + "Owner: team-api · severity: blocker · defined at launch/readiness.yaml:12:5\n"
        + "Remediation: Fix or quarantine the failing tests.")
    #expect(!elements.contains { $0.name == "failure" && $0.text.contains("3 of 512") })
  }
}

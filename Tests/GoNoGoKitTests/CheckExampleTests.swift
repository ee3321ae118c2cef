import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Every check kind's documented examples behave as labelled: the documentation is tested.
@Suite struct CheckExampleTests {
  @Test func kindNamesAreUnique() {
    let names = CheckRegistry.names
    #expect(Set(names).count == names.count)
    #expect(
      names == [
        "file", "markdown", "junit", "coverage", "report", "loadtest", "query", "vulnerabilities",
        "sbom", "signoff", "dashboard", "alerts", "slo", "catalog", "raid",
      ])
  }

  @Test func everyKindDocumentsPassingAndFailingExamples() {
    for kind in CheckRegistry.kinds {
      let statuses = Set(kind.description.examples.map(\.expected))
      #expect(statuses.contains(.pass), "\(kind.description.kind) has no passing example")
      #expect(statuses.contains(.fail), "\(kind.description.kind) has no failing example")
      #expect(!kind.description.summary.isEmpty)
    }
  }

  @Test(
    arguments: CheckRegistry.kinds.flatMap { kind in
      kind.description.examples.enumerated().map { "\(kind.description.kind)#\($0.offset)" }
    })
  func exampleBehavesAsLabelled(_ name: String) throws {
    let parts = name.split(separator: "#")
    let kind = try #require(CheckRegistry.kind(named: String(parts[0])))
    let example = kind.description.examples[try #require(Int(parts[1]))]
    let now = try #require(DateValue(parsing: example.now)).start
    let findings = try evaluate(example.yaml, files: example.files, now: now)
    #expect(VerdictRules.status(of: findings) == example.expected, "\(example.yaml) → \(findings)")
  }
}

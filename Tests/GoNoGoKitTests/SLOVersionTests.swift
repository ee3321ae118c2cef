import Foundation
import Testing

@testable import GoNoGoKit

/// OpenSLO v1 without a timeWindow, and the older openslo/v1alpha, are read as written.
@Suite struct SLOVersionTests {
  static let noWindow = """
    apiVersion: openslo/v1
    kind: SLO
    metadata: {name: checkout-availability}
    spec:
      service: checkout
      indicatorRef: checkout-success-ratio
      budgetingMethod: Occurrences
      objectives: [{displayName: Good checkouts, target: 0.999}]
    """

  func run(_ parameters: String) throws -> [Finding] {
    try evaluate("kind: slo\nfile: slo.yaml\n\(parameters)", files: ["slo.yaml": Self.noWindow])
  }

  @Test func anSLOWithoutATimeWindowSatisfiesServiceAndMinTarget() throws {
    #expect(
      try run("service: checkout\nmin_target: 99.9%") == [
        Finding(
          .pass, "SLO checkout-availability for checkout targets 99.9% (no timeWindow)",
          evidence: EvidenceLocation(file: "slo.yaml", line: 1), measured: ["target": 0.999])
      ])
  }

  @Test func maxWindowOnAnSLOWithoutATimeWindowIsAnError() throws {
    #expect(
      try run("service: checkout\nmax_window: 30d") == [
        Finding(
          .error,
          "SLO checkout-availability in slo.yaml has no timeWindow, so max_window 30d cannot be "
            + "judged; add a timeWindow (e.g. [{duration: 28d, isRolling: true}]) to its spec",
          evidence: EvidenceLocation(file: "slo.yaml", line: 1),
          expected: ["max_window": "30d"])
      ])
  }

  @Test func openSLOv1alphaObjectivesAndTimeWindowsAreRead() throws {
    let file = "openslo/orders-v1alpha.yaml"
    #expect(
      try evaluateOps("kind: slo\nfile: \(file)\nservice: orders\nmin_target: 99%") == [
        Finding(
          .pass, "SLO orders-availability for orders targets 99.5% over a rolling 30d window",
          evidence: EvidenceLocation(file: file, line: 3),
          measured: ["target": 0.995, "window": "30d"]),
        Finding(
          .pass, "SLO orders-latency for orders targets 99% over a calendar 1Q window",
          evidence: EvidenceLocation(file: file, line: 29),
          measured: ["target": 0.99, "window": "1Q"]),
      ])
    let window = try evaluateOps("kind: slo\nfile: \(file)\nmax_window: 30d")
    #expect(
      window == [
        Finding(
          .pass, "SLO orders-availability for orders targets 99.5% over a rolling 30d window",
          evidence: EvidenceLocation(file: file, line: 3),
          measured: ["target": 0.995, "window": "30d"]),
        Finding(
          .fail,
          "SLO orders-latency in \(file) is measured over a calendar 1Q window, longer than "
            + "max_window 30d",
          evidence: EvidenceLocation(file: file, line: 29), measured: ["window": "1Q"],
          expected: ["max_window": "30d"]),
      ])
  }

  @Test func v1alphaMistakesAreErrorsNamingTheField() throws {
    let slo = { (spec: String) in
      "apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: {name: a}\nspec:\n  service: s\n" + spec
    }
    let cases: [(String, String, Int)] = [
      (
        slo("  objectives: [{target: 99.5}]\n"),
        "SLO a in s.yaml has a target of 99.5, which is not a fraction between 0 and 1 (e.g. "
          + "0.999)", 6
      ),
      (
        slo("  objectives: [{value: 500}]\n"), "SLO a in s.yaml has an objective without a target",
        6
      ),
      (
        slo("  objectives: [{target: 0.9}]\n  timeWindows: [{count: 0, unit: Day}]\n"),
        "SLO a in s.yaml has a timeWindows count of 0, which is not a whole number above 0 (e.g. "
          + "28)", 7
      ),
      (slo(""), "SLO a in s.yaml has no objectives", 5),
    ]
    for (text, message, line) in cases {
      let findings = try evaluate("kind: slo\nfile: s.yaml", files: ["s.yaml": text])
      #expect(findings.map(\.message) == [message])
      #expect(findings.map(\.status) == [.error])
      #expect(findings.first?.evidence?.line == line, "\(message)")
    }
  }
}

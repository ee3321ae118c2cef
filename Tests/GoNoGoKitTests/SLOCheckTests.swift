import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct SLOCheckTests {
  static let checkout = "openslo/checkout-slos.yaml"

  func at(_ file: String, _ line: Int? = nil, _ column: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: file, line: line, column: column)
  }

  @Test func checkoutHasSLOsAmongOtherOpenSLOKinds() throws {
    let findings = try evaluateOps(
      "kind: slo\nfile: \(Self.checkout)\nservice: checkout\nmin_target: 99.5%\nmax_window: 28d")
    #expect(
      findings == [
        Finding(
          .pass, "SLO checkout-availability for checkout targets 99.9% over a rolling 28d window",
          evidence: at(Self.checkout, 27), measured: ["target": 0.999, "window": "28d"]),
        Finding(
          .pass, "SLO checkout-latency for checkout targets 99.5% over a rolling 1w window",
          evidence: at(Self.checkout, 44), measured: ["target": 0.995, "window": "1w"]),
      ])
  }

  @Test func aTargetBelowTheMinimumFailsAtTheObjective() throws {
    let findings = try evaluateOps("kind: slo\nfile: \(Self.checkout)\nmin_target: 99.9%")
    #expect(findings.map(\.status) == [.pass, .fail])
    #expect(
      findings.last
        == Finding(
          .fail,
          "SLO checkout-latency in openslo/checkout-slos.yaml targets 99.5% (objective 'Answered "
            + "within 300 ms'), below min_target 99.9%",
          evidence: at(Self.checkout, 73), measured: ["target": 0.995],
          expected: ["min_target": 0.999]))
  }

  @Test func aMissingServiceFailsListingTheServicesFound() throws {
    let findings = try evaluateOps(
      "kind: slo\nfiles: [\(Self.checkout), openslo/search-slos.json]\nservice: payments")
    #expect(
      findings == [
        Finding(
          .fail,
          "no SLO for service payments in openslo/checkout-slos.yaml, openslo/search-slos.json "
            + "(SLOs found for: checkout, search)", measured: ["slos": 3])
      ])
  }

  @Test func jsonListsAndCalendarWindowsAreRead() throws {
    let monthly = try evaluateOps("kind: slo\nfile: openslo/search-slos.json\nmax_window: 30d")
    #expect(
      monthly.map(\.message) == [
        "SLO search-availability for search targets 99.5% over a calendar 1M window"
      ])
    let shorter = try evaluateOps("kind: slo\nfile: openslo/search-slos.json\nmax_window: 28d")
    #expect(
      shorter == [
        Finding(
          .fail,
          "SLO search-availability in openslo/search-slos.json is measured over a calendar 1M "
            + "window, longer than max_window 28d",
          evidence: at("openslo/search-slos.json", 2), measured: ["window": "1M"],
          expected: ["max_window": "28d"])
      ])
  }

  @Test func slothObjectivesArePercents() throws {
    let findings = try evaluateOps(
      "kind: slo\nfile: openslo/payments-sloth.yaml\nservice: payments\nmin_target: 99.9%")
    #expect(
      findings.map(\.message) == [
        "SLO requests-availability for payments targets 99.95% over Sloth's default 30d window"
      ])
    let stricter = try evaluateOps(
      "kind: slo\nfile: openslo/payments-sloth.yaml\nmin_target: 99.99%")
    #expect(
      stricter.map(\.message) == [
        "SLO requests-availability in openslo/payments-sloth.yaml targets 99.95%, below "
          + "min_target 99.99%"
      ])
    #expect(stricter.first?.evidence == at("openslo/payments-sloth.yaml", 7))
  }

  @Test func anObjectiveWithBothTargetsIsAnError() throws {
    let findings = try evaluateOps("kind: slo\nfile: openslo/broken-objective.yaml")
    #expect(
      findings == [
        .error(
          "SLO checkout-availability in openslo/broken-objective.yaml has an objective with both "
            + "target and targetPercent", evidence: at("openslo/broken-objective.yaml", 13, 7))
      ])
  }

  @Test func filesWithoutSLOsFail() throws {
    let findings = try evaluate(
      "kind: slo\nfile: slo.yaml",
      files: [
        "slo.yaml": "apiVersion: openslo/v1\nkind: Service\nmetadata: {name: checkout}\nspec: {}\n"
      ])
    #expect(
      findings == [
        Finding(
          .fail, "slo.yaml holds no SLO (an OpenSLO kind: SLO or a Sloth spec)",
          evidence: EvidenceLocation(file: "slo.yaml"), measured: ["slos": 0])
      ])
  }

  @Test func malformedSLOsAreErrorsNamingTheFile() throws {
    let slo = { (spec: String) in
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n" + spec
    }
    let complete =
      "  service: checkout\n  indicatorRef: i\n  budgetingMethod: Occurrences\n  timeWindow: "
      + "[{duration: 28d, isRolling: true}]\n"
    let cases: [(String, String)] = [
      (slo("  service: checkout\n"), "SLO a in s.yaml has neither indicator nor indicatorRef"),
      (slo(complete), "SLO a in s.yaml has no objectives"),
      (
        slo(complete + "  objectives: [{target: 99.9}]\n"),
        "SLO a in s.yaml has a target of 99.9, which is not a fraction between 0 and 1 (e.g. "
          + "0.999)"
      ),
      (
        slo(complete + "  objectives: [{targetPercent: 100}]\n"),
        "SLO a in s.yaml has a targetPercent of 100, which is not between 0 and 100 (e.g. 99.9)"
      ),
      (
        slo(
          complete.replacingOccurrences(of: "28d", with: "4 weeks")
            + "  objectives: [{target: 0.9}]\n"),
        "SLO a in s.yaml has a timeWindow duration '4 weeks', which is not a whole number above "
          + "0 followed by m, h, d, w, M, Q or Y (such as 28d or 1M)"
      ),
      (
        slo(
          complete.replacingOccurrences(of: "Occurrences", with: "Events")
            + "  objectives: [{target: 0.9}]\n"),
        "SLO a in s.yaml has budgetingMethod 'Events'; use Occurrences, Timeslices or "
          + "RatioTimeslices"
      ),
      (
        "apiVersion: openslo/v2\nkind: SLO\nmetadata: {name: a}\n",
        "the SLO on line 1 of s.yaml uses apiVersion openslo/v2; only openslo/v1 and "
          + "openslo/v1alpha are read"
      ),
      ("- 42\n", "s.yaml holds an integer where an OpenSLO object was expected"),
      (
        "version: prometheus/v1\nservice: a\nslos: [{name: x, objective: 0}]\n",
        "Sloth SLO x in s.yaml has no objective between 0 and 100 (a percent, e.g. 99.9)"
      ),
      (
        "{\"apiVersion\": \"openslo/v1\",",
        "s.yaml is not valid YAML or JSON: did not find expected node content (while parsing a "
          + "flow node)"
      ),
    ]
    for (text, message) in cases {
      let findings = try evaluate("kind: slo\nfile: s.yaml", files: ["s.yaml": text])
      #expect(findings.map(\.status) == [.error], "\(text)")
      #expect(findings.first?.message == message)
    }
  }

  @Test func tabIndentedJSONIsRead() throws {
    let json =
      "{\n\t\"apiVersion\": \"openslo/v1\",\n\t\"kind\": \"SLO\",\n\t\"metadata\": {\"name\": "
      + "\"a\"},\n\t\"spec\": {\"service\": \"checkout\", \"indicatorRef\": \"i\", "
      + "\"budgetingMethod\": \"Occurrences\",\n\t\t\"timeWindow\": [{\"duration\": \"30d\", "
      + "\"isRolling\": true}],\n\t\t\"objectives\": [{\"targetPercent\": 99.9}]}\n}\n"
    let findings = try evaluate(
      "kind: slo\nfile: s.json\nmin_target: 99.9%", files: ["s.json": json])
    #expect(
      findings.map(\.message) == ["SLO a for checkout targets 99.9% over a rolling 30d window"])
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct ReportCheckTests {
  let noGo = """
    {"schema": "gonogo.report/v1", "verdict": "no-go", "now": "2026-11-30T09:00:00Z",
     "program": "checkout-web", "release": "2.4.0",
     "gates": [{"id": "web.a11y", "severity": "blocker", "status": "fail"},
               {"id": "web.notes", "severity": "major", "status": "pass"}]}
    """

  @Test func aNoGoWorkstreamFailsTheRollUpNamingItsFailingGates() throws {
    let findings = try evaluate("kind: report\nfile: web.json", files: ["web.json": noGo])
    #expect(
      findings == [
        Finding(
          .fail, "web.json: checkout-web 2.4.0 is NO-GO, not GO; failing: web.a11y (blocker, fail)",
          evidence: EvidenceLocation(file: "web.json"), measured: ["verdict": "no-go"],
          expected: ["verdict": "go"])
      ])
  }

  @Test func somethingOtherThanAGonogoReportIsAnError() throws {
    let findings = try evaluate(
      "kind: report\nfile: r.json", files: ["r.json": "{\"verdict\": \"go\"}"])
    #expect(
      findings == [
        .error(
          "r.json is not a gonogo report (its schema is not gonogo.report/v1)",
          evidence: EvidenceLocation(file: "r.json"))
      ])
    let broken = try evaluate("kind: report\nfile: r.json", files: ["r.json": "{\"schema\": "])
    #expect(
      broken == [
        .error(
          "r.json is not valid JSON: the file ends before the JSON value is complete; it may be cut off",
          evidence: EvidenceLocation(file: "r.json", line: 1, column: 12))
      ])
  }

  @Test func theAgeComesFromTheReportsEvaluationTime() throws {
    let findings = try evaluate(
      "kind: report\nfile: web.json\nmax_age: 12h", files: ["web.json": noGo])
    #expect(findings.map(\.status) == [.fail, .fail])
    #expect(
      findings.last?.message
        == "web.json is 1 day old (evaluated 2026-11-30), older than max_age 12h")
  }

  @Test func anUnknownVerdictParameterIsADefinitionError() throws {
    let (_, diagnostics) = try decodeChecklist(
      "version: 1\nprogram: p\nrelease: 1\ngates:\n  - id: a\n    title: A\n    owner: o\n    severity: major\n    check: {kind: report, file: r.json, verdict: green}\n"
    )
    #expect(
      diagnostics.map(\.message) == [
        "'verdict' in the report check of gate 'a' must be go or conditional-go, not 'green'"
      ])
  }
}

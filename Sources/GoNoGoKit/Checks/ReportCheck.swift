import Foundation
import LocatedYAML

/// `report`: another gonogo JSON report (from another pipeline) has a good enough verdict.
public struct ReportCheck: Check {
  public static let description = CheckDescription(
    kind: "report",
    summary: "An earlier gonogo JSON report (gonogo.report/v1) reached the required verdict: "
      + "the roll-up of a workstream evaluated elsewhere.",
    parameters: [
      .init(
        "verdict", "go | conditional-go",
        "The weakest verdict accepted (default go: CONDITIONAL GO fails)."),
      .init("max_age", "duration", "Fail when the report was evaluated longer ago than this."),
    ],
    examples: [
      CheckExample(
        "kind: report\nfile: api/report.json",
        files: ["api/report.json": ReportCheck.exampleReport(verdict: "go")], expected: .pass),
      CheckExample(
        "kind: report\nfile: api/report.json",
        files: ["api/report.json": ReportCheck.exampleReport(verdict: "conditional-go")],
        expected: .fail),
      CheckExample(
        "kind: report\nfile: api/report.json\nverdict: conditional-go",
        files: ["api/report.json": ReportCheck.exampleReport(verdict: "conditional-go")],
        expected: .pass),
      CheckExample(
        "kind: report\nfile: api/report.json\nmax_age: 1d",
        files: ["api/report.json": ReportCheck.exampleReport(verdict: "go")], expected: .fail),
      CheckExample(
        "kind: report\nfile: api/report.json", files: ["api/report.json": "{\"verdict\": \"go\"}"],
        expected: .error),
    ])

  static func exampleReport(verdict: String) -> String {
    """
    {"schema": "gonogo.report/v1", "verdict": "\(verdict)", "now": "2026-11-28T09:00:00Z",
     "program": "checkout-api", "release": "2.4.0", "gates": []}
    """
  }

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let accepted: Verdict
  let maxAge: Timespan?

  public init?(_ parameters: CheckParameters) {
    location = parameters.location
    evidence = parameters.evidence
    maxAge = parameters.fields.timespan("max_age")
    let fields = parameters.fields
    switch fields.string("verdict") {
    case nil, "go": accepted = .go
    case "conditional-go": accepted = .conditionalGo
    case let other?:
      parameters.sink.error(
        fields.location(of: "verdict"),
        "'verdict' in \(fields.context) must be go or conditional-go, not '\(other)'")
      return nil
    }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors
      + files.flatMap { file -> [Finding] in
        let location = EvidenceLocation(file: file.path)
        let summary: GoNoGoReportSummary
        switch context.cache.document(GoNoGoReportReader.self, for: file) {
        case .success(let value): summary = value
        case .failure(let error):
          return [
            .error(
              error.message,
              evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
          ]
        }
        var findings: [Finding] = []
        let name = "\(summary.program) \(summary.release)".trimmingWhitespace()
        let ok =
          summary.verdict == .go
          || (accepted == .conditionalGo && summary.verdict == .conditionalGo)
        let measured: [String: JSONValue] = ["verdict": .string(summary.verdict.rawValue)]
        let expected: [String: JSONValue] = ["verdict": .string(accepted.rawValue)]
        if ok {
          findings.append(
            Finding(
              .pass, "\(file.path): \(name) is \(summary.verdict.title)", evidence: location,
              measured: measured, expected: expected))
        } else {
          let failing = summary.failing.prefix(10).map { "\($0.id) (\($0.severity), \($0.status))" }
          var message = "\(file.path): \(name) is \(summary.verdict.title), not \(accepted.title)"
          if !failing.isEmpty { message += "; failing: " + failing.joined(separator: ", ") }
          findings.append(
            Finding(.fail, message, evidence: location, measured: measured, expected: expected))
        }
        if let maxAge {
          let dated = Freshness.Dated(date: summary.now, source: "evaluated", location: location)
          findings.append(Freshness.judge(file, inside: dated, maxAge: maxAge, context: context))
        }
        return findings
      }
  }
}

import Foundation
import LocatedYAML

/// `query`: an assertion over any tool's JSON or YAML output.
public struct QueryCheck: Check {
  public static let description = CheckDescription(
    kind: "query",
    summary: "An assertion holds on a JSON or YAML file: paths (a.b[0], [\"a key\"], [*], "
      + "[?filter]), functions (count, min, max, sum, all, any) and tests (==, !=, <, <=, >, >=, "
      + "in, matches, exists; and, or, not). A path that matches nothing fails the test.",
    parameters: [
      .init(
        "assert", "query assertion",
        "What must hold, e.g. count(results[*].failures[*]) == 0, all(items[*].ok), "
          + "version matches '^2\\.', status in [\"ok\", \"skipped\"]. "
          + "Quote it in YAML (single quotes) when it starts with a quote or a bracket.")
    ],
    examples: [
      CheckExample(
        "kind: query\nfile: build/report.json\nassert: count(results[*].failures[*]) == 0",
        files: ["build/report.json": #"{"results": [{"suite": "api", "failures": []}]}"#],
        expected: .pass),
      CheckExample(
        "kind: query\nfile: build/report.json\nassert: count(results[*].failures[*]) == 0",
        files: [
          "build/report.json":
            #"{"results": [{"suite": "api", "failures": [{"test": "refund"}]}]}"#
        ], expected: .fail),
      CheckExample(
        "kind: query\nfile: release.yaml\nassert: all(approvals[*].approved)",
        files: [
          "release.yaml":
            "approvals:\n  - team: security\n    approved: true\n"
            + "  - team: legal\n    approved: true\n"
        ], expected: .pass),
      CheckExample(
        "kind: query\nfile: release.yaml\nassert: version matches '^2\\.'",
        files: ["release.yaml": "version: 1.9.0\n"], expected: .fail),
      CheckExample(
        "kind: query\nfile: scan.json\nassert: count(findings[?severity == 'critical']) == 0",
        files: [
          "scan.json": #"{"findings": [{"id": "CVE-1", "severity": "low"}]}"#
        ], expected: .pass),
      CheckExample(
        "kind: query\nfile: build/report.json\nassert: summary.passed exists",
        files: ["build/report.json": #"{"summary": {"total": 3}}"#], expected: .fail),
      CheckExample(
        "kind: query\nfile: build/report.json\nassert: summary.passed >= 3",
        files: ["build/report.json": #"{"summary": {"passed": 3"#], expected: .error),
    ])

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  /// The parsed assertion.
  public let assertion: QueryAssertion
  /// The `assert` scalar, to place a pattern that fails on some value.
  private let assertNode: Node

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    guard let text = fields.string("assert", required: true), let node = fields.value("assert")
    else { return nil }
    assertNode = node
    do {
      assertion = try QueryParser.parse(text)
    } catch {
      parameters.sink.error(
        QueryCheck.location(ofOffset: error.offset, in: node),
        "invalid assertion in \(fields.context): \(error.message)",
        hint: error.hint ?? "see the query language in the README")
      return nil
    }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.map { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> Finding {
    let document: StructuredDocument
    switch context.cache.document(StructuredDataReader.self, for: file) {
    case .success(let value): document = value
    case .failure(let error):
      return .error(
        error.message,
        evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
    }
    // Every `matches` on this file draws on one step budget.
    return StepBudget.$current.withValue(StepBudget()) { evaluate(document, of: file) }
  }

  private func evaluate(_ document: StructuredDocument, of file: EvidenceFile) -> Finding {
    do {
      let outcome = try QueryEvaluator(root: document.root).evaluate(assertion)
      return QueryReport.finding(outcome, assertion, file: file.path)
    } catch {
      let message = error.patternOffset.map {
        error.message(patternAt: QueryCheck.location(ofOffset: $0, in: assertNode).description)
      }
      return .error(
        "cannot evaluate '\(assertion.text)' on \(file.path): \(message ?? error.message)",
        evidence: EvidenceLocation(file: file.path))
    }
  }

  /// Where an offset inside the assertion is in the checklist: the scalar's position plus the
  /// offset, for plain and quoted scalars on one line; the scalar's start otherwise.
  static func location(ofOffset offset: Int, in node: Node) -> SourceLocation {
    guard let scalar = node.scalar, !scalar.text.contains("\n") else { return node.location }
    let before = scalar.text.unicodeScalars.prefix(offset)
    var column = node.location.column
    switch scalar.style {
    case .plain:
      column += before.count
    case .singleQuoted:
      column += 1 + before.count + before.filter { $0 == "'" }.count
    case .doubleQuoted:
      column += 1
      for character in before {
        let escaped = character == "\"" || character == "\\" || character.value < 0x20
        column += escaped ? 2 : 1
      }
    case .literal, .folded:
      return node.location
    }
    return SourceLocation(file: node.location.file, line: node.location.line, column: column)
  }
}

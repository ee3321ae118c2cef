import Foundation
import LocatedYAML

/// `file`: the evidence files exist, are not empty, and are recent enough.
public struct FileCheck: Check {
  public static let description = CheckDescription(
    kind: "file",
    summary: "Every named file exists inside the evidence root and is not empty; text files must "
      + "be valid UTF-8 and .json/.yaml files must parse; with max_age, its last commit is recent "
      + "enough.",
    parameters: [
      .init(
        "max_age", "duration", "Fail when the file's last commit is older than this (30d, 12h).")
    ],
    examples: [
      CheckExample(
        "kind: file\nfile: docs/oncall.md", files: ["docs/oncall.md": "Primary: Dana\n"],
        expected: .pass),
      CheckExample("kind: file\nfile: docs/oncall.md", expected: .error),
      CheckExample(
        "kind: file\nfile: docs/oncall.md", files: ["docs/oncall.md": ""], expected: .fail),
      CheckExample(
        "kind: file\nfiles: [reports/*.json]",
        files: ["reports/a.json": "{}", "reports/b.json": "{}"], expected: .pass),
      CheckExample(
        "kind: file\nfiles: [reports/*.json]", files: ["reports/a.xml": "<a/>"], expected: .error),
      CheckExample(
        "kind: file\nfile: api/openapi.yaml", files: ["api/openapi.yaml": "paths: {"],
        expected: .error),
    ])

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  /// Oldest acceptable last change.
  public let maxAge: Timespan?

  public init?(_ parameters: CheckParameters) {
    location = parameters.location
    evidence = parameters.evidence
    maxAge = parameters.fields.timespan("max_age")
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    for file in files {
      let location = EvidenceLocation(file: file.path)
      let content: WellFormedFile
      switch context.cache.document(WellFormednessReader.self, for: file) {
      case .success(let value): content = value
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
        continue
      }
      if content.size == 0 {
        findings.append(.fail("\(file.path) is empty", evidence: location))
        continue
      }
      if let maxAge {
        findings.append(Freshness.judge(file, inside: nil, maxAge: maxAge, context: context))
      } else {
        let checked = content.format.map { ", well-formed \($0)" } ?? ""
        findings.append(
          .pass("\(file.path) exists (\(content.size) bytes\(checked))", evidence: location))
      }
    }
    return findings
  }
}

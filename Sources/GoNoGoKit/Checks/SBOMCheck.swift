import Foundation
import LocatedYAML

/// `sbom`: a CycloneDX (JSON, XML) or SPDX (2 JSON, 2 tag-value, 3.0 JSON-LD) SBOM is present,
/// complete enough and recent.
public struct SBOMCheck: Check {
  public static let description = CheckDescription(
    kind: "sbom",
    summary: "A CycloneDX SBOM (JSON any 1.x, XML 1.0-1.7) or SPDX SBOM (2.x JSON or tag-value, "
      + "3.0 JSON-LD) lists enough components, carries the required metadata and, with max_age, "
      + "was made recently (CycloneDX metadata.timestamp, SPDX created).",
    parameters: [
      .init(
        "min_components", "integer", "Fewest components (SPDX: packages) it must list; default 1."),
      .init(
        "required_metadata", "list of strings",
        "Metadata that must be present: component, timestamp, tools, authors, supplier."),
      .init("max_age", "duration", "Fail when the SBOM's own timestamp is older than this (30d)."),
    ],
    examples: [
      CheckExample(
        "kind: sbom\nfile: sbom.cdx.json\nmin_components: 2\nrequired_metadata: [component, tools]",
        files: ["sbom.cdx.json": SBOMCheck.exampleBOM], expected: .pass),
      CheckExample(
        "kind: sbom\nfile: sbom.cdx.json\nmin_components: 50",
        files: ["sbom.cdx.json": SBOMCheck.exampleBOM],
        expected: .fail),
      CheckExample(
        "kind: sbom\nfile: sbom.cdx.json\nmax_age: 30d",
        files: ["sbom.cdx.json": SBOMCheck.exampleBOM],
        expected: .pass),
      CheckExample(
        "kind: sbom\nfile: sbom.cdx.json\nmax_age: 7d",
        files: ["sbom.cdx.json": SBOMCheck.exampleBOM],
        expected: .fail),
      CheckExample(
        "kind: sbom\nfile: sbom.cdx.json\nrequired_metadata: [authors]",
        files: ["sbom.cdx.json": SBOMCheck.exampleBOM], expected: .fail),
      CheckExample(
        "kind: sbom\nfile: bom.xml\nrequired_metadata: [timestamp]",
        files: ["bom.xml": SBOMCheck.exampleXML], expected: .pass),
      CheckExample(
        "kind: sbom\nfile: sbom.spdx\nmin_components: 2",
        files: ["sbom.spdx": SBOMCheck.exampleTagValue], expected: .pass),
      CheckExample(
        "kind: sbom\nfile: sbom.cdx.json", files: ["sbom.cdx.json": "{}"], expected: .error),
    ])

  static let exampleXML = """
    <?xml version="1.0"?>
    <bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
      <metadata><timestamp>2026-11-20T10:00:00Z</timestamp></metadata>
      <components><component type="library"><name>jackson-core</name></component></components>
    </bom>
    """

  /// Describes both packages, so neither is the subject and both count.
  static let exampleTagValue = """
    SPDXVersion: SPDX-2.3
    SPDXID: SPDXRef-DOCUMENT
    Created: 2026-11-20T10:00:00Z
    PackageName: idna
    SPDXID: SPDXRef-idna
    PackageName: certifi
    SPDXID: SPDXRef-certifi
    Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-idna
    Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-certifi
    """

  static let exampleBOM = """
    {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "metadata": {
    "timestamp": "2026-11-20T10:00:00+00:00", "tools": {"components": [{"type": "application",
    "name": "cyclonedx-py", "version": "7.5.0"}]}, "component": {"type": "application",
    "name": "checkout-api", "version": "2.4.0"}}, "components": [
    {"type": "library", "name": "requests", "version": "2.32.3"},
    {"type": "library", "name": "urllib3", "version": "2.2.2"}]}
    """

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let minComponents: Int
  let requiredMetadata: [SBOMMetadata]
  let maxAge: Timespan?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    minComponents = fields.int("min_components", in: 0...10_000_000) ?? 1
    maxAge = fields.timespan("max_age")
    var required: [SBOMMetadata] = []
    let names = SBOMMetadata.allCases.map(\.rawValue)
    for item in fields.strings("required_metadata") ?? [] {
      guard let metadata = SBOMMetadata(rawValue: item.value) else {
        parameters.sink.error(
          item.location,
          "'\(item.value)' is not SBOM metadata gonogo knows"
            + Suggestion.didYouMean(item.value, in: names),
          hint: "one of: \(names.joined(separator: ", "))")
        continue
      }
      if !required.contains(metadata) { required.append(metadata) }
    }
    requiredMetadata = required
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.flatMap { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> [Finding] {
    let document: SBOMDocument
    switch context.cache.document(SBOMReader.self, for: file) {
    case .success(let value): document = value
    case .failure(let error):
      return [
        .error(
          error.message,
          evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
      ]
    }
    let here = EvidenceLocation(file: file.path)
    let measured: [String: JSONValue] = ["components": .int(document.componentCount)]
    let expected: [String: JSONValue] = ["min_components": .int(minComponents)]
    var findings: [Finding] = []
    if document.componentCount < minComponents {
      findings.append(
        Finding(
          .fail,
          "\(file.path) lists \(Self.components(document.componentCount)), fewer than "
            + "min_components \(minComponents)",
          evidence: here, measured: measured, expected: expected))
    }
    for metadata in requiredMetadata where !document.metadata.contains(metadata) {
      findings.append(.fail("\(file.path) \(document.missing(metadata))", evidence: here))
    }
    let date = document.timestamp.flatMap { DateValue(parsing: $0) }
    if let timestamp = document.timestamp, let problem = SBOMTimestamp.problem(timestamp) {
      let error = SBOMTimestamp.error(
        timestamp, problem: problem, field: document.timestampField, path: file.path)
      findings.append(.error(error.message, evidence: here))
    } else if let maxAge {
      let inside = date.map {
        Freshness.Dated(date: $0.start, source: document.timestampField, location: here)
      }
      findings.append(Freshness.judge(file, inside: inside, maxAge: maxAge, context: context))
    }
    if !findings.contains(where: { $0.status != .pass }) {
      var text = "\(file.path) is \(document.described)"
      if let subject = document.subject { text += " of \(subject)" }
      text += " listing \(Self.components(document.componentCount))"
      if !requiredMetadata.isEmpty {
        text += "; metadata: " + requiredMetadata.map(\.rawValue).joined(separator: ", ")
      }
      findings.insert(
        Finding(.pass, text, evidence: here, measured: measured, expected: expected), at: 0)
    }
    return findings
  }

  static func components(_ count: Int) -> String {
    "\(count) component\(count == 1 ? "" : "s")"
  }
}

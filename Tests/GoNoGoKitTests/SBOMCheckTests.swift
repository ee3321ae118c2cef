import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

@Suite struct SBOMCheckTests {
  let bom = EvidenceLocation(file: "sbom/bom.json")

  func check(_ fixture: String, _ parameters: String = "") throws -> [Finding] {
    try evaluate(
      "kind: sbom\nfile: sbom/bom.json\n" + parameters,
      files: ["sbom/bom.json": try securityFixture(fixture)])
  }

  func check(text: String, _ parameters: String = "") throws -> [Finding] {
    try evaluate("kind: sbom\nfile: sbom/bom.json\n" + parameters, files: ["sbom/bom.json": text])
  }

  @Test func cycloneDXFromCyclonedxPyPassesWithMetadataAndAge() throws {
    let findings = try check(
      "cyclonedx/cyclonedx-1.6.json",
      "min_components: 5\nrequired_metadata: [component, timestamp, tools]\nmax_age: 30d")
    #expect(
      findings == [
        Finding(
          .pass,
          "sbom/bom.json is a CycloneDX 1.6 SBOM of checkout-api 2.4.0 listing 8 components; "
            + "metadata: component, timestamp, tools",
          evidence: bom, measured: ["components": 8], expected: ["min_components": 5]),
        Finding(
          .pass, "sbom/bom.json is 10 days old (metadata.timestamp 2026-11-20), within max_age 30d",
          evidence: bom, measured: ["age_days": .double(11), "dated": "2026-11-20T10:00:00Z"],
          expected: ["max_age": "30d"]),
      ])
  }

  @Test func staleSBOMFails() throws {
    let findings = try check("cyclonedx/cyclonedx-1.6.json", "max_age: 7d")
    #expect(
      findings.map(\.message) == [
        "sbom/bom.json is 10 days old (metadata.timestamp 2026-11-20), older than max_age 7d"
      ])
    #expect(findings.map(\.status) == [.fail])
  }

  @Test func tools14ArrayAnd15ObjectBothCount() throws {
    let old = try check("cyclonedx/cyclonedx-1.4.json", "required_metadata: [tools, timestamp]")
    #expect(
      old.map(\.message) == [
        "sbom/bom.json is a CycloneDX 1.4 SBOM listing 8 components; metadata: tools, timestamp"
      ])
    let new = try check("cyclonedx/cyclonedx-1.5.json", "required_metadata: [tools]")
    #expect(
      new.map(\.message) == [
        "sbom/bom.json is a CycloneDX 1.5 SBOM of checkout-api 2.4.0 listing 8 components; "
          + "metadata: tools"
      ])
  }

  @Test func emptyToolsObjectIsNoTools() throws {
    let text = """
      {"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": {"tools": {"components": [],
      "services": []}}, "components": [{"type": "library", "name": "idna", "version": "3.7"}]}
      """
    #expect(
      try check(text: text, "required_metadata: [tools]") == [
        .fail("sbom/bom.json has no metadata.tools", evidence: bom)
      ])
  }

  @Test func missingMetadataAndTooFewComponentsFail() throws {
    let findings = try check(
      "cyclonedx/cyclonedx-1.4.json", "min_components: 20\nrequired_metadata: [component, authors]")
    #expect(
      findings == [
        Finding(
          .fail, "sbom/bom.json lists 8 components, fewer than min_components 20", evidence: bom,
          measured: ["components": 8], expected: ["min_components": 20]),
        .fail("sbom/bom.json has no metadata.component", evidence: bom),
        .fail("sbom/bom.json has no metadata.authors", evidence: bom),
      ])
  }

  @Test func nestedComponentsCountAndAnSBOMOfNothingFails() throws {
    let nested = """
      {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library",
      "name": "spring-boot", "components": [{"type": "library", "name": "spring-core"},
      {"type": "library", "name": "spring-web"}]}]}
      """
    #expect(
      try check(text: nested).map(\.message) == [
        "sbom/bom.json is a CycloneDX 1.6 SBOM listing 3 components"
      ])
    let empty = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": []}"
    #expect(
      try check(text: empty).map(\.message) == [
        "sbom/bom.json lists 0 components, fewer than min_components 1"
      ])
  }

  @Test func withoutATimestampAgeComesFromGitOrIsAnError() throws {
    let findings = try check("cyclonedx/cyclonedx-no-timestamp.json", "max_age: 30d")
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message.hasPrefix(
        "cannot establish the age of sbom/bom.json: it carries no date") == true)
    let metadata = try check(
      "cyclonedx/cyclonedx-no-timestamp.json", "required_metadata: [timestamp]")
    #expect(metadata == [.fail("sbom/bom.json has no metadata.timestamp", evidence: bom)])
  }

  @Test func unreadableTimestampIsAnError() throws {
    let text = """
      {"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"timestamp": "last Tuesday"},
      "components": [{"type": "library", "name": "idna"}]}
      """
    #expect(
      try check(text: text, "max_age: 30d") == [
        .error(
          "sbom/bom.json has metadata.timestamp 'last Tuesday', which is not an ISO 8601 "
            + "date-time with a zone such as 2026-11-20T10:00:00Z", evidence: bom)
      ])
    #expect(try check(text: text).map(\.status) == [.error])
  }

  @Test func spdxPackagesCountWithoutTheDescribedOne() throws {
    let findings = try check(
      "spdx-2.3.json",
      "min_components: 3\nmax_age: 30d\n"
        + "required_metadata: [component, timestamp, tools, authors, supplier]"
    )
    #expect(
      findings.map(\.message) == [
        "sbom/bom.json is an SPDX 2.3 SBOM of checkout-api 2.4.0 listing 3 components; metadata: "
          + "component, timestamp, tools, authors, supplier",
        "sbom/bom.json is 10 days old (creationInfo.created 2026-11-20), within max_age 30d",
      ])
    let cyclone = try check("cyclonedx/cyclonedx-1.6.json", "required_metadata: [supplier]")
    #expect(cyclone == [.fail("sbom/bom.json has no metadata.supplier", evidence: bom)])
  }

  @Test func notAnSBOMIsAnError() throws {
    #expect(
      try check("empty.json") == [
        .error("sbom/bom.json is empty; \(SBOMFormatsTests.supported)", evidence: bom)
      ])
    #expect(
      try check("trivy-clean.json") == [
        .error(
          "sbom/bom.json is JSON but not an SBOM: it has no bomFormat, spdxVersion or SPDX 3 "
            + "@context; \(SBOMFormatsTests.supported)", evidence: bom)
      ])
    #expect(
      try check("truncated.json") == [
        .error(
          "sbom/bom.json is not valid JSON: the file ends before the JSON value is complete; it may be cut off",
          evidence: EvidenceLocation(file: "sbom/bom.json", line: 29, column: 60))
      ])
    #expect(
      try check(text: "{\"bomFormat\": \"SWID\", \"specVersion\": \"1.0\"}") == [
        .error(
          "sbom/bom.json has bomFormat 'SWID'; a CycloneDX SBOM says 'CycloneDX'", evidence: bom)
      ])
    #expect(
      try check(
        text: "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": {}}") == [
          .error("sbom/bom.json: components must be an array, not an object", evidence: bom)
        ])
  }

  @Test func unknownMetadataIsADefinitionError() throws {
    let node = try Loader().load(
      "kind: sbom\nfile: bom.json\nrequired_metadata: [component, timestmap]", file: "check.yaml")
    let sink = DiagnosticSink()
    #expect(ChecklistDecoder.decodeCheck(node, gate: "gate 'security.sbom'", sink: sink) == nil)
    #expect(
      sink.diagnostics.map(\.message) == [
        "'timestmap' is not SBOM metadata gonogo knows; did you mean 'timestamp'?"
      ])
  }
}

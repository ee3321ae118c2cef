import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// CycloneDX XML, SPDX 2 tag-value and SPDX 3.0 JSON-LD SBOMs are read like the JSON ones.
@Suite struct SBOMFormatsTests {
  static let supported =
    "gonogo reads CycloneDX JSON or XML, SPDX 2 JSON or tag-value, and SPDX 3.0 JSON-LD"

  func check(_ fixture: String, as name: String, _ parameters: String = "") throws -> [Finding] {
    try check(text: try securityFixture(fixture), as: name, parameters)
  }

  func check(text: String, as name: String, _ parameters: String = "") throws -> [Finding] {
    try evaluate("kind: sbom\nfile: sbom/\(name)\n" + parameters, files: ["sbom/\(name)": text])
  }

  func at(_ name: String, line: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: "sbom/\(name)", line: line)
  }

  // MARK: CycloneDX XML

  @Test func cycloneDXXMLFromCyclonedxPyPassesLikeItsJSON() throws {
    let findings = try check(
      "cyclonedx/cyclonedx-1.6.xml", as: "bom.xml",
      "min_components: 5\nrequired_metadata: [component, timestamp, tools]\nmax_age: 30d")
    #expect(
      findings == [
        Finding(
          .pass,
          "sbom/bom.xml is a CycloneDX 1.6 XML SBOM of checkout-api 2.4.0 listing 8 components; "
            + "metadata: component, timestamp, tools",
          evidence: at("bom.xml"), measured: ["components": 8], expected: ["min_components": 5]),
        Finding(
          .pass, "sbom/bom.xml is 10 days old (metadata.timestamp 2026-11-20), within max_age 30d",
          evidence: at("bom.xml"),
          measured: ["age_days": .double(11), "dated": "2026-11-20T10:00:00Z"],
          expected: ["max_age": "30d"]),
      ])
  }

  @Test func cycloneDXXMLToolsAsThe14ListAndOlderVersionsWithoutMetadata() throws {
    #expect(
      try check("cyclonedx/cyclonedx-1.4.xml", as: "bom.xml", "required_metadata: [tools]").map(
        \.message) == [
          "sbom/bom.xml is a CycloneDX 1.4 XML SBOM listing 8 components; metadata: tools"
        ])
    #expect(
      try check("cyclonedx/cyclonedx-1.1.xml", as: "bom.xml").map(\.message) == [
        "sbom/bom.xml is a CycloneDX 1.1 XML SBOM listing 8 components"
      ])
    #expect(
      try check("cyclonedx/cyclonedx-1.1.xml", as: "bom.xml", "required_metadata: [timestamp]")
        == [.fail("sbom/bom.xml has no metadata.timestamp", evidence: at("bom.xml"))])
    #expect(
      try check("cyclonedx/cyclonedx-1.7.xml", as: "bom.xml").map(\.message) == [
        "sbom/bom.xml is a CycloneDX 1.7 XML SBOM of checkout-api 2.4.0 listing 8 components"
      ])
  }

  static let nestedXML = """
    <?xml version="1.0" encoding="UTF-8"?>
    <bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
      <metadata>
        <timestamp>2026-11-20T10:00:00Z</timestamp>
        <component type="application" bom-ref="app"><name>storefront</name>
          <version>3.1.0</version></component>
      </metadata>
      <components>
        <component type="application" bom-ref="app"><name>storefront</name></component>
        <component type="framework" bom-ref="spring-boot"><name>spring-boot</name>
          <pedigree><ancestors><component type="library"><name>boot-fork</name></component>
          </ancestors></pedigree>
          <components>
            <component type="library"><name>spring-core</name></component>
            <component type="library"><name>spring-web</name></component>
          </components>
        </component>
      </components>
      <services><service><name>payments</name></service></services>
    </bom>
    """

  static let nestedJSON = """
    {"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": {"component": {"type":
    "application", "bom-ref": "app", "name": "storefront", "version": "3.1.0"}}, "components": [
    {"type": "application", "bom-ref": "app", "name": "storefront"},
    {"type": "framework", "bom-ref": "spring-boot", "name": "spring-boot", "pedigree": {
    "ancestors": [{"type": "library", "name": "boot-fork"}]}, "components": [
    {"type": "library", "name": "spring-core"}, {"type": "library", "name": "spring-web"}]}],
    "services": [{"name": "payments"}]}
    """

  @Test func nestedComponentsCountButTheSubjectPedigreeAndServicesDoNot() throws {
    #expect(
      try check(text: Self.nestedXML, as: "bom.xml").map(\.message) == [
        "sbom/bom.xml is a CycloneDX 1.5 XML SBOM of storefront 3.1.0 listing 3 components"
      ])
    #expect(
      try check(text: Self.nestedJSON, as: "bom.json").map(\.message) == [
        "sbom/bom.json is a CycloneDX 1.5 SBOM of storefront 3.1.0 listing 3 components"
      ])
  }

  @Test func xmlThatIsNotACycloneDXBOMIsAnError() throws {
    let pom = """
      <?xml version="1.0"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
      </project>
      """
    #expect(
      try check(text: pom, as: "bom.xml") == [
        .error(
          "sbom/bom.xml is XML but its root element is <project>, not a CycloneDX <bom>; "
            + Self.supported, evidence: at("bom.xml", line: 2))
      ])
    let future = "<bom xmlns=\"http://cyclonedx.org/schema/bom/2.0\" version=\"1\"></bom>"
    #expect(
      try check(text: future, as: "bom.xml") == [
        .error(
          "sbom/bom.xml has a <bom> root element in the namespace "
            + "'http://cyclonedx.org/schema/bom/2.0', which is not CycloneDX 1.0 to 1.7 "
            + "(http://cyclonedx.org/schema/bom/1.N)", evidence: at("bom.xml", line: 1))
      ])
    #expect(
      try check(text: "<bom version=\"1\"><components/></bom>", as: "bom.xml") == [
        .error(
          "sbom/bom.xml has a <bom> root element in no namespace, which is not CycloneDX 1.0 to "
            + "1.7 (http://cyclonedx.org/schema/bom/1.N)", evidence: at("bom.xml", line: 1))
      ])
  }

  @Test func externalEntitiesAreNeverLoaded() throws {
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
        <metadata><component type="application"><name>app&xxe;</name><version>1.0</version>
        </component></metadata>
        <components><component type="library"><name>idna</name></component></components>
      </bom>
      """
    #expect(
      try check(text: xml, as: "bom.xml").map(\.message) == [
        "sbom/bom.xml is a CycloneDX 1.6 XML SBOM of app 1.0 listing 1 component"
      ])
  }

  @Test func truncatedCycloneDXXMLIsAnError() throws {
    let whole = try securityFixture("cyclonedx/cyclonedx-1.6.xml")
    let cut = String(whole.prefix(whole.count / 2))
    #expect(
      try check(text: cut, as: "bom.xml") == [
        .error(
          "sbom/bom.xml is not well-formed XML at line 96: the file ends inside <description>: "
            + "it is truncated",
          evidence: EvidenceLocation(file: "sbom/bom.xml", line: 96, column: 30))
      ])
  }

  @Test func aTimestampThatIsNoRealDateIsAnErrorNamingTheField() throws {
    let xml = """
      <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
        <metadata><timestamp>2026-02-30T10:00:00Z</timestamp></metadata>
        <components><component type="library"><name>idna</name></component></components>
      </bom>
      """
    #expect(
      try check(text: xml, as: "bom.xml") == [
        .error(
          "sbom/bom.xml has metadata.timestamp '2026-02-30T10:00:00Z', which does not exist: "
            + "February 2026 has 28 days",
          evidence: at("bom.xml", line: 2))
      ])
    let json = """
      {"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"timestamp":
      "2026-11-20T25:00:00Z"}, "components": [{"type": "library", "name": "idna"}]}
      """
    #expect(
      try check(text: json, as: "bom.json") == [
        .error(
          "sbom/bom.json has metadata.timestamp '2026-11-20T25:00:00Z', which does not exist: "
            + "hours run from 00 to 23",
          evidence: at("bom.json"))
      ])
  }

  // MARK: SPDX 2 tag-value

  @Test func spdxTagValueConvertedByPyspdxtoolsReadsLikeItsJSON() throws {
    let parameters =
      "min_components: 3\nmax_age: 30d\n"
      + "required_metadata: [component, timestamp, tools, authors, supplier]"
    let expected = [
      "sbom/bom.spdx is an SPDX 2.3 tag-value SBOM of checkout-api 2.4.0 listing 3 components; "
        + "metadata: component, timestamp, tools, authors, supplier",
      "sbom/bom.spdx is 10 days old (Created 2026-11-20), within max_age 30d",
    ]
    #expect(try check("spdx/spdx-2.3.spdx", as: "bom.spdx", parameters).map(\.message) == expected)
    let crlf = try securityFixture("spdx/spdx-2.3.spdx").replacingOccurrences(
      of: "\n", with: "\r\n")
    #expect(try check(text: crlf, as: "bom.spdx", parameters).map(\.message) == expected)
  }

  @Test func textBlocksSpanLinesAndHideTagsAndComments() throws {
    #expect(
      try check("spdx/text-blocks.spdx", as: "bom.spdx", "required_metadata: [authors]").map(
        \.message) == [
          "sbom/bom.spdx is an SPDX 2.3 tag-value SBOM of ledger-worker 1.2.0 listing 1 component; "
            + "metadata: authors"
        ])
  }

  @Test func missingMetadataIsSaidInWholeSentences() throws {
    #expect(
      try check(
        "spdx/text-blocks.spdx", as: "bom.spdx", "required_metadata: [tools, supplier]") == [
          .fail("sbom/bom.spdx has no 'Creator: Tool:' line", evidence: at("bom.spdx")),
          .fail(
            "sbom/bom.spdx has no PackageSupplier on its described package",
            evidence: at("bom.spdx")),
        ])
    #expect(
      try check("spdx/text-blocks.spdx.json", as: "bom.json", "required_metadata: [tools]") == [
        .fail(
          "sbom/bom.json has no 'Tool:' creator in creationInfo.creators", evidence: at("bom.json"))
      ])
  }

  @Test func malformedTagValueLinesAreErrorsAtTheirLine() throws {
    let noColon = """
      SPDXVersion: SPDX-2.3
      # a comment line
      SPDXID: SPDXRef-DOCUMENT

      PackageName checkout-api
      """
    #expect(
      try check(text: noColon, as: "bom.spdx") == [
        .error(
          "sbom/bom.spdx is not valid SPDX tag-value: line 5 is not a 'Tag: value' line",
          evidence: at("bom.spdx", line: 5))
      ])
    let unclosed = """
      SPDXVersion: SPDX-2.3
      SPDXID: SPDXRef-DOCUMENT
      Created: 2026-11-20T10:00:00Z
      DocumentComment: <text>Made for the review.
      PackageName: idna
      """
    #expect(
      try check(text: unclosed, as: "bom.spdx") == [
        .error(
          "sbom/bom.spdx is not valid SPDX tag-value: the <text> value that starts on line 4 is "
            + "never closed with </text>", evidence: at("bom.spdx", line: 4))
      ])
    let trailing = "SPDXVersion: SPDX-2.3\nDocumentComment: <text>one\ntwo</text> three\n"
    #expect(
      try check(text: trailing, as: "bom.spdx") == [
        .error(
          "sbom/bom.spdx is not valid SPDX tag-value: line 3 has text after </text>",
          evidence: at("bom.spdx", line: 3))
      ])
    #expect(
      try check(text: "SPDXVersion: SPDX-1.2\nPackageName: idna\n", as: "bom.spdx") == [
        .error(
          "sbom/bom.spdx has SPDXVersion 'SPDX-1.2'; gonogo reads SPDX 2.x tag-value",
          evidence: at("bom.spdx", line: 1))
      ])
  }

  // MARK: SPDX 2 describing several packages

  @Test func anSPDXDocumentDescribingEveryPackageCountsThemAll() throws {
    #expect(
      try check("spdx/sbom4python.spdx", as: "bom.spdx", "required_metadata: [component, tools]")
        .map(\.message) == [
          "sbom/bom.spdx is an SPDX 2.3 tag-value SBOM listing 2 components; metadata: "
            + "component, tools"
        ])
    #expect(
      try check("spdx/sbom4python.spdx.json", as: "bom.json", "min_components: 2").map(\.message)
        == ["sbom/bom.json is an SPDX 2.3 SBOM listing 2 components"])
  }

  @Test func spdxPackagesThatAreNotObjectsAreAnError() throws {
    let text = "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [{\"SPDXID\": \"a\"}, 7]}"
    #expect(
      try check(text: text, as: "bom.json") == [
        .error("sbom/bom.json: packages[1] must be an object, not a number", evidence: at("bom.json"))
      ])
  }

  // MARK: SPDX 3.0 JSON-LD

  @Test func spdx3JSONLDFromTheSPDXPythonModelPasses() throws {
    #expect(
      try check(
        "spdx/spdx-3.0.1.spdx.json", as: "bom.json",
        "min_components: 3\nmax_age: 30d\n"
          + "required_metadata: [component, timestamp, tools, authors, supplier]"
      ).map(\.message) == [
        "sbom/bom.json is an SPDX 3.0.1 SBOM of checkout-api 2.4.0 listing 3 components; "
          + "metadata: component, timestamp, tools, authors, supplier",
        "sbom/bom.json is 10 days old (creationInfo.created 2026-11-20), within max_age 30d",
      ])
  }

  static func spdx3(roots: [String], supplier: Bool = false) -> String {
    """
    {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
    {"type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1",
     "created": "2026-11-20T10:00:00Z", "createdBy": ["urn:a"]},
    {"type": "Person", "spdxId": "urn:a", "name": "Dana", "creationInfo": "_:c"},
    {"type": "software_Sbom", "spdxId": "urn:sbom", "creationInfo": "_:c",
     "rootElement": [\(roots.map { "\"urn:\($0)\"" }.joined(separator: ", "))],
     "element": ["urn:api", "urn:web"]},
    {"type": "software_Package", "spdxId": "urn:api", "name": "api", "creationInfo": "_:c"},
    {"type": "software_Package", "spdxId": "urn:web", "name": "web", "creationInfo": "_:c"}]}
    """
  }

  @Test func spdx3CountsLikeSPDX2() throws {
    #expect(
      try check(text: Self.spdx3(roots: ["api"]), as: "bom.json", "required_metadata: [tools]")
        == [
          .fail("sbom/bom.json has no tool in creationInfo.createdUsing", evidence: at("bom.json"))
        ]
    )
    #expect(
      try check(text: Self.spdx3(roots: ["api"]), as: "bom.json").map(\.message) == [
        "sbom/bom.json is an SPDX 3.0.1 SBOM of api listing 1 component"
      ])
    #expect(
      try check(text: Self.spdx3(roots: ["api", "web"]), as: "bom.json").map(\.message) == [
        "sbom/bom.json is an SPDX 3.0.1 SBOM listing 2 components"
      ])
  }

  @Test func jsonLDThatIsNotSPDX3IsAnError() throws {
    let prototype = """
      {"@context": {"core": "https://spdx.org/rdf/Core/"}, "@graph": [{"@type": "Package"}]}
      """
    #expect(
      try check(text: prototype, as: "bom.json") == [
        .error(
          "sbom/bom.json has an @context that is not SPDX 3.0's "
            + "(https://spdx.org/rdf/3.0.1/spdx-context.jsonld); " + Self.supported,
          evidence: at("bom.json"))
      ])
    let graph = """
      {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": {}}
      """
    #expect(
      try check(text: graph, as: "bom.json") == [
        .error("sbom/bom.json: @graph must be an array, not an object", evidence: at("bom.json"))
      ])
  }

  // MARK: Not an SBOM

  @Test func anUnrecognisedFileListsWhatIsSupported() throws {
    #expect(
      try check(text: "", as: "bom.json") == [
        .error("sbom/bom.json is empty; " + Self.supported, evidence: at("bom.json"))
      ])
    #expect(
      try check("trivy-clean.json", as: "bom.json") == [
        .error(
          "sbom/bom.json is JSON but not an SBOM: it has no bomFormat, spdxVersion or SPDX 3 "
            + "@context; " + Self.supported, evidence: at("bom.json"))
      ])
    #expect(
      try check(text: "{\"spdxVersion\": \"SPDX-3.0\", \"packages\": []}", as: "bom.json") == [
        .error(
          "sbom/bom.json has spdxVersion 'SPDX-3.0'; gonogo reads SPDX 2.x JSON and SPDX 3.0 "
            + "JSON-LD", evidence: at("bom.json"))
      ])
    #expect(
      try check(text: "name,version\nidna,3.7\n", as: "bom.csv") == [
        .error(
          "sbom/bom.csv is not an SBOM: it is not JSON, XML or SPDX tag-value; " + Self.supported,
          evidence: at("bom.csv"))
      ])
  }
}

/// A file that is JSON but only a lone value is named as JSON, not as malformed tag-value.
@Suite struct SBOMLoneJSONValueTests {
  @Test func aLoneJSONValueIsNamedAsJSON() throws {
    for (text, holds) in [("42\n", "a number"), ("\"x\"", "a string"), ("null", "null")] {
      let findings = try evaluate(
        "kind: sbom\nfile: sbom/bom.json", files: ["sbom/bom.json": text])
      #expect(findings.map(\.status) == [.error])
      #expect(
        findings.first?.message
          == "sbom/bom.json holds \(holds), not an SBOM; gonogo reads CycloneDX JSON or XML, "
          + "SPDX 2 JSON or tag-value, and SPDX 3.0 JSON-LD", "\(text)")
    }
  }
}

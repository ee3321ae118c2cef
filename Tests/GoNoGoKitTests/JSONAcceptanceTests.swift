import Foundation
import Testing

@testable import GoNoGoKit

/// JSON evidence judged against RFC 8259: a name written twice in one object is refused by every
/// check that reads JSON, at the second name's line and column; valid JSON that strict parsers
/// trip on is read; invalid JSON is an `error`.
@Suite struct JSONAcceptanceTests {
  /// The error for a duplicate `key` in `file` at 1-based `line` and `column`.
  func duplicate(_ key: String, _ file: String, _ line: Int, _ column: Int) -> [Finding] {
    [
      .error(
        "\(file) is not valid JSON: duplicate key \"\(key)\" in an object; JSON evidence must "
          + "name each key once",
        evidence: EvidenceLocation(file: file, line: line, column: column))
    ]
  }

  /// A `query` gate with `assertion` on `r.json` holding `text`.
  func query(_ assertion: String, _ text: String) throws -> [Finding] {
    try evaluate("kind: query\nfile: r.json\nassert: \(assertion)", files: ["r.json": text])
  }

  /// A `query` gate on `r.json` holding raw bytes.
  func query(_ assertion: String, bytes: [UInt8]) throws -> [Finding] {
    let root = try TempRoot()
    try Data(bytes).write(to: root.url.appendingPathComponent("r.json"))
    return try decodeCheck("kind: query\nfile: r.json\nassert: \(assertion)")
      .evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
  }

  // MARK: Duplicate names

  @Test func lastKeyWinsCannotTurnAFalseIntoAPass() throws {
    #expect(
      try query("ok == true", #"{"ok": false, "ok": true}"#) == duplicate("ok", "r.json", 1, 15))
    #expect(
      try query("ok == false", #"{"ok": true, "ok": false}"#) == duplicate("ok", "r.json", 1, 14))
  }

  @Test func aDuplicateInANestedObjectIsFound() throws {
    let text = """
      {
        "release": {
          "version": "2.4.0",
          "approved": false,
          "approved": true
        }
      }
      """
    #expect(try query("release.approved", text) == duplicate("approved", "r.json", 5, 5))
  }

  @Test func aDuplicateInAnArrayOfObjectsIsFound() throws {
    let text = """
      {"gates": [
        {"id": "security", "ok": true},
        {"id": "load", "ok": false, "id": "security"}
      ]}
      """
    #expect(try query("all(gates[*].ok)", text) == duplicate("id", "r.json", 3, 31))
  }

  @Test func namesEqualAfterEscapesAreDuplicates() throws {
    #expect(try query("a == 1", #"{"a": 1, "\u0061": 2}"#) == duplicate("a", "r.json", 1, 10))
    #expect(
      try query("x == 1", #"{"😀": 1, "\ud83d\ude00": 2}"#) == duplicate("😀", "r.json", 1, 10))
    #expect(try query("x == 1", #"{"a/b": 1, "a\/b": 2}"#) == duplicate("a/b", "r.json", 1, 12))
    #expect(try query("x == 1", #"{"": 1, "": 2}"#) == duplicate("", "r.json", 1, 9))
  }

  @Test func namesThatDifferAreNotDuplicates() throws {
    // Case, and canonically equivalent but differently encoded text, are different names.
    let text = #"{"ok": true, "OK": false, "é": 1, "e\u0301": 2}"#
    #expect(try query("ok == true and OK == false", text).map(\.status) == [.pass])
  }

  @Test func theSameNameInSiblingObjectsIsFine() throws {
    let text = """
      {"suites": [{"name": "web", "ok": true}, {"name": "api", "ok": true}],
       "web": {"ok": true}, "api": {"ok": true}}
      """
    #expect(try query("all(suites[*].ok) and web.ok and api.ok", text).map(\.status) == [.pass])
  }

  @Test func windowsLineEndingsAndABOMDoNotShiftTheLocation() throws {
    let text = Array("{\r\n  \"ok\": false,\r\n  \"ok\": true\r\n}\r\n".utf8)
    #expect(try query("ok", bytes: [0xEF, 0xBB, 0xBF] + text) == duplicate("ok", "r.json", 3, 3))
  }

  // MARK: Duplicates in every evidence format

  @Test func trivyReport() throws {
    let trivy = """
      {
        "SchemaVersion": 2,
        "ArtifactName": "shop:1.0",
        "ArtifactType": "container_image",
        "Results": [
          {
            "Target": "shop:1.0 (alpine 3.19.1)",
            "Class": "os-pkgs",
            "Type": "alpine",
            "Vulnerabilities": [
              {
                "VulnerabilityID": "CVE-2026-1111",
                "PkgName": "busybox",
                "InstalledVersion": "1.36.1-r15",
                "FixedVersion": "1.36.1-r16",
                "Severity": "HIGH",
                "Severity": "LOW"
              }
            ]
          }
        ]
      }
      """
    #expect(
      try evaluate(
        "kind: vulnerabilities\nfile: trivy.json\nmax_severity: medium",
        files: ["trivy.json": trivy]) == duplicate("Severity", "trivy.json", 17, 11))
  }

  @Test func sarifLog() throws {
    let sarif = """
      {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
          {
            "tool": {"driver": {"name": "CodeQL", "rules": [
              {"id": "js/sql-injection", "properties": {"security-severity": "8.8"}}
            ]}},
            "results": [
              {
                "ruleId": "js/sql-injection",
                "level": "error",
                "message": {"text": "SQL built from user input"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/db.js"}}}],
                "ruleId": "js/unused-local-variable"
              }
            ]
          }
        ]
      }
      """
    #expect(
      try evaluate(
        "kind: vulnerabilities\nfile: codeql.sarif\nmax_severity: medium",
        files: ["codeql.sarif": sarif]) == duplicate("ruleId", "codeql.sarif", 15, 11))
  }

  @Test func grypeReport() throws {
    let grype = """
      {
        "matches": [
          {
            "vulnerability": {
              "id": "GHSA-aaaa-bbbb-cccc",
              "severity": "Critical",
              "fix": {"versions": ["2.0.1"], "state": "fixed"}
            },
            "artifact": {"name": "lodash", "version": "4.17.20", "type": "npm"},
            "vulnerability": {"id": "GHSA-aaaa-bbbb-cccc", "severity": "Low"}
          }
        ],
        "descriptor": {"name": "grype", "version": "0.74.0"}
      }
      """
    #expect(
      try evaluate(
        "kind: vulnerabilities\nfile: grype.json\nmax_severity: medium",
        files: ["grype.json": grype]) == duplicate("vulnerability", "grype.json", 10, 7))
  }

  @Test func k6Summary() throws {
    let k6 = """
      {
        "metrics": {
          "http_req_duration": {
            "avg": 120.5,
            "p(95)": 480.2,
            "p(95)": 180.2
          },
          "http_reqs": {"count": 1000, "rate": 33.3}
        }
      }
      """
    #expect(
      try evaluate("kind: loadtest\nfile: k6.json\np95: 300ms", files: ["k6.json": k6])
        == duplicate("p(95)", "k6.json", 6, 7))
  }

  @Test func grafanaDashboard() throws {
    let dashboard = """
      {
        "uid": "shop",
        "title": "Shop",
        "schemaVersion": 39,
        "panels": [
          {
            "type": "timeseries",
            "title": "Latency",
            "datasource": {"type": "prometheus", "uid": "prom"},
            "datasource": null,
            "targets": [{"expr": "sum(rate(http_requests_total[5m]))"}]
          }
        ]
      }
      """
    #expect(
      try evaluate("kind: dashboard\nfile: dash.json", files: ["dash.json": dashboard])
        == duplicate("datasource", "dash.json", 10, 7))
  }

  @Test func cycloneDXAndSPDXSBOMs() throws {
    let cycloneDX = """
      {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
          "timestamp": "2026-11-30T10:00:00Z",
          "component": {"type": "application", "name": "shop"},
          "timestamp": "2020-01-01T00:00:00Z"
        },
        "components": [{"type": "library", "name": "lodash", "version": "4.17.21"}]
      }
      """
    let spdx = """
      {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "shop",
        "documentNamespace": "https://example.com/shop",
        "creationInfo": {"created": "2026-11-30T10:00:00Z", "creators": ["Tool: syft-1.0"]},
        "packages": [
          {"SPDXID": "SPDXRef-a", "name": "a", "downloadLocation": "NOASSERTION"}
        ],
        "packages": []
      }
      """
    #expect(
      try evaluate("kind: sbom\nfile: bom.json", files: ["bom.json": cycloneDX])
        == duplicate("timestamp", "bom.json", 8, 5))
    #expect(
      try evaluate("kind: sbom\nfile: spdx.json", files: ["spdx.json": spdx])
        == duplicate("packages", "spdx.json", 11, 3))
  }

  @Test func gonogoReport() throws {
    let report = """
      {
        "schema": "gonogo.report/v1",
        "verdict": "no-go",
        "now": "2026-11-30T09:00:00Z",
        "gates": [],
        "verdict": "go"
      }
      """
    #expect(
      try evaluate("kind: report\nfile: web.json", files: ["web.json": report])
        == duplicate("verdict", "web.json", 6, 3))
  }

  @Test func openSLOWrittenAsJSON() throws {
    let slo = """
      {
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": {"name": "checkout-availability"},
        "spec": {
          "service": "checkout",
          "budgetingMethod": "Occurrences",
          "objectives": [{"target": 0.5, "target": 0.999}]
        }
      }
      """
    let findings = try evaluate(
      "kind: slo\nfile: slo.json\nmin_target: 99%", files: ["slo.json": slo])
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.evidence?.line == 8)
    #expect(findings.first?.message.contains("target") == true)
  }

  // MARK: Numbers

  @Test func integersBeyondSixtyFourBitsAreRead() throws {
    let text = #"{"n": 1180591620717411303424, "m": -1180591620717411303424, "ok": true}"#
    #expect(try query("ok and n > 1e21 and m < -1e21", text).map(\.status) == [.pass])
  }

  /// A big integer somewhere in a scan (a size, a hash) must not stop the counts.
  @Test func aBigIntegerInATrivyReportStillCounts() throws {
    let trivy = """
      {"SchemaVersion": 2, "ArtifactName": "shop:1.0", "Size": 1180591620717411303424,
       "Results": [{"Target": "shop", "Class": "os-pkgs", "Vulnerabilities": [
         {"VulnerabilityID": "CVE-2026-1", "PkgName": "busybox", "Severity": "HIGH"}]}]}
      """
    let findings = try evaluate(
      "kind: vulnerabilities\nfile: trivy.json\nmax_severity: medium",
      files: ["trivy.json": trivy])
    #expect(findings.first?.status == .fail)
    #expect(findings.first?.message.contains("1 high") == true, "\(findings)")
  }

  /// k6 counts are integers; a big one elsewhere makes every number a double, which still reads.
  @Test func aBigIntegerInAK6SummaryStillReads() throws {
    let k6 = """
      {"metrics": {
        "http_req_duration": {"avg": 120.5, "p(95)": 180, "max": 400},
        "http_reqs": {"count": 1000, "rate": 33.3},
        "data_received": {"count": 1180591620717411303424, "rate": 1}
      }}
      """
    let findings = try evaluate(
      "kind: loadtest\nfile: k6.json\np95: 300ms", files: ["k6.json": k6])
    #expect(findings.map(\.status) == [.pass], "\(findings)")
  }

  /// SBOMs and SARIF logs with a big integer in a field gonogo does not read still count.
  @Test func aBigIntegerInAnSBOMOrSARIFLogStillReads() throws {
    let bom = """
      {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
       "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
       "metadata": {"timestamp": "2026-11-30T10:00:00Z",
         "properties": [{"name": "size", "value": "1"}]},
       "components": [{"type": "library", "name": "lodash", "version": "4.17.21",
         "x-size": 1180591620717411303424}, {"type": "library", "name": "react", "version": "18.2.0"}]}
      """
    let bomFindings = try evaluate(
      "kind: sbom\nfile: bom.json\nmin_components: 3", files: ["bom.json": bom])
    #expect(bomFindings.map(\.status) == [.fail], "\(bomFindings)")
    #expect(bomFindings.first?.message.contains("2 components") == true, "\(bomFindings)")
    let sarif = """
      {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "semgrep", "rules": []}},
        "properties": {"bytes": 1180591620717411303424},
        "results": [{"ruleId": "sqli", "level": "error", "message": {"text": "SQL"},
          "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
            "region": {"startLine": 3}}}]}]}]}
      """
    let sarifFindings = try evaluate(
      "kind: vulnerabilities\nfile: s.sarif\nmax_severity: medium", files: ["s.sarif": sarif])
    #expect(sarifFindings.first?.status == .fail, "\(sarifFindings)")
  }

  /// UTF-16 is not JSON evidence (RFC 8259 section 8.1).
  @Test func aUTF16FileIsAnError() throws {
    let utf16: [UInt8] = [0xFF, 0xFE] + Array("{\"ok\": true}".utf8).flatMap { [$0, 0] }
    #expect(
      try query("ok", bytes: utf16) == [
        .error(
          "r.json is UTF-16 text (it starts with a UTF-16 byte order mark); gonogo reads UTF-8: "
            + "save the file as UTF-8", evidence: EvidenceLocation(file: "r.json", line: 1, column: 1))
      ])
  }

  @Test func aNumberTooSmallForADoubleIsZero() throws {
    #expect(try query("x == 0", #"{"x": 1e-400}"#).map(\.status) == [.pass])
  }

  /// 1e400 has no 64-bit floating-point value; reading it as infinity would make `<` checks lie.
  @Test(arguments: [("1e400", 7), ("-1e400", 7), ("[1, 2e999]", 11)])
  func aNumberBeyondDoubleRangeIsAnError(_ number: String, _ column: Int) throws {
    let text = "{\"x\": \(number)}"
    let shown = number.hasPrefix("[") ? "2e999" : number
    #expect(
      try query("x < 1", text) == [
        .error(
          "r.json is not valid JSON: the number \(shown) is too large for a 64-bit "
            + "floating-point value; write it as a string",
          evidence: EvidenceLocation(file: "r.json", line: 1, column: column))
      ])
  }

  @Test func aFourHundredDigitIntegerIsAnErrorToo() throws {
    let digits = "1" + String(repeating: "0", count: 400)
    #expect(
      try query("x > 1", "{\"x\": \(digits)}") == [
        .error(
          "r.json is not valid JSON: the number " + String(digits.prefix(60)) + "… is too large "
            + "for a 64-bit floating-point value; write it as a string",
          evidence: EvidenceLocation(file: "r.json", line: 1, column: 7))
      ])
  }

  // MARK: Documents that are not an object

  @Test func aTopLevelScalarIsADocument() throws {
    #expect(try query("$ == 42", "42").map(\.status) == [.pass])
    #expect(try query("$ == 'go'", "\"go\"").map(\.status) == [.pass])
    #expect(try query("$", " true\n").map(\.status) == [.pass])
    #expect(try query("count($[*]) == 2", "[1, 2]").map(\.status) == [.pass])
  }

  @Test func aByteOrderMarkIsSkipped() throws {
    #expect(
      try query("ok", bytes: [0xEF, 0xBB, 0xBF] + Array("{\"ok\": true}".utf8)).map(\.status)
        == [.pass])
  }

  @Test(arguments: ["", "  \n\t", "\u{FEFF}", "\u{FEFF}\n"])
  func anEmptyFileIsAnError(_ text: String) throws {
    #expect(
      try query("ok", text) == [
        .error("r.json is empty", evidence: EvidenceLocation(file: "r.json"))
      ])
  }

  /// RFC 8259 section 6: Infinity and NaN are not permitted; the message says so for each.
  @Test(arguments: [
    ("{\"x\": NaN}", "NaN", 7),
    ("{\"x\": Infinity}", "Infinity", 7),
    ("{\"x\": -Infinity}", "-Infinity", 7),
    ("{\"x\": [1, +inf]}", "+inf", 11),
    ("{\"x\": nan}", "nan", 7),
    ("  -NaN", "-NaN", 3),
  ])
  func nanAndInfinityAreErrors(_ text: String, _ word: String, _ column: Int) throws {
    #expect(
      try query("x > 0", text) == [
        .error(
          "r.json is not valid JSON: '\(word)' is not a JSON value: JSON has no NaN or infinity "
            + "(RFC 8259, section 6); write a number, a string in double quotes or null",
          evidence: EvidenceLocation(file: "r.json", line: 1, column: column))
      ])
  }

  /// Words that only start like NaN keep the general message.
  @Test func otherBareWordsKeepTheGeneralMessage() throws {
    let findings = try query("x > 0", "{\"x\": nanny}")
    #expect(
      findings.first?.message
        == "r.json is not valid JSON: 'nanny' is not a JSON value; write a number, a string in "
        + "double quotes, true, false or null")
  }
}

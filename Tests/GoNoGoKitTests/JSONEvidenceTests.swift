import Foundation
import Testing

@testable import GoNoGoKit

/// JSON evidence is read strictly: a key written twice in one object could hide a failing value
/// behind a passing one, so every check that reads JSON refuses it, naming the file, line and
/// column of the second key.
@Suite struct JSONEvidenceTests {
  static let duplicateReason =
    "in an object; JSON evidence must name each key once"

  /// The error a check reports for a key written twice, at 1-based `line` and `column`.
  func duplicate(_ key: String, in file: String, _ line: Int, _ column: Int) -> Finding {
    .error(
      "\(file) is not valid JSON: duplicate key \"\(key)\" \(Self.duplicateReason)",
      evidence: EvidenceLocation(file: file, line: line, column: column))
  }

  /// Evaluates one check against files given as raw bytes.
  func evaluate(_ yaml: String, bytes: [String: [UInt8]]) throws -> [Finding] {
    let root = try TempRoot()
    for (path, content) in bytes {
      try Data(content).write(to: root.url.appendingPathComponent(path))
    }
    return try decodeCheck(yaml).evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
  }

  // MARK: Every kind that reads JSON refuses a key written twice

  @Test func aQueryCannotPassOnTheLastOfTwoAnswers() throws {
    let findings = try GoNoGoKitTests.evaluate(
      "kind: query\nfile: release.json\nassert: ok == true",
      files: ["release.json": "{\n  \"ok\": false,\n  \"ok\": true\n}\n"])
    #expect(findings == [duplicate("ok", in: "release.json", 3, 3)])
  }

  @Test func scanReportsWithADuplicateSeverityAreErrors() throws {
    let trivy = """
      {
        "SchemaVersion": 2,
        "ArtifactName": "registry.example.com/checkout:2.4.0",
        "Results": [
          {
            "Target": "registry.example.com/checkout:2.4.0 (debian 12.5)",
            "Class": "os-pkgs",
            "Vulnerabilities": [
              {"VulnerabilityID": "CVE-2026-0001", "PkgName": "openssl",
               "InstalledVersion": "3.0.11", "Severity": "CRITICAL", "Severity": "LOW"}
            ]
          }
        ]
      }
      """
    let grype = """
      {"matches": [{"vulnerability": {"id": "CVE-2026-0002", "severity": "Critical",
        "fix": {"state": "fixed", "versions": ["1.2.4"]}, "severity": "Negligible"},
        "artifact": {"name": "libfoo", "version": "1.2.3", "type": "deb"}}]}
      """
    let sarif = """
      {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "semgrep", "rules": []}},
        "results": [{"ruleId": "python.sqli", "level": "error", "message": {"text": "SQL"},
                     "level": "note"}]}]}
      """
    let check = "kind: vulnerabilities\nfile: scan.json\nmax_severity: medium"
    #expect(
      try GoNoGoKitTests.evaluate(check, files: ["scan.json": trivy]) == [
        duplicate("Severity", in: "scan.json", 10, 64)
      ])
    #expect(
      try GoNoGoKitTests.evaluate(check, files: ["scan.json": grype]) == [
        duplicate("severity", in: "scan.json", 2, 53)
      ])
    #expect(
      try GoNoGoKitTests.evaluate(check, files: ["scan.json": sarif]) == [
        duplicate("level", in: "scan.json", 3, 16)
      ])
  }

  @Test func anSBOMWithTwoComponentListsIsAnError() throws {
    let bom = """
      {"bomFormat": "CycloneDX", "specVersion": "1.5",
       "metadata": {"timestamp": "2026-11-30T10:00:00Z"},
       "components": [{"type": "library", "name": "openssl", "version": "3.0.11"}],
       "components": []}
      """
    #expect(
      try GoNoGoKitTests.evaluate("kind: sbom\nfile: bom.json", files: ["bom.json": bom]) == [
        duplicate("components", in: "bom.json", 4, 2)
      ])
  }

  @Test func aDashboardWithTwoPanelListsIsAnError() throws {
    let dashboard = """
      {"title": "Checkout", "panels": [],
       "panels": [{"type": "timeseries", "title": "Latency p95",
                   "targets": [{"expr": "histogram_quantile(0.95, rate(x[5m]))"}]}]}
      """
    #expect(
      try GoNoGoKitTests.evaluate("kind: dashboard\nfile: d.json", files: ["d.json": dashboard])
        == [duplicate("panels", in: "d.json", 2, 2)])
  }

  @Test func aK6ThresholdThatBothFailedAndPassedIsAnError() throws {
    let summary = """
      {"metrics": {"http_req_duration": {"type": "trend", "contains": "time",
        "values": {"p(95)": 812.5},
        "thresholds": {"p(95)<500": {"ok": false, "ok": true}}}}}
      """
    #expect(
      try GoNoGoKitTests.evaluate(
        "kind: loadtest\nfile: k6.json\nthresholds_pass: true", files: ["k6.json": summary])
        == [duplicate("ok", in: "k6.json", 3, 45)])
  }

  @Test func aWorkstreamReportWhoseVerdictIsWrittenTwiceIsAnError() throws {
    let report = """
      {"schema": "gonogo.report/v1", "verdict": "no-go", "now": "2026-11-30T09:00:00Z",
       "program": "checkout-web", "release": "2.4.0", "verdict": "go", "gates": []}
      """
    #expect(
      try GoNoGoKitTests.evaluate("kind: report\nfile: web.json", files: ["web.json": report])
        == [duplicate("verdict", in: "web.json", 2, 49)])
  }

  @Test func aPlainJSONFileWithADuplicateKeyIsNotWellFormed() throws {
    #expect(
      try GoNoGoKitTests.evaluate(
        "kind: file\nfile: openapi.json",
        files: ["openapi.json": "{\"openapi\": \"3.1.0\",\n\"openapi\": \"2.0\"}"])
        == [duplicate("openapi", in: "openapi.json", 2, 1)])
  }

  // MARK: What counts as a duplicate

  @Test func duplicatesDeepInsideArraysAreFound() throws {
    let text = "[{\"a\": [1, {\"b\": {\"c\": 1, \"d\": [{\"e\": 1, \"e\": 2}]}}]}]"
    #expect(
      try GoNoGoKitTests.evaluate(
        "kind: query\nfile: r.json\nassert: count($[*]) == 1", files: ["r.json": text])
        == [duplicate("e", in: "r.json", 1, 42)])
  }

  @Test func theSameKeyInDifferentObjectsIsFine() throws {
    let text =
      "{\"a\": {\"ok\": true}, \"b\": {\"ok\": true}, \"c\": [{\"ok\": true}, {\"ok\": true}]}"
    let findings = try GoNoGoKitTests.evaluate(
      "kind: query\nfile: r.json\nassert: all(c[*].ok) and a.ok and b.ok", files: ["r.json": text])
    #expect(findings.map(\.status) == [.pass])
  }

  @Test func keysThatDecodeAlikeAreDuplicatesAndColumnsCountCharacters() throws {
    let text = "{\"caf\\u00e9\": 1, \"€\": 2, \"café\": 3}"
    #expect(
      try GoNoGoKitTests.evaluate(
        "kind: query\nfile: r.json\nassert: a exists", files: ["r.json": text])
        == [duplicate("café", in: "r.json", 1, 26)])
  }

  @Test func aLongOrOddKeyIsShownShortAndEscaped() throws {
    let key = String(repeating: "k", count: 70) + "\\t\\\"x"
    let text = "{\"\(key)\": 1,\n \"\(key)\": 2}"
    let findings = try GoNoGoKitTests.evaluate(
      "kind: query\nfile: r.json\nassert: a exists", files: ["r.json": text])
    #expect(
      findings == [
        .error(
          "r.json is not valid JSON: duplicate key \"" + String(repeating: "k", count: 60)
            + "…\" \(Self.duplicateReason)",
          evidence: EvidenceLocation(file: "r.json", line: 2, column: 2))
      ])
  }

  // MARK: Valid JSON that strict parsers trip on

  @Test func integersBeyondSixtyFourBitsAreReadAsNumbers() throws {
    let text =
      "{\"digest\": 340282366920938463463374607431768211455, \"count\": 3, \"neg\": -99999999999999999999}"
    for assertion in ["count == 3", "digest > 1e38", "neg < -1e19"] {
      let findings = try GoNoGoKitTests.evaluate(
        "kind: query\nfile: r.json\nassert: \(assertion)", files: ["r.json": text])
      #expect(findings.map(\.status) == [.pass], "\(assertion): \(findings)")
    }
  }

  @Test func valuesComeInTheShapesFoundationGives() throws {
    let text = #"{"t": true, "f": false, "i": -3, "d": 2.5, "s": "é\n", "n": null, "a": [1, "x"]}"#
    let object = try #require(try JSONText.parse(text, file: "r.json").get() as? [String: Any])
    let boolean = type(of: NSNumber(value: true))
    #expect((object["t"] as? NSNumber).map { type(of: $0) == boolean && $0.boolValue } == true)
    #expect((object["f"] as? NSNumber).map { type(of: $0) == boolean && !$0.boolValue } == true)
    #expect((object["i"] as? NSNumber).map { type(of: $0) != boolean } == true)
    #expect(object["i"] as? Int == -3)
    #expect(object["d"] as? Double == 2.5)
    #expect(object["s"] as? String == "é\n")
    #expect(object["n"] is NSNull)
    #expect((object["a"] as? [Any])?.count == 2)
    let big = try #require(
      try JSONText.parse(Data(#"{"big": 18446744073709551616, "small": 7}"#.utf8), file: "r.json")
        .get() as? [String: Any])
    #expect(big["big"] as? Double == 18_446_744_073_709_551_616)
    #expect(big["small"] as? Double == 7)
    #expect(try JSONText.parse("  42 ", file: "r.json").get() as? Int == 42)
  }

  @Test func aNumberBeyondDoubleRangeIsAnError() throws {
    let findings = try GoNoGoKitTests.evaluate(
      "kind: query\nfile: r.json\nassert: x == 1", files: ["r.json": "{\"x\": 1e400}"])
    #expect(
      findings == [
        .error(
          "r.json is not valid JSON: the number 1e400 is too large for a 64-bit floating-point "
            + "value; write it as a string",
          evidence: EvidenceLocation(file: "r.json", line: 1, column: 7))
      ])
  }

  @Test func nulEscapesInStringsAreKept() throws {
    let text = "{\"name\": \"a\\u0000b\", \"ok\": true}"
    let findings = try GoNoGoKitTests.evaluate(
      "kind: query\nfile: r.json\nassert: ok == true", files: ["r.json": text])
    #expect(findings.map(\.status) == [.pass])
    let value = try StructuredDataReader.parseJSON(text, file: "r.json").get()
    #expect(value["name"]?.string == "a\u{0}b")
  }

  @Test func aByteOrderMarkIsSkippedAndColumnsStartAfterIt() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let dashboard = Array("{\"title\": \"x\", \"panels\": []}".utf8)
    let duplicated = Array("{\"ok\": 1, \"ok\": 2}".utf8)
    #expect(
      try evaluate(
        "kind: dashboard\nfile: d.json\ndatasources: false", bytes: ["d.json": bom + dashboard]
      )
      .map(\.status) != [.error])
    #expect(
      try evaluate(
        "kind: query\nfile: r.json\nassert: ok == 2", bytes: ["r.json": bom + duplicated])
        == [duplicate("ok", in: "r.json", 1, 11)])
    #expect(
      try evaluate("kind: dashboard\nfile: d.json", bytes: ["d.json": bom + duplicated])
        == [duplicate("ok", in: "d.json", 1, 11)])
  }

  // MARK: Malformed JSON is located and explained

  @Test func nestingBeyondTheLimitIsAnErrorAtTheFirstBracketTooDeep() throws {
    let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    let message =
      "r.json nests arrays and objects more than 512 levels deep; refusing to read it"
    for check in [
      "kind: query\nfile: r.json\nassert: a exists",
      "kind: dashboard\nfile: r.json",
      "kind: vulnerabilities\nfile: r.json\nmax_severity: high",
    ] {
      #expect(
        try GoNoGoKitTests.evaluate(check, files: ["r.json": text]) == [
          .error(message, evidence: EvidenceLocation(file: "r.json", line: 1, column: 513))
        ])
    }
  }

  @Test func syntaxErrorsSayWhatIsWrongWhere() throws {
    let cases: [(text: String, message: String, line: Int?, column: Int?)] = [
      ("{\"a\": [1, 2,\n  }", "expected a value, found '}'", 2, 3),
      ("{\"a\": 1,}", "JSON allows no trailing comma before '}'; remove the comma", 1, 8),
      ("[1, 2,]", "JSON allows no trailing comma before ']'; remove the comma", 1, 6),
      (
        "{\"a\": NaN}",
        "'NaN' is not a JSON value: JSON has no NaN or infinity (RFC 8259, section 6); write a "
          + "number, a string in double quotes or null", 1, 7
      ),
      ("{'a': 1}", "strings and keys take double quotes in JSON, not single quotes", 1, 2),
      (
        "{\"a\": 1} {\"b\": 2}",
        "more text follows the JSON value (found '{'); a JSON file holds "
          + "one value, so remove the extra text or wrap the values in an array", 1, 10
      ),
      (
        "{\"a\": \"x\ty\"}",
        "a string holds an unescaped control character (U+0009); write it "
          + "as \\u0009", 1, 9
      ),
      (
        "{\"a\": \"x\\qy\"}",
        "a string holds an invalid escape; JSON allows \\\", \\\\, \\/, \\b, "
          + "\\f, \\n, \\r, \\t and \\u followed by four hexadecimal digits", 1, 9
      ),
      (
        "{\"a\": \"\\ud800\"}",
        "a string holds the unpaired surrogate \\uD800; write the "
          + "character itself or a complete surrogate pair", 1, 7
      ),
      (
        "{\"a\\u0000b\": 1}",
        "the key \"a\\u0000b\" holds a NUL character (\\u0000), which "
          + "gonogo cannot read in a key; remove it from the key", 1, 2
      ),
      ("{\"a\": 1 // the answer\n}", "JSON has no comments; remove them", 1, 9),
      ("[1] /* one */", "JSON has no comments; remove them", 1, 5),
      (
        "[01]",
        "the number near '0' is malformed; JSON numbers take no leading zeros and no '+', "
          + "and need digits before and after '.' and after 'e'", 1, 2
      ),
      (
        "[tru]",
        "'tru' is not a JSON value; write a number, a string in double quotes, true, "
          + "false or null", 1, 2
      ),
      ("{\"a\" 1}", "expected ':' after the key, found '1'", 1, 6),
      ("{\"a\": 1 \"b\": 2}", "expected ',' or '}' after an object member, found '\"b\"'", 1, 9),
      ("[1 2]", "expected ',' or ']' after an array item, found '2'", 1, 4),
      (
        "{\"a\": [1, 2", "the file ends before the JSON value is complete; it may be cut off", 1, 12
      ),
    ]
    for (text, message, line, column) in cases {
      let findings = try GoNoGoKitTests.evaluate(
        "kind: query\nfile: r.json\nassert: a exists", files: ["r.json": text])
      #expect(
        findings == [
          .error(
            "r.json is not valid JSON: \(message)",
            evidence: EvidenceLocation(file: "r.json", line: line, column: column))
        ], "\(text)")
    }
  }

  @Test func invalidUTF8IsLocatedAtTheByte() throws {
    let bytes =
      Array("{\"title\": \"x\",\n \"panels\": [\"".utf8) + [0xC3, 0x28] + Array("\"]}".utf8)
    #expect(
      try evaluate("kind: dashboard\nfile: d.json", bytes: ["d.json": bytes]) == [
        .error(
          "d.json is not valid JSON: byte 0xC3 is not valid UTF-8; save the file as UTF-8",
          evidence: EvidenceLocation(file: "d.json", line: 2, column: 14))
      ])
  }
}

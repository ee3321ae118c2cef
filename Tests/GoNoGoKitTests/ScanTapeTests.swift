import Foundation
import Testing

@testable import GoNoGoKit

/// Trivy and Grype reports are decoded where they lie on the parsed tape; the same bytes built
/// into a ``SecurityJSON`` tree and decoded from it give the same findings and the same errors.
@Suite struct ScanTapeTests {
  /// The report decoded both ways: from the tape, and from the tree built from it.
  static func decodedBothWays(_ text: String) throws -> (
    tape: Result<VulnerabilityReport, EvidenceError>,
    tree: Result<VulnerabilityReport, EvidenceError>
  ) {
    let tape = try #require(ScanTapeValue.parse(Data(text.utf8)))
    return withExtendedLifetime(tape) {
      let root = ScanTapeValue(tape: tape, value: tape.root)
      let tree = tape.build(tape.root, as: SecurityJSON.self)!
      if tree["matches"] != nil {
        return (
          VulnerabilityReportParsing.grype(root, path: "scan.json"),
          VulnerabilityReportParsing.grype(tree, path: "scan.json")
        )
      }
      return (
        VulnerabilityReportParsing.trivy(root, path: "scan.json"),
        VulnerabilityReportParsing.trivy(tree, path: "scan.json")
      )
    }
  }

  static let trivyReports = [
    // Every class, nulls as absent members, a blank Target, a suppressed finding without Finding.
    """
    {"SchemaVersion": 2, "ArtifactName": "app", "Results": [
      {"Target": "go.sum", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-1", "PkgName": "a", "InstalledVersion": "1", "FixedVersion": "2",
         "Severity": "HIGH"},
        {"VulnerabilityID": "CVE-2", "PkgName": null, "Severity": null, "Status": "fixed"},
        {"VulnerabilityID": "CVE-3", "PkgPath": "lib/x.jar", "FixedVersion": " "}]},
      {"Target": " ", "Secrets": [{"RuleID": "aws", "Severity": "CRITICAL", "StartLine": 7,
        "Title": "AWS key"}]},
      {"Target": "Dockerfile", "Misconfigurations": [
        {"ID": "DS001", "Status": "FAIL", "Severity": "LOW", "CauseMetadata": {"StartLine": 3}},
        {"AVDID": "AVD-2", "Status": "PASS"},
        {"ID": "DS003", "Status": "EXCEPTION", "Severity": "MEDIUM"},
        {"ID": "DS004", "Status": null, "CauseMetadata": {"StartLine": 0.5}}],
       "ExperimentalModifiedFindings": [
        {"Type": "vulnerability", "Finding": {"VulnerabilityID": "CVE-9", "Severity": "LOW"}},
        {"Type": "license", "Finding": {}},
        {"Type": "secret"},
        {"Type": "misconfiguration", "Finding": null}]},
      {"Target": "empty", "Vulnerabilities": null}]}
    """,
    // Shapes Trivy never writes, each an error naming its place.
    #"{"SchemaVersion": 2, "Results": {}}"#,
    #"{"SchemaVersion": 2, "Results": [3]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Vulnerabilities": "none"}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{"PkgName": "a"}]}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{"VulnerabilityID": "C", "Severity": "SEVERE"}]}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{"VulnerabilityID": "C", "Severity": 4}]}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Misconfigurations": [{"ID": "D", "Status": "WARN"}]}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Misconfigurations": [{"ID": "D", "Status": true}]}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"Misconfigurations": [{"Status": "FAIL"}]}]}"#,
    #"{"SchemaVersion": 2, "Results": [{"ExperimentalModifiedFindings": [{"Finding": []}]}]}"#,
    #"{"SchemaVersion": 3, "Results": []}"#,
    #"{"SchemaVersion": "2", "Results": []}"#,
    // Grype.
    """
    {"matches": [{"vulnerability": {"id": "CVE-1", "severity": "High",
       "fix": {"versions": ["1.2", " ", "1.3"], "state": "fixed"}},
       "relatedVulnerabilities": [{"id": "GHSA-1"}, {"id": "CVE-1"}, {}],
       "artifact": {"name": "lib", "version": "1.0", "locations": [{"path": "/app"}]}}],
     "ignoredMatches": [{"vulnerability": {"id": "CVE-2"}}]}
    """,
    #"{"matches": [{"vulnerability": []}]}"#,
    #"{"matches": [{"vulnerability": {"id": "X", "fix": {"versions": 3}}}]}"#,
  ]

  @Test(arguments: trivyReports) func tapeAndTreeDecodeAlike(_ text: String) throws {
    let (tape, tree) = try Self.decodedBothWays(text)
    #expect(tape == tree)
  }

  @Test func theSuppressedFindingsAndPlacesReadAsBefore() throws {
    let report = try Self.decodedBothWays(Self.trivyReports[0]).tape.get()
    let seen = report.vulnerabilities.map {
      "\($0.id) \($0.severity.name) \($0.location ?? "-") \($0.disposition)"
    }
    #expect(
      seen == [
        "CVE-1 high go.sum open", "CVE-2 unknown go.sum open", "CVE-3 unknown lib/x.jar open",
        "aws critical - open", "DS001 low Dockerfile:3 open", "DS003 medium Dockerfile suppressed",
        "DS004 unknown Dockerfile open", "CVE-9 low Dockerfile suppressed",
        "a suppressed finding unknown Dockerfile suppressed",
        "a suppressed finding unknown Dockerfile suppressed",
      ])
  }

  /// A number beyond a double is left to the reader that words the error, as before.
  @Test func aNumberBeyondADoubleIsNotReadFromTheTape() {
    #expect(ScanTapeValue.parse(Data(#"{"SchemaVersion": 2, "x": 1e400}"#.utf8)) == nil)
    #expect(ScanTapeValue.parse(Data(#"{"SchemaVersion": 2, "x": -1.5e300}"#.utf8)) != nil)
    let long = "{\"SchemaVersion\": 2, \"x\": " + String(repeating: "9", count: 400) + "}"
    #expect(ScanTapeValue.parse(Data(long.utf8)) == nil)
    #expect(ScanTapeValue.parse(Data("\u{FEFF}{\"SchemaVersion\": 2}".utf8)) != nil)
    #expect(ScanTapeValue.parse(Data("{\"a\": \"\u{FF}\"}".utf8) + Data([0xFF])) == nil)
  }

  @Test func byteSearchFindsEveryPlacementAndNoFalseOne() {
    let haystack = Data(#"{"a": "x", "ImageID": "sha256:ab", "RepoDigests": ["r@sha256:cd"]}"#.utf8)
    for needle in [#""ImageID""#, #""RepoDigests""#, "@sha256:", "{", "}", #"{"a""#, "cd\"]}"] {
      #expect(haystack.containsBytes(Data(needle.utf8)), "\(needle)")
    }
    for needle in [#""versionControlProvenance""#, "SPDXVersion:", "@sha256:ce", #""imageid""#] {
      #expect(!haystack.containsBytes(Data(needle.utf8)), "\(needle)")
    }
    #expect(!Data("ab".utf8).containsBytes(Data("abc".utf8)))
    #expect(Data("abc".utf8).containsBytes(Data()))
    // A needle whose rare byte sits at its very end, at the haystack's very end.
    #expect(Data("xxxxAB:".utf8).containsBytes(Data("AB:".utf8)))
    #expect(!Data("xxxxAB".utf8).containsBytes(Data("AB:".utf8)))
  }
}

/// A SARIF message's first line is found by scalars exactly as by characters.
@Suite struct SARIFFirstLineTests {
  /// The first line the way characters split it.
  static func byCharacters(_ text: String) -> Substring? {
    text.split(whereSeparator: \.isNewline).first
  }

  @Test func scalarsSplitLikeCharacters() {
    let samples = [
      "", "\n", "\r\n\r\n", "one line", "first\nsecond", "\n\n  after blanks\nnext",
      "cr\rlf", "crlf\r\nnext", "vt\u{0B}ff\u{0C}", "nel\u{85}ls\u{2028}ps\u{2029}",
      "e\u{301}\u{301}\nx", "\u{301}\nafter a lone accent", "flag 🇫🇷🇩🇪 then\nnext",
      "👩‍👩‍👧 family\u{2029}", "tab\tis no newline", "\u{0B}\u{0C}\u{85}", "a\u{1F}b\nc",
    ]
    for text in samples {
      #expect(SARIFMessage.firstLine(of: text) == Self.byCharacters(text), "\(text.debugDescription)")
    }
    for scalar in (0..<0x3000).compactMap(Unicode.Scalar.init) {
      #expect(
        SARIFMessage.isNewline(scalar) == Character(scalar).isNewline, "\(scalar.value)")
    }
  }
}

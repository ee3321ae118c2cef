import Foundation
import Testing

@testable import GoNoGoKit

/// Scan reports written the way the SARIF 2.1.0 specification and Trivy's and Grype's documented
/// JSON allow, judged by a `vulnerabilities` gate: no finding is lost, merged or silently passed.
@Suite struct ScanReportAcceptanceTests {
  let sarifFile = EvidenceLocation(file: "reports/scan.sarif")
  let trivyFile = EvidenceLocation(file: "reports/trivy.json")
  let grypeFile = EvidenceLocation(file: "reports/grype.json")

  func gate(_ parameters: String, _ text: String, as path: String = "reports/scan.sarif")
    throws -> [Finding]
  {
    try evaluate(
      "kind: vulnerabilities\nfile: \(path)\n" + parameters, files: [path: text])
  }

  /// A SARIF log with one run of `tool` holding `results`, and optional driver rules.
  static func sarif(
    _ results: [String], rules: String = "[]", extensions: String = "[]", tool: String = "scanner",
    runExtras: String = ""
  ) -> String {
    """
    {"version": "2.1.0", "runs": [\(run(results, rules: rules, extensions: extensions, tool: tool,
      extras: runExtras))]}
    """
  }

  static func run(
    _ results: [String], rules: String = "[]", extensions: String = "[]", tool: String = "scanner",
    extras: String = ""
  ) -> String {
    """
    {"tool": {"driver": {"name": "\(tool)", "rules": \(rules)}, "extensions": \(extensions)},
     \(extras)"results": [\(results.joined(separator: ",\n"))]}
    """
  }

  /// A result of rule IMG-1 at Dockerfile line 1, with `extra` members added.
  static func result(_ extra: String = "", message: String = "Package: openssl") -> String {
    """
    {"ruleId": "IMG-1", "message": {"text": "\(message)"}, \(extra)
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"},
     "region": {"startLine": 1, "startColumn": 1}}}]}
    """
  }

  static func measured(
    critical: Int = 0, high: Int = 0, medium: Int = 0, low: Int = 0, negligible: Int = 0,
    findings: Int, suppressed: Int = 0, undecided: Int = 0
  ) -> [String: JSONValue] {
    [
      "critical": .int(critical), "high": .int(high), "medium": .int(medium), "low": .int(low),
      "negligible": .int(negligible), "unknown": 0, "findings": .int(findings),
      "suppressed": .int(suppressed), "undecided": .int(undecided),
    ]
  }

  // MARK: SARIF results that differ in one member only are two findings

  static let pairs: [(String, String, String)] = [
    ("message", result(message: "Package: openssl"), result(message: "Package: libssl3")),
    (
      "column", result(),
      result().replacingOccurrences(of: "\"startColumn\": 1", with: "\"startColumn\": 9")
    ),
    (
      "partialFingerprints",
      result("\"partialFingerprints\": {\"primaryLocationLineHash\": \"a1\"},"),
      result("\"partialFingerprints\": {\"primaryLocationLineHash\": \"b2\"},")
    ),
    (
      "fingerprints", result("\"fingerprints\": {\"sha256/v1\": \"aaaa\"},"),
      result("\"fingerprints\": {\"sha256/v1\": \"bbbb\"},")
    ),
    (
      "package in properties", result("\"properties\": {\"PkgName\": \"openssl\"},"),
      result("\"properties\": {\"PkgName\": \"libssl3\"},")
    ),
    ("nothing at all", result(), result()),
  ]

  @Test(arguments: pairs.indices)
  func twoResultsThatDifferOnlyInOneMemberAreTwoFindings(_ index: Int) throws {
    let (what, first, second) = Self.pairs[index]
    let findings = try gate("max_counts: {medium: 1}", Self.sarif([first, second]))
    #expect(
      findings.first
        == Finding(
          .fail, "reports/scan.sarif has 2 medium findings; max_counts allows 1",
          evidence: sarifFile, measured: Self.measured(medium: 2, findings: 2),
          expected: ["max_counts": .object(["medium": 1])]), "differing in \(what)")
    #expect(findings.count == 3, "differing in \(what)")
    let lines = findings.dropFirst().map(\.message)
    #expect(Set(lines).count == 2, "the two lines read alike when differing in \(what): \(lines)")
    let passing = try gate("max_counts: {medium: 2}", Self.sarif([first, second]))
    #expect(passing.map(\.status) == [.pass], "differing in \(what)")
  }

  @Test func resultsThatReadAlikeAreToldApartByWhereTheReportListsThem() throws {
    let results = [
      Self.result("\"partialFingerprints\": {\"primaryLocationLineHash\": \"a1\"},"),
      Self.result("\"partialFingerprints\": {\"primaryLocationLineHash\": \"b2\"},"),
      Self.result(message: "Package: zlib"),
    ]
    let findings = try gate("max_counts: {medium: 2}", Self.sarif(results))
    #expect(
      findings.dropFirst().map(\.message) == [
        "IMG-1 (medium) at Dockerfile:1:1: Package: openssl (runs[0].results[0])",
        "IMG-1 (medium) at Dockerfile:1:1: Package: openssl (runs[0].results[1])",
        "IMG-1 (medium) at Dockerfile:1: Package: zlib",
      ])
  }

  @Test func resultsPointingAtArtifactsByIndexWithAUriBaseIdAreNamedByTheArtifactsUri() throws {
    let artifacts = """
      "artifacts": [{"location": {"uri": "src/orders.py", "uriBaseId": "SRCROOT"}},
                    {"location": {"uri": "src/billing.py", "uriBaseId": "SRCROOT"}}],
      """
    let located = { (index: Int) in
      """
      {"ruleId": "py-sqli", "level": "error", "message": {"text": "SQL built from input"},
       "locations": [{"physicalLocation": {"artifactLocation": {"index": \(index),
       "uriBaseId": "SRCROOT"}, "region": {"startLine": 7}}}]}
      """
    }
    let findings = try gate(
      "max_severity: medium", Self.sarif([located(0), located(1)], runExtras: artifacts))
    #expect(
      findings.map(\.message) == [
        "reports/scan.sarif has 2 findings above max_severity medium (2 high)",
        "py-sqli (high) at src/orders.py:7",
        "py-sqli (high) at src/billing.py:7",
      ])
  }

  @Test func aResultWithoutLocationsIsStillAFinding() throws {
    let result = """
      {"ruleId": "secret-in-history", "level": "error", "message": {"text": "A key was committed"}}
      """
    let findings = try gate("max_severity: medium", Self.sarif([result]))
    #expect(
      findings == [
        Finding(
          .fail, "reports/scan.sarif has 1 finding above max_severity medium (1 high)",
          evidence: sarifFile, measured: Self.measured(high: 1, findings: 1),
          expected: ["max_severity": "medium"]),
        .fail("secret-in-history (high)", evidence: sarifFile),
      ])
  }

  // MARK: Suppressions (§3.27.23, §3.35.3)

  @Test func onlyResultsWhoseSuppressionsAreAllAcceptedAreSetAsideAndTheyAreCounted() throws {
    let results = [
      Self.result(
        "\"suppressions\": [{\"kind\": \"inSource\", \"status\": \"accepted\"}],",
        message: "accepted"),
      Self.result("\"suppressions\": [{\"kind\": \"external\"}],", message: "no status"),
      Self.result(
        "\"suppressions\": [{\"kind\": \"external\", \"status\": \"underReview\"}],",
        message: "under review"),
      Self.result(
        "\"suppressions\": [{\"kind\": \"external\", \"status\": \"rejected\"}],",
        message: "rejected"),
      Self.result(
        "\"suppressions\": [{\"kind\": \"inSource\", \"status\": \"accepted\"}, "
          + "{\"kind\": \"external\", \"status\": \"rejected\"}],", message: "accepted, rejected"),
      Self.result("\"suppressions\": [],", message: "empty"),
      Self.result(message: "absent"),
    ]
    let findings = try gate("max_counts: {medium: 4}", Self.sarif(results))
    #expect(
      findings.first
        == Finding(
          .fail,
          "reports/scan.sarif has 5 medium findings; max_counts allows 4; 2 suppressed in the "
            + "report and not counted",
          evidence: sarifFile, measured: Self.measured(medium: 5, findings: 5, suppressed: 2),
          expected: ["max_counts": .object(["medium": 4])]))
    #expect(
      findings.dropFirst().map(\.message) == [
        "IMG-1 (medium) at Dockerfile:1: under review",
        "IMG-1 (medium) at Dockerfile:1: rejected",
        "IMG-1 (medium) at Dockerfile:1: accepted, rejected",
        "IMG-1 (medium) at Dockerfile:1: empty",
        "IMG-1 (medium) at Dockerfile:1: absent",
      ])
    let passing = try gate("max_counts: {medium: 5}", Self.sarif(results))
    #expect(
      passing.map(\.message) == [
        "reports/scan.sarif has 5 findings (5 medium), within max_counts; 2 suppressed in the "
          + "report and not counted"
      ])
  }

  // MARK: Rules found by index, by extension, or not at all (§3.27.5–§3.27.7, §3.52)

  @Test func aRuleIndexWithoutRuleIdNamesTheRuleAndGivesItsSeverity() throws {
    let rules = """
      [{"id": "go/sql-injection", "properties": {"security-severity": 8.8}},
       {"id": "go/log-injection", "properties": {"security-severity": "7.8"}}]
      """
    let results = [
      "{\"ruleIndex\": 1, \"message\": {\"text\": \"log\"}}",
      "{\"rule\": {\"index\": 0}, \"message\": {\"text\": \"sql\"}}",
    ]
    let findings = try gate("max_severity: medium", Self.sarif(results, rules: rules))
    #expect(
      findings.map(\.message) == [
        "reports/scan.sarif has 2 findings above max_severity medium (2 high)",
        "go/log-injection (high)",
        "go/sql-injection (high)",
      ])
  }

  @Test func aRuleInAnExtensionNamedByToolComponentIndexGivesItsSeverity() throws {
    let extensions = """
      [{"name": "codeql/go-queries", "rules": [{"id": "go/unused"}]},
       {"name": "codeql/go-security", "rules": [{"id": "go/zipslip",
        "defaultConfiguration": {"level": "error"}, "properties": {"security-severity": "9.1"}}]}]
      """
    let result = """
      {"rule": {"index": 0, "toolComponent": {"index": 1}}, "message": {"text": "zip slip"}}
      """
    let findings = try gate(
      "max_severity: high", Self.sarif([result], rules: "[{\"id\": \"x\"}]", extensions: extensions)
    )
    #expect(
      findings == [
        Finding(
          .fail, "reports/scan.sarif has 1 finding above max_severity high (1 critical)",
          evidence: sarifFile, measured: Self.measured(critical: 1, findings: 1),
          expected: ["max_severity": "high"]),
        .fail("go/zipslip (critical)", evidence: sarifFile),
      ])
  }

  @Test func resultsWithoutAnyRuleAreFindingsAtTheirOwnLevel() throws {
    let results = ["error", "note", "none"].map {
      "{\"level\": \"\($0)\", \"message\": {\"text\": \"converted finding at level \($0)\"}}"
    }
    let findings = try gate("max_severity: none", Self.sarif(results))
    #expect(
      findings == [
        Finding(
          .fail,
          "reports/scan.sarif has 3 findings above max_severity none (1 high, 1 low, "
            + "1 negligible)",
          evidence: sarifFile,
          measured: Self.measured(high: 1, low: 1, negligible: 1, findings: 3),
          expected: ["max_severity": "none"]),
        .fail(
          "result without a rule (high): converted finding at level error", evidence: sarifFile),
        .fail("result without a rule (low): converted finding at level note", evidence: sarifFile),
        .fail(
          "result without a rule (negligible): converted finding at level none",
          evidence: sarifFile),
      ])
  }

  /// §3.27.5 and §3.27.6: a rule said twice must be said alike, or the severity is a guess.
  @Test func aResultThatNamesTwoDifferentRulesIsAnError() throws {
    let rules = """
      [{"id": "crit", "properties": {"security-severity": "9.5"}},
       {"id": "minor", "properties": {"security-severity": "2.0"}}]
      """
    let cases = [
      (
        "{\"ruleIndex\": 0, \"rule\": {\"index\": 1}, \"message\": {\"text\": \"x\"}}",
        "reports/scan.sarif: runs[0].results[0].ruleIndex is 0 but runs[0].results[0].rule.index "
          + "is 1; SARIF requires them to be equal, so fix one of them"
      ),
      (
        "{\"ruleId\": \"minor\", \"rule\": {\"id\": \"crit\"}, \"message\": {\"text\": \"x\"}}",
        "reports/scan.sarif: runs[0].results[0].ruleId is 'minor' but runs[0].results[0].rule.id "
          + "is 'crit'; SARIF requires them to be equal, so fix one of them"
      ),
    ]
    for (result, message) in cases {
      let findings = try gate("max_severity: high", Self.sarif([result], rules: rules))
      #expect(findings == [.error(message, evidence: sarifFile)])
    }
  }

  @Test func aRuleNamedOnlyByItsGuidGivesItsIdAndSeverity() throws {
    let rules = """
      [{"id": "CVE-2024-6119", "guid": "5f1c0b7e-8a43-4f5e-9b43-2d1e6f0a9c11",
        "properties": {"security-severity": "9.8"}}]
      """
    let result = """
      {"rule": {"guid": "5f1c0b7e-8a43-4f5e-9b43-2d1e6f0a9c11"}, "message": {"text": "openssl"}}
      """
    let findings = try gate("max_severity: high", Self.sarif([result], rules: rules))
    #expect(
      findings.map(\.message) == [
        "reports/scan.sarif has 1 finding above max_severity high (1 critical)",
        "CVE-2024-6119 (critical)",
      ])
  }

  /// §3.27.10: an absent level comes from the invocation's rule configuration override first,
  /// for results whose `provenance.invocationIndex` names that invocation.
  @Test func anInvocationsRuleConfigurationOverrideGivesTheLevelBeforeTheRuleDefault() throws {
    let rules = """
      [{"id": "weak-hash", "defaultConfiguration": {"level": "note"}}]
      """
    let invocations = """
      "invocations": [{"executionSuccessful": true, "ruleConfigurationOverrides": [
        {"descriptor": {"index": 0}, "configuration": {"level": "error"}}]}],
      """
    let results = [
      """
      {"ruleId": "weak-hash", "provenance": {"invocationIndex": 0}, "message": {"text": "md5"}}
      """,
      "{\"ruleId\": \"weak-hash\", \"message\": {\"text\": \"sha1\"}}",
    ]
    let findings = try gate(
      "max_severity: medium", Self.sarif(results, rules: rules, runExtras: invocations))
    #expect(
      findings.map(\.message) == [
        "reports/scan.sarif has 1 finding above max_severity medium (1 high)",
        "weak-hash (high)",
      ])
    #expect(findings.first?.measured == Self.measured(high: 1, low: 1, findings: 2))
  }

  @Test func anAbsentLevelIsTheRulesDefaultLevelElseWarning() throws {
    let rules = """
      [{"id": "strict", "defaultConfiguration": {"level": "error"}}, {"id": "plain"}]
      """
    let results = [
      "{\"ruleId\": \"strict\", \"message\": {\"text\": \"s\"}}",
      "{\"ruleId\": \"plain\", \"message\": {\"text\": \"p\"}}",
      "{\"ruleId\": \"strict\", \"level\": \"note\", \"message\": {\"text\": \"n\"}}",
    ]
    let findings = try gate("max_severity: low", Self.sarif(results, rules: rules))
    #expect(
      findings.map(\.message) == [
        "reports/scan.sarif has 2 findings above max_severity low (1 high, 1 medium)",
        "strict (high)",
        "plain (medium)",
      ])
    #expect(findings.first?.measured == Self.measured(high: 1, medium: 1, low: 1, findings: 3))
  }

  @Test func securitySeverityOnTheResultOutranksTheRulesAndStringsAreNumbers() throws {
    let rules = """
      [{"id": "CVE-A", "properties": {"security-severity": 9.8}},
       {"id": "CVE-B", "properties": {"security-severity": "5.3"}}]
      """
    let results = [
      "{\"ruleId\": \"CVE-A\", \"message\": {\"text\": \"a\"}}",
      "{\"ruleId\": \"CVE-B\", \"level\": \"none\", \"message\": {\"text\": \"b\"}}",
      """
      {"ruleId": "CVE-A", "message": {"text": "c"}, "properties": {"security-severity": "3.1"}}
      """,
    ]
    let findings = try gate("max_severity: none", Self.sarif(results, rules: rules))
    #expect(findings.first?.measured == Self.measured(critical: 1, medium: 1, low: 1, findings: 3))
    let bad = try gate(
      "max_severity: high",
      Self.sarif([
        "{\"ruleId\": \"X\", \"message\": {\"text\": \"x\"}, "
          + "\"properties\": {\"security-severity\": \"high\"}}"
      ]))
    #expect(
      bad == [
        .error(
          "reports/scan.sarif: rule X (runs[0].results[0]) has security-severity 'high', which is "
            + "not a number", evidence: sarifFile)
      ])
  }

  @Test func aSecuritySeverityOutsideTheCVSSRangeIsAnError() throws {
    for (score, shown) in [("-1", "-1"), ("\"12.5\"", "'12.5'")] {
      let findings = try gate(
        "max_severity: high",
        Self.sarif([
          "{\"ruleId\": \"X\", \"message\": {\"text\": \"x\"}, "
            + "\"properties\": {\"security-severity\": \(score)}}"
        ]))
      #expect(
        findings == [
          .error(
            "reports/scan.sarif: rule X (runs[0].results[0]) has security-severity \(shown), which "
              + "is outside the CVSS range 0.0 to 10.0; give a score the analyser's rule defines",
            evidence: sarifFile)
        ])
    }
  }

  // MARK: Kinds (§3.27.9)

  @Test func passNotApplicableAndInformationalAreNoFindingsOpenAndReviewFailClosed() throws {
    let results = ["pass", "notApplicable", "informational", "open", "review", "fail"].map {
      "{\"ruleId\": \"K-\($0)\", \"kind\": \"\($0)\", \"message\": {\"text\": \"\($0)\"}}"
    }
    let findings = try gate("max_severity: high", Self.sarif(results))
    #expect(
      findings == [
        Finding(
          .error,
          "reports/scan.sarif has 2 undecided findings (SARIF kind open or review) that no "
            + "allow-list entry accepts; the analyser could not decide them, so a person must: "
            + "fix them, suppress them in the report, or accept them on the allow list",
          evidence: sarifFile, measured: Self.measured(medium: 1, findings: 1, undecided: 2),
          expected: ["max_severity": "high"]),
        .error("K-open is undecided (kind open)", evidence: sarifFile),
        .error("K-review is undecided (kind review)", evidence: sarifFile),
      ])
  }

  /// The undecided message says a person may suppress the result in the report: doing so works.
  @Test func anUndecidedResultWithAnAcceptedSuppressionIsSuppressed() throws {
    let results = [
      """
      {"ruleId": "K-review", "kind": "review", "message": {"text": "?"},
       "suppressions": [{"kind": "external", "status": "accepted", "justification": "reviewed"}]}
      """,
      """
      {"ruleId": "K-open", "kind": "open", "message": {"text": "?"},
       "suppressions": [{"kind": "external", "status": "underReview"}]}
      """,
    ]
    let findings = try gate("max_severity: high", Self.sarif(results))
    #expect(
      findings == [
        Finding(
          .error,
          "reports/scan.sarif has 1 undecided finding (SARIF kind open or review) that no "
            + "allow-list entry accepts; the analyser could not decide it, so a person must: fix "
            + "it, suppress it in the report, or accept it on the allow list; 1 suppressed in the "
            + "report and not counted",
          evidence: sarifFile, measured: Self.measured(findings: 0, suppressed: 1, undecided: 1),
          expected: ["max_severity": "high"]),
        .error("K-open is undecided (kind open)", evidence: sarifFile),
      ])
  }

  @Test func anUndecidedResultsMessageAlsoSaysHowManyWereSuppressed() throws {
    let results = [
      "{\"ruleId\": \"K-open\", \"kind\": \"open\", \"message\": {\"text\": \"?\"}}",
      Self.result("\"suppressions\": [{\"kind\": \"inSource\"}],"),
    ]
    let findings = try gate("max_severity: high", Self.sarif(results))
    #expect(
      findings.first
        == Finding(
          .error,
          "reports/scan.sarif has 1 undecided finding (SARIF kind open or review) that no "
            + "allow-list entry accepts; the analyser could not decide it, so a person must: fix "
            + "it, suppress it in the report, or accept it on the allow list; 1 suppressed in the "
            + "report and not counted",
          evidence: sarifFile, measured: Self.measured(findings: 0, suppressed: 1, undecided: 1),
          expected: ["max_severity": "high"]))
  }

  // MARK: Runs (§3.13.4, §3.14)

  @Test func resultsOfSeveralRunsAreAddedUp() throws {
    let log = """
      {"version": "2.1.0", "runs": [\(Self.run([Self.result()], tool: "trivy")),
      \(Self.run([Self.result(), Self.result(message: "Package: zlib")], tool: "grype"))]}
      """
    let findings = try gate("max_counts: {medium: 2}", log)
    #expect(
      findings.first?.message == "reports/scan.sarif has 3 medium findings; max_counts allows 2")
    #expect(findings.first?.measured == Self.measured(medium: 3, findings: 3))
  }

  /// Two scans of two images by the same tool, merged into one log, are two scans even when
  /// their results read alike: only the run's other members say which image each scanned.
  @Test func runsOfTheSameToolOverDifferentTargetsAreNotMerged() throws {
    let extras = [
      "\"automationDetails\": {\"id\": \"image-scan/checkout-api/\"},",
      "\"properties\": {\"imageName\": \"checkout-api:2.4.0\"},",
      "\"originalUriBaseIds\": {\"ROOTPATH\": {\"uri\": \"file:///checkout/\"}},",
      "\"versionControlProvenance\": [{\"repositoryUri\": \"https://git.example/checkout\"}],",
    ]
    let others = [
      "\"automationDetails\": {\"id\": \"image-scan/billing-api/\"},",
      "\"properties\": {\"imageName\": \"billing-api:1.0.0\"},",
      "\"originalUriBaseIds\": {\"ROOTPATH\": {\"uri\": \"file:///billing/\"}},",
      "\"versionControlProvenance\": [{\"repositoryUri\": \"https://git.example/billing\"}],",
    ]
    for (one, other) in zip(extras, others) {
      let log = """
        {"version": "2.1.0", "runs": [\(Self.run([Self.result()], tool: "trivy", extras: one)),
        \(Self.run([Self.result()], tool: "trivy", extras: other))]}
        """
      let findings = try gate("max_counts: {medium: 1}", log)
      #expect(
        findings.first?.message == "reports/scan.sarif has 2 medium findings; max_counts allows 1",
        "runs told apart by \(one)")
    }
  }

  /// A run written again with one result listed twice still has that result twice.
  @Test func aRepeatedRunCountsEachResultAsOftenAsTheRunThatListsItMost() throws {
    let log = """
      {"version": "2.1.0", "runs": [\(Self.run([Self.result()])),
      \(Self.run([Self.result(), Self.result()])), \(Self.run([Self.result()]))]}
      """
    let findings = try gate("max_counts: {medium: 1}", log)
    #expect(
      findings.first?.message == "reports/scan.sarif has 2 medium findings; max_counts allows 1")
    #expect(findings.first?.measured == Self.measured(medium: 2, findings: 2))
  }

  @Test func aLogWithNoRunsIsNoEvidenceOfAScan() throws {
    let findings = try gate("max_severity: high", "{\"version\": \"2.1.0\", \"runs\": []}")
    #expect(
      findings == [
        .error(
          "reports/scan.sarif is a SARIF log with an empty runs array, so it is no evidence that "
            + "any analyser ran; point the gate at the log the scanner wrote", evidence: sarifFile)
      ])
  }

  @Test func aRunWithAnEmptyResultsArrayFoundNothing() throws {
    let findings = try gate("max_severity: high", Self.sarif([]))
    #expect(
      findings == [
        Finding(
          .pass, "reports/scan.sarif has no findings", evidence: sarifFile,
          measured: Self.measured(findings: 0), expected: ["max_severity": "high"])
      ])
  }

  // MARK: Lists that are not arrays

  @Test func listsThatAreNotArraysSaySo() throws {
    let cases: [(String, String, String)] = [
      (
        "reports/scan.sarif",
        "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"x\"}}, "
          + "\"results\": {\"ruleId\": \"a\"}}]}",
        "reports/scan.sarif: runs[0].results is an object, not an array"
      ),
      (
        "reports/scan.sarif", "{\"version\": \"2.1.0\", \"runs\": {}}",
        "reports/scan.sarif: runs is an object, not an array"
      ),
      (
        "reports/trivy.json", "{\"SchemaVersion\": 2, \"Results\": {\"Target\": \"go.mod\"}}",
        "reports/trivy.json: Results is an object, not an array"
      ),
      (
        "reports/grype.json", "{\"matches\": \"none\"}",
        "reports/grype.json: matches is a string, not an array"
      ),
    ]
    for (path, text, message) in cases {
      let findings = try gate("max_severity: high", text, as: path)
      #expect(findings == [.error(message, evidence: EvidenceLocation(file: path))])
    }
  }

  // MARK: Trivy JSON

  static let fourTargets = """
    {"SchemaVersion": 2, "ArtifactName": "shop", "ArtifactType": "repository", "Results": [
      {"Target": "go.mod", "Class": "lang-pkgs", "Type": "gomod", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2023-39325", "PkgName": "golang.org/x/net",
         "InstalledVersion": "0.7.0", "FixedVersion": "0.17.0", "Severity": "HIGH"}]},
      {"Target": "tools/go.mod", "Class": "lang-pkgs", "Type": "gomod", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2023-39325", "PkgName": "golang.org/x/net",
         "InstalledVersion": "0.7.0", "FixedVersion": "0.17.0", "Severity": "HIGH"}]},
      {"Target": "api/go.mod", "Class": "lang-pkgs", "Type": "gomod", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2023-39325", "PkgName": "golang.org/x/net",
         "InstalledVersion": "0.7.0", "FixedVersion": "0.17.0", "Severity": "HIGH"}]},
      {"Target": "worker/go.mod", "Class": "lang-pkgs", "Type": "gomod", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2023-39325", "PkgName": "golang.org/x/net",
         "InstalledVersion": "0.7.0", "FixedVersion": "0.17.0", "Severity": "HIGH"}]}]}
    """

  static func trivyMeasured(
    critical: Int = 0, high: Int = 0, medium: Int = 0, vulnerabilities: Int = 0, secrets: Int = 0,
    misconfigurations: Int = 0, suppressed: Int = 0
  ) -> [String: JSONValue] {
    [
      "critical": .int(critical), "high": .int(high), "medium": .int(medium), "low": 0,
      "negligible": 0, "unknown": 0, "vulnerabilities": .int(vulnerabilities),
      "secrets": .int(secrets), "misconfigurations": .int(misconfigurations),
      "suppressed": .int(suppressed),
    ]
  }

  @Test func oneVulnerabilityInFourTargetsIsFourAgainstTheScannersOwnCount() throws {
    let path = "reports/trivy.json"
    let failing = try gate("max_counts: {high: 3}", Self.fourTargets, as: path)
    #expect(
      failing.first
        == Finding(
          .fail, "reports/trivy.json has 4 high vulnerabilities; max_counts allows 3",
          evidence: trivyFile, measured: Self.trivyMeasured(high: 4, vulnerabilities: 4),
          expected: ["max_counts": .object(["high": 3])]))
    #expect(
      failing.dropFirst().map(\.message) == [
        "CVE-2023-39325 (high) in golang.org/x/net 0.7.0 (go.mod), fixed in 0.17.0",
        "CVE-2023-39325 (high) in golang.org/x/net 0.7.0 (tools/go.mod), fixed in 0.17.0",
        "CVE-2023-39325 (high) in golang.org/x/net 0.7.0 (api/go.mod), fixed in 0.17.0",
        "CVE-2023-39325 (high) in golang.org/x/net 0.7.0 (worker/go.mod), fixed in 0.17.0",
      ])
    let passing = try gate("max_counts: {high: 4}", Self.fourTargets, as: path)
    #expect(
      passing == [
        Finding(
          .pass,
          "reports/trivy.json has 4 vulnerabilities (4 high), within max_counts",
          evidence: trivyFile, measured: Self.trivyMeasured(high: 4, vulnerabilities: 4),
          expected: ["max_counts": .object(["high": 4])])
      ])
  }

  static let allClasses = """
    {"SchemaVersion": 2, "ArtifactName": "shop", "ArtifactType": "filesystem", "Results": [
      {"Target": "requirements.txt", "Class": "lang-pkgs", "Type": "pip", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2024-35195", "PkgName": "requests", "InstalledVersion": "2.31.0",
         "FixedVersion": "2.32.0", "Severity": "MEDIUM"}]},
      {"Target": "deploy/.env", "Class": "secret", "Secrets": [
        {"RuleID": "github-pat", "Category": "GitHub", "Severity": "CRITICAL",
         "Title": "GitHub Personal Access Token", "StartLine": 4, "EndLine": 4,
         "Match": "GITHUB_TOKEN=****"}]},
      {"Target": "Dockerfile", "Class": "config", "Type": "dockerfile",
       "MisconfSummary": {"Successes": 1, "Failures": 1},
       "Misconfigurations": [
        {"Type": "Dockerfile Security Check", "ID": "DS002", "AVDID": "AVD-DS-0002",
         "Title": "Image user should not be 'root'", "Severity": "HIGH", "Status": "FAIL",
         "CauseMetadata": {"StartLine": 9}},
        {"Type": "Dockerfile Security Check", "ID": "DS026", "AVDID": "AVD-DS-0026",
         "Title": "No HEALTHCHECK defined", "Severity": "LOW", "Status": "PASS"}]}]}
    """

  @Test func aCriticalSecretFailsAHighCeilingAndTheMessageNamesTheSecret() throws {
    let findings = try gate("max_severity: high", Self.allClasses, as: "reports/trivy.json")
    #expect(
      findings == [
        Finding(
          .fail, "reports/trivy.json has 1 secret above max_severity high (1 critical)",
          evidence: trivyFile,
          measured: Self.trivyMeasured(
            critical: 1, high: 1, medium: 1, vulnerabilities: 1, secrets: 1, misconfigurations: 1),
          expected: ["max_severity": "high"]),
        .fail(
          "secret github-pat (critical) at deploy/.env:4: GitHub Personal Access Token",
          evidence: trivyFile),
      ])
  }

  @Test func aFailedMisconfigurationCountsAndAPassedOneDoesNot() throws {
    let findings = try gate(
      "max_counts: {high: 0, low: 0}", Self.allClasses, as: "reports/trivy.json")
    #expect(
      findings.map(\.message) == [
        "reports/trivy.json has 1 high misconfiguration; max_counts allows 0",
        "misconfiguration DS002 (high) at Dockerfile:9: Image user should not be 'root'",
      ])
  }

  @Test func classesNarrowTheGateAndTheOthersAreReportedAsNotCounted() throws {
    let findings = try gate(
      "max_severity: medium\nclasses: [vulnerabilities]", Self.allClasses,
      as: "reports/trivy.json")
    var measured = Self.trivyMeasured(medium: 1, vulnerabilities: 1)
    measured["not_in_classes"] = 2
    #expect(
      findings == [
        Finding(
          .pass,
          "reports/trivy.json has 1 vulnerability (1 medium), none above max_severity medium; "
            + "1 secret and 1 misconfiguration not counted (classes: vulnerabilities)",
          evidence: trivyFile, measured: measured, expected: ["max_severity": "medium"])
      ])
  }

  @Test func aTrivyReportWithoutResultsFoundNothing() throws {
    let text =
      "{\"SchemaVersion\": 2, \"ArtifactName\": \"alpine:3.20\", \"ArtifactType\": "
      + "\"container_image\"}"
    let findings = try gate("max_severity: none", text, as: "reports/trivy.json")
    #expect(
      findings == [
        Finding(
          .pass, "reports/trivy.json has no vulnerabilities, secrets or misconfigurations",
          evidence: trivyFile, measured: Self.trivyMeasured(), expected: ["max_severity": "none"])
      ])
  }

  // MARK: Grype JSON

  static let grype = """
    {"matches": [
      {"vulnerability": {"id": "CVE-2024-45490", "severity": "Medium",
        "fix": {"versions": ["2.6.3-1"], "state": "fixed"}},
       "artifact": {"name": "libexpat1", "version": "2.5.0-1",
        "locations": [{"path": "/var/lib/dpkg/status"}]}}],
     "ignoredMatches": [
      {"vulnerability": {"id": "CVE-2023-45853", "severity": "Critical",
        "fix": {"versions": [], "state": "wont-fix"}},
       "artifact": {"name": "zlib1g", "version": "1:1.2.13.dfsg-1"},
       "appliedIgnoreRules": [{"vulnerability": "CVE-2023-45853"}]}],
     "source": {"type": "image"}, "descriptor": {"name": "grype"}}
    """

  @Test func grypesIgnoredMatchesAreReportedNotCounted() throws {
    let findings = try gate("max_severity: medium", Self.grype, as: "reports/grype.json")
    #expect(
      findings == [
        Finding(
          .pass,
          "reports/grype.json has 1 vulnerability (1 medium), none above max_severity medium; "
            + "1 ignored by Grype's ignore rules and not counted",
          evidence: grypeFile,
          measured: [
            "critical": 0, "high": 0, "medium": 1, "low": 0, "negligible": 0, "unknown": 0,
            "vulnerabilities": 1, "ignored": 1,
          ],
          expected: ["max_severity": "medium"])
      ])
  }

  /// A gate narrowed to a class the report's format cannot hold judges nothing in it.
  @Test func classesTheReportCannotHoldAreAnError() throws {
    let findings = try gate(
      "max_severity: medium\nclasses: [secrets]", Self.grype, as: "reports/grype.json")
    #expect(
      findings == [
        .error(
          "reports/grype.json is a Grype report, which holds no secrets, so 'classes: [secrets]' "
            + "judges nothing in it; add a class the report holds (vulnerabilities)",
          evidence: grypeFile)
      ])
    let trivy = try gate(
      "max_severity: medium\nclasses: [findings]", Self.allClasses, as: "reports/trivy.json")
    #expect(
      trivy == [
        .error(
          "reports/trivy.json is a Trivy report, which holds no findings, so 'classes: "
            + "[findings]' judges nothing in it; add a class the report holds (vulnerabilities, "
            + "secrets or misconfigurations)", evidence: trivyFile)
      ])
  }

  // MARK: The text report

  @Test func theTextReportStatesTheScanGatesInWholeSentences() throws {
    let results = [
      Self.result(message: "Package: openssl"), Self.result(message: "Package: libssl3"),
      Self.result("\"suppressions\": [{\"kind\": \"external\"}],", message: "Package: zlib"),
      "{\"ruleId\": \"K-9\", \"kind\": \"review\", \"message\": {\"text\": \"?\"}}",
    ]
    let root = try TempRoot([
      "reports/scan.sarif": Self.sarif(results),
      "reports/trivy.json": Self.allClasses,
      "reports/grype.json": Self.grype,
      "readiness.yaml": """
      version: 1
      program: checkout
      release: 2.4.0
      gates:
        - id: security.image-scan
          title: The image has no more than one medium finding
          owner: team-security
          severity: blocker
          category: security
          check:
            kind: vulnerabilities
            file: reports/scan.sarif
            max_counts: {medium: 1}
        - id: security.dependencies
          title: Nothing above medium in the dependencies
          owner: team-security
          severity: major
          category: security
          check:
            kind: vulnerabilities
            files: [reports/trivy.json, reports/grype.json]
            max_severity: medium
      """,
    ])
    let definitions = Definitions.load(paths: [root.url.path])
    #expect(!definitions.hasErrors, "\(definitions.diagnostics)")
    let report = Evaluation.run(definitions, root: nil, now: releaseDay)
    let text = TextRenderer.render(report, color: false, width: 0)  // one finding a line
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("      - ") }.map(String.init)
    let expected: [String] = [
      "      - reports/scan.sarif has 2 medium findings; max_counts allows 1; 1 suppressed in "
        + "the report and not counted",
      "      - reports/scan.sarif: IMG-1 (medium) at Dockerfile:1: Package: openssl",
      "      - reports/scan.sarif: IMG-1 (medium) at Dockerfile:1: Package: libssl3",
      "      - reports/scan.sarif has 1 undecided finding (SARIF kind open or review) that no "
        + "allow-list entry accepts; the analyser could not decide it, so a person must: fix "
        + "it, suppress it in the report, or accept it on the allow list",
      "      - reports/scan.sarif: K-9 is undecided (kind review)",
      "      - 2 scan reports have 1 secret and 1 misconfiguration above max_severity medium "
        + "(1 critical, 1 high); 1 ignored by Grype's ignore rules and not counted",
      "      - reports/trivy.json: secret github-pat (critical) at deploy/.env:4: GitHub "
        + "Personal Access Token",
      "      - reports/trivy.json: misconfiguration DS002 (high) at Dockerfile:9: Image user "
        + "should not be 'root'",
    ]
    #expect(lines == expected, "\(text)")
  }
}

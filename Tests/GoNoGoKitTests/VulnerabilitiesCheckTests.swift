import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// The text of a file under Fixtures/security.
func securityFixture(_ name: String) throws -> String {
  let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
  return try String(
    contentsOf: fixtures.appendingPathComponent("security/" + name), encoding: .utf8)
}

@Suite struct VulnerabilitiesCheckTests {
  /// The image's counts: 9 vulnerabilities, a critical secret and a high misconfiguration.
  static let severities: [String: JSONValue] = [
    "critical": 2, "high": 3, "medium": 4, "low": 1, "negligible": 0, "unknown": 1,
    "vulnerabilities": 9, "secrets": 1, "misconfigurations": 1, "suppressed": 0,
  ]

  func scan(_ fixture: String, _ parameters: String, as path: String = "reports/trivy.json")
    throws -> [Finding]
  {
    try evaluate(
      "kind: vulnerabilities\nfile: \(path)\n" + parameters,
      files: [path: try securityFixture(fixture)])
  }

  let trivy = EvidenceLocation(file: "reports/trivy.json")

  @Test func trivyImageAboveTheCeilingFailsListingEachOffender() throws {
    let findings = try scan("trivy-image.json", "max_severity: medium")
    #expect(
      findings == [
        Finding(
          .fail,
          "reports/trivy.json has 3 vulnerabilities, 1 secret and 1 misconfiguration above "
            + "max_severity medium (2 critical, 3 high)",
          evidence: trivy, measured: Self.severities, expected: ["max_severity": "medium"]),
        .fail(
          "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1, no fix available", evidence: trivy),
        .fail(
          "secret aws-access-key-id (critical) at /app/config/settings.py:12: AWS Access Key ID",
          evidence: trivy),
        .fail(
          "CVE-2024-6119 (high) in libssl3 3.0.11-1~deb12u2, fixed in 3.0.14-1~deb12u2",
          evidence: trivy),
        .fail(
          "CVE-2024-2961 (high) in libc6 2.36-9+deb12u4, fixed in 2.36-9+deb12u7", evidence: trivy),
        .fail(
          "misconfiguration DS002 (high) at Dockerfile: Image user should not be 'root'",
          evidence: trivy),
      ])
  }

  @Test func trivySecretsAndMisconfigurationsCountLikeVulnerabilities() throws {
    let findings = try scan("trivy-image.json", "max_severity: critical")
    #expect(
      findings == [
        Finding(
          .pass,
          "reports/trivy.json has 9 vulnerabilities, 1 secret and 1 misconfiguration (2 critical, "
            + "3 high, 4 medium, 1 low, 1 unknown), none above max_severity critical",
          evidence: trivy, measured: Self.severities, expected: ["max_severity": "critical"])
      ])
  }

  @Test func trivyReportWithoutResultsMeansNothingFound() throws {
    let findings = try scan("trivy-clean.json", "max_severity: none")
    #expect(findings.map(\.status) == [.pass])
    #expect(
      findings.first?.message
        == "reports/trivy.json has no vulnerabilities, secrets or misconfigurations")
    #expect(findings.first?.measured?["critical"] == 0)
  }

  @Test func unknownSeverityOnlyExceedsNone() throws {
    let findings = try scan("trivy-image.json", "max_severity: none\nclasses: vulnerabilities")
    #expect(
      findings.first?.message
        == "reports/trivy.json has 9 vulnerabilities above max_severity none (1 critical, "
        + "2 high, 4 medium, 1 low, 1 unknown); 1 secret and 1 misconfiguration not counted "
        + "(classes: vulnerabilities)"
    )
    #expect(
      findings.last?.message
        == "TEMP-0841856-B18BAF (unknown) in bash 5.2.15-2+b2, no fix available")
    #expect(findings.count == 10)
  }

  @Test func maxCountsJudgesEachSeverityOnItsOwn() throws {
    let findings = try scan("trivy-image.json", "max_counts: {critical: 0, high: 2, medium: 3}")
    let expected: [String: JSONValue] = [
      "max_counts": .object(["critical": 0, "high": 2, "medium": 3])
    ]
    #expect(
      Array(findings.prefix(3)) == [
        Finding(
          .fail,
          "reports/trivy.json has 2 critical findings (1 vulnerability, 1 secret); max_counts "
            + "allows 0", evidence: trivy, measured: Self.severities, expected: expected),
        Finding(
          .fail,
          "reports/trivy.json has 3 high findings (2 vulnerabilities, 1 misconfiguration); "
            + "max_counts allows 2", evidence: trivy, measured: Self.severities, expected: expected),
        Finding(
          .fail, "reports/trivy.json has 4 medium vulnerabilities; max_counts allows 3",
          evidence: trivy, measured: Self.severities, expected: expected),
      ])
    #expect(
      findings.dropFirst(3).map(\.message) == [
        "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1, no fix available",
        "secret aws-access-key-id (critical) at /app/config/settings.py:12: AWS Access Key ID",
        "CVE-2024-6119 (high) in libssl3 3.0.11-1~deb12u2, fixed in 3.0.14-1~deb12u2",
        "CVE-2024-2961 (high) in libc6 2.36-9+deb12u4, fixed in 2.36-9+deb12u7",
        "misconfiguration DS002 (high) at Dockerfile: Image user should not be 'root'",
        "CVE-2023-50495 (medium) in libncursesw6 6.4-4, no fix available",
        "CVE-2024-35195 (medium) in requests 2.31.0, fixed in 2.32.0",
        "CVE-2024-37891 (medium) in urllib3 2.0.7, fixed in 1.26.19, 2.2.2",
        "CVE-2024-3651 (medium) in idna 3.6, fixed in 3.7",
      ])
  }

  @Test func fixableOnlyIgnoresWhatCannotBeFixedYet() throws {
    let failing = try scan("trivy-image.json", "max_severity: medium\nfixable_only: true")
    #expect(
      failing.map(\.message) == [
        "reports/trivy.json has 2 fixable vulnerabilities, 1 secret and 1 misconfiguration "
          + "above max_severity medium (1 critical, 3 high)",
        "secret aws-access-key-id (critical) at /app/config/settings.py:12: AWS Access Key ID",
        "CVE-2024-6119 (high) in libssl3 3.0.11-1~deb12u2, fixed in 3.0.14-1~deb12u2",
        "CVE-2024-2961 (high) in libc6 2.36-9+deb12u4, fixed in 2.36-9+deb12u7",
        "misconfiguration DS002 (high) at Dockerfile: Image user should not be 'root'",
      ])
    #expect(failing.first?.measured?["without_fix"] == 4)
    let passing = try scan("trivy-image.json", "max_severity: critical\nfixable_only: true")
    #expect(
      passing.map(\.message) == [
        "reports/trivy.json has 5 fixable vulnerabilities, 1 secret and 1 misconfiguration "
          + "(1 critical, 3 high, 3 medium), none above max_severity critical; 4 without a fix "
          + "not counted"
      ])
    #expect(passing.map(\.status) == [.pass])
  }

  @Test func grypeSeveritiesAndFixStates() throws {
    let grype = EvidenceLocation(file: "reports/grype.json")
    let findings = try scan("grype.json", "max_severity: high", as: "reports/grype.json")
    #expect(
      findings == [
        Finding(
          .fail,
          "reports/grype.json has 1 vulnerability above max_severity high (1 critical); 1 ignored "
            + "by Grype's ignore rules and not counted",
          evidence: grype,
          measured: [
            "critical": 1, "high": 1, "medium": 2, "low": 1, "negligible": 1, "unknown": 1,
            "vulnerabilities": 7, "ignored": 1,
          ],
          expected: ["max_severity": "high"]),
        .fail(
          "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1, no fix available", evidence: grype),
      ])
    let fixable = try scan(
      "grype.json", "max_severity: medium\nfixable_only: true", as: "reports/grype.json")
    #expect(
      fixable.map(\.message) == [
        "reports/grype.json has 1 fixable vulnerability above max_severity medium (1 high); "
          + "1 ignored by Grype's ignore rules and not counted",
        "CVE-2024-6119 (high) in libssl3 3.0.11-1~deb12u2, fixed in 3.0.14-1~deb12u2",
      ])
  }

  @Test func allowListMatchesGrypeAliases() throws {
    let findings = try scan(
      "grype.json",
      """
      max_counts: {critical: 1, medium: 1}
      allow:
        - id: CVE-2024-35195
          reason: requests only talks to our own API over mTLS
          approved_by: Dana Lee
          expires: 2027-01-31
      """, as: "reports/grype.json")
    #expect(
      findings.map(\.message) == [
        "reports/grype.json has 6 vulnerabilities (1 critical, 1 high, 1 medium, 1 low, "
          + "1 negligible, 1 unknown), within max_counts; 1 allowed by the allow list; 1 ignored "
          + "by Grype's ignore rules and not counted"
      ])
    #expect(findings.first?.measured?["allowed"] == 1)
    #expect(findings.map(\.status) == [.pass])
  }

  static let allowList = """
    max_severity: medium
    classes: [vulnerabilities]
    allow:
      - id: CVE-2023-45853
        reason: minizip is not used; zlib itself is unaffected
        approved_by: Dana Lee
        expires: 2026-11-15
      - id: CVE-2024-6119
        reason: patched base image ships next sprint
        approved_by: Dana Lee
        expires: 2027-01-31
      - id: CVE-2024-2961
        reason: no iconv with ISO-2022-CN-EXT in the service
        approved_by: Priya Natarajan
        expires: 2026-12-01
    """

  @Test func expiredAllowListEntryStopsAllowingAndSaysSo() throws {
    let findings = try scan("trivy-image.json", Self.allowList)
    #expect(
      findings.map(\.message) == [
        "reports/trivy.json has 1 vulnerability above max_severity medium (1 critical); 1 secret "
          + "and 1 misconfiguration not counted (classes: vulnerabilities)",
        "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1, no fix available",
        "the allow-list entry for CVE-2023-45853 (check.yaml:6, approved by Dana Lee) expired on "
          + "2026-11-15 and no longer allows it",
      ])
    #expect(findings.map(\.status) == [.fail, .fail, .fail])
    // An entry expiring today still allows until the end of the day.
    #expect(findings.first?.measured?["allowed"] == 2)
  }

  @Test func allowListEntriesThatStillHoldLetTheGatePass() throws {
    let renewed = Self.allowList.replacingOccurrences(of: "2026-11-15", with: "2026-12-31")
    let findings = try scan("trivy-image.json", renewed)
    #expect(
      findings.map(\.message) == [
        "reports/trivy.json has 6 vulnerabilities (4 medium, 1 low, 1 unknown), none above "
          + "max_severity medium; 3 allowed by the allow list; 1 secret and 1 misconfiguration "
          + "not counted (classes: vulnerabilities)"
      ])
    let tomorrow = releaseDay.addingTimeInterval(86_400)
    let root = try TempRoot(["reports/trivy.json": try securityFixture("trivy-image.json")])
    let check = try decodeCheck("kind: vulnerabilities\nfile: reports/trivy.json\n" + renewed)
    let later = check.evaluate(EvaluationContext(cache: root.cache, now: tomorrow))
    #expect(
      later.first?.message
        == "reports/trivy.json has 1 vulnerability above max_severity medium (1 high); 1 secret "
        + "and 1 misconfiguration not counted (classes: vulnerabilities)")
  }

  @Test func expiredEntryThatNoLongerMattersIsReportedWithoutFailing() throws {
    let findings = try scan(
      "trivy-image.json",
      """
      max_severity: critical
      allow:
        - id: CVE-2024-3651
          reason: idna only parses our own hostnames
          approved_by: Dana Lee
          expires: 2026-10-01
        - id: CVE-2019-0001
          reason: old entry
          approved_by: Dana Lee
          expires: 2026-10-01
      """)
    #expect(findings.map(\.status) == [.pass, .pass, .pass])
    #expect(
      findings.dropFirst().map(\.message) == [
        "the allow-list entry for CVE-2024-3651 (check.yaml:5, approved by Dana Lee) expired on "
          + "2026-10-01; CVE-2024-3651 is within the limits without it",
        "the allow-list entry for CVE-2019-0001 (check.yaml:9, approved by Dana Lee) expired on "
          + "2026-10-01 and matches nothing in the report; remove it",
      ])
  }

  @Test func longListsStopAtTenAndCountTheRest() throws {
    let entries = (1...13).map {
      "{\"VulnerabilityID\": \"CVE-2026-\(1000 + $0)\", \"PkgName\": \"libfoo\", "
        + "\"InstalledVersion\": \"1.\($0)\", \"Severity\": \"HIGH\"}"
    }
    let report =
      "{\"SchemaVersion\": 2, \"Results\": [{\"Target\": \"app\", \"Vulnerabilities\": ["
      + entries.joined(separator: ",") + "]}]}"
    let findings = try evaluate(
      "kind: vulnerabilities\nfile: trivy.json\nmax_severity: medium", files: ["trivy.json": report]
    )
    #expect(findings.count == 12)
    #expect(findings[10].message == "CVE-2026-1010 (high) in libfoo 1.10, no fix available")
    #expect(findings.last == .fail("and 3 more offending vulnerabilities"))
  }

  /// Reports are added up: the same CVE found by Grype and by Trivy is listed by both.
  @Test func severalReportsAreAddedUp() throws {
    let findings = try evaluate(
      "kind: vulnerabilities\nfiles: [reports/*.json]\nmax_counts: {critical: 2}",
      files: [
        "reports/grype.json": try securityFixture("grype.json"),
        "reports/trivy.json": try securityFixture("trivy-image.json"),
        "reports/broken.json": try securityFixture("truncated.json"),
      ])
    #expect(
      findings.map(\.message) == [
        "reports/broken.json is not valid JSON: the file ends before the JSON value is complete; it may be cut off",
        "2 scan reports have 3 critical findings (2 vulnerabilities, 1 secret); max_counts allows "
          + "2; 1 ignored by Grype's ignore rules and not counted",
        "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1 (/var/lib/dpkg/status), no fix "
          + "available",
        "CVE-2023-45853 (critical) in zlib1g 1:1.2.13.dfsg-1 (registry.example.com/checkout-api:2.4.0 "
          + "(debian 12.5)), no fix available",
        "secret aws-access-key-id (critical) at /app/config/settings.py:12: AWS Access Key ID",
      ])
    #expect(findings.map(\.status) == [.error, .fail, .fail, .fail, .fail])
  }
}

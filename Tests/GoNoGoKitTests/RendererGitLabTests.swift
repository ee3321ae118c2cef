import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// The GitLab Code Quality report, checked against the fields GitLab documents as required for
/// an issue: `description` (string), `check_name` (string), `fingerprint` (string, unique in the
/// report), `severity` (one of info, minor, major, critical, blocker), `location.path` (relative to
/// the repository root) and `location.lines.begin` (a line number from 1).
@Suite struct RendererGitLabTests {
  static let severities: Set<String> = ["info", "minor", "major", "critical", "blocker"]

  func issues(_ report: Report) throws -> [[String: Any]] {
    let data = Data(GitLabRenderer.render(report).utf8)
    return try #require(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
  }

  /// The required fields of one issue, checked for type and range, as (check_name, severity,
  /// path, begin, description, fingerprint).
  func required(_ issue: [String: Any]) throws -> (String, String, String, Int, String, String) {
    let description = try #require(issue["description"] as? String)
    let checkName = try #require(issue["check_name"] as? String)
    let fingerprint = try #require(issue["fingerprint"] as? String)
    let severity = try #require(issue["severity"] as? String)
    let location = try #require(issue["location"] as? [String: Any])
    let path = try #require(location["path"] as? String)
    let lines = try #require(location["lines"] as? [String: Any])
    let begin = try #require(lines["begin"] as? Int)
    #expect(Self.severities.contains(severity))
    #expect(!path.isEmpty && !path.hasPrefix("/") && !path.hasPrefix("./"))
    #expect(begin >= 1)
    #expect(!description.isEmpty)
    #expect(fingerprint.count == 64 && fingerprint.allSatisfy(\.isHexDigit))
    #expect(issue["type"] as? String == "issue")
    #expect(issue["categories"] as? [String] == ["Bug Risk"])
    return (checkName, severity, path, begin, description, fingerprint)
  }

  @Test func aConditionalReportListsTheFailingGateAndTheWaivedOne() throws {
    let issues = try issues(RendererFixtures.conditional)
    #expect(issues.count == 2)
    let waived = try required(issues[0])
    #expect(waived.0 == "gonogo/quality.tests")
    #expect(waived.1 == "info")
    #expect(waived.2 == "launch/build/test-results/api.xml")
    #expect(waived.3 == 88)
    #expect(
      waived.4
        == "Gate quality.tests is waived: All tests pass. build/test-results/api.xml:88:7: "
        + "3 of 512 tests failed. Owner: team-api.")
    let failing = try required(issues[1])
    #expect(failing.0 == "gonogo/perf.load")
    #expect(failing.1 == "major")
    #expect(failing.2 == "launch/readiness.yaml")
    #expect(failing.3 == 24)
    #expect(
      failing.4
        == "Major gate perf.load failed: Load test meets the latency budget. "
        + "perf/k6-summary.json: p95 latency 412 ms is over the 300 ms budget. Owner: team-api. "
        + "Fix: Profile the basket endpoint and rerun the load test.")
  }

  @Test func anAdvisoryGateThatWouldFailIsAnInfoIssueAndOneThatWouldPassIsNone() throws {
    var report = RendererFixtures.conditional
    let index = try #require(report.gates.firstIndex { $0.id == "perf.load" })
    report.gates[index].status = .advisory
    report.gates[index].wouldBe = .fail
    report.gates[index].advisoryUntil = "2026-12-05"
    var issues = try issues(report)
    #expect(issues.count == 2)
    let advisory = try required(issues[1])
    #expect(advisory.0 == "gonogo/perf.load")
    #expect(advisory.1 == "info")
    #expect(
      advisory.4
        == "Advisory gate perf.load would fail once enforced on 2026-12-05: Load test meets the "
        + "latency budget. perf/k6-summary.json: p95 latency 412 ms is over the 300 ms budget. "
        + "Owner: team-api. Fix: Profile the basket endpoint and rerun the load test.")
    report.gates[index].wouldBe = .pass
    issues = try self.issues(report)
    #expect(issues.count == 1)
  }

  @Test func aNoGoReportMapsSeveritiesAndErrors() throws {
    let issues = try issues(RendererFixtures.noGo).map(required)
    let bySeverity = Dictionary(grouping: issues, by: \.1).mapValues { $0.map(\.0) }
    #expect(
      bySeverity["blocker"] == [
        "gonogo/data.rehearsal", "gonogo/sre.failover", "gonogo/sre.judged",
      ])
    #expect(bySeverity["major"] == ["gonogo/security.scan"])
    #expect(bySeverity["minor"] == ["gonogo/ops.handbook"])
    #expect(bySeverity["info"] == nil)
    let failover = try #require(issues.first { $0.0 == "gonogo/sre.failover" })
    #expect(
      failover.4
        == "Blocker gate sre.failover could not be evaluated: Failover tested. evidence file not "
        + "found: reports/failover.md. Owner: team-sre. Fix: Fail over in staging and commit the "
        + "report.")
    #expect(failover.2 == "launch/readiness.yaml" && failover.3 == 24)
    let rehearsal = try #require(issues.first { $0.0 == "gonogo/data.rehearsal" })
    #expect(rehearsal.2 == "launch/reports/rehearsal.md" && rehearsal.3 == 4)
    #expect(Set(issues.map(\.5)).count == issues.count, "fingerprints are unique")
  }

  @Test func aGoReportWithNothingOpenIsAnEmptyArray() {
    var report = RendererFixtures.go
    report.gates = report.gates.filter { !$0.isFailing && $0.status != .waived }
    #expect(GitLabRenderer.render(report) == "[]\n")
  }

  @Test func theFingerprintIsTheSHA256OfTheGatesIdentity() throws {
    let report = RendererFixtures.conditional
    let gate = try #require(report.gates.first { $0.id == "perf.load" })
    // The identity's parts, joined by NUL in Python (a NUL cannot travel in an argument).
    let parts = ["gonogo", "", "launch/readiness.yaml", "perf.load", "failing"]
    let python = try #require(
      runPython(
        "import hashlib, sys; "
          + "print(hashlib.sha256('\\0'.join(sys.argv[1:]).encode()).hexdigest())",
        parts))
    #expect(GitLabRenderer.fingerprint(gate, state: "failing") + "\n" == python.output)
  }

  @Test func theFingerprintIgnoresMessagesAndLinesButNotTheGate() throws {
    let before = try issues(RendererFixtures.conditional).map(required)
    var changed = RendererFixtures.conditional
    for index in changed.gates.indices {
      changed.gates[index].location.line += 7
      for finding in changed.gates[index].findings.indices {
        changed.gates[index].findings[finding].message += " (run 2)"
      }
    }
    let after = try issues(changed).map(required)
    #expect(after.map(\.5) == before.map(\.5))
    #expect(after.map(\.4) != before.map(\.4))

    var renamed = RendererFixtures.conditional
    let index = try #require(renamed.gates.firstIndex { $0.id == "perf.load" })
    renamed.gates[index].id = "perf.load-eu"
    let other = try issues(renamed).map(required)
    #expect(other[0].5 == before[0].5)
    #expect(other[1].5 != before[1].5)
  }

  @Test func hostileEvidenceStaysText() throws {
    let report = RendererFixtures.hostile
    let text = GitLabRenderer.render(report)
    #expect(!text.contains("\u{1b}"))
    let issues = try issues(report).map(required)
    #expect(!issues.isEmpty)
    let messages = report.gates.filter(\.isFailing).flatMap(\.problems).map(\.message)
    for message in messages {
      #expect(issues.contains { $0.4.contains(message) }, "\(message)")
    }
  }

  @Test func theFormatIsRegistered() {
    #expect(OutputFormat(rawValue: "gitlab") == .gitlab)
    let report = RendererFixtures.noGo
    #expect(OutputFormat.gitlab.render(report) == GitLabRenderer.render(report))
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

@Suite struct SignoffCheckTests {
  func check(_ fixture: String, _ parameters: String) throws -> [Finding] {
    try evaluate(
      "kind: signoff\nfile: signoffs.yaml\n" + parameters,
      files: ["signoffs.yaml": try securityFixture(fixture)])
  }

  func check(text: String, _ parameters: String) throws -> [Finding] {
    try evaluate(
      "kind: signoff\nfile: signoffs.yaml\n" + parameters, files: ["signoffs.yaml": text])
  }

  func at(_ line: Int, _ column: Int = 3) -> EvidenceLocation {
    EvidenceLocation(file: "signoffs.yaml", line: line, column: column)
  }

  /// What the roll call of the printout reads from a role's finding.
  func roll(_ role: String, _ state: String, by: String? = nil, on date: String? = nil)
    -> [String: JSONValue]
  {
    var values: [String: JSONValue] = ["role": .string(role), "signoff": .string(state)]
    if let by { values["by"] = .string(by) }
    if let date { values["date"] = .string(date) }
    return values
  }

  func approved(_ message: String, at location: EvidenceLocation, _ values: [String: JSONValue])
    -> Finding
  {
    Finding(.pass, message, evidence: location, measured: values)
  }

  @Test func everyRequiredRoleApprovedRecentlyPasses() throws {
    let findings = try check(
      "signoffs-go.yaml", "roles: [security, SRE, product]\nwithin: 14d\nnot_by: [Alex Kim]")
    #expect(
      findings == [
        approved(
          "security approved by Priya Natarajan on 2026-11-24", at: at(2),
          roll("security", "approved", by: "Priya Natarajan", on: "2026-11-24")),
        approved(
          "SRE approved by Dana Lee on 2026-11-30", at: at(11),
          roll("SRE", "approved", by: "Dana Lee", on: "2026-11-30")),
        approved(
          "product approved by Rosa Diaz on 2026-11-29", at: at(20),
          roll("product", "approved", by: "Rosa Diaz", on: "2026-11-29")),
      ])
  }

  @Test func aLaterRejectionWinsOverAnEarlierApproval() throws {
    let findings = try check("signoffs.yaml", "roles: [sre]")
    #expect(
      findings == [
        Finding(
          .fail,
          "sre was rejected by Sam Ortiz on 2026-11-28, after Sam Ortiz approved on 2026-11-20; "
            + "the later rejection stands (canary error-budget burn above 2x)",
          evidence: at(19, 5), measured: roll("sre", "rejected", by: "Sam Ortiz", on: "2026-11-28"))
      ])
  }

  @Test func aRejectionFailsTheGateEvenForARoleNotRequired() throws {
    let findings = try check("signoffs.yaml", "roles: [security]")
    #expect(findings.map(\.status) == [.pass, .fail])
    #expect(findings.last?.evidence == at(19, 5))
  }

  @Test func anExcludedApproverDoesNotCount() throws {
    let findings = try check("signoffs.yaml", "roles: [product]\nnot_by: [alex kim]")
    #expect(
      findings.first
        == Finding(
          .fail,
          "product is approved only by Alex Kim on 2026-11-26, who is excluded by not_by",
          evidence: at(15, 5),
          measured: roll("product", "excluded", by: "Alex Kim", on: "2026-11-26")))
  }

  @Test func aStaleApprovalFails() throws {
    let findings = try check("signoffs.yaml", "roles: [qa, support]\nwithin: 14d")
    #expect(
      Array(findings.prefix(2)) == [
        Finding(
          .fail,
          "qa was last approved by Jordan Lee on 2026-10-30, 32 days ago, older than within 14d",
          evidence: at(24, 5),
          measured: roll("qa", "stale", by: "Jordan Lee", on: "2026-10-30").merging(
            ["age_days": .double(32.4)]) { _, new in new }, expected: ["within": "14d"]),
        approved(
          "support approved by Mei Chen on 2026-11-27T16:30:00Z", at: at(28, 5),
          roll("support", "approved", by: "Mei Chen", on: "2026-11-27T16:30:00Z")),
      ])
  }

  @Test func aMissingRoleFails() throws {
    let findings = try check("signoffs-go.yaml", "roles: [finance]")
    #expect(
      findings == [
        Finding(
          .fail, "no finance sign-off in signoffs.yaml",
          evidence: EvidenceLocation(file: "signoffs.yaml"), measured: roll("finance", "missing"))
      ])
  }

  @Test func minApprovalsCountsDistinctPeopleWhoseApprovalStands() throws {
    let enough = try check("signoffs-go.yaml", "min_approvals: 4\nwithin: 14d")
    #expect(
      enough == [
        Finding(
          .pass,
          "signoffs.yaml has approvals from 4 people (Alex Kim, Dana Lee, Priya Natarajan, "
            + "Rosa Diaz), at least min_approvals 4",
          evidence: EvidenceLocation(file: "signoffs.yaml"), measured: ["approvers": 4],
          expected: ["min_approvals": 4])
      ])
    let tooFew = try check("signoffs-go.yaml", "min_approvals: 4\nnot_by: [Alex Kim]")
    #expect(
      tooFew.map(\.message) == [
        "signoffs.yaml has approvals that count from only 3 people (Dana Lee, Priya Natarajan, "
          + "Rosa Diaz), fewer than min_approvals 4"
      ])
  }

  @Test func noSignoffsAtAllNeverPass() throws {
    let findings = try check(text: "signoffs: []\n", "within: 14d")
    #expect(findings.map(\.message) == ["signoffs.yaml has no approval that counts"])
    #expect(findings.map(\.status) == [.fail])
  }

  @Test func onTheSameDayTheLaterRecordWins() throws {
    let rejectLast = """
      - {role: sre, by: Sam Ortiz, date: 2026-11-30, decision: approve}
      - {role: sre, by: Dana Lee, date: 2026-11-30, decision: reject}
      """
    #expect(
      try check(text: rejectLast, "roles: [sre]").map(\.message) == [
        "sre was rejected by Dana Lee on 2026-11-30, after Sam Ortiz approved on 2026-11-30; the "
          + "later rejection stands"
      ])
    let approveLast = """
      - {role: sre, by: Dana Lee, date: 2026-11-30, decision: reject}
      - {role: sre, by: Sam Ortiz, date: 2026-11-30T15:00:00Z, decision: approve}
      """
    #expect(
      try check(text: approveLast, "roles: [sre]") == [
        approved(
          "sre approved by Sam Ortiz on 2026-11-30T15:00:00Z", at: at(2),
          roll("sre", "approved", by: "Sam Ortiz", on: "2026-11-30T15:00:00Z"))
      ])
  }

  @Test func aSignoffDatedInTheFutureIsAnError() throws {
    let findings = try check(
      text: "- {role: sre, by: Sam Ortiz, date: 2026-12-05, decision: approve}\n", "roles: [sre]")
    #expect(
      findings == [
        .error(
          "the sre sign-off by Sam Ortiz is dated 2026-12-05, in the future; it cannot be judged",
          evidence: at(1)),
        Finding(
          .fail, "no sre sign-off in signoffs.yaml",
          evidence: EvidenceLocation(file: "signoffs.yaml"), measured: roll("sre", "missing")),
      ])
  }

  @Test func malformedSignoffFilesAreErrorsAtTheirLine() throws {
    #expect(
      try check("signoffs-invalid.yaml", "roles: [security]") == [
        .error(
          "signoffs.yaml:5 has unknown key 'decison' in a sign-off; did you mean 'decision'?",
          evidence: at(5, 5))
      ])
    let broken = try check("signoffs-broken.yaml", "roles: [security]")
    #expect(broken.map(\.status) == [.error])
    #expect(broken.first?.message.hasPrefix("signoffs.yaml is not valid YAML: ") == true)
    #expect(broken.first?.evidence?.line == 4)
    let onlyComments = try check(text: "# nothing signed yet\n", "roles: [security]")
    #expect(
      onlyComments.map(\.message) == ["signoffs.yaml is empty; expected a list of sign-off records"]
    )
    #expect(
      try check(text: "", "roles: [security]") == [
        .error(
          "signoffs.yaml is empty; expected a list of sign-off records",
          evidence: EvidenceLocation(file: "signoffs.yaml"))
      ])
  }

  @Test func recordsMustSayWhoWhenAndWhat() throws {
    let cases: [(String, String)] = [
      (
        "- {role: sre, by: Sam Ortiz, date: 2026-11-30, decision: approved}\n",
        "signoffs.yaml:1 has a sign-off whose decision is 'approved', not approve or reject; "
          + "did you mean 'approve'?"
      ),
      (
        "- {role: sre, by: Sam Ortiz, decision: approve}\n",
        "signoffs.yaml:1 has a sign-off without 'date'"
      ),
      (
        "- {role: sre, by: Sam Ortiz, date: next week, decision: approve}\n",
        "signoffs.yaml:1 has a sign-off dated 'next week', which is not YYYY-MM-DD or an ISO 8601 "
          + "date-time"
      ),
      (
        "- {role: sre, by: , date: 2026-11-30, decision: approve}\n",
        "signoffs.yaml:1 has a sign-off whose 'by' is not a value"
      ),
      (
        "approvals: []\n",
        "signoffs.yaml:1 has unknown key 'approvals'; sign-offs go under 'signoffs:'"
      ),
      ("sre: approved\n", "signoffs.yaml:1 has unknown key 'sre'; sign-offs go under 'signoffs:'"),
      ("just text\n", "signoffs.yaml:1 holds a string, not a list of sign-off records"),
    ]
    for (text, message) in cases {
      let findings = try check(text: text, "roles: [sre]")
      #expect(findings.map(\.message) == [message], "\(text)")
      #expect(findings.map(\.status) == [.error])
    }
  }
}

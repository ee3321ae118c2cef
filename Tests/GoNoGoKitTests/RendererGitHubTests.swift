import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct RendererGitHubTests {
  func lines(_ report: Report) -> [String] {
    GitHubRenderer.render(report).split(separator: "\n").map(String.init)
  }

  @Test func blockersComeFirstAsErrorsAtTheEvidenceLine() {
    let lines = lines(RendererFixtures.noGo)
    let findings = stride(from: 4, through: 48, by: 4).map {
      "- reports/rehearsal.md:\($0):9: placeholder 'TBD' left in the document"
    }
    let message: String =
      "Cutover rehearsed within the freeze window (blocker, owner team-dba)%0A"
      + findings.joined(separator: "%0A")
      + "%0A→ Finish the rehearsal write-up and replace every TBD."
    let title = "Blocker gate data.rehearsal failed"
    #expect(
      lines.first
        == "::error file=launch/reports/rehearsal.md,line=4,col=9,title=\(title)::\(message)")
    #expect(
      lines.map { $0.prefix(while: { $0 != " " }) } == [
        "::error", "::error", "::error", "::warning", "::warning", "::warning", "::warning",
        "::notice", "::notice",
      ])
  }

  @Test func aGateWithoutAnEvidenceLineIsAnnotatedAtItsDefinition() {
    let lines = lines(RendererFixtures.noGo)
    #expect(
      lines[1]
        == "::error file=launch/readiness.yaml,line=24,col=5,title=Blocker gate sre.failover "
        + "could not be evaluated::Failover tested (blocker, owner team-sre)%0A- evidence file "
        + "not found: reports/failover.md%0A→ Fail over in staging and commit the report.")
  }

  @Test func waiversThatDoNotWaiveAreWarningsAtTheWaiver() {
    let lines = lines(RendererFixtures.noGo)
    #expect(
      lines[4]
        == "::warning file=launch/readiness.yaml,line=100,col=5,title=Waiver for data.rehearsal "
        + "has expired::Second rehearsal slipped to 26 November (approved by Priya Raman, expires "
        + "2026-11-27); it does not waive the gate")
    let conditional = self.lines(RendererFixtures.conditional)
    #expect(
      conditional.contains(
        "::notice file=launch/readiness.yaml,line=80,col=5,title=Gate quality.tests is waived::"
          + "Flaky payment-provider sandbox; fix tracked in PAY-123 (approved by VP Engineering, "
          + "expires 2026-12-15)"))
  }

  @Test func atMostTenAnnotationsPerLevelAndTheRestAreNamedInTheVerdictNotice() {
    let lines = lines(RendererFixtures.crowded)
    #expect(lines.filter { $0.hasPrefix("::error ") }.count == 10)
    #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 10)
    #expect(lines.filter { $0.hasPrefix("::notice ") }.count == 10)
    #expect(
      lines.last
        == "::notice title=gonogo%3A NO-GO::monolith 9.0.0 is NO-GO: 12 blockers failing, 11 "
        + "major gates failing, 0 waivers in use. Not annotated here: blocker.b11, blocker.b12, "
        + "major.m11, minor.n10, minor.n11. The job summary has the full report.")
  }

  @Test func aGoReportEndsWithItsVerdictNotice() {
    #expect(
      lines(RendererFixtures.go).last
        == "::notice title=gonogo%3A GO::storefront 5.1.0 is GO: 0 blockers failing, 0 major "
        + "gates failing, 0 waivers in use. The job summary has the full report.")
  }
}

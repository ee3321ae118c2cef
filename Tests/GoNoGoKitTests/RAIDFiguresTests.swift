import Foundation
import Testing

@testable import GoNoGoKit

/// The figures a `raid` gate reports for trends: `open_items` and `stalest_age_days` (with
/// `undated_open_items`), on the log's summary finding.
@Suite struct RAIDFiguresTests {
  @Test func theStalestOpenItemIsCountedInWholeDaysAtNow() throws {
    let text = """
      - {id: R-1, type: risk, title: Vault latency, status: open, impact: low, updated: 2026-11-12}
      - {id: A-1, type: assumption, title: Traffic doubles, status: open,
         updated: "2026-11-28T18:00:00Z"}
      - {id: A-2, type: assumption, title: No new markets, status: open}
      - {id: I-1, type: issue, title: Old outage, status: closed, updated: 2026-01-01}
      """
    let findings = try evaluate("kind: raid\nfile: raid.yaml", files: ["raid.yaml": text])
    #expect(findings.map(\.status) == [.pass])
    // 2026-11-12T00:00Z to 2026-12-01T09:00Z is 19 days and 9 hours; the closed item is older
    // but does not count, nor does the open item without a date.
    #expect(
      findings.first?.measured
        == ["items": 4, "open_items": 3, "stalest_age_days": 19, "undated_open_items": 1])
    let dayBefore = try evaluate(
      "kind: raid\nfile: raid.yaml", files: ["raid.yaml": text],
      now: try #require(DateValue(parsing: "2026-12-01T00:00:00Z")).start.addingTimeInterval(-1))
    #expect(dayBefore.first?.measured?["stalest_age_days"] == 18)
  }

  @Test func aFailingLogCarriesTheFiguresOnItsFreshnessSummary() throws {
    let text = """
      id,type,title,status,updated
      A-1,assumption,Traffic doubles,open,2026-10-01
      A-2,assumption,No new markets,open,2026-11-30
      """
    let findings = try evaluate(
      "kind: raid\nfile: raid.csv\nupdated_within: 14d", files: ["raid.csv": text])
    #expect(findings.map(\.status) == [.fail, .fail])
    #expect(
      findings[0].measured
        == [
          "fresh_share": 0.5, "fresh_items": 1, "open_items": 2, "stalest_age_days": 61,
          "undated_open_items": 0,
        ])
    #expect(findings[1].measured == nil)
  }

  @Test func aLogWithoutOpenItemsHasNoStalestAge() throws {
    let text = "id,type,status,updated\nR-1,risk,closed,2026-10-01\n"
    let findings = try evaluate("kind: raid\nfile: raid.csv", files: ["raid.csv": text])
    #expect(
      findings.first?.measured == ["items": 1, "open_items": 0, "undated_open_items": 0])
  }

  @Test func anItemUpdatedAfterNowIsNotOlderThanToday() throws {
    let text = "id,type,status,updated\nA-1,assumption,open,2026-12-03\n"
    let findings = try evaluate("kind: raid\nfile: raid.csv", files: ["raid.csv": text])
    #expect(findings.first?.measured?["stalest_age_days"] == 0)
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct RAIDCheckTests {
  func at(_ file: String, _ line: Int? = nil, _ column: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: file, line: line, column: column)
  }

  @Test func yamlLogFailsOnTheUnmitigatedRiskTheLateDependencyAndTheOverdueIssue() throws {
    let file = "raid/raid.yaml"
    let findings = try evaluateOps("kind: raid\nfile: \(file)\nupdated_within: 14d")
    #expect(
      findings == [
        .fail(
          "open risk R-2 (Card vault latency under load) has critical impact but no mitigation",
          evidence: at(file, 11)),
        Finding(
          .fail, "5 of 6 open items in raid/raid.yaml were updated within 14d (83.33%)",
          evidence: at(file),
          measured: [
            "fresh_share": 0.8333, "fresh_items": 5, "open_items": 6, "stalest_age_days": 19,
            "undated_open_items": 0,
          ],
          expected: ["updated_within": "14d"]),
        .fail(
          "open risk R-2 (Card vault latency under load) was last updated 2026-11-12, 19 days ago",
          evidence: at(file, 11)),
        .fail(
          "open dependency D-1 (Card vault API v3 in production) was needed by 2026-11-25, 6 "
            + "days ago",
          evidence: at(file, 45)),
        .fail(
          "open issue I-1 (Refund webhook retries duplicate emails) was due 2026-11-27, 4 days ago",
          evidence: at(file, 31)),
      ])
  }

  @Test func csvLogGivesTheSameJudgementsAtItsRecordLines() throws {
    let file = "raid/raid.csv"
    let findings = try evaluateOps(
      "kind: raid\nfile: \(file)\nupdated_within: 14d\nmin_fresh_share: 80%")
    #expect(
      findings == [
        .fail(
          "open risk R-2 (Card vault latency under load) has critical impact but no mitigation",
          evidence: at(file, 3)),
        Finding(
          .pass,
          "5 of 6 open items in raid/raid.csv were updated within 14d (83.33%), at least "
            + "min_fresh_share 80%",
          evidence: at(file),
          measured: [
            "fresh_share": 0.8333, "fresh_items": 5, "open_items": 6, "stalest_age_days": 19,
            "undated_open_items": 0,
          ],
          expected: ["updated_within": "14d", "min_fresh_share": 0.8]),
        .fail(
          "open dependency D-1 (Card vault API v3 in production) was needed by 2026-11-25, 6 "
            + "days ago",
          evidence: at(file, 7)),
        .fail(
          "open issue I-1 (Refund webhook retries duplicate emails) was due 2026-11-27, 4 days ago",
          evidence: at(file, 5)),
      ])
  }

  @Test func csvFieldsWithQuotesCommasAndLineBreaksReachTheItems() throws {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let cache = EvidenceCache(root: EvidenceRoot(fixtures.appendingPathComponent("ops")))
    let log = try cache.document(RAIDReader.self, for: try cache.file("raid/raid.csv").get()).get()
    #expect(log.items.map(\.id) == ["R-1", "R-2", "A-1", "I-1", "D-1", "D-2", "D-3"])
    #expect(log.items.map(\.line) == [2, 3, 4, 5, 7, 8, 9])
    #expect(log.items[0].title == "Payment provider rate limits, during peak")
    #expect(log.items[0].mitigation == "Pre-agreed burst quota; \"queue\" payments when throttled")
    #expect(log.items[3].title == "Refund webhook retries\r\nduplicate emails")
    #expect(log.items[5].isOpen == false)
  }

  @Test func aWellKeptLogPasses() throws {
    let text = """
      - {id: R-1, type: risk, title: Vault latency, status: open, impact: high, owner: dana,
         mitigation: Cache tokens, updated: 2026-11-30}
      - {id: R-2, type: risk, title: Copy late, status: open, impact: low, updated: 2026-11-28}
      - {id: D-1, type: dependency, title: CDN config, status: open, need_by: 2026-12-01,
         updated: 2026-11-29}
      - {id: I-1, type: issue, title: Flaky sandbox, status: closed, due: 2026-11-01}
      """
    let findings = try evaluate(
      "kind: raid\nfile: raid.yaml\nupdated_within: 7d", files: ["raid.yaml": text])
    #expect(
      findings == [
        Finding(
          .pass,
          "raid.yaml has 4 items (3 open); every open high risk has an owner and a mitigation; "
            + "no open dependency is past its need-by date; no open issue is past due",
          evidence: at("raid.yaml"),
          measured: [
            "items": 4, "open_items": 3, "stalest_age_days": 3, "undated_open_items": 0,
          ]),
        Finding(
          .pass, "3 of 3 open items in raid.yaml were updated within 7d (100%)",
          evidence: at("raid.yaml"),
          measured: ["fresh_share": 1.0, "fresh_items": 3, "open_items": 3],
          expected: ["updated_within": "7d"]),
      ])
  }

  @Test func risksWithoutAnImpactCountAsHighAndDependenciesNeedANeedByDate() throws {
    let text = """
      id,type,title,status,owner
      R-9,risk,Unrated risk,open,
      D-9,dependency,Undated dependency,blocked,infra
      """
    let findings = try evaluate("kind: raid\nfile: raid.csv", files: ["raid.csv": text])
    #expect(
      findings == [
        Finding(
          .fail,
          "open risk R-9 (Unrated risk) has no impact rating but no owner and no mitigation",
          evidence: at("raid.csv", 2), measured: ["open_items": 2, "undated_open_items": 2]),
        .fail(
          "open dependency D-9 (Undated dependency) has no need_by date",
          evidence: at("raid.csv", 3)),
      ])
    let relaxed = try evaluate(
      "kind: raid\nfile: raid.csv\nhigh_risks_owned: false\ndependencies_on_time: "
        + "false\nissues_on_time: false",
      files: ["raid.csv": text])
    #expect(relaxed.map(\.message) == ["raid.csv has 2 items (2 open)"])
  }

  @Test func staleItemsBelowTheMinimumShareAreListed() throws {
    var text = "id,type,status,updated\n"
    for index in 1...12 { text += "A-\(index),assumption,open,2026-10-01\n" }
    text += "A-13,assumption,open,\n"
    let findings = try evaluate(
      "kind: raid\nfile: raid.csv\nupdated_within: 14d\nmin_fresh_share: 50%",
      files: ["raid.csv": text])
    #expect(findings.count == 12)
    #expect(
      findings[0].message
        == "0 of 13 open items in raid.csv were updated within 14d (0%), below min_fresh_share 50%")
    #expect(findings[0].measured?["fresh_share"] == 0.0)
    #expect(
      findings[1]
        == .fail(
          "open assumption A-1 was last updated 2026-10-01, 61 days ago",
          evidence: at("raid.csv", 2)))
    #expect(findings[11] == .fail("and 3 more like it in raid.csv", evidence: at("raid.csv")))
  }

  @Test func spreadsheetExportsWithAByteOrderMarkAreRead() throws {
    let text =
      "\u{FEFF}ID,Type,Title,Status,Impact,Owner,Mitigation\r\n"
      + "R-1,Risk,Vault latency,Open,High,dana,Cache tokens\r\n"
    let findings = try evaluate("kind: raid\nfile: raid.csv", files: ["raid.csv": text])
    #expect(findings.map(\.status) == [.pass])
    #expect(findings.first?.measured == ["items": 1, "open_items": 1, "undated_open_items": 1])
  }

  @Test func anEmptyLogFails() throws {
    let findings = try evaluate(
      "kind: raid\nfile: raid.yaml", files: ["raid.yaml": "risks: []\nissues:\n"])
    #expect(findings == [.fail("raid.yaml holds no RAID items", evidence: at("raid.yaml"))])
  }

  @Test func malformedLogsAreErrorsNamingTheItemAndLine() throws {
    let cases: [(String, String, String, EvidenceLocation)] = [
      (
        "raid.csv", "id,type,status\nR-1,risk,wip\n",
        "risk R-1 in raid.csv has status 'wip', which is neither open (open, in progress, "
          + "blocked, …) nor closed (closed, mitigated, resolved, …)", at("raid.csv", 2)
      ),
      (
        "raid.csv", "id,type,status\nR-1,risk,open\nR-1,issue,open\n",
        "item id R-1 appears twice in raid.csv (lines 2 and 3)", at("raid.csv", 3)
      ),
      (
        "raid.yaml", "- id: D-1\n  type: dependency\n  status: open\n  need_by: 25/11/2026\n",
        "dependency D-1 in raid.yaml has need_by '25/11/2026', which is not a date (YYYY-MM-DD)",
        at("raid.yaml", 4, 12)
      ),
      (
        "raid.yaml", "- id: X-1\n  status: open\n",
        "item X-1 in raid.yaml has no type (risk, assumption, issue or dependency)",
        at("raid.yaml", 1)
      ),
      (
        "raid.yaml", "- type: risk\n  status: open\n",
        "the RAID item on line 1 of raid.yaml has no id", at("raid.yaml", 1)
      ),
      (
        "raid.yaml", "risks:\n  - {id: I-1, type: issue, status: open}\n",
        "item I-1 in raid.yaml is listed under risks but has type 'issue'", at("raid.yaml", 2, 21)
      ),
      (
        "raid.yaml", "program: checkout\n",
        "raid.yaml is not a RAID log: expected a list of items, an 'items' list, or 'risks', "
          + "'assumptions', 'issues' and 'dependencies' lists", at("raid.yaml", 1)
      ),
      (
        "raid.csv", "id,type,status\nR-1,risk,open,extra\n",
        "raid.csv is not valid CSV: the record on line 2 has 4 fields, but the header has 3",
        at("raid.csv", 2, 1)
      ),
      (
        "raid.csv", "ID,id,type\n", "raid.csv has the column 'id' twice in its header",
        at("raid.csv", 1)
      ),
      (
        "raid.yaml", "- {id: R-1, type: risk, status: open, owner: [a, b]}\n",
        "'owner' of the RAID item on line 1 of raid.yaml must be text, not a sequence",
        at("raid.yaml", 1, 46)
      ),
    ]
    for (file, text, message, location) in cases {
      let findings = try evaluate("kind: raid\nfile: \(file)", files: [file: text])
      #expect(findings == [.error(message, evidence: location)], "\(text)")
    }
    let unterminated = try evaluateOps("kind: raid\nfile: raid/unterminated.csv")
    #expect(
      unterminated == [
        .error(
          "raid/unterminated.csv is not valid CSV: the quoted field that starts on line 3 is "
            + "never closed",
          evidence: at("raid/unterminated.csv", 3, 10))
      ])
  }

  @Test func minFreshShareNeedsUpdatedWithin() throws {
    let messages = try diagnosticsOfOpsCheck("kind: raid\nfile: raid.csv\nmin_fresh_share: 80%")
    #expect(messages == ["'min_fresh_share' applies to 'updated_within', which is not set"])
  }
}

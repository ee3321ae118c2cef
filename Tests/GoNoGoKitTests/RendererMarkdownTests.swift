import CMarkGFM
import Foundation
import Testing

@testable import GoNoGoKit

/// Renders Markdown to HTML with cmark-gfm, tables and raw HTML kept.
///
/// This is what GitHub's renderer sees before sanitising a comment. Parsing goes through the
/// reader's lock.
func gfmHTML(_ markdown: String) -> String {
  guard let root = MarkdownCMark.parse(Array(markdown.utf8), from: 0) else { return "" }
  defer { cmark_node_free(root) }
  guard let html = cmark_render_html(root, CMARK_OPT_UNSAFE, nil) else { return "" }
  defer { free(html) }
  return String(cString: html)
}

/// How often `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
  text.components(separatedBy: needle).count - 1
}

@Suite struct RendererMarkdownTests {
  @Test func aNoGoReportHasTheVerdictHeadlineAndASectionPerConcern() {
    let markdown = MarkdownRenderer.render(RendererFixtures.noGo)
    let headings = MarkdownReader.parse(markdown).headings.map { "\($0.level) \($0.text)" }
    #expect(
      headings == [
        "2 🔴 NO-GO · payments-ledger 3.0.0", "3 Blockers — 3 failing", "3 Major — 1 failing",
        "3 Minor (advisory) — 1 failing", "3 Waivers", "3 Areas", "4 🟠 Security", "4 🔴 SRE",
        "4 🟢 Support", "4 🔴 Data", "4 ⚪ Comms", "4 🟢 Other", "3 Definition warnings",
      ])
  }

  @Test func everyTableRowHasAsManyCellsAsItsHeader() {
    for name in RendererFixtures.names {
      let html = gfmHTML(MarkdownRenderer.render(RendererFixtures.report(name)))
      for table in html.components(separatedBy: "<table>").dropFirst() {
        let body = table.components(separatedBy: "</table>")[0]
        let rows = body.components(separatedBy: "<tr>").dropFirst()
        let header = occurrences(of: "<th", in: rows.first ?? "")
        #expect(header >= 4, "\(name)")
        for row in rows.dropFirst() {
          #expect(occurrences(of: "<td", in: row) == header, "\(name): \(row)")
        }
      }
    }
  }

  @Test func passingGatesAreCollapsedInDetails() {
    let markdown = MarkdownRenderer.render(RendererFixtures.go)
    let html = gfmHTML(markdown)
    #expect(occurrences(of: "<details><summary>✅ 2 passing gates</summary>", in: markdown) == 1)
    #expect(occurrences(of: "<details>", in: html) == 2)
    #expect(occurrences(of: "</details>", in: html) == 2)
    // The passing gates' table is Markdown inside the HTML block, so it renders as a table.
    #expect(html.contains("<td><strong>sre.alerts</strong> Alert rules are in the repository</td>"))
  }

  @Test func blockersListOwnersFindingsAndTheAsk() {
    let markdown = MarkdownRenderer.render(RendererFixtures.noGo)
    #expect(
      markdown.contains(
        "| **sre.failover** Failover tested | team-sre | ❗ error | evidence file not found: "
          + "reports/failover.md | Fail over in staging and commit the report. |"))
    // Twelve findings: ten shown, the rest counted.
    #expect(markdown.contains("reports/rehearsal.md:40:9: placeholder 'TBD' left in the document"))
    #expect(!markdown.contains("reports/rehearsal.md:44:9"))
    #expect(markdown.contains("<br>… and 2 more |"))
  }

  @Test func waiversShowStateApproverAndExpiry() {
    let markdown = MarkdownRenderer.render(RendererFixtures.noGo)
    #expect(
      markdown.contains(
        "| **data.rehearsal** | ❌ **expired**: does not waive | Second rehearsal slipped to 26 "
          + "November | Priya Raman | 2026-11-27 |"))
    #expect(markdown.contains("| **sre.failover** | ❌ **no approver**: does not waive |"))
    #expect(markdown.contains("| **security.scan** | ❌ **no expiry**: does not waive |"))
    let conditional = MarkdownRenderer.render(RendererFixtures.conditional)
    #expect(conditional.contains("| **quality.tests** | ⚠️ in use |"))
    #expect(conditional.contains("Waived (fail):<br>build/test-results/api.xml:88:7: 3 of 512"))
  }

  @Test func aStepSummaryStaysWithinItsLimit() {
    let report = RendererFixtures.noGo
    let full = MarkdownRenderer.render(report)
    #expect(MarkdownRenderer.render(report, byteLimit: full.utf8.count) == full)

    let compact = MarkdownRenderer.render(report, layout: .compact)
    #expect(compact.utf8.count < full.utf8.count)
    #expect(!compact.contains("<details>"))
    #expect(compact.contains("<br>… and 9 more |"))
    #expect(MarkdownRenderer.render(report, byteLimit: compact.utf8.count) == compact)

    let cut = MarkdownRenderer.render(report, byteLimit: 1500)
    #expect(cut.utf8.count <= 1500)
    #expect(cut.hasPrefix("## 🔴 NO-GO · payments-ledger 3.0.0\n"))
    #expect(cut.hasSuffix("exceeds the summary's size limit. The JSON report has every gate._\n"))
  }
}

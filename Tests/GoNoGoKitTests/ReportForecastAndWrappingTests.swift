import Foundation
import Testing

@testable import GoNoGoKit

/// The rollout forecast in the Markdown report, and text reports wrapped at the terminal width.
@Suite struct ReportForecastAndWrappingTests {
  @Test(.enabled(if: Samples.present, "the samples are not in this checkout"))
  func theMarkdownReportShowsTheForecastAsATable() {
    let markdown = Golden.render(Samples.report("payments-migration"), .markdown)
    #expect(
      markdown.contains(
        """

        ### Rollout forecast · payments-ledger · phased · times in UTC

        | Phase | Traffic | Starts | Bake | Promoted | Moved by |
        | --- | --- | --- | --- | --- | --- |
        | reads-5pct | 5% | Tue 2026-12-01 23:00 | 24h | Mon 2026-12-07 22:00 | – |
        | reads-half | 50% | Mon 2026-12-07 22:00 | 48h | Wed 2026-12-09 22:00 | freeze \
        'november-close', deploy hours |
        | reads-all | 100% | Wed 2026-12-09 22:00 | – | – | – |

        Earliest 100%: Wed 2026-12-09 22:00 (2026-12-09T22:00:00Z) · Meets complete\\_by \
        2026-12-11 (end of Fri 2026-12-11)

        """))
    let program = Golden.render(Samples.report("checkout-launch"), .markdown)
    #expect(
      program.contains(
        "### Rollout forecast · checkout-v2 · canary · times in America/New\\_York (UTC−05:00)"))
  }

  @Test func aPhasePastCompleteByIsMarkedInTheMarkdownForecast() throws {
    var report = RendererFixtures.go
    report.rollout = [
      Schedule.forecast(
        try plan(basePlan.with("complete_by: 2026-12-04", "complete_by: 2026-12-01")))
    ]
    let markdown = MarkdownRenderer.render(report)
    #expect(
      markdown.contains(
        "| ❌ half | 50% | Tue 2026-12-01 15:00 | 24h | Wed 2026-12-02 15:00 | – |\n"
          + "| ❌ full | 100% | Wed 2026-12-02 15:00 | – | – | – |\n"))
    #expect(
      markdown.contains(
        "❌ **MISSES complete\\_by 2026-12-01 (end of Tue 2026-12-01) by 15h**"))
  }

  @Test func footerLinesEndTheMarkdownReport() {
    let markdown = MarkdownRenderer.render(
      RendererFixtures.go, footer: ["Decision record sha256:ab12 · key k1"])
    #expect(markdown.hasSuffix("</sub>\n\n<sub>Decision record sha256:ab12 · key k1</sub>\n"))
    #expect(
      MarkdownRenderer.render(RendererFixtures.go, footer: [])
        == MarkdownRenderer.render(RendererFixtures.go))
  }

  @Test func longLinesBreakAtSpacesWithContinuationsIndented() {
    #expect(
      TextWrapping.wrap(
        "      - docs/runbook.md has no 'Rollback' section and no 'Escalation' section either",
        width: 40) == [
          "      - docs/runbook.md has no",
          "        'Rollback' section and no",
          "        'Escalation' section either",
        ])
    #expect(TextWrapping.wrap("short line", width: 40) == ["short line"])
    #expect(TextWrapping.wrap(String(repeating: "a ", count: 30), width: 0).count == 1)
  }

  @Test func aWordLongerThanTheLineIsSplitNotCut() {
    let word = String(repeating: "x", count: 60)
    #expect(
      TextWrapping.wrap("  " + word, width: 30) == [
        "  " + String(repeating: "x", count: 28),
        "    " + String(repeating: "x", count: 26),
        "    " + String(repeating: "x", count: 6),
      ])
  }

  @Test func colourSequencesTakeNoWidth() {
    let bold = "\u{1B}[1;31m✗ gate.id\u{1B}[0m"
    let line = "    " + bold + "  A title that runs past the edge"
    // Visible: "    ✗ gate.id  A title that runs past the edge" is 46 columns.
    #expect(TextWrapping.visibleWidth(line) == 46)
    #expect(
      TextWrapping.wrap(line, width: 37) == [
        "    " + bold + "  A title that runs past",
        "      the edge",
      ])
  }

  @Test func deepIndentsStillLeaveRoomForText() {
    let line = String(repeating: " ", count: 30) + "one two three four five six"
    // At width 40 a continuation indent of 32 would leave 8 columns: it is held at 20.
    #expect(
      TextWrapping.wrap(line, width: 40) == [
        String(repeating: " ", count: 30) + "one two",
        String(repeating: " ", count: 20) + "three four five six",
      ])
  }

  @Test(arguments: RendererFixtures.names)
  func theTextReportWrapsAtTheWidthAndCutsNothing(_ name: String) {
    let report = RendererFixtures.report(name)
    let unwrapped = TextRenderer.render(report, color: false, width: 0)
    for width in [40, 80] {
      let wrapped = TextRenderer.render(report, color: false, width: width)
      for line in wrapped.split(separator: "\n") {
        #expect(line.count <= width, "\(name) at \(width): \(line)")
      }
      #expect(
        wrapped.filter { !$0.isWhitespace } == unwrapped.filter { !$0.isWhitespace },
        "\(name) at \(width)")
    }
    #expect(
      TextRenderer.render(report, color: false)
        == TextRenderer.render(report, color: false, width: 80))
  }

  @Test func theConditionalReportAtSixtyColumns() {
    let text = TextRenderer.render(RendererFixtures.conditional, color: false, width: 60)
    #expect(
      text.contains(
        """
        Major — 1 failing
          team-api:
            ✗ perf.load  Load test meets the latency budget  [fail]
              defined at launch/readiness.yaml:24:5 · evidence
                perf/k6-summary.json
              - perf/k6-summary.json: p95 latency 412 ms is over the
                300 ms budget
              → Profile the basket endpoint and rerun the load test.

        """))
  }
}

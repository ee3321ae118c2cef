import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct RendererHTMLTests {
  @Test func thePrintoutIsSelfContained() {
    // The hostile fixture holds such text on purpose; RendererEscapingTests checks its tags.
    for name in RendererFixtures.names where name != "hostile" {
      let html = HTMLRenderer.render(
        RendererFixtures.report(name), rollout: RendererFixtures.rollout)
      for external in ["<script", "<link", "<img", "src=", "href=", "url(", "@import", "http:"] {
        #expect(!html.contains(external), "\(name): \(external)")
      }
      #expect(
        html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"))
      #expect(html.contains("@page { margin: 8mm 9mm 8mm; }"))
      #expect(html.contains("@media print {"))
    }
  }

  @Test func theVerdictProgramReleaseAndDateHeadThePage() {
    let html = HTMLRenderer.render(RendererFixtures.noGo)
    #expect(html.contains("<title>Go/no-go: payments-ledger 3.0.0 — NO-GO</title>"))
    #expect(html.contains("<p class=\"eyebrow\">Go/no-go readiness review</p>"))
    #expect(html.contains("<h1>payments-ledger <span class=\"release\">3.0.0</span></h1>"))
    #expect(
      html.contains("<p class=\"when\">Evaluated 2026-12-01 09:00 UTC · launch/readiness.yaml</p>"))
    #expect(
      html.contains(
        "<div class=\"verdict rag-red\">\n<span class=\"label\">Verdict</span>\n"
          + "<strong>NO-GO</strong>"))
  }

  @Test func ragIsShownPerAreaAndPerOwner() {
    let html = HTMLRenderer.render(RendererFixtures.noGo)
    #expect(
      html.contains(
        "<tr><td>Security</td><td><span class=\"chip rag-amber\">amber</span></td><td class=\"n\">"
          + "0/1</td><td class=\"ids\">security.scan</td></tr>"))
    #expect(
      html.contains(
        "<tr><td>Comms</td><td><span class=\"chip rag-grey\">grey</span></td><td class=\"n\">0/0"))
    #expect(html.contains("<h2>By owner</h2>"))
    #expect(
      html.contains(
        "<tr><td>team-dba</td><td><span class=\"chip rag-red\">red</span></td><td class=\"n\">0/1"))
  }

  @Test func agendaItemsShowOwnersFindingsAndRemediationWithLongListsCut() {
    let html = HTMLRenderer.render(RendererFixtures.noGo)
    #expect(html.contains("<h2>Agenda · decisions to take</h2>"))
    let row: String = [
      "<tr><td class=\"n\">1</td><td class=\"gate\"><b>data.rehearsal</b><br>Cutover rehearsed ",
      "within the freeze window<br><span class=\"tag sev-blocker\">blocker · failed</span>",
      "</td><td>team-dba</td><td><ul class=\"findings\"><li>reports/rehearsal.md:4:9: ",
      "placeholder &#39;TBD&#39; left in the document</li><li>reports/rehearsal.md:8:9: ",
      "placeholder &#39;TBD&#39; left in the document</li><li class=\"more\">and 10 more",
      "</li></ul></td><td>Finish the rehearsal write-up and replace every TBD.</td></tr>",
    ].joined()
    #expect(html.contains(row))
  }

  @Test func aGoSheetSaysThereIsNothingToDecide() {
    let html = HTMLRenderer.render(RendererFixtures.go)
    #expect(
      html.contains(
        "<h2>Agenda · decisions to take</h2>\n"
          + "<p class=\"clear\">Nothing to decide: no blocker or major gate is open.</p>"))
    // The failing minor gate is listed as advisory, not put on the agenda.
    #expect(
      html.contains(
        "<dt>Minor, open (advisory) (1)</dt><dd><b>support.faq</b> Support FAQ follow-ups "
          + "closed (team-support)</dd>"))
  }

  @Test func waiversShowTheirApprovers() {
    let html = HTMLRenderer.render(RendererFixtures.conditional)
    #expect(
      html.contains(
        "<tr><td class=\"gate\"><b>quality.tests</b></td><td>Flaky "
          + "payment-provider sandbox; fix tracked in PAY-123</td><td>VP Engineering</td><td "
          + "class=\"nowrap\">2026-12-15</td><td><span class=\"tag rag-amber\">in use</span>"
          + "</td></tr>"
      ))
  }

  @Test func theTimelineAppearsOnlyWithARollout() {
    let without = HTMLRenderer.render(RendererFixtures.conditional)
    #expect(!without.contains("Rollout timeline"))
    #expect(
      !HTMLRenderer.render(
        RendererFixtures.conditional, rollout: HTMLRenderer.Rollout(strategy: nil, phases: [])
      ).contains("Rollout timeline"))
    let with = HTMLRenderer.render(RendererFixtures.conditional, rollout: RendererFixtures.rollout)
    #expect(with.contains("<h2>Rollout timeline · canary · times in UTC</h2>"))
    #expect(
      with.contains(
        "<tr><td>Early &lt;adopters&gt;</td><td>10%</td><td class=\"nowrap\">"
          + "Tue 2026-12-01 13:00</td><td class=\"nowrap\">—</td><td class=\"nowrap\">"
          + "Wed 2026-12-02 13:00</td><td>—</td></tr>"))
    // The chart runs from midnight of the first day to midnight after the last promotion:
    // 2026-12-01 00:00 to 2026-12-03 00:00, 598 units wide from x = 118: 13:00 on day one is
    // at 118 + 13/48 × 598 = 280.0, now (09:00) at 230.1, midnight of day two at 417.
    #expect(with.contains("<svg class=\"chart\" viewBox=\"0 0 720.0 83.0\""))
    #expect(
      with.contains("<rect class=\"bake\" x=\"280.0\" y=\"43.5\" width=\"1.0\" height=\"8\"/>"))
    #expect(
      with.contains("<rect class=\"wait\" x=\"280.0\" y=\"43.5\" width=\"299.0\" height=\"8\"/>"))
    #expect(with.contains("<text class=\"day\" x=\"119.5\" y=\"14.0\">Tue 1 Dec</text>"))
    #expect(with.contains("<text class=\"day\" x=\"418.5\" y=\"14.0\">Wed 2</text>"))
    #expect(
      with.contains(
        "<line class=\"now\" x1=\"230.1\" y1=\"16.0\" x2=\"230.1\" y2=\"71.0\"/>"))
  }

  @Test func footerLinesEndTheSheetEscaped() {
    let html = HTMLRenderer.render(
      RendererFixtures.go, footer: ["Decision record sha256:ab12 · key <k1>"])
    #expect(
      html.contains(
        "<footer>gonogo · 2026-12-01T09:00:00Z · exit code 0<br>Decision record sha256:ab12 · "
          + "key &lt;k1&gt;</footer>"))
    let options = OutputFormat.Options(footer: ["record a1"])
    #expect(
      OutputFormat.html.render(RendererFixtures.go, options: options).contains(
        "<br>record a1</footer>"))
  }
}

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
      #expect(html.contains("@page { margin: 9mm 10mm 10mm; }"))
      #expect(html.contains("@media print {"))
    }
  }

  @Test func theVerdictProgramReleaseAndDateHeadThePage() {
    let html = HTMLRenderer.render(RendererFixtures.noGo)
    #expect(html.contains("<title>Go/no-go: payments-ledger 3.0.0 — NO-GO</title>"))
    #expect(html.contains("<h1>payments-ledger <span class=\"release\">3.0.0</span></h1>"))
    #expect(
      html.contains("<p class=\"when\">Evaluated 2026-12-01 09:00 UTC · launch/readiness.yaml</p>"))
    #expect(
      html.contains(
        "<div class=\"verdict rag-red\">\n<span class=\"label\">Verdict</span>\n"
          + "<strong>NO-GO</strong>"))
  }

  @Test func ragIsShownPerAreaAndPerWorkstream() {
    let html = HTMLRenderer.render(RendererFixtures.noGo)
    #expect(
      html.contains(
        "<tr><td>Security</td><td><span class=\"chip rag-amber\">amber</span></td><td class=\"n\">"
          + "0/1</td><td class=\"ids\">security.scan</td></tr>"))
    #expect(
      html.contains(
        "<tr><td>Comms</td><td><span class=\"chip rag-grey\">grey</span></td><td class=\"n\">0/0"))
    #expect(
      html.contains(
        "<tr><td>team-dba</td><td><span class=\"chip rag-red\">red</span></td><td class=\"n\">0/1"))
  }

  @Test func blockersShowOwnersFindingsAndAsksWithLongListsCut() {
    let html = HTMLRenderer.render(RendererFixtures.noGo)
    #expect(html.contains("<h2>Blockers and asks</h2>"))
    #expect(
      html.contains(
        "<li>reports/rehearsal.md:12:9: placeholder &#39;TBD&#39; left in the "
          + "document</li><li class=\"more\">and 9 more</li></ul></td><td>Finish the rehearsal "
          + "write-up and replace every TBD.</td></tr>"))
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
    #expect(with.contains("<h2>Rollout timeline · canary</h2>"))
    #expect(
      with.contains(
        "<tr><td>Early &lt;adopters&gt;</td><td>10%</td><td class=\"nowrap\">"
          + "2026-12-01 13:00 UTC</td><td class=\"nowrap\">2026-12-02 13:00 UTC</td>"))
    #expect(with.contains("style=\"margin-left:12.4%;width:74.5%\""))
    #expect(with.contains("<span class=\"bar open\" style=\"margin-left:87.0%;width:13.0%\">"))
  }

  @Test func theSignOffBlockHasARowPerRole() {
    let html = HTMLRenderer.render(RendererFixtures.go)
    for role in ["Release manager", "Engineering lead", "SRE", "Product", "Support"] {
      #expect(
        html.contains(
          "<tr><td>\(role)</td><td class=\"line\"></td><td class=\"decision\">"
            + "<span class=\"box\"></span> GO <span class=\"box\"></span> NO-GO</td>"))
    }
  }
}

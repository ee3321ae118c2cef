import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Every output format shows advisory gates.
///
/// One would fail (a blocker, enforced from 2026-12-05) and one would pass (a major gate,
/// enforced from 2026-12-20), beside an ordinary passing gate. The verdict is GO; with
/// `enforceAdvisory` it is NO-GO.
@Suite struct AdvisoryRenderingTests {
  static let file = "launch/readiness.yaml"

  static func report(enforce: Bool = false) throws -> Report {
    func gate(
      _ id: String, _ title: String, owner: String, _ severity: Severity, _ category: Category,
      line: Int, until: String?, remediation: String? = nil
    ) throws -> Gate {
      var gate = Gate(
        id: id, title: title, owner: owner, severity: severity, category: category, checks: [],
        remediation: remediation, docs: nil,
        location: SourceLocation(file: file, line: line, column: 5))
      if let until {
        gate.advisoryUntil = Located(
          try #require(DateValue(parsing: until)),
          at: SourceLocation(file: file, line: line + 4, column: 21))
      }
      return gate
    }
    var failed = Finding(
      .fail, "3 of 40 contract tests failed: <Refund|Void>",
      evidence: EvidenceLocation(file: "api/contract-results.xml", line: 7))
    failed.kind = "junit"
    var runbook = Finding(.pass, "sre/runbook.md has every required section")
    runbook.kind = "markdown"
    var slo = Finding(.pass, "sre/slo.yaml sets a 99.9% objective for checkout")
    slo.kind = "slo"
    let evaluated = [
      VerdictRules.Evaluated(
        gate: try gate(
          "sre.runbook", "Runbook covers rollback", owner: "team-sre", .blocker, .sre, line: 12,
          until: nil),
        findings: [runbook], evidence: ["sre/runbook.md"]),
      VerdictRules.Evaluated(
        gate: try gate(
          "quality.contract-tests", "Contract tests pass", owner: "team-api", .blocker, .quality,
          line: 20, until: "2026-12-05", remediation: "Fix the provider stubs"),
        findings: [failed], evidence: ["api/contract-results.xml"]),
      VerdictRules.Evaluated(
        gate: try gate(
          "sre.slo", "SLO is defined", owner: "team-sre", .major, .sre, line: 30,
          until: "2026-12-20"),
        findings: [slo], evidence: ["sre/slo.yaml"]),
    ]
    return VerdictRules.report(
      program: "storefront", release: "5.1.0", sources: [file], evaluated: evaluated,
      disabled: [], waivers: [], diagnostics: [], now: releaseDay, enforceAdvisory: enforce)
  }

  static let headline =
    "1 of 2 advisory gates would fail; 1 becomes enforced in 4 days (2026-12-05)"

  func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test func theVerdictIgnoresAdvisoryGatesAndTheSummaryCountsThem() throws {
    let report = try Self.report()
    #expect(report.verdict == .go)
    #expect(report.gates.map(\.status) == [.pass, .advisory, .advisory])
    #expect(report.gates.map(\.wouldBe) == [nil, .fail, .pass])
    #expect(
      report.summary == [.pass: 1, .fail: 0, .error: 0, .advisory: 2, .waived: 0, .disabled: 0])
    let summary = AdvisorySummary(report)
    #expect(summary.advisory == 2)
    #expect(summary.wouldFail == 1)
    #expect(summary.next == .init(day: "2026-12-05", gates: 1, days: 4))
    #expect(summary.headline == Self.headline)
    let enforced = try Self.report(enforce: true)
    #expect(enforced.verdict == .noGo)
    #expect(enforced.gates.map(\.status) == [.pass, .fail, .pass])
  }

  @Test func textShowsTheAdvisoryHeadlineAndSection() throws {
    let text = TextRenderer.render(try Self.report(), color: false)
    #expect(
      Array(lines(text).prefix(4)) == [
        "GO  storefront 5.1.0 · 2026-12-01T09:00:00Z",
        "3 gates: 1 pass, 0 fail, 0 error, 2 advisory, 0 waived, 0 disabled",
        "0 blockers failing · 0 major gates failing · 0 waivers in use",
        Self.headline,
      ])
    #expect(
      text.contains(
        """

        Advisory — 2 gates, not counted in the verdict
          ○ quality.contract-tests  Contract tests pass  [advisory: would fail]
              enforced from 2026-12-05 (in 4 days) · blocker · team-api · defined at \
        launch/readiness.yaml:20:5 · evidence api/contract-results.xml
              - api/contract-results.xml:7: 3 of 40 contract tests failed: <Refund|Void>
              → Fix the provider stubs
          ○ sre.slo  SLO is defined  [advisory: would pass]
              enforced from 2026-12-20 (in 19 days) · major · team-sre · defined at \
        launch/readiness.yaml:30:5

        Passed (1)
          ✓ sre.runbook  Runbook covers rollback

        """))
    let enforced = TextRenderer.render(try Self.report(enforce: true), color: false)
    #expect(
      Array(lines(enforced).prefix(4)) == [
        "NO-GO  storefront 5.1.0 · 2026-12-01T09:00:00Z",
        "3 gates: 2 pass, 1 fail, 0 error, 0 waived, 0 disabled",
        "1 blocker failing · 0 major gates failing · 0 waivers in use",
        "2 advisory gates enforced early by --enforce-advisory",
      ])
    #expect(!enforced.contains("Advisory —"))
  }

  @Test func markdownShowsTheHeadlineTheSectionAndAnAdvisoryColumn() throws {
    let report = try Self.report()
    let markdown = MarkdownRenderer.render(report)
    #expect(
      Array(lines(markdown).prefix(8)) == [
        "## 🟢 GO · storefront 5.1.0",
        "",
        "**RAG: green** · 3 gates: 1 pass, 0 fail, 0 error, 2 advisory, 0 waived, 0 disabled · "
          + "as of 2026-12-01T09:00:00Z",
        "",
        "0 blockers failing · 0 major gates failing · 0 waivers in use",
        "",
        "🔵 " + Self.headline,
        "",
      ])
    #expect(
      markdown.contains(
        """
        ### Advisory — 2 gates, not counted in the verdict

        | Gate | Owner | Would be | Enforced from | What it found |
        | --- | --- | --- | --- | --- |
        | **quality.contract-tests** Contract tests pass | team-api | ❌ fail | 2026-12-05 (in 4 \
        days) | api/contract-results.xml:7: 3 of 40 contract tests failed: \\<Refund\\|Void\\> |
        | **sre.slo** SLO is defined | team-sre | ✅ pass | 2026-12-20 (in 19 days) | — |

        """))
    #expect(
      markdown.contains(
        """
        | Area | RAG | Pass | Fail | Error | Advisory | Waived | Disabled |
        | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
        | SRE | 🟢 green | 1 | 0 | 0 | 1 | 0 | 0 |
        | Quality | 🟢 green | 0 | 0 | 0 | 1 | 0 | 0 |

        """))
    #expect(
      markdown.contains(
        "| **quality.contract-tests** Contract tests pass | blocker | 🔵 advisory | team-api | "
          + "Advisory until 2026-12-05, would fail:<br>api/contract-results.xml:7: 3 of 40 "
          + "contract tests failed: \\<Refund\\|Void\\> |\n"))
    #expect(
      markdown.contains(
        "| **sre.slo** SLO is defined | major | 🔵 advisory | team-sre | "
          + "Advisory until 2026-12-20, would pass |\n"))
    // The step summary is the same Markdown.
    #expect(
      MarkdownRenderer.render(report, byteLimit: MarkdownRenderer.stepSummaryLimit) == markdown)
  }

  @Test func htmlListsAdvisoryGatesApart() throws {
    let html = HTMLRenderer.render(try Self.report())
    #expect(
      html.contains(
        "<li class=\"s-advisory\"><b>2</b> advisory</li><li class=\"s-waived\"><b>0</b> waived</li>"
      ))
    #expect(
      html.contains(
        "<li class=\"why\">0 blockers failing · 0 major gates failing · 0 waivers in use · "
          + Self.headline + "</li>"))
    #expect(
      html.contains(
        """
        <section class="advisory">
        <h2>Advisory gates · not counted in the verdict</h2>
        <table class="issues">
        <thead><tr><th class="gate">Gate</th><th>Owner</th><th>Would be</th><th>What it found</th>\
        <th>Enforced from</th></tr></thead>
        <tbody>
        <tr><td class="gate"><b>quality.contract-tests</b><br>Contract tests pass<br><span \
        class="tag rag-grey">blocker · advisory</span></td><td>team-api</td><td \
        class="nowrap">would fail</td><td><ul class="findings"><li>api/contract-results.xml:7: 3 \
        of 40 contract tests failed: &lt;Refund|Void&gt;</li></ul></td><td class="nowrap">\
        2026-12-05 (in 4 days)</td></tr>
        <tr><td class="gate"><b>sre.slo</b><br>SLO is defined<br><span class="tag rag-grey">\
        major · advisory</span></td><td>team-sre</td><td class="nowrap">would pass</td><td>—</td>\
        <td class="nowrap">2026-12-20 (in 19 days)</td></tr>
        </tbody>
        </table>
        </section>
        """))
    #expect(!html.contains("Blockers and asks"))
  }

  @Test func jsonCarriesStatusWouldBeAdvisoryUntilAndTheCount() throws {
    guard case .object(let json) = try renderedJSON(try Self.report()),
      case .array(let gates)? = json["gates"]
    else {
      Issue.record("no gates in the JSON report")
      return
    }
    #expect(json["schema"] == "gonogo.report/v1")
    #expect(json["schema_version"] == "1.1")
    #expect(json["verdict"] == "go")
    #expect(
      json["summary"]
        == [
          "total": 3, "pass": 1, "fail": 0, "error": 0, "advisory": 2, "waived": 0,
          "disabled": 0,
        ])
    #expect(gates.count == 3)
    #expect(
      gates[1]
        == [
          "advisory_until": "2026-12-05", "category": "quality", "evaluated": "fail",
          "evidence": ["api/contract-results.xml"],
          "findings": [
            [
              "evidence_location": ["file": "api/contract-results.xml", "line": 7],
              "kind": "junit", "message": "3 of 40 contract tests failed: <Refund|Void>",
              "status": "fail",
            ]
          ],
          "id": "quality.contract-tests",
          "location": ["file": "launch/readiness.yaml", "line": 20, "column": 5],
          "owner": "team-api", "remediation": "Fix the provider stubs", "severity": "blocker",
          "status": "advisory", "title": "Contract tests pass", "would_be": "fail",
        ])
    guard case .object(let slo) = gates[2], case .object(let runbook) = gates[0] else {
      Issue.record("gates are not objects")
      return
    }
    #expect(slo["status"] == "advisory")
    #expect(slo["would_be"] == "pass")
    #expect(slo["advisory_until"] == "2026-12-20")
    #expect(runbook["status"] == "pass")
    #expect(runbook["would_be"] == nil)
    #expect(runbook["advisory_until"] == nil)
    // The keys of a gate come out in sorted order, as every object in the report.
    let text = JSONRenderer.render(try Self.report())
    #expect(text.contains("\"schema\": \"gonogo.report/v1\",\n  \"schema_version\": \"1.1\",\n"))
  }

  @Test func sarifReportsTheGateThatWouldFailAsANote() throws {
    let sarif = SARIFRenderer.render(try Self.report(), toolVersion: "1.0.0")
    let log = try StructuredDataReader.parseJSON(sarif, file: "gonogo.sarif").get().json
    guard case .object(let root) = log, case .array(let runs)? = root["runs"],
      case .object(let run)? = runs.first, case .array(let results)? = run["results"]
    else {
      Issue.record("no SARIF run")
      return
    }
    #expect(results.count == 1)
    guard case .object(let result)? = results.first else { return }
    #expect(result["level"] == "note")
    #expect(result["ruleId"] == "quality.contract-tests")
    #expect(
      result["message"]
        == [
          "text": .string(
            "Contract tests pass (quality.contract-tests, blocker, owner team-api): Advisory until "
              + "2026-12-05 (in 4 days): would fail; not counted in the verdict. 3 of 40 contract "
              + "tests failed: <Refund|Void> Remediation: Fix the provider stubs")
        ])
    guard case .object(let properties)? = result["properties"] else { return }
    #expect(properties["status"] == "advisory")
    #expect(properties["would_be"] == "fail")
    #expect(properties["advisory_until"] == "2026-12-05")
    // Enforced, the same gate is an error-level result like any failing blocker.
    let enforced = SARIFRenderer.render(try Self.report(enforce: true), toolVersion: "1.0.0")
    #expect(enforced.contains("\"level\": \"error\""))
    #expect(!enforced.contains("\"level\": \"note\""))
  }

  @Test func junitPassesAdvisoryGatesWithANote() throws {
    let junit = JUnitRenderer.render(try Self.report())
    #expect(
      lines(junit)[1]
        == "<testsuites name=\"gonogo: storefront 5.1.0: GO\" tests=\"3\" failures=\"0\" "
        + "errors=\"0\" skipped=\"0\" time=\"0\">")
    #expect(
      junit.contains(
        """
            <testcase classname="quality" name="quality.contract-tests: Contract tests pass" \
        time="0">
              <system-out>Advisory until 2026-12-05 (in 4 days): would fail; not counted in the \
        verdict.
        - api/contract-results.xml:7: 3 of 40 contract tests failed: &lt;Refund|Void&gt;
        Owner: team-api · severity: blocker · defined at launch/readiness.yaml:20:5
        Remediation: Fix the provider stubs</system-out>
            </testcase>

        """))
    #expect(
      junit.contains(
        """
            <testcase classname="sre" name="sre.slo: SLO is defined" time="0">
              <system-out>Advisory until 2026-12-20 (in 19 days): would pass; not counted in the \
        verdict.
        Owner: team-sre · severity: major · defined at launch/readiness.yaml:30:5</system-out>
            </testcase>

        """))
    #expect(!junit.contains("<failure"))
  }

  @Test func explainSaysTheGateIsAdvisoryAndUntilWhen() throws {
    let report = try Self.report()
    let text = GateExplanation.render(report.gates[1], gate: nil, report: report)
    #expect(
      Array(lines(text).prefix(4)) == [
        "quality.contract-tests — Contract tests pass",
        "  status:      advisory (evaluated fail)",
        "  advisory:    Advisory until 2026-12-05 (in 4 days): would fail; not counted in the "
          + "verdict.",
        "  severity:    blocker — a failure makes the release NO-GO",
      ])
  }

  @Test func githubAnnotatesTheGateThatWouldFailAsANotice() throws {
    let github = GitHubRenderer.render(try Self.report())
    #expect(
      lines(github) == [
        "::notice file=launch/api/contract-results.xml,line=7,title=Advisory gate "
          + "quality.contract-tests would fail::Contract tests pass (blocker, owner team-api)%0A- "
          + "api/contract-results.xml:7: 3 of 40 contract tests failed: <Refund|Void>%0A→ Fix the "
          + "provider stubs%0AAdvisory until 2026-12-05 (in 4 days): would fail; not counted in "
          + "the verdict.",
        "::notice title=gonogo%3A GO::storefront 5.1.0 is GO: 0 blockers failing, 0 major gates "
          + "failing, 0 waivers in use. Advisory: " + Self.headline
          + ". The job summary has the full report.",
        "",
      ])
    let enforced = GitHubRenderer.render(try Self.report(enforce: true))
    #expect(
      lines(enforced).first?.hasPrefix(
        "::error file=launch/api/contract-results.xml,line=7,title=Blocker gate "
          + "quality.contract-tests failed::") == true)
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct MarkdownCheckTests {
  static let runbook = """
    ---
    owner: team-sre
    last_reviewed: 2026-10-01
    ---
    # Checkout runbook

    ## Rollback

    Run `deploy rollback checkout` and watch the error-rate panel until it settles.

    ## Escalation

    Page the payments on-call, then the incident commander. TODO: add vendor contact.

    ```sh
    # TODO inside code is fine
    ```

    - [x] Dashboards linked
    - [ ] Pager rotation confirmed

    See [rollback](#rollback), [escalation](#escalaton) and [the plan](plan.md#cutover).
    """

  func check(_ parameters: String, files: [String: String] = [:]) throws -> [Finding] {
    var all = files
    all["docs/runbook.md"] = Self.runbook
    return try evaluate("kind: markdown\nfile: docs/runbook.md\n" + parameters, files: all)
  }

  @Test func asciiSlugsAndTheScalarRulesAgree() {
    // Headings that are plain ASCII take a byte-by-byte path; it must give the same anchors.
    let alphabet = Array(" \t-_.,:;!?'\"()[]{}<>/\\|@#$%^&*+=~`09AZaz5gG")
    var generator = SystemRandomNumberGenerator()
    var samples = ["Rollback", "On-call & Escalation", "Step 2: Roll_back (v1.2)", "", " ", "--"]
    for _ in 0..<2_000 {
      let length = Int.random(in: 0...24, using: &generator)
      samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
    }
    for text in samples {
      #expect(MarkdownScan.slug(text) == MarkdownScan.slugOfScalars(text), "\(text)")
    }
    #expect(MarkdownScan.slug("Déploiement Étape 1") == "déploiement-étape-1")
  }

  @Test func missingSectionFailsNamingTheSection() throws {
    let findings = try check("sections: [rollback, On-call]")
    #expect(
      findings == [
        .fail(
          "docs/runbook.md has no 'On-call' section",
          evidence: EvidenceLocation(file: "docs/runbook.md"))
      ])
  }

  @Test func sectionsNeedEnoughWords() throws {
    let findings = try check("sections: [Rollback]\nmin_words: 20")
    #expect(findings.count == 1)
    #expect(findings.first?.status == .fail)
    #expect(findings.first?.message == "section 'Rollback' has 12 words, fewer than min_words 20")
    #expect(
      findings.first?.evidence == EvidenceLocation(file: "docs/runbook.md", line: 7, column: 1))
    #expect(findings.first?.measured == ["words": 12])
  }

  @Test func placeholdersOutsideCodeFailAtTheirLine() throws {
    let findings = try check("no_placeholders: true")
    #expect(findings.map(\.message) == ["placeholder 'TODO' left in the document"])
    #expect(findings.first?.evidence?.line == 13)
  }

  @Test func uncheckedTasksFail() throws {
    let findings = try check("tasks_complete: true")
    #expect(findings.map(\.message) == ["unticked task: Pager rotation confirmed"])
    #expect(findings.first?.evidence?.line == 20)
  }

  @Test func brokenAnchorsAndFilesFail() throws {
    let findings = try check(
      "links_resolve: true", files: ["docs/plan.md": "# Plan\n\n## Cutover\n\nSteps.\n"])
    #expect(findings.map(\.message) == ["link to '#escalaton' matches no heading"])
    let missing = try check("links_resolve: true")
    #expect(
      missing.map(\.message) == [
        "link to '#escalaton' matches no heading",
        "link 'plan.md#cutover' points at a missing file",
      ])
  }

  @Test func ageComesFromFrontMatter() throws {
    let fresh = try check("max_age: 90d")
    #expect(fresh.map(\.status) == [.pass, .pass])
    let stale = try check("max_age: 30d")
    #expect(stale.map(\.status) == [.fail])
    #expect(
      stale.first?.message
        == "docs/runbook.md is 61 days old (front-matter last_reviewed 2026-10-01), older than max_age 30d"
    )
    #expect(stale.first?.evidence == EvidenceLocation(file: "docs/runbook.md", line: 3, column: 16))
  }

  @Test func requiredFrontMatterFields() throws {
    let findings = try check("front_matter: [owner, approver]")
    #expect(findings.map(\.message) == ["front matter has no 'approver'"])
  }

  @Test func blankDocumentFails() throws {
    let findings = try evaluate(
      "kind: markdown\nfile: a.md\nsections: [A]", files: ["a.md": " \n\n"])
    #expect(findings == [.fail("a.md is empty", evidence: EvidenceLocation(file: "a.md"))])
  }

  @Test func invalidUTF8IsAnError() throws {
    let root = try TempRoot()
    try Data([0x23, 0x20, 0xFF, 0x0A]).write(to: root.url.appendingPathComponent("a.md"))
    let check = try decodeCheck("kind: markdown\nfile: a.md\nsections: [A]")
    let findings = check.evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(
      findings == [
        .error(
          "a.md is not valid UTF-8 text: the byte at line 1, column 3 does not start or "
            + "continue a UTF-8 character; save the file as UTF-8",
          evidence: EvidenceLocation(file: "a.md", line: 1, column: 3))
      ]
    )
  }

  @Test func badFrontMatterIsAnErrorAtItsLine() throws {
    let findings = try evaluate(
      "kind: markdown\nfile: a.md\nmax_age: 30d",
      files: ["a.md": "---\nowner: a\nowner: b\n---\n# A\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.evidence == EvidenceLocation(file: "a.md", line: 3, column: 1))
  }
}

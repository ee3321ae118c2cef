import Foundation
import Testing

/// The commands a new user reaches for: init, explain, packs, kinds, schema.
@Suite struct AdoptionTests {
  func emptyDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-init-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func initWritesAValidStarterWhoseCheckSaysWhichFilesToAdd() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let initRun = try GoNoGoRun(
      ["init", "--packs", "security,support", "--program", "billing"], in: directory)
    #expect(initRun.status == 0, "\(initRun.stderr)")
    #expect(
      initRun.stdout.hasPrefix(
        "wrote ./readiness.yaml and its editor schema ./.gonogo/checklist.schema.json\n"))
    #expect(
      initRun.stdout.contains(
        "  security.vulnerabilities [blocker]: vulnerabilities on reports/vulnerabilities.json\n"))
    let validate = try GoNoGoRun(["validate"], in: directory)
    #expect(validate.status == 0)
    #expect(validate.stdout == "readiness.yaml: valid (6 gates)\n")
    let check = try GoNoGoRun(["check", "--now", releaseDay, "--format", "json"], in: directory)
    #expect(check.status == 1)
    let report = try json(check.stdout)
    #expect(report["verdict"] as? String == "no-go")
    for gate in gates(report) {
      let findings = gate["findings"] as? [[String: Any]] ?? []
      #expect(!findings.isEmpty)
      for finding in findings {
        let message = finding["message"] as? String ?? ""
        #expect(message.hasPrefix("evidence file not found: "), "\(message)")
      }
    }
    let again = try GoNoGoRun(["init", "--packs", "security"], in: directory)
    #expect(again.status == 2)
    #expect(again.stderr.contains("readiness.yaml already exists; pass --force to overwrite it"))
  }

  @Test func initWithSREsecurityAndQualityNamesEveryFileToAdd() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try GoNoGoRun(["init", "--packs", "sre,security,quality"], in: directory).status == 0)
    #expect(
      try GoNoGoRun(["validate"], in: directory).stdout == "readiness.yaml: valid (11 gates)\n")
    let check = try GoNoGoRun(["check", "--now", releaseDay, "--format", "json"], in: directory)
    #expect(check.status == 1)
    let report = try json(check.stdout)
    #expect(report["verdict"] as? String == "no-go")
    #expect(gates(report).count == 11)
    for gate in gates(report) {
      let messages = (gate["findings"] as? [[String: Any]] ?? []).map {
        $0["message"] as? String ?? ""
      }
      #expect(messages.count == 1)
      let message = messages.first ?? ""
      #expect(
        message.hasPrefix("evidence file not found: ")
          || message.hasPrefix("no evidence file matches "),
        "\(message)")
      #expect(gate["status"] as? String == "error")
    }
  }

  @Test func initRejectsAnUnknownPack() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try GoNoGoRun(["init", "--packs", "secruity"], in: directory)
    #expect(run.status == 2)
    #expect(run.stderr.contains("there is no built-in pack 'secruity'; did you mean 'security'?"))
    #expect(
      !FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("readiness.yaml").path))
  }

  @Test func explainShowsDefinitionEvidenceFindingsOwnerAndRemediation() throws {
    let run = try GoNoGoRun([
      "explain", "sre.cutover-runbook", "samples/payments-migration", "--now", releaseDay,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.hasPrefix(
        "sre.cutover-runbook — Cutover runbook covers rollback, escalation and on-call\n  status:      fail\n  severity:    blocker — a failure makes the release NO-GO\n  owner:       team-sre\n"
      ))
    #expect(run.stdout.contains("  defined at:  samples/payments-migration/readiness.yaml:20:5\n"))
    #expect(run.stdout.contains("    FAIL docs/cutover-runbook.md has no 'Rollback' section\n"))
    #expect(
      run.stdout.contains("  remediation: Write down how to move writes back to ledger-mysql"))
    let expired = try GoNoGoRun([
      "explain", "data.cutover-rehearsal", "samples/payments-migration", "--now", releaseDay,
    ])
    #expect(expired.stdout.contains("  waiver:      expired — "))
  }

  @Test func explainShowsTheFailingTestCaseAndThePlanLine() throws {
    let tests = try GoNoGoRun(
      ["explain", "ledger.reconciliation-tests", "samples/payments-migration", "--now", releaseDay])
    #expect(tests.status == 0, "\(tests.stderr)")
    #expect(
      tests.stdout.contains(
        "  checks:\n    - junit on reports/reconciliation-junit.xml  (92:7)\n"))
    #expect(
      tests.stdout.contains(
        "    FAIL reports/reconciliation-junit.xml:1: test failed: ledger-reconciliation › "
          + "tests.test_refunds › test_reconcile_refunds_across_cutover: AssertionError: refunds "
          + "across the cutover lost their capture\n"))
    let freeze = try GoNoGoRun(
      ["explain", "rollout.freeze", "samples/payments-migration", "--now", releaseDay])
    #expect(
      freeze.stdout.hasPrefix(
        "rollout.freeze — No rollout step falls in or runs across a change freeze\n"
          + "  status:      fail\n"))
    #expect(
      freeze.stdout.contains("  defined at:  samples/payments-migration/rollout.yaml:21:3\n"))
    #expect(
      freeze.stdout.contains(
        "    FAIL samples/payments-migration/rollout.yaml:28:5: phase 'reads-5pct' (5%) "))
  }

  @Test func explainFindsAGateInsideAProgramsWorkstream() throws {
    let run = try GoNoGoRun(
      ["explain", "web.a11y-followups", "samples/checkout-launch", "--now", releaseDay])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.hasPrefix(
        "web.a11y-followups — Accessibility audit follow-ups closed\n  status:      fail\n"
          + "  severity:    minor — advisory; never changes the verdict\n"
          + "  owner:       team-web\n"))
    #expect(
      run.stdout.contains("  defined at:  samples/checkout-launch/web/readiness.yaml:42:5\n"))
    #expect(
      run.stdout.contains(
        "    FAIL a11y-audit.md:24:1: unticked task: Coupon errors announced through an "
          + "aria-live region (WEB-1893, planned for 2.4.1)\n"))
    let pack = try GoNoGoRun(
      ["explain", "security.sbom", "samples/checkout-launch", "--now", releaseDay])
    #expect(pack.stdout.contains("  defined at:  samples/checkout-launch/api/readiness.yaml:"))
    #expect(pack.stdout.contains("  from pack:   builtin:security gate security.sbom (builtin:security:"))
    #expect(
      pack.stdout.contains(
        "    PASS build/sbom.cdx.json is a CycloneDX 1.6 SBOM of checkout-api 2.4.0 listing "
          + "15 components\n"))
  }

  @Test func explainSuggestsAnExistingGate() throws {
    let run = try GoNoGoRun([
      "explain", "sre.cutover-runbok", "samples/payments-migration", "--now", releaseDay,
    ])
    #expect(run.status == 2)
    #expect(
      run.stderr.contains(
        "no gate has the id 'sre.cutover-runbok'; did you mean 'sre.cutover-runbook'?"))
  }

  @Test func packsListsEveryBuiltInPackWithInputsAndGates() throws {
    let run = try GoNoGoRun(["packs"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("builtin:security — Security readiness\n"))
    #expect(run.stdout.contains("    security.vulnerabilities [blocker] "))
    #expect(run.stdout.contains("    max_severity (default medium): "))
  }

  @Test func kindsAndSchemasArePrinted() throws {
    let kinds = try GoNoGoRun(["kinds"])
    #expect(kinds.stdout.hasPrefix("file\n"))
    let schema = try GoNoGoRun(["schema", "checklist"])
    #expect(schema.status == 0)
    let parsed = try json(schema.stdout)
    #expect(parsed["$id"] as? String == "https://gonogo.dev/schemas/checklist/v1.json")
    let unknown = try GoNoGoRun(["schema", "nope"])
    #expect(unknown.status == 2)
  }
}

@Suite struct EvidencePathTests {
  /// Annotations point at evidence as seen from where gonogo runs, for pack gates and --root too.
  @Test func annotationsResolveEvidenceAgainstTheEvidenceRoot() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-paths-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let service = directory.appendingPathComponent("service")
    try FileManager.default.createDirectory(
      at: service.appendingPathComponent("reports"), withIntermediateDirectories: true)
    try Data(
      "version: 1\nprogram: p\nrelease: 1\nextends:\n  - pack: builtin:performance\n".utf8
    ).write(to: service.appendingPathComponent("readiness.yaml"))
    try Data("{}".utf8).write(to: service.appendingPathComponent("reports/k6-summary.json"))
    let run = try GoNoGoRun(
      ["check", "service", "--now", releaseDay, "--format", "github"], in: directory)
    #expect(run.status == 1)
    // A pack's gate whose finding has no line is annotated at the `extends:` entry.
    #expect(run.stdout.hasPrefix("::error file=service/readiness.yaml,line=5,col=5,"), "\(run.stdout)")
    let rooted = try GoNoGoRun(
      ["check", "service/readiness.yaml", "--root", "service", "--now", releaseDay, "--format", "github"],
      in: directory)
    #expect(rooted.stdout.hasPrefix("::error file=service/readiness.yaml,line=5,col=5,"), "\(rooted.stdout)")
    // Its evidence is related as seen from the working directory, with and without --root.
    for arguments in [["service"], ["service/readiness.yaml", "--root", "service"]] {
      let sarif = try GoNoGoRun(
        ["check"] + arguments + ["--now", releaseDay, "--format", "sarif"], in: directory)
      #expect(sarif.stdout.contains("\"uri\": \"service/reports/k6-summary.json\""), "\(arguments)")
    }
  }
}

import Foundation
import Testing

/// `advisory_until` end to end: `check` leaves the verdict alone, `--enforce-advisory` shows the
/// future verdict and exit code, `validate` warns about days that make no sense.
@Suite struct AdvisoryCLITests {
  static let checklist = """
    version: 1
    program: storefront
    release: 5.1.0
    gates:
      - id: sre.runbook
        title: Runbook exists
        owner: team-sre
        severity: blocker
        check: {kind: file, file: runbook.md}
      - id: quality.contract
        title: Contract tests pass
        owner: team-api
        severity: blocker
        advisory_until: 2026-12-05
        check: {kind: file, file: contract.md}
      - id: sre.slo
        title: SLO is defined
        owner: team-sre
        severity: major
        advisory_until: 2027-09-01
        check: {kind: file, file: runbook.md}
    """

  /// A directory holding the checklist, a runbook and an empty contract report.
  func directory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-advisory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try Data(Self.checklist.utf8).write(to: url.appendingPathComponent("readiness.yaml"))
    try Data("Rollback: redeploy 5.0.3\n".utf8).write(to: url.appendingPathComponent("runbook.md"))
    try Data().write(to: url.appendingPathComponent("contract.md"))
    return url
  }

  @Test func advisoryGatesDoNotChangeTheVerdictUntilEnforced() throws {
    let url = try directory()
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try GoNoGoRun(["check", ".", "--now", releaseDay], in: url)
    #expect(run.status == 0)
    #expect(
      run.stdout.hasPrefix(
        """
        GO  storefront 5.1.0 · 2026-12-01T09:00:00Z
        3 gates: 1 pass, 0 fail, 0 error, 2 advisory, 0 waived, 0 disabled
        0 blockers failing · 0 major gates failing · 0 waivers in use
        1 of 2 advisory gates would fail; 1 becomes enforced in 4 days (2026-12-05)

        """))
    #expect(
      run.stdout.contains("  ○ quality.contract  Contract tests pass  [advisory: would fail]\n"))
    #expect(run.stdout.contains("      - contract.md is empty\n"))

    let enforced = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--enforce-advisory"], in: url)
    #expect(enforced.status == 1)
    #expect(enforced.stdout.hasPrefix("NO-GO  storefront 5.1.0 · 2026-12-01T09:00:00Z\n"))
    #expect(
      enforced.stdout.contains(
        "    ✗ quality.contract  Contract tests pass  [fail]\n"))

    let onTheDay = try GoNoGoRun(["check", ".", "--now", "2026-12-05"], in: url)
    #expect(onTheDay.status == 1)
    #expect(onTheDay.stdout.hasPrefix("NO-GO  storefront 5.1.0 · 2026-12-05T00:00:00Z\n"))
  }

  @Test func theJSONReportNamesTheAdvisoryGates() throws {
    let url = try directory()
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try GoNoGoRun(["check", ".", "--now", releaseDay, "--format", "json"], in: url)
    #expect(run.status == 0)
    let report = try json(run.stdout)
    #expect(report["schema_version"] as? String == "1.1")
    #expect((report["summary"] as? [String: Int])?["advisory"] == 2)
    let contract = try #require(gates(report).first { $0["id"] as? String == "quality.contract" })
    #expect(contract["status"] as? String == "advisory")
    #expect(contract["would_be"] as? String == "fail")
    #expect(contract["advisory_until"] as? String == "2026-12-05")
  }

  @Test(.enabled(if: hasJSONSchemaValidator, "needs python3 with jsonschema"))
  func reportsWithAdvisoryGatesValidateAgainstThePublishedSchema() throws {
    let url = try directory()
    defer { try? FileManager.default.removeItem(at: url) }
    let advisory = url.appendingPathComponent("advisory.json").path
    let enforced = url.appendingPathComponent("enforced.json").path
    _ = try GoNoGoRun(["check", ".", "--now", releaseDay, "--output", "json=\(advisory)"], in: url)
    _ = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--enforce-advisory", "--output", "json=\(enforced)"],
      in: url)
    let (status, output) = try validateAgainstReportSchema([advisory, enforced])
    #expect(status == 0, "\(output)")
    #expect(output == "valid\n")
    // An advisory gate must say what it would be and until when; no other gate may say it.
    let report = try json(try String(contentsOfFile: advisory, encoding: .utf8))
    let edits: [(String, ([String: Any]) -> [String: Any])] = [
      (
        "no-would-be",
        { $0["status"] as? String == "advisory" ? $0.filter { $0.key != "would_be" } : $0 }
      ),
      (
        "no-until",
        { $0["status"] as? String == "advisory" ? $0.filter { $0.key != "advisory_until" } : $0 }
      ),
      (
        "would-be-on-pass",
        { $0["status"] as? String == "pass" ? $0.merging(["would_be": "pass"]) { $1 } : $0 }
      ),
    ]
    let unchanged = url.appendingPathComponent("unchanged.json").path
    try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: unchanged))
    #expect(try validateAgainstReportSchema([unchanged]).0 == 0)
    for (name, edit) in edits {
      var broken = report
      broken["gates"] = gates(report).map(edit)
      let path = url.appendingPathComponent("\(name).json").path
      try JSONSerialization.data(withJSONObject: broken).write(to: URL(fileURLWithPath: path))
      let (brokenStatus, brokenOutput) = try validateAgainstReportSchema([path])
      #expect(brokenStatus != 0, "\(name)")
      #expect(brokenOutput.contains("ValidationError"), "\(name): \(brokenOutput)")
    }
  }

  @Test func validateWarnsAtTheDayWithItsLocation() throws {
    let url = try directory()
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try GoNoGoRun(["validate", "readiness.yaml", "--now", releaseDay], in: url)
    #expect(run.status == 0)
    #expect(
      run.stderr
        == """
        readiness.yaml:20:21: warning: advisory_until 2027-09-01 is 274 days ahead; an advisory \
        period lasts at most 180 days (until 2027-05-30)
          hint: set a day within 180 days: a dry run that long is forgotten, not acted on

        """)
    #expect(run.stdout == "readiness.yaml: valid (3 gates)\n")
    let late = try GoNoGoRun(["validate", "readiness.yaml", "--now", "2026-12-06"], in: url)
    #expect(late.status == 0)
    #expect(
      late.stderr.hasPrefix(
        "readiness.yaml:14:21: warning: advisory_until 2026-12-05 is not after today "
          + "(2026-12-06, UTC), so it makes nothing advisory: gate 'quality.contract' is enforced\n"
      ))
  }

  @Test func anImpossibleDayIsAnErrorWithItsLocation() throws {
    let url = try directory()
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(Self.checklist.replacingOccurrences(of: "2026-12-05", with: "2026-11-31").utf8)
      .write(to: url.appendingPathComponent("readiness.yaml"))
    let run = try GoNoGoRun(["validate", "readiness.yaml", "--now", releaseDay], in: url)
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:14:21: error: 'advisory_until' in gate 'quality.contract' is "
          + "'2026-11-31', which does not exist: November has 30 days\n"))
  }
}

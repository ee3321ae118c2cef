import Foundation
import Testing

/// The command-line conventions users of other CI tools expect: `-o`, `FORMAT=-`, created
/// directories, `--quiet`, and unknown formats refused with the list.
@Suite struct ConventionTests {
  static let formats = "text, markdown, json, junit, sarif, github, html, gitlab"

  /// A fresh directory for output files.
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func check(_ arguments: [String], sample: String = "payments-migration") throws -> GoNoGoRun {
    try GoNoGoRun(["check", "samples/\(sample)", "--now", releaseDay] + arguments)
  }

  /// The first line of stderr.
  func firstLine(_ text: String) -> String {
    String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
  }

  @Test func outputToDashWritesThatFormatToStdoutInsteadOfText() throws {
    let long = try check(["--output", "json=-"])
    let short = try check(["-o", "json=-"])
    #expect(long.status == 1)
    #expect(long.stderr == "")
    #expect(long.stdout == short.stdout)
    let report = try json(long.stdout)
    #expect(report["verdict"] as? String == "no-go")
    #expect(report["schema"] as? String == "gonogo.report/v1")
    #expect(
      !FileManager.default.fileExists(
        atPath: GoNoGoRun.packageRoot.appendingPathComponent("-").path))
    // The same bytes as --format json.
    #expect(try check(["--format", "json"]).stdout == long.stdout)
  }

  @Test func shortOutputWritesFilesAndCreatesTheirDirectories() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let nested = directory.appendingPathComponent("reports/ci/gonogo.sarif").path
    let json = directory.appendingPathComponent("out/report.json").path
    let run = try check(["-o", "sarif=\(nested)", "-o", "json=\(json)"])
    #expect(run.status == 1)
    #expect(run.stdout.hasPrefix("NO-GO  payments-ledger 3.0.0"))
    let sarif = try String(contentsOfFile: nested, encoding: .utf8)
    #expect(sarif.hasPrefix("{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/"))
    let report = try String(contentsOfFile: json, encoding: .utf8)
    #expect(report == (try check(["--format", "json"])).stdout)
  }

  @Test func quietPrintsNothingAndTheExitCodeTells() throws {
    let noGo = try check(["--quiet"])
    #expect(noGo.status == 1)
    #expect(noGo.stdout == "")
    #expect(noGo.stderr == "")
    let go = try check(["-q"], sample: "checkout-launch")
    #expect(go.status == 0)
    #expect(go.stdout == "")
    #expect(go.stderr == "")
    // Files asked for are still written.
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("report.json").path
    let withFile = try check(["--quiet", "-o", "json=\(path)"])
    #expect(withFile.stdout == "" && withFile.status == 1)
    #expect(FileManager.default.fileExists(atPath: path))
  }

  @Test func quietStillPrintsDefinitionErrors() throws {
    let run = try GoNoGoRun(
      ["check", "severty", "--now", releaseDay, "--quiet"], in: GoNoGoRun.fixtures)
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(
      firstLine(run.stderr)
        == "severty/readiness.yaml:8:5: error: unknown key 'severty' in gate 'sre.runbook'; "
        + "did you mean 'severity'?"
    )
    let validate = try GoNoGoRun(["validate", "--quiet", "samples/checkout-launch"])
    #expect(validate.status == 0)
    #expect(validate.stdout == "" && validate.stderr == "")
  }

  @Test func anUnknownFormatIsRefusedWithTheList() throws {
    let format = try check(["--format", "xml"])
    #expect(format.status == 2)
    #expect(format.stdout == "")
    #expect(
      format.stderr.hasPrefix(
        "gonogo: error: The value 'xml' is invalid for '--format <format>'. Please provide one "
          + "of the following:\n"
          + Self.formats.split(separator: ",").map {
            "  - \($0.trimmingCharacters(in: .whitespaces))\n"
          }
          .joined()))
    let output = try check(["-o", "jsn=report.json"])
    #expect(output.status == 2)
    #expect(
      firstLine(output.stderr)
        == "gonogo: error: --output format 'jsn' is unknown (did you mean 'json'?); use one of "
        + Self.formats)
    let malformed = try check(["-o", "report.json"])
    #expect(malformed.status == 2)
    #expect(
      firstLine(malformed.stderr)
        == "gonogo: error: --output 'report.json' must be FORMAT=PATH (PATH '-' for stdout), "
        + "e.g. json=report.json")
  }

  @Test func twoReportsCannotShareStdout() throws {
    let both = try check(["--format", "json", "-o", "sarif=-"])
    #expect(both.status == 2)
    #expect(
      firstLine(both.stderr)
        == "gonogo: error: --format json and --output sarif=- both write to stdout; keep one")
    let twice = try check(["-o", "json=-", "-o", "sarif=-"])
    #expect(twice.status == 2)
    #expect(
      firstLine(twice.stderr)
        == "gonogo: error: only one report can go to stdout, but --output names '-' for json and sarif"
    )
  }
}

@Suite struct InitConventionTests {
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-init-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func initWritesTheSchemaLineAndTheSchemaItPointsAt() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try GoNoGoRun(
      ["init", "--packs", "quality", "--program", "cart", "--directory", directory.path])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try String(
      contentsOf: directory.appendingPathComponent("readiness.yaml"), encoding: .utf8)
    #expect(
      text.hasPrefix(
        "# yaml-language-server: $schema=.gonogo/checklist.schema.json\n"
          + "# Release readiness for cart. Evaluate with:  gonogo check\n"))
    let schema = try String(
      contentsOf: directory.appendingPathComponent(".gonogo/checklist.schema.json"),
      encoding: .utf8)
    #expect(schema == (try GoNoGoRun(["schema", "checklist"])).stdout)
    #expect(try GoNoGoRun(["validate", directory.path]).status == 0)
  }

  @Test(arguments: [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"])
  func initSuggestsOwnersFromCodeOwners(_ location: String) throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent(location)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(
      """
      # Default owners
      *               @acme/platform
      /docs/          @acme/sre @dana
      build/          @acme/qa
      *.md            @acme/writers
      docs/support.md @acme/support

      """.utf8
    ).write(to: file)
    let run = try GoNoGoRun(
      [
        "init", "--packs", "sre,quality,support", "--program", "cart", "--tier", "2",
        "--directory", directory.path,
      ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "owners suggested from \(location): @acme/platform, @acme/sre, @dana, @acme/qa, "
          + "@acme/writers, @acme/support\n"))
    let text = try String(
      contentsOf: directory.appendingPathComponent("readiness.yaml"), encoding: .utf8)
    #expect(
      text.contains(
        "# Owners named in \(location): @acme/platform, @acme/sre, @dana, @acme/qa, "
          + "@acme/writers, @acme/support.\n"))
    #expect(text.contains("\ntier: 2  # tier 2: important services"))
    // docs/runbook.md: `*.md` comes after `/docs/`, so the writers own it.
    #expect(
      text.contains("      owner: \"@acme/writers\"  # owner of docs/runbook.md in \(location)\n"))
    #expect(
      text.contains("      owner: \"@acme/qa\"  # owner of build/test-results in \(location)\n"))
    #expect(
      text.contains("      owner: \"@acme/support\"  # owner of docs/support.md in \(location)\n"))
    #expect(try GoNoGoRun(["validate", directory.path]).status == 0)
  }

  @Test func initRefusesATierThatDoesNotExist() throws {
    let run = try GoNoGoRun([
      "init", "--packs", "sre", "--tier", "4", "--directory", "/nonexistent",
    ])
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "gonogo: error: --tier 4 does not exist; tiers are 1 (most critical), 2 and 3"))
  }
}

@Suite struct TierCLITests {
  @Test func explainSaysWhyATierLeftAGateOut() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-tier-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(
      """
      version: 1
      program: orders
      release: 1.0.0
      tiers: [critical, standard, experimental]
      tier: experimental
      extends:
        - pack: builtin:performance
      gates:
        - id: api.contract
          title: API contract is published
          owner: team-api
          severity: major
          check: {kind: file, file: readiness.yaml}

      """.utf8
    ).write(to: directory.appendingPathComponent("readiness.yaml"))
    let explain = try GoNoGoRun(
      ["explain", "performance.load-test", "--now", releaseDay], in: directory)
    #expect(explain.status == 0, "\(explain.stderr)")
    #expect(
      explain.stdout == """
        performance.load-test — Load test meets p95 300ms and error rate 1%
          status:      not applied — left out by the service tier, so it was not evaluated
          tier:        tier 3 (experimental), declared at readiness.yaml:5:7
          why:         severity_by_tier switches it off at tier 3 (experimental) (builtin:performance:23:46)
          severity:    blocker as written
          owner:       team-sre
          category:    performance
          defined at:  readiness.yaml:7:5

        """)
    let check = try GoNoGoRun(["check", "--now", releaseDay, "-o", "json=-"], in: directory)
    #expect(check.status == 0)
    let report = try json(check.stdout)
    #expect((report["tier"] as? [String: Any])?["name"] as? String == "experimental")
    #expect(
      (report["excluded_by_tier"] as? [[String: Any]])?.map { $0["id"] as? String }
        == ["performance.load-test"])
  }
}

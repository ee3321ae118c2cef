import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// The query check on real tool output and hand-written manifests, and its definition errors.
@Suite struct QueryCheckTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/query")

  /// Evaluates a query check against the fixture folder as evidence root.
  func check(_ assertion: String, file: String) throws -> [Finding] {
    let check = try decodeCheck("kind: query\nfile: \(file)\nassert: \(assertion)")
    let cache = EvidenceCache(root: EvidenceRoot(Self.fixtures))
    return check.evaluate(EvaluationContext(cache: cache, now: releaseDay))
  }

  /// The diagnostics of a check definition written in `check.yaml`.
  func diagnostics(_ yaml: String) throws -> [Diagnostic] {
    let node = try Loader().load(yaml, file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'quality.report'", sink: sink)
    return sink.diagnostics
  }

  // MARK: Real tool output

  @Test func pipInspectShowsWhatIsInstalled() throws {
    let count = try check("count(installed[*]) == 2", file: "pip-inspect.json")
    #expect(
      count == [
        Finding(
          .pass, "count(installed[*]) is 2 in pip-inspect.json, as required (== 2)",
          evidence: EvidenceLocation(file: "pip-inspect.json"), measured: ["value": 2],
          expected: ["op": "==", "value": 2])
      ])
    let pip = try check(
      #"count(installed[?metadata.name == 'pip' and metadata.version matches '^2[3-9]\.']) == 1"#,
      file: "pip-inspect.json")
    #expect(pip.map(\.status) == [.pass])
    let requested = try check("all(installed[*].requested)", file: "pip-inspect.json")
    #expect(requested.map(\.message) == ["all(installed[*].requested) is true in pip-inspect.json"])
    let python = try check(
      #"environment.python_version in ['3.11', '3.12']"#, file: "pip-inspect.json")
    #expect(python.map(\.status) == [.pass])
  }

  @Test func pipListAndNpmLsAnswerVersionQuestions() throws {
    let setuptools = try check(
      #"count($[?name == 'pip' and version matches '^23\.']) == 1 and 'setuptools' in $[*].name"#,
      file: "pip-list.json")
    #expect(setuptools.map(\.status) == [.pass])
    let npm = try check("dependencies exists", file: "npm-ls.json")
    #expect(
      npm.map(\.message) == ["dependencies matched nothing in npm-ls.json, expected it to exist"])
    let version = try check("version == '2.4.0'", file: "npm-ls.json")
    #expect(version.map(\.status) == [.pass])
  }

  // MARK: YAML evidence

  @Test func yamlManifestFindingsPointAtTheValue() throws {
    let approvals = try check("all(approvals[*].approved)", file: "release-manifest.yaml")
    #expect(
      approvals.map(\.message) == [
        "all(approvals[*].approved) is false in release-manifest.yaml, expected true"
      ])
    let support = try check("approvals[2].approved == true", file: "release-manifest.yaml")
    #expect(
      support == [
        Finding(
          .fail, "approvals[2].approved is false in release-manifest.yaml, expected == true",
          evidence: EvidenceLocation(file: "release-manifest.yaml", line: 14, column: 15),
          measured: ["value": false], expected: ["op": "==", "value": true])
      ])
    let signed = try check("count(artifacts[?signed != true]) == 0", file: "release-manifest.yaml")
    #expect(signed.map(\.status) == [.pass])
    let window = try check(
      #"'$["rollout window"] matches ''^2026-12-01T'''"#, file: "release-manifest.yaml")
    #expect(window.map(\.status) == [.pass])
    let size = try check("max(artifacts[*].size_mb) <= 150", file: "release-manifest.yaml")
    #expect(
      size.map(\.message) == [
        "max(artifacts[*].size_mb) is 182.4 in release-manifest.yaml, expected <= 150"
      ])
    #expect(
      size.first?.evidence == EvidenceLocation(file: "release-manifest.yaml", line: 19, column: 14))
  }

  @Test func aYamlStreamIsQueriedAsTheListOfItsDocuments() throws {
    let kinds = try check(
      #"count($[?kind == 'Deployment' or kind == 'Service']) == 2"#, file: "deploy.yaml")
    #expect(kinds.map(\.status) == [.pass])
    let team = try check("count($[?metadata.labels.team exists]) == 2", file: "deploy.yaml")
    #expect(
      team.map(\.message) == [
        "count($[?metadata.labels.team exists]) is 1 in deploy.yaml, expected == 2"
      ])
  }

  // MARK: Malformed and hostile evidence

  @Test func malformedEmptyAndMissingEvidenceAreErrors() throws {
    let root = try TempRoot([
      "report.json": "{\"results\": [1, 2,\n  }",
      "empty.json": "",
      "blank.yaml": "  \n",
      "comments.yaml": "# nothing here\n",
    ])
    func run(_ file: String) throws -> [Finding] {
      try decodeCheck("kind: query\nfile: \(file)\nassert: count(results[*]) == 2")
        .evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    }
    #expect(
      try run("report.json") == [
        .error(
          "report.json is not valid JSON: expected a value, found '}'",
          evidence: EvidenceLocation(file: "report.json", line: 2, column: 3))
      ])
    #expect(
      try run("empty.json") == [
        .error("empty.json is empty", evidence: EvidenceLocation(file: "empty.json"))
      ])
    #expect(
      try run("blank.yaml") == [
        .error("blank.yaml is empty", evidence: EvidenceLocation(file: "blank.yaml"))
      ])
    #expect(
      try run("comments.yaml") == [
        .error(
          "comments.yaml holds no YAML document",
          evidence: EvidenceLocation(file: "comments.yaml", line: 1, column: 1))
      ])
    #expect(
      try run("absent.json") == [
        .error(
          "evidence file not found: absent.json", evidence: EvidenceLocation(file: "absent.json"))
      ])
    let tabs = try check("release exists", file: "tabs.yaml")
    #expect(tabs.map(\.status) == [.error])
    #expect(tabs.first?.message.hasPrefix("tabs.yaml is not valid YAML: ") == true)
    #expect(tabs.first?.evidence?.line == 3)
  }

  @Test func invalidUTF8IsAnErrorNamingTheFile() throws {
    let root = try TempRoot([:])
    try Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]).write(
      to: root.url.appendingPathComponent("bad.json"))
    let findings = try decodeCheck("kind: query\nfile: bad.json\nassert: a exists")
      .evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(
      findings == [
        .error(
          "bad.json is not valid UTF-8 text: the byte at line 1, column 7 does not start or "
            + "continue a UTF-8 character; save the file as UTF-8",
          evidence: EvidenceLocation(file: "bad.json", line: 1, column: 7))
      ])
  }

  @Test func tenThousandNestedArraysAreRefusedWithoutCrashing() throws {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let root = try TempRoot(["deep.json": deep, "deep.yaml": String(repeating: "[", count: 10_000)])
    let findings = try decodeCheck("kind: query\nfile: deep.json\nassert: $[0] exists")
      .evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(
      findings == [
        .error(
          "deep.json nests arrays and objects more than 512 levels deep; refusing to read it",
          evidence: EvidenceLocation(file: "deep.json", line: 1, column: 513))
      ])
    let yaml = try decodeCheck("kind: query\nfile: deep.yaml\nassert: $[0] exists")
      .evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(yaml.map(\.status) == [.error])
    let within = String(repeating: "[", count: 500) + "true" + String(repeating: "]", count: 500)
    let parsed = try StructuredDataReader.parseJSON(within, file: "ok.json").get()
    #expect(parsed.children?.count == 1)
  }

  @Test func theSyntaxComesFromTheExtensionElseTheContent() {
    #expect(StructuredDataReader.detectFormat(path: "a.JSON", text: "x: 1") == .json)
    #expect(StructuredDataReader.detectFormat(path: "a.yml", text: "{}") == .yaml)
    #expect(StructuredDataReader.detectFormat(path: "report.out", text: "\n  [1]") == .json)
    #expect(StructuredDataReader.detectFormat(path: "report.out", text: "a: 1") == .yaml)
  }

  // MARK: Definition errors

  @Test func anInvalidAssertionPointsAtItsColumnInTheChecklist() throws {
    let plain = try diagnostics("kind: query\nfile: r.json\nassert: count(results[*] == 0\n")
    #expect(
      plain.map(\.description) == [
        "check.yaml:3:26: error: invalid assertion in the query check of gate 'quality.report': "
          + "expected ')' to close 'count(', found '=='"
      ])
    let single = try diagnostics(
      "kind: query\nfile: r.json\nassert: 'name == ''it''''s'' and x = 1'\n")
    #expect(single.map(\.location) == [SourceLocation(file: "check.yaml", line: 3, column: 36)])
    #expect(
      single.first?.message.hasSuffix("'=' is not an operator; write '==' to compare") == true)
    let double = try diagnostics(
      "kind: query\nfile: r.json\nassert: \"a == \\\"b\\\" and cont(x[*]) > 1\"\n")
    #expect(double.map(\.location) == [SourceLocation(file: "check.yaml", line: 3, column: 25)])
    #expect(
      double.first?.message.hasSuffix("unknown function 'cont'; did you mean 'count'?") == true)
    #expect(double.first?.hint == "functions: count, min, max, sum, all, any")
    let block = try diagnostics("kind: query\nfile: r.json\nassert: >-\n  count(x)\n  == 1\n")
    #expect(block.map(\.location) == [SourceLocation(file: "check.yaml", line: 3, column: 9)])
  }

  @Test func aMissingOrEmptyAssertionIsADefinitionError() throws {
    #expect(
      try diagnostics("kind: query\nfile: r.json\n").map(\.description) == [
        "check.yaml:1:1: error: the query check of gate 'quality.report' is missing 'assert'"
      ])
    #expect(
      try diagnostics("kind: query\nfile: r.json\nassert: ''\n").map(\.description) == [
        "check.yaml:3:9: error: 'assert' in the query check of gate 'quality.report' must not be empty"
      ])
    #expect(
      try diagnostics("kind: query\nfile: r.json\nasert: x exists\n").first?.message
        == "unknown key 'asert' in the query check of gate 'quality.report'; did you mean 'assert'?"
    )
  }

  @Test func anInvalidPatternIsADefinitionError() throws {
    let found = try diagnostics("kind: query\nfile: r.json\nassert: version matches '[2-'\n")
    #expect(found.map(\.location) == [SourceLocation(file: "check.yaml", line: 3, column: 25)])
    #expect(found.first?.message.contains("'[2-' is not a valid regular expression") == true)
  }
}

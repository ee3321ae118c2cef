import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Patterns from a checklist run on untrusted evidence: a pattern that would backtrack without
/// end stops within its step budget and the gate errs at the pattern's place in the checklist.
@Suite struct RegexBudgetTests {
  /// A scratch evidence root holding `files`.
  final class Evidence {
    let url: URL

    init(_ files: [String: String]) throws {
      url = FileManager.default.temporaryDirectory
        .appendingPathComponent("gonogo-regex-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      for (path, text) in files {
        try Data(text.utf8).write(to: url.appendingPathComponent(path))
      }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func evaluate(_ yaml: String) throws -> [Finding] {
      let check = try decodeCheck(yaml)
      let cache = EvidenceCache(root: EvidenceRoot(url))
      return check.evaluate(EvaluationContext(cache: cache, now: releaseDay))
    }
  }

  static let hostile = String(repeating: "a", count: 40) + "!"

  @Test func anAmbiguousAlternationErrsInsteadOfHanging() throws {
    let evidence = try Evidence(["data.json": #"{"name": "\#(Self.hostile)"}"#])
    let started = Date()
    let findings = try evidence.evaluate(
      "kind: query\nfile: data.json\nassert: name matches '^(a|a)*$'")
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "cannot evaluate 'name matches '^(a|a)*$'' on data.json: the pattern '^(a|a)*$' at "
        + "check.yaml:3:22 needs more than 1,000,000 steps on the value of name; anchor it with "
        + "^ and $, and remove ambiguous alternation such as (a|a) or repetition nested in "
        + "repetition such as (a+)+")
    #expect(findings.first?.evidence == EvidenceLocation(file: "data.json"))
  }

  @Test func aNestedRepetitionInAFilterErrsAndDoesNotShrinkTheCount() throws {
    let evidence = try Evidence([
      "data.json": #"{"items": [{"id": "ok"}, {"id": "\#(Self.hostile)"}]}"#
    ])
    let findings = try evidence.evaluate(
      "kind: query\nfile: data.json\nassert: \"count(items[?id matches '(a+)+$']) == 0\"")
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "cannot evaluate 'count(items[?id matches '(a+)+$']) == 0' on data.json: the pattern "
        + "'(a+)+$' at check.yaml:3:34 needs more than 1,000,000 steps on the value of id; anchor "
        + "it with ^ and $, and remove ambiguous alternation such as (a|a) or repetition nested "
        + "in repetition such as (a+)+")
  }

  @Test func ordinaryPatternsKeepTheirMeaning() throws {
    let evidence = try Evidence(["data.json": #"{"version": "2.14.0", "name": "Ünïcode_ß"}"#])
    let version = try evidence.evaluate(
      #"kind: query\#nfile: data.json\#nassert: version matches '^2\.\d+\.'"#)
    #expect(version.map(\.status) == [.pass])
    let word = try evidence.evaluate(
      #"kind: query\#nfile: data.json\#nassert: name matches '^\w+$'"#)
    #expect(word.map(\.status) == [.pass])
    let anchored = try evidence.evaluate(
      #"kind: query\#nfile: data.json\#nassert: version matches '^3'"#)
    #expect(anchored.map(\.status) == [.fail])
  }

  @Test func anInvalidQueryPatternGivesPCRE2sMessageAndOffset() throws {
    let node = try Loader().load(
      "kind: query\nfile: r.json\nassert: version matches 'a(b'\n", file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'quality.report'", sink: sink)
    #expect(
      sink.diagnostics.map(\.description) == [
        "check.yaml:3:25: error: invalid assertion in the query check of gate 'quality.report': "
          + "'a(b' is not a valid regular expression: missing closing parenthesis (at character "
          + "4 of the pattern)"
      ])
  }

  @Test func aDashboardPatternThatRunsOutOfStepsMakesTheCheckErr() throws {
    let dashboard = """
      {"title": "Checkout", "panels": [{"id": 1, "type": "timeseries",
        "title": "\(Self.hostile)", "datasource": {"type": "prometheus", "uid": "prom"},
        "targets": [{"refId": "A", "expr": "up"}]}]}
      """
    let evidence = try Evidence(["dash.json": dashboard])
    let findings = try evidence.evaluate(
      "kind: dashboard\nfile: dash.json\npanels: [\"/^(a|A)*$/\"]")
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "dash.json: the pattern /^(a|A)*$/ at check.yaml:3:10 needs more than 1,000,000 "
        + "steps on the panel text '\(Self.hostile)'; anchor it with ^ and $, and remove "
        + "ambiguous alternation such as (a|a) or repetition nested in repetition such as (a+)+")
  }

  @Test func aDashboardPatternStaysCaseInsensitive() throws {
    let evidence = try Evidence(["dash.json": DashboardCheck.example(title: "P95 Latency")])
    let findings = try evidence.evaluate(
      "kind: dashboard\nfile: dash.json\npanels: [\"/^p95 latency$/\"]")
    #expect(findings.map(\.status) == [.pass])
  }

  @Test func anInvalidDashboardPatternPointsIntoThePattern() throws {
    let node = try Loader().load(
      "kind: dashboard\nfile: d.json\npanels: [\"/([a/\"]\n", file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'test'", sink: sink)
    #expect(
      sink.diagnostics.map(\.description) == [
        "check.yaml:3:15: error: '/([a/' is not a valid regular expression: missing terminating "
          + "] for character class (at character 4 of the pattern)"
      ])
  }
}

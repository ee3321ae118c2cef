import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Evaluates one check with the ops fixtures folder (Fixtures/ops) as the evidence root.
func evaluateOps(_ yaml: String, now: Date = releaseDay) throws -> [Finding] {
  let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
  let root = EvidenceRoot(fixtures.appendingPathComponent("ops"))
  return try decodeCheck(yaml).evaluate(
    EvaluationContext(cache: EvidenceCache(root: root), now: now))
}

/// Decodes one check's YAML and returns the diagnostics' messages.
func diagnosticsOfOpsCheck(_ yaml: String) throws -> [String] {
  let node = try Loader().load(yaml, file: "check.yaml")
  let sink = DiagnosticSink()
  _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'test'", sink: sink)
  return sink.diagnostics.map(\.message)
}

@Suite struct DashboardCheckTests {
  static let overview = "grafana/checkout-overview.json"
  static let payments = "grafana/payments-api-export.json"

  func at(_ file: String) -> EvidenceLocation { EvidenceLocation(file: file) }

  @Test func sharedExportCoversTheGoldenSignalsAndScopesEveryQueryToTheService() throws {
    let findings = try evaluateOps(
      """
      kind: dashboard
      file: \(Self.overview)
      golden_signals: true
      service: checkout
      panels: [p95 latency, {query: http_requests_total}, {title: /^cpu/}]
      """)
    #expect(findings.map(\.status) == [.pass])
    #expect(
      findings.first?.message
        == "grafana/checkout-overview.json (Checkout overview): 6 panels; panel 'p95 latency' "
        + "(id 4) whose title or query matches p95 latency; panel 'Requests per second' (id 3) "
        + "whose query matches http_requests_total; panel 'CPU utilization' (id 7) whose title "
        + "matches /^cpu/; golden signals: latency in panel 'p95 latency' (id 4), traffic in "
        + "panel 'Requests per second' (id 3), errors in panel 'Error ratio (5xx)' (id 5), "
        + "saturation in panel 'CPU utilization' (id 7); every panel that queries data names a "
        + "datasource; every query mentions checkout or $service")
    #expect(findings.first?.evidence == at(Self.overview))
    #expect(findings.first?.measured == ["panels": 6])
  }

  @Test func collapsedRowPanelsAreReadAndRowsAreNotCounted() throws {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let cache = EvidenceCache(root: EvidenceRoot(fixtures.appendingPathComponent("ops")))
    let file = try cache.file(Self.overview).get()
    let dashboards = try cache.document(GrafanaReader.self, for: file).get().dashboards
    #expect(dashboards.count == 1)
    let dashboard = try #require(dashboards.first)
    #expect(dashboard.shape == .model)
    #expect(dashboard.origin == nil)
    #expect(dashboard.panels.map(\.id) == [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(
      dashboard.contentPanels.map(\.title) == [
        "Read me", "Requests per second", "p95 latency", "Error ratio (5xx)", "CPU utilization",
        "Payment queue depth",
      ])
    #expect(dashboard.declaredNames == ["DS_PROMETHEUS", "service"])
  }

  @Test func apiExportWithGapsFailsNamingEachPanel() throws {
    let findings = try evaluateOps(
      "kind: dashboard\nfile: \(Self.payments)\ngolden_signals: true\nservice: payments")
    #expect(findings.map(\.status) == [.fail, .fail, .fail, .fail])
    #expect(
      findings.map(\.message) == [
        "grafana/payments-api-export.json has no panel for the saturation signal (no title or "
          + "query with saturation, utilization, cpu, memory, queue, disk, throttling)",
        "grafana/payments-api-export.json: panel 'p99 latency' (id 2) names no datasource, on "
          + "the panel or on its query A",
        "grafana/payments-api-export.json: panel 'Errors' (id 3) uses datasource ${DS_THANOS}, "
          + "which neither __inputs nor a dashboard variable declares",
        "grafana/payments-api-export.json: query A of panel 'Errors' (id 3) mentions neither "
          + "payments nor $service",
      ])
    #expect(findings.allSatisfy { $0.evidence == at(Self.payments) })
  }

  @Test func legacyRowsModelIsReadPanelByPanel() throws {
    let findings = try evaluateOps(
      "kind: dashboard\nfile: grafana/legacy-rows.json\nservice: checkout\npanels: [{title: "
        + "latency, query: histogram_quantile}]")
    #expect(
      findings.map(\.message) == [
        "grafana/legacy-rows.json: panel 'HTTP 5xx' (id 3) names no datasource, on the panel or "
          + "on its query A"
      ])
    let unchecked = try evaluateOps(
      "kind: dashboard\nfile: grafana/legacy-rows.json\ndatasources: false\nservice: checkout")
    #expect(
      unchecked.map(\.message) == [
        "grafana/legacy-rows.json (Checkout (legacy)): 3 panels; every query mentions checkout "
          + "or $service"
      ])
  }

  @Test func kubernetesResourceWithAMixedPanelNeedsADatasourcePerQuery() throws {
    let findings = try evaluateOps(
      "kind: dashboard\nfile: grafana/checkout-dashboard-resource.json")
    #expect(
      findings.map(\.message) == [
        "grafana/checkout-dashboard-resource.json: panel 'Mixed sources' (id 2) uses the mixed "
          + "datasource but its query B names none"
      ])
  }

  @Test func missingRequiredPanelsFailOneByOne() throws {
    let findings = try evaluateOps(
      "kind: dashboard\nfile: \(Self.overview)\ndatasources: false\npanels: [Apdex, {title: "
        + "/latency$/, query: grpc_server_handled_total}]")
    #expect(
      findings.map(\.message) == [
        "grafana/checkout-overview.json has no panel whose title or query matches Apdex",
        "grafana/checkout-overview.json has no panel whose title matches /latency$/ and whose "
          + "query matches grpc_server_handled_total",
      ])
  }

  @Test func truncatedJSONIsAnErrorNamingTheFile() throws {
    let findings = try evaluateOps("kind: dashboard\nfile: grafana/truncated.json")
    #expect(
      findings == [
        .error(
          "grafana/truncated.json is not valid JSON: the file ends before the JSON value is complete; it may be cut off",
          evidence: EvidenceLocation(file: "grafana/truncated.json", line: 5, column: 1))
      ])
  }

  @Test func badJSONIsLocatedAtItsLine() throws {
    let findings = try evaluate(
      "kind: dashboard\nfile: d.json",
      files: ["d.json": "{\n  \"title\": \"x\",\n  \"panels\": [1,,]\n}\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.message == "d.json is not valid JSON: expected a value, found ','")
    #expect(findings.first?.evidence == EvidenceLocation(file: "d.json", line: 3, column: 16))
  }

  @Test func filesThatAreNotClassicDashboardsAreErrors() throws {
    let cases: [(String, String)] = [
      ("[]", "d.json is not a Grafana dashboard: its JSON is not an object"),
      (
        "{\"title\": \"x\"}",
        "d.json is not a Grafana dashboard: it has neither 'panels' nor 'rows'"
      ),
      (
        "{\"apiVersion\": \"dashboard.grafana.app/v2beta1\", \"kind\": \"Dashboard\", \"spec\": "
          + "{\"elements\": {}, \"layout\": {}}}",
        "d.json uses Grafana's v2 dashboard schema (elements and layout), which is not read; "
          + "export the dashboard with the classic JSON model"
      ),
      (
        String(repeating: "[", count: 100_000),
        "d.json nests arrays and objects more than 512 levels deep; refusing to read it"
      ),
      ("", "d.json is empty"),
    ]
    for (text, message) in cases {
      let findings = try evaluate("kind: dashboard\nfile: d.json", files: ["d.json": text])
      #expect(findings.map(\.status) == [.error], "\(text.prefix(40))")
      #expect(findings.first?.message == message)
    }
  }

  @Test func aDashboardWithoutPanelsFails() throws {
    let findings = try evaluate(
      "kind: dashboard\nfile: d.json",
      files: [
        "d.json": "{\"title\": \"x\", \"panels\": [{\"type\": \"row\", \"title\": \"Empty\"}]}"
      ])
    #expect(
      findings == [
        Finding(
          .fail, "d.json has no panels", evidence: EvidenceLocation(file: "d.json"),
          measured: ["panels": 0])
      ])
  }

  @Test func datasourceVariablesAndTextPanelsNeedNoMore() throws {
    let json = """
      {"title": "x", "templating": {"list": [{"name": "datasource", "type": "datasource"}]},
       "panels": [{"id": 1, "type": "text", "title": "Notes"},
                  {"id": 2, "type": "stat", "title": "Up", "datasource": "$datasource",
                   "targets": [{"refId": "A", "expr": "up"}]},
                  {"id": 3, "type": "stat", "title": "Shared",
                   "libraryPanel": {"uid": "u1", "name": "Shared"}}]}
      """
    let findings = try evaluate("kind: dashboard\nfile: d.json", files: ["d.json": json])
    #expect(
      findings.map(\.message) == [
        "d.json (x): 3 panels; every panel that queries data names a datasource"
      ])
  }

  @Test func badRegularExpressionsAreDiagnosedWhenTheChecklistIsRead() throws {
    let messages = try diagnosticsOfOpsCheck("kind: dashboard\nfile: d.json\npanels: [\"/([a/\"]")
    #expect(
      messages == [
        "'/([a/' is not a valid regular expression: missing terminating ] for character "
          + "class (at character 4 of the pattern)"
      ])
    let empty = try diagnosticsOfOpsCheck("kind: dashboard\nfile: d.json\npanels: [{}]")
    #expect(empty == ["a required panel needs 'title' or 'query'"])
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

/// Dashboards shipped as Kubernetes objects: grafana-operator GrafanaDashboards and ConfigMaps.
@Suite struct DashboardKubernetesTests {
  func at(_ file: String, _ line: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: file, line: line)
  }

  static let datasources = "every panel that queries data names a datasource"

  @Test func grafanaOperatorYAMLIsJudgedOnTheDashboardInSpecJSON() throws {
    let file = "grafana/checkout-grafanadashboard.yaml"
    let findings = try evaluateOps(
      "kind: dashboard\nfile: \(file)\npanels: [latency, requests]\nservice: checkout")
    #expect(
      findings == [
        Finding(
          .pass,
          "GrafanaDashboard checkout-overview, spec.json in \(file) (Checkout overview): 2 "
            + "panels; panel 'Request latency p95' (id 1) whose title or query matches latency; "
            + "panel 'Requests per second' (id 2) whose title or query matches requests; "
            + "\(Self.datasources); every query mentions checkout or $service",
          evidence: at(file, 12), measured: ["panels": 2])
      ])
  }

  @Test func grafanaOperatorJSONNamesTheObjectInItsFailures() throws {
    let file = "grafana/checkout-grafanadashboard.json"
    let findings = try evaluateOps("kind: dashboard\nfile: \(file)\npanels: [requests]")
    #expect(
      findings == [
        Finding(
          .fail,
          "GrafanaDashboard checkout-overview, spec.json in \(file) has no panel whose title or "
            + "query matches requests", evidence: at(file), measured: ["panels": 1])
      ])
  }

  /// Every dashboard of a ConfigMap is judged on its own; entries not ending in .json are skipped.
  @Test func everyDashboardOfAConfigMapListIsJudgedOnItsOwn() throws {
    let file = "grafana/dashboards-configmap-list.yaml"
    let findings = try evaluateOps("kind: dashboard\nfile: \(file)\npanels: [latency]")
    #expect(
      findings == [
        Finding(
          .pass,
          "ConfigMap grafana-dashboards, data[checkout.json] in \(file) (Checkout): 1 panel; "
            + "panel 'Request latency p95' (id 1) whose title or query matches latency; "
            + Self.datasources,
          evidence: at(file, 16), measured: ["panels": 1]),
        Finding(
          .fail,
          "ConfigMap grafana-dashboards, data[payments.json] in \(file) has no panel whose title "
            + "or query matches latency", evidence: at(file, 21), measured: ["panels": 1]),
      ])
  }

  @Test func aGrafanaDashboardWithTheModelAsAnObjectIsRead() throws {
    let yaml = """
      apiVersion: grafana.integreatly.org/v1beta1
      kind: GrafanaDashboard
      metadata: {name: search}
      spec:
        dashboard:
          title: Search
          panels:
            - {id: 7, type: stat, title: Search errors, datasource: prom,
               targets: [{refId: A, expr: 'sum(rate(search_errors_total[5m]))'}]}
      """
    let findings = try evaluate(
      "kind: dashboard\nfile: search.yaml\npanels: [errors]", files: ["search.yaml": yaml])
    #expect(
      findings == [
        Finding(
          .pass,
          "GrafanaDashboard search, spec.dashboard in search.yaml (Search): 1 panel; panel "
            + "'Search errors' (id 7) whose title or query matches errors; \(Self.datasources)",
          evidence: at("search.yaml", 6), measured: ["panels": 1])
      ])
  }

  @Test func kubernetesObjectsWithoutADashboardAreErrors() throws {
    let cases: [(String, String, Int?)] = [
      (
        "apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata: {name: "
          + "a}\nspec:\n  url: https://grafana.com/api/dashboards/1860/revisions/37/download\n",
        "GrafanaDashboard a in d.yaml takes its dashboard from spec.url, which is not read (no "
          + "network); put the dashboard JSON in spec.json or point the check at the JSON file",
        5
      ),
      (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata:\n  grafana.ini: x\n",
        "ConfigMap settings in d.yaml has no data entry ending in .json, so it holds no dashboard",
        1
      ),
      (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dash}\ndata:\n  a.json: '{\"title\": "
          + "\"x\", \"panels\": [1,,]}'\n",
        "ConfigMap dash, data[a.json] in d.yaml is not valid JSON: expected a value, found ','", 5
      ),
      (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: token}\n",
        "d.yaml holds a Secret, not a Grafana dashboard (a dashboard JSON model, a "
          + "GrafanaDashboard or a ConfigMap of dashboards)", 1
      ),
      (
        "apiVersion: v1\nkind: List\nitems: []\n",
        "d.yaml is a List with no items, so it holds no dashboard", 1
      ),
    ]
    for (text, message, line) in cases {
      let findings = try evaluate("kind: dashboard\nfile: d.yaml", files: ["d.yaml": text])
      #expect(findings.map(\.message) == [message])
      #expect(findings.map(\.status) == [.error])
      #expect(findings.first?.evidence?.line == line, "\(message)")
    }
  }

  /// Aliases can repeat one big string many times; embedded dashboards share the file's limit.
  @Test func embeddedDashboardsAreBoundedLikeFiles() throws {
    let model = "{\"title\": \"x\", \"panels\": []}" + String(repeating: " ", count: 400)
    let yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a.json: &d '\(model)'\n"
      + "  b.json: *d\n  c.json: *d\n"
    let root = try TempRoot(["d.yaml": yaml])
    let check = try decodeCheck("kind: dashboard\nfile: d.yaml")
    let cache = EvidenceCache(root: EvidenceRoot(root.url), maxBytes: 1000)
    let findings = check.evaluate(EvaluationContext(cache: cache, now: releaseDay))
    #expect(
      findings == [
        .error(
          "the dashboards embedded in d.yaml add up to more than 1000 bytes, the limit for a "
            + "dashboard file (at data[c.json] of ConfigMap big)",
          evidence: at("d.yaml", 7))
      ])
  }
}

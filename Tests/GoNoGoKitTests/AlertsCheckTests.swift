import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct AlertsCheckTests {
  static let checkout = "prometheus/checkout-alerts.yaml"
  static let payments = "prometheus/payments-alerts.yaml"

  func at(_ file: String, _ line: Int? = nil, _ column: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: file, line: line, column: column)
  }

  @Test func checkoutRulesHaveTheRequiredAlertsAndEverythingOnCallNeeds() throws {
    let findings = try evaluateOps(
      """
      kind: alerts
      files: [\(Self.checkout), prometheus/checkout-prometheusrule.yaml]
      required: [CheckoutHighErrorRate, "Checkout*Latency*"]
      repository_url: https://github.com/acme/shop/blob/main
      """)
    #expect(
      findings == [
        .pass("alert CheckoutHighErrorRate is defined", evidence: at(Self.checkout, 15)),
        .pass("Checkout*Latency* matches CheckoutHighP99Latency", evidence: at(Self.checkout, 25)),
        .pass(
          "prometheus/checkout-alerts.yaml has 3 alerting rules, each with a runbook_url, a "
            + "severity and a 'for' duration", evidence: at(Self.checkout)),
        .pass(
          "prometheus/checkout-prometheusrule.yaml has 1 alerting rule, which has a runbook_url, "
            + "a severity and a 'for' duration",
          evidence: at("prometheus/checkout-prometheusrule.yaml")),
      ])
  }

  @Test func incompleteAlertsFailByNameAndLine() throws {
    let findings = try evaluateOps(
      "kind: alerts\nfile: \(Self.payments)\nrequired: [PaymentsDown, \"Payments*Saturation*\"]")
    #expect(
      findings == [
        .pass("alert PaymentsDown is defined", evidence: at(Self.payments, 4)),
        Finding(
          .fail, "no alert matches Payments*Saturation* in prometheus/payments-alerts.yaml",
          evidence: at(Self.payments), measured: ["alerts": 3]),
        .fail(
          "alert PaymentsHighLatency in prometheus/payments-alerts.yaml has no runbook_url "
            + "annotation, no severity label and no 'for' duration", evidence: at(Self.payments, 13)
        ),
        .fail(
          "alert PaymentsProviderErrors in prometheus/payments-alerts.yaml has a 'for' of 0s, so "
            + "it fires on a single evaluation", evidence: at(Self.payments, 22)),
        .fail(
          "the runbook_url of alert PaymentsProviderErrors points at "
            + "runbooks/provider-errors.md, which does not exist",
          evidence: at(Self.payments, 28, 24)),
      ])
  }

  @Test func eachRequirementCanBeSwitchedOff() throws {
    let findings = try evaluateOps(
      """
      kind: alerts
      file: \(Self.payments)
      require_runbook_url: false
      require_severity: false
      require_for: false
      runbooks_exist: false
      """)
    #expect(
      findings == [
        .pass("prometheus/payments-alerts.yaml has 3 alerting rules", evidence: at(Self.payments))
      ])
  }

  @Test func aMissingNamedAlertFails() throws {
    let findings = try evaluateOps("kind: alerts\nfile: \(Self.checkout)\nrequired: [CheckoutDown]")
    #expect(
      findings.first
        == Finding(
          .fail, "no alert is named CheckoutDown in prometheus/checkout-alerts.yaml",
          evidence: at(Self.checkout), measured: ["alerts": 3]))
  }

  @Test func runbookLinksIntoTheRepositoryMustResolveInsideTheRoot() throws {
    let rules = """
      groups:
        - name: g
          rules:
            - alert: Escapes
              expr: up == 0
              for: 1m
              labels: {severity: page}
              annotations: {runbook_url: ../../etc/passwd}
            - alert: RepositoryLink
              expr: up == 0
              for: 1m
              labels: {severity: page}
              annotations:
                runbook_url: https://github.com/acme/shop/blob/main/docs/missing.md#steps
            - alert: Folder
              expr: up == 0
              for: 1m
              labels: {severity: page}
              annotations: {runbook_url: "https://github.com/acme/shop/blob/main/docs"}
            - alert: Templated
              expr: up == 0
              for: 1m
              labels: {severity: page}
              annotations: {runbook_url: "runbooks/{{ $labels.alertname }}.md"}
      """
    let findings = try evaluate(
      "kind: alerts\nfile: sre/alerts.yaml\nrepository_url: "
        + "https://github.com/acme/shop/blob/main/",
      files: ["sre/alerts.yaml": rules, "docs/runbook.md": "# Runbook\n"])
    #expect(
      findings == [
        .fail(
          "the runbook_url of alert Escapes (../../etc/passwd) leaves the evidence root",
          evidence: EvidenceLocation(file: "sre/alerts.yaml", line: 8, column: 36)),
        .fail(
          "the runbook_url of alert RepositoryLink points at docs/missing.md, which does not exist",
          evidence: EvidenceLocation(file: "sre/alerts.yaml", line: 14, column: 24)),
      ])
  }

  @Test func promtoolTestFilesAreNotRuleFiles() throws {
    let findings = try evaluateOps("kind: alerts\nfile: prometheus/checkout-alerts.test.yaml")
    #expect(
      findings == [
        .error(
          "prometheus/checkout-alerts.test.yaml is a promtool test file (rule_files, tests), not "
            + "a rule file; point the check at the rule files it tests",
          evidence: at("prometheus/checkout-alerts.test.yaml", 1))
      ])
  }

  @Test func rulesPrometheusWouldRejectAreErrorsAtTheirLine() throws {
    let findings = try evaluateOps("kind: alerts\nfile: prometheus/broken-rules.yaml")
    #expect(
      findings == [
        .error(
          "the 'for' of rule CheckoutHighErrorRate in prometheus/broken-rules.yaml is 'five "
            + "minutes', not a Prometheus duration such as 5m or 1h30m",
          evidence: at("prometheus/broken-rules.yaml", 6, 14))
      ])
    let cases: [(String, String, Int)] = [
      (
        "groups:\n  - name: a\n    rules:\n      - alert: A\n        record: a:b\n        expr: "
          + "up\n",
        "rule A in r.yaml has both 'alert' and 'record'; a rule is one or the other", 4
      ),
      ("groups:\n  - name: a\n    rules:\n      - alert: A\n", "rule A in r.yaml has no 'expr'", 4),
      (
        "groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n",
        "group name 'a' is repeated in r.yaml (lines 2 and 4)", 4
      ),
      ("groups:\n  - rules: []\n", "the rule group on line 2 of r.yaml has no name", 2),
      ("scrape_configs: []\n", "r.yaml is not a Prometheus rule file: it has no 'groups'", 1),
      (
        "groups: [\n",
        "r.yaml is not valid YAML: did not find expected node content (while parsing a flow node)",
        2
      ),
      (
        "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: x}\n",
        "the PrometheusRule in r.yaml has no spec.groups", 1
      ),
    ]
    for (text, message, line) in cases {
      let findings = try evaluate("kind: alerts\nfile: r.yaml", files: ["r.yaml": text])
      #expect(findings.map(\.status) == [.error], "\(text)")
      #expect(findings.first?.message == message)
      #expect(findings.first?.evidence?.line == line)
    }
  }

  @Test func recordingRulesAloneAreNoAlerting() throws {
    let rules =
      "groups:\n  - name: r\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n"
    let findings = try evaluate("kind: alerts\nfile: r.yaml", files: ["r.yaml": rules])
    #expect(
      findings == [
        Finding(
          .fail, "r.yaml defines no alerting rules", evidence: EvidenceLocation(file: "r.yaml"),
          measured: ["alerts": 0])
      ])
  }

  @Test func otherKubernetesResourcesInTheFileAreSkipped() throws {
    let text = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: unrelated}
      ---
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata: {name: checkout}
      spec:
        groups:
          - name: g
            rules:
              - alert: CheckoutDown
                expr: up{job="checkout"} == 0
                for: 2m
                labels: {severity: page}
                annotations: {runbook_url: "https://runbooks.example.com/checkout"}
      """
    let findings = try evaluate(
      "kind: alerts\nfile: k8s.yaml\nrequired: [CheckoutDown]", files: ["k8s.yaml": text])
    #expect(findings.map(\.status) == [.pass, .pass])
    #expect(findings.first?.evidence == EvidenceLocation(file: "k8s.yaml", line: 12))
  }

  @Test func aMissingRuleFileIsAnErrorNotAMissingAlert() throws {
    let findings = try evaluateOps(
      "kind: alerts\nfile: prometheus/missing.yaml\nrequired: [CheckoutDown]")
    #expect(
      findings == [
        .error(
          "evidence file not found: prometheus/missing.yaml",
          evidence: at("prometheus/missing.yaml"))
      ])
  }

  @Test func manyIncompleteAlertsAreListedUpToTenThenCounted() throws {
    var rules = "groups:\n  - name: g\n    rules:\n"
    for index in 1...13 { rules += "      - alert: A\(index)\n        expr: up == 0\n" }
    let findings = try evaluate("kind: alerts\nfile: r.yaml", files: ["r.yaml": rules])
    #expect(findings.count == 11)
    #expect(
      findings.first?.message
        == "alert A1 in r.yaml has no runbook_url annotation, no severity label and no 'for' "
        + "duration"
    )
    #expect(
      findings.last
        == .fail("3 more problems with alerts in r.yaml are not listed", evidence: at("r.yaml")))
  }

  @Test func hostileRuleFilesAreErrorsNotCrashes() throws {
    let root = try TempRoot()
    try Data("groups:\n  - name: caf\u{e9}\n".utf8.map { $0 == 0xA9 ? 0xFF : $0 })
      .write(to: root.url.appendingPathComponent("bad-utf8.yaml"))
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"]
    var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for (previous, name) in zip(names, names.dropFirst()) {
      bomb +=
        "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
        + "]\n"
    }
    try root.write("bomb.yaml", bomb)
    try root.write(
      "deep.yaml", String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
    let context = EvaluationContext(cache: root.cache, now: releaseDay)
    for (file, message) in [
      ("bad-utf8.yaml", "bad-utf8.yaml is not valid YAML: the file is not valid UTF-8"),
      (
        "bomb.yaml",
        "bomb.yaml is not valid YAML: the document expands to more than 1000000 nodes through "
          + "aliases; remove the aliases that repeat large anchored content, or write that content "
          + "out once where it is needed"
      ),
      (
        "deep.yaml",
        "deep.yaml is not valid YAML: sequences and mappings nest deeper than the limit of 64 "
          + "levels; flatten the structure"
      ),
    ] {
      let findings = try decodeCheck("kind: alerts\nfile: \(file)").evaluate(context)
      #expect(findings.map(\.status) == [.error], "\(file)")
      #expect(findings.first?.message == message)
    }
  }

  @Test func alertNamesMatchShellStyleWildcards() {
    #expect(AlertsCheck.matches("CheckoutHighP99Latency", pattern: "Checkout*Latency*"))
    #expect(AlertsCheck.matches("CheckoutLatency", pattern: "Checkout*Latency*"))
    #expect(!AlertsCheck.matches("PaymentsLatency", pattern: "Checkout*Latency*"))
    #expect(AlertsCheck.matches("KubePodCrashLooping", pattern: "Kube?od*"))
    #expect(!AlertsCheck.matches("CheckoutDownNow", pattern: "CheckoutDown"))
  }

  @Test func prometheusDurationsFollowPrometheusRules() {
    #expect(PrometheusRulesReader.prometheusDuration("1h30m") == 5_400)
    #expect(PrometheusRulesReader.prometheusDuration("5m") == 300)
    #expect(PrometheusRulesReader.prometheusDuration("1w2d") == 777_600)
    #expect(PrometheusRulesReader.prometheusDuration("0") == 0)
    #expect(PrometheusRulesReader.prometheusDuration("30m1h") == nil)
    #expect(PrometheusRulesReader.prometheusDuration("5 m") == nil)
    #expect(PrometheusRulesReader.prometheusDuration("m") == nil)
    #expect(PrometheusRulesReader.prometheusDuration("99999999999y") == nil)
  }
}

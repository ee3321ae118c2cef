import Foundation
import Testing

@testable import GoNoGoKit

/// Evidence written as the formats' specifications and real tools write it, checked the way a
/// release engineer would: impossible figures are errors naming file and field, real-world
/// variants are read, and every message is a whole sentence.
@Suite struct EvidenceAcceptanceTests {
  /// Evaluates `check` against the files under `Fixtures/acceptance`.
  func evaluateAcceptance(_ check: String) throws -> [Finding] {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let root = EvidenceRoot(fixtures.appendingPathComponent("acceptance"))
    return try decodeCheck(check).evaluate(
      EvaluationContext(cache: EvidenceCache(root: root), now: releaseDay))
  }

  func at(_ file: String, _ line: Int? = nil, _ column: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: file, line: line, column: column)
  }

  // MARK: LCOV (geninfo(1) tracefile format)

  func lcov(_ text: String, _ limits: String = "min_line_rate: 50%") throws -> [Finding] {
    try evaluate("kind: coverage\nfile: lcov.info\n\(limits)", files: ["lcov.info": text])
  }

  func invalidLCOV(_ line: Int, _ what: String) -> [Finding] {
    [
      .error(
        "lcov.info is not a valid LCOV tracefile: line \(line) \(what); regenerate the tracefile",
        evidence: at("lcov.info", line))
    ]
  }

  @Test func lcovWithMoreLinesHitThanFoundIsAnErrorNamingFileLineAndField() throws {
    let findings = try lcov("TN:\nSF:src/a.c\nDA:1,1\nLF:10\nLH:50\nend_of_record\n")
    #expect(findings == invalidLCOV(5, "has LH 50, more than the LF 10 of the record for src/a.c"))
  }

  @Test func lcovSummaryLinesThatContradictTheirDALinesAreAnError() throws {
    // Two instrumented lines, neither executed, but LH claims both: 100% would be a false GO.
    let findings = try lcov("SF:a.c\nDA:1,0\nDA:2,0\nLF:2\nLH:2\nend_of_record\n")
    #expect(
      findings
        == invalidLCOV(5, "has LH 2, but the DA lines of the record for a.c show 0 of 2 lines hit"))
    let found = try lcov("SF:a.c\nDA:1,1\nDA:2,0\nDA:3,0\nLF:1\nLH:1\nend_of_record\n")
    #expect(
      found == invalidLCOV(5, "has LF 1, but the record for a.c lists 3 lines in its DA lines"))
    let branches = try lcov(
      "SF:a.c\nDA:1,1\nBRDA:1,0,0,0\nBRDA:1,0,1,-\nBRF:2\nBRH:2\nLF:1\nLH:1\nend_of_record\n")
    #expect(
      branches
        == invalidLCOV(
          6, "has BRH 2, but the BRDA lines of the record for a.c show 0 of 2 branches taken"))
  }

  @Test func lcovLinesHitWithoutLinesFoundIsAnError() throws {
    #expect(
      try lcov("SF:a.c\nLH:3\nend_of_record\n")
        == invalidLCOV(
          2, "has LH 3, but the record for a.c has no LF line saying how many lines it instruments")
    )
  }

  @Test func lcovBranchesHitAboveFoundAndNegativeCountsAreErrors() throws {
    #expect(
      try lcov("SF:a.c\nDA:1,1\nBRF:1\nBRH:2\nLF:1\nLH:1\nend_of_record\n")
        == invalidLCOV(4, "has BRH 2, more than the BRF 1 of the record for a.c"))
    #expect(
      try lcov("SF:a.c\nDA:1,-1\nLF:1\nLH:0\nend_of_record\n")
        == invalidLCOV(2, "has DA '1,-1', whose hit count is negative"))
  }

  /// Two source files, each with functions, lines and branches (`-`: block never executed).
  static let twoFiles = """
    TN:unit
    SF:src/a.c
    FN:1,main
    FNDA:1,main
    FNF:1
    FNH:1
    DA:1,1
    DA:2,1
    DA:3,0
    BRDA:2,0,0,1
    BRDA:2,0,1,-
    BRF:2
    BRH:1
    LF:3
    LH:2
    end_of_record
    TN:unit
    SF:src/b.c
    DA:1,1
    DA:2,1
    BRDA:1,0,0,1
    BRDA:1,0,1,3
    BRF:2
    BRH:2
    LF:2
    LH:2
    end_of_record

    """

  @Test func lcovRecordsOfSeveralFilesAreAddedUpLinesAndBranches() throws {
    let findings = try lcov(Self.twoFiles, "min_line_rate: 80%\nmin_branch_rate: 80%")
    #expect(
      findings == [
        Finding(
          .fail,
          "lcov.info (LCOV): lines 80% (4 of 5 lines), branches 75% (3 of 4 branches); branch "
            + "coverage below min_branch_rate 80%", evidence: at("lcov.info"),
          measured: [
            "line_rate": 0.8, "lines_covered": 4, "lines_valid": 5, "branch_rate": 0.75,
            "branches_covered": 3, "branches_valid": 4,
          ], expected: ["min_line_rate": 0.8, "min_branch_rate": 0.8])
      ])
  }

  @Test func lcovRecordsOfOneFileFromTwoTestsAreMergedLineByLine() throws {
    let text =
      "TN:unit\nSF:src/a.c\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\n"
      + "TN:integration\nSF:src/a.c\nDA:1,0\nDA:2,4\nLF:2\nLH:1\nend_of_record\n"
    #expect(
      try lcov(text, "min_line_rate: 100%") == [
        Finding(
          .pass, "lcov.info (LCOV): lines 100% (2 of 2 lines)", evidence: at("lcov.info"),
          measured: ["line_rate": 1.0, "lines_covered": 2, "lines_valid": 2, "branch_rate": .null],
          expected: ["min_line_rate": 1.0])
      ])
  }

  @Test func lcovWithoutBranchRecordsSaysNoBranchDataWasCollected() throws {
    let findings = try lcov("SF:a.c\nDA:1,1\nLF:1\nLH:1\nend_of_record\n", "min_branch_rate: 50%")
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "no branch data was collected in lcov.info (LCOV), so min_branch_rate 50% cannot be "
        + "judged; collect branch coverage (coverage.py run --branch, lcov --rc "
        + "branch_coverage=1) or drop min_branch_rate")
  }

  // MARK: Cobertura (coverage-04.dtd) and JaCoCo (report.dtd)

  @Test func coveragePyWithoutBranchSaysNoBranchDataWasCollected() throws {
    // Written by coverage.py 7.18 `coverage run` + `coverage xml`: branch-rate="0", no branches.
    let file = "coverage/coveragepy-no-branch.xml"
    #expect(
      try evaluateAcceptance("kind: coverage\nfile: \(file)\nmin_branch_rate: 50%") == [
        Finding(
          .error,
          "no branch data was collected in \(file) (Cobertura), so min_branch_rate 50% cannot "
            + "be judged; collect branch coverage (coverage.py run --branch, lcov --rc "
            + "branch_coverage=1) or drop min_branch_rate", evidence: at(file),
          measured: [
            "line_rate": .double(5.0 / 9.0), "lines_covered": 5, "lines_valid": 9,
            "branch_rate": .null,
          ], expected: ["min_branch_rate": 0.5])
      ])
  }

  @Test func coveragePyWithBranchDataAtZeroPercentIsARealFailure() throws {
    // Written by coverage.py 7.18 `coverage run --branch`: two branches, neither taken.
    let file = "coverage/coveragepy-zero-branch.xml"
    #expect(
      try evaluateAcceptance("kind: coverage\nfile: \(file)\nmin_branch_rate: 50%") == [
        Finding(
          .fail,
          "\(file) (Cobertura): lines 25% (1 of 4 lines), branches 0% (0 of 2 branches); branch "
            + "coverage below min_branch_rate 50%", evidence: at(file),
          measured: [
            "line_rate": 0.25, "lines_covered": 1, "lines_valid": 4, "branch_rate": 0.0,
            "branches_covered": 0, "branches_valid": 2,
          ], expected: ["min_branch_rate": 0.5])
      ])
  }

  @Test func coberturaRatesOutsideZeroToOneAreErrorsEvenWithoutCounts() throws {
    let xml = """
      <?xml version="1.0"?>
      <coverage line-rate="1.4" branch-rate="0.5" version="1.9" timestamp="1">
        <packages><package name="p" line-rate="1.4" branch-rate="0.5"><classes>
          <class name="A" filename="A.java" line-rate="1.4" branch-rate="0.5"><methods/><lines>
            <line number="1" hits="3"/>
          </lines></class></classes></package></packages>
      </coverage>
      """
    #expect(
      try evaluate(
        "kind: coverage\nfile: coverage.xml\nmin_line_rate: 50%", files: ["coverage.xml": xml])
        == [
          .error(
            "coverage.xml is not a valid Cobertura report: <coverage> on line 2 has line-rate "
              + "'1.4', which is not a fraction between 0 and 1; regenerate the report",
            evidence: at("coverage.xml", 2))
        ])
  }

  @Test func coberturaCountsThatItsListedLinesDoNotBearOutAreAnError() throws {
    // The root claims every line covered; the listed lines show one of three hit.
    let xml = """
      <?xml version="1.0"?>
      <coverage line-rate="1" branch-rate="0" lines-valid="3" lines-covered="3" branches-valid="0" branches-covered="0" version="1" timestamp="1">
        <packages><package name="p"><classes><class name="a" filename="a.py"><lines>
          <line number="1" hits="1"/><line number="2" hits="0"/><line number="3" hits="0"/>
        </lines></class></classes></package></packages>
      </coverage>
      """
    #expect(
      try evaluate(
        "kind: coverage\nfile: coverage.xml\nmin_line_rate: 80%", files: ["coverage.xml": xml])
        == [
          .error(
            "coverage.xml is not a valid Cobertura report: <coverage> on line 2 has lines-covered "
              + "3, but its <line> elements show only 1 line hit; regenerate the report",
            evidence: at("coverage.xml", 2))
        ])
  }

  /// JaCoCo writes each report counter as the sum of its packages' (report.dtd: report →
  /// group* | package*, counter*); a report counter its packages contradict is no evidence.
  @Test func jacocoReportCountersThatTheirPackagesContradictAreAnError() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <report name="shop">
        <sessioninfo id="ci-1" start="1796115000000" dump="1796115060000"/>
        <group name="services">
          <package name="com/acme/cart">
            <class name="com/acme/cart/Cart" sourcefilename="Cart.java">
              <counter type="LINE" missed="60" covered="10"/>
            </class>
            <counter type="LINE" missed="60" covered="10"/>
            <counter type="BRANCH" missed="8" covered="2"/>
          </package>
          <counter type="LINE" missed="60" covered="10"/>
        </group>
        <package name="com/acme/pay">
          <counter type="LINE" missed="20" covered="10"/>
          <counter type="BRANCH" missed="0" covered="4"/>
        </package>
        <counter type="LINE" missed="0" covered="100"/>
        <counter type="BRANCH" missed="8" covered="6"/>
      </report>
      """
    #expect(
      try evaluate(
        "kind: coverage\nfile: jacoco.xml\nmin_line_rate: 80%", files: ["jacoco.xml": xml])
        == [
          .error(
            "jacoco.xml is not a valid JaCoCo report: the LINE counter of <report> on line 18 "
              + "counts 100 of 100 lines covered, but the LINE counters of its packages add up "
              + "to 20 of 100; regenerate the report", evidence: at("jacoco.xml", 18))
        ])
    let consistent = xml.replacingOccurrences(
      of: #"<counter type="LINE" missed="0" covered="100"/>"#,
      with: #"<counter type="LINE" missed="80" covered="20"/>"#)
    #expect(
      try evaluate(
        "kind: coverage\nfile: jacoco.xml\nmin_line_rate: 80%", files: ["jacoco.xml": consistent])
        == [
          Finding(
            .fail,
            "jacoco.xml (JaCoCo): lines 20% (20 of 100 lines), branches 42.85% (6 of 14 branches); "
              + "line coverage below min_line_rate 80%", evidence: at("jacoco.xml"),
            measured: [
              "line_rate": 0.2, "lines_covered": 20, "lines_valid": 100,
              "branch_rate": .double(6.0 / 14.0), "branches_covered": 6, "branches_valid": 14,
            ], expected: ["min_line_rate": 0.8])
        ])
  }

  @Test func jacocoCountersThatAreNotCountsAndReportsWithoutLinesAreErrors() throws {
    let head =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
      + #"<report name="app"><sessioninfo id="s" start="1" dump="2"/>"#
    let negative =
      head + #"<package name="a"><counter type="LINE" missed="2" covered="8"/>"#
      + #"</package><counter type="LINE" missed="-3" covered="8"/></report>"#
    #expect(
      try evaluate(
        "kind: coverage\nfile: jacoco.xml\nmin_line_rate: 50%", files: ["jacoco.xml": negative])
        == [
          .error(
            "jacoco.xml is not a valid JaCoCo report: the LINE counter on line 1 has missed "
              + "'-3', which is not a count (a whole number, 0 or more); regenerate the report",
            evidence: at("jacoco.xml", 1))
        ])
    #expect(
      try evaluate(
        "kind: coverage\nfile: jacoco.xml\nmin_line_rate: 50%",
        files: ["jacoco.xml": head + "</report>"])
        == [
          .error(
            "jacoco.xml gives no line coverage: it counts no lines and states no line rate; "
              + "regenerate the report from a test run that loaded the code",
            evidence: at("jacoco.xml"))
        ])
  }

  // MARK: k6 (`--summary-export` and `handleSummary()` data)

  /// A `--summary-export` file as k6 v0.4x writes it; `thresholds` map to true when they failed.
  static func k6Export(
    duration: String =
      #""avg": 120.5, "min": 80.1, "med": 110, "max": 900.2, "p(90)": 180, "p(95)": 210.3"#,
    failed: String =
      #""passes": 2, "fails": 998, "thresholds": {"rate<0.01": false}, "value": 0.002"#,
    requests: String = #""count": 1000, "rate": 33.33"#,
    iterations: String = #""count": 1000, "rate": 33.33"#,
    checks: String = #""passes": 1000, "fails": 0, "value": 1"#,
    latencyThreshold: String = "false"
  ) -> String {
    """
    {
      "root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": {}, "checks": {}},
      "options": {"summaryTrendStats": ["avg", "min", "med", "max", "p(90)", "p(95)"], "summaryTimeUnit": "", "noColor": false},
      "state": {"isStdOutTTY": false, "isStdErrTTY": false, "testRunDurationMs": 30012.5},
      "metrics": {
        "http_req_duration": {\(duration), "thresholds": {"p(95)<500": \(latencyThreshold)}},
        "http_req_failed": {\(failed)},
        "http_reqs": {\(requests)},
        "iterations": {\(iterations)},
        "checks": {\(checks)},
        "vus": {"value": 10, "min": 10, "max": 10},
        "data_received": {"count": 1200000, "rate": 40000}
      }
    }
    """
  }

  /// The data k6 passes to `handleSummary()`, as `JSON.stringify(data)` writes it.
  static func k6HandleSummary(
    duration: String =
      #""avg": 120.5, "min": 80.1, "med": 110, "max": 900.2, "p(90)": 180, "p(95)": 210.3"#,
    failed: String = #""rate": 0.002, "passes": 2, "fails": 998"#,
    checks: String = #""rate": 1, "passes": 1000, "fails": 0"#
  ) -> String {
    """
    {
      "root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": [], "checks": []},
      "options": {"summaryTrendStats": ["avg", "min", "med", "max", "p(90)", "p(95)"], "summaryTimeUnit": "", "noColor": false},
      "state": {"isStdOutTTY": false, "isStdErrTTY": false, "testRunDurationMs": 30012.5},
      "metrics": {
        "http_req_duration": {"type": "trend", "contains": "time", "values": {\(duration)}, "thresholds": {"p(95)<500": {"ok": true}}},
        "http_req_failed": {"type": "rate", "contains": "default", "values": {\(failed)}},
        "http_reqs": {"type": "counter", "contains": "default", "values": {"count": 1000, "rate": 33.33}},
        "iterations": {"type": "counter", "contains": "default", "values": {"count": 1000, "rate": 33.33}},
        "checks": {"type": "rate", "contains": "default", "values": {\(checks)}},
        "vus": {"type": "gauge", "contains": "default", "values": {"value": 10, "min": 10, "max": 10}}
      }
    }
    """
  }

  func k6(_ summary: String, _ limits: String = "p95: 500ms\nmax_error_rate: 1%") throws
    -> [Finding]
  {
    try evaluate("kind: loadtest\nfile: summary.json\n\(limits)", files: ["summary.json": summary])
  }

  func invalidK6(_ what: String) -> [Finding] {
    [
      .error(
        "summary.json is not a valid k6 summary: \(what); run the test again and keep the "
          + "summary k6 writes", evidence: at("summary.json"))
    ]
  }

  @Test func k6SummariesAsK6WritesThemPass() throws {
    for summary in [Self.k6Export(), Self.k6HandleSummary()] {
      #expect(
        try k6(summary) == [
          Finding(
            .pass, "p(95) of http_req_duration is 210.3 ms in summary.json, within 500 ms",
            evidence: at("summary.json"), measured: ["p95_ms": 210.3], expected: ["p95_ms": 500.0]),
          Finding(
            .pass,
            "HTTP error rate is 0.2% (2 of 1000 requests failed) in summary.json, within "
              + "max_error_rate 1%", evidence: at("summary.json"),
            measured: ["error_rate": 0.002, "failed_requests": 2],
            expected: ["max_error_rate": 0.01]),
        ])
    }
  }

  @Test(arguments: [
    (
      k6Export(duration: #""avg": 120.5, "min": 80.1, "med": 110, "max": 900.2, "p(95)": -5"#),
      "metric 'http_req_duration' has p(95) -5, but a duration cannot be negative"
    ),
    (
      k6Export(failed: #""passes": 1500, "fails": -500, "value": 1.5"#),
      "metric 'http_req_failed' has value 1.5, but a rate is a fraction between 0 and 1"
    ),
    (
      k6Export(failed: #""passes": 0, "fails": 1000, "value": -0.1"#),
      "metric 'http_req_failed' has value -0.1, but a rate is a fraction between 0 and 1"
    ),
    (
      k6HandleSummary(failed: #""rate": -0.1, "passes": 0, "fails": 1000"#),
      "metric 'http_req_failed' has rate -0.1, but a rate is a fraction between 0 and 1"
    ),
    (
      k6HandleSummary(duration: #""avg": 1, "min": -2, "p(95)": 3"#),
      "metric 'http_req_duration' has min -2, but a duration cannot be negative"
    ),
    (
      k6Export(checks: #""passes": 1000, "fails": 0, "value": 1.2"#),
      "metric 'checks' has value 1.2, but a rate is a fraction between 0 and 1"
    ),
    (
      k6HandleSummary(checks: #""rate": 1.2, "passes": 1000, "fails": 0"#),
      "metric 'checks' has rate 1.2, but a rate is a fraction between 0 and 1"
    ),
    (
      k6Export(requests: #""count": 1000, "rate": -33.33"#),
      "metric 'http_reqs' has rate -33.33, but a rate per second cannot be negative"
    ),
    (
      k6Export(duration: #""avg": 120.5, "min": 80.1, "med": 110, "max": 100, "p(95)": 210.3"#),
      "metric 'http_req_duration' has avg 120.5 above its max 100, but every statistic of a "
        + "trend lies between its min and max"
    ),
    (
      k6HandleSummary(
        duration: #""avg": 120, "min": 80, "med": 110, "max": 900, "p(90)": 300, "p(95)": 210"#),
      "metric 'http_req_duration' has p(90) 300 above its p(95) 210, but a higher percentile is "
        + "never lower"
    ),
  ])
  func k6FiguresOutsideTheirDomainAreErrorsNamingMetricAndField(
    _ summary: String, _ what: String
  ) throws {
    #expect(try k6(summary) == invalidK6(what))
  }

  @Test func aK6TestThatSentNothingIsNoEvidence() throws {
    #expect(
      try k6(Self.k6Export(requests: #""count": 0, "rate": 0"#)) == [
        .error(
          "summary.json records a load test that sent no requests (http_reqs count 0), so it is "
            + "no evidence; check the script's target and run the test again",
          evidence: at("summary.json"))
      ])
    #expect(
      try k6(Self.k6Export(iterations: #""count": 0, "rate": 0"#)) == [
        .error(
          "summary.json records a load test that ran no iterations (iterations count 0), so it "
            + "is no evidence; check the script's target and run the test again",
          evidence: at("summary.json"))
      ])
  }

  @Test func aSummaryExportThresholdMarkedTrueFailed() throws {
    let findings = try k6(Self.k6Export(latencyThreshold: "true"), "thresholds_pass: true")
    #expect(
      findings == [
        Finding(
          .fail, "k6 threshold 'p(95)<500' on http_req_duration failed in summary.json",
          evidence: at("summary.json"),
          measured: ["threshold": "p(95)<500", "metric": "http_req_duration"],
          expected: ["passed": true])
      ])
  }

  // MARK: Grafana dashboards in Kubernetes objects

  static let datasources = "every panel that queries data names a datasource"

  func dashboard(_ name: String, _ text: String, _ parameters: String = "panels: [latency]")
    throws -> [Finding]
  {
    try evaluate("kind: dashboard\nfile: \(name)\n\(parameters)", files: [name: text])
  }

  /// One panel titled `title`, as a dashboard model in JSON.
  static func model(_ title: String, panel: String = "Request latency p95") -> String {
    #"{"title": "\#(title)", "uid": "u-\#(title)", "schemaVersion": 39, "panels": [{"id": 1, "#
      + #""type": "timeseries", "title": "\#(panel)", "datasource": {"type": "prometheus", "#
      + #""uid": "prom"}, "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[5m]))"}]}]}"#
  }

  func passing(_ origin: String, _ title: String, _ file: String, line: Int?) -> Finding {
    Finding(
      .pass,
      "\(origin) in \(file) (\(title)): 1 panel; panel 'Request latency p95' (id 1) whose title "
        + "or query matches latency; \(Self.datasources)", evidence: at(file, line),
      measured: ["panels": 1])
  }

  @Test func grafanaOperatorV1beta1WithSpecJSONAsAFoldedString() throws {
    let yaml = """
      apiVersion: grafana.integreatly.org/v1beta1
      kind: GrafanaDashboard
      metadata:
        name: checkout
        namespace: monitoring
      spec:
        resyncPeriod: 30s
        instanceSelector:
          matchLabels:
            dashboards: grafana
        json: >
          \(Self.model("Checkout"))
      """
    #expect(
      try dashboard("dash.yaml", yaml) == [
        passing("GrafanaDashboard checkout, spec.json", "Checkout", "dash.yaml", line: 11)
      ])
  }

  /// grafana-operator v4 served the same kind under `integreatly.org/v1alpha1`.
  @Test func grafanaOperatorV4V1alpha1IsReadLikeV5() throws {
    let yaml = """
      apiVersion: integreatly.org/v1alpha1
      kind: GrafanaDashboard
      metadata:
        name: checkout
        labels: {app: grafana}
      spec:
        customFolderName: shop
        json: |
          \(Self.model("Checkout"))
      """
    #expect(
      try dashboard("dash.yaml", yaml) == [
        passing("GrafanaDashboard checkout, spec.json", "Checkout", "dash.yaml", line: 8)
      ])
  }

  @Test func grafanaOperatorWithSpecDashboardAsAnObject() throws {
    let yaml = """
      apiVersion: grafana.integreatly.org/v1beta1
      kind: GrafanaDashboard
      metadata:
        name: checkout
      spec:
        instanceSelector: {matchLabels: {dashboards: grafana}}
        dashboard:
          title: Checkout
          panels:
            - id: 1
              type: timeseries
              title: Request latency p95
              datasource: {type: prometheus, uid: prom}
              targets: [{expr: 'sum(rate(http_requests_total[5m]))'}]
      """
    #expect(
      try dashboard("dash.yaml", yaml) == [
        passing("GrafanaDashboard checkout, spec.dashboard", "Checkout", "dash.yaml", line: 8)
      ])
  }

  @Test func configMapWithADashboardInADataEntry() throws {
    let yaml = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: grafana-dashboards
        labels: {grafana_dashboard: "1"}
      data:
        checkout.json: |
          \(Self.model("Checkout"))
      """
    #expect(
      try dashboard("cm.yaml", yaml) == [
        passing("ConfigMap grafana-dashboards, data[checkout.json]", "Checkout", "cm.yaml", line: 7)
      ])
  }

  /// `kubectl get configmaps -o yaml` writes a `List`; the API server's own `ConfigMapList`
  /// leaves `kind` and `apiVersion` out of its items.
  @Test func configMapListsWithTwoConfigMapsJudgeEachDashboard() throws {
    func entry(_ name: String, _ title: String, _ panel: String, kind: Bool) -> String {
      (kind
        ? "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: \(name)}\n"
        : "  - metadata: {name: \(name)}\n")
        + "    data:\n      \(name).json: '\(Self.model(title, panel: panel))'\n"
    }
    let list =
      "apiVersion: v1\nkind: List\nitems:\n"
      + entry("one", "One", "Request latency p95", kind: true)
      + entry("two", "Two", "Errors", kind: true)
    let failing = Finding(
      .fail,
      "ConfigMap two, data[two.json] in list.yaml has no panel whose title or query matches "
        + "latency", evidence: at("list.yaml", 13), measured: ["panels": 1])
    #expect(
      try dashboard("list.yaml", list) == [
        passing("ConfigMap one, data[one.json]", "One", "list.yaml", line: 8), failing,
      ])
    let apiList =
      "apiVersion: v1\nkind: ConfigMapList\nmetadata: {resourceVersion: \"123\"}\nitems:\n"
      + entry("one", "One", "Request latency p95", kind: false)
      + entry("two", "Two", "Request latency p95", kind: false)
    #expect(
      try dashboard("cml.yaml", apiList) == [
        passing("ConfigMap one, data[one.json]", "One", "cml.yaml", line: 7),
        passing("ConfigMap two, data[two.json]", "Two", "cml.yaml", line: 10),
      ])
  }

  /// Rendered manifests (`helm template`) put a dashboard ConfigMap beside other objects.
  @Test func otherKubernetesObjectsBesideADashboardAreSkipped() throws {
    let yaml = """
      apiVersion: v1
      kind: Service
      metadata: {name: checkout}
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: dashboards}
      data:
        checkout.json: '\(Self.model("Checkout"))'
      """
    #expect(
      try dashboard("manifests.yaml", yaml) == [
        passing("ConfigMap dashboards, data[checkout.json]", "Checkout", "manifests.yaml", line: 10)
      ])
    let serviceOnly =
      "apiVersion: v1\nkind: Service\nmetadata: {name: checkout}\nspec: {ports: []}\n"
    #expect(
      try dashboard("service.yaml", serviceOnly) == [
        .error(
          "service.yaml holds a Service, not a Grafana dashboard (a dashboard JSON model, a "
            + "GrafanaDashboard or a ConfigMap of dashboards)", evidence: at("service.yaml", 1))
      ])
  }

  @Test func aDashboardWithNoPanelsMeasuresZeroPanels() throws {
    for parameters in ["panels: [latency]", "golden_signals: true", "service: checkout"] {
      #expect(
        try dashboard("d.json", #"{"title": "Empty", "panels": []}"#, parameters) == [
          Finding(.fail, "d.json has no panels", evidence: at("d.json"), measured: ["panels": 0])
        ])
    }
    let yaml = """
      apiVersion: grafana.integreatly.org/v1beta1
      kind: GrafanaDashboard
      metadata: {name: empty}
      spec:
        json: '{"title": "Empty", "panels": []}'
      """
    #expect(
      try dashboard("dash.yaml", yaml) == [
        Finding(
          .fail, "GrafanaDashboard empty, spec.json in dash.yaml has no panels",
          evidence: at("dash.yaml", 5), measured: ["panels": 0])
      ])
  }

  // MARK: OpenSLO v1 and v1alpha

  static let sloV1 = """
    apiVersion: openslo/v1
    kind: SLO
    metadata:
      name: checkout-availability
      displayName: Checkout availability
    spec:
      description: Checkout answers
      service: checkout
      indicator:
        metadata: {name: checkout-success}
        spec:
          ratioMetric:
            counter: true
            good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok[5m]))'}}}
            total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(all[5m]))'}}}
      budgetingMethod: Occurrences
      objectives:
        - displayName: Good
          target: 0.995
    """

  func slo(_ text: String, _ parameters: String) throws -> [Finding] {
    try evaluate("kind: slo\nfile: slo.yaml\n\(parameters)", files: ["slo.yaml": text])
  }

  @Test func openSLOv1WithoutTimeWindowPassesServiceAndMinTarget() throws {
    #expect(
      try slo(Self.sloV1, "service: checkout\nmin_target: 99%") == [
        Finding(
          .pass, "SLO checkout-availability for checkout targets 99.5% (no timeWindow)",
          evidence: at("slo.yaml", 1), measured: ["target": 0.995])
      ])
    #expect(
      try slo(Self.sloV1, "max_window: 30d") == [
        Finding(
          .error,
          "SLO checkout-availability in slo.yaml has no timeWindow, so max_window 30d cannot be "
            + "judged; add a timeWindow (e.g. [{duration: 28d, isRolling: true}]) to its spec",
          evidence: at("slo.yaml", 1), expected: ["max_window": "30d"])
      ])
  }

  @Test func openSLOv1CalendarMonthCountsThirtyDays() throws {
    let calendar =
      Self.sloV1 + "\n  timeWindow:\n    - duration: 1M\n      isRolling: false\n"
      + "      calendar: {startTime: '2022-01-01 00:00:00', timeZone: UTC}"
    #expect(
      try slo(calendar, "max_window: 30d") == [
        Finding(
          .pass, "SLO checkout-availability for checkout targets 99.5% over a calendar 1M window",
          evidence: at("slo.yaml", 1), measured: ["target": 0.995, "window": "1M"])
      ])
  }

  @Test func openSLOTargetsAtOrAbove100PercentAreErrors() throws {
    #expect(
      try slo(
        Self.sloV1.replacingOccurrences(of: "target: 0.995", with: "targetPercent: 100"),
        "min_target: 99%") == [
          .error(
            "SLO checkout-availability in slo.yaml has a targetPercent of 100, which is not "
              + "between 0 and 100 (e.g. 99.9)", evidence: at("slo.yaml", 19, 22))
        ])
    #expect(
      try slo(
        Self.sloV1.replacingOccurrences(of: "target: 0.995", with: "target: 1"), "min_target: 99%")
        == [
          .error(
            "SLO checkout-availability in slo.yaml has a target of 1, which is not a fraction "
              + "between 0 and 1 (e.g. 0.999)", evidence: at("slo.yaml", 19, 15))
        ])
  }

  @Test func openSLOMistakesSayWhatIsWrongWithTheWrittenValue() throws {
    let quoted = Self.sloV1.replacingOccurrences(of: "target: 0.995", with: "target: '0.995'")
    #expect(
      try slo(quoted, "min_target: 99%") == [
        .error(
          "SLO checkout-availability in slo.yaml has a target '0.995' that is a string, not a "
            + "number; write it unquoted, as a fraction between 0 and 1 (e.g. 0.999)",
          evidence: at("slo.yaml", 19, 15))
      ])
    let zeroDays = Self.sloV1 + "\n  timeWindow:\n    - duration: 0d\n      isRolling: true"
    #expect(
      try slo(zeroDays, "max_window: 30d") == [
        .error(
          "SLO checkout-availability in slo.yaml has a timeWindow duration '0d', which is not a "
            + "whole number above 0 followed by m, h, d, w, M, Q or Y (such as 28d or 1M)",
          evidence: at("slo.yaml", 21, 17))
      ])
    let fortnight = Self.sloV1alpha.replacingOccurrences(of: "unit: Day", with: "unit: Fortnight")
    #expect(
      try slo(fortnight, "max_window: 30d") == [
        .error(
          "SLO foo-slo in slo.yaml has a timeWindows unit of Fortnight, which is not Second, "
            + "Minute, Hour, Day, Week, Month, Quarter or Year", evidence: at("slo.yaml", 10, 13))
      ])
  }

  static let sloV1alpha = """
    apiVersion: openslo/v1alpha
    kind: SLO
    metadata:
      name: foo-slo
      displayName: Foo SLO
    spec:
      service: foo
      budgetingMethod: Occurrences
      timeWindows:
        - unit: Day
          count: 28
          isRolling: true
      objectives:
        - displayName: Foo Total Errors
          target: 0.98
          ratioMetrics:
            good: {source: prometheus, queryType: promql, query: 'sum(ok)'}
            total: {source: prometheus, queryType: promql, query: 'sum(all)'}
    """

  @Test func openSLOv1alphaIsRead() throws {
    #expect(
      try slo(Self.sloV1alpha, "service: foo\nmin_target: 98%\nmax_window: 30d") == [
        Finding(
          .pass, "SLO foo-slo for foo targets 98% over a rolling 28d window",
          evidence: at("slo.yaml", 1), measured: ["target": 0.98, "window": "28d"])
      ])
    let fiveWeeks = Self.sloV1alpha.replacingOccurrences(
      of: "unit: Day\n      count: 28", with: "unit: Week\n      count: 5")
    #expect(
      try slo(fiveWeeks, "max_window: 30d") == [
        Finding(
          .fail,
          "SLO foo-slo in slo.yaml is measured over a rolling 5w window, longer than max_window "
            + "30d", evidence: at("slo.yaml", 1), measured: ["window": "5w"],
          expected: ["max_window": "30d"])
      ])
  }

  // MARK: SBOMs: CycloneDX XML, SPDX 2.3 tag-value and JSON, SPDX 3.0 JSON-LD

  static let allMetadata = "required_metadata: [component, timestamp, tools, authors, supplier]"

  func sbom(_ fixture: String, _ parameters: String = "min_components: 2\n\(allMetadata)")
    throws -> [Finding]
  {
    try evaluateAcceptance("kind: sbom\nfile: sbom/\(fixture)\n\(parameters)")
  }

  func sbom(text: String, as name: String, _ parameters: String) throws -> [Finding] {
    try evaluate("kind: sbom\nfile: \(name)\n\(parameters)", files: [name: text])
  }

  /// The passing finding of an SBOM with every metadata field present.
  func listing(_ file: String, _ what: String, _ count: Int, minimum: Int = 2) -> Finding {
    Finding(
      .pass,
      "\(file) is \(what) listing \(count) components; metadata: component, timestamp, tools, "
        + "authors, supplier", evidence: at(file),
      measured: ["components": .int(count)], expected: ["min_components": .int(minimum)])
  }

  @Test func cycloneDX15XMLInItsNamespaceCountsAllButTheSubject() throws {
    let file = "sbom/cyclonedx-1.5.xml"
    #expect(
      try sbom("cyclonedx-1.5.xml") == [
        listing(file, "a CycloneDX 1.5 XML SBOM of shop 1.0.0", 3)
      ])
  }

  @Test func cycloneDXXMLWithANamespacePrefixIsReadTheSame() throws {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let text = try String(
      contentsOf: fixtures.appendingPathComponent("acceptance/sbom/cyclonedx-1.5.xml"),
      encoding: .utf8)
    let prefixed = text.replacingOccurrences(of: "</", with: "</c:")
      .replacingOccurrences(of: "<([a-z])", with: "<c:$1", options: .regularExpression)
      .replacingOccurrences(of: "<c:bom xmlns=", with: "<c:bom xmlns:c=")
    #expect(
      try sbom(text: prefixed, as: "bom.xml", "min_components: 2\n\(Self.allMetadata)") == [
        listing("bom.xml", "a CycloneDX 1.5 XML SBOM of shop 1.0.0", 3)
      ])
  }

  @Test func cycloneDX14XMLWithAToolListAndMissingMetadata() throws {
    let file = "sbom/cyclonedx-1.4-tool-list.xml"
    #expect(
      try sbom("cyclonedx-1.4-tool-list.xml", "required_metadata: [component, timestamp, tools]")
        == [
          Finding(
            .pass,
            "\(file) is a CycloneDX 1.4 XML SBOM of shop 1.0.0 listing 2 components; metadata: "
              + "component, timestamp, tools", evidence: at(file), measured: ["components": 2],
            expected: ["min_components": 1])
        ])
    #expect(
      try sbom("cyclonedx-1.4-tool-list.xml", "required_metadata: [authors, supplier]") == [
        Finding(.fail, "\(file) has no metadata.authors", evidence: at(file)),
        Finding(.fail, "\(file) has no metadata.supplier", evidence: at(file)),
      ])
  }

  @Test func spdxTagValueWithSeveralPackagesCountsAllButTheDescribedOne() throws {
    let file = "sbom/spdx-2.3-three-packages.spdx"
    #expect(
      try sbom("spdx-2.3-three-packages.spdx") == [
        listing(file, "an SPDX 2.3 tag-value SBOM of shop 1.0.0", 2)
      ])
    #expect(
      try sbom("spdx-2.3-three-packages.spdx", "min_components: 3") == [
        Finding(
          .fail, "\(file) lists 2 components, fewer than min_components 3", evidence: at(file),
          measured: ["components": 2], expected: ["min_components": 3])
      ])
  }

  @Test func spdxJSONThatDescribesSeveralPackagesCountsEveryPackage() throws {
    let file = "sbom/spdx-2.3-two-described.spdx.json"
    #expect(
      try sbom("spdx-2.3-two-described.spdx.json", "min_components: 3\n\(Self.allMetadata)") == [
        listing(file, "an SPDX 2.3 SBOM", 3, minimum: 3)
      ])
  }

  @Test func spdx30JSONLDWithAGraphCountsAllButTheRootPackage() throws {
    let file = "sbom/spdx-3.0-graph.spdx.json"
    #expect(
      try sbom("spdx-3.0-graph.spdx.json") == [
        listing(file, "an SPDX 3.0.1 SBOM of shop 1.0.0", 2)
      ])
  }

  @Test func anSBOMCreationTimeThatDoesNotExistIsAWholeSentence() throws {
    let xml = """
      <?xml version="1.0"?>
      <bom xmlns="http://cyclonedx.org/schema/bom/1.2" version="1">
        <metadata><timestamp>2026-13-01T00:00:00Z</timestamp></metadata>
        <components><component type="library"><name>a</name><version>1</version></component></components>
      </bom>
      """
    #expect(
      try sbom(text: xml, as: "bom.xml", "required_metadata: [timestamp]") == [
        .error(
          "bom.xml has metadata.timestamp '2026-13-01T00:00:00Z', which does not exist: there is "
            + "no month 13; months run from 01 to 12", evidence: at("bom.xml", 3))
      ])
  }

  @Test func missingSBOMMetadataIsSaidInWholeSentences() throws {
    let tagValue = try String(
      contentsOf: #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        .appendingPathComponent("acceptance/sbom/spdx-2.3-three-packages.spdx"), encoding: .utf8)
    let noTool = tagValue.replacingOccurrences(
      of: "Creator: Tool: syft-0.98.0\nCreator: Organization: Acme Corp\n",
      with: "Creator: Person: Ann\n")
    #expect(
      try sbom(text: noTool, as: "shop.spdx", "required_metadata: [tools]") == [
        Finding(.fail, "shop.spdx has no 'Creator: Tool:' line", evidence: at("shop.spdx"))
      ])
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// The loadtest check on k6 summaries in both of k6's JSON shapes.
@Suite struct LoadTestCheckTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/loadtest")

  static let everyLimit = """
    p95: 300ms
    p99: 1s
    max_error_rate: 1%
    min_rps: 250
    min_iterations: 9000
    thresholds_pass: true
    """

  func check(_ file: String, _ parameters: String = everyLimit) throws -> [Finding] {
    let check = try decodeCheck("kind: loadtest\nfile: \(file)\n" + parameters)
    let cache = EvidenceCache(root: EvidenceRoot(Self.fixtures))
    return check.evaluate(EvaluationContext(cache: cache, now: releaseDay))
  }

  func diagnostics(_ parameters: String) throws -> [String] {
    let node = try Loader().load("kind: loadtest\nfile: k6.json\n" + parameters, file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'perf.checkout'", sink: sink)
    return sink.diagnostics.map(\.description)
  }

  func at(_ file: String) -> EvidenceLocation { EvidenceLocation(file: file) }

  @Test func aPassingSummaryExportMeetsEveryLimit() throws {
    let file = "summary-export-pass.json"
    #expect(
      try check(file) == [
        Finding(
          .pass, "p(95) of http_req_duration is 212.47 ms in \(file), within 300 ms",
          evidence: at(file),
          measured: ["p95_ms": 212.47], expected: ["p95_ms": .double(300)]),
        Finding(
          .pass, "p(99) of http_req_duration is 398.12 ms in \(file), within 1000 ms",
          evidence: at(file),
          measured: ["p99_ms": 398.116], expected: ["p99_ms": .double(1000)]),
        Finding(
          .pass,
          "HTTP error rate is 0.06% (11 of 18342 requests failed) in \(file), within max_error_rate 1%",
          evidence: at(file),
          measured: ["error_rate": .double(11.0 / 18342), "failed_requests": 11],
          expected: ["max_error_rate": 0.01]),
        Finding(
          .pass, "throughput is 305.7 requests/s in \(file), at least min_rps 250",
          evidence: at(file),
          measured: ["rps": 305.7], expected: ["min_rps": .double(250)]),
        Finding(
          .pass, "9171 iterations ran in \(file), at least min_iterations 9000", evidence: at(file),
          measured: ["iterations": 9171], expected: ["min_iterations": 9000]),
        Finding(
          .pass, "all 2 k6 thresholds passed in \(file)", evidence: at(file),
          measured: ["thresholds": 2, "failed_thresholds": 0]),
      ])
  }

  @Test func aFailingSummaryExportNamesEachBrokenLimitAndThreshold() throws {
    let file = "summary-export-fail.json"
    let findings = try check(file)
    #expect(findings.map(\.status) == Array(repeating: .fail, count: 7))
    #expect(
      findings.map(\.message) == [
        "p(95) of http_req_duration is 812.3 ms in \(file), above the limit of 300 ms",
        "p(99) of http_req_duration is 2311.9 ms in \(file), above the limit of 1000 ms",
        "HTTP error rate is 3.4% (269 of 7904 requests failed) in \(file), above max_error_rate 1%",
        "throughput is 131.73 requests/s in \(file), below min_rps 250",
        "3952 iterations ran in \(file), fewer than min_iterations 9000",
        "k6 threshold 'p(95)<500' on http_req_duration failed in \(file)",
        "k6 threshold 'rate<0.01' on http_req_failed failed in \(file)",
      ])
    #expect(findings[0].measured == ["p95_ms": 812.304])
    #expect(findings[5].measured == ["metric": "http_req_duration", "threshold": "p(95)<500"])
  }

  @Test func handleSummaryJSONGetsTheSameJudgementAsTheExport() throws {
    for (summary, export) in [
      ("handle-summary-pass.json", "summary-export-pass.json"),
      ("handle-summary-fail.json", "summary-export-fail.json"),
    ] {
      let fromSummary = try check(summary).map {
        Finding(
          $0.status, $0.message.replacingOccurrences(of: summary, with: "F"), measured: $0.measured,
          expected: $0.expected)
      }
      let fromExport = try check(export).map {
        Finding(
          $0.status, $0.message.replacingOccurrences(of: export, with: "F"), measured: $0.measured,
          expected: $0.expected)
      }
      #expect(fromSummary == fromExport)
    }
  }

  @Test func theShapeIsToldApartByContentAndExportThresholdsAreInverted() throws {
    let cache = EvidenceCache(root: EvidenceRoot(Self.fixtures))
    let export = try cache.file("summary-export-fail.json").flatMap {
      cache.document(K6SummaryReader.self, for: $0)
    }.get()
    #expect(export.shape == .summaryExport)
    #expect(
      export.metrics["http_req_duration"]?.thresholds == [
        K6Threshold(expression: "p(95)<500", passed: false)
      ])
    #expect(export.metrics["http_req_failed"]?.type == "rate")
    #expect(export.metrics["http_req_failed"]?.values["rate"] == 269.0 / 7904)
    #expect(export.metrics["vus"]?.type == "gauge")
    let summary = try cache.file("handle-summary-pass.json").flatMap {
      cache.document(K6SummaryReader.self, for: $0)
    }.get()
    #expect(summary.shape == .handleSummary)
    #expect(
      summary.metrics["http_req_duration"]?.thresholds == [
        K6Threshold(expression: "p(95)<500", passed: true)
      ])
  }

  @Test func aPercentileTheSummaryDoesNotExportIsAnError() throws {
    let file = "summary-export-no-p99.json"
    #expect(
      try check(file, "p95: 300ms\np99: 1s") == [
        Finding(
          .pass, "p(95) of http_req_duration is 212.47 ms in \(file), within 300 ms",
          evidence: at(file),
          measured: ["p95_ms": 212.47], expected: ["p95_ms": .double(300)]),
        .error(
          "\(file) has no p(99) for http_req_duration: k6 exports only the statistics listed in "
            + "--summary-trend-stats; add p(99) to it, e.g. "
            + "--summary-trend-stats=\"avg,min,med,max,p(90),p(95),p(99)\"", evidence: at(file)),
      ])
  }

  @Test func latencyLimitsApplyToTheNamedTrendMetric() throws {
    let file = "handle-summary-fail.json"
    let expected = try check(
      file, "metric: \"http_req_duration{expected_response:true}\"\nmed: 400")
    #expect(
      expected.map(\.message) == [
        "med of http_req_duration{expected_response:true} is 371.02 ms in \(file), within 400 ms"
      ])
    #expect(
      try check(file, "metric: http_reqs\nmax: 2s").map(\.message) == [
        "http_reqs in \(file) is a counter metric, not a trend; "
          + "latency limits need a trend such as http_req_duration"
      ])
    #expect(
      try check(file, "metric: checkout_latency\navg: 0.5s") == [
        .error("\(file) has no checkout_latency metric", evidence: at(file))
      ])
  }

  @Test func unreadableOrForeignFilesAreErrors() throws {
    let malformed = try check("malformed.json", "p95: 300ms")
    #expect(
      malformed == [
        .error(
          "malformed.json is not valid JSON: the file ends before the JSON value is complete; it may be cut off",
          evidence: EvidenceLocation(file: "malformed.json", line: 71, column: 12))
      ])
    #expect(
      try check("empty.json", "p95: 300ms") == [
        .error("empty.json is empty", evidence: at("empty.json"))
      ])
    #expect(
      try check("out-json-stream.json", "p95: 300ms").map(\.message) == [
        "out-json-stream.json is k6's --out json stream of data points, not an end-of-test summary; "
          + "write the summary with --summary-export or handleSummary()"
      ])
    let root = try TempRoot([
      "trivy.json": #"{"SchemaVersion": 2, "Results": []}"#,
      "mixed.json": #"{"metrics": {"a": {"values": {"avg": 1}}, "b": {"avg": 2}}}"#,
      "none.json": #"{"metrics": {}}"#,
      "text.json": #"{"metrics": {"http_reqs": {"count": "many"}}}"#,
    ])
    func run(_ file: String) throws -> String? {
      try decodeCheck("kind: loadtest\nfile: \(file)\nmin_rps: 1")
        .evaluate(EvaluationContext(cache: root.cache, now: releaseDay)).first?.message
    }
    #expect(
      try run("trivy.json")
        == "trivy.json is not a k6 summary: it has no 'metrics' object "
        + "(expected the JSON written by k6 run --summary-export or by handleSummary())"
    )
    #expect(
      try run("mixed.json")
        == "mixed.json is not a k6 summary: it mixes the --summary-export and handleSummary() shapes"
    )
    #expect(try run("none.json") == "none.json is a k6 summary with no metrics")
    #expect(
      try run("text.json")
        == "text.json is not a k6 summary: metric 'http_reqs' has 'count' that is a string, not a number"
    )
  }

  @Test func thresholdsPassNeedsThresholds() throws {
    let root = try TempRoot(["k6.json": #"{"metrics": {"http_reqs": {"count": 10, "rate": 1.5}}}"#])
    let findings = try decodeCheck("kind: loadtest\nfile: k6.json\nthresholds_pass: true")
      .evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(
      findings == [
        Finding(
          .fail,
          "k6.json records no k6 thresholds; thresholds_pass needs thresholds in the script's options",
          evidence: at("k6.json"), measured: ["thresholds": 0])
      ])
  }

  @Test func limitsAreDurationsOrMilliseconds() throws {
    for (text, milliseconds) in [
      ("300ms", 300.0), ("1.5s", 1500), ("250", 250), ("0.5", 0.5), ("2s", 2000),
    ] {
      let node = try Loader().load("p95: \(text)", file: "x.yaml")
      #expect(try LoadTestCheck.milliseconds(#require(node["p95"])) == milliseconds)
    }
    #expect(
      try diagnostics("p95: 3m") == [
        "check.yaml:3:6: error: 'p95' in the loadtest check of gate 'perf.checkout' must be a duration "
          + "such as 300ms or 1.5s (a bare number means milliseconds), not '3m'"
      ])
    #expect(try diagnostics("p95: 0").count == 1)
    #expect(try diagnostics("p95: -20ms").count == 1)
  }

  @Test func aCheckWithoutCriteriaOrWithAStrayMetricIsADefinitionError() throws {
    #expect(
      try diagnostics("") == [
        "check.yaml:1:1: error: the loadtest check of gate 'perf.checkout' sets no criteria"
      ])
    #expect(
      try diagnostics("metric: checkout_latency\nmax_error_rate: 1%") == [
        "check.yaml:3:9: error: 'metric' applies to latency limits "
          + "(avg, med, p90, p95, p99, max), and none is set"
      ])
    #expect(
      try diagnostics("min_rps: 0") == [
        "check.yaml:3:10: error: 'min_rps' in the loadtest check of gate 'perf.checkout' must be above 0"
      ])
    #expect(try diagnostics("p95: 300ms\nmax_error_rate: 120%").count == 1)
  }
}

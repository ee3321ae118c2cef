import Foundation
import Testing

@testable import GoNoGoKit

/// A k6 summary with figures k6 cannot write, or of a test that sent nothing, is no evidence.
@Suite struct LoadTestDomainTests {
  /// A `--summary-export` file whose metrics are the given JSON members.
  static func export(
    duration: String = #""avg": 140.2, "med": 131.7, "max": 955.3, "p(95)": 212.4"#,
    failed: String = #""passes": 3, "fails": 997, "value": 0.003"#,
    requests: String = #""count": 1000, "rate": 33.3"#,
    iterations: String = #""count": 500, "rate": 16.6"#
  ) -> String {
    #"{"metrics": {"http_req_duration": {"# + duration + #"}, "http_req_failed": {"# + failed
      + #"}, "http_reqs": {"# + requests + #"}, "iterations": {"# + iterations + "}}}"
  }

  /// The same figures as `handleSummary()` writes them.
  static func handleSummary(
    duration: String = #""avg": 140.2, "med": 131.7, "max": 955.3, "p(95)": 212.4"#,
    failed: String = #""rate": 0.003, "passes": 3, "fails": 997"#,
    requests: String = #""count": 1000, "rate": 33.3"#
  ) -> String {
    #"{"metrics": {"http_req_duration": {"type": "trend", "contains": "time", "values": {"#
      + duration + #"}}, "http_req_failed": {"type": "rate", "contains": "default", "values": {"#
      + failed + #"}}, "http_reqs": {"type": "counter", "contains": "default", "values": {"#
      + requests + #"}}, "iterations": {"type": "counter", "contains": "default", "values": "#
      + #"{"count": 500, "rate": 16.6}}}}"#
  }

  func run(_ summary: String, _ limits: String = "p95: 300ms\nmax_error_rate: 1%") throws
    -> [Finding]
  {
    try evaluate("kind: loadtest\nfile: k6.json\n\(limits)", files: ["k6.json": summary])
  }

  func invalid(_ what: String) -> [Finding] {
    [
      .error(
        "k6.json is not a valid k6 summary: \(what); run the test again and keep the summary k6 "
          + "writes", evidence: EvidenceLocation(file: "k6.json"))
    ]
  }

  @Test(arguments: [
    (
      export(duration: #""avg": 140.2, "p(95)": -12.5"#),
      "metric 'http_req_duration' has p(95) -12.5, but a duration cannot be negative"
    ),
    (
      handleSummary(duration: #""avg": 140.2, "p(95)": -12.5"#),
      "metric 'http_req_duration' has p(95) -12.5, but a duration cannot be negative"
    ),
    (
      export(failed: #""passes": 0, "fails": 1000, "value": -0.02"#),
      "metric 'http_req_failed' has value -0.02, but a rate is a fraction between 0 and 1"
    ),
    (
      handleSummary(failed: #""rate": 1.5, "passes": 1500, "fails": -500"#),
      "metric 'http_req_failed' has rate 1.5, but a rate is a fraction between 0 and 1"
    ),
    (
      export(failed: #""passes": 3, "fails": 997, "value": 0.5"#),
      "metric 'http_req_failed' has passes 3 and fails 997, which make a rate of 0.003, but its "
        + "value is 0.5"
    ),
    (
      handleSummary(failed: #""rate": 0.003, "passes": -3, "fails": 1003"#),
      "metric 'http_req_failed' has passes -3, but a count cannot be negative"
    ),
    (
      export(requests: #""count": -1000, "rate": 33.3"#),
      "metric 'http_reqs' has count -1000, but a count cannot be negative"
    ),
  ])
  func impossibleFiguresAreErrorsNamingTheMetricAndField(_ summary: String, _ what: String)
    throws
  {
    let findings = try run(summary)
    #expect(findings == invalid(what))
  }

  @Test func aTestThatSentNoRequestsIsNoEvidence() throws {
    let summary = Self.export(
      failed: #""passes": 0, "fails": 0, "value": 0"#, requests: #""count": 0, "rate": 0"#)
    #expect(
      try run(summary, "max_error_rate: 1%") == [
        .error(
          "k6.json records a load test that sent no requests (http_reqs count 0), so it is no "
            + "evidence; check the script's target and run the test again",
          evidence: EvidenceLocation(file: "k6.json"))
      ])
  }

  @Test func aTestThatRanNoIterationsIsNoEvidence() throws {
    let summary = Self.export(iterations: #""count": 0, "rate": 0"#)
    #expect(
      try run(summary, "thresholds_pass: true") == [
        .error(
          "k6.json records a load test that ran no iterations (iterations count 0), so it is no "
            + "evidence; check the script's target and run the test again",
          evidence: EvidenceLocation(file: "k6.json"))
      ])
  }

  @Test func aSummaryWithoutRequestsOrIterationsIsNoEvidence() throws {
    let summary = #"{"metrics": {"vus": {"value": 10, "min": 10, "max": 10}}}"#
    #expect(
      try run(summary, "thresholds_pass: true") == [
        .error(
          "k6.json records neither http_reqs nor iterations, so the load test sent nothing that "
            + "can be judged; check the script's target and run the test again",
          evidence: EvidenceLocation(file: "k6.json"))
      ])
  }

  /// A custom trend has no k6-defined unit, but a latency limit still needs a duration.
  @Test func aNegativeCustomLatencyIsAnError() throws {
    let summary =
      #"{"metrics": {"checkout_latency": {"avg": -4, "p(95)": -1}, "#
      + #""iterations": {"count": 500, "rate": 16.6}}}"#
    #expect(
      try run(summary, "metric: checkout_latency\np95: 300ms") == [
        .error(
          "p(95) of checkout_latency is -1 in k6.json, but a latency cannot be negative; check "
            + "what the script adds to checkout_latency",
          evidence: EvidenceLocation(file: "k6.json"))
      ])
  }

  @Test func consistentFiguresStillPass() throws {
    #expect(try run(Self.export()).map(\.status) == [.pass, .pass])
    #expect(try run(Self.handleSummary()).map(\.status) == [.pass, .pass])
  }
}

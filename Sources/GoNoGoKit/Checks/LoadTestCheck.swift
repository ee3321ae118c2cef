import Foundation
import LocatedYAML

/// `loadtest`: a k6 end-of-test summary meets latency, error-rate and throughput limits.
public struct LoadTestCheck: Check {
  public static let description = CheckDescription(
    kind: "loadtest",
    summary: "A k6 summary (--summary-export or handleSummary() JSON, told apart by content) "
      + "meets latency limits on a trend metric, the HTTP error rate, throughput and iteration "
      + "counts, and, with thresholds_pass, every k6 threshold passed.",
    parameters: [
      .init("metric", "string", "The trend metric the latency limits apply to (http_req_duration).")
    ]
      + statistics.map {
        .init($0.key, "duration", "Highest acceptable \($0.stat): 300ms, 1.5s, or a number of ms.")
      } + [
        .init("max_error_rate", "percentage", "Highest http_req_failed rate, e.g. 1%."),
        .init("min_rps", "number", "Fewest requests per second (http_reqs rate)."),
        .init("min_iterations", "integer", "Fewest completed iterations (iterations count)."),
        .init("thresholds_pass", "boolean", "Every threshold of the k6 script passed."),
      ],
    examples: [
      CheckExample(
        "kind: loadtest\nfile: k6.json\np95: 300ms\nmax_error_rate: 1%",
        files: ["k6.json": LoadTestCheck.exampleExport(p95: 212.4, failed: 3)], expected: .pass),
      CheckExample(
        "kind: loadtest\nfile: k6.json\np95: 300ms\nmax_error_rate: 1%",
        files: ["k6.json": LoadTestCheck.exampleExport(p95: 612.8, failed: 3)], expected: .fail),
      CheckExample(
        "kind: loadtest\nfile: k6.json\nmax_error_rate: 1%",
        files: ["k6.json": LoadTestCheck.exampleExport(p95: 212.4, failed: 40)], expected: .fail),
      CheckExample(
        "kind: loadtest\nfile: k6.json\np99: 1s",
        files: ["k6.json": LoadTestCheck.exampleExport(p95: 212.4, failed: 3)], expected: .error),
      CheckExample(
        "kind: loadtest\nfile: summary.json\nthresholds_pass: true",
        files: [
          "summary.json":
            #"{"metrics": {"http_req_duration": {"type": "trend", "contains": "time", "#
            + #""values": {"avg": 120.5, "p(95)": 210.2}, "#
            + #""thresholds": {"p(95)<500": {"ok": true}}}, "iterations": {"type": "counter", "#
            + #""contains": "default", "values": {"count": 500, "rate": 16.6}}}}"#
        ], expected: .pass),
    ])

  /// The latency statistics a limit can be set on: the parameter and k6's name for it.
  static let statistics: [(key: String, stat: String)] = [
    ("avg", "avg"), ("med", "med"), ("p90", "p(90)"), ("p95", "p(95)"), ("p99", "p(99)"),
    ("max", "max"),
  ]

  /// A limit on one statistic of the trend metric.
  struct LatencyLimit: Sendable, Equatable {
    /// The parameter (`p95`).
    var key: String
    /// k6's statistic (`p(95)`).
    var stat: String
    /// The limit in milliseconds.
    var milliseconds: Double
  }

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let metric: String
  let latency: [LatencyLimit]
  let maxErrorRate: Percentage?
  let minRPS: Double?
  let minIterations: Int?
  let thresholdsPass: Bool

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    metric = fields.string("metric", required: fields.has("metric")) ?? "http_req_duration"
    latency = LoadTestCheck.statistics.compactMap { key, stat in
      guard let node = fields.value(key) else { return nil }
      guard let milliseconds = LoadTestCheck.milliseconds(node) else {
        fields.sink.error(
          node.location,
          "'\(key)' in \(fields.context) must be a duration such as 300ms or 1.5s (a bare number "
            + "means milliseconds), not '\(node.scalar?.text ?? node.kindDescription)'",
          hint: "units: ms, s")
        return nil
      }
      return LatencyLimit(key: key, stat: stat, milliseconds: milliseconds)
    }
    maxErrorRate = fields.percentage("max_error_rate")
    minRPS = fields.number("min_rps")
    minIterations = fields.int("min_iterations", in: 1...Int.max)
    thresholdsPass = fields.bool("thresholds_pass") ?? false
    if let minRPS, minRPS <= 0 {
      fields.sink.error(
        fields.location(of: "min_rps"), "'min_rps' in \(fields.context) must be above 0")
    }
    if fields.has("metric") && !LoadTestCheck.statistics.contains(where: { fields.has($0.key) }) {
      fields.sink.error(
        fields.location(of: "metric"),
        "'metric' applies to latency limits (avg, med, p90, p95, p99, max), and none is set")
    }
    let criteria =
      LoadTestCheck.statistics.map(\.key)
      + ["max_error_rate", "min_rps", "min_iterations", "thresholds_pass"]
    if !criteria.contains(where: { fields.has($0) }) {
      fields.sink.error(
        location, "\(fields.context) sets no criteria",
        hint: "add p95: 300ms, max_error_rate: 1%, min_rps: 50, min_iterations: 1000 "
          + "or thresholds_pass: true")
    }
  }

  /// A latency limit as written: `300ms`, `1.5s`, or a positive number of milliseconds.
  static func milliseconds(_ node: Node) -> Double? {
    var value: Double?
    switch node.scalar?.value {
    case .int(let int)?: value = Double(int)
    case .float(let double)?: value = double
    case .string(let text)?:
      if text.hasSuffix("ms") {
        value = Double(text.dropLast(2))
      } else if text.hasSuffix("s") {
        value = Double(text.dropLast()).map { $0 * 1000 }
      }
    default: break
    }
    guard let value, value.isFinite, value > 0 else { return nil }
    return value
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.flatMap { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> [Finding] {
    let summary: K6Summary
    switch context.cache.document(K6SummaryReader.self, for: file) {
    case .success(let value): summary = value
    case .failure(let error):
      return [
        .error(
          error.message,
          evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
      ]
    }
    let judge = LoadTestJudge(summary: summary, file: file.path)
    var findings: [Finding] = []
    if !latency.isEmpty { findings += judge.latency(latency, metric: metric) }
    if let maxErrorRate { findings.append(judge.errorRate(maxErrorRate)) }
    if let minRPS { findings.append(judge.throughput(minRPS)) }
    if let minIterations { findings.append(judge.iterations(minIterations)) }
    if thresholdsPass { findings += judge.thresholds() }
    return findings
  }

  /// A small `--summary-export` file for the examples.
  static func exampleExport(p95: Double, failed: Int) -> String {
    """
    {"root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", \
    "groups": {}, "checks": {}}, "metrics": {"http_req_duration": {"avg": 140.2, "min": 98.1, \
    "med": 131.7, "max": 955.3, "p(90)": 180.9, "p(95)": \(p95)}, "http_req_failed": \
    {"passes": \(failed), "fails": \(1000 - failed), "value": \(Double(failed) / 1000)}, \
    "http_reqs": {"count": 1000, "rate": 33.3}, "iterations": {"count": 500, "rate": 16.6}}}
    """
  }
}

/// Judges one k6 summary against the limits; every finding names the file.
struct LoadTestJudge {
  let summary: K6Summary
  let file: String
  var at: EvidenceLocation { EvidenceLocation(file: file) }

  func latency(_ limits: [LoadTestCheck.LatencyLimit], metric: String) -> [Finding] {
    guard let trend = summary.metrics[metric] else {
      return [.error("\(file) has no \(metric) metric", evidence: at)]
    }
    if let type = trend.type, type != "trend" {
      return [
        .error(
          "\(metric) in \(file) is a \(type) metric, not a trend; latency limits need a trend "
            + "such as http_req_duration", evidence: at)
      ]
    }
    return limits.map { limit in
      guard let value = trend.values[limit.stat] else {
        if trend.nullValues.contains(limit.stat) {
          return .error(
            "\(limit.stat) of \(metric) is null in \(file): the metric has no samples", evidence: at
          )
        }
        return .error(
          "\(file) has no \(limit.stat) for \(metric): k6 exports only the statistics listed in "
            + "--summary-trend-stats; add \(limit.stat) to it, e.g. "
            + "--summary-trend-stats=\"avg,min,med,max,p(90),p(95),p(99)\"", evidence: at)
      }
      guard value >= 0 else {
        return .error(
          "\(limit.stat) of \(metric) is \(Self.format(value)) in \(file), but a latency cannot "
            + "be negative; check what the script adds to \(metric)", evidence: at)
      }
      let within = value <= limit.milliseconds
      let verdict =
        within
        ? "within \(Self.format(limit.milliseconds)) ms"
        : "above the limit of \(Self.format(limit.milliseconds)) ms"
      return Finding(
        within ? .pass : .fail,
        "\(limit.stat) of \(metric) is \(Self.format(value)) ms in \(file), \(verdict)",
        evidence: at, measured: ["\(limit.key)_ms": .double(value)],
        expected: ["\(limit.key)_ms": .double(limit.milliseconds)])
    }
  }

  func errorRate(_ maximum: Percentage) -> Finding {
    guard let failed = summary.metrics["http_req_failed"], let rate = failed.values["rate"] else {
      return .error(
        "\(file) has no http_req_failed rate: the test made no HTTP requests, or k6 is older "
          + "than v0.31", evidence: at)
    }
    var detail = ""
    var measured: [String: JSONValue] = ["error_rate": .double(rate)]
    if let passes = failed.values["passes"], let fails = failed.values["fails"] {
      detail = " (\(Int(passes)) of \(Int(passes + fails)) requests failed)"
      measured["failed_requests"] = .int(Int(passes))
    }
    let within = rate <= maximum.fraction
    let verdict = within ? "within" : "above"
    return Finding(
      within ? .pass : .fail,
      "HTTP error rate is \(Percentage.format(rate))\(detail) in \(file), \(verdict) "
        + "max_error_rate \(maximum.text)",
      evidence: at, measured: measured, expected: ["max_error_rate": .double(maximum.fraction)])
  }

  func throughput(_ minimum: Double) -> Finding {
    guard let rps = summary.metrics["http_reqs"]?.values["rate"] else {
      return .error("\(file) has no http_reqs rate: the test made no HTTP requests", evidence: at)
    }
    let enough = rps >= minimum
    return Finding(
      enough ? .pass : .fail,
      "throughput is \(Self.format(rps)) requests/s in \(file), "
        + "\(enough ? "at least" : "below") min_rps \(Self.format(minimum))",
      evidence: at, measured: ["rps": .double(rps)], expected: ["min_rps": .double(minimum)])
  }

  func iterations(_ minimum: Int) -> Finding {
    guard let count = summary.metrics["iterations"]?.values["count"] else {
      return .error("\(file) has no iterations count", evidence: at)
    }
    let enough = count >= Double(minimum)
    return Finding(
      enough ? .pass : .fail,
      "\(Int(count)) iterations ran in \(file), "
        + "\(enough ? "at least" : "fewer than") min_iterations \(minimum)",
      evidence: at, measured: ["iterations": .int(Int(count))],
      expected: ["min_iterations": .int(minimum)])
  }

  func thresholds() -> [Finding] {
    let all = summary.metrics.keys.sorted().flatMap { name in
      (summary.metrics[name]?.thresholds ?? []).map { (metric: name, threshold: $0) }
    }
    if all.isEmpty {
      return [
        Finding(
          .fail,
          "\(file) records no k6 thresholds; thresholds_pass needs thresholds in the script's "
            + "options", evidence: at, measured: ["thresholds": 0])
      ]
    }
    let failed = all.filter { !$0.threshold.passed }
    if failed.isEmpty {
      return [
        Finding(
          .pass, "all \(all.count) k6 threshold\(all.count == 1 ? "" : "s") passed in \(file)",
          evidence: at, measured: ["thresholds": .int(all.count), "failed_thresholds": 0])
      ]
    }
    return failed.map {
      Finding(
        .fail, "k6 threshold '\($0.threshold.expression)' on \($0.metric) failed in \(file)",
        evidence: at,
        measured: ["metric": .string($0.metric), "threshold": .string($0.threshold.expression)],
        expected: ["passed": true])
    }
  }

  /// Up to two decimals, without trailing zeros: 212.4, 300, 0.05.
  static func format(_ value: Double) -> String {
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}

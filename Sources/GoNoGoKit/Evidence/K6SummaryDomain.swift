/// The figures a k6 summary can hold: what k6 itself could have measured.
///
/// Rates are fractions 0–1; counts (`count`, `passes`, `fails`) are whole and not negative, and a
/// rate metric's `passes`/`fails` make its rate; k6's built-in time metrics (and any trend that
/// `contains` time) are not negative; a test must have sent requests or run iterations.
enum K6SummaryDomain {
  /// k6's built-in trends, all durations in milliseconds.
  static let timeTrends: Set<String> = [
    "http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshake",
    "http_req_sending", "http_req_waiting", "http_req_receiving", "iteration_duration",
    "group_duration", "ws_connecting", "ws_session_duration", "grpc_req_duration",
  ]

  /// How far a written rate may be from passes / (passes + fails): k6 writes the exact quotient;
  /// this leaves room for a summary rounded to a tenth of a percent.
  static let rateTolerance = 0.0005

  static func invalid(_ what: String, file: String) -> EvidenceError {
    EvidenceError(
      "\(file) is not a valid k6 summary: \(what); run the test again and keep the summary k6 "
        + "writes")
  }

  /// The first impossible figure of the summary, or a test that sent nothing.
  static func problem(in summary: K6Summary, file: String) -> EvidenceError? {
    for name in summary.metrics.keys.sorted() {
      guard let metric = summary.metrics[name] else { continue }
      if let what = problem(metric, name: name, shape: summary.shape) {
        return invalid("metric '\(name)' \(what)", file: file)
      }
    }
    let requests = summary.metrics["http_reqs"]?.values["count"]
    let iterations = summary.metrics["iterations"]?.values["count"]
    let retry = "so it is no evidence; check the script's target and run the test again"
    if requests == 0 {
      return EvidenceError(
        "\(file) records a load test that sent no requests (http_reqs count 0), \(retry)")
    }
    if let failed = summary.metrics["http_req_failed"]?.values,
      let passes = failed["passes"], let fails = failed["fails"], passes + fails == 0
    {
      return EvidenceError(
        "\(file) records a load test that sent no requests (http_req_failed has no samples), "
          + retry)
    }
    if iterations == 0 {
      return EvidenceError(
        "\(file) records a load test that ran no iterations (iterations count 0), \(retry)")
    }
    if requests == nil && iterations == nil {
      return EvidenceError(
        "\(file) records neither http_reqs nor iterations, so the load test sent nothing that can "
          + "be judged; check the script's target and run the test again")
    }
    return nil
  }

  private static func problem(_ metric: K6Metric, name: String, shape: K6Summary.Shape)
    -> String?
  {
    let values = metric.values
    // --summary-export writes a rate metric's fraction as `value`.
    let rateKey = shape == .summaryExport && metric.type == "rate" ? "value" : "rate"
    if metric.type == "rate", let rate = values[rateKey], !(0...1).contains(rate) {
      return "has \(rateKey) \(format(rate)), but a rate is a fraction between 0 and 1"
    }
    for key in ["count", "passes", "fails"] {
      guard let count = values[key] else { continue }
      if count < 0 { return "has \(key) \(format(count)), but a count cannot be negative" }
      if count.rounded() != count {
        return "has \(key) \(format(count)), but a count is a whole number"
      }
    }
    if metric.type == "counter", let rate = values["rate"], rate < 0 {
      return "has rate \(format(rate)), but a rate per second cannot be negative"
    }
    let base = name.split(separator: "{", maxSplits: 1).first.map(String.init) ?? name
    if metric.type == "trend" && (timeTrends.contains(base) || metric.contains == "time") {
      for key in values.keys.sorted() where values[key] ?? 0 < 0 {
        return "has \(key) \(format(values[key] ?? 0)), but a duration cannot be negative"
      }
    }
    if metric.type == "trend", let what = order(values) { return what }
    if metric.type == "rate", let passes = values["passes"], let fails = values["fails"],
      passes + fails > 0, let rate = values[rateKey]
    {
      let made = passes / (passes + fails)
      if abs(made - rate) > rateTolerance {
        return "has passes \(format(passes)) and fails \(format(fails)), which make a rate of "
          + "\(format(made)), but its \(rateKey) is \(format(rate))"
      }
    }
    return nil
  }

  /// The first trend statistic k6 could not have computed from one set of samples: one outside
  /// `min`…`max`, or a percentile below a lower one (`med` is the 50th).
  private static func order(_ values: [String: Double]) -> String? {
    func slack(_ value: Double) -> Double { 1e-9 * max(1, abs(value)) }
    let stats = values.keys.filter { $0 != "count" && $0 != "min" && $0 != "max" }.sorted()
    if let low = values["min"], let high = values["max"], low > high + slack(high) {
      return "has min \(format(low)) above its max \(format(high)), but a trend's min is never "
        + "above its max"
    }
    for key in stats {
      guard let value = values[key] else { continue }
      if let low = values["min"], value < low - slack(low) {
        return "has \(key) \(format(value)) below its min \(format(low)), but every statistic "
          + "of a trend lies between its min and max"
      }
      if let high = values["max"], value > high + slack(high) {
        return "has \(key) \(format(value)) above its max \(format(high)), but every statistic "
          + "of a trend lies between its min and max"
      }
    }
    let percentiles = values.compactMap { key, value -> (Double, String, Double)? in
      guard let rank = percentileRank(key) else { return nil }
      return (rank, key, value)
    }.sorted { $0.0 < $1.0 }
    for (lower, higher) in zip(percentiles, percentiles.dropFirst())
    where lower.2 > higher.2 + slack(higher.2) {
      return "has \(lower.1) \(format(lower.2)) above its \(higher.1) \(format(higher.2)), but a "
        + "higher percentile is never lower"
    }
    return nil
  }

  /// 95 for `p(95)`, 50 for `med`; nil for other statistics.
  private static func percentileRank(_ key: String) -> Double? {
    if key == "med" { return 50 }
    guard key.hasPrefix("p("), key.hasSuffix(")") else { return nil }
    return Double(key.dropFirst(2).dropLast())
  }

  /// A figure as k6 would print it: whole numbers without a fraction, others as written.
  static func format(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    var text = "\(value)"
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }
}

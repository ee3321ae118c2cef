/// A k6 end-of-test summary, from either of the JSON shapes k6 writes.
///
/// - `k6 run --summary-export=file.json`: `metrics.<name>` holds the values directly
///   (`http_req_duration["p(95)"]`), rate metrics carry `value` instead of `rate`, and each
///   metric's `thresholds` maps an expression to `true` when it **failed** (k6 inverts it).
/// - `handleSummary(data)` returning `JSON.stringify(data)`: `metrics.<name>.values{…}` with
///   `type`, and `thresholds{expression: {ok: true}}`.
///
/// Both are normalised to the handleSummary names: a rate metric's fraction is `rate`.
public struct K6Summary: Sendable, Equatable {
  /// Which JSON shape the file has.
  public enum Shape: String, Sendable, Equatable {
    case summaryExport = "--summary-export"
    case handleSummary = "handleSummary()"
  }

  /// The shape it was read from.
  public var shape: Shape
  /// The metrics by name (`http_req_duration`, `http_req_failed`, custom ones, sub-metrics).
  public var metrics: [String: K6Metric]
}

/// One metric of a k6 summary.
public struct K6Metric: Sendable, Equatable {
  /// `trend`, `rate`, `counter` or `gauge` (inferred for `--summary-export`, which omits it).
  public var type: String?
  /// The numeric values (`avg`, `p(95)`, `rate`, `count`, `passes`, …); times in milliseconds.
  public var values: [String: Double]
  /// Values present but null (k6 writes an undefined statistic such as NaN as null).
  public var nullValues: Set<String>
  /// The metric's thresholds, sorted by expression.
  public var thresholds: [K6Threshold]
  /// What the values measure (`time`, `data`, `default`); only handleSummary() says.
  public var contains: String? = nil
}

/// A k6 threshold expression and whether it passed.
public struct K6Threshold: Sendable, Equatable {
  /// The expression as written in the script (`p(95)<500`).
  public var expression: String
  /// True when the threshold passed.
  public var passed: Bool
}

/// Reads k6 summary JSON, detecting its shape from the content.
public enum K6SummaryReader: EvidenceReader {
  public static let format = "k6-summary"

  public static func read(_ source: EvidenceSource) -> Result<K6Summary, EvidenceError> {
    source.text().flatMap { text in
      let path = source.file.path
      if text.allSatisfy(\.isWhitespace) { return .failure(EvidenceError("\(path) is empty")) }
      switch StructuredDataReader.parseJSON(text, file: path) {
      case .failure(let error):
        if isMetricStream(text) {
          return .failure(
            EvidenceError(
              "\(path) is k6's --out json stream of data points, not an end-of-test summary; "
                + "write the summary with --summary-export or handleSummary()"))
        }
        return .failure(error)
      case .success(let root):
        return summary(from: root, file: path)
      }
    }
  }

  /// True when the first line is a `--out json` record (`{"type":"Metric"|"Point",…}`).
  static func isMetricStream(_ text: String) -> Bool {
    guard let line = text.split(separator: "\n", maxSplits: 1).first,
      case .success(let record) = StructuredDataReader.parseJSON(String(line), file: "")
    else { return false }
    return ["Metric", "Point"].contains(record["type"]?.string ?? "") && record["metric"] != nil
  }

  /// Interprets a parsed JSON document as a k6 summary.
  public static func summary(from root: StructuredValue, file: String)
    -> Result<K6Summary, EvidenceError>
  {
    guard case .object(let members)? = root["metrics"]?.content else {
      return .failure(
        EvidenceError(
          "\(file) is not a k6 summary: it has no 'metrics' object (expected the JSON written "
            + "by k6 run --summary-export or by handleSummary())"))
    }
    if members.isEmpty { return .failure(EvidenceError("\(file) is a k6 summary with no metrics")) }
    var metrics: [String: K6Metric] = [:]
    var shapes: Set<K6Summary.Shape> = []
    for member in members {
      let result: Result<(K6Summary.Shape, K6Metric), Problem>
      if member.value["values"] != nil {
        result = handleSummaryMetric(member.value)
      } else {
        result = exportedMetric(member.value)
      }
      switch result {
      case .success(let (shape, metric)):
        shapes.insert(shape)
        metrics[member.key] = metric
      case .failure(let problem):
        if problem.isDomain {
          return .failure(
            K6SummaryDomain.invalid("metric '\(member.key)' \(problem.text)", file: file))
        }
        return .failure(
          EvidenceError("\(file) is not a k6 summary: metric '\(member.key)' \(problem.text)"))
      }
    }
    guard shapes.count == 1, let shape = shapes.first else {
      return .failure(
        EvidenceError(
          "\(file) is not a k6 summary: it mixes the --summary-export and handleSummary() shapes"))
    }
    let summary = K6Summary(shape: shape, metrics: metrics)
    if let problem = K6SummaryDomain.problem(in: summary, file: file) { return .failure(problem) }
    return .success(summary)
  }

  private static func handleSummaryMetric(_ metric: StructuredValue)
    -> Result<(K6Summary.Shape, K6Metric), Problem>
  {
    guard case .object(let members)? = metric["values"]?.content else {
      return .failure(Problem("has 'values' that is not an object"))
    }
    var thresholds: [K6Threshold] = []
    if let declared = metric["thresholds"] {
      guard case .object(let entries) = declared.content else {
        return .failure(Problem("has 'thresholds' that is not an object"))
      }
      for entry in entries {
        guard let ok = entry.value["ok"]?.bool else {
          return .failure(Problem("has threshold '\(entry.key)' without a true/false 'ok'"))
        }
        thresholds.append(K6Threshold(expression: entry.key, passed: ok))
      }
    }
    return numbers(members).map { values, nulls in
      let metric = K6Metric(
        type: metric["type"]?.string, values: values, nullValues: nulls,
        thresholds: thresholds.sorted { $0.expression < $1.expression },
        contains: metric["contains"]?.string)
      return (.handleSummary, metric)
    }
  }

  private static func exportedMetric(_ metric: StructuredValue)
    -> Result<(K6Summary.Shape, K6Metric), Problem>
  {
    guard case .object(let members) = metric.content else {
      return .failure(Problem("is \(metric.kindDescription), not an object"))
    }
    var thresholds: [K6Threshold] = []
    if let declared = metric["thresholds"] {
      guard case .object(let entries) = declared.content else {
        return .failure(Problem("has 'thresholds' that is not an object"))
      }
      for entry in entries {
        // --summary-export writes true for a threshold that FAILED.
        guard let failed = entry.value.bool else {
          return .failure(Problem("has threshold '\(entry.key)' that is neither true nor false"))
        }
        thresholds.append(K6Threshold(expression: entry.key, passed: !failed))
      }
    }
    return numbers(members.filter { $0.key != "thresholds" }).map { values, nulls in
      var values = values
      let type = inferredType(Set(values.keys).union(nulls))
      if type == "rate", values["rate"] == nil, let value = values["value"] {
        values["rate"] = value
      }
      let metric = K6Metric(
        type: type, values: values, nullValues: nulls,
        thresholds: thresholds.sorted { $0.expression < $1.expression })
      return (.summaryExport, metric)
    }
  }

  private static func numbers(_ members: [StructuredValue.Member])
    -> Result<([String: Double], Set<String>), Problem>
  {
    var values: [String: Double] = [:]
    var nulls: Set<String> = []
    for member in members {
      if let number = member.value.number {
        guard number.isFinite else {
          return .failure(
            Problem("has \(member.key) that is not a finite number", isDomain: true))
        }
        values[member.key] = number
      } else if member.value.content == .null {
        nulls.insert(member.key)
      } else {
        return .failure(
          Problem("has '\(member.key)' that is \(member.value.kindDescription), not a number"))
      }
    }
    return .success((values, nulls))
  }

  /// Why a metric does not have a k6 shape.
  struct Problem: Error {
    var text: String
    /// True when the shape is right but a figure is impossible.
    var isDomain: Bool
    init(_ text: String, isDomain: Bool = false) {
      self.text = text
      self.isDomain = isDomain
    }
  }

  /// The metric type `--summary-export` leaves out, from the statistics present.
  static func inferredType(_ keys: Set<String>) -> String? {
    if keys.contains("passes") && keys.contains("fails") { return "rate" }
    if keys.contains("count") && keys.contains("rate") { return "counter" }
    if keys.contains("avg") || keys.contains("med") || keys.contains(where: { $0.hasPrefix("p(") })
    {
      return "trend"
    }
    if keys.contains("value") { return "gauge" }
    return nil
  }
}

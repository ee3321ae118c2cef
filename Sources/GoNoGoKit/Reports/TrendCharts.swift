import Foundation

/// Inline SVG charts of a trend, in grey-scale (series told apart by dash pattern and marker,
/// not colour), with labelled date axes and a legend. No script, no external reference.
///
/// Date labels are thinned to at most ``maxTimeLabels`` evenly spaced ticks, so 3 runs and 300
/// runs both stay legible.
public enum TrendCharts {
  /// Most date labels on a time axis.
  public static let maxTimeLabels = 6
  static let width = 720.0
  static let height = 260.0
  static let left = 56.0
  static let right = 16.0
  static let top = 30.0
  static let bottom = 48.0
  static var plotWidth: Double { width - left - right }
  static var plotHeight: Double { height - top - bottom }
  static let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
  static let greys = ["#000", "#444", "#666", "#222", "#555", "#333"]

  /// A series: one program's values over time.
  struct Series {
    var name: String
    var points: [(time: Date, value: Double)]
  }

  /// Pass rate (0–100 %) per program over time.
  static func passRate(_ trend: TrendReport) -> String {
    let series = seriesByProgram(trend) { $0.passRate.map { $0 * 100 } }
    return lineChart(
      id: "pass-rate", title: "Gate pass rate over time", series: series, yMax: 100,
      yTicks: [0, 25, 50, 75, 100], yLabel: "pass rate (%)", format: { "\(Int($0))%" })
  }

  /// Blockers failing per program over time.
  static func blockers(_ trend: TrendReport) -> String {
    let series = seriesByProgram(trend) { Double($0.blockersFailing) }
    let peak = series.flatMap { $0.points.map(\.value) }.max() ?? 0
    let (yMax, ticks) = integerTicks(peak)
    return lineChart(
      id: "blockers", title: "Blocker gates failing over time", series: series, yMax: yMax,
      yTicks: ticks, yLabel: "blockers failing", format: { "\(Int($0))" }, step: true)
  }

  /// The buckets of the time-to-green histogram: label and upper bound in days.
  static let buckets: [(label: String, upTo: Double)] = [
    ("< 1d", 1), ("1–3d", 3), ("3–7d", 7), ("1–2w", 14), ("2–4w", 28), ("> 4w", .infinity),
  ]

  /// Counts per time-to-green bucket: closed episodes, then still-open ones (by age).
  static func distribution(_ trend: TrendReport) -> [(label: String, closed: Int, open: Int)] {
    buckets.enumerated().map { index, bucket in
      let lower = index == 0 ? -Double.infinity : buckets[index - 1].upTo
      let inBucket = trend.episodes.filter {
        let days = Double($0.seconds) / 86_400
        return days >= lower && days < bucket.upTo
      }
      return (
        bucket.label, inBucket.filter { $0.greenAt != nil }.count,
        inBucket.filter { $0.greenAt == nil }.count
      )
    }
  }

  /// Histogram of time-to-green, closed failures solid, open ones hatched, stacked.
  static func timeToGreen(_ trend: TrendReport) -> String {
    let rows = distribution(trend)
    let peak = Double(rows.map { $0.closed + $0.open }.max() ?? 0)
    let (yMax, ticks) = integerTicks(peak)
    var svg = open(id: "time-to-green", title: "Time to green: how long gate failures lasted")
    svg += yAxis(ticks: ticks, yMax: yMax, label: "gate failures", format: { "\(Int($0))" })
    let slot = plotWidth / Double(rows.count)
    for (index, row) in rows.enumerated() {
      let x = left + slot * Double(index) + slot * 0.2
      let barWidth = slot * 0.6
      var base = top + plotHeight
      for (count, fill) in [(row.closed, "#555"), (row.open, "url(#time-to-green-hatch)")] where count > 0 {
        let barHeight = plotHeight * Double(count) / yMax
        base -= barHeight
        svg += "<rect x=\"\(f(x))\" y=\"\(f(base))\" width=\"\(f(barWidth))\" "
          + "height=\"\(f(barHeight))\" fill=\"\(fill)\" stroke=\"#000\" stroke-width=\"1\"/>"
      }
      if row.closed + row.open > 0 {
        svg += text(x + barWidth / 2, base - 4, "\(row.closed + row.open)", anchor: "middle")
      }
      svg += text(x + barWidth / 2, top + plotHeight + 16, row.label, anchor: "middle")
    }
    svg += text(left + plotWidth / 2, height - 8, "days from failing to passing again", anchor: "middle")
    svg += legend([
      ("fixed", "<rect width=\"12\" height=\"10\" fill=\"#555\" stroke=\"#000\"/>"),
      ("still open (age)", "<rect width=\"12\" height=\"10\" fill=\"url(#time-to-green-hatch)\" stroke=\"#000\"/>"),
    ])
    return svg + "</svg>"
  }

  // MARK: - Building blocks

  private static func seriesByProgram(_ trend: TrendReport, _ value: (TrendReport.RunFigures) -> Double?)
    -> [Series]
  {
    var order: [String] = []
    var points: [String: [(time: Date, value: Double)]] = [:]
    for run in trend.runs {
      if points[run.program] == nil { order.append(run.program) }
      if let number = value(run) {
        points[run.program, default: []].append((run.now, number))
      } else {
        points[run.program, default: []] += []
      }
    }
    return order.map { Series(name: $0.isEmpty ? "(unnamed)" : $0, points: points[$0] ?? []) }
  }

  /// A nice integer axis: at most 5 ticks, top at least 1.
  static func integerTicks(_ peak: Double) -> (Double, [Double]) {
    let top = max(1, peak.rounded(.up))
    let step = max(1, (top / 4).rounded(.up))
    let yMax = step * (top / step).rounded(.up)
    return (yMax, stride(from: 0, through: yMax, by: step).map { $0 })
  }

  private static func lineChart(
    id: String, title: String, series: [Series], yMax: Double, yTicks: [Double], yLabel: String,
    format: (Double) -> String, step: Bool = false
  ) -> String {
    var svg = open(id: id, title: title)
    svg += yAxis(ticks: yTicks, yMax: yMax, label: yLabel, format: format)
    let times = series.flatMap { $0.points.map(\.time) }
    let first = times.min() ?? Date(timeIntervalSince1970: 0)
    let last = times.max() ?? first
    let span = last.timeIntervalSince(first)
    let x = { (time: Date) -> Double in
      span == 0 ? left + plotWidth / 2 : left + plotWidth * time.timeIntervalSince(first) / span
    }
    let y = { (value: Double) -> Double in top + plotHeight - plotHeight * min(value, yMax) / yMax }
    svg += timeAxis(first: first, last: last, x: x)
    let markers = times.count <= 60
    var legendItems: [(String, String)] = []
    for (index, line) in series.enumerated() {
      let dash = dashes[index % dashes.count]
      let grey = greys[index % greys.count]
      var path = ""
      var previousY: Double?
      for point in line.points {
        let px = x(point.time)
        let py = y(point.value)
        if path.isEmpty {
          path = "M\(f(px)) \(f(py))"
        } else {
          if step, let previousY { path += " L\(f(px)) \(f(previousY))" }
          path += " L\(f(px)) \(f(py))"
        }
        previousY = py
      }
      let dashAttribute = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
      if !path.isEmpty {
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(grey)\" stroke-width=\"2\"\(dashAttribute)/>"
      }
      if markers {
        for point in line.points {
          svg += marker(index, x(point.time), y(point.value), grey)
        }
      }
      legendItems.append(
        (
          line.name,
          "<line x1=\"0\" y1=\"5\" x2=\"22\" y2=\"5\" stroke=\"\(grey)\" stroke-width=\"2\"\(dashAttribute)/>"
            + marker(index, 11, 5, grey)
        ))
    }
    svg += legend(legendItems)
    return svg + "</svg>"
  }

  private static func marker(_ index: Int, _ x: Double, _ y: Double, _ grey: String) -> String {
    switch index % 3 {
    case 0: return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3\" fill=\"\(grey)\"/>"
    case 1:
      return "<rect x=\"\(f(x - 3))\" y=\"\(f(y - 3))\" width=\"6\" height=\"6\" fill=\"#fff\" "
        + "stroke=\"\(grey)\" stroke-width=\"1.5\"/>"
    default:
      return "<path d=\"M\(f(x)) \(f(y - 4)) L\(f(x + 4)) \(f(y + 3)) L\(f(x - 4)) \(f(y + 3)) Z\" "
        + "fill=\"\(grey)\"/>"
    }
  }

  private static func open(id: String, title: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
      + "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" "
      + "aria-labelledby=\"\(id)-title\" class=\"chart\" font-family=\"sans-serif\" font-size=\"11\">"
      + "<title id=\"\(id)-title\">\(Escape.html(title))</title>"
      + "<defs><pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
      + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2\"/></pattern></defs>"
      + "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fff\"/>"
  }

  private static func yAxis(ticks: [Double], yMax: Double, label: String, format: (Double) -> String)
    -> String
  {
    var svg = ""
    for tick in ticks {
      let y = top + plotHeight - plotHeight * tick / yMax
      svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" "
        + "stroke=\"#ccc\" stroke-width=\"1\"/>"
      svg += text(left - 6, y + 4, format(tick), anchor: "end")
    }
    svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" "
      + "stroke=\"#000\" stroke-width=\"1\"/>"
    svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" "
      + "y2=\"\(f(top + plotHeight))\" stroke=\"#000\" stroke-width=\"1\"/>"
    svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" "
      + "transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">\(Escape.html(label))</text>"
    return svg
  }

  /// Evenly spaced date ticks (at most ``maxTimeLabels``), deduplicated, with an axis title.
  private static func timeAxis(first: Date, last: Date, x: (Date) -> Double) -> String {
    let span = last.timeIntervalSince(first)
    let count = span == 0 ? 1 : maxTimeLabels
    var svg = ""
    var previous = ""
    let withTime = span < 5 * 86_400
    for index in 0..<count {
      let time =
        count == 1 ? first : first.addingTimeInterval(span * Double(index) / Double(count - 1))
      let label = withTime ? String(TrendRenderer.stamp(time).dropFirst(5)) : TrendRenderer.day(time)
      guard label != previous else { continue }
      previous = label
      let px = x(time)
      svg += "<line x1=\"\(f(px))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(px))\" "
        + "y2=\"\(f(top + plotHeight + 4))\" stroke=\"#000\"/>"
      let anchor = index == 0 && count > 1 ? "start" : (index == count - 1 && count > 1 ? "end" : "middle")
      svg += text(px, top + plotHeight + 16, label, anchor: anchor)
    }
    svg += text(left + plotWidth / 2, height - 8, withTime ? "run time (UTC, MM-DD hh:mm)" : "run date (UTC)", anchor: "middle")
    return svg
  }

  /// A legend row at the top right, one entry per series.
  private static func legend(_ items: [(name: String, swatch: String)]) -> String {
    var svg = ""
    var x = left + plotWidth
    for item in items.reversed() {
      let label = item.name.count > 24 ? String(item.name.prefix(23)) + "…" : item.name
      let itemWidth = 30 + Double(label.count) * 6.5
      x -= itemWidth + 10
      svg += "<g transform=\"translate(\(f(x)) \(f(top - 24)))\">\(item.swatch)"
        + text(28, 9, label, anchor: "start") + "</g>"
    }
    return svg
  }

  private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String) -> String {
    "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(Escape.html(content))</text>"
  }

  /// A coordinate with at most one decimal.
  static func f(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}

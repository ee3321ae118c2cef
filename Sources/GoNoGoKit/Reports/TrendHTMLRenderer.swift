import Foundation

/// The trend as one self-contained HTML page: KPI tiles, three inline SVG charts (each followed
/// by a table of its numbers), and the KPI tables. No script, no external asset, grey-scale.
public enum TrendHTMLRenderer {
  /// Renders the page.
  public static func render(_ trend: TrendReport) -> String {
    let e = Escape.html
    let pct = TrendRenderer.percent
    let days = TrendRenderer.days
    let stamp = TrendRenderer.stamp
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Readiness trend</title>
      <style>
      body { font-family: sans-serif; color: #000; background: #fff; margin: 24px; max-width: 980px; }
      h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #000; }
      .tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
      .tile { border: 1px solid #000; padding: 8px 12px; min-width: 120px; }
      .tile b { display: block; font-size: 20px; }
      table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
      th, td { border: 1px solid #888; padding: 3px 8px; text-align: left; }
      td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
      caption { text-align: left; font-weight: bold; padding: 4px 0; }
      svg.chart { max-width: 100%; height: auto; display: block; }
      figure { margin: 0 0 8px; }
      .numbers { max-height: 240px; overflow-y: auto; display: inline-block; margin-bottom: 12px; }
      .numbers table { margin: 0; }
      @media print { body { margin: 0; } h2 { break-after: avoid; } figure { break-inside: avoid; }
        .numbers { max-height: none; overflow: visible; } }
      </style>
      </head>
      <body>
      <h1>Readiness trend</h1>

      """
    if let first = trend.runs.first, let last = trend.runs.last {
      out += "<p>\(trend.runs.count) run\(trend.runs.count == 1 ? "" : "s") from \(e(stamp(first.now))) to \(e(stamp(last.now))) UTC"
      if trend.duplicates > 0 { out += " (\(trend.duplicates) duplicate reports collapsed)" }
      out += ".</p>\n<div class=\"tiles\">"
      out += tile("Latest verdict", last.verdict.title)
      out += tile("Pass rate", pct(last.passRate))
      out += tile("Blockers failing", "\(last.blockersFailing)")
      out += tile("Majors failing", "\(last.majorsFailing)")
      out += tile("Waivers in use", "\(trend.waiverDebt.inUse)")
      if let raid = trend.runs.last(where: { $0.raid != nil })?.raid {
        out += tile("RAID open / stalest", "\(raid.openItems) / \(raid.stalestAgeDays)d")
      }
      out += "</div>\n"
      if let sentence = trend.advisory?.sentence { out += "<p>Advisory: \(e(sentence)).</p>\n" }
    } else {
      out += "<p>No runs.</p>\n"
    }

    out += "<h2>Pass rate over time</h2>\n<figure>\(TrendCharts.passRate(trend))</figure>\n"
    out += numbers(
      caption: "Pass rate per run", ["Run (UTC)", "Program", "Passed", "Evaluated", "Pass rate"],
      numeric: [2, 3, 4],
      trend.runs.map {
        [stamp($0.now), $0.program, "\($0.passed)", "\($0.evaluated)", pct($0.passRate)]
      })
    out += "<h2>Blockers over time</h2>\n<figure>\(TrendCharts.blockers(trend))</figure>\n"
    out += numbers(
      caption: "Failing gates per run",
      ["Run (UTC)", "Program", "Verdict", "Blockers failing", "Majors failing", "Waived"],
      numeric: [3, 4, 5],
      trend.runs.map {
        [
          stamp($0.now), $0.program, $0.verdict.title, "\($0.blockersFailing)",
          "\($0.majorsFailing)", "\($0.waived)",
        ]
      })
    out += "<h2>Time to green</h2>\n<figure>\(TrendCharts.timeToGreen(trend))</figure>\n"
    out += numbers(
      caption: "Gate failures by time to green", ["Days", "Fixed", "Still open"], numeric: [1, 2],
      TrendCharts.distribution(trend).map { [$0.label, "\($0.closed)", "\($0.open)"] })

    out += "<h2>By program, workstream and category</h2>\n"
    out += table(
      caption: "Latest run of each program; time to green over the window",
      ["Group", "Name", "Pass rate", "Window pass rate", "Blockers", "Majors", "Waived",
       "Median to green", "Worst to green", "Open failures"],
      numeric: Set(2...9),
      trend.groups.map {
        [
          $0.kind, $0.name.isEmpty ? "(none)" : $0.name, pct($0.passRate), pct($0.windowPassRate),
          "\($0.blockersFailing)", "\($0.majorsFailing)", "\($0.waived)",
          days($0.medianGreenSeconds), days($0.worstGreenSeconds),
          $0.kind == "category" ? "\($0.openEpisodes)" : "–",
        ]
      })
    out += "<h2>Gate failures</h2>\n"
    out += table(
      caption: "Each stretch a gate spent failing", ["Gate", "Program", "Category", "Failed",
      "Green", "Days"], numeric: [5],
      trend.episodes.map {
        [$0.gate, $0.program, $0.category, stamp($0.failedAt), $0.greenAt.map(stamp) ?? "open",
         days($0.seconds)]
      })
    out += "<h2>Flapping and blocking gates</h2>\n"
    out += table(
      caption: "Flapping (≥ \(TrendReport.flappingFlips) pass↔fail flips)",
      ["Gate", "Program", "Flips", "Runs"], numeric: [2, 3],
      trend.flapping.map { [$0.gate, $0.program, "\($0.count)", "\($0.runs)"] })
    out += table(
      caption: "Most often blocking", ["Gate", "Program", "Runs blocking", "Runs"],
      numeric: [2, 3], trend.blocking.map { [$0.gate, $0.program, "\($0.count)", "\($0.runs)"] })
    out += "<h2>Waiver debt</h2>\n"
    out += "<p>\(trend.waiverDebt.inUse) in use, total age \(days(trend.waiverDebt.totalAgeSeconds)); "
      + "\(trend.waiverDebt.expiredWhileNeeded) expired while still needed.</p>\n"
    out += "</body>\n</html>\n"
    return out
  }

  private static func tile(_ label: String, _ value: String) -> String {
    "<div class=\"tile\">\(Escape.html(label))<b>\(Escape.html(value))</b></div>"
  }

  /// A chart's numbers: the whole table (for screen readers and print), scrolled on screen.
  private static func numbers(
    caption: String, _ header: [String], numeric: Set<Int>, _ rows: [[String]]
  ) -> String {
    "<div class=\"numbers\">\n" + table(caption: caption, header, numeric: numeric, rows) + "</div>\n"
  }

  private static func table(
    caption: String, _ header: [String], numeric: Set<Int>, _ rows: [[String]]
  ) -> String {
    var out = "<table>\n<caption>\(Escape.html(caption))</caption>\n<thead><tr>"
    for (index, cell) in header.enumerated() {
      out += "<th scope=\"col\"\(numeric.contains(index) ? " class=\"n\"" : "")>\(Escape.html(cell))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    if rows.isEmpty {
      out += "<tr><td colspan=\"\(header.count)\">none</td></tr>\n"
    }
    for row in rows {
      out += "<tr>"
      for (index, cell) in row.enumerated() {
        out += "<td\(numeric.contains(index) ? " class=\"n\"" : "")>\(Escape.html(cell))</td>"
      }
      out += "</tr>\n"
    }
    return out + "</tbody>\n</table>\n"
  }
}

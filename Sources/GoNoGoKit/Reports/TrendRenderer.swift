import Foundation

/// Renders a ``TrendReport`` as a text table (terminal) or Markdown (a weekly status post).
public enum TrendRenderer {
  /// `87.5%`, or `–` when nothing was evaluated.
  static func percent(_ rate: Double?) -> String {
    guard let rate else { return "–" }
    return String(format: "%.1f%%", rate * 100)
  }

  /// Seconds as days with one decimal: `2.5d`.
  static func days(_ seconds: Int?) -> String {
    guard let seconds else { return "–" }
    return String(format: "%.1fd", Double(seconds) / 86_400)
  }

  /// `2026-11-02 09:00` (UTC).
  static func stamp(_ date: Date) -> String {
    let text = DateValue.iso8601(date)
    return text.prefix(10) + " " + text.dropFirst(11).prefix(5)
  }

  /// `2026-11-02` (UTC).
  static func day(_ date: Date) -> String { String(DateValue.iso8601(date).prefix(10)) }

  /// A table: header, rows; `markdown` gives a GFM pipe table, else aligned columns.
  static func table(_ header: [String], _ rows: [[String]], markdown: Bool, numeric: Set<Int> = [])
    -> String
  {
    if markdown {
      var out = "| " + header.joined(separator: " | ") + " |\n|"
      for index in header.indices { out += numeric.contains(index) ? " ---: |" : " --- |" }
      out += "\n"
      for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
      return out
    }
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
        return numeric.contains(index) ? pad + cell : cell + pad
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    var out = line(header) + "\n"
    out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
    for row in rows { out += line(row) + "\n" }
    return out
  }

  /// The terminal report.
  public static func text(_ trend: TrendReport) -> String {
    render(trend, markdown: false)
  }

  /// The Markdown report.
  public static func markdown(_ trend: TrendReport) -> String {
    render(trend, markdown: true)
  }

  private static func render(_ trend: TrendReport, markdown: Bool) -> String {
    func cell(_ text: String) -> String {
      markdown ? Escape.markdown(text) : TerminalText.escaped(text)
    }
    func heading(_ text: String) -> String {
      markdown ? "\n### \(text)\n\n" : "\n\(text)\n"
    }
    var out = markdown ? "## Readiness trend\n\n" : "Readiness trend\n"
    let range =
      trend.runs.isEmpty
      ? "no runs"
      : "\(trend.runs.count) run\(trend.runs.count == 1 ? "" : "s") from "
        + "\(stamp(trend.runs[0].now)) to \(stamp(trend.runs[trend.runs.count - 1].now)) UTC"
    out += range
    if trend.duplicates > 0 {
      out += " (\(trend.duplicates) duplicate report\(trend.duplicates == 1 ? "" : "s") collapsed)"
    }
    out += "\n"
    if let last = trend.runs.last {
      out +=
        (markdown ? "\n" : "")
        + "Latest: \(last.verdict.title), pass rate \(percent(last.passRate)), "
        + "\(last.blockersFailing) blocker\(last.blockersFailing == 1 ? "" : "s") and "
        + "\(last.majorsFailing) major\(last.majorsFailing == 1 ? "" : "s") failing, "
        + "\(last.waived) waived\n"
    }
    if let sentence = trend.advisory?.sentence { out += "Advisory: \(sentence)\n" }

    out += heading("Runs")
    out += table(
      ["Run (UTC)", "Program", "Verdict", "Pass rate", "Passed", "Evaluated", "Waived",
       "Blockers", "Majors", "Waivers", "RAID open", "RAID stalest"],
      trend.runs.map { run in
        [
          stamp(run.now), cell(run.program), run.verdict.title, percent(run.passRate),
          "\(run.passed)", "\(run.evaluated)", "\(run.waived)", "\(run.blockersFailing)",
          "\(run.majorsFailing)", "\(run.waiversInUse)",
          run.raid.map { "\($0.openItems)" } ?? "–",
          run.raid.map { "\($0.stalestAgeDays)d" } ?? "–",
        ]
      }, markdown: markdown, numeric: Set(3...11))

    out += heading("By program, workstream and category (latest run)")
    out += table(
      ["Group", "Name", "Pass rate", "Window pass rate", "Blockers", "Majors", "Waived",
       "Median to green", "Worst to green", "Open"],
      trend.groups.map { group in
        [
          group.kind, cell(group.name.isEmpty ? "(none)" : group.name), percent(group.passRate),
          percent(group.windowPassRate), "\(group.blockersFailing)", "\(group.majorsFailing)",
          "\(group.waived)", days(group.medianGreenSeconds), days(group.worstGreenSeconds),
          group.kind == "category" ? "\(group.openEpisodes)" : "–",
        ]
      }, markdown: markdown, numeric: Set(2...9))

    out += heading("Time to green")
    let closed = trend.episodes.filter { $0.greenAt != nil }
    let open = trend.episodes.filter { $0.greenAt == nil }
    out += "\(closed.count) gate failure\(closed.count == 1 ? "" : "s") fixed, \(open.count) still open\n"
    if !trend.episodes.isEmpty {
      out += markdown ? "\n" : ""
      out += table(
        ["Gate", "Program", "Category", "Failed", "Green", "Days"],
        trend.episodes.map { episode in
          [
            cell(episode.gate), cell(episode.program), cell(episode.category),
            stamp(episode.failedAt), episode.greenAt.map(stamp) ?? "open",
            days(episode.seconds),
          ]
        }, markdown: markdown, numeric: [5])
    }

    out += heading("Flapping gates (≥ \(TrendReport.flappingFlips) pass↔fail flips)")
    out +=
      trend.flapping.isEmpty
      ? "none\n"
      : table(
        ["Gate", "Program", "Flips", "Runs"],
        trend.flapping.map { [cell($0.gate), cell($0.program), "\($0.count)", "\($0.runs)"] },
        markdown: markdown, numeric: [2, 3])

    out += heading("Most often blocking")
    out +=
      trend.blocking.isEmpty
      ? "none\n"
      : table(
        ["Gate", "Program", "Runs blocking", "Runs"],
        trend.blocking.map { [cell($0.gate), cell($0.program), "\($0.count)", "\($0.runs)"] },
        markdown: markdown, numeric: [2, 3])

    out += heading("Waiver debt")
    let debt = trend.waiverDebt
    out +=
      "\(debt.inUse) waiver\(debt.inUse == 1 ? "" : "s") in use, total age "
      + "\(days(debt.totalAgeSeconds)); \(debt.expiredWhileNeeded) expired while still needed\n"

    out += heading("RAID freshness")
    if let raid = trend.runs.last(where: { $0.raid != nil })?.raid {
      out += "\(raid.openItems) open item\(raid.openItems == 1 ? "" : "s"), stalest \(raid.stalestAgeDays) days since update\n"
    } else {
      out += "no raid gate reported open items\n"
    }
    return out
  }
}

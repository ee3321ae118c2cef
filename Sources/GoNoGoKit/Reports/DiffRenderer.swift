import Foundation

/// Renders a ``ReportDiff`` as text (terminal) or Markdown (a pull-request comment: a one-line
/// headline, then one collapsible `<details>` section per group). Pure functions.
public enum DiffRenderer {
  /// One group of lines, in the order the diff lists them.
  struct Section {
    var title: String
    var lines: [String]
  }

  /// The one-line headline: verdict movement and the counts that matter.
  public static func headline(_ diff: ReportDiff) -> String {
    var text =
      diff.old.verdict == diff.new.verdict
      ? "Verdict unchanged: \(diff.new.verdict.title)"
      : "Verdict \(diff.old.verdict.title) → \(diff.new.verdict.title)"
    var counts: [String] = []
    if !diff.regressed.isEmpty { counts.append("\(diff.regressed.count) regressed") }
    if !diff.fixed.isEmpty { counts.append("\(diff.fixed.count) fixed") }
    if !diff.added.isEmpty { counts.append("\(diff.added.count) added") }
    if !diff.removed.isEmpty { counts.append("\(diff.removed.count) removed") }
    if !diff.renamed.isEmpty { counts.append("\(diff.renamed.count) renamed") }
    if counts.isEmpty { counts.append("no gate changed status") }
    text += " — " + counts.joined(separator: ", ")
    text += diff.isRegression ? " (regression)" : ""
    return text
  }

  /// Terminal text: the headline, then each non-empty group with its lines indented.
  public static func text(_ diff: ReportDiff) -> String {
    var out = headline(diff) + "\n"
    out += "  old: \(diff.old.source) (\(diff.old.now), \(diff.old.verdict.title))\n"
    out += "  new: \(diff.new.source) (\(diff.new.now), \(diff.new.verdict.title))\n"
    for section in sections(diff, escape: { $0 }, code: { $0 }) {
      out += "\n\(section.title):\n"
      for line in section.lines { out += "  \(line)\n" }
    }
    return out
  }

  /// Markdown for a PR comment: a bold headline line, then `<details>` per group.
  public static func markdown(_ diff: ReportDiff) -> String {
    let icon = diff.isRegression ? "🔴" : (diff.isEmpty ? "⚪" : "🟢")
    var out = "\(icon) **gonogo diff: \(Escape.markdown(headline(diff)))**\n\n"
    out +=
      "Old `\(code(diff.old.now))` \(diff.old.verdict.title) · new `\(code(diff.new.now))` "
      + "\(diff.new.verdict.title)\n"
    for section in sections(diff, escape: Escape.markdown, code: code) {
      out += "\n<details\(section.title.hasPrefix("Regressed") ? " open" : "")>\n"
      out += "<summary>\(Escape.html(section.title))</summary>\n\n"
      for line in section.lines { out += "- \(line)\n" }
      out += "\n</details>\n"
    }
    return out
  }

  /// Text for a Markdown code span: backticks cannot end it, line breaks fold.
  private static func code(_ text: String) -> String {
    text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
  }

  static func sections(
    _ diff: ReportDiff, escape: (String) -> String, code: (String) -> String
  ) -> [Section] {
    func id(_ text: String) -> String { "`" + code(text) + "`" }
    var sections: [Section] = []
    func add(_ title: String, _ lines: [String]) {
      if !lines.isEmpty { sections.append(Section(title: title, lines: lines)) }
    }
    if diff.old.verdict != diff.new.verdict {
      let word = diff.verdictWorse ? "worse" : "better"
      add(
        "Verdict",
        ["\(diff.old.verdict.title) → \(diff.new.verdict.title) (\(word))"])
    }
    add(
      "Regressed (\(diff.regressed.count))",
      diff.regressed.map { change in
        var line =
          "\(id(change.id)) \(change.from.rawValue) → \(change.to.rawValue) "
          + "[\(change.severity), \(escape(change.owner))] \(escape(change.title))"
        for message in change.messages { line += "\n    - \(escape(message))" }
        return line
      })
    add(
      "Fixed (\(diff.fixed.count))",
      diff.fixed.map {
        "\(id($0.id)) \($0.from.rawValue) → \($0.to.rawValue) [\($0.severity)] \(escape($0.title))"
      })
    add(
      "Other status changes (\(diff.changed.count))",
      diff.changed.map { "\(id($0.id)) \($0.from.rawValue) → \($0.to.rawValue) [\($0.severity)]" })
    var membership: [String] = []
    membership += diff.added.map {
      "added \(id($0.id)) (\($0.status.rawValue), \($0.severity)) \(escape($0.title))"
    }
    membership += diff.removed.map {
      "removed \(id($0.id)) (was \($0.status.rawValue), \($0.severity)) \(escape($0.title))"
    }
    membership += diff.renamed.map {
      "renamed \(id($0.from)) → \(id($0.to)) (same check at \(escape($0.location)))"
    }
    add("Gates added, removed or renamed (\(membership.count))", membership)
    add(
      "Severity and owner changes (\(diff.fields.count))",
      diff.fields.map {
        "\(id($0.id)) \($0.field): \(escape($0.from)) → \(escape($0.to))"
      })
    add(
      "Waivers (\(diff.waivers.count))",
      diff.waivers.map { change in
        let waiver = change.waiver
        let expiry = waiver.expires.map { " expires \($0)" } ?? ""
        let approver = waiver.approvedBy.map { ", approved by \(escape($0))" } ?? ""
        switch change.change {
        case "added":
          return "added for \(id(waiver.gate))\(expiry)\(approver): \(escape(waiver.reason))"
        case "expired":
          return "expired for \(id(waiver.gate))\(expiry): it no longer waives"
        default:
          let days = change.days ?? 0
          let when = days == 0 ? "today" : "in \(days) day\(days == 1 ? "" : "s")"
          return "expiring \(when) for \(id(waiver.gate))\(expiry)"
        }
      })
    if let evidence = diff.evidence {
      add(
        "Evidence changed (\(evidence.count))",
        evidence.map { change in
          switch (change.old, change.new) {
          case (nil, let new?): return "new \(id(change.path)) sha256:\(new.prefix(12))"
          case (let old?, nil): return "gone \(id(change.path)) (was sha256:\(old.prefix(12)))"
          case (let old?, let new?):
            return "changed \(id(change.path)) sha256:\(old.prefix(12)) → \(new.prefix(12))"
          default: return "changed \(id(change.path))"
          }
        })
    }
    add(
      "Rollout forecast (\(diff.forecast.count))",
      diff.forecast.map { change in
        let name = "\(escape(change.service)) phase \(escape(change.phase))"
        guard let seconds = change.seconds else {
          return change.to == nil
            ? "\(name) is no longer scheduled (was \(change.from ?? "?"))"
            : "\(name) is now scheduled at \(change.to ?? "?")"
        }
        let direction = seconds > 0 ? "later" : "earlier"
        return
          "\(name) moved \(direction) by \(ReportDiff.span(seconds)): "
          + "\(change.from ?? "?") → \(change.to ?? "?")"
      })
    var advisory: [String] = []
    if let old = diff.advisory.old.sentence, diff.advisory.old != diff.advisory.new {
      advisory.append("before: \(old)")
    }
    if let new = diff.advisory.new.sentence { advisory.append("now: \(new)") }
    add("Advisory gates", advisory)
    return sections
  }
}

import LocatedYAML

/// `gonogo explain GATE`: one gate's definition, the evidence it read, what it found and what to do.
public enum GateExplanation {
  /// Renders the explanation of `result`, whose definition is `gate` (nil when it came from
  /// elsewhere, such as a rollout rule).
  public static func render(_ result: GateResult, gate: Gate?, report: Report) -> String {
    let clean = TextRenderer.clean
    var out = "\(result.id) — \(clean(result.title))\n"
    out += "  status:      \(result.status.rawValue)"
    if let evaluated = result.evaluated, evaluated.rawValue != result.status.rawValue {
      out += " (evaluated \(evaluated.rawValue))"
    }
    if result.status == .advisory {
      out += "\n  advisory:    \(AdvisoryRendering.note(result, now: report.now))"
    }
    out += "\n  severity:    \(result.severity.rawValue)"
    out += " — \(impact(result.severity))\n"
    out += "  owner:       \(clean(result.owner))\n"
    if let workstream = result.workstream { out += "  workstream:  \(clean(workstream))\n" }
    if let category = result.category { out += "  category:    \(category.rawValue)\n" }
    out += "  defined at:  \(clean(result.location.description))\n"
    if let pack = result.pack {
      out += "  from pack:   \(clean(pack.pack)) gate \(clean(result.id)) "
        + "(\(clean(pack.location.description)))\n"
    }
    if let note = result.tierNote {
      out += "  tier:        \(clean(note))\n"
    } else if result.workstream == nil, report.tier == nil {
      out += "  tier:        none declared; the gate applies at its written severity\n"
    }
    if let gate {
      out += "  checks:\n"
      for check in gate.checks {
        let kind = type(of: check).description.kind
        let evidence = check.evidence.patterns.map { clean($0.value) }.joined(separator: ", ")
        out +=
          "    - \(kind)" + (evidence.isEmpty ? "" : " on \(evidence)")
          + "  (\(clean(place(check.location, from: result.location))))\n"
      }
    }
    if !result.evidence.isEmpty {
      out += "  evidence read:\n"
      for path in result.evidence { out += "    - \(clean(path))\n" }
    }
    if let reason = result.disabledReason {
      out += "  disabled:    \(clean(reason))\n"
    }
    if !result.findings.isEmpty {
      out += "  findings:\n"
      for finding in result.findings {
        var line = "    \(finding.status.rawValue.uppercased()) "
        if let evidence = finding.evidence, evidence.line != nil {
          line += clean(evidence.description) + ": "
        }
        line += clean(finding.message)
        out += line + "\n"
        for (key, value) in (finding.measured ?? [:]).sorted(by: { $0.key < $1.key }) {
          let expected =
            finding.expected?[key].map { " (expected \($0.serialized(pretty: false)))" } ?? ""
          out += "      \(key) = \(value.serialized(pretty: false))\(expected)\n"
        }
      }
    }
    for waiver in report.waivers where waiver.waiver.gate == result.id {
      out += "  waiver:      \(waiver.state.rawValue) — \(clean(waiver.waiver.reason))"
      if let approver = waiver.waiver.approvedBy { out += "; approved by \(clean(approver))" }
      if let expires = waiver.waiver.expires { out += "; expires \(expires.text)" }
      out += " (\(waiver.waiver.location))\n"
    }
    if let remediation = result.remediation { out += "  remediation: \(clean(remediation))\n" }
    if let docs = result.docs { out += "  docs:        \(clean(docs))\n" }
    return out
  }

  /// Explains a gate the service tier left out: it was not evaluated.
  public static func render(_ exclusion: TierExclusion, report: Report) -> String {
    let clean = TextRenderer.clean
    var out = "\(exclusion.id) — \(clean(exclusion.title))\n"
    out += "  status:      not applied — left out by the service tier, so it was not evaluated\n"
    let tier =
      report.tier
      ?? report.workstreams.first(where: { $0.name == exclusion.workstream })?.tier
    if let tier {
      out += "  tier:        \(clean(tier.label)), declared at \(clean(tier.location.description))\n"
    }
    out += "  why:         \(clean(exclusion.reason)) (\(clean(exclusion.ruleLocation.description)))\n"
    out += "  severity:    \(exclusion.severity.rawValue) as written\n"
    out += "  owner:       \(clean(exclusion.owner))\n"
    if let workstream = exclusion.workstream { out += "  workstream:  \(clean(workstream))\n" }
    if let category = exclusion.category { out += "  category:    \(category.rawValue)\n" }
    out += "  defined at:  \(clean(exclusion.location.description))\n"
    return out
  }

  /// `31:7` in the gate's own file; the whole location in another (a pack's check).
  private static func place(_ location: SourceLocation, from gate: SourceLocation) -> String {
    location.file == gate.file ? "\(location.line):\(location.column)" : location.description
  }

  private static func impact(_ severity: Severity) -> String {
    switch severity {
    case .blocker: "a failure makes the release NO-GO"
    case .major: "a failure makes the release CONDITIONAL GO"
    case .minor: "advisory; never changes the verdict"
    }
  }
}

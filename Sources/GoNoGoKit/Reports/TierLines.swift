/// The words every renderer uses for the service tier and the gates it left out.
enum TierLines {
  /// `Tier 1 (critical), declared at readiness.yaml:4:7 · 2 gates left out`; nil when the report
  /// has no tier and left nothing out.
  static func headline(_ report: Report) -> String? {
    let count = report.excludedByTier.count
    let leftOut = count.plural("gate") + " left out by the tier"
    if let tier = report.tier {
      return "Tier: \(tier.level)" + (tier.name.map { " (\($0))" } ?? "")
        + ", declared at \(tier.location) · \(leftOut)"
    }
    let tiers = report.workstreams.compactMap { workstream in
      workstream.tier.map { "\(workstream.name): \($0.label)" }
    }
    guard !tiers.isEmpty || count > 0 else { return nil }
    return "Tiers: " + (tiers.isEmpty ? "none declared" : tiers.joined(separator: ", "))
      + " · \(leftOut)"
  }

  /// One line per gate the tier left out: id, title, and why.
  static func exclusion(_ exclusion: TierExclusion) -> (id: String, text: String) {
    let workstream = exclusion.workstream.map { "[\($0)] " } ?? ""
    return (
      exclusion.id,
      workstream + exclusion.title + " — " + exclusion.reason + " (\(exclusion.ruleLocation))"
    )
  }

  /// `from builtin:quality gate quality.tests`, for a pack's gate.
  static func origin(_ gate: GateResult) -> String? {
    gate.pack.map { "from \($0.pack) gate \(gate.id)" }
  }
}

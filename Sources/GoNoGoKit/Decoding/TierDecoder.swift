import LocatedYAML

/// Reads the tier keys of checklists, programs and gates: `tier`, `tiers` (the names of the
/// tiers, at the top level; the tiers a gate applies at, on a gate) and `severity_by_tier`.
///
/// Names are checked here only for their shape; whether a name is one the checklist or program
/// declares is decided when the tier is applied (`TierPolicy`), since a workstream's checklist
/// takes its names from the program.
enum TierDecoder {
  /// A tier as written: `1`, `2`, `3` or a name.
  static func token(_ node: Node, key: String, context: String, sink: DiagnosticSink)
    -> Located<TierToken>?
  {
    guard let scalar = node.scalar, !scalar.isNull else {
      sink.error(
        node.location,
        "'\(key)' in \(context) must be a tier: 1, 2, 3 or a name from 'tiers', not "
          + node.kindDescription)
      return nil
    }
    if case .int(let number) = scalar.value {
      guard ServiceTier.levels.contains(number) else {
        sink.error(
          node.location, "tier \(number) in '\(key)' of \(context) does not exist",
          hint: "tiers are 1 (most critical), 2 and 3")
        return nil
      }
      return Located(.number(number), at: node.location)
    }
    let text = scalar.text.trimmingWhitespace()
    guard ChecklistDecoder.isValidID(text), text.contains(where: { $0.isLetter }) else {
      sink.error(
        node.location, "'\(scalar.text)' in '\(key)' of \(context) is not a tier",
        hint: "write 1, 2, 3, or a name declared under 'tiers' (lowercase letters, digits, '-')")
      return nil
    }
    return Located(.name(text), at: node.location)
  }

  /// `tier:` of a checklist or workstream.
  static func tier(_ fields: Fields) -> Located<TierToken>? {
    guard let node = fields.value("tier") else { return nil }
    return token(node, key: "tier", context: fields.context, sink: fields.sink)
  }

  /// `tiers: [critical, standard, experimental]` at the top of a checklist or program: one
  /// distinct name per tier, most critical first.
  static func names(_ fields: Fields) -> Located<[String]>? {
    guard let node = fields.value("tiers") else { return nil }
    let sink = fields.sink
    let count = ServiceTier.levels.count
    guard let items = node.sequence, items.count == count else {
      sink.error(
        node.location,
        "'tiers' in \(fields.context) must name the \(count) tiers, most critical first",
        hint: "for example: tiers: [critical, standard, experimental]")
      return nil
    }
    var names: [String] = []
    for item in items {
      guard let scalar = item.scalar, case .string = scalar.value,
        ChecklistDecoder.isValidID(scalar.text), scalar.text.contains(where: { $0.isLetter })
      else {
        sink.error(
          item.location,
          "a tier name must be a word of lowercase letters, digits, '-' or '_', not "
            + "'\(item.scalar?.text ?? item.kindDescription)'",
          hint: "for example: critical")
        return nil
      }
      if names.contains(scalar.text) {
        sink.error(item.location, "the tier name '\(scalar.text)' is given twice")
        return nil
      }
      names.append(scalar.text)
    }
    return Located(names, at: node.location)
  }

  /// A gate's `tiers` and `severity_by_tier`; nil when it has neither.
  static func gateRules(_ fields: Fields) -> GateTierRules? {
    let sink = fields.sink
    guard fields.has("tiers") || fields.has("severity_by_tier") else { return nil }
    var tiers: [Located<TierToken>]?
    if let node = fields.value("tiers") {
      let items = node.sequence ?? (node.scalar.map { _ in [node] } ?? [])
      if items.isEmpty {
        sink.error(
          node.location, "'tiers' in \(fields.context) must list at least one tier",
          hint: "a gate that applies at no tier is switched off with 'disable:' and a reason")
      }
      tiers = items.compactMap { token($0, key: "tiers", context: fields.context, sink: sink) }
    }
    var entries: [TierSeverityEntry] = []
    if let node = fields.value("severity_by_tier") {
      if let pairs = node.mapping {
        for pair in pairs {
          let tier = token(
            pair.key, key: "severity_by_tier", context: fields.context, sink: sink)
          let word = pair.value.scalar?.text ?? ""
          guard let severity = TierSeverity(word: word) else {
            sink.error(
              pair.value.location,
              "the severity of tier \(pair.key.scalar?.text ?? "?") in 'severity_by_tier' of "
                + "\(fields.context) must be one of \(TierSeverity.words.joined(separator: ", ")), "
                + "not '\(word)'" + Suggestion.didYouMean(word, in: TierSeverity.words))
            continue
          }
          if let tier { entries.append(TierSeverityEntry(tier: tier, severity: severity)) }
        }
      } else {
        sink.error(
          node.location,
          "'severity_by_tier' in \(fields.context) must map tiers to severities",
          hint: "for example: severity_by_tier: {1: blocker, 2: major, 3: off}")
      }
    }
    return GateTierRules(
      tiers: tiers, tiersLocation: fields.has("tiers") ? fields.location(of: "tiers") : nil,
      severityByTier: entries,
      severityByTierLocation: fields.has("severity_by_tier")
        ? fields.location(of: "severity_by_tier") : nil)
  }
}

import LocatedYAML

/// What a built-in pack offers: its inputs and gates, read from its YAML.
public struct PackSummary: Sendable, Equatable {
  /// An input a checklist sets with `with:`.
  public struct Input: Sendable, Equatable {
    /// The input's name.
    public var name: String
    /// What it is for.
    public var description: String
    /// Its default, as YAML text; nil when the input is required.
    public var defaultValue: String?
  }

  /// A gate the pack contributes.
  public struct GateLine: Sendable, Equatable {
    /// The gate's id.
    public var id: String
    /// Its severity.
    public var severity: String
    /// Its title (inputs not substituted).
    public var title: String
    /// What it is at tiers 1, 2 and 3: a severity, or `off` when it is left out.
    public var byTier: [String]

    /// True when the gate is not the same at every tier.
    public var isTiered: Bool { Set(byTier).count > 1 || byTier.first != severity }
  }

  /// The pack's name (`builtin:NAME`).
  public var name: String
  /// Its title.
  public var title: String
  /// What it checks.
  public var description: String
  /// Its inputs.
  public var inputs: [Input]
  /// Its gates.
  public var gates: [GateLine]
}

/// The built-in packs, described for `gonogo packs` and `gonogo init`.
public enum PackCatalog {
  /// Every built-in pack, sorted by name; packs that do not parse are skipped (a test keeps
  /// them parsing).
  public static func all() -> [PackSummary] {
    BuiltinPacks.sources.keys.sorted().compactMap(summary)
  }

  /// One pack's summary.
  public static func summary(_ name: String) -> PackSummary? {
    guard let text = BuiltinPacks.sources[name],
      let root = try? Loader().load(text, file: "builtin:\(name)")
    else { return nil }
    let inputs = (root["inputs"]?.mapping ?? []).map { pair in
      PackSummary.Input(
        name: pair.key.scalar?.text ?? "",
        description: pair.value["description"]?.scalar?.text ?? "",
        defaultValue: pair.value["default"].map(yamlText))
    }
    let gates = (root["gates"]?.sequence ?? []).map { gate in
      let severity = gate["severity"]?.scalar?.text ?? ""
      return PackSummary.GateLine(
        id: gate["id"]?.scalar?.text ?? "", severity: severity,
        title: gate["title"]?.scalar?.text ?? "", byTier: byTier(gate, severity: severity))
    }
    return PackSummary(
      name: name, title: root["title"]?.scalar?.text ?? name,
      description: root["description"]?.scalar?.text ?? "", inputs: inputs, gates: gates)
  }

  /// A gate's severity at each tier, read from its `tiers` and `severity_by_tier` (built-in
  /// packs name tiers by number).
  static func byTier(_ gate: Node, severity: String) -> [String] {
    let tiers = gate["tiers"].map { node in
      (node.sequence ?? [node]).compactMap { $0.scalar?.text }
    }
    let table = Dictionary(
      (gate["severity_by_tier"]?.mapping ?? []).map {
        ($0.key.scalar?.text ?? "", $0.value.scalar?.text ?? "")
      }, uniquingKeysWith: { first, _ in first })
    return ServiceTier.levels.map { level in
      if let tiers, !tiers.contains(String(level)) { return "off" }
      return table[String(level)] ?? severity
    }
  }

  /// A node as one line of flow YAML.
  static func yamlText(_ node: Node) -> String {
    switch node.content {
    case .scalar(let scalar):
      if case .string = scalar.value,
        scalar.text.contains(where: { ":#{}[],&*!|>'\"%@`".contains($0) })
      {
        return "\"" + scalar.text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
      }
      return scalar.text
    case .sequence(let items): return "[" + items.map(yamlText).joined(separator: ", ") + "]"
    case .mapping(let pairs):
      return "{"
        + pairs.map { "\(yamlText($0.key)): \(yamlText($0.value))" }.joined(separator: ", ")
        + "}"
    }
  }

  /// The packs reference (`docs/packs.md`), written from the packs themselves.
  public static func markdown() -> String {
    var out = """
      # Built-in packs

      Each pack is a YAML file under `gates/`, built into the binary. Extend one with
      `extends: - pack: builtin:NAME` and set its inputs under `with:`. This page is generated
      (`gonogo packs --markdown`); a test keeps it equal to the packs.

      ## Service tiers

      A checklist that declares `tier: 1`, `2` or `3` (1 is the most critical) gets each pack
      gate at the severity below; `off` means the gate is left out at that tier: it is not
      evaluated, and the report lists it under the gates the tier left out. A checklist without
      a tier gets every gate at its written severity (the `severity` column of each pack). A pack
      gate says this with `tiers: [1, 2]` (the only tiers it applies at) and
      `severity_by_tier: {1: blocker, 3: off}`; a checklist's own gates may do the same.

      | gate | written | tier 1 | tier 2 | tier 3 |
      | --- | --- | --- | --- | --- |

      """
    for pack in all() {
      for gate in pack.gates {
        let cells = gate.byTier.map { $0 == "off" ? "*off*" : $0 }
        out += "| `\(gate.id)` | \(gate.severity) | " + cells.joined(separator: " | ") + " |\n"
      }
    }
    out += """

      The rollout rules judged on a `rollout.yaml` weigh by the tier of the checklists beside it
      (or of the program's workstream); a plan that sets a rule's `severity` under `rules:` keeps
      it at every tier.

      | rollout rule | written | tier 1 | tier 2 | tier 3 |
      | --- | --- | --- | --- | --- |

      """
    for rule in RolloutRules.all {
      let cells = RolloutTiers.byTier(rule).map { $0 == "off" ? "*off*" : $0 }
      out += "| `\(rule.id)` | \(rule.severity.rawValue) | " + cells.joined(separator: " | ") + " |\n"
    }
    for pack in all() {
      out += "\n## builtin:\(pack.name) — \(pack.title)\n\n"
      if !pack.description.isEmpty { out += pack.description + "\n\n" }
      out += "| input | default | meaning |\n| --- | --- | --- |\n"
      for input in pack.inputs {
        let value = input.defaultValue.map { "`\($0)`" } ?? "required"
        out +=
          "| `\(input.name)` | \(value.replacingOccurrences(of: "|", with: "\\|")) | \(input.description) |\n"
      }
      out += "\n| gate | severity | title |\n| --- | --- | --- |\n"
      for gate in pack.gates {
        out += "| `\(gate.id)` | \(gate.severity) | \(gate.title) |\n"
      }
    }
    return out
  }

  /// The text `gonogo packs` prints.
  public static func text() -> String {
    var out = ""
    for pack in all() {
      out += "builtin:\(pack.name) — \(pack.title)\n"
      if !pack.description.isEmpty { out += "  \(pack.description)\n" }
      if !pack.inputs.isEmpty { out += "  inputs:\n" }
      for input in pack.inputs {
        let value = input.defaultValue.map { "default \($0)" } ?? "required"
        out += "    \(input.name) (\(value)): \(input.description)\n"
      }
      out += "  gates:\n"
      for gate in pack.gates {
        let tiers =
          gate.isTiered
          ? " (tiers 1/2/3: " + gate.byTier.joined(separator: "/") + ")" : ""
        out += "    \(gate.id) [\(gate.severity)]\(tiers) \(gate.title)\n"
      }
      out += "\n"
    }
    return out
  }
}

import LocatedYAML

/// The starter files `gonogo init` writes: a checklist extending the chosen packs, every input
/// spelled out with its default and what it is for.
public enum Starter {
  /// Why a starter cannot be written.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var description: String
  }

  /// What the starter knows about the repository it is written into.
  public struct Options: Sendable {
    /// The service tier to declare (1, 2 or 3); nil for none.
    public var tier: Int?
    /// The CODEOWNERS file found, as its path and rules.
    public var codeOwners: (file: String, rules: CodeOwners)?
    /// The schema for the `# yaml-language-server: $schema=` line, relative to the checklist.
    public var schema: String?

    /// Creates options.
    public init(
      tier: Int? = nil, codeOwners: (file: String, rules: CodeOwners)? = nil, schema: String? = nil
    ) {
      self.tier = tier
      self.codeOwners = codeOwners
      self.schema = schema
    }
  }

  /// Where `gonogo init` writes the checklist schema editors read, next to the checklist.
  public static let schemaPath = ".gonogo/checklist.schema.json"

  /// The checklist text for `packs` (names without `builtin:`).
  public static func checklist(
    packs: [String], program: String, release: String, options: Options = Options()
  ) throws(Problem) -> String {
    if let tier = options.tier, !ServiceTier.levels.contains(tier) {
      throw Problem(description: "tier \(tier) does not exist; tiers are 1 (most critical), 2 and 3")
    }
    var out = ""
    if let schema = options.schema { out += "# yaml-language-server: $schema=\(schema)\n" }
    out += """
      # Release readiness for \(program). Evaluate with:  gonogo check
      # Every gate below comes from a built-in pack (gonogo packs lists them); set the inputs to
      # where your evidence lives, add gates of your own under `gates:`, and switch off a pack's
      # gate with `disable:` and a reason.

      """
    if let (file, rules) = options.codeOwners, !rules.allOwners.isEmpty {
      out += "# Owners named in \(file): \(rules.allOwners.joined(separator: ", ")).\n"
      out += "# Each pack's owner below is the owner of its evidence there; check them.\n"
    }
    out += """
      version: 1
      program: \(quoted(program))
      release: \(quoted(release))

      """
    if let tier = options.tier {
      out += "tier: \(tier)  # \(tierMeaning(tier)); docs/packs.md shows each gate's severity per tier\n"
    }
    out += "extends:\n"
    for name in packs {
      guard let pack = PackCatalog.summary(name) else {
        let known = PackCatalog.all().map(\.name)
        throw Problem(
          description: "there is no built-in pack '\(name)'"
            + (Suggestion.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? "")
            + " (packs: \(known.joined(separator: ", ")))")
      }
      out += "  - pack: builtin:\(name)  # \(pack.title)\n"
      if let tier = options.tier {
        let off = pack.gates.filter { $0.byTier[tier - 1] == "off" }.map(\.id)
        if off.count == pack.gates.count {
          out += "    # at tier \(tier) every gate of this pack is left out\n"
        } else if !off.isEmpty {
          out += "    # left out at tier \(tier): \(off.joined(separator: ", "))\n"
        }
      }
      if !pack.inputs.isEmpty { out += "    with:\n" }
      let owner = options.codeOwners.flatMap { suggestedOwner(forPack: name, in: $0.rules) }
      for input in pack.inputs {
        if input.name == "owner", let (owner, path) = owner, let file = options.codeOwners?.file {
          out += "      owner: \(quoted(owner))  # owner of \(path) in \(file)\n"
          continue
        }
        let value = input.defaultValue ?? "\"\""
        out += "      \(input.name): \(value)"
        if !input.description.isEmpty { out += "  # \(input.description)" }
        out += "\n"
      }
    }
    return out
  }

  private static func tierMeaning(_ tier: Int) -> String {
    switch tier {
    case 1: "tier 1: the most critical services, every gate at full weight"
    case 2: "tier 2: important services; some gates count as major"
    default: "tier 3: experimental or internal services; fewer gates apply"
    }
  }

  /// The CODEOWNERS owner of the first evidence path of a pack's gates (their defaults), with
  /// that path; a glob is looked up by its directory.
  static func suggestedOwner(forPack name: String, in rules: CodeOwners) -> (String, String)? {
    let text = "version: 1\nprogram: p\nrelease: r\nextends:\n  - pack: builtin:\(name)\n"
    guard let node = try? Loader().load(text, file: "readiness.yaml"),
      let checklist = ChecklistDecoder.decode(node, file: "readiness.yaml", sink: DiagnosticSink())
    else { return nil }
    for gate in checklist.gates {
      for check in gate.checks {
        for pattern in check.evidence.patterns {
          let path = pattern.value.split(separator: "/").prefix { !Glob.isPattern(String($0)) }
            .joined(separator: "/")
          guard !path.isEmpty, let owner = rules.owners(of: path)?.first else { continue }
          return (owner, path)
        }
      }
    }
    return nil
  }

  /// What evidence each gate of the starter expects, as "gate: kind on path" lines.
  public static func expectedEvidence(checklist text: String) -> [String] {
    guard let node = try? Loader().load(text, file: "readiness.yaml") else { return [] }
    let sink = DiagnosticSink()
    guard let decoded = ChecklistDecoder.decode(node, file: "readiness.yaml", sink: sink) else {
      return []
    }
    let checklist = TierPolicy.apply(to: decoded, program: nil, sink: sink)
    return checklist.gates.flatMap { gate in
      gate.checks.map { check in
        let kind = type(of: check).description.kind
        let paths = check.evidence.patterns.map(\.value).joined(separator: ", ")
        return "\(gate.id) [\(gate.severity.rawValue)]: \(kind) on \(paths)"
      }
    }
  }

  private static func quoted(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "\"", with: "\\\"")
      + "\""
  }
}

import LocatedYAML

/// The starter files `gonogo init` writes: a checklist extending the chosen packs, every input
/// spelled out with its default and what it is for.
public enum Starter {
  /// Why a starter cannot be written.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var description: String
  }

  /// The checklist text for `packs` (names without `builtin:`).
  public static func checklist(packs: [String], program: String, release: String) throws(Problem)
    -> String
  {
    var out = """
      # Release readiness for \(program). Evaluate with:  gonogo check
      # Every gate below comes from a built-in pack (gonogo packs lists them); set the inputs to
      # where your evidence lives, add gates of your own under `gates:`, and switch off a pack's
      # gate with `disable:` and a reason.
      version: 1
      program: \(quoted(program))
      release: \(quoted(release))
      extends:

      """
    for name in packs {
      guard let pack = PackCatalog.summary(name) else {
        let known = PackCatalog.all().map(\.name)
        throw Problem(
          description: "there is no built-in pack '\(name)'"
            + (Suggestion.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? "")
            + " (packs: \(known.joined(separator: ", ")))")
      }
      out += "  - pack: builtin:\(name)  # \(pack.title)\n"
      if !pack.inputs.isEmpty { out += "    with:\n" }
      for input in pack.inputs {
        let value = input.defaultValue ?? "\"\""
        out += "      \(input.name): \(value)"
        if !input.description.isEmpty { out += "  # \(input.description)" }
        out += "\n"
      }
    }
    return out
  }

  /// What evidence each gate of the starter expects, as "gate: kind on path" lines.
  public static func expectedEvidence(checklist text: String) -> [String] {
    guard let node = try? Loader().load(text, file: "readiness.yaml") else { return [] }
    let sink = DiagnosticSink()
    guard let checklist = ChecklistDecoder.decode(node, file: "readiness.yaml", sink: sink) else {
      return []
    }
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

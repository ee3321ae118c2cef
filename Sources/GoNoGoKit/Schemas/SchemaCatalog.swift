/// The JSON Schemas gonogo publishes, by name (`gonogo schema NAME`).
public enum SchemaCatalog {
  /// Every schema name, in documentation order.
  public static var names: [String] {
    ["checklist", "pack", "rollout", "program", "report", "plan", "diff", "trend", "decision"]
  }

  /// The schema's text (JSON with a final newline), or nil for an unknown name.
  public static func text(_ name: String) -> String? {
    switch name {
    case "checklist": ChecklistSchema.checklist().serialized() + "\n"
    case "pack": ChecklistSchema.pack().serialized() + "\n"
    case "rollout": PlanSchemas.rollout().serialized() + "\n"
    case "program": PlanSchemas.program().serialized() + "\n"
    case "report": ReportSchema.text
    case "plan": PlanOutputSchema.text
    case "diff": HistorySchemas.diff().serialized() + "\n"
    case "trend": HistorySchemas.trend().serialized() + "\n"
    case "decision": DecisionSchema.predicate().serialized() + "\n"
    default: nil
    }
  }
}

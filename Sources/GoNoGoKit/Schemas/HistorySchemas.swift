/// JSON Schemas of `gonogo diff --format json` and `gonogo trend --format json`.
public enum HistorySchemas {
  private static let text: JSONValue = ["type": "string"]
  private static let optionalText: JSONValue = ["type": ["string", "null"]]
  private static let count: JSONValue = ["type": "integer", "minimum": 0]
  private static let rate: JSONValue = ["type": ["number", "null"], "minimum": 0, "maximum": 1]
  private static let days: JSONValue = ["type": ["number", "null"]]
  private static let state: JSONValue = [
    "enum": .array(GateState.allCases.map { .string($0.rawValue) })
  ]
  private static let verdict: JSONValue = ["enum": ["go", "conditional-go", "no-go"]]

  private static func object(_ properties: [String: JSONValue], optional: [String] = [])
    -> JSONValue
  {
    .object([
      "type": "object", "additionalProperties": false,
      "required": .array(
        properties.keys.filter { !optional.contains($0) }.sorted().map(JSONValue.string)),
      "properties": .object(properties),
    ])
  }

  private static func list(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

  private static var outlook: JSONValue {
    object(
      [
        "advisory": count, "would_fail": count, "summary": text,
        "soonest_enforced": object(["count": count, "days": count]),
      ], optional: ["summary", "soonest_enforced"])
  }

  /// The schema of `gonogo diff --format json` (`gonogo.diff/v1`).
  public static func diff() -> JSONValue {
    let side = object(["source": text, "verdict": verdict, "now": text, "schema_version": text])
    let change = object([
      "id": text, "title": text, "owner": text, "severity": text, "from": state, "to": state,
      "messages": list(text),
    ])
    let presence = object(["id": text, "status": state, "severity": text, "title": text])
    var schema = object([
      "schema": ["const": .string(DiffJSONRenderer.schema)],
      "program": text, "old": side, "new": side,
      "verdict": object(["from": verdict, "to": verdict, "worse": ["type": "boolean"]]),
      "regression": ["type": "boolean"],
      "regressed": list(change), "fixed": list(change), "changed": list(change),
      "added": list(presence), "removed": list(presence),
      "renamed": list(object(["from": text, "to": text, "location": text])),
      "field_changes": list(
        object(["id": text, "field": ["enum": ["severity", "owner"]], "from": text, "to": text])),
      "waivers": list(
        object(
          [
            "change": ["enum": ["added", "expired", "expiring"]], "gate": text, "state": text,
            "reason": text, "expires": optionalText, "days": count,
          ], optional: ["days"])),
      "evidence": [
        "type": ["array", "null"],
        "items": object(["path": text, "old": optionalText, "new": optionalText]),
      ],
      "forecast": list(
        object(
          [
            "service": text, "phase": text, "from": optionalText, "to": optionalText,
            "seconds": ["type": "integer"],
          ], optional: ["seconds"])),
      "advisory": object(["old": outlook, "new": outlook]),
    ])
    if case .object(var fields) = schema {
      fields["$schema"] = .string(ChecklistSchema.draft)
      fields["$id"] = "https://gonogo.dev/schemas/diff/v1.json"
      fields["title"] = "gonogo diff"
      fields["description"] =
        "What changed between two go/no-go reports; 'regression' decides the exit code."
      schema = .object(fields)
    }
    return schema
  }

  /// The schema of `gonogo trend --format json` (`gonogo.trend/v1`).
  public static func trend() -> JSONValue {
    let run = object(
      [
        "source": text, "now": text, "program": text, "verdict": verdict, "evaluated": count,
        "passed": count, "waived": count, "disabled": count, "advisory": count,
        "blockers_failing": count, "majors_failing": count, "waivers_in_use": count,
        "pass_rate": rate, "raid": object(["open_items": count, "stalest_age_days": count]),
      ], optional: ["raid"])
    let group = object([
      "kind": ["enum": ["program", "workstream", "category"]], "name": text, "evaluated": count,
      "passed": count, "waived": count, "pass_rate": rate, "blockers_failing": count,
      "majors_failing": count, "window_evaluated": count, "window_passed": count,
      "window_pass_rate": rate, "median_days_to_green": days, "worst_days_to_green": days,
      "open_failures": count,
    ])
    let episode = object([
      "program": text, "gate": text, "category": text, "failed_at": text,
      "green_at": optionalText, "days": days, "open": ["type": "boolean"],
    ])
    var schema = object(
      [
        "schema": ["const": .string(TrendJSONRenderer.schema)],
        "inputs": count, "duplicates_collapsed": count, "runs": list(run),
        "groups": list(group), "time_to_green": list(episode),
        "flapping": list(object(["program": text, "gate": text, "flips": count, "runs": count])),
        "blocking": list(
          object(["program": text, "gate": text, "runs_blocking": count, "runs": count])),
        "waiver_debt": object([
          "in_use": count, "total_age_days": days, "expired_while_needed": count,
        ]),
        "advisory": outlook,
      ], optional: ["advisory"])
    if case .object(var fields) = schema {
      fields["$schema"] = .string(ChecklistSchema.draft)
      fields["$id"] = "https://gonogo.dev/schemas/trend/v1.json"
      fields["title"] = "gonogo trend"
      fields["description"] = "Readiness KPIs over a series of go/no-go reports."
      schema = .object(fields)
    }
    return schema
  }
}

/// The machine-readable diff, schema `gonogo.diff/v1` (`gates/schemas/diff.schema.json`).
public enum DiffJSONRenderer {
  /// The schema id written in every diff.
  public static let schema = "gonogo.diff/v1"

  /// Pretty-printed JSON with sorted keys and a final newline.
  public static func render(_ diff: ReportDiff) -> String {
    value(diff).serialized() + "\n"
  }

  /// The diff as a JSON value.
  public static func value(_ diff: ReportDiff) -> JSONValue {
    func side(_ side: (source: String, verdict: Verdict, now: String, version: String))
      -> JSONValue
    {
      [
        "source": .string(side.source), "verdict": .string(side.verdict.rawValue),
        "now": .string(side.now), "schema_version": .string(side.version),
      ]
    }
    func change(_ change: ReportDiff.StatusChange) -> JSONValue {
      [
        "id": .string(change.id), "title": .string(change.title), "owner": .string(change.owner),
        "severity": .string(change.severity), "from": .string(change.from.rawValue),
        "to": .string(change.to.rawValue), "messages": .array(change.messages.map { .string($0) }),
      ]
    }
    func presence(_ gate: ReportDiff.Presence) -> JSONValue {
      [
        "id": .string(gate.id), "status": .string(gate.status.rawValue),
        "severity": .string(gate.severity), "title": .string(gate.title),
      ]
    }
    func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    var object: [String: JSONValue] = [
      "schema": .string(schema),
      "program": .string(diff.program),
      "old": side(diff.old),
      "new": side(diff.new),
      "verdict": [
        "from": .string(diff.old.verdict.rawValue), "to": .string(diff.new.verdict.rawValue),
        "worse": .bool(diff.verdictWorse),
      ],
      "regression": .bool(diff.isRegression),
      "regressed": .array(diff.regressed.map(change)),
      "fixed": .array(diff.fixed.map(change)),
      "changed": .array(diff.changed.map(change)),
      "added": .array(diff.added.map(presence)),
      "removed": .array(diff.removed.map(presence)),
      "renamed": .array(
        diff.renamed.map {
          ["from": .string($0.from), "to": .string($0.to), "location": .string($0.location)]
        }),
      "field_changes": .array(
        diff.fields.map {
          [
            "id": .string($0.id), "field": .string($0.field), "from": .string($0.from),
            "to": .string($0.to),
          ]
        }),
      "waivers": .array(
        diff.waivers.map { change in
          var object: [String: JSONValue] = [
            "change": .string(change.change), "gate": .string(change.waiver.gate),
            "state": .string(change.waiver.state), "reason": .string(change.waiver.reason),
            "expires": optional(change.waiver.expires),
          ]
          if let days = change.days { object["days"] = .int(days) }
          return .object(object)
        }),
      "forecast": .array(
        diff.forecast.map { change in
          var object: [String: JSONValue] = [
            "service": .string(change.service), "phase": .string(change.phase),
            "from": optional(change.from), "to": optional(change.to),
          ]
          if let seconds = change.seconds { object["seconds"] = .int(seconds) }
          return .object(object)
        }),
      "advisory": [
        "old": outlook(diff.advisory.old), "new": outlook(diff.advisory.new),
      ],
    ]
    object["evidence"] =
      diff.evidence.map { list in
        .array(
          list.map {
            ["path": .string($0.path), "old": optional($0.old), "new": optional($0.new)]
          })
      } ?? .null
    return .object(object)
  }

  static func outlook(_ outlook: AdvisoryOutlook) -> JSONValue {
    var object: [String: JSONValue] = [
      "advisory": .int(outlook.advisory), "would_fail": .int(outlook.wouldFail),
    ]
    if let soonest = outlook.soonest {
      object["soonest_enforced"] = ["count": .int(soonest.count), "days": .int(soonest.days)]
    }
    if let sentence = outlook.sentence { object["summary"] = .string(sentence) }
    return .object(object)
  }
}

/// JSON Schemas of the rollout plan and the program file, generated from their decoders' key
/// lists (and the rollout rule registry) so they cannot drift from what gonogo reads.
public enum PlanSchemas {
  /// The schema of `rollout.yaml`.
  public static func rollout() -> JSONValue {
    let object = {
      (keys: [String], required: [String], properties: [String: JSONValue]) -> JSONValue in
      .object([
        "type": "object", "additionalProperties": false,
        "required": .array(required.map(JSONValue.string)),
        "properties": .object(
          Dictionary(uniqueKeysWithValues: keys.map { ($0, properties[$0] ?? .object([:])) })),
      ])
    }
    let text: JSONValue = ["type": "string"]
    let list: JSONValue = ["type": "array", "items": ["type": "string"]]
    let textOrList: JSONValue = ["anyOf": [text, list]]
    let listOf = { (definition: String) -> JSONValue in
      ["type": "array", "items": ["$ref": .string("#/$defs/\(definition)")]]
    }
    let oneOrList = { (definition: String) -> JSONValue in
      ["anyOf": [["$ref": .string("#/$defs/\(definition)")], listOf(definition)]]
    }
    return .object([
      "$schema": .string(ChecklistSchema.draft),
      "$id": "https://gonogo.dev/schemas/rollout/v1.json",
      "title": "gonogo rollout plan",
      "description": "How a release reaches its users: phases, bake times, rollback, freezes.",
      "type": "object", "additionalProperties": false,
      "required": ["service", "start", "timezone", "strategy", "phases"],
      "properties": .object(
        Dictionary(
          uniqueKeysWithValues: RolloutDecoder.topKeys.map { key -> (String, JSONValue) in
            let schema: JSONValue =
              switch key {
              case "version": ["const": 1]
              case "strategy": ["enum": ["canary", "blue-green", "phased", "big-bang"]]
              case "phases": listOf("phase")
              case "rollback": ["$ref": "#/$defs/rollback"]
              case "feature_flags": listOf("flag")
              case "migrations", "cutover": listOf("step")
              case "freeze": listOf("freeze")
              case "deploy_hours": oneOrList("hours")
              case "comms": listOf("comms")
              case "approvals": listOf("approval")
              case "rules":
                [
                  "type": "object",
                  "propertyNames": ["enum": .array(RolloutRules.ids.map(JSONValue.string))],
                  "additionalProperties": ["type": "object"],
                ]
              case "disable": listOf("disable")
              case "waivers": listOf("waiver")
              case "release": ["type": ["string", "number"]]
              default: text
              }
            return (key, schema)
          })),
      "$defs": [
        "phase": object(
          RolloutDecoder.phaseKeys, ["name"],
          [
            "name": text, "traffic": ["type": ["string", "number"]], "cohort": text, "bake": text,
            "promote_when": textOrList, "rollback_when": textOrList,
          ]),
        "rollback": object(
          RolloutDecoder.rollbackKeys, [],
          [
            "runbook": text, "section": text, "trigger": textOrList,
            "max_minutes": ["type": "integer", "minimum": 0], "rehearsed": text,
          ]),
        "flag": object(
          PlanSections.flagKeys, ["key"],
          [
            "key": text, "default": [:], "kill_switch": ["type": ["boolean", "string"]],
            "owner": text,
            "remove_by": text, "new": ["type": "boolean"],
          ]),
        "step": object(
          PlanSections.stepKeys, ["name", "reversible"],
          ["name": text, "reversible": ["type": "boolean"], "backout": text, "validation": text]),
        "freeze": freeze(
          object(
            PlanSections.freezeKeys, [],
            [
              "name": text, "from": text, "to": text, "calendar": text, "match": textOrList,
              "rrule": text, "duration": text,
            ])),
        "hours": object(
          PlanSections.hoursKeys, ["days", "from", "to"],
          ["days": textOrList, "from": text, "to": text, "timezone": text]),
        "comms": object(
          PlanSections.commsKeys, ["audience", "when"],
          ["audience": textOrList, "channel": text, "when": text, "message": text]),
        "approval": object(
          PlanSections.approvalKeys, ["role", "by"],
          ["role": text, "by": text, "date": text, "step": text]),
        "disable": object(
          PlanSections.disableKeys, ["id", "reason"], ["id": text, "reason": text]),
        "waiver": object(
          PlanSections.waiverKeys, ["gate", "reason", "approved_by", "expires"],
          ["gate": text, "reason": text, "approved_by": text, "expires": text]),
      ],
    ])
  }

  /// A freeze entry: a window (`from`, `to`), a calendar file, or a recurrence rule.
  private static func freeze(_ schema: JSONValue) -> JSONValue {
    guard case .object(var object) = schema else { return schema }
    object["anyOf"] = [
      ["required": ["from", "to"], "not": ["anyOf": [["required": ["calendar"]], ["required": ["rrule"]]]]],
      ["required": ["calendar"]],
      ["required": ["name", "rrule", "from"]],
    ]
    object["description"] = .string(
      "A change freeze: {name, from, to}; {calendar: PATH.ics, match}; or {name, rrule, from, "
        + "to | duration}.")
    return .object(object)
  }

  /// The schema of `program.yaml`.
  public static func program() -> JSONValue {
    let text: JSONValue = ["type": "string"]
    return .object([
      "$schema": .string(ChecklistSchema.draft),
      "$id": "https://gonogo.dev/schemas/program/v1.json",
      "title": "gonogo program",
      "description": "The workstreams of one release, each judged by its own checklist.",
      "type": "object", "additionalProperties": false,
      "required": ["version", "program", "release", "workstreams"],
      "properties": .object(
        Dictionary(
          uniqueKeysWithValues: ProgramDecoder.topKeys.map { key -> (String, JSONValue) in
            let schema: JSONValue =
              switch key {
              case "version": ["const": 1]
              case "release": ["type": ["string", "number"]]
              case "tiers": ChecklistSchema.tierNames
              case "workstreams":
                [
                  "type": "array", "minItems": 1,
                  "items": [
                    "type": "object", "additionalProperties": false,
                    "required": ["name", "owner"],
                    "oneOf": [["required": ["path"]], ["required": ["paths"]]],
                    "properties": .object(
                      Dictionary(
                        uniqueKeysWithValues: ProgramDecoder.workstreamKeys.map { key in
                          switch key {
                          case "paths": (key, ["type": "array", "items": text])
                          case "tier": (key, ChecklistSchema.tierToken("The workstream's tier."))
                          default: (key, text)
                          }
                        })),
                  ],
                ]
              default: text
              }
            return (key, schema)
          })),
    ])
  }
}

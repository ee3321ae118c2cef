/// JSON Schemas (draft 2020-12) for the files users write, generated from the decoder's own key
/// lists and the check registry, so the schema an editor uses cannot drift from what gonogo reads.
public enum ChecklistSchema {
  static let draft = "https://json-schema.org/draft/2020-12/schema"

  /// The schema of `readiness.yaml`.
  public static func checklist() -> JSONValue {
    .object([
      "$schema": .string(draft),
      "$id": "https://gonogo.dev/schemas/checklist/v1.json",
      "title": "gonogo readiness checklist",
      "description": "Gates a release must pass, each judged against evidence files.",
      "type": "object",
      "required": ["version", "program", "release"],
      "additionalProperties": false,
      "properties": .object(
        keyed(
          ChecklistDecoder.topKeys,
          [
            "version": .object(["const": 1, "description": "The checklist format version."]),
            "program": string("The program or service being released."),
            "tier": tierToken("The service tier: 1 (most critical), 2, 3, or a name from 'tiers'."),
            "tiers": tierNames,
            "release": .object([
              "type": .array(["string", "number"]), "description": "The release being judged.",
            ]),
            "owners": .object([
              "description": "Owners and how to reach them; gate owners must be listed here.",
              "anyOf": .array([
                .object(["type": "object", "additionalProperties": .object(["type": "string"])]),
                .object(["type": "array", "items": .object(["type": "string"])]),
              ]),
            ]),
            "extends": .object([
              "type": "array", "description": "Packs whose gates this checklist includes.",
              "items": .object(["$ref": "#/$defs/extends"]),
            ]),
            "gates": .object(["type": "array", "items": .object(["$ref": "#/$defs/gate"])]),
            "disable": .object([
              "type": "array", "items": .object(["$ref": "#/$defs/disable"]),
            ]),
            "waivers": .object(["type": "array", "items": .object(["$ref": "#/$defs/waiver"])]),
          ])),
      "$defs": .object(definitions(packValues: false)),
    ])
  }

  /// The schema of a pack file (`gates/*.yaml`): inputs may stand for any parameter value.
  public static func pack() -> JSONValue {
    var definitions = definitions(packValues: true)
    definitions["input"] = .object([
      "type": "object", "additionalProperties": false,
      "properties": .object(
        keyed(
          PackExpander.inputKeys,
          [
            "description": string("What the input is for."),
            "default": .object(["description": "The value used when `with:` does not set it."]),
          ])),
    ])
    return .object([
      "$schema": .string(draft),
      "$id": "https://gonogo.dev/schemas/pack/v1.json",
      "title": "gonogo gate pack",
      "type": "object",
      "required": ["pack", "gates"],
      "additionalProperties": false,
      "properties": .object(
        keyed(
          PackExpander.packKeys,
          [
            "pack": string("The pack's name (builtin:NAME refers to it)."),
            "title": string("A one-line title."),
            "description": string("What the pack checks."),
            "inputs": .object([
              "type": "object", "additionalProperties": .object(["$ref": "#/$defs/input"]),
            ]),
            "gates": .object(["type": "array", "items": .object(["$ref": "#/$defs/gate"])]),
          ])),
      "$defs": .object(definitions),
    ])
  }

  private static func definitions(packValues: Bool) -> [String: JSONValue] {
    let gate: [String: JSONValue] = [
      "id": .object([
        "type": "string", "pattern": "^[a-z0-9._-]+$", "description": "A stable, unique id.",
      ]),
      "title": string("What the gate asks, in one line."),
      "owner": string("Who must act when it fails."),
      "severity": enumeration(Severity.allCases.map(\.rawValue), "How much the gate matters."),
      "category": enumeration(Category.allCases.map(\.rawValue), "The readiness area."),
      "check": .object(["$ref": "#/$defs/check"]),
      "checks": .object([
        "type": "array", "minItems": 1, "items": .object(["$ref": "#/$defs/check"]),
      ]),
      "remediation": string("What to do when it fails."),
      "docs": string("Where to read more."),
      // In a pack the day may come from an input (${{ inputs.NAME }}).
      AdvisoryDecoding.key: (packValues ? string : advisoryUntil)(
        "Until this day (UTC) the gate is advisory: judged and reported, not counted in the "
          + "verdict. From that day it is enforced."),
      "tiers": .object([
        "description": "The only tiers the gate applies at; at the others it is left out.",
        "anyOf": .array([
          tierToken(""),
          .object(["type": "array", "minItems": 1, "items": tierToken("")]),
        ]),
      ]),
      "severity_by_tier": .object([
        "type": "object",
        "description": "The gate's severity at a tier, or off to leave it out there.",
        "propertyNames": .object(["pattern": .string("^([1-3]|\(tierNamePattern))$")]),
        "additionalProperties": enumeration(TierSeverity.words, "blocker, major, minor or off."),
      ]),
    ]
    return [
      "gate": .object([
        "type": "object", "required": ["id", "title", "owner", "severity"],
        "additionalProperties": false,
        "oneOf": .array([.object(["required": ["check"]]), .object(["required": ["checks"]])]),
        "properties": .object(keyed(ChecklistDecoder.gateKeys, gate)),
      ]),
      "check": check(packValues: packValues),
      "extends": .object([
        "type": "object", "required": ["pack"], "additionalProperties": false,
        "properties": .object(
          keyed(
            PackExpander.entryKeys,
            [
              "pack": string("builtin:NAME, or a pack file relative to the checklist."),
              "with": .object(["type": "object", "description": "Values for the pack's inputs."]),
              AdvisoryDecoding.key: advisoryUntil(
                "Until this day (UTC) every gate of the pack is advisory; a gate with a later "
                  + "advisory_until of its own keeps it."),
            ])),
      ]),
      "disable": .object([
        "type": "object", "required": ["id", "reason"], "additionalProperties": false,
        "properties": .object(
          keyed(
            ChecklistDecoder.disableKeys,
            ["id": string("The gate switched off."), "reason": string("Why it does not apply.")])),
      ]),
      "waiver": .object([
        // A waiver without an approver or an expiry is read, and reported as not waiving.
        "type": "object", "required": ["gate", "reason"],
        "additionalProperties": false,
        "properties": .object(
          keyed(
            ChecklistDecoder.waiverKeys,
            [
              "gate": string("The waived gate's id."),
              "reason": string("Why the failure is accepted."),
              "approved_by": string("Who approved it; without an approver it does not waive."),
              "expires": .object([
                "type": "string", "description": "Last day (YYYY-MM-DD) or instant it holds.",
              ]),
            ])),
      ]),
    ]
  }

  /// `kind` picks the parameters: one `if`/`then` per registered kind.
  private static func check(packValues: Bool) -> JSONValue {
    let kinds = CheckRegistry.kinds.map { $0.description }
    let branches: [JSONValue] = kinds.map { description in
      var properties: [String: JSONValue] = ["kind": .object([:])]
      if description.needsEvidence {
        properties["file"] = string("One evidence path, relative to the evidence root.")
        properties["files"] = stringOrList("Evidence paths or globs (*, ?, [abc], **).")
      }
      let binding =
        description.needsEvidence ? EvidenceBinding.parameters(forKind: description.kind) : []
      for parameter in description.parameters + binding {
        var schema = packValues ? [:] : type(of: parameter.type)
        schema["description"] = .string(parameter.summary)
        properties[parameter.name] = .object(schema)
      }
      var then: [String: JSONValue] = [
        "properties": .object(properties), "additionalProperties": false,
      ]
      if description.needsEvidence {
        then["oneOf"] = .array([.object(["required": ["file"]]), .object(["required": ["files"]])])
      }
      return .object([
        "if": .object([
          "properties": .object(["kind": .object(["const": .string(description.kind)])])
        ]),
        "then": .object(then),
      ])
    }
    return .object([
      "type": "object", "required": ["kind"],
      "properties": .object([
        "kind": enumeration(
          kinds.map(\.kind), "The check kind: which evidence and how it is judged.")
      ]),
      "allOf": .array(branches),
    ])
  }

  /// The JSON Schema of a parameter type as check kinds document it.
  static func type(of name: String) -> [String: JSONValue] {
    switch name {
    case "boolean": return ["type": "boolean"]
    case "integer": return ["type": "integer"]
    case "number": return ["type": "number"]
    case "list of strings": return ["anyOf": stringOrList("").anyOf]
    case "percentage":
      return [
        "anyOf": .array([
          .object(["type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*%$"]),
          .object(["type": "number", "minimum": 0, "maximum": 1]),
        ])
      ]
    case "duration": return ["type": .array(["string", "number"])]
    case "date": return ["type": "string"]
    default:
      return name.hasPrefix("list") || name.hasPrefix("map")
        ? [:] : ["type": .array(["string", "number", "boolean"])]
    }
  }

  /// A tier name: lowercase letters, digits, '.', '-', '_', at least one letter.
  static let tierNamePattern = "[a-z0-9._-]*[a-z][a-z0-9._-]*"

  /// A tier as written: 1, 2, 3 or a name.
  static func tierToken(_ description: String) -> JSONValue {
    var object: [String: JSONValue] = [
      "anyOf": .array([
        .object(["type": "integer", "minimum": 1, "maximum": 3]),
        .object(["type": "string", "pattern": .string("^\(tierNamePattern)$")]),
      ])
    ]
    if !description.isEmpty { object["description"] = .string(description) }
    return .object(object)
  }

  /// `tiers: [critical, standard, experimental]`: the names of tiers 1, 2 and 3.
  static let tierNames: JSONValue = .object([
    "type": "array", "minItems": 3, "maxItems": 3, "uniqueItems": true,
    "description": "The names of tiers 1, 2 and 3, most critical first.",
    "items": .object(["type": "string", "pattern": .string("^\(tierNamePattern)$")]),
  ])

  private static func keyed(_ keys: [String], _ schemas: [String: JSONValue]) -> [String: JSONValue]
  {
    Dictionary(uniqueKeysWithValues: keys.map { ($0, schemas[$0] ?? .object([:])) })
  }

  /// `advisory_until`: a day, `YYYY-MM-DD`.
  private static func advisoryUntil(_ description: String) -> JSONValue {
    .object([
      "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date",
      "description": .string(description),
    ])
  }

  private static func string(_ description: String) -> JSONValue {
    .object(["type": "string", "description": .string(description)])
  }

  private static func stringOrList(_ description: String) -> JSONValue {
    .object([
      "description": .string(description),
      "anyOf": .array([
        .object(["type": "string"]),
        .object(["type": "array", "items": .object(["type": "string"])]),
      ]),
    ])
  }

  private static func enumeration(_ values: [String], _ description: String) -> JSONValue {
    .object(["enum": .array(values.map(JSONValue.string)), "description": .string(description)])
  }
}

extension JSONValue {
  /// The `anyOf` member of an object value.
  fileprivate var anyOf: JSONValue {
    if case .object(let members) = self { return members["anyOf"] ?? .null }
    return .null
  }
}

/// The JSON Schema of the decision predicate (`https://gonogo.dev/decision/v1`), published as
/// `gates/schemas/decision.schema.json` and by `gonogo schema decision`.
public enum DecisionSchema {
  /// The schema.
  public static func predicate() -> JSONValue {
    let text: JSONValue = ["type": "string"]
    let sha256: JSONValue = ["type": "string", "pattern": "^[0-9a-f]{64}$"]
    let closed = { (required: [String], properties: [String: JSONValue]) -> JSONValue in
      .object([
        "type": "object", "additionalProperties": false,
        "required": .array(required.map(JSONValue.string)), "properties": .object(properties),
      ])
    }
    let file = closed(
      ["path", "sha256", "size"],
      [
        "path": text,
        "sha256": ["type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"],
        "size": ["type": ["integer", "null"], "minimum": 0],
      ])
    let files: JSONValue = ["type": "array", "items": file]
    let statuses = GateStatus.allCases.map { JSONValue.string($0.rawValue) }
    let severities = Severity.allCases.map { JSONValue.string($0.rawValue) }
    return .object([
      "$schema": .string(ChecklistSchema.draft),
      "$id": "https://gonogo.dev/schemas/decision/v1.json",
      "title": "gonogo decision predicate",
      "description": .string(
        "The predicate of the in-toto Statement v1 that gonogo check --output attestation=PATH "
          + "writes, predicateType \(DecisionStatement.predicateType)."),
      "type": "object", "additionalProperties": false,
      "required": [
        "verdict", "rag", "now", "program", "release", "tool", "revision", "invocation",
        "definition_files", "evidence_files", "gates", "waivers", "signoffs", "report",
      ],
      "properties": [
        "verdict": ["enum": ["go", "conditional-go", "no-go"]],
        "rag": ["enum": ["green", "amber", "red"]],
        "now": ["type": "string", "format": "date-time"],
        "program": text,
        "release": text,
        "tool": closed(["name", "version"], ["name": ["const": "gonogo"], "version": text]),
        "revision": closed(
          ["commit", "source"],
          [
            "commit": ["type": ["string", "null"], "pattern": "^[0-9a-f]{7,64}$"],
            "source": ["enum": ["--revision", "git HEAD", "none"]],
            "note": text,
          ]),
        "invocation": closed(
          ["paths", "root", "enforce_advisory"],
          [
            "paths": ["type": "array", "items": text], "root": ["type": ["string", "null"]],
            "enforce_advisory": ["type": "boolean"],
          ]),
        "definition_files": files,
        "evidence_files": files,
        "gates": [
          "type": "array",
          "items": closed(
            ["id", "severity", "status", "owner"],
            [
              "id": text, "severity": .object(["enum": .array(severities)]),
              "status": .object(["enum": .array(statuses)]), "owner": text, "workstream": text,
            ]),
        ],
        "waivers": [
          "type": "array",
          "items": closed(
            ["gate", "state", "reason", "approved_by", "expires"],
            [
              "gate": text, "state": ["enum": ["active", "expired"]], "reason": text,
              "approved_by": ["type": ["string", "null"]], "expires": ["type": ["string", "null"]],
              "workstream": text,
            ]),
        ],
        "signoffs": [
          "type": "array",
          "items": closed(
            ["file", "role", "by", "date", "decision"],
            [
              "file": text, "role": text, "by": text, "date": text,
              "decision": ["enum": ["approve", "reject"]],
            ]),
        ],
        "report": closed(
          ["schema", "sha256"], ["schema": ["const": .string(Report.schema)], "sha256": sha256]),
      ],
    ])
  }
}

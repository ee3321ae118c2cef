import LocatedYAML

/// Decodes the `disable:` and `waivers:` lists that checklists and rollout plans share; `noun`
/// ("gate", "rule") and `exists` say what their ids refer to.
struct ExceptionDecoder {
  static let disableKeys = ["id", "reason"]
  static let waiverKeys = ["gate", "reason", "approved_by", "expires"]

  let fields: Fields
  let noun: String
  /// True when the id names something that exists; otherwise reports why and returns false.
  let exists: (String, SourceLocation) -> Bool

  var sink: DiagnosticSink { fields.sink }

  /// The `disable:` entries.
  func disabled() -> [DisabledGate] {
    var result: [DisabledGate] = []
    for node in fields.sequence("disable") ?? [] {
      guard
        let entry = Fields(node, context: "a 'disable' entry", known: Self.disableKeys, sink: sink),
        let id = entry.string("id", required: true)
      else { continue }
      let reason = entry.string("reason", required: true)
      guard exists(id, entry.location(of: "id")), let reason else { continue }
      if result.contains(where: { $0.id == id }) {
        sink.error(entry.location(of: "id"), "\(noun) '\(id)' is disabled twice")
        continue
      }
      result.append(DisabledGate(id: id, reason: reason, location: node.location))
    }
    return result
  }

  /// The `waivers:` entries; a waiver without approver or expiry is kept (it will not waive).
  func waivers(disabled: [DisabledGate]) -> [Waiver] {
    var result: [Waiver] = []
    for node in fields.sequence("waivers") ?? [] {
      guard let entry = Fields(node, context: "a waiver", known: Self.waiverKeys, sink: sink),
        let gate = entry.string("gate", required: true)
      else { continue }
      let reason = entry.string("reason", required: true)
      let approver = entry.string("approved_by")
      let expires = entry.date("expires")
      guard exists(gate, entry.location(of: "gate")), let reason else { continue }
      if result.contains(where: { $0.gate == gate }) {
        sink.error(
          entry.location(of: "gate"), "\(noun) '\(gate)' has more than one waiver",
          hint: "keep one waiver per \(noun)")
        continue
      }
      if disabled.contains(where: { $0.id == gate }) {
        sink.warning(
          entry.location(of: "gate"), "\(noun) '\(gate)' is disabled; its waiver has no effect")
      }
      if approver == nil {
        sink.warning(
          node.location,
          "the waiver for '\(gate)' has no 'approved_by'; it will not waive the \(noun)",
          hint: "add approved_by: <who approved it>")
      }
      if expires == nil && !entry.has("expires") {
        sink.warning(
          node.location, "the waiver for '\(gate)' has no 'expires'; it will not waive the \(noun)",
          hint: "add expires: YYYY-MM-DD")
      }
      result.append(
        Waiver(
          gate: gate, reason: reason, approvedBy: approver, expires: expires,
          location: node.location))
    }
    return result
  }
}

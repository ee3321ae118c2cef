import Foundation
import LocatedYAML

/// Reads `advisory_until`, on a gate or on an `extends:` entry.
///
/// It names the day (`YYYY-MM-DD`, UTC) from which a gate is enforced; before that day the gate
/// is advisory.
enum AdvisoryDecoding {
  /// The key, as written in checklists and packs.
  static let key = "advisory_until"

  /// The day `advisory_until` names, or nil: absent, or not a calendar day (a located error).
  static func date(in fields: Fields) -> Located<DateValue>? {
    guard let value = fields.value(key) else { return nil }
    let example = "write a day, e.g. \(key): 2026-12-15 (the gate is enforced from that day)"
    guard let scalar = value.scalar, !scalar.isNull else {
      fields.sink.error(
        value.location,
        "'\(key)' in \(fields.context) must be a date (YYYY-MM-DD), not \(value.kindDescription)",
        hint: example)
      return nil
    }
    let text = scalar.text
    switch DateValue.parse(text) {
    case .success(let date) where date.isDay:
      return Located(date, at: value.location)
    case .success:
      fields.sink.error(
        value.location,
        "'\(key)' in \(fields.context) is '\(text)', a date-time; it takes a day (YYYY-MM-DD)",
        hint: example)
    case .failure(.impossible(let reason)):
      fields.sink.error(
        value.location,
        "'\(key)' in \(fields.context) is '\(text)', which does not exist: \(reason)",
        hint: example)
    case .failure(.malformed):
      fields.sink.error(
        value.location, "'\(key)' in \(fields.context) must be a date (YYYY-MM-DD), not '\(text)'",
        hint: example)
    }
    return nil
  }

  /// The gates of one `extends:` entry with the entry's `advisory_until` (checked and reported
  /// through `entry`'s sink) given to each: a gate that carries its own, later date keeps it, so
  /// a gate the pack itself introduces as advisory is not enforced early.
  static func applyEntryDate(_ entry: Fields, to gates: [Node]) -> [Node] {
    guard let date = date(in: entry), let valueNode = entry.value(key) else { return gates }
    let keyNode = Node(
      .scalar(Scalar(text: key, style: .plain, value: .string(key))), at: valueNode.location)
    return gates.map { gate in
      guard var pairs = gate.mapping else { return gate }
      if let index = pairs.firstIndex(where: { $0.key.scalar?.text == key }) {
        // A gate's own date that is not a day stays, so that decoding the gate reports it.
        guard let own = pairs[index].value.scalar.flatMap({ DateValue(parsing: $0.text) }),
          own.isDay, own.start < date.value.start
        else { return gate }
        pairs[index].value = valueNode
      } else {
        pairs.append(Node.Pair(key: keyNode, value: valueNode))
      }
      return Node(.mapping(pairs), at: gate.location)
    }
  }
}

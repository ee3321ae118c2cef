import Foundation

/// A RAID log: the program's risks, assumptions, issues and dependencies.
public struct RAIDLog: Sendable, Equatable {
  /// The items, in file order.
  public var items: [RAIDItem]
}

/// One entry of a RAID log.
public struct RAIDItem: Sendable, Equatable {
  /// What sort of entry it is.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    case risk, assumption, issue, dependency
  }

  /// How bad it is if it happens (risks) or how much it hurts (issues).
  public enum Impact: Int, Sendable, Equatable, Comparable {
    case low, medium, high, critical

    /// The word as shown in messages.
    public var word: String {
      switch self {
      case .low: "low"
      case .medium: "medium"
      case .high: "high"
      case .critical: "critical"
      }
    }

    public static func < (lhs: Impact, rhs: Impact) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// The item's identifier (`R-1`, `DEP-12`).
  public var id: String
  /// Risk, assumption, issue or dependency.
  public var kind: Kind
  /// A short description, when given.
  public var title: String?
  /// The status as written.
  public var status: String
  /// False once closed, resolved, mitigated, accepted or cancelled.
  public var isOpen: Bool
  /// Impact or severity, when given.
  public var impact: Impact?
  /// Who owns it, when given.
  public var owner: String?
  /// The mitigation or response plan, when given.
  public var mitigation: String?
  /// When it was last updated.
  public var updated: DateValue?
  /// When a dependency must be delivered.
  public var needBy: DateValue?
  /// When an issue must be resolved.
  public var due: DateValue?
  /// The line the item starts on.
  public var line: Int

  /// `risk R-3 (Payment provider rate limits)`, for messages.
  public var label: String {
    let name = "\(kind.rawValue) \(id)"
    let words = (title ?? "").split(whereSeparator: \.isWhitespace)
    return words.isEmpty ? name : "\(name) (\(words.joined(separator: " ")))"
  }
}

/// Builds items from field maps, which YAML mappings and CSV records both reduce to.
enum RAIDItemBuilder {
  /// A field value with where it was written.
  struct Value {
    var text: String
    var line: Int
    var column: Int?
  }

  /// Field names as the builder knows them, with the spellings accepted for each.
  static let aliases: [String: [String]] = [
    "id": ["id", "ref", "reference", "key"],
    "type": ["type", "category", "kind"],
    "title": ["title", "summary", "name", "description"],
    "status": ["status", "state"],
    "impact": ["impact", "severity"],
    "owner": ["owner", "assignee", "owned_by"],
    "mitigation": ["mitigation", "mitigation_plan", "response", "response_plan"],
    "updated": ["updated", "last_updated", "updated_at", "updated_on", "last_reviewed"],
    "need_by": ["need_by", "needed_by", "need_by_date"],
    "due": ["due", "due_date", "due_by"],
  ]

  /// Statuses of items that still need attention.
  static let openStatuses: Set<String> = [
    "open", "new", "in progress", "active", "blocked", "monitoring", "on hold", "pending",
    "identified", "raised", "escalated", "at risk",
  ]
  /// Statuses of items that are done with.
  static let closedStatuses: Set<String> = [
    "closed", "done", "resolved", "mitigated", "accepted", "cancelled", "canceled", "retired",
    "validated", "invalidated", "complete", "completed", "delivered", "met", "transferred",
    "avoided",
  ]

  /// `Need-By Date` → `need_by_date`.
  static func normalize(_ name: String) -> String {
    name.trimmingWhitespace().lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }
      .reduce(into: "") { $0.append($1) }
  }

  /// The item a field map describes, or why it is not one.
  static func item(
    _ raw: [String: Value], line: Int, impliedKind: RAIDItem.Kind?, file: String
  ) -> Result<RAIDItem, EvidenceError> {
    var written: [String: Value] = [:]
    for (name, value) in raw where !value.text.trimmingWhitespace().isEmpty {
      written[normalize(name)] = value
    }
    var fields: [String: Value] = [:]
    for (canonical, spellings) in aliases {
      guard let value = spellings.lazy.compactMap({ written[$0] }).first else { continue }
      fields[canonical] = Value(
        text: value.text.trimmingWhitespace(), line: value.line, column: value.column)
    }
    func problem(_ message: String, at value: Value? = nil) -> Result<RAIDItem, EvidenceError> {
      .failure(EvidenceError(message, line: value?.line ?? line, column: value?.column))
    }
    guard let id = fields["id"]?.text else {
      return problem("the RAID item on line \(line) of \(file) has no id")
    }
    var kind = impliedKind
    if let written = fields["type"] {
      guard let parsed = parseKind(written.text) else {
        return problem(
          "item \(id) in \(file) has type '\(written.text)'; use risk, assumption, issue or "
            + "dependency",
          at: written)
      }
      if let impliedKind, parsed != impliedKind {
        return problem(
          "item \(id) in \(file) is listed under \(impliedKind.rawValue)s but has type "
            + "'\(written.text)'", at: written)
      }
      kind = parsed
    }
    guard let kind else {
      return problem("item \(id) in \(file) has no type (risk, assumption, issue or dependency)")
    }
    guard let status = fields["status"] else {
      return problem("\(kind.rawValue) \(id) in \(file) has no status")
    }
    let state = normalizeStatus(status.text)
    let isOpen: Bool
    if openStatuses.contains(state) {
      isOpen = true
    } else if closedStatuses.contains(state) {
      isOpen = false
    } else {
      return problem(
        "\(kind.rawValue) \(id) in \(file) has status '\(status.text)', which is neither open "
          + "(open, in progress, blocked, …) nor closed (closed, mitigated, resolved, …)",
        at: status)
    }
    var impact: RAIDItem.Impact?
    if let written = fields["impact"] {
      guard let parsed = parseImpact(written.text) else {
        return problem(
          "\(kind.rawValue) \(id) in \(file) has impact '\(written.text)'; use low, medium, high "
            + "or critical", at: written)
      }
      impact = parsed
    }
    var dates: [String: DateValue] = [:]
    for name in ["updated", "need_by", "due"] {
      guard let written = fields[name] else { continue }
      let date: DateValue
      switch DateValue.parse(written.text) {
      case .success(let value): date = value
      case .failure(let dateProblem):
        let why = dateProblem.reason.map { "does not exist: \($0)" } ?? "is not a date (YYYY-MM-DD)"
        return problem(
          "\(kind.rawValue) \(id) in \(file) has \(name) '\(written.text)', which \(why)",
          at: written)
      }
      dates[name] = date
    }
    return .success(
      RAIDItem(
        id: id, kind: kind, title: fields["title"]?.text, status: status.text, isOpen: isOpen,
        impact: impact, owner: fields["owner"]?.text, mitigation: fields["mitigation"]?.text,
        updated: dates["updated"], needBy: dates["need_by"], due: dates["due"], line: line))
  }

  /// `Risks`, `R`, `risk` → `.risk`.
  static func parseKind(_ text: String) -> RAIDItem.Kind? {
    var word = text.trimmingWhitespace().lowercased()
    if word.count == 1 {
      return RAIDItem.Kind.allCases.first { $0.rawValue.hasPrefix(word) }
    }
    if word == "dependencies" { return .dependency }
    if word.hasSuffix("s") { word.removeLast() }
    return RAIDItem.Kind(rawValue: word)
  }

  static func parseImpact(_ text: String) -> RAIDItem.Impact? {
    switch text.trimmingWhitespace().lowercased() {
    case "low", "l", "minor": .low
    case "medium", "med", "m", "moderate": .medium
    case "high", "h", "major": .high
    case "critical", "very high", "severe": .critical
    default: nil
    }
  }

  /// `In-Progress`, `in_progress` → `in progress`.
  static func normalizeStatus(_ text: String) -> String {
    text.trimmingWhitespace().lowercased()
      .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
      .joined(separator: " ")
  }
}

import LocatedYAML

/// A tier as written: its number (`1`) or a name the checklist or program gives it (`critical`).
public enum TierToken: Sendable, Equatable, CustomStringConvertible {
  /// Tier 1, 2 or 3.
  case number(Int)
  /// A name from `tiers: [critical, standard, experimental]`.
  case name(String)

  public var description: String {
    switch self {
    case .number(let number): String(number)
    case .name(let name): name
    }
  }
}

/// What a gate is at one tier: judged at a severity, or not applied at all (`off`).
public enum TierSeverity: Sendable, Equatable, CustomStringConvertible {
  /// Judged at this severity.
  case severity(Severity)
  /// Not applied: the gate is left out at this tier.
  case off

  /// The words a definition uses: blocker, major, minor, off.
  public static let words = Severity.allCases.map(\.rawValue) + ["off"]

  /// Reads `blocker`, `major`, `minor` or `off`.
  public init?(word: String) {
    if word == "off" {
      self = .off
    } else if let severity = Severity(rawValue: word) {
      self = .severity(severity)
    } else {
      return nil
    }
  }

  public var description: String {
    switch self {
    case .severity(let severity): severity.rawValue
    case .off: "off"
    }
  }
}

/// A gate's tier rules as written: the tiers it applies at and its severity per tier.
public struct GateTierRules: Sendable, Equatable {
  /// `tiers: [1, 2]`: the only tiers the gate applies at; nil when every tier.
  public var tiers: [Located<TierToken>]?
  /// Where `tiers` is written.
  public var tiersLocation: SourceLocation?
  /// `severity_by_tier: {1: blocker, 3: off}`, in source order.
  public var severityByTier: [TierSeverityEntry]
  /// Where `severity_by_tier` is written.
  public var severityByTierLocation: SourceLocation?

  /// Creates tier rules.
  public init(
    tiers: [Located<TierToken>]?, tiersLocation: SourceLocation?,
    severityByTier: [TierSeverityEntry], severityByTierLocation: SourceLocation?
  ) {
    self.tiers = tiers
    self.tiersLocation = tiersLocation
    self.severityByTier = severityByTier
    self.severityByTierLocation = severityByTierLocation
  }
}

/// One `TIER: SEVERITY` entry of `severity_by_tier`.
public struct TierSeverityEntry: Sendable, Equatable {
  /// The tier, as written.
  public var tier: Located<TierToken>
  /// The gate's severity there, or `off`.
  public var severity: TierSeverity

  /// Creates an entry.
  public init(tier: Located<TierToken>, severity: TierSeverity) {
    self.tier = tier
    self.severity = severity
  }
}

/// The service tier a checklist is judged at, resolved to its number and name.
public struct ServiceTier: Sendable, Equatable {
  /// The tiers gonogo knows: 1 (most critical), 2 and 3.
  public static let levels = 1...3

  /// 1, 2 or 3.
  public var level: Int
  /// The tier's name when the checklist or program names its tiers.
  public var name: String?
  /// Where the tier is declared (`tier:` of the checklist or of the program's workstream).
  public var location: SourceLocation

  /// Creates a tier.
  public init(level: Int, name: String?, location: SourceLocation) {
    self.level = level
    self.name = name
    self.location = location
  }

  /// `tier 1 (critical)`, or `tier 2` when tiers have no names.
  public var label: String {
    "tier \(level)" + (name.map { " (\($0))" } ?? "")
  }
}

/// A gate the service tier left out: it was not evaluated.
public struct TierExclusion: Sendable, Equatable {
  /// The gate's id.
  public var id: String
  /// The gate's title.
  public var title: String
  /// Who owns it.
  public var owner: String
  /// Its severity as written (`severity:`).
  public var severity: Severity
  /// Its readiness area.
  public var category: Category?
  /// Where the gate is located (for a pack's gate, the `extends:` entry).
  public var location: SourceLocation
  /// Why it was left out, naming the rule (`tiers: [1, 2] does not include tier 3`).
  public var reason: String
  /// Where the rule that left it out is written.
  public var ruleLocation: SourceLocation
  /// The program workstream, in a program's report.
  public var workstream: String?

  /// Creates an exclusion.
  public init(
    id: String, title: String, owner: String, severity: Severity, category: Category?,
    location: SourceLocation, reason: String, ruleLocation: SourceLocation
  ) {
    self.id = id
    self.title = title
    self.owner = owner
    self.severity = severity
    self.category = category
    self.location = location
    self.reason = reason
    self.ruleLocation = ruleLocation
  }

  /// The exclusion of `gate`, as it stood before the tier applied.
  init(_ gate: Gate, reason: String, ruleLocation: SourceLocation) {
    self.init(
      id: gate.id, title: gate.title, owner: gate.owner, severity: gate.severity,
      category: gate.category, location: gate.location, reason: reason,
      ruleLocation: ruleLocation)
  }
}

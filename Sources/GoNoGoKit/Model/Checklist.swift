import Foundation
import LocatedYAML

/// A readiness checklist (`readiness.yaml`): the gates a release must pass.
public struct Checklist: Sendable, Equatable {
  /// The checklist file as the user named it.
  public var file: String
  /// The format version (1).
  public var version: Int
  /// The program or service being released.
  public var program: String
  /// The release being judged.
  public var release: String
  /// Named owners (team or person → contact), in source order.
  public var owners: [Owner]
  /// The gates, in source order.
  public var gates: [Gate]
  /// Gates switched off, each with a reason.
  public var disabled: [DisabledGate]
  /// Waivers accepting a gate's failure until a date.
  public var waivers: [Waiver]
  /// Where the checklist starts.
  public var location: SourceLocation
  /// The service tier as the checklist declares it (`tier:`).
  public var tier: Located<TierToken>? = nil
  /// The names of the tiers (`tiers: [critical, standard, experimental]`), most critical first.
  public var tierNames: Located<[String]>? = nil
  /// The tier the gates were judged at, once applied (`TierPolicy`); nil when none is declared.
  public var appliedTier: ServiceTier? = nil
  /// The gates the applied tier left out; they are not in `gates`.
  public var excludedByTier: [TierExclusion] = []

  /// Creates a checklist.
  public init(
    file: String, version: Int, program: String, release: String, owners: [Owner], gates: [Gate],
    disabled: [DisabledGate], waivers: [Waiver], location: SourceLocation
  ) {
    self.file = file
    self.version = version
    self.program = program
    self.release = release
    self.owners = owners
    self.gates = gates
    self.disabled = disabled
    self.waivers = waivers
    self.location = location
  }
}

/// An owner named in a checklist and how to reach them.
public struct Owner: Sendable, Equatable {
  /// The owner's id as gates refer to it (`team-sre`).
  public var id: String
  /// How to reach them (a channel, an email, a person).
  public var contact: String?
  /// Where the owner is declared.
  public var location: SourceLocation

  /// Creates an owner.
  public init(id: String, contact: String?, location: SourceLocation) {
    self.id = id
    self.contact = contact
    self.location = location
  }
}

/// One readiness gate: a question with an owner, a severity and the checks that answer it.
public struct Gate: Sendable {
  /// Stable id (`sre.runbook`).
  public var id: String
  /// What the gate asks, in one line.
  public var title: String
  /// Who must act when it fails.
  public var owner: String
  /// How much it matters.
  public var severity: Severity
  /// The readiness area.
  public var category: Category?
  /// The checks; all must pass.
  public var checks: [any Check]
  /// What to do when it fails.
  public var remediation: String?
  /// A link or path to more documentation.
  public var docs: String?
  /// Where the gate is located: its definition, or for a pack's gate the `extends:` entry of
  /// the checklist that brought it in.
  public var location: SourceLocation
  /// The day from which the gate is enforced; before it the gate is advisory (`advisory_until`,
  /// its own or its pack entry's).
  public var advisoryUntil: Located<DateValue>?
  /// The pack the gate comes from, with the gate's location in the pack.
  public var pack: PackOrigin? = nil
  /// The gate's `tiers` and `severity_by_tier`.
  public var tierRules: GateTierRules? = nil
  /// Why the gate applies at the checklist's tier, and at which severity; nil without a tier.
  public var tierNote: String? = nil

  /// Creates a gate.
  public init(
    id: String, title: String, owner: String, severity: Severity, category: Category?,
    checks: [any Check], remediation: String?, docs: String?, location: SourceLocation
  ) {
    self.id = id
    self.title = title
    self.owner = owner
    self.severity = severity
    self.category = category
    self.checks = checks
    self.remediation = remediation
    self.docs = docs
    self.location = location
  }
}

extension Gate: Equatable {
  public static func == (lhs: Gate, rhs: Gate) -> Bool {
    lhs.id == rhs.id && lhs.title == rhs.title && lhs.owner == rhs.owner
      && lhs.severity == rhs.severity && lhs.category == rhs.category
      && lhs.remediation == rhs.remediation && lhs.docs == rhs.docs
      && lhs.location == rhs.location && lhs.advisoryUntil == rhs.advisoryUntil
      && lhs.pack == rhs.pack && lhs.tierRules == rhs.tierRules
      && lhs.tierNote == rhs.tierNote && lhs.checks.count == rhs.checks.count
      && zip(lhs.checks, rhs.checks).allSatisfy { $0.location == $1.location }
  }
}

/// A gate switched off on purpose.
public struct DisabledGate: Sendable, Equatable {
  /// The gate's id.
  public var id: String
  /// Why it does not apply to this release.
  public var reason: String
  /// Where it is declared.
  public var location: SourceLocation

  /// Creates a disabled-gate entry.
  public init(id: String, reason: String, location: SourceLocation) {
    self.id = id
    self.reason = reason
    self.location = location
  }
}

/// Accepts a gate's failure for a reason, approved by someone, until a date.
public struct Waiver: Sendable, Equatable {
  /// The waived gate's id.
  public var gate: String
  /// Why the failure is accepted.
  public var reason: String
  /// Who approved it; a waiver without an approver does not waive.
  public var approvedBy: String?
  /// The last day (inclusive, UTC) or the instant until which the waiver holds.
  public var expires: DateValue?
  /// Where the waiver is declared.
  public var location: SourceLocation

  /// Creates a waiver.
  public init(
    gate: String, reason: String, approvedBy: String?, expires: DateValue?, location: SourceLocation
  ) {
    self.gate = gate
    self.reason = reason
    self.approvedBy = approvedBy
    self.expires = expires
    self.location = location
  }
}

/// Where a gate from a pack comes from.
public struct PackOrigin: Sendable, Equatable {
  /// The pack as the checklist names it (`builtin:quality`, `packs/team.yaml`).
  public var pack: String
  /// The gate's own location in the pack (`builtin:quality:25:5`).
  public var location: SourceLocation

  /// Creates a pack origin.
  public init(pack: String, location: SourceLocation) {
    self.pack = pack
    self.location = location
  }
}

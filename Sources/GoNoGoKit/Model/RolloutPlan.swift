import Foundation
import LocatedYAML

/// A rollout plan (`rollout.yaml`): how a release reaches its users, phase by phase, and what
/// happens when it goes wrong.
public struct RolloutPlan: Sendable, Equatable {
  /// The plan file as the user named it.
  public var file: String
  /// The service being rolled out.
  public var service: String
  /// The release being rolled out, when the plan names it.
  public var release: String?
  /// Who owns the rollout gates (default `release-manager`).
  public var owner: String?
  /// The planned start: the instant the first phase may begin.
  public var start: Located<Date>
  /// The plan's time zone (IANA name), used for dates without a time and for deploy hours.
  public var timeZone: Located<TimeZone>
  /// The zone as written (`Europe/Berlin`).
  public var timeZoneName: String
  /// How traffic moves to the new version.
  public var strategy: Strategy
  /// The phases, in order; the last one should carry 100 % of traffic.
  public var phases: [Phase]
  /// How to roll back.
  public var rollback: RollbackPlan?
  /// Feature flags the release relies on.
  public var featureFlags: [FeatureFlag]
  /// Data migrations and cutover steps.
  public var migrations: [MigrationStep]
  /// Change-freeze windows: no phase starts inside one.
  public var freezes: [FreezeWindow]
  /// When promotions may happen; empty means at any time.
  public var deployHours: [DeployWindow]
  /// Planned communications, relative to the start.
  public var comms: [CommsItem]
  /// Recorded approvals.
  public var approvals: [Approval]
  /// The instant by which the rollout must reach 100 % (the end of the day for a date).
  public var completeBy: Located<PlanInstant>?
  /// Rule overrides by rule id.
  public var rules: [String: RuleSettings]
  /// Rules switched off, each with a reason.
  public var disabled: [DisabledGate]
  /// Waivers of failing rules.
  public var waivers: [Waiver]
  /// Where the plan starts.
  public var location: SourceLocation
  /// Where each top-level key's value is written.
  public var keyLocations: [String: SourceLocation]
  /// When the plan has calendar or recurring freezes: the instant up to which they were
  /// expanded. The forecast does not place a phase at or after it.
  public var freezeHorizon: Date? = nil
  /// When the go/no-go review is, in seconds relative to the start (`review: T-1d`; default
  /// one hour before the start).
  public var reviewOffset: Int = -3_600

  /// Where a top-level key's value is written, else where the plan starts.
  public func location(of key: String) -> SourceLocation {
    keyLocations[key] ?? location
  }
}

/// How traffic moves to the new version.
public enum Strategy: String, Sendable, Equatable, CaseIterable {
  /// A small share first, growing phase by phase.
  case canary
  /// A full second environment; traffic switches over.
  case blueGreen = "blue-green"
  /// Cohorts or regions one after another.
  case phased
  /// Everyone at once.
  case bigBang = "big-bang"
}

/// An instant written in a plan, with its text (`2026-12-15` or `2026-12-15T18:00:00+01:00`).
public struct PlanInstant: Sendable, Equatable {
  /// The instant.
  public var date: Date
  /// The text as written.
  public var text: String
  /// True when only a day was written: the instant is a local midnight around that day.
  public var isDay: Bool
}

/// One step of the rollout: a share of traffic or a named cohort, held for a bake time.
public struct Phase: Sendable, Equatable {
  /// The phase's name, unique in the plan.
  public var name: String
  /// The share of traffic the phase sends to the new version.
  public var traffic: Percentage?
  /// The named cohort the phase targets (`employees`, `eu-west`), instead of or besides traffic.
  public var cohort: String?
  /// How long the phase runs before it may be promoted.
  public var bake: Timespan?
  /// Metric criteria that must hold to promote to the next phase.
  public var promoteWhen: [MetricCriterion]
  /// Metric criteria that trigger a rollback.
  public var rollbackWhen: [MetricCriterion]
  /// Where the phase is written.
  public var location: SourceLocation

  /// The traffic, else the cohort, for messages (`5%`, `cohort employees`).
  public var exposure: String {
    if let traffic { return traffic.text }
    return cohort.map { "cohort \($0)" } ?? "no traffic"
  }
}

/// A metric compared with a threshold: `error_rate < 0.5%`, `p99_latency > 300ms for 5m`.
public struct MetricCriterion: Sendable, Equatable {
  /// The metric's name.
  public var metric: String
  /// The comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`).
  public var comparison: String
  /// The threshold and any qualifier, as written (`0.5%`, `300ms for 5m`).
  public var threshold: String
  /// Where the criterion is written.
  public var location: SourceLocation

  /// The criterion as one line.
  public var text: String { "\(metric) \(comparison) \(threshold)" }
}

/// How the release is rolled back.
public struct RollbackPlan: Sendable, Equatable {
  /// The runbook, relative to the evidence root.
  public var runbook: Located<String>?
  /// The runbook section holding the rollback steps (default `Rollback`).
  public var section: Located<String>?
  /// What triggers a rollback.
  public var trigger: [Located<String>]
  /// How long a rollback may take, in minutes.
  public var maxMinutes: Located<Int>?
  /// When the rollback was last rehearsed.
  public var rehearsed: Located<DateValue>?
  /// Where the rollback plan is written.
  public var location: SourceLocation

  /// The section the runbook must hold.
  public var sectionName: String { section?.value ?? "Rollback" }
}

/// A feature flag the release depends on.
public struct FeatureFlag: Sendable, Equatable {
  /// What switches a flag's feature off in an emergency.
  public enum KillSwitch: Sendable, Equatable {
    /// Nothing.
    case none
    /// Turning the flag itself off (`kill_switch: true`).
    case itself
    /// A named switch or procedure.
    case named(String)
  }

  /// The flag's key.
  public var key: String
  /// Its default value, as written.
  public var defaultValue: String?
  /// Its kill switch.
  public var killSwitch: KillSwitch
  /// Who owns it.
  public var owner: String?
  /// When it must be removed.
  public var removeBy: DateValue?
  /// False for a flag that already exists (`new: false`); rules look at new flags only.
  public var isNew: Bool
  /// Where the flag is written.
  public var location: SourceLocation
}

/// A data migration or cutover step.
public struct MigrationStep: Sendable, Equatable {
  /// Whether a step is a data migration or a cutover.
  public enum Stage: String, Sendable, Equatable {
    /// Listed under `migrations:`.
    case migration
    /// Listed under `cutover:`.
    case cutover
  }

  /// The step's name, unique among steps.
  public var name: String
  /// The list it is written in.
  public var stage: Stage
  /// Whether undoing it is possible without data loss.
  public var reversible: Bool
  /// How to back it out.
  public var backout: String?
  /// How success is checked.
  public var validation: String?
  /// Where the step is written.
  public var location: SourceLocation
}

/// A change freeze: no phase may start inside it.
public struct FreezeWindow: Sendable, Equatable {
  /// The freeze's name.
  public var name: String
  /// The first instant of the freeze.
  public var from: PlanInstant
  /// The first instant after the freeze (the end of the day for a date).
  public var to: PlanInstant
  /// Where the window is written: the plan entry, or the event in a calendar file.
  public var location: SourceLocation
  /// True for an occurrence of a calendar event or a recurring rule.
  public var isExpanded = false

  /// True when `date` is inside the freeze.
  public func contains(_ date: Date) -> Bool { from.date <= date && date < to.date }
}

/// A day of the week; raw values are `Calendar` weekday numbers (Sunday is 1).
public enum Weekday: Int, Sendable, Equatable, CaseIterable, Comparable {
  // Declared Monday first: `allCases` is the order deploy hours are printed in.
  case mon = 2, tue, wed, thu, fri, sat
  case sun = 1

  /// The short name (`mon`).
  public var name: String { String(describing: self) }

  public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
    (lhs.rawValue + 5) % 7 < (rhs.rawValue + 5) % 7
  }
}

/// Days and local hours when promotions may happen (`mon–thu 09:00–16:00`).
public struct DeployWindow: Sendable, Equatable {
  /// The days, Monday first.
  public var days: [Weekday]
  /// Opening time, minutes after local midnight.
  public var from: Int
  /// Closing time, minutes after local midnight (1440 for 24:00); the window excludes it.
  public var to: Int
  /// The zone the hours are in.
  public var timeZone: TimeZone
  /// The zone as written.
  public var timeZoneName: String
  /// Where the window is written.
  public var location: SourceLocation
}

/// A planned communication.
public struct CommsItem: Sendable, Equatable {
  /// Who is told (`support`, `customers`).
  public var audience: [String]
  /// Where (`#support-announce`, `status page`).
  public var channel: String
  /// Seconds relative to the planned start (negative: before).
  public var offset: Int
  /// When, as written (`T-2d`).
  public var when: String
  /// Where the item is written.
  public var location: SourceLocation
}

/// A recorded approval, optionally for one migration or cutover step.
public struct Approval: Sendable, Equatable {
  /// The approver's role.
  public var role: String
  /// Who approved.
  public var by: String
  /// When.
  public var date: DateValue?
  /// The step it approves, when it approves one.
  public var step: Located<String>?
  /// Where it is written.
  public var location: SourceLocation
}

/// A value given to a rollout rule parameter.
public enum RuleValue: Sendable, Equatable, CustomStringConvertible {
  /// A share, such as `max_traffic: 10%`.
  case percentage(Percentage)
  /// A length of time, such as `within: 30d`.
  case duration(Timespan)
  /// Words, such as `audiences: [support, customers]`.
  case strings([String])

  public var description: String {
    switch self {
    case .percentage(let value): value.text
    case .duration(let value): value.text
    case .strings(let values): "[" + values.joined(separator: ", ") + "]"
    }
  }
}

/// A plan's overrides of one rollout rule.
public struct RuleSettings: Sendable, Equatable {
  /// The severity instead of the rule's default.
  public var severity: Severity?
  /// Parameter values by name.
  public var values: [String: RuleValue]
  /// Where the override is written.
  public var location: SourceLocation
}

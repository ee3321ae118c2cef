import Foundation
import LocatedYAML

/// Advisory gates: judged and reported, not counted towards the verdict before their day.
///
/// A gate with `advisory_until: YYYY-MM-DD` is advisory until that day. Days are UTC days, like a
/// waiver's expiry: the gate is advisory while `now` is before 00:00 UTC of that day, and
/// enforced from then on.
public enum Advisory {
  /// The longest advisory period `validate` accepts without a warning, in days from today.
  public static let maxDaysAhead = 180

  /// True while `until` is still ahead: `now` is before the first instant of that day (UTC).
  public static func isAdvisory(until: DateValue, now: Date) -> Bool {
    now < until.start
  }

  /// Whole days from the UTC day of `now` to the day `until` (0 on the day itself, negative once
  /// it has passed).
  public static func daysUntil(_ until: DateValue, now: Date) -> Int {
    day(of: until.start) - day(of: now)
  }

  /// The UTC day of `now`, as `YYYY-MM-DD`.
  public static func today(_ now: Date) -> String {
    String(DateValue.iso8601(now).prefix(10))
  }

  private static func day(of date: Date) -> Int {
    Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
  }

  /// The warnings `validate` prints about `advisory_until` days at `now`.
  ///
  /// A day that is not ahead (the gate is already enforced, so the key does nothing), or more
  /// than ``maxDaysAhead`` days ahead. A pack entry's day is reported once, at the entry.
  public static func warnings(_ definitions: Definitions, now: Date) -> [Diagnostic] {
    let checklists =
      definitions.checklists + definitions.workstreams.flatMap(\.definitions.checklists)
    var seen: Set<SourceLocation> = []
    var warnings: [Diagnostic] = []
    for checklist in checklists {
      for gate in checklist.gates {
        guard let until = gate.advisoryUntil, seen.insert(until.location).inserted else {
          continue
        }
        // A pack's gate is located at its `extends:` entry; its definition is in the pack.
        let fromPack = until.location.file != (gate.pack?.location ?? gate.location).file
        let days = daysUntil(until.value, now: now)
        if days <= 0 {
          let subject = fromPack ? "the pack's gates are" : "gate '\(gate.id)' is"
          warnings.append(
            Diagnostic(
              .warning, at: until.location,
              "advisory_until \(until.value.text) is not after today (\(today(now)), UTC), so "
                + "it makes nothing advisory: \(subject) enforced",
              hint: "remove advisory_until, or set a later day if the dry run must go on"))
        } else if days > maxDaysAhead {
          let last = DateValue.iso8601(now.addingTimeInterval(Double(maxDaysAhead) * 86_400))
          warnings.append(
            Diagnostic(
              .warning, at: until.location,
              "advisory_until \(until.value.text) is \(days) days ahead; an advisory period "
                + "lasts at most \(maxDaysAhead) days (until \(last.prefix(10)))",
              hint: "set a day within \(maxDaysAhead) days: a dry run that long is forgotten, "
                + "not acted on"))
        }
      }
    }
    return warnings
  }
}

/// What a report's advisory gates add up to: how many would fail, and how many of those become
/// enforced next, and when ("3 advisory gates would fail; 1 becomes enforced in 4 days").
public struct AdvisorySummary: Sendable, Equatable {
  /// The next day advisory gates that would fail become enforced.
  public struct Enforcement: Sendable, Equatable {
    /// The day (`YYYY-MM-DD`).
    public var day: String
    /// How many advisory gates that would fail it enforces.
    public var gates: Int
    /// Whole days from today to that day (at least 1).
    public var days: Int
  }

  /// Gates that are advisory now.
  public var advisory: Int
  /// Of those, the ones that would fail or could not be evaluated.
  public var wouldFail: Int
  /// The next day an advisory gate that would fail becomes enforced; nil when none would fail.
  public var next: Enforcement?
  /// Gates still in their advisory period that `--enforce-advisory` enforced.
  public var enforcedEarly: Int

  /// Sums up the advisory gates of `report`.
  public init(_ report: Report) {
    var advisory = 0
    var wouldFail = 0
    var enforcedEarly = 0
    var days: [String: Int] = [:]
    for index in report.gates.indices {
      let gate = report.gates[index]
      guard let until = gate.advisoryUntil else { continue }
      guard gate.status == .advisory else {
        if gate.status != .disabled { enforcedEarly += 1 }
        continue
      }
      advisory += 1
      guard gate.wouldBe != .pass else { continue }
      wouldFail += 1
      days[until, default: 0] += 1
    }
    self.advisory = advisory
    self.wouldFail = wouldFail
    self.enforcedEarly = enforcedEarly
    next = days.keys.min().flatMap { day in
      DateValue(parsing: day).map { date in
        Enforcement(
          day: day, gates: days[day, default: 0],
          days: Advisory.daysUntil(date, now: report.now))
      }
    }
  }

  /// True when the report has advisory gates, or gates enforced early.
  public var isEmpty: Bool { advisory == 0 && enforcedEarly == 0 }

  /// The line reports show next to the verdict, or nil when there is nothing advisory:
  /// "3 advisory gates would fail; 1 becomes enforced in 4 days (2026-12-05)", "1 of 2 advisory
  /// gates would fail; …", "2 advisory gates, none would fail".
  public var headline: String? {
    var parts: [String] = []
    if advisory > 0 {
      let gates = advisory == 1 ? "advisory gate" : "advisory gates"
      switch wouldFail {
      case advisory: parts.append("\(advisory) \(gates) would fail")
      case 0: parts.append("\(advisory) \(gates), none would fail")
      default: parts.append("\(wouldFail) of \(advisory) \(gates) would fail")
      }
      if let next {
        let verb = next.gates == 1 ? "becomes" : "become"
        let span = next.days == 1 ? "1 day" : "\(next.days) days"
        parts.append("\(next.gates) \(verb) enforced in \(span) (\(next.day))")
      }
    }
    if enforcedEarly > 0 {
      let gates = enforcedEarly == 1 ? "advisory gate" : "advisory gates"
      parts.append("\(enforcedEarly) \(gates) enforced early by --enforce-advisory")
    }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }
}

extension GateResult {
  /// "would fail", "would pass", "could not be evaluated" — what an advisory gate would be.
  public var wouldBePhrase: String {
    switch wouldBe {
    case .pass?: "would pass"
    case .error?: "would error (could not be evaluated)"
    default: "would fail"
    }
  }
}

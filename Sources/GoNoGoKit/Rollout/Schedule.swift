import Foundation
import LocatedYAML

/// The forecast of a rollout plan: when each phase actually starts, bakes and is promoted.
///
/// Semantics (pure, deterministic; time zones and DST come from Foundation's `Calendar`):
/// - A phase may only *start* — the first phase at the planned start, every later one at the
///   promotion of the phase before it — at an allowed instant: inside deploy hours (when the plan
///   has any) and outside every freeze window. Starting the first phase counts as a promotion.
/// - Phase 1 is ready at `start`; when that instant is not allowed, it waits for the next allowed
///   one (and the deploy-hours or freeze rule flags the plan).
/// - Bake time runs on the clock: a phase's bake ends `bake` seconds after it starts, whatever
///   the hour, day or DST change. A phase without a bake is ready at once.
/// - The next phase starts at the first allowed instant at or after the bake end; the phase
///   before it is promoted at that instant.
/// - The final phase needs no bake unless one is given; the rollout reaches 100 % when the first
///   phase with `traffic: 100%` starts.
/// - Deploy hours are local to their zone: `09:00` is 09:00 on both sides of a DST change.
///   A window includes its opening minute and excludes its closing one; a freeze includes its
///   first instant and excludes its end (dates in a freeze cover the whole local day).
/// - The search is bounded: when no allowed instant exists within 366 days of the moment a
///   phase is ready, forecasting stops and the remaining phases are unscheduled.
public struct Schedule: Sendable, Equatable {
  /// The service.
  public var service: String
  /// The plan file.
  public var file: String
  /// The strategy.
  public var strategy: Strategy
  /// The zone times are shown in.
  public var timeZone: TimeZone
  /// The zone as written.
  public var timeZoneName: String
  /// The planned start, as written.
  public var plannedStart: Date
  /// The phases that could be scheduled, in order.
  public var phases: [ScheduledPhase]
  /// Phases that could not be scheduled, when the search gave up.
  public var unscheduled: [String]
  /// Why scheduling stopped, if it did.
  public var problem: String?
  /// When the first 100 % phase starts, if it can be scheduled.
  public var earliest100: Date?
  /// The deadline for 100 %, if the plan sets one.
  public var completeBy: PlanInstant?
  /// The freeze windows the forecast kept out of (drawn on the printout's timeline).
  public var freezes: [FreezeWindow] = []
  /// The deploy hours the forecast kept to; empty when any hour will do.
  public var deployHours: [DeployWindow] = []

  /// True when the plan sets `complete_by` and 100 % comes later, or cannot be forecast.
  public var missesCompleteBy: Bool {
    guard let completeBy else { return false }
    guard let earliest100 else { return true }
    return earliest100 > completeBy.date
  }

  /// How long to search for an allowed instant before giving up.
  static let searchLimit: TimeInterval = 366 * 86_400

  /// Forecasts a plan.
  public static func forecast(_ plan: RolloutPlan) -> Schedule {
    let clock = DeployClock(
      windows: plan.deployHours, freezes: plan.freezes, horizon: plan.freezeHorizon)
    var phases: [ScheduledPhase] = []
    var unscheduled: [String] = []
    var problem: String?
    var ready = plan.start.value
    for (index, phase) in plan.phases.enumerated() {
      guard let (start, waits) = clock.nextAllowed(from: ready) else {
        problem =
          plan.freezeHorizon.map { ready >= $0 || clock.reachesHorizon(from: ready) } == true
          ? "phase '\(phase.name)' would start after "
            + ScheduleRenderer.local(plan.freezeHorizon ?? ready, in: plan.timeZone.value)
            + ", beyond the horizon the freeze calendars are expanded over"
          :
          "no deploy window within a year after "
          + ScheduleRenderer.local(ready, in: plan.timeZone.value) + " for phase '\(phase.name)'"
        unscheduled = plan.phases[index...].map(\.name)
        break
      }
      let bakeEnd = start.addingTimeInterval(TimeInterval(phase.bake?.seconds ?? 0))
      if index > 0 { phases[index - 1].promotedAt = start }
      phases.append(
        ScheduledPhase(
          name: phase.name, traffic: phase.traffic, cohort: phase.cohort, bake: phase.bake,
          readyAt: ready, start: start, bakeEnd: bakeEnd, promotedAt: nil, waits: waits,
          location: phase.location))
      ready = bakeEnd
    }
    let full = phases.first { ($0.traffic?.fraction ?? 0) >= 1 }
    return Schedule(
      service: plan.service, file: plan.file, strategy: plan.strategy,
      timeZone: plan.timeZone.value, timeZoneName: plan.timeZoneName,
      plannedStart: plan.start.value, phases: phases, unscheduled: unscheduled, problem: problem,
      earliest100: full?.start, completeBy: plan.completeBy?.value, freezes: plan.freezes,
      deployHours: plan.deployHours)
  }
}

/// One phase of the forecast.
public struct ScheduledPhase: Sendable, Equatable {
  /// Why a phase started later than it was ready.
  public enum Wait: Sendable, Equatable, CustomStringConvertible {
    /// The ready time was outside deploy hours.
    case deployHours
    /// The ready time was inside this freeze window.
    case freeze(String)

    /// `deploy-hours`, `freeze:holidays`.
    public var code: String {
      switch self {
      case .deployHours: "deploy-hours"
      case .freeze(let name): "freeze:" + name
      }
    }

    public var description: String {
      switch self {
      case .deployHours: "deploy hours"
      case .freeze(let name): "freeze '\(name)'"
      }
    }
  }

  /// The phase's name.
  public var name: String
  /// Its traffic share.
  public var traffic: Percentage?
  /// Its cohort.
  public var cohort: String?
  /// Its bake time.
  public var bake: Timespan?
  /// When it could have started: the planned start, or the previous phase's bake end.
  public var readyAt: Date
  /// When it starts (the previous phase is promoted then).
  public var start: Date
  /// When its bake ends.
  public var bakeEnd: Date
  /// When it is promoted to the next phase; nil for the last phase scheduled.
  public var promotedAt: Date?
  /// What it waited for between `readyAt` and `start`, in order.
  public var waits: [Wait]
  /// Where it is written.
  public var location: SourceLocation
}

/// Finds allowed instants: inside deploy hours and outside every freeze.
struct DeployClock {
  let windows: [DeployWindow]
  let freezes: [FreezeWindow]
  /// The end of the freeze calendars' expansion: no instant at or after it is allowed, since
  /// the freezes there are unknown.
  var horizon: Date?

  /// True when the search from `date` stopped at the horizon rather than the search limit.
  func reachesHorizon(from date: Date) -> Bool {
    guard let horizon else { return false }
    return horizon < date.addingTimeInterval(Schedule.searchLimit)
  }

  /// The first allowed instant at or after `date`, with what it waited for; nil when there is
  /// none within `Schedule.searchLimit`.
  func nextAllowed(from date: Date) -> (Date, [ScheduledPhase.Wait])? {
    var limit = date.addingTimeInterval(Schedule.searchLimit)
    if let horizon {
      guard date < horizon else { return nil }
      limit = min(limit, horizon)
    }
    var time = date
    var waits: [ScheduledPhase.Wait] = []
    func note(_ wait: ScheduledPhase.Wait) {
      if !waits.contains(wait) { waits.append(wait) }
    }
    // Each step moves past a freeze or to an opening; both are bounded by the search limit.
    for _ in 0..<10_000 {
      guard time <= limit, horizon.map({ time < $0 }) ?? true else { return nil }
      if let freeze = freezes.filter({ $0.contains(time) }).max(by: { $0.to.date < $1.to.date }) {
        note(.freeze(freeze.name))
        time = freeze.to.date
        continue
      }
      if !windows.isEmpty && !windows.contains(where: { $0.contains(time) }) {
        guard let next = windows.compactMap({ $0.nextOpening(after: time) }).min() else {
          return nil
        }
        note(.deployHours)
        time = next
        continue
      }
      return (time, waits)
    }
    return nil
  }
}

extension DeployWindow {
  /// True when `date` falls inside the window (local day and time in the window's zone).
  func contains(_ date: Date) -> Bool {
    let calendar = PlanTime.calendar(timeZone)
    let parts = calendar.dateComponents([.weekday, .hour, .minute, .second], from: date)
    guard let weekday = parts.weekday.flatMap(Weekday.init(rawValue:)), days.contains(weekday),
      let hour = parts.hour, let minute = parts.minute, let second = parts.second
    else { return false }
    let seconds = hour * 3600 + minute * 60 + second
    return from * 60 <= seconds && seconds < to * 60
  }

  /// The first opening of the window after `date` (which lies outside it), within eight days.
  func nextOpening(after date: Date) -> Date? {
    let calendar = PlanTime.calendar(timeZone)
    let day = calendar.dateComponents([.year, .month, .day], from: date)
    guard let year = day.year, let month = day.month, let dayOfMonth = day.day else { return nil }
    for offset in 0...8 {
      guard
        let noon = calendar.date(
          from: DateComponents(year: year, month: month, day: dayOfMonth + offset, hour: 12)),
        let weekday = Weekday(rawValue: calendar.component(.weekday, from: noon)),
        days.contains(weekday)
      else { continue }
      let local = calendar.dateComponents([.year, .month, .day], from: noon)
      guard
        let opening = calendar.date(
          from: DateComponents(
            year: local.year, month: local.month, day: local.day, hour: from / 60,
            minute: from % 60))
      else { continue }
      if opening > date { return opening }
    }
    return nil
  }
}

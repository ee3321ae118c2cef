import Foundation

extension HTMLRenderer {
  /// A rollout's forecast schedule, shown as a timeline when the report has one.
  public struct Rollout: Sendable, Equatable {
    /// The service rolled out, when known.
    public var service: String?
    /// The rollout strategy (`canary`, `blue-green`, `phased`, `big-bang`).
    public var strategy: String?
    /// The phases in order.
    public var phases: [Phase]
    /// The zone every time is shown in: the plan's.
    public var timeZone: TimeZone
    /// The zone as the plan names it (`America/New_York`).
    public var timeZoneName: String
    /// The freeze windows, drawn as bands.
    public var freezes: [FreezeWindow]
    /// The deploy hours, drawn as windows on each day; empty when any hour will do.
    public var deployHours: [DeployWindow]
    /// The deadline for 100 %, when the plan sets one.
    public var completeBy: PlanInstant?
    /// What the forecast says about reaching 100 % (`Earliest 100%: …`, `Meets complete_by …`).
    public var completion: [String]

    /// One phase of the rollout.
    public struct Phase: Sendable, Equatable {
      /// The phase's name.
      public var name: String
      /// When it starts.
      public var start: Date
      /// When it is promoted to the next phase; nil for the last, open-ended phase.
      public var end: Date?
      /// The traffic or cohort it reaches (`5%`, `EU staff`).
      public var traffic: String?
      /// When its bake ends, when it has a bake.
      public var bakeEnd: Date?
      /// What held its start back (`freeze 'november-close'`, `deploy hours`).
      public var waits: [String]

      /// Creates a phase.
      public init(
        name: String, start: Date, end: Date?, traffic: String?, bakeEnd: Date? = nil,
        waits: [String] = []
      ) {
        self.name = name
        self.start = start
        self.end = end
        self.traffic = traffic
        self.bakeEnd = bakeEnd
        self.waits = waits
      }
    }

    /// Creates a rollout schedule; times are shown in UTC unless a zone is given.
    public init(
      strategy: String?, phases: [Phase], service: String? = nil,
      timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt, timeZoneName: String = "UTC",
      freezes: [FreezeWindow] = [], deployHours: [DeployWindow] = [],
      completeBy: PlanInstant? = nil, completion: [String] = []
    ) {
      self.service = service
      self.strategy = strategy
      self.phases = phases
      self.timeZone = timeZone
      self.timeZoneName = timeZoneName
      self.freezes = freezes
      self.deployHours = deployHours
      self.completeBy = completeBy
      self.completion = completion
    }

    /// The printout's timeline for a forecast: each phase from its start to its promotion (the
    /// last phase is open-ended), with the plan's zone, freezes, deploy hours and deadline.
    public init(_ schedule: Schedule) {
      self.init(
        strategy: schedule.strategy.rawValue,
        phases: schedule.phases.map { phase in
          Phase(
            name: phase.name, start: phase.start, end: phase.promotedAt,
            traffic: phase.traffic?.text ?? phase.cohort,
            bakeEnd: phase.bake == nil ? nil : phase.bakeEnd,
            waits: phase.waits.map(\.description))
        },
        service: schedule.service, timeZone: schedule.timeZone,
        timeZoneName: schedule.timeZoneName, freezes: schedule.freezes,
        deployHours: schedule.deployHours, completeBy: schedule.completeBy,
        completion: ScheduleRenderer.completion(schedule))
    }

    /// True when the phase is still running, or promoted, after `complete_by`.
    func isLate(_ phase: Phase) -> Bool {
      guard let deadline = completeBy?.date else { return false }
      return (phase.end ?? phase.start) > deadline
    }

    /// `America/New_York (UTC−05:00)`; a zone at UTC is just named.
    func zoneLabel(at date: Date) -> String {
      Meeting.zoneLabel(timeZone, named: timeZoneName, at: date)
    }
  }
}

/// Draws the rollout timeline as inline SVG: a date axis with a tick per local day, deploy hours
/// as a strip, freezes as bands, a bar per phase (bake dark, waiting light), the "now" marker
/// and `complete_by`. Every position is computed in the plan's zone.
struct TimelineChart {
  let rollout: HTMLRenderer.Rollout
  let now: Date

  /// SVG user units: the chart is drawn 720 wide and scaled to the sheet's width.
  static let width = 720.0
  static let labelWidth = 118.0
  static let rowHeight = 13.0
  static let top = 28.0
  /// Days beyond which ticks are weekly.
  static let dailyTicksUpTo = 62
  /// Drawn windows (deploy hours) at most; a plan's span is bounded by its schedule.
  static let maxWindows = 800

  private var calendar: Calendar { PlanTime.calendar(rollout.timeZone) }

  /// The local midnights bounding the chart: from the day of the first phase (or of "now",
  /// when the meeting is shortly before) to the day after the last phase or the deadline.
  var range: (start: Date, end: Date) {
    let phases = rollout.phases
    let first = phases.map(\.start).min() ?? now
    var last = phases.map { $0.end ?? $0.bakeEnd ?? $0.start }.max() ?? first
    if let deadline = rollout.completeBy?.date, deadline > last,
      deadline.timeIntervalSince(first) < 62 * 86_400
    {
      last = deadline
    }
    var start = first
    if now < first, first.timeIntervalSince(now) <= 14 * 86_400 { start = now }
    let dayStart = calendar.startOfDay(for: start)
    var dayEnd = calendar.startOfDay(for: last)
    if dayEnd <= last {
      dayEnd =
        calendar.date(byAdding: .day, value: 1, to: dayEnd) ?? last.addingTimeInterval(86_400)
    }
    return (dayStart, max(dayEnd, dayStart.addingTimeInterval(86_400)))
  }

  func svg() -> String {
    let (start, end) = range
    let span = max(end.timeIntervalSince(start), 1)
    let left = Self.labelWidth
    let plot = Self.width - left - 4
    func x(_ date: Date) -> Double {
      left + min(max(date.timeIntervalSince(start) / span, 0), 1) * plot
    }
    func f(_ value: Double) -> String { String(format: "%.1f", value) }
    let rows = Double(rollout.phases.count)
    let chartBottom = Self.top + rows * Self.rowHeight + 2
    let height = chartBottom + 14
    var out: [String] = [
      "<svg class=\"chart\" viewBox=\"0 0 \(f(Self.width)) \(f(height))\" "
        + "role=\"img\" aria-label=\"Rollout timeline, "
        + "times in \(e(rollout.zoneLabel(at: start)))\">"
    ]
    // Deploy hours, on a strip under the axis labels.
    let windows = deployWindows(from: start, to: end)
    if !windows.isEmpty {
      out.append(
        "<text class=\"lane\" x=\"\(f(left - 4))\" y=\"\(f(Self.top - 3))\" "
          + "text-anchor=\"end\">deploy hours</text>")
      for (from, to) in windows {
        out.append(
          "<rect class=\"deploy\" x=\"\(f(x(from)))\" y=\"\(f(Self.top - 9))\" "
            + "width=\"\(f(max(x(to) - x(from), 0.8)))\" height=\"6\"/>")
      }
    }
    // Freezes, as bands across every row.
    for freeze in rollout.freezes where freeze.to.date > start && freeze.from.date < end {
      let x0 = x(freeze.from.date)
      let x1 = x(freeze.to.date)
      out.append(
        "<rect class=\"freeze\" x=\"\(f(x0))\" y=\"\(f(Self.top - 10))\" "
          + "width=\"\(f(max(x1 - x0, 0.8)))\" height=\"\(f(chartBottom - Self.top + 10))\"/>")
      out.append(
        "<text class=\"freeze-label\" x=\"\(f((x0 + x1) / 2))\" y=\"\(f(chartBottom + 9))\" "
          + "text-anchor=\"middle\">freeze: \(e(freeze.name))</text>")
    }
    out += axis(start: start, end: end, x: x, bottom: chartBottom)
    // Phases.
    for (index, phase) in rollout.phases.enumerated() {
      let y = Self.top + Double(index) * Self.rowHeight
      let late = rollout.isLate(phase)
      out.append(
        "<text class=\"phase\(late ? " late" : "")\" x=\"\(f(left - 4))\" y=\"\(f(y + 9.5))\" "
          + "text-anchor=\"end\">\(e(label(phase, index: index)))</text>")
      let x0 = x(phase.start)
      if let end = phase.end {
        let bakeEnd = min(phase.bakeEnd ?? phase.start, end)
        let xb = x(bakeEnd)
        out.append(
          "<rect class=\"bake\(late ? " late" : "")\" x=\"\(f(x0))\" y=\"\(f(y + 2.5))\" "
            + "width=\"\(f(max(xb - x0, 1)))\" height=\"8\"/>")
        if end > bakeEnd {
          out.append(
            "<rect class=\"wait\(late ? " late" : "")\" x=\"\(f(xb))\" y=\"\(f(y + 2.5))\" "
              + "width=\"\(f(max(x(end) - xb, 0.8)))\" height=\"8\"/>")
        }
      } else {
        out.append(
          "<rect class=\"open\(late ? " late" : "")\" x=\"\(f(x0))\" y=\"\(f(y + 2.5))\" "
            + "width=\"\(f(max(left + plot - x0, 1)))\" height=\"8\"/>")
        out.append(
          "<circle class=\"start\" cx=\"\(f(x0))\" cy=\"\(f(y + 6.5))\" r=\"2.6\"/>")
      }
    }
    // The deadline and now.
    if let deadline = rollout.completeBy?.date, deadline >= start, deadline <= end {
      let xd = x(deadline)
      out.append(
        "<line class=\"deadline\" x1=\"\(f(xd))\" y1=\"\(f(Self.top - 10))\" x2=\"\(f(xd))\" "
          + "y2=\"\(f(chartBottom))\"/>")
      out.append(
        "<text class=\"deadline-label\" x=\"\(f(xd - 2))\" y=\"\(f(chartBottom + 9))\" "
          + "text-anchor=\"end\">complete_by</text>")
    }
    if now >= start, now <= end {
      let xn = x(now)
      out.append(
        "<line class=\"now\" x1=\"\(f(xn))\" y1=\"\(f(Self.top - 12))\" x2=\"\(f(xn))\" "
          + "y2=\"\(f(chartBottom + 2))\"/>")
      out.append(
        "<text class=\"now-label\" x=\"\(f(xn + 2))\" y=\"\(f(chartBottom + 9))\">now</text>")
    }
    out.append("</svg>")
    return out.joined(separator: "\n")
  }

  /// Day ticks (weekly past two months) with `Tue 1` labels, the month named at its first tick.
  private func axis(start: Date, end: Date, x: (Date) -> Double, bottom: Double) -> [String] {
    func f(_ value: Double) -> String { String(format: "%.1f", value) }
    var days: [Date] = []
    var day = start
    while day < end, days.count <= 400 {
      days.append(day)
      guard let next = calendar.date(byAdding: .day, value: 1, to: day), next > day else { break }
      day = next
    }
    let weekly = days.count > Self.dailyTicksUpTo
    let plot = Self.width - Self.labelWidth - 4
    let dayWidth = plot / Double(max(days.count, 1))
    let labelEvery = weekly ? 7 : dayWidth >= 26 ? 1 : dayWidth >= 13 ? 2 : 7
    var out: [String] = []
    var lastMonth = -1
    for (index, day) in days.enumerated() {
      let parts = calendar.dateComponents([.month, .day, .weekday], from: day)
      let isMonday = parts.weekday == 2
      if weekly && !isMonday && index != 0 { continue }
      let xd = x(day)
      out.append(
        "<line class=\"tick\(isMonday ? " week" : "")\" x1=\"\(f(xd))\" y1=\"\(f(Self.top - 12))\" "
          + "x2=\"\(f(xd))\" y2=\"\(f(bottom))\"/>")
      let labelled = labelEvery == 1 || (labelEvery == 7 ? isMonday || index == 0 : index % 2 == 0)
      guard labelled else { continue }
      let weekday = parts.weekday.flatMap(Weekday.init(rawValue:))?.name.capitalized ?? ""
      let month = parts.month ?? 0
      var text = "\(weekday) \(parts.day ?? 0)"
      if month != lastMonth {
        text = "\(weekday) \(parts.day ?? 0) " + Self.monthNames[max(0, min(11, month - 1))]
        lastMonth = month
      }
      out.append(
        "<text class=\"day\" x=\"\(f(xd + 1.5))\" y=\"\(f(Self.top - 14))\">\(e(text))</text>")
    }
    return out
  }

  static let monthNames = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// Each deploy window's opening and closing on every local day of the chart, merged where
  /// one window runs into the next (22:00–24:00 then 00:00–02:00).
  func deployWindows(from start: Date, to end: Date) -> [(Date, Date)] {
    var intervals: [(Date, Date)] = []
    for window in rollout.deployHours {
      let local = PlanTime.calendar(window.timeZone)
      var day = local.startOfDay(for: start)
      var steps = 0
      while day < end, steps <= 400, intervals.count < Self.maxWindows {
        steps += 1
        let weekday = local.component(.weekday, from: day)
        if let weekday = Weekday(rawValue: weekday), window.days.contains(weekday) {
          let parts = local.dateComponents([.year, .month, .day], from: day)
          if let opening = local.date(
            from: DateComponents(
              year: parts.year, month: parts.month, day: parts.day, hour: window.from / 60,
              minute: window.from % 60)),
            let closing = local.date(
              from: DateComponents(
                year: parts.year, month: parts.month, day: parts.day, hour: window.to / 60,
                minute: window.to % 60)),
            closing > opening, closing > start, opening < end
          {
            intervals.append((max(opening, start), min(closing, end)))
          }
        }
        guard let next = local.date(byAdding: .day, value: 1, to: day), next > day else { break }
        day = next
      }
    }
    intervals.sort { $0.0 < $1.0 }
    var merged: [(Date, Date)] = []
    for interval in intervals {
      if let last = merged.last, interval.0 <= last.1 {
        merged[merged.count - 1].1 = max(last.1, interval.1)
      } else {
        merged.append(interval)
      }
    }
    return merged
  }

  /// `1 canary`, cut with an ellipsis past 22 characters: the table below has the full name.
  private func label(_ phase: HTMLRenderer.Rollout.Phase, index: Int) -> String {
    let name = phase.name.count > 22 ? String(phase.name.prefix(21)) + "…" : phase.name
    return "\(index + 1) " + name
  }

  private func e(_ text: String) -> String { Escape.html(text) }
}

import Foundation

/// One event of a forecast published as a calendar: a phase, a freeze, a comms item or the
/// go/no-go review. The same values feed the `ics` export and `gonogo plan --format json`.
public struct ForecastEvent: Sendable, Equatable {
  /// What the event is.
  public enum Kind: String, Sendable, Equatable {
    case review, comms, phase, freeze
  }

  /// A stable id derived from the service and the event's own name (never random), so a
  /// re-export updates a subscriber's events instead of duplicating them.
  public var uid: String
  /// What the event is.
  public var kind: Kind
  /// The title.
  public var summary: String
  /// The details, several lines.
  public var description: String
  /// The first instant.
  public var start: Date
  /// The first instant after it; nil for a moment (a comms item, the last phase without bake).
  public var end: Date?
}

/// The events of one plan's forecast, in the plan's zone.
public struct ForecastCalendar: Sendable, Equatable {
  /// The service.
  public var service: String
  /// The plan's zone, as written.
  public var timeZoneName: String
  /// The plan's zone.
  public var timeZone: TimeZone
  /// The events: review, comms, phases, freezes.
  public var events: [ForecastEvent]
  /// The stretch the plan's calendar and recurring freezes were expanded over, when it has any.
  public var freezeHorizon: DateInterval?

  /// How long the go/no-go review event lasts.
  public static let reviewLength: TimeInterval = 3_600

  /// The events of `plan` and its forecast.
  public init(plan: RolloutPlan, schedule: Schedule) {
    service = plan.service
    timeZoneName = plan.timeZoneName
    timeZone = plan.timeZone.value
    freezeHorizon = plan.freezeHorizon.map {
      DateInterval(start: plan.start.value.addingTimeInterval(-FreezeHorizon.lead), end: $0)
    }
    let zone = plan.timeZone.value
    let base = Self.slug(plan.service)
    let local = { (date: Date) in ScheduleRenderer.local(date, in: zone) + " (\(plan.timeZoneName))" }
    var events: [ForecastEvent] = []
    let start = plan.start.value
    let review = start.addingTimeInterval(TimeInterval(plan.reviewOffset))
    let release = plan.release.map { " " + $0 } ?? ""
    var reviewLines = [
      "Go/no-go review of the \(plan.strategy.rawValue) rollout of \(plan.service)\(release).",
      "Planned start: " + local(start),
    ]
    if let full = schedule.earliest100 { reviewLines.append("Earliest 100%: " + local(full)) }
    if let deadline = schedule.completeBy {
      reviewLines.append(
        "complete_by: " + local(deadline.date) + (schedule.missesCompleteBy ? " (MISSED)" : " (met)"))
    }
    if let problem = schedule.problem { reviewLines.append("Cannot forecast: " + problem) }
    if !schedule.unscheduled.isEmpty {
      reviewLines.append("Not scheduled: " + schedule.unscheduled.joined(separator: ", "))
    }
    reviewLines.append("Plan: " + plan.file)
    events.append(
      ForecastEvent(
        uid: "\(base)/review@gonogo", kind: .review,
        summary: "Go/no-go review: \(plan.service)\(release)",
        description: reviewLines.joined(separator: "\n"), start: review,
        end: review.addingTimeInterval(Self.reviewLength)))
    for item in plan.comms {
      let audience = item.audience.joined(separator: ", ")
      events.append(
        ForecastEvent(
          uid: "\(base)/comms/\(Self.slug(audience))/\(Self.slug(item.channel))/\(Self.slug(item.when))@gonogo",
          kind: .comms, summary: "Comms \(item.when): tell \(audience) (\(plan.service))",
          description: "Tell \(audience) on \(item.channel) about the rollout of \(plan.service)"
            + "\(release), \(item.when) from the planned start.",
          start: start.addingTimeInterval(TimeInterval(item.offset)), end: nil))
    }
    for (index, phase) in schedule.phases.enumerated() {
      let share = phase.traffic?.text ?? phase.cohort ?? "–"
      var lines = [
        "Phase \(index + 1) of \(plan.phases.count) of the \(plan.strategy.rawValue) rollout of "
          + "\(plan.service)\(release): \(share).",
        "Starts: " + local(phase.start),
      ]
      if let bake = phase.bake {
        lines.append("Bake: \(bake.text), ends " + local(phase.bakeEnd))
      } else {
        lines.append("Bake: none")
      }
      if let promoted = phase.promotedAt { lines.append("Promoted: " + local(promoted)) }
      if !phase.waits.isEmpty {
        lines.append("Waited for: " + phase.waits.map(\.description).joined(separator: ", "))
      }
      lines.append("Plan: \(phase.location.file):\(phase.location.line)")
      events.append(
        ForecastEvent(
          uid: "\(base)/phase/\(Self.slug(phase.name))@gonogo", kind: .phase,
          summary: "\(plan.service): \(phase.name) (\(share))",
          description: lines.joined(separator: "\n"), start: phase.start,
          end: phase.promotedAt ?? (phase.bake == nil ? nil : phase.bakeEnd)))
    }
    var seen: Set<String> = []
    for freeze in plan.freezes {
      let uid =
        "\(base)/freeze/\(Self.slug(freeze.name))/"
        + ScheduleRenderer.iso(freeze.from.date, in: TimeZone(secondsFromGMT: 0) ?? zone)
        .filter { $0 != "-" && $0 != ":" } + "@gonogo"
      guard seen.insert(uid).inserted else { continue }
      events.append(
        ForecastEvent(
          uid: uid, kind: .freeze, summary: "Change freeze: \(freeze.name)",
          description: "No rollout step of \(plan.service) starts in this freeze.\n"
            + "Defined at: \(freeze.location.file):\(freeze.location.line)",
          start: freeze.from.date, end: freeze.to.date))
    }
    self.events = events
  }

  /// The text as a UID segment: letters, digits, `-`, `_` and `.` kept, anything else
  /// percent-encoded (UTF-8), so different names never share a UID.
  static func slug(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
        UInt8(ascii: "."):
        result.append(Character(Unicode.Scalar(byte)))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        result += "%" + (hex.count < 2 ? "0" : "") + hex
      }
    }
    return result
  }

  /// The events as JSON (`calendar[]` of `gonogo plan --format json`), times RFC 3339 in the
  /// plan's zone.
  public var json: JSONValue {
    var object: [String: JSONValue] = [
      "service": .string(service),
      "timezone": .string(timeZoneName),
      "events": .array(
        events.map { event in
          var item: [String: JSONValue] = [
            "uid": .string(event.uid), "kind": .string(event.kind.rawValue),
            "summary": .string(event.summary),
            "start": .string(ScheduleRenderer.iso(event.start, in: timeZone)),
          ]
          if let end = event.end { item["end"] = .string(ScheduleRenderer.iso(end, in: timeZone)) }
          return .object(item)
        }),
    ]
    if let horizon = freezeHorizon {
      object["freeze_horizon"] = .object([
        "from": .string(ScheduleRenderer.iso(horizon.start, in: timeZone)),
        "to": .string(ScheduleRenderer.iso(horizon.end, in: timeZone)),
      ])
    }
    return .object(object)
  }
}

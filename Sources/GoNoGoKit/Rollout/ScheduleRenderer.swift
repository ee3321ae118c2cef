import Foundation

/// Renders forecasts: a timeline table for terminals and reports, and a JSON value.
public enum ScheduleRenderer {
  /// The timeline of one forecast as text lines (no trailing newline on the last).
  public static func text(_ schedule: Schedule) -> [String] {
    let zone = schedule.timeZone
    var lines = [
      "Rollout forecast · \(clean(schedule.service)) · \(schedule.strategy.rawValue) · times in "
        + clean(schedule.timeZoneName)
    ]
    // A phase's promotion is the next row's start; the "waited" column says why it came later
    // than the bake end.
    var rows = [["phase", "traffic", "starts", "bake", "bake ends", "waited for"]]
    for phase in schedule.phases {
      rows.append([
        clean(phase.name),
        phase.traffic?.text ?? clean(phase.cohort ?? "–"),
        local(phase.start, in: zone),
        phase.bake?.text ?? "–",
        phase.bake == nil ? "–" : local(phase.bakeEnd, in: zone),
        phase.waits.isEmpty
          ? "–" : phase.waits.map { clean($0.description) }.joined(separator: ", "),
      ])
    }
    for name in schedule.unscheduled {
      rows.append([clean(name), "", "not scheduled", "", "", ""])
    }
    let widths = rows[0].indices.map { column in
      rows.map { $0[column].count }.max() ?? 0
    }
    for row in rows {
      var line = " "
      for (column, cell) in row.enumerated() {
        line += " " + cell
        if column < row.count - 1 {
          line += String(repeating: " ", count: widths[column] - cell.count + 1)
        }
      }
      while line.last == " " { line.removeLast() }
      lines.append(line)
    }
    if let problem = schedule.problem {
      lines.append("  Cannot forecast: " + clean(problem))
    }
    lines += completion(schedule).map { "  " + $0 }
    return lines
  }

  /// When 100 % is reached, and whether that meets `complete_by` (when the plan sets one).
  static func completion(_ schedule: Schedule) -> [String] {
    let zone = schedule.timeZone
    var lines: [String] = []
    if let full = schedule.earliest100 {
      lines.append("Earliest 100%: " + local(full, in: zone) + " (" + iso(full, in: zone) + ")")
    } else if schedule.problem != nil {
      lines.append("Earliest 100%: cannot be forecast")
    } else {
      lines.append("Earliest 100%: never — no phase sends 100% of traffic")
    }
    guard let deadline = schedule.completeBy else { return lines }
    let by = "complete_by " + describe(deadline, in: zone)
    if !schedule.missesCompleteBy {
      lines.append("Meets " + by)
    } else if let full = schedule.earliest100 {
      lines.append("MISSES " + by + " by " + span(Int(full.timeIntervalSince(deadline.date))))
    } else {
      lines.append("MISSES " + by)
    }
    return lines
  }

  /// The forecast as a JSON value (the `rollout` entries of reports and of `gonogo plan`).
  public static func json(_ schedule: Schedule) -> JSONValue {
    let zone = schedule.timeZone
    var object: [String: JSONValue] = [
      "service": .string(schedule.service),
      "file": .string(schedule.file),
      "strategy": .string(schedule.strategy.rawValue),
      "timezone": .string(schedule.timeZoneName),
      "planned_start": .string(iso(schedule.plannedStart, in: zone)),
      "phases": .array(schedule.phases.map { phase(json: $0, zone: zone) }),
      "unscheduled": .array(schedule.unscheduled.map(JSONValue.string)),
      "misses_complete_by": .bool(schedule.missesCompleteBy),
    ]
    if let problem = schedule.problem { object["problem"] = .string(problem) }
    if let full = schedule.earliest100 { object["earliest_100"] = .string(iso(full, in: zone)) }
    if let deadline = schedule.completeBy {
      object["complete_by"] = .string(iso(deadline.date, in: zone))
    }
    return .object(object)
  }

  private static func phase(json phase: ScheduledPhase, zone: TimeZone) -> JSONValue {
    var object: [String: JSONValue] = [
      "name": .string(phase.name),
      "ready_at": .string(iso(phase.readyAt, in: zone)),
      "start": .string(iso(phase.start, in: zone)),
      "bake_end": .string(iso(phase.bakeEnd, in: zone)),
      "waited_for": .array(phase.waits.map { .string($0.code) }),
      "location": JSONRenderer.location(phase.location),
    ]
    if let traffic = phase.traffic {
      object["traffic_percent"] = .double((traffic.fraction * 10_000).rounded() / 100)
    }
    if let cohort = phase.cohort { object["cohort"] = .string(cohort) }
    if let bake = phase.bake { object["bake"] = .string(bake.text) }
    if let promoted = phase.promotedAt { object["promoted_at"] = .string(iso(promoted, in: zone)) }
    return .object(object)
  }

  /// `2026-12-23 (end of Wed 2026-12-23)` for a day; `<text> (<local time>)` for an instant.
  static func describe(_ instant: PlanInstant, in zone: TimeZone) -> String {
    if instant.isDay {
      let day = local(instant.date.addingTimeInterval(-1), in: zone).prefix(14)
      return clean(instant.text) + " (end of \(day))"
    }
    return clean(instant.text) + " (" + local(instant.date, in: zone) + ")"
  }

  /// `Tue 2026-12-01 09:00` (seconds only when not zero), local to `zone`.
  public static func local(_ date: Date, in zone: TimeZone) -> String {
    let parts = PlanTime.calendar(zone).dateComponents(
      [.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    let weekday = parts.weekday.flatMap(Weekday.init(rawValue:))?.name.capitalized ?? "?"
    var text =
      "\(weekday) \(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day)) "
      + "\(pad(parts.hour)):\(pad(parts.minute))"
    if let second = parts.second, second != 0 { text += ":" + pad(second) }
    return text
  }

  /// RFC 3339 in `zone`: `2026-12-01T09:00:00-05:00`, `Z` when the offset is zero.
  public static func iso(_ date: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: date)
    let fast = PlanTime.wallClock(date, offset: offset)
    if let fast, abs(offset) < 100 * 3600 { return iso(fast, offset: offset) }
    let parts =
      fast
      ?? {
        let parts = PlanTime.calendar(zone).dateComponents(
          [.year, .month, .day, .hour, .minute, .second], from: date)
        return PlanTime.WallClock(
          year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0,
          hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0)
      }()
    var text =
      "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day))T"
      + "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
    if offset == 0 {
      text += "Z"
    } else {
      let minutes = abs(offset) / 60
      text += (offset < 0 ? "-" : "+") + pad(minutes / 60) + ":" + pad(minutes % 60)
    }
    return text
  }

  /// ``iso(_:in:)`` of a wall-clock time in the years 1601–9999 at an offset under 100 hours,
  /// written byte by byte (a plan's freeze calendar may give thousands of windows to write).
  private static func iso(_ parts: PlanTime.WallClock, offset: Int) -> String {
    String(unsafeUninitializedCapacity: 25) { buffer in
      var count = 0
      func put(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
      }
      func put(_ value: Int, digits: Int) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
          put(UInt8(ascii: "0") + UInt8(value / divisor % 10))
          divisor /= 10
        }
      }
      put(parts.year, digits: 4)
      put(UInt8(ascii: "-"))
      put(parts.month, digits: 2)
      put(UInt8(ascii: "-"))
      put(parts.day, digits: 2)
      put(UInt8(ascii: "T"))
      put(parts.hour, digits: 2)
      put(UInt8(ascii: ":"))
      put(parts.minute, digits: 2)
      put(UInt8(ascii: ":"))
      put(parts.second, digits: 2)
      if offset == 0 {
        put(UInt8(ascii: "Z"))
      } else {
        let minutes = abs(offset) / 60
        put(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        put(minutes / 60, digits: 2)
        put(UInt8(ascii: ":"))
        put(minutes % 60, digits: 2)
      }
      return count
    }
  }

  /// `2d 3h 15m` for a number of seconds.
  static func span(_ seconds: Int) -> String {
    var parts: [String] = []
    var rest = max(0, seconds)
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
      parts.append("\(rest / size)\(unit)")
      rest %= size
    }
    return parts.isEmpty ? "0s" : parts.joined(separator: " ")
  }

  private static func pad(_ value: Int?, _ width: Int = 2) -> String {
    let text = String(value ?? 0)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  private static func clean(_ text: String) -> String { TextRenderer.clean(text) }
}

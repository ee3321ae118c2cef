import Foundation
import LocatedYAML

/// Decodes the sections of a rollout plan after its phases: flags, steps, freezes, deploy
/// hours, comms, approvals, rule overrides, disabled rules and waivers.
struct PlanSections {
  static let flagKeys = ["key", "default", "kill_switch", "owner", "remove_by", "new"]
  static let stepKeys = ["name", "reversible", "backout", "validation"]
  static let freezeKeys = ["name", "from", "to", "calendar", "match", "rrule", "duration"]
  static let hoursKeys = ["days", "from", "to", "timezone"]
  static let commsKeys = ["audience", "channel", "when", "message"]
  static let approvalKeys = ["role", "by", "date", "step"]
  static let disableKeys = ExceptionDecoder.disableKeys
  static let waiverKeys = ExceptionDecoder.waiverKeys

  /// The plan's top-level fields.
  let fields: Fields
  /// The plan's zone, for dates without a time.
  let zone: TimeZone
  /// The zone as written.
  let zoneName: String
  /// The directory of the plan file: calendar paths are relative to it and stay inside it.
  var directory: String = "."
  var sink: DiagnosticSink { fields.sink }

  /// The mappings of a list-valued key as `Fields`, each named for messages as `label` plus the
  /// value of its `nameKey` when it has one (`feature flag 'checkout-v2'`), else `unnamed`.
  private func entries(
    _ key: String, _ label: String, nameKey: String, unnamed: String, known: [String]
  ) -> [(Fields, Node)] {
    (fields.sequence(key) ?? []).compactMap { node in
      let context = node[nameKey]?.scalar.map { "\(label) '\($0.text)'" } ?? unnamed
      return Fields(node, context: context, known: known, sink: sink).map { ($0, node) }
    }
  }

  func featureFlags() -> [FeatureFlag] {
    var flags: [FeatureFlag] = []
    for (entry, node) in entries(
      "feature_flags", "feature flag", nameKey: "key", unnamed: "a feature flag",
      known: Self.flagKeys)
    {
      guard let key = entry.string("key", required: true) else { continue }
      let context = entry.context
      var killSwitch = FeatureFlag.KillSwitch.none
      if let value = entry.value("kill_switch") {
        switch value.scalar?.value {
        case .bool(let on)?: killSwitch = on ? .itself : .none
        case .string(let name)? where !name.trimmingWhitespace().isEmpty: killSwitch = .named(name)
        default:
          sink.error(
            value.location,
            "'kill_switch' in \(context) must be true, false or the name of the switch, "
              + "not \(value.kindDescription)")
        }
      }
      let defaultValue = entry.value("default").flatMap { $0.scalar?.text }
      if let value = entry.value("default"), value.scalar == nil {
        sink.error(value.location, "'default' in \(context) must be a single value")
      }
      let owner = entry.string("owner", required: entry.has("owner"))
      let removeBy = entry.date("remove_by")
      let isNew = entry.bool("new") ?? true
      if flags.contains(where: { $0.key == key }) {
        sink.error(entry.location(of: "key"), "feature flag '\(key)' is listed twice")
        continue
      }
      flags.append(
        FeatureFlag(
          key: key, defaultValue: defaultValue, killSwitch: killSwitch, owner: owner,
          removeBy: removeBy, isNew: isNew, location: node.location))
    }
    return flags
  }

  /// The `migrations` steps, then the `cutover` steps.
  func steps() -> [MigrationStep] {
    var steps: [MigrationStep] = []
    for stage in [MigrationStep.Stage.migration, .cutover] {
      let key = stage == .migration ? "migrations" : "cutover"
      for (entry, node) in entries(
        key, "\(stage.rawValue) step", nameKey: "name", unnamed: "a \(stage.rawValue) step",
        known: Self.stepKeys)
      {
        guard let name = entry.string("name", required: true) else { continue }
        let reversible = entry.bool("reversible")
        if !entry.has("reversible")
          && !RolloutDecoder.misspelt(["reversible"], in: node, known: Self.stepKeys)
        {
          sink.error(
            node.location, "\(entry.context) does not say whether it is reversible",
            hint: "add 'reversible: true' or 'reversible: false'")
        }
        let backout = entry.string("backout", required: entry.has("backout"))
        let validation = entry.string("validation", required: entry.has("validation"))
        if steps.contains(where: { $0.name == name }) {
          sink.error(entry.location(of: "name"), "step name '\(name)' is used twice")
          continue
        }
        guard let reversible else { continue }
        steps.append(
          MigrationStep(
            name: name, stage: stage, reversible: reversible, backout: backout,
            validation: validation, location: node.location))
      }
    }
    return steps
  }

  /// The `freeze` entries: fixed windows, calendar files and recurring rules, expanded over
  /// `horizon` (see ``FreezeDecoder``).
  func freezes(start: Date?, horizon: FreezeHorizon?) -> [FreezeWindow] {
    var decoder = FreezeDecoder(sections: self, start: start, horizon: horizon)
    for (entry, node) in entries(
      "freeze", "freeze", nameKey: "name", unnamed: "a freeze window", known: Self.freezeKeys)
    {
      decoder.decode(entry, node)
    }
    return decoder.windows
  }

  /// A fixed freeze `{name, from, to}`.
  func fixedFreeze(_ entry: Fields, _ node: Node) -> FreezeWindow? {
    let name = entry.string("name", required: true)
    let from = instant(entry, "from", endOfDay: false, required: true)
    let to = instant(entry, "to", endOfDay: true, required: true)
    guard let name, let from, let to else { return nil }
    guard from.value.date < to.value.date else {
      sink.error(
        to.location,
        "freeze '\(name)' ends (\(to.value.text)) before it starts (\(from.value.text))")
      return nil
    }
    return FreezeWindow(name: name, from: from.value, to: to.value, location: node.location)
  }

  /// `deploy_hours`: one window, or a list of them.
  func deployHours() -> [DeployWindow] {
    guard let value = fields.value("deploy_hours") else { return [] }
    let nodes = value.sequence ?? [value]
    var windows: [DeployWindow] = []
    for node in nodes {
      guard let entry = Fields(node, context: "deploy_hours", known: Self.hoursKeys, sink: sink)
      else { continue }
      let days = weekdays(entry)
      let from = clock(entry, "from")
      let to = clock(entry, "to")
      var windowZone = zone
      var windowZoneName = zoneName
      if let name = entry.string("timezone", required: entry.has("timezone")) {
        guard let located = RolloutDecoder.timeZone(name, entry, "timezone") else { continue }
        windowZone = located.value
        windowZoneName = name
      }
      guard let days, let from, let to else { continue }
      guard from < to else {
        sink.error(
          entry.location(of: "to"),
          "deploy_hours close (\(PlanTime.clockText(to))) before they open "
            + "(\(PlanTime.clockText(from)))",
          hint: "a window over midnight is two windows in a list")
        continue
      }
      windows.append(
        DeployWindow(
          days: days, from: from, to: to, timeZone: windowZone, timeZoneName: windowZoneName,
          location: node.location))
    }
    return windows
  }

  private func weekdays(_ entry: Fields) -> [Weekday]? {
    guard let items = entry.strings("days", required: true) else { return nil }
    var days: [Weekday] = []
    for item in items {
      let bounds = item.value.split(separator: "-", maxSplits: 1).map {
        String($0).trimmingWhitespace()
      }
      let parsed = bounds.map { Weekday.parse($0) }
      guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
        let bad = zip(bounds, parsed).first { $0.1 == nil }?.0 ?? item.value
        let names = Weekday.allCases.map(\.name) + Weekday.allCases.map(\.fullName)
        sink.error(
          item.location,
          "'\(bad)' in 'days' of deploy_hours is not a day" + Suggestion.didYouMean(bad, in: names),
          hint: "days are mon, tue, wed, thu, fri, sat, sun, or a range such as mon-thu")
        return nil
      }
      let run = parsed.compactMap { $0 }
      for day in run.count == 2 ? run[0].through(run[1]) : run where !days.contains(day) {
        days.append(day)
      }
    }
    return days.sorted()
  }

  private func clock(_ entry: Fields, _ key: String) -> Int? {
    guard let text = entry.string(key, required: true) else { return nil }
    guard let minutes = PlanTime.clock(text) else {
      sink.error(
        entry.location(of: key),
        "'\(key)' in deploy_hours must be a time such as 09:00, not '\(text)'",
        hint: "write 24-hour HH:MM, quoted if you like: \(key): \"09:00\"")
      return nil
    }
    return minutes
  }

  func comms(start: Date?) -> [CommsItem] {
    var items: [CommsItem] = []
    for (entry, node) in entries(
      "comms", "comms entry", nameKey: "", unnamed: "a comms entry", known: Self.commsKeys)
    {
      let audience = entry.strings("audience", required: true)
      let channel = entry.string("channel", required: true)
      let when = entry.string("when", required: true)
      _ = entry.string("message")
      var offset: Int?
      if let when {
        switch (PlanTime.relative(when), DateValue.parse(when)) {
        case (.success(let relative), _):
          offset = relative
        case (.failure(.tooLong), _):
          sink.error(
            entry.location(of: "when"),
            "'when' in \(entry.context) is '\(when)', further from the start than 3650 days, "
              + "the furthest offset gonogo accepts", hint: "write at most T-3650d")
        case (_, .success(let absolute)) where !absolute.isDay:
          offset = start.map { Int(absolute.start.timeIntervalSince($0)) }
        case (_, .failure(.impossible(let reason))):
          sink.error(
            entry.location(of: "when"),
            "'when' in \(entry.context) is '\(when)', which does not exist: \(reason)")
        default:
          sink.error(
            entry.location(of: "when"),
            "'when' in \(entry.context) must be relative to the start, such as T-2d or T+1h, "
              + "or a date-time with a zone; not '\(when)'")
        }
      }
      guard let audience, let channel, let when, let offset else { continue }
      items.append(
        CommsItem(
          audience: audience.map(\.value), channel: channel, offset: offset, when: when,
          location: node.location))
    }
    return items
  }

  func approvals(steps: [String]) -> [Approval] {
    var approvals: [Approval] = []
    for (entry, node) in entries(
      "approvals", "the approval by", nameKey: "by", unnamed: "an approval",
      known: Self.approvalKeys)
    {
      let role = entry.string("role", required: true)
      let by = entry.string("by", required: true)
      let date = entry.date("date")
      var step: Located<String>?
      if let name = entry.string("step", required: entry.has("step")) {
        if steps.contains(name) {
          step = Located(name, at: entry.location(of: "step"))
        } else {
          sink.error(
            entry.location(of: "step"),
            "no migration or cutover step is named '\(name)'"
              + Suggestion.didYouMean(name, in: steps))
        }
      }
      guard let role, let by else { continue }
      approvals.append(
        Approval(role: role, by: by, date: date, step: step, location: node.location))
    }
    return approvals
  }

  /// A top-level date or date-time key as an instant in the plan's zone.
  func instant(_ key: String, endOfDay: Bool) -> Located<PlanInstant>? {
    instant(fields, key, endOfDay: endOfDay, required: false)
  }

  private func instant(_ entry: Fields, _ key: String, endOfDay: Bool, required: Bool)
    -> Located<PlanInstant>?
  {
    guard let value = entry.date(key, required: required),
      let date = PlanTime.instant(value, in: zone, endOfDay: endOfDay)
    else { return nil }
    return Located(
      PlanInstant(date: date, text: value.text, isDay: value.isDay), at: entry.location(of: key))
  }
}

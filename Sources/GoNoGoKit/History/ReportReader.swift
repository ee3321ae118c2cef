import Foundation

/// Reads gonogo JSON reports back: one versioned reader for diff and trend.
///
/// `gonogo.report/v1` is read at every `schema_version` 1.x (later minors only add fields, which
/// are optional here). Another schema id, or a major version other than 1, is refused with the
/// version named. The JSON is parsed by RapidJSON's SAX reader into a ``JSONTape`` (no tree;
/// duplicate keys, a NUL in a string, nesting deeper than ``JSONText/maxDepth`` and more than
/// ``maxValues`` values refused); only the fields the history needs are turned into Swift values.
/// JSON that cannot be read is located and worded by the evidence JSON reader.
public enum ReportReader {
  /// The schema id this reader understands.
  public static let schema = "gonogo.report/v1"
  /// The largest report read (a 10,000-gate program's report is a few tens of MiB).
  public static let maxBytes = 512 << 20
  /// The most JSON values read from one report (a 10,000-gate report holds about 600,000).
  public static let maxValues = 16_000_000

  private static let limits = JSONTape.Limits(
    maxDepth: JSONText.maxDepth, maxValues: maxValues, rejectDuplicateKeys: true, rejectNUL: true)

  /// Reads the report at `path` (a file on disk).
  /// With `detail` false, titles, locations, checks and finding messages are skipped (trend
  /// needs only statuses, severities, groups and RAID figures).
  public static func read(path: String, detail: Bool = true) -> Result<
    ReportSnapshot, HistoryError
  > {
    read(path: path, detail: detail, strings: nil)
  }

  /// Reads the report at `path`, sharing the strings of its gates with the reports `strings`
  /// read before it, in memory `buffers` keeps from report to report.
  static func read(
    path: String, detail: Bool, strings: ReportStrings?, buffers: JSONTape.Buffers? = nil
  ) -> Result<ReportSnapshot, HistoryError> {
    switch JSONTape.read(path: path, maxBytes: maxBytes, limits: limits, buffers: buffers) {
    case .success(let tape):
      return Decoder(source: path, detail: detail, tape: tape, strings: strings).snapshot()
    case .failure(let failure):
      switch failure.reason {
      case .unreadable(let message):
        // Foundation words why a file cannot be read as the rest of gonogo does.
        var reason = message
        do {
          let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
          defer { try? handle.close() }
          _ = try handle.read(upToCount: 1)
        } catch {
          reason = error.localizedDescription
        }
        return .failure(
          HistoryError(file: path, "cannot read the report: \(reason); check the path"))
      case .tooLarge:
        return .failure(
          HistoryError(file: path, "the report is larger than \(maxBytes >> 20) MiB; not read"))
      default:
        // The bytes were parsed in place: read them again to word the error.
        guard let data = FileManager.default.contents(atPath: path) else {
          return .failure(HistoryError(file: path, "cannot read the report; check the path"))
        }
        return .failure(syntaxError(data, failure, source: path))
      }
    }
  }

  /// Reads report bytes; `source` names them in messages.
  public static func read(_ data: Data, source: String, detail: Bool = true) -> Result<
    ReportSnapshot, HistoryError
  > {
    read(data, source: source, detail: detail, strings: nil)
  }

  /// Reads report bytes, sharing the strings of its gates with the reports `strings` read
  /// before it.
  static func read(_ data: Data, source: String, detail: Bool, strings: ReportStrings?)
    -> Result<ReportSnapshot, HistoryError>
  {
    guard data.count <= maxBytes else {
      return .failure(
        HistoryError(file: source, "the report is larger than \(maxBytes >> 20) MiB; not read"))
    }
    switch JSONTape.parse(data, limits: limits) {
    case .success(let tape):
      return Decoder(source: source, detail: detail, tape: tape, strings: strings).snapshot()
    case .failure(let failure): return .failure(syntaxError(data, failure, source: source))
    }
  }

  /// A located message for bytes the parser refused, worded by the evidence JSON reader (which
  /// refuses the same syntax, duplicate keys and depth); what it accepts is worded here.
  private static func syntaxError(_ data: Data, _ failure: JSONTape.Failure, source: String)
    -> HistoryError
  {
    if case .failure(let error) = JSONText.parse(data, file: source) {
      return HistoryError(
        file: source, line: error.line ?? 1, column: error.column ?? 1,
        "not a gonogo JSON report: \(error.message)")
    }
    let (line, column) = data.withUnsafeBytes {
      JSONTape.location(ofByte: failure.offset, in: $0)
    }
    return HistoryError(
      file: source, line: line, column: column,
      "not a gonogo JSON report: \(failure.describe(limits: limits))")
  }
}

/// Turns a report's tape into a ``ReportSnapshot``; every problem is a ``HistoryError``.
private struct Decoder {
  typealias Value = JSONTape.Value
  let source: String
  let detail: Bool
  let tape: JSONTape
  let strings: ReportStrings?

  func snapshot() -> Result<ReportSnapshot, HistoryError> {
    let root = tape.root
    guard tape.isObject(root) else {
      return .failure(fail("not a gonogo JSON report: the document is not a JSON object"))
    }
    var fields: (
      schema: Value?, version: Value?, now: Value?, verdict: Value?, gates: Value?,
      program: Value?, release: Value?, waivers: Value?, digests: Value?, rollout: Value?
    ) = (nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
    for (key, value) in tape.members(root) {
      if JSONTape.equal(key, "schema") {
        fields.schema = value
      } else if JSONTape.equal(key, "schema_version") {
        fields.version = value
      } else if JSONTape.equal(key, "now") {
        fields.now = value
      } else if JSONTape.equal(key, "verdict") {
        fields.verdict = value
      } else if JSONTape.equal(key, "gates") {
        fields.gates = value
      } else if JSONTape.equal(key, "program") {
        fields.program = value
      } else if JSONTape.equal(key, "release") {
        fields.release = value
      } else if JSONTape.equal(key, "waivers") {
        fields.waivers = value
      } else if JSONTape.equal(key, "evidence_files") {
        fields.digests = value
      } else if JSONTape.equal(key, "rollout") {
        fields.rollout = value
      }
    }
    guard let schema = string(fields.schema) else {
      return .failure(
        fail(
          "not a gonogo JSON report: it has no \"schema\" key; write reports with "
            + "'gonogo check --format json'"))
    }
    let version = string(fields.version) ?? "1.0"
    guard schema == ReportReader.schema else {
      return .failure(
        fail(
          "the report's schema is \(schema), which this gonogo cannot read (it reads "
            + "\(ReportReader.schema), versions 1.x); use the gonogo release that wrote it"))
    }
    guard version.split(separator: ".").first == "1" else {
      return .failure(
        fail(
          "the report's schema_version is \(version); this gonogo reads \(ReportReader.schema) "
            + "versions 1.x only; use the gonogo release that wrote it"))
    }
    guard let nowText = string(fields.now), let now = DateValue(parsing: nowText)?.start else {
      return .failure(fail("the report has no valid \"now\" (an ISO 8601 date-time)"))
    }
    guard let verdictText = string(fields.verdict), let verdict = Verdict(rawValue: verdictText)
    else {
      return .failure(fail("the report's \"verdict\" must be go, conditional-go or no-go"))
    }
    guard let gatesArray = fields.gates, tape.isArray(gatesArray) else {
      return .failure(fail("the report has no \"gates\" array"))
    }
    var gates: [GateSnapshot] = []
    gates.reserveCapacity(tape.count(gatesArray))
    for (index, gate) in tape.items(gatesArray).enumerated() {
      if let error = self.gate(gate, index: index, into: &gates) { return .failure(error) }
    }
    return .success(
      ReportSnapshot(
        source: source, schemaVersion: version, now: now, nowText: nowText,
        program: string(fields.program) ?? "", release: string(fields.release) ?? "",
        verdict: verdict, gates: gates, waivers: waivers(fields.waivers),
        evidenceDigests: digests(fields.digests), rollout: rollout(fields.rollout)))
  }

  /// Appends the gate's snapshot to `gates` (built in place: a gate returned by value is copied
  /// with all its strings); nil when it was read.
  private func gate(_ gate: Value, index: Int, into gates: inout [GateSnapshot]) -> HistoryError? {
    var fields: (
      id: Value?, status: Value?, findings: Value?, evidence: Value?, location: Value?,
      title: Value?, owner: Value?, severity: Value?, category: Value?, workstream: Value?,
      wouldBe: Value?, advisoryUntil: Value?
    ) = (nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
    for (key, value) in tape.members(gate) {
      switch key.count {
      case 2: if JSONTape.equal(key, "id") { fields.id = value }
      case 5:
        if JSONTape.equal(key, "title") {
          fields.title = value
        } else if JSONTape.equal(key, "owner") {
          fields.owner = value
        }
      case 6: if JSONTape.equal(key, "status") { fields.status = value }
      case 8:
        if JSONTape.equal(key, "findings") {
          fields.findings = value
        } else if JSONTape.equal(key, "severity") {
          fields.severity = value
        } else if JSONTape.equal(key, "category") {
          fields.category = value
        } else if JSONTape.equal(key, "evidence") {
          fields.evidence = value
        } else if JSONTape.equal(key, "location") {
          fields.location = value
        } else if JSONTape.equal(key, "would_be") {
          fields.wouldBe = value
        }
      case 10: if JSONTape.equal(key, "workstream") { fields.workstream = value }
      case 14: if JSONTape.equal(key, "advisory_until") { fields.advisoryUntil = value }
      default: break
      }
    }
    guard tape.isObject(gate), let id = text(fields.id, .id, index),
      let statusBytes = fields.status.flatMap(tape.stringBytes)
    else {
      return fail("gate \(index + 1) of the report has no \"id\" or \"status\"")
    }
    guard let status = GateState(utf8: statusBytes) else {
      let statusText = String(decoding: statusBytes, as: UTF8.self)
      return fail(
        "gate \(id) has the status '\(statusText)', which this gonogo does not know; "
          + "use the gonogo release that wrote the report")
    }
    var kinds: [String] = []
    var findings: [FindingSnapshot] = []
    var raid: RAIDFigures?
    if let list = fields.findings {
      for finding in tape.items(list) where tape.isObject(finding) {
        var parts: (message: Value?, place: Value?, status: Value?, kind: Value?, measured: Value?) =
          (nil, nil, nil, nil, nil)
        for (key, value) in tape.members(finding) {
          if JSONTape.equal(key, "kind") {
            parts.kind = value
          } else if JSONTape.equal(key, "status") {
            parts.status = value
          } else if JSONTape.equal(key, "message") {
            parts.message = value
          } else if JSONTape.equal(key, "evidence_location") {
            parts.place = value
          } else if JSONTape.equal(key, "measured") {
            parts.measured = value
          }
        }
        if detail {
          var message = string(parts.message) ?? ""
          if let place = parts.place, tape.isObject(place), let file = tape.string(place, "file") {
            // Named where the message does not already say it all: `file:line: message`.
            if let line = tape.number(place, "line") {
              message = "\(file):\(Int(line)): \(message)"
            } else if !message.contains(file) {
              message = "\(file): \(message)"
            }
          }
          findings.append(FindingSnapshot(status: string(parts.status) ?? "", message: message))
        }
        if let kindBytes = parts.kind.flatMap(tape.stringBytes) {
          if detail {
            let kind = String(decoding: kindBytes, as: UTF8.self)
            if !kinds.contains(kind) { kinds.append(kind) }
          }
          if JSONTape.equal(kindBytes, "raid"), let measured = parts.measured,
            let open = tape.number(measured, "open_items")
          {
            let stalest = tape.number(measured, "stalest_age_days").map { Int($0) }
            raid = RAIDFigures(
              openItems: (raid?.openItems ?? 0) + Int(open),
              stalestAgeDays: [raid?.stalestAgeDays, stalest].compactMap { $0 }.max())
          }
        }
      }
    }
    var evidence: [String] = []
    if detail, let list = fields.evidence {
      for item in tape.items(list) {
        if let text = tape.string(item) { evidence.append(text) }
      }
    }
    var location = ""
    if detail, let object = fields.location, tape.isObject(object) {
      location =
        "\(tape.string(object, "file") ?? ""):\(Int(tape.number(object, "line") ?? 0)):"
        + "\(Int(tape.number(object, "column") ?? 0))"
    }
    gates.append(
      GateSnapshot(
        id: id, title: detail ? string(fields.title) ?? "" : "",
        owner: detail ? string(fields.owner) ?? "" : "",
        severity: text(fields.severity, .severity, index) ?? "major",
        category: text(fields.category, .category, index),
        workstream: text(fields.workstream, .workstream, index), status: status,
        wouldBe: string(fields.wouldBe).flatMap(GateState.init(rawValue:)),
        advisoryUntil: string(fields.advisoryUntil), location: location,
        check: detail ? (kinds + ["|"] + evidence).joined(separator: " ") : "",
        findings: findings, raid: raid))
    return nil
  }

  private func waivers(_ list: Value?) -> [WaiverSnapshot] {
    guard let list, tape.isArray(list) else { return [] }
    return tape.items(list).compactMap { item in
      guard tape.isObject(item), let gate = tape.string(item, "gate") else { return nil }
      return WaiverSnapshot(
        gate: gate, state: tape.string(item, "state") ?? "", expires: tape.string(item, "expires"),
        approvedBy: tape.string(item, "approved_by"), reason: tape.string(item, "reason") ?? "")
    }
  }

  private func digests(_ list: Value?) -> [String: String]? {
    guard let list, tape.isArray(list) else { return nil }
    var result: [String: String] = [:]
    for item in tape.items(list) {
      guard tape.isObject(item), let path = tape.string(item, "path"),
        let digest = tape.string(item, "sha256")
      else { continue }
      result[path] = digest
    }
    return result
  }

  private func rollout(_ list: Value?) -> [PlanForecast] {
    guard let list, tape.isArray(list) else { return [] }
    return tape.items(list).enumerated().compactMap { index, plan in
      guard tape.isObject(plan) else { return nil }
      var phases: [(name: String, start: Date?, text: String?)] = []
      if let items = tape.member(plan, "phases") {
        for (position, phase) in tape.items(items).enumerated() where tape.isObject(phase) {
          let text = tape.string(phase, "start")
          phases.append(
            (
              name: tape.string(phase, "name") ?? "phase \(position + 1)",
              start: text.flatMap { DateValue(parsing: $0)?.start }, text: text
            ))
        }
      }
      let service =
        tape.string(plan, "service") ?? tape.string(plan, "file") ?? "plan \(index + 1)"
      return PlanForecast(service: service, phases: phases)
    }
  }

  // MARK: Values

  private func string(_ value: Value?) -> String? { value.flatMap(tape.string) }

  /// A gate's string `field`, shared with the previous report's gate at `index` when it is the
  /// same.
  private func text(_ value: Value?, _ field: ReportStrings.Field, _ index: Int) -> String? {
    guard let value, let bytes = tape.stringBytes(value) else { return nil }
    guard let strings else { return String(decoding: bytes, as: UTF8.self) }
    return strings.string(bytes, field, at: index)
  }

  private func fail(_ message: String) -> HistoryError {
    HistoryError(file: source, message)
  }
}

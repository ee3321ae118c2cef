internal import CJansson
import Foundation

/// Reads gonogo JSON reports back: one versioned reader for diff and trend.
///
/// `gonogo.report/v1` is read at every `schema_version` 1.x (later minors only add fields, which
/// are optional here). Another schema id, or a major version other than 1, is refused with the
/// version named. The JSON is parsed by jansson (duplicate keys refused); only the fields the
/// history needs are turned into Swift values.
public enum ReportReader {
  /// The schema id this reader understands.
  public static let schema = "gonogo.report/v1"
  /// The largest report read (a 10,000-gate program's report is a few tens of MiB).
  public static let maxBytes = 512 << 20

  /// Reads the report at `path` (a file on disk).
  /// With `detail` false, titles, locations, checks and finding messages are skipped (trend
  /// needs only statuses, severities, groups and RAID figures).
  public static func read(path: String, detail: Bool = true) -> Result<
    ReportSnapshot, HistoryError
  > {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      data = try handle.read(upToCount: maxBytes + 1) ?? Data()
    } catch {
      return .failure(
        HistoryError(
          file: path, "cannot read the report: \(error.localizedDescription); check the path"))
    }
    guard data.count <= maxBytes else {
      return .failure(
        HistoryError(file: path, "the report is larger than \(maxBytes >> 20) MiB; not read"))
    }
    return read(data, source: path, detail: detail)
  }

  /// Reads report bytes; `source` names them in messages.
  public static func read(_ data: Data, source: String, detail: Bool = true) -> Result<
    ReportSnapshot, HistoryError
  > {
    let parsed: OpaquePointer? = data.withUnsafeBytes { raw -> OpaquePointer? in
      guard let base = raw.baseAddress, raw.count > 0 else { return nil }
      var error = json_error_t()
      let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL)
      return json_loadb(base.assumingMemoryBound(to: CChar.self), raw.count, flags, &error)
        .map(OpaquePointer.init)
    }
    guard let parsed else { return .failure(syntaxError(data, source: source)) }
    let root = UnsafeMutablePointer<json_t>(parsed)
    defer { json_decref(root) }
    return Decoder(source: source, detail: detail).snapshot(root)
  }

  /// A located message for bytes jansson refused, worded by the evidence JSON reader.
  private static func syntaxError(_ data: Data, source: String) -> HistoryError {
    if case .failure(let error) = JSONText.parse(data, file: source) {
      return HistoryError(
        file: source, line: error.line ?? 1, column: error.column ?? 1,
        "not a gonogo JSON report: \(error.message)")
    }
    return HistoryError(file: source, "not a gonogo JSON report: the JSON cannot be read")
  }
}

/// Turns a jansson tree into a ``ReportSnapshot``; every problem is a ``HistoryError``.
private struct Decoder {
  let source: String
  let detail: Bool

  func snapshot(_ root: UnsafeMutablePointer<json_t>) -> Result<ReportSnapshot, HistoryError> {
    guard root.pointee.type == JSON_OBJECT else {
      return .failure(fail("not a gonogo JSON report: the document is not a JSON object"))
    }
    guard let schema = string(root, "schema") else {
      return .failure(
        fail(
          "not a gonogo JSON report: it has no \"schema\" key; write reports with "
            + "'gonogo check --format json'"))
    }
    let version = string(root, "schema_version") ?? "1.0"
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
    guard let nowText = string(root, "now"), let now = DateValue(parsing: nowText)?.start else {
      return .failure(fail("the report has no valid \"now\" (an ISO 8601 date-time)"))
    }
    guard let verdictText = string(root, "verdict"), let verdict = Verdict(rawValue: verdictText)
    else {
      return .failure(fail("the report's \"verdict\" must be go, conditional-go or no-go"))
    }
    guard let gatesArray = json_object_get(root, "gates"), gatesArray.pointee.type == JSON_ARRAY
    else {
      return .failure(fail("the report has no \"gates\" array"))
    }
    var gates: [GateSnapshot] = []
    let count = json_array_size(gatesArray)
    gates.reserveCapacity(count)
    for index in 0..<count {
      guard let gate = json_array_get(gatesArray, index) else { continue }
      switch self.gate(gate, index: index) {
      case .success(let value): gates.append(value)
      case .failure(let error): return .failure(error)
      }
    }
    return .success(
      ReportSnapshot(
        source: source, schemaVersion: version, now: now, nowText: nowText,
        program: string(root, "program") ?? "", release: string(root, "release") ?? "",
        verdict: verdict, gates: gates, waivers: waivers(root), evidenceDigests: digests(root),
        rollout: rollout(root)))
  }

  private func gate(_ gate: UnsafeMutablePointer<json_t>, index: Int) -> Result<
    GateSnapshot, HistoryError
  > {
    guard gate.pointee.type == JSON_OBJECT, let id = string(gate, "id"),
      let statusText = string(gate, "status")
    else {
      return .failure(fail("gate \(index + 1) of the report has no \"id\" or \"status\""))
    }
    guard let status = GateState(rawValue: statusText) else {
      return .failure(
        fail(
          "gate \(id) has the status '\(statusText)', which this gonogo does not know; "
            + "use the gonogo release that wrote the report"))
    }
    var kinds: [String] = []
    var findings: [FindingSnapshot] = []
    var raid: RAIDFigures?
    if let list = json_object_get(gate, "findings"), list.pointee.type == JSON_ARRAY {
      for index in 0..<json_array_size(list) {
        guard let finding = json_array_get(list, index), finding.pointee.type == JSON_OBJECT
        else { continue }
        if detail {
          var message = string(finding, "message") ?? ""
          if let place = json_object_get(finding, "evidence_location"),
            place.pointee.type == JSON_OBJECT, let file = string(place, "file")
          {
            // Named where the message does not already say it all: `file:line: message`.
            if let line = number(place, "line") {
              message = "\(file):\(Int(line)): \(message)"
            } else if !message.contains(file) {
              message = "\(file): \(message)"
            }
          }
          findings.append(
            FindingSnapshot(status: string(finding, "status") ?? "", message: message))
        }
        if let kind = string(finding, "kind") {
          if !kinds.contains(kind) { kinds.append(kind) }
          if kind == "raid", let measured = json_object_get(finding, "measured"),
            let open = number(measured, "open_items"),
            let stalest = number(measured, "stalest_age_days")
          {
            raid = RAIDFigures(openItems: Int(open), stalestAgeDays: Int(stalest))
          }
        }
      }
    }
    var evidence: [String] = []
    if detail, let list = json_object_get(gate, "evidence"), list.pointee.type == JSON_ARRAY {
      for index in 0..<json_array_size(list) {
        if let item = json_array_get(list, index), let text = stringValue(item) {
          evidence.append(text)
        }
      }
    }
    var location = ""
    if detail, let object = json_object_get(gate, "location"), object.pointee.type == JSON_OBJECT
    {
      location =
        "\(string(object, "file") ?? ""):\(Int(number(object, "line") ?? 0)):"
        + "\(Int(number(object, "column") ?? 0))"
    }
    return .success(
      GateSnapshot(
        id: id, title: detail ? string(gate, "title") ?? "" : "",
        owner: detail ? string(gate, "owner") ?? "" : "",
        severity: string(gate, "severity") ?? "major", category: string(gate, "category"),
        workstream: string(gate, "workstream"), status: status,
        wouldBe: string(gate, "would_be").flatMap(GateState.init(rawValue:)),
        advisoryUntil: string(gate, "advisory_until"), location: location,
        check: (kinds + ["|"] + evidence).joined(separator: " "), findings: findings, raid: raid))
  }

  private func waivers(_ root: UnsafeMutablePointer<json_t>) -> [WaiverSnapshot] {
    guard let list = json_object_get(root, "waivers"), list.pointee.type == JSON_ARRAY else {
      return []
    }
    return (0..<json_array_size(list)).compactMap { index in
      guard let item = json_array_get(list, index), item.pointee.type == JSON_OBJECT,
        let gate = string(item, "gate")
      else { return nil }
      return WaiverSnapshot(
        gate: gate, state: string(item, "state") ?? "", expires: string(item, "expires"),
        approvedBy: string(item, "approved_by"), reason: string(item, "reason") ?? "")
    }
  }

  private func digests(_ root: UnsafeMutablePointer<json_t>) -> [String: String]? {
    guard let list = json_object_get(root, "evidence_files"), list.pointee.type == JSON_ARRAY
    else { return nil }
    var result: [String: String] = [:]
    for index in 0..<json_array_size(list) {
      guard let item = json_array_get(list, index), item.pointee.type == JSON_OBJECT,
        let path = string(item, "path"), let digest = string(item, "sha256")
      else { continue }
      result[path] = digest
    }
    return result
  }

  private func rollout(_ root: UnsafeMutablePointer<json_t>) -> [PlanForecast] {
    guard let list = json_object_get(root, "rollout"), list.pointee.type == JSON_ARRAY else {
      return []
    }
    return (0..<json_array_size(list)).compactMap { index in
      guard let plan = json_array_get(list, index), plan.pointee.type == JSON_OBJECT else {
        return nil
      }
      var phases: [(name: String, start: Date?, text: String?)] = []
      if let items = json_object_get(plan, "phases"), items.pointee.type == JSON_ARRAY {
        for position in 0..<json_array_size(items) {
          guard let phase = json_array_get(items, position), phase.pointee.type == JSON_OBJECT
          else { continue }
          let text = string(phase, "start")
          phases.append(
            (
              name: string(phase, "name") ?? "phase \(position + 1)",
              start: text.flatMap { DateValue(parsing: $0)?.start }, text: text
            ))
        }
      }
      let service = string(plan, "service") ?? string(plan, "file") ?? "plan \(index + 1)"
      return PlanForecast(service: service, phases: phases)
    }
  }

  // MARK: Values

  private func string(_ object: UnsafeMutablePointer<json_t>, _ key: String) -> String? {
    guard let value = json_object_get(object, key) else { return nil }
    return stringValue(value)
  }

  private func stringValue(_ value: UnsafeMutablePointer<json_t>) -> String? {
    guard value.pointee.type == JSON_STRING, let start = json_string_value(value) else {
      return nil
    }
    return String(
      decoding: UnsafeRawBufferPointer(start: start, count: json_string_length(value)),
      as: UTF8.self)
  }

  private func number(_ object: UnsafeMutablePointer<json_t>, _ key: String) -> Double? {
    guard let value = json_object_get(object, key) else { return nil }
    switch value.pointee.type {
    case JSON_REAL: return json_real_value(value)
    case JSON_INTEGER: return Double(json_integer_value(value))
    default: return nil
    }
  }

  private func fail(_ message: String) -> HistoryError {
    HistoryError(file: source, message)
  }
}

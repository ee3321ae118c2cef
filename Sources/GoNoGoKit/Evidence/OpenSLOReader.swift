import Foundation
import LocatedYAML

/// The service level objectives of one file.
public struct SLOFile: Sendable, Equatable {
  /// The SLOs, in file order.
  public var objectives: [ServiceLevelObjective]
}

/// One SLO: a service, its targets and the windows they are measured over.
public struct ServiceLevelObjective: Sendable, Equatable {
  /// The format the SLO was written in.
  public enum Source: String, Sendable, Equatable {
    case openSLO = "OpenSLO"
    case sloth = "Sloth"
  }

  /// One objective's target.
  public struct Target: Sendable, Equatable {
    /// The objective's display name, when it has one.
    public var name: String?
    /// The target as a fraction (0.999).
    public var fraction: Double
    /// Where it is written.
    public var line: Int
  }

  /// A time window.
  public struct Window: Sendable, Equatable {
    /// As written (`28d`, `1M`).
    public var duration: String
    /// Nominal length in seconds (a month counts 30 days, a quarter 90, a year 365).
    public var seconds: Int
    /// Rolling, or aligned to the calendar.
    public var isRolling: Bool
  }

  /// `metadata.name` (OpenSLO) or `slos[].name` (Sloth).
  public var name: String
  /// `spec.service`.
  public var service: String
  /// The objectives' targets.
  public var targets: [Target]
  /// The time windows.
  public var windows: [Window]
  /// The format.
  public var source: Source
  /// Where the SLO starts.
  public var line: Int
}

/// Reads OpenSLO v1 `SLO` objects and Sloth `prometheus/v1` specs.
///
/// A file may hold one object, a list, several YAML documents, or JSON. Other OpenSLO kinds and
/// other Kubernetes resources in the file are skipped; an SLO missing a required field is an
/// error for the whole file.
public enum OpenSLOReader: EvidenceReader {
  public static let format = "openslo"

  /// The window Sloth measures SLOs over unless run with another `--default-slo-period`.
  static let slothWindow = ServiceLevelObjective.Window(
    duration: "30d", seconds: 30 * 86_400, isRolling: true)

  public static func read(_ source: EvidenceSource) -> Result<SLOFile, EvidenceError> {
    let file = source.file.path
    return source.yamlDocuments(notValid: "YAML or JSON").flatMap { documents in
      var objectives: [ServiceLevelObjective] = []
      for document in documents where document.scalar?.value != .null {
        for object in document.sequence ?? [document] {
          switch read(object, file: file) {
          case .success(let found): objectives += found
          case .failure(let error): return .failure(error)
          }
        }
      }
      return .success(SLOFile(objectives: objectives))
    }
  }

  private static func read(_ object: Node, file: String) -> Result<
    [ServiceLevelObjective], EvidenceError
  > {
    let line = object.location.line
    guard object.mapping != nil else {
      return .failure(
        EvidenceError(
          "\(file) holds \(object.kindDescription) where an OpenSLO object was expected", line: line
        ))
    }
    if object["version"]?.scalar?.text == "prometheus/v1" { return sloth(object, file: file) }
    let apiVersion = object["apiVersion"]?.scalar?.text ?? ""
    let kind = object["kind"]?.scalar?.text ?? ""
    if apiVersion.hasPrefix("sloth.slok.dev/"), kind == "PrometheusServiceLevel",
      let spec = object["spec"]
    {
      return sloth(spec, file: file)
    }
    guard apiVersion.hasPrefix("openslo/") else {
      if !apiVersion.isEmpty && !kind.isEmpty { return .success([]) }  // another resource
      return .failure(
        EvidenceError(
          "the object on line \(line) of \(file) is not an OpenSLO object (no apiVersion)",
          line: line))
    }
    guard kind == "SLO" else { return .success([]) }
    if apiVersion == "openslo/v1alpha" {
      return header(object, file: file).flatMap(v1alpha).map { [$0] }
    }
    guard apiVersion == "openslo/v1" else {
      return .failure(
        EvidenceError(
          "the SLO on line \(line) of \(file) uses apiVersion \(apiVersion); only openslo/v1 and "
            + "openslo/v1alpha are read",
          line: line))
    }
    return header(object, file: file).flatMap(openSLO).map { [$0] }
  }

  /// The parts every SLO version shares: `metadata.name`, `spec` and `spec.service`.
  private struct Header {
    var name, file, service: String
    var line: Int
    var spec: Node

    /// An error about this SLO, at `node` when given, else at the SLO.
    func problem(_ what: String, _ node: Node? = nil) -> Result<
      ServiceLevelObjective, EvidenceError
    > {
      .failure(
        EvidenceError(
          "SLO \(name) in \(file) \(what)", line: node?.location.line ?? line,
          column: node?.location.column))
    }
  }

  private static func header(_ object: Node, file: String) -> Result<Header, EvidenceError> {
    let line = object.location.line
    guard let name = text(object["metadata"]?["name"]) else {
      return .failure(
        EvidenceError("the SLO on line \(line) of \(file) has no metadata.name", line: line))
    }
    guard let spec = object["spec"], spec.mapping != nil else {
      return .failure(EvidenceError("SLO \(name) in \(file) has no spec", line: line))
    }
    guard let service = text(spec["service"]) else {
      return .failure(
        EvidenceError(
          "SLO \(name) in \(file) has no spec.service", line: spec.location.line,
          column: spec.location.column))
    }
    return .success(Header(name: name, file: file, service: service, line: line, spec: spec))
  }

  private static func openSLO(_ header: Header) -> Result<ServiceLevelObjective, EvidenceError> {
    let (name, line, spec, service) = (header.name, header.line, header.spec, header.service)
    let problem = header.problem
    switch (spec["indicator"], spec["indicatorRef"]) {
    case (nil, nil): return problem("has neither indicator nor indicatorRef", spec)
    case (.some, .some): return problem("has both indicator and indicatorRef; use one", spec)
    default: break
    }
    guard let method = text(spec["budgetingMethod"]) else {
      return problem("has no budgetingMethod", spec)
    }
    guard ["Occurrences", "Timeslices", "RatioTimeslices"].contains(method) else {
      return problem(
        "has budgetingMethod '\(method)'; use Occurrences, Timeslices or RatioTimeslices",
        spec["budgetingMethod"])
    }
    // timeWindow is optional in v1; only max_window needs one.
    var windows: [ServiceLevelObjective.Window] = []
    if let list = spec["timeWindow"], list.scalar?.value != .null, list.sequence == nil {
      return problem("has a timeWindow that is not a list", list)
    }
    for node in spec["timeWindow"]?.sequence ?? [] {
      guard let duration = text(node["duration"]) else {
        return problem(
          "has a timeWindow without a duration such as 28d or 1M", node["duration"] ?? node)
      }
      guard let seconds = windowSeconds(duration) else {
        return problem(
          "has a timeWindow duration '\(duration)', which is not a whole number above 0 "
            + "followed by m, h, d, w, M, Q or Y (such as 28d or 1M)", node["duration"])
      }
      var rolling = false
      if let flag = node["isRolling"] {
        guard case .bool(let value)? = flag.scalar?.value else {
          return problem("has an isRolling that is not true or false", flag)
        }
        rolling = value
      }
      windows.append(.init(duration: duration, seconds: seconds, isRolling: rolling))
    }
    guard let objectiveNodes = spec["objectives"]?.sequence, !objectiveNodes.isEmpty else {
      return problem("has no objectives", spec)
    }
    var targets: [ServiceLevelObjective.Target] = []
    for node in objectiveNodes {
      let label = text(node["displayName"])
      switch (node["target"], node["targetPercent"]) {
      case (nil, nil):
        return problem("has an objective with neither target nor targetPercent", node)
      case (.some, .some):
        return problem("has an objective with both target and targetPercent", node)
      case (let target?, nil):
        guard let value = number(target), value > 0, value < 1 else {
          return problem(notFraction(target), target)
        }
        targets.append(.init(name: label, fraction: value, line: target.location.line))
      case (nil, let percent?):
        if case .string(let text)? = percent.scalar?.value {
          return problem(
            "has a targetPercent '\(text)' that is a string, not a number; write it unquoted, "
              + "between 0 and 100 (e.g. 99.9)", percent)
        }
        guard let value = number(percent), value > 0, value < 100 else {
          return problem(
            "has a targetPercent of \(written(percent)), which is not between 0 and 100 (e.g. "
              + "99.9)", percent)
        }
        targets.append(
          .init(
            name: label, fraction: fraction(percent: value, text: percent),
            line: percent.location.line))
      }
    }
    return .success(
      ServiceLevelObjective(
        name: name, service: service, targets: targets, windows: windows, source: .openSLO,
        line: line))
  }

  /// `openslo/v1alpha` (what Sloth reads): `spec.service`, `spec.objectives[].target` (a
  /// fraction), optional `spec.timeWindows[]` of `count` and `unit`; the indicator is written per
  /// objective and not judged.
  private static func v1alpha(_ header: Header) -> Result<ServiceLevelObjective, EvidenceError> {
    let (name, line, spec, service) = (header.name, header.line, header.spec, header.service)
    let problem = header.problem
    guard let objectiveNodes = spec["objectives"]?.sequence, !objectiveNodes.isEmpty else {
      return problem("has no objectives", spec)
    }
    var targets: [ServiceLevelObjective.Target] = []
    for node in objectiveNodes {
      guard let target = node["target"] else {
        return problem("has an objective without a target", node)
      }
      guard let value = number(target), value > 0, value < 1 else {
        return problem(notFraction(target), target)
      }
      targets.append(
        .init(name: text(node["displayName"]), fraction: value, line: target.location.line))
    }
    var windows: [ServiceLevelObjective.Window] = []
    for node in spec["timeWindows"]?.sequence ?? [] {
      guard let countNode = node["count"], let unitNode = node["unit"] else {
        return problem(
          "has a timeWindows entry without a count (a whole number above 0) and a unit (Second, "
            + "Minute, Hour, Day, Week, Month, Quarter or Year)", node)
      }
      guard case .int(let count)? = countNode.scalar?.value, count > 0, count < 1_000_000 else {
        return problem(
          "has a timeWindows count of \(written(countNode)), which is not a whole number above 0 "
            + "(e.g. 28)", countNode)
      }
      guard let unit = text(unitNode), let size = v1alphaUnits[unit] else {
        return problem(
          "has a timeWindows unit of \(written(unitNode)), which is not Second, Minute, Hour, "
            + "Day, Week, Month, Quarter or Year", unitNode)
      }
      var rolling = node["calendar"] == nil
      if case .bool(let value)? = node["isRolling"]?.scalar?.value { rolling = value }
      windows.append(
        .init(duration: "\(count)\(size.suffix)", seconds: count * size.seconds, isRolling: rolling)
      )
    }
    return .success(
      ServiceLevelObjective(
        name: name, service: service, targets: targets, windows: windows, source: .openSLO,
        line: line))
  }

  /// v1alpha window units, with the v1 shorthand suffix they are shown with.
  static let v1alphaUnits: [String: (suffix: String, seconds: Int)] = [
    "Second": ("s", 1), "Minute": ("m", 60), "Hour": ("h", 3_600), "Day": ("d", 86_400),
    "Week": ("w", 604_800), "Month": ("M", 30 * 86_400), "Quarter": ("Q", 90 * 86_400),
    "Year": ("Y", 365 * 86_400),
  ]

  private static func notFraction(_ target: Node) -> String {
    if case .string(let text)? = target.scalar?.value {
      return "has a target '\(text)' that is a string, not a number; write it unquoted, as a "
        + "fraction between 0 and 1 (e.g. 0.999)"
    }
    return
      "has a target of \(written(target)), which is not a fraction between 0 and 1 (e.g. 0.999)"
  }

  private static func written(_ node: Node) -> String {
    node.scalar?.text ?? node.kindDescription
  }

  private static func sloth(_ spec: Node, file: String) -> Result<
    [ServiceLevelObjective], EvidenceError
  > {
    let line = spec.location.line
    guard let service = text(spec["service"]) else {
      return .failure(
        EvidenceError("the Sloth spec on line \(line) of \(file) has no service", line: line))
    }
    guard let items = spec["slos"]?.sequence, !items.isEmpty else {
      return .failure(
        EvidenceError("the Sloth spec for \(service) in \(file) has no slos", line: line))
    }
    var objectives: [ServiceLevelObjective] = []
    for item in items {
      let at = item.location.line
      guard let name = text(item["name"]) else {
        return .failure(
          EvidenceError("the Sloth SLO on line \(at) of \(file) has no name", line: at))
      }
      guard let objective = item["objective"], let value = number(objective), value > 0, value < 100
      else {
        return .failure(
          EvidenceError(
            "Sloth SLO \(name) in \(file) has no objective between 0 and 100 (a percent, e.g. "
              + "99.9)",
            line: item["objective"]?.location.line ?? at))
      }
      objectives.append(
        ServiceLevelObjective(
          name: name, service: service,
          targets: [
            .init(
              name: nil, fraction: fraction(percent: value, text: objective),
              line: objective.location.line)
          ],
          windows: [slothWindow], source: .sloth, line: at))
    }
    return .success(objectives)
  }

  private static func text(_ node: Node?) -> String? {
    guard let scalar = node?.scalar, scalar.value != .null else { return nil }
    let text = scalar.text.trimmingWhitespace()
    return text.isEmpty ? nil : text
  }

  private static func number(_ node: Node) -> Double? {
    switch node.scalar?.value {
    case .int(let int)?: Double(int)
    case .float(let double)? where double.isFinite: double
    default: nil
    }
  }

  /// 99.9 → 0.999 exactly as a decimal would, so it compares equal to a written 0.999.
  private static func fraction(percent: Double, text node: Node) -> Double {
    if let text = node.scalar?.text, let exact = Decimal(string: text),
      let value = Double((exact / 100).description)
    {
      return value
    }
    return percent / 100
  }

  /// OpenSLO durations: a number and one of m, h, d, w, M (30 days), Q (90 days), Y (365 days).
  static func windowSeconds(_ text: String) -> Int? {
    let units: [Character: Int] = [
      "m": 60, "h": 3_600, "d": 86_400, "w": 604_800, "M": 30 * 86_400, "Q": 90 * 86_400,
      "Y": 365 * 86_400,
    ]
    guard let unit = text.last, let size = units[unit] else { return nil }
    let digits = text.dropLast()
    guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      let count = Int(digits), count > 0
    else { return nil }
    return count * size
  }
}

import Foundation
import LocatedYAML

/// A value read from JSON (a Foundation object) or from YAML (a node, which knows its line).
struct GrafanaItem {
  private let any: Any?
  private let node: Node?

  init(any: Any) {
    self.any = any
    node = nil
  }

  init(node: Node) {
    any = nil
    self.node = node
  }

  subscript(key: String) -> GrafanaItem? {
    if let node { return node[key].map(GrafanaItem.init(node:)) }
    return ((any as? [String: Any])?[key]).map(GrafanaItem.init(any:))
  }

  /// The line it starts on (YAML only).
  var line: Int? { node?.location.line }

  /// A string value (a YAML scalar that is not null).
  var string: String? {
    if let node {
      guard let scalar = node.scalar, scalar.value != .null else { return nil }
      return scalar.text
    }
    return any as? String
  }

  var isMapping: Bool { node.map { $0.mapping != nil } ?? (any is [String: Any]) }

  /// A mapping's keys: in source order for YAML, sorted for JSON (which has no order to keep).
  var keys: [String] {
    if let node { return node.mapping?.compactMap { $0.key.scalar?.text } ?? [] }
    return (any as? [String: Any])?.keys.sorted() ?? []
  }

  var items: [GrafanaItem]? {
    if let node { return node.sequence?.map(GrafanaItem.init(node:)) }
    return (any as? [Any])?.map(GrafanaItem.init(any:))
  }

  /// The value as Foundation objects, as JSONSerialization would give them.
  var foundation: Any { node.map(Self.foundation(of:)) ?? any ?? NSNull() }

  private static func foundation(of node: Node) -> Any {
    switch node.content {
    case .mapping(let pairs):
      var object: [String: Any] = [:]
      for pair in pairs { object[pair.key.scalar?.text ?? ""] = foundation(of: pair.value) }
      return object
    case .sequence(let items):
      return items.map(foundation(of:))
    case .scalar(let scalar):
      switch scalar.value {
      case .null: return NSNull()
      case .bool(let value): return value
      case .int(let value): return value
      case .float(let value): return value
      case .string(let value): return value
      }
    }
  }
}

/// Finds the dashboards in Kubernetes objects: grafana-operator `GrafanaDashboard`s, ConfigMaps
/// and lists of them; anything else is read as a dashboard model.
struct GrafanaObjects {
  let file: String
  /// Most bytes all embedded dashboard strings of the file may add up to: the file size limit.
  let limit: Int
  private var embedded = 0
  /// Kubernetes objects of other kinds met so far (a Service beside a dashboard ConfigMap in
  /// rendered manifests), each as its kind; skipped unless the file holds no dashboard at all.
  private(set) var foreign: [(kind: String, line: Int?)] = []

  /// grafana-operator sources of a dashboard that are not in the object itself.
  static let remoteSources = ["url", "gzipJson", "configMapRef", "grafanaCom", "jsonnet"]

  init(file: String, limit: Int) {
    self.file = file
    self.limit = limit
  }

  /// Reads `object`; an item of a typed list (`ConfigMapList`, `GrafanaDashboardList`) that
  /// does not repeat its `kind` and `apiVersion`, as the Kubernetes API writes them, takes the
  /// list's (`inherited`).
  mutating func read(_ object: GrafanaItem, inherited: (kind: String, apiVersion: String?)? = nil)
    -> Result<[GrafanaDashboard], EvidenceError>
  {
    let kind = object["kind"]?.string ?? inherited?.kind ?? ""
    let apiVersion = object["apiVersion"]?.string ?? inherited?.apiVersion
    let name = object["metadata"]?["name"]?.string
    let label = name.map { "\(kind) \($0)" } ?? kind
    let line = object.line
    switch kind {
    // grafana-operator v5 (`grafana.integreatly.org`) and v4 (`integreatly.org/v1alpha1`).
    case "GrafanaDashboard"
    where apiVersion.map { $0.hasPrefix("grafana.") || $0.hasPrefix("integreatly.org/") } ?? false:
      return operatorDashboard(object, label: label).map { [$0] }
    case "ConfigMap":
      return configMap(object, label: label)
    case "List", "ConfigMapList", "GrafanaDashboardList":
      let itemKind = kind == "List" ? nil : (String(kind.dropLast(4)), apiVersion)
      guard let items = object["items"]?.items, !items.isEmpty else {
        return .failure(
          EvidenceError("\(file) is a \(kind) with no items, so it holds no dashboard", line: line))
      }
      var dashboards: [GrafanaDashboard] = []
      for item in items {
        switch read(item, inherited: itemKind) {
        case .success(let found): dashboards += found
        case .failure(let error): return .failure(error)
        }
      }
      return .success(dashboards)
    default:
      let isModel =
        object["panels"] != nil || object["rows"] != nil
        || object["dashboard"] != nil || object["spec"] != nil
      let holdsModel =
        object["panels"] != nil || object["rows"] != nil || object["dashboard"] != nil
        || object["spec"]?["panels"] != nil || object["spec"]?["rows"] != nil
      if !kind.isEmpty, apiVersion != nil, !isModel || (kind != "Dashboard" && !holdsModel) {
        foreign.append((kind, line))
        return .success([])
      }
      guard let model = object.foundation as? [String: Any] else {
        return .failure(EvidenceError("\(file) is not a Grafana dashboard", line: line))
      }
      return GrafanaReader.model(model, file: file, origin: nil, line: line).map { [$0] }
    }
  }

  /// The dashboards found in a file, or an error when it held none but other objects.
  func finish(_ dashboards: [GrafanaDashboard]) -> Result<GrafanaDashboardFile, EvidenceError> {
    if dashboards.isEmpty, let first = foreign.first {
      return .failure(
        EvidenceError(
          "\(file) holds a \(first.kind), not a Grafana dashboard (a dashboard JSON model, a "
            + "GrafanaDashboard or a ConfigMap of dashboards)", line: first.line))
    }
    return .success(GrafanaDashboardFile(dashboards: dashboards))
  }

  private mutating func operatorDashboard(_ object: GrafanaItem, label: String)
    -> Result<GrafanaDashboard, EvidenceError>
  {
    guard let spec = object["spec"], spec.isMapping else {
      return .failure(EvidenceError("\(label) in \(file) has no spec", line: object.line))
    }
    if let json = spec["json"] {
      return embedded(json, origin: "\(label), spec.json", shape: .grafanaOperator)
    }
    if let model = spec["dashboard"] {
      guard let object = model.foundation as? [String: Any] else {
        return .failure(
          EvidenceError(
            "spec.dashboard of \(label) in \(file) is not a mapping (the dashboard model)",
            line: model.line))
      }
      return GrafanaReader.model(
        object, file: file, origin: "\(label), spec.dashboard", line: model.line
      ).map { Self.shaped($0, .grafanaOperator) }
    }
    if let source = Self.remoteSources.first(where: { spec[$0] != nil }) {
      return .failure(
        EvidenceError(
          "\(label) in \(file) takes its dashboard from spec.\(source), which is not read (no "
            + "network); put the dashboard JSON in spec.json or point the check at the JSON file",
          line: spec[source]?.line))
    }
    return .failure(
      EvidenceError(
        "\(label) in \(file) has neither spec.json nor spec.dashboard, so it holds no dashboard",
        line: spec.line))
  }

  private mutating func configMap(_ object: GrafanaItem, label: String)
    -> Result<[GrafanaDashboard], EvidenceError>
  {
    let data = object["data"]
    let keys = (data?.keys ?? []).filter { $0.lowercased().hasSuffix(".json") }
    guard let data, !keys.isEmpty else {
      return .failure(
        EvidenceError(
          "\(label) in \(file) has no data entry ending in .json, so it holds no dashboard",
          line: object.line))
    }
    var dashboards: [GrafanaDashboard] = []
    for key in keys {
      guard let value = data[key] else { continue }
      switch embedded(value, origin: "\(label), data[\(key)]", shape: .configMap) {
      case .success(let dashboard): dashboards.append(dashboard)
      case .failure(let error): return .failure(error)
      }
    }
    return .success(dashboards)
  }

  /// A dashboard model written as a JSON string inside the object.
  private mutating func embedded(
    _ value: GrafanaItem, origin: String, shape: GrafanaDashboard.Shape
  ) -> Result<GrafanaDashboard, EvidenceError> {
    let named = "\(origin) in \(file)"
    guard let text = value.string else {
      return .failure(
        EvidenceError("\(named) is not a string holding the dashboard JSON", line: value.line))
    }
    embedded += text.utf8.count
    guard embedded <= limit else {
      let place = origin.split(separator: ", ", maxSplits: 1).reversed().joined(separator: " of ")
      return .failure(
        EvidenceError(
          "the dashboards embedded in \(file) add up to more than \(limit) bytes, the limit for "
            + "a dashboard file (at \(place))", line: value.line))
    }
    let parsed: StructuredValue
    switch StructuredDataReader.parseJSON(text, file: named) {
    case .success(let value): parsed = value
    case .failure(let error): return .failure(EvidenceError(error.message, line: value.line))
    }
    guard let model = Self.foundation(parsed) as? [String: Any] else {
      return .failure(
        EvidenceError(
          "\(named) is not a Grafana dashboard: its JSON is not an object",
          line: value.line))
    }
    return GrafanaReader.model(model, file: file, origin: origin, line: value.line).map {
      Self.shaped($0, shape)
    }
  }

  private static func shaped(_ dashboard: GrafanaDashboard, _ shape: GrafanaDashboard.Shape)
    -> GrafanaDashboard
  {
    var dashboard = dashboard
    dashboard.shape = shape
    return dashboard
  }

  private static func foundation(_ value: StructuredValue) -> Any {
    switch value.content {
    case .null: return NSNull()
    case .bool(let bool): return bool
    case .int(let int): return int
    case .double(let double): return double
    case .string(let string): return string
    case .array(let items): return items.map(foundation)
    case .object(let members):
      var object: [String: Any] = [:]
      for member in members { object[member.key] = foundation(member.value) }
      return object
    }
  }
}

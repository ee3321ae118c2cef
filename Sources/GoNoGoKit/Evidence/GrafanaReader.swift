import Foundation

/// The dashboards of one file: one for a dashboard model, several for a ConfigMap of dashboards.
public struct GrafanaDashboardFile: Sendable, Equatable {
  /// The dashboards, in file order (a ConfigMap's entries by key).
  public var dashboards: [GrafanaDashboard]
}

/// A Grafana dashboard reduced to what readiness checks read: its panels, queries and names.
public struct GrafanaDashboard: Sendable, Equatable {
  /// How the file wraps the dashboard model.
  public enum Shape: String, Sendable, Equatable {
    /// The model itself, as in the JSON Model tab or a "share externally" export.
    case model
    /// `{"dashboard": …, "meta": …}` from the HTTP API.
    case httpAPI
    /// A Kubernetes-style resource with the model under `spec`.
    case kubernetes
    /// A grafana-operator `GrafanaDashboard` (`spec.json` or `spec.dashboard`).
    case grafanaOperator
    /// A ConfigMap `data` entry holding the model as a JSON string.
    case configMap
  }

  /// The dashboard's title, when it has one.
  public var title: String?
  /// How the model was wrapped.
  public var shape: Shape
  /// Every panel, rows included, in document order (a collapsed row's panels follow it).
  public var panels: [GrafanaPanel]
  /// The names a `${…}` or `$name` placeholder may refer to: `__inputs` and template variables.
  public var declaredNames: Set<String>
  /// The Kubernetes object and field the model was read from
  /// (`ConfigMap grafana-dashboards, data[checkout.json]`); nil for a plain dashboard file.
  public var origin: String? = nil
  /// Where the model (or the string holding it) starts, when known.
  public var line: Int? = nil

  /// The panels that show data (rows excluded).
  public var contentPanels: [GrafanaPanel] { panels.filter { !$0.isRow } }
}

/// One panel.
public struct GrafanaPanel: Sendable, Equatable {
  /// The panel id, when set.
  public var id: Int?
  /// The title (may be empty).
  public var title: String
  /// The visualization (`timeseries`, `stat`, `row`…).
  public var type: String
  /// The panel-level datasource.
  public var datasource: GrafanaDatasource?
  /// The queries.
  public var targets: [GrafanaTarget]
  /// True for a library panel reference, whose queries live outside the dashboard.
  public var isLibraryPanel: Bool

  /// True for a row.
  public var isRow: Bool { type == "row" }

  /// `panel 'Latency' (id 4)`, for messages.
  public var label: String {
    let kind = type.isEmpty ? "" : " \(type)"
    let name = title.isEmpty ? "untitled\(kind) panel" : "panel '\(title)'"
    return id.map { "\(name) (id \($0))" } ?? name
  }
}

/// A datasource reference: a legacy name or `{type, uid}`.
public struct GrafanaDatasource: Sendable, Equatable {
  /// The name or uid, as written (`${DS_PROMETHEUS}`, `P1809F7CD0C75ACF3`).
  public var reference: String

  /// True for Grafana's mixed datasource, which leaves the choice to each query.
  public var isMixed: Bool { reference == "-- Mixed --" }

  /// The variable a `${name}`, `${name:format}`, `$name` or `[[name]]` reference names.
  public var placeholder: String? {
    GrafanaDatasource.variable(in: reference)
  }

  static func variable(in text: String) -> String? {
    var name = Substring(text)
    if name.hasPrefix("${") && name.hasSuffix("}") {
      name = name.dropFirst(2).dropLast()
      if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
    } else if name.hasPrefix("[[") && name.hasSuffix("]]") {
      name = name.dropFirst(2).dropLast(2)
    } else if name.hasPrefix("$") {
      name = name.dropFirst()
    } else {
      return nil
    }
    return name.isEmpty ? nil : String(name)
  }
}

/// One query of a panel.
public struct GrafanaTarget: Sendable, Equatable {
  /// The query's letter (`A`), when set.
  public var refId: String?
  /// The query text: `expr`, `expression`, `query`, `rawSql` or `target`, whichever is set.
  public var query: String?
  /// The query's own datasource.
  public var datasource: GrafanaDatasource?
}

/// Reads Grafana dashboards, plain or packaged as Kubernetes objects.
///
/// Read: the JSON model itself, the HTTP API's `{"dashboard": …}` wrapper, a
/// Kubernetes-style resource with the model under `spec`, a grafana-operator `GrafanaDashboard`
/// (`spec.json` string or `spec.dashboard` object), or a `ConfigMap` whose `data` entries ending
/// in `.json` hold dashboards (also inside a `List`/`ConfigMapList`); Kubernetes objects may be
/// JSON or YAML (several documents allowed). Panels are read from `panels[]` (row panels with
/// collapsed `panels` inside) or the old `rows[].panels[]`.
public enum GrafanaReader: EvidenceReader {
  public static let format = "grafana-dashboard"

  /// Most panels one dashboard may hold.
  static let maxPanels = 10_000
  /// Deepest nesting of panels inside panels.
  static let maxDepth = 4

  public static func read(_ source: EvidenceSource) -> Result<GrafanaDashboardFile, EvidenceError> {
    let file = source.file.path
    return source.data().flatMap { data in
      if isYAML(data, file: file) { return readYAML(source) }
      let json: Any
      switch JSONText.parse(data, file: file) {
      case .success(let value): json = value
      case .failure(let error): return .failure(error)
      }
      guard json is [String: Any] else {
        return .failure(
          EvidenceError("\(file) is not a Grafana dashboard: its JSON is not an object"))
      }
      var reader = GrafanaObjects(file: file, limit: source.maxBytes)
      return reader.read(GrafanaItem(any: json)).flatMap { reader.finish($0) }
    }
  }

  /// YAML when the name says so, or when it does not say JSON and the text starts otherwise.
  private static func isYAML(_ data: Data, file: String) -> Bool {
    let name = file.lowercased()
    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return true }
    if name.hasSuffix(".json") { return false }
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
      return false
    }
    return first != UInt8(ascii: "{") && first != UInt8(ascii: "[")
  }

  private static func readYAML(_ source: EvidenceSource)
    -> Result<GrafanaDashboardFile, EvidenceError>
  {
    let file = source.file.path
    return source.yamlDocuments(notValid: "YAML").flatMap { documents in
      var reader = GrafanaObjects(file: file, limit: source.maxBytes)
      var dashboards: [GrafanaDashboard] = []
      for document in documents where document.scalar?.value != .null {
        guard document.mapping != nil else {
          return .failure(
            EvidenceError(
              "\(file) holds \(document.kindDescription) where a Grafana dashboard was expected",
              line: document.location.line))
        }
        switch reader.read(GrafanaItem(node: document)) {
        case .success(let found): dashboards += found
        case .failure(let error): return .failure(error)
        }
      }
      guard !dashboards.isEmpty || !reader.foreign.isEmpty else {
        return .failure(EvidenceError("\(file) holds no YAML document", line: 1))
      }
      return reader.finish(dashboards)
    }
  }

  /// The dashboard of one model object (already unwrapped from any Kubernetes object).
  static func model(_ object: [String: Any], file: String, origin: String?, line: Int?)
    -> Result<GrafanaDashboard, EvidenceError>
  {
    var model = object
    var shape = GrafanaDashboard.Shape.model
    if let wrapped = model["dashboard"] as? [String: Any] {
      model = wrapped
      shape = .httpAPI
    } else if let spec = model["spec"] as? [String: Any],
      model["apiVersion"] != nil || model["kind"] != nil
    {
      if spec["elements"] != nil {
        return .failure(
          EvidenceError(
            "\(file) uses Grafana's v2 dashboard schema (elements and layout), which is not "
              + "read; export the dashboard with the classic JSON model", line: line))
      }
      model = spec
      shape = .kubernetes
    }
    let named = origin.map { "\($0) in \(file)" } ?? file
    return dashboard(model, shape: shape, file: named).map {
      var dashboard = $0
      dashboard.origin = origin
      dashboard.line = line
      return dashboard
    }.mapError { EvidenceError($0.message, line: $0.line ?? line, column: $0.column) }
  }

  private static func dashboard(_ model: [String: Any], shape: GrafanaDashboard.Shape, file: String)
    -> Result<GrafanaDashboard, EvidenceError>
  {
    var names: Set<String> = []
    for input in model["__inputs"] as? [Any] ?? [] {
      if let name = (input as? [String: Any])?["name"] as? String { names.insert(name) }
    }
    for variable in (model["templating"] as? [String: Any])?["list"] as? [Any] ?? [] {
      if let name = (variable as? [String: Any])?["name"] as? String { names.insert(name) }
    }
    var panels: [GrafanaPanel] = []
    let hasPanels = model["panels"] != nil
    let hasRows = model["rows"] != nil
    guard hasPanels || hasRows else {
      return .failure(
        EvidenceError("\(file) is not a Grafana dashboard: it has neither 'panels' nor 'rows'"))
    }
    if hasPanels {
      guard let list = model["panels"] as? [Any] else {
        return .failure(EvidenceError("'panels' in \(file) is not a list"))
      }
      if let error = collect(list, depth: 0, into: &panels, file: file) { return .failure(error) }
    }
    if hasRows {
      guard let rows = model["rows"] as? [Any] else {
        return .failure(EvidenceError("'rows' in \(file) is not a list"))
      }
      for (index, row) in rows.enumerated() {
        guard let row = row as? [String: Any],
          let list = row["panels"] as? [Any] ?? (row["panels"] == nil ? [] : nil)
        else {
          return .failure(
            EvidenceError("row \(index + 1) of \(file) is not an object with a 'panels' list"))
        }
        if let error = collect(list, depth: 1, into: &panels, file: file) { return .failure(error) }
      }
    }
    return .success(
      GrafanaDashboard(
        title: model["title"] as? String, shape: shape, panels: panels, declaredNames: names))
  }

  private static func collect(
    _ list: [Any], depth: Int, into panels: inout [GrafanaPanel], file: String
  ) -> EvidenceError? {
    guard depth <= maxDepth else {
      return EvidenceError("\(file) nests panels more than \(maxDepth) levels deep")
    }
    for item in list {
      guard let object = item as? [String: Any] else {
        return EvidenceError("\(file) has a panel that is not a JSON object")
      }
      guard panels.count < maxPanels else {
        return EvidenceError("\(file) has more than \(maxPanels) panels")
      }
      var targets: [GrafanaTarget] = []
      for target in object["targets"] as? [Any] ?? [] {
        guard let target = target as? [String: Any] else { continue }
        let query = ["expr", "expression", "query", "rawSql", "target"].lazy
          .compactMap { target[$0] as? String }.first { !$0.trimmingWhitespace().isEmpty }
        targets.append(
          GrafanaTarget(
            refId: target["refId"] as? String, query: query,
            datasource: datasource(target["datasource"])))
      }
      panels.append(
        GrafanaPanel(
          id: object["id"] as? Int, title: object["title"] as? String ?? "",
          type: object["type"] as? String ?? "",
          datasource: datasource(object["datasource"]), targets: targets,
          isLibraryPanel: object["libraryPanel"] != nil))
      if let nested = object["panels"] as? [Any], !nested.isEmpty {
        if let error = collect(nested, depth: depth + 1, into: &panels, file: file) { return error }
      }
    }
    return nil
  }

  /// A legacy datasource name, or the `uid` (else `type`) of a datasource reference.
  private static func datasource(_ value: Any?) -> GrafanaDatasource? {
    if let name = value as? String, !name.trimmingWhitespace().isEmpty {
      return GrafanaDatasource(reference: name)
    }
    guard let object = value as? [String: Any] else { return nil }
    for key in ["uid", "type"] {
      if let text = object[key] as? String, !text.trimmingWhitespace().isEmpty {
        return GrafanaDatasource(reference: text)
      }
    }
    return nil
  }
}

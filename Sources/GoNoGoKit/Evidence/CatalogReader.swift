import Foundation
import LocatedYAML

/// The entities of a Backstage catalog file (`catalog-info.yaml`).
public struct CatalogFile: Sendable, Equatable {
  /// The entities, in file order.
  public var entities: [CatalogEntity]
}

/// One Backstage entity, reduced to what readiness checks read.
public struct CatalogEntity: Sendable, Equatable {
  /// A link from `metadata.links`.
  public struct Link: Sendable, Equatable {
    /// The address.
    public var url: String
    /// Its title, when given.
    public var title: String?
    /// Its type (`runbook`, `dashboard`…), when given.
    public var type: String?
    /// Where it is written.
    public var line: Int
  }

  /// The entity kind: `Component`, `API`, `System`….
  public var kind: String
  /// `metadata.name`.
  public var name: String
  /// `metadata.annotations`, non-empty values only.
  public var annotations: [String: Located<String>]
  /// `metadata.links`.
  public var links: [Link]
  /// `spec.owner`.
  public var owner: Located<String>?
  /// `spec.lifecycle`.
  public var lifecycle: Located<String>?
  /// `spec.type`.
  public var type: Located<String>?
  /// Where the entity starts.
  public var line: Int

  /// `Component checkout`, for messages.
  public var label: String { "\(kind) \(name)" }
}

/// Reads Backstage catalog files: one or several YAML documents, each an entity with
/// `apiVersion: backstage.io/…`, `kind` and `metadata.name`.
public enum CatalogReader: EvidenceReader {
  public static let format = "backstage-catalog"

  public static func read(_ source: EvidenceSource) -> Result<CatalogFile, EvidenceError> {
    let file = source.file.path
    return source.yamlDocuments().flatMap { documents in
      var entities: [CatalogEntity] = []
      for document in documents where document.scalar?.value != .null {
        switch entity(document, file: file) {
        case .success(let entity): entities.append(entity)
        case .failure(let error): return .failure(error)
        }
      }
      return .success(CatalogFile(entities: entities))
    }
  }

  private static func entity(_ node: Node, file: String) -> Result<CatalogEntity, EvidenceError> {
    let line = node.location.line
    func problem(_ message: String, _ at: Node? = nil) -> Result<CatalogEntity, EvidenceError> {
      .failure(EvidenceError(message, line: at?.location.line ?? line, column: at?.location.column))
    }
    guard node.mapping != nil else {
      return problem(
        "the document on line \(line) of \(file) is \(node.kindDescription), not a catalog entity")
    }
    guard let apiVersion = text(node["apiVersion"]), apiVersion.hasPrefix("backstage.io/") else {
      return problem(
        "the document on line \(line) of \(file) is not a Backstage entity (apiVersion "
          + "backstage.io/…)"
      )
    }
    guard let kind = text(node["kind"]) else {
      return problem("the entity on line \(line) of \(file) has no kind")
    }
    guard let metadata = node["metadata"], metadata.mapping != nil,
      let name = text(metadata["name"])
    else {
      return problem("the \(kind) on line \(line) of \(file) has no metadata.name")
    }
    var annotations: [String: Located<String>] = [:]
    if let map = metadata["annotations"], map.scalar?.value != .null {
      guard let pairs = map.mapping else {
        return problem("the annotations of \(kind) \(name) in \(file) must be a mapping", map)
      }
      for pair in pairs {
        let key = pair.key.scalar?.text ?? ""
        guard pair.value.scalar != nil else {
          return problem("annotation \(key) of \(kind) \(name) in \(file) must be text", pair.value)
        }
        if let text = text(pair.value) { annotations[key] = Located(text, at: pair.value.location) }
      }
    }
    var links: [CatalogEntity.Link] = []
    if let list = metadata["links"], list.scalar?.value != .null {
      guard let items = list.sequence else {
        return problem("the links of \(kind) \(name) in \(file) must be a list", list)
      }
      for item in items {
        guard item.mapping != nil, let url = text(item["url"]) else {
          return problem("a link of \(kind) \(name) in \(file) has no url", item)
        }
        links.append(
          CatalogEntity.Link(
            url: url, title: text(item["title"]), type: text(item["type"]), line: item.location.line
          ))
      }
    }
    let spec = node["spec"]
    func located(_ key: String) -> Located<String>? {
      guard let value = spec?[key], let text = text(value) else { return nil }
      return Located(text, at: value.location)
    }
    return .success(
      CatalogEntity(
        kind: kind, name: name, annotations: annotations, links: links, owner: located("owner"),
        lifecycle: located("lifecycle"), type: located("type"), line: line))
  }

  private static func text(_ node: Node?) -> String? {
    guard let scalar = node?.scalar, scalar.value != .null else { return nil }
    let text = scalar.text.trimmingWhitespace()
    return text.isEmpty ? nil : text
  }
}

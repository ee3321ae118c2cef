import Foundation

/// Metadata an SBOM can be required to carry, in each format's own terms.
public enum SBOMMetadata: String, CaseIterable, Sendable {
  /// What the SBOM describes: CycloneDX `metadata.component`, SPDX's described package.
  case component
  /// When it was made: CycloneDX `metadata.timestamp`, SPDX `creationInfo.created`.
  case timestamp
  /// What made it: CycloneDX `metadata.tools`, SPDX `Tool:` creators.
  case tools
  /// Who made it: CycloneDX `metadata.authors`, SPDX `Person:`/`Organization:` creators.
  case authors
  /// Who supplies the software: CycloneDX `metadata.supplier`, the described SPDX package's.
  case supplier
}

/// A software bill of materials: its format, subject, metadata and component count.
public struct SBOMDocument: Sendable, Equatable {
  /// The two JSON SBOM formats.
  public enum Format: String, Sendable, Equatable {
    /// CycloneDX JSON.
    case cycloneDX = "CycloneDX"
    /// SPDX 2.x JSON.
    case spdx = "SPDX"
  }

  /// The format.
  public var format: Format
  /// The spec version as written (`1.6`, `SPDX-2.3`).
  public var specVersion: String
  /// The software the SBOM describes (`checkout-api 2.4.0`), when named.
  public var subject: String?
  /// The creation time as written, when present.
  public var timestamp: String?
  /// The metadata present.
  public var metadata: Set<SBOMMetadata>
  /// Components (CycloneDX, nested ones included) or packages other than the described ones.
  public var componentCount: Int

  /// "CycloneDX 1.6", "SPDX 2.3".
  public var formatName: String {
    format == .spdx && specVersion.hasPrefix("SPDX-")
      ? "SPDX \(specVersion.dropFirst(5))" : "\(format.rawValue) \(specVersion)"
  }

  /// Where a piece of metadata lives in this format, for messages.
  public func field(_ metadata: SBOMMetadata) -> String {
    switch (format, metadata) {
    case (.cycloneDX, _): "metadata.\(metadata.rawValue)"
    case (.spdx, .component): "a described package (documentDescribes)"
    case (.spdx, .timestamp): "creationInfo.created"
    case (.spdx, .tools): "a 'Tool:' creator in creationInfo.creators"
    case (.spdx, .authors): "a 'Person:' or 'Organization:' creator in creationInfo.creators"
    case (.spdx, .supplier): "a supplier on the described package"
    }
  }
}

/// Reads CycloneDX JSON (any 1.x; `metadata.tools` as a 1.4 array or a 1.5+ object) and SPDX
/// 2.x JSON, told apart by `bomFormat` and `spdxVersion`.
public enum SBOMReader: EvidenceReader {
  public static let format = "sbom"

  static let expected = "a CycloneDX or SPDX JSON SBOM"
  /// Deepest nesting of CycloneDX components counted.
  static let maxComponentDepth = 64

  public static func read(_ source: EvidenceSource) -> Result<SBOMDocument, EvidenceError> {
    let path = source.file.path
    return SecurityJSON.read(source, expecting: expected).flatMap { json in
      guard json.object != nil else {
        return .failure(EvidenceError("\(path) holds \(json.kindDescription), not \(expected)"))
      }
      if let bomFormat = json["bomFormat"] {
        guard bomFormat.string == "CycloneDX" else {
          let shown = bomFormat.string.map { "'\($0)'" } ?? bomFormat.kindDescription
          return .failure(
            EvidenceError("\(path) has bomFormat \(shown); a CycloneDX SBOM says 'CycloneDX'"))
        }
        return cycloneDX(json, path: path)
      }
      if json["spdxVersion"] != nil { return spdx(json, path: path) }
      return .failure(
        EvidenceError("\(path) is JSON but not \(expected) (no bomFormat or spdxVersion)"))
    }
  }

  private static func cycloneDX(_ json: SecurityJSON, path: String)
    -> Result<SBOMDocument, EvidenceError>
  {
    guard let version = json["specVersion"]?.text, version.hasPrefix("1.") else {
      return .failure(EvidenceError("\(path) is a CycloneDX SBOM without a 1.x specVersion"))
    }
    let components: Int
    switch count(json["components"], at: "components", depth: 0, path: path) {
    case .failure(let error): return .failure(error)
    case .success(let value): components = value
    }
    let metadata = json["metadata"]
    var present: Set<SBOMMetadata> = []
    let component = metadata?["component"]
    if component?.object != nil { present.insert(.component) }
    if metadata?["timestamp"]?.text != nil { present.insert(.timestamp) }
    // Up to 1.4 tools is an array; from 1.5 an object {components, services} (arrays).
    switch metadata?["tools"] {
    case .array(let items)? where !items.isEmpty: present.insert(.tools)
    case .object?
    where !(metadata?["tools"]?["components"]?.array ?? []).isEmpty
      || !(metadata?["tools"]?["services"]?.array ?? []).isEmpty:
      present.insert(.tools)
    default: break
    }
    if !(metadata?["authors"]?.array ?? []).isEmpty { present.insert(.authors) }
    if let supplier = metadata?["supplier"],
      supplier["name"]?.text != nil || !(supplier["url"]?.array ?? []).isEmpty
    {
      present.insert(.supplier)
    }
    let subject = component.flatMap { component in
      component["name"]?.text.map { name in
        [name, component["version"]?.text].compactMap { $0 }.joined(separator: " ")
      }
    }
    return .success(
      SBOMDocument(
        format: .cycloneDX, specVersion: version, subject: subject,
        timestamp: metadata?["timestamp"]?.text, metadata: present, componentCount: components))
  }

  /// Components, counting nested `components` arrays, bounded in depth.
  private static func count(_ value: SecurityJSON?, at here: String, depth: Int, path: String)
    -> Result<Int, EvidenceError>
  {
    guard let value else { return .success(0) }
    guard let items = value.array else {
      return .failure(
        EvidenceError("\(path): \(here) must be an array, not \(value.kindDescription)"))
    }
    guard depth < maxComponentDepth else {
      return .failure(
        EvidenceError("\(path): components nest deeper than \(maxComponentDepth) levels"))
    }
    var total = 0
    for (index, item) in items.enumerated() {
      guard item.object != nil else {
        return .failure(
          EvidenceError("\(path): \(here)[\(index)] must be an object, not \(item.kindDescription)")
        )
      }
      switch count(
        item["components"], at: "\(here)[\(index)].components", depth: depth + 1, path: path)
      {
      case .failure(let error): return .failure(error)
      case .success(let nested): total += 1 + nested
      }
    }
    return .success(total)
  }

  private static func spdx(_ json: SecurityJSON, path: String) -> Result<
    SBOMDocument, EvidenceError
  > {
    guard let version = json["spdxVersion"]?.text, version.hasPrefix("SPDX-2.") else {
      let shown = json["spdxVersion"]?.string ?? "no readable version"
      return .failure(
        EvidenceError("\(path) is an SPDX document with \(shown); only SPDX 2.x JSON is supported"))
    }
    let packages = json["packages"]?.array ?? []
    if let value = json["packages"], value.array == nil {
      return .failure(
        EvidenceError("\(path): packages must be an array, not \(value.kindDescription)"))
    }
    var described = Set((json["documentDescribes"]?.array ?? []).compactMap(\.text))
    let documentID = json["SPDXID"]?.text ?? "SPDXRef-DOCUMENT"
    for relationship in json["relationships"]?.array ?? [] {
      if relationship["spdxElementId"]?.string == documentID,
        relationship["relationshipType"]?.string == "DESCRIBES",
        let target = relationship["relatedSpdxElement"]?.text
      {
        described.insert(target)
      }
    }
    let describedPackages = packages.filter { described.contains($0["SPDXID"]?.text ?? "") }
    let creators = (json["creationInfo"]?["creators"]?.array ?? []).compactMap(\.text)
    var present: Set<SBOMMetadata> = []
    if !describedPackages.isEmpty { present.insert(.component) }
    if json["creationInfo"]?["created"]?.text != nil { present.insert(.timestamp) }
    if creators.contains(where: { $0.hasPrefix("Tool:") }) { present.insert(.tools) }
    if creators.contains(where: { $0.hasPrefix("Person:") || $0.hasPrefix("Organization:") }) {
      present.insert(.authors)
    }
    if describedPackages.contains(where: {
      ($0["supplier"]?.text ?? "NOASSERTION") != "NOASSERTION"
    }) {
      present.insert(.supplier)
    }
    let subject = describedPackages.first.flatMap { package in
      package["name"]?.text.map { name in
        [name, package["versionInfo"]?.text].compactMap { $0 }.joined(separator: " ")
      }
    }
    return .success(
      SBOMDocument(
        format: .spdx, specVersion: version, subject: subject,
        timestamp: json["creationInfo"]?["created"]?.text, metadata: present,
        componentCount: packages.count - describedPackages.count))
  }
}

import Foundation

/// What a CycloneDX XML or SPDX tag-value SBOM says it describes: the same fields as their JSON
/// forms (`metadata.component` version, `bom-ref` and revision properties; the document
/// namespace and the described package's version).
extension DescribedReleaseReader {
  /// CycloneDX XML, read with libxml2's streaming reader up to the end of `<metadata>`.
  static func describeCycloneDXXML(_ source: EvidenceSource) -> Result<DescribedRelease, EvidenceError>
  {
    var result = DescribedRelease()
    var stack: [Int?] = []
    var capture: (field: String, property: String?)?
    var text: [UInt8] = []
    var propertyIndex = ["metadata": 0, "metadata.component": 0]
    do {
      let stream = try XMLStream(url: source.file.url, elements: xmlElements, attributes: xmlAttributes)
      while let node = try stream.next() {
        switch node {
        case .start(let token, let isEmpty):
          let path = stack + [token]
          if stack.isEmpty {
            guard token == XMLElement.bom.rawValue else { return .success(DescribedRelease()) }
            result.format = "CycloneDX"
          }
          let elements = path.map { $0.flatMap(XMLElement.init(rawValue:)) }
          if elements == [.bom, .metadata, .component] {
            stream.attribute("bom-ref") { value in
              let reference = value.string
              if let at = reference.lastIndex(of: "@") {
                classify(
                  String(reference[reference.index(after: at)...]),
                  field: "metadata.component.bom-ref", into: &result)
              }
            }
          } else if elements == [.bom, .metadata, .component, .version] {
            capture = ("metadata.component.version", nil)
          } else if let owner = propertyOwner(path) {
            var name = ""
            stream.attribute("name") { name = $0.string }
            let index = propertyIndex[owner, default: 0]
            propertyIndex[owner] = index + 1
            if revisionProperties.contains(name) {
              capture = ("\(owner).properties[\(index)] (\(name))", name)
            }
          }
          if isEmpty {
            capture = nil
          } else {
            stack.append(token)
            text.removeAll(keepingCapacity: true)
          }
        case .text:
          if capture != nil { stream.appendText(to: &text, limit: 512) }
        case .end(let token):
          if let (field, _) = capture {
            let value = String(decoding: text, as: UTF8.self)
              .trimmingCharacters(in: .whitespacesAndNewlines)
            classify(value, field: field, into: &result)
            capture = nil
          }
          _ = stack.popLast()
          // Nothing after the metadata names the release.
          if token == XMLElement.metadata.rawValue, stack.count == 1 { return .success(result) }
        case .other:
          continue
        }
      }
    } catch {
      return .failure(JUnitReader.xmlError(error, path: source.file.path))
    }
    return .success(result)
  }

  /// `metadata` or `metadata.component` when `path` is a `<property>` of theirs.
  private static func propertyOwner(_ path: [Int?]) -> String? {
    let tokens = path.map { $0.flatMap(XMLElement.init(rawValue:)) }
    switch tokens {
    case [.bom, .metadata, .properties, .property]: return "metadata"
    case [.bom, .metadata, .component, .properties, .property]: return "metadata.component"
    default: return nil
    }
  }

  private enum XMLElement: Int {
    case bom, metadata, component, version, properties, property
  }

  private static let xmlElements = XMLNames([
    "bom", "metadata", "component", "version", "properties", "property",
  ])
  private static let xmlAttributes = XMLNames(["bom-ref", "name"])

  /// SPDX 2 tag-value: `DocumentNamespace`, and the `PackageVersion` of each package the
  /// document describes (`Relationship: SPDXRef-DOCUMENT DESCRIBES …` or `DocumentDescribes`).
  static func describeSPDXTagValue(_ data: Data) -> DescribedRelease {
    var result = DescribedRelease()
    result.format = "SPDX"
    var described: Set<String> = []
    var versions: [(id: String, version: String, index: Int)] = []
    var package: String?
    var packageIndex = -1
    for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let tag = line[..<colon].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      switch tag {
      case "DocumentNamespace":
        let last = value.split(whereSeparator: { "/@-#".contains($0) }).last.map(String.init)
        if let last { classify(last, field: "DocumentNamespace", into: &result) }
      case "DocumentDescribes":
        for id in value.split(separator: ",") { described.insert(id.trimmingCharacters(in: .whitespaces)) }
      case "Relationship":
        let parts = value.split(separator: " ")
        if parts.count == 3, parts[0] == "SPDXRef-DOCUMENT", parts[1] == "DESCRIBES" {
          described.insert(String(parts[2]))
        }
      case "PackageName":
        package = nil
        packageIndex += 1
      case "SPDXID":
        if packageIndex >= 0, package == nil { package = value }
      case "PackageVersion":
        if let package { versions.append((package, value, packageIndex)) }
      default:
        continue
      }
    }
    for entry in versions where described.contains(entry.id) {
      classify(entry.version, field: "packages[\(entry.index)].PackageVersion", into: &result)
    }
    return result
  }
}

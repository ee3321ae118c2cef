import Foundation

/// SPDX 2.x JSON: `packages[]`, described through `documentDescribes` and `DESCRIBES` /
/// `DESCRIBED_BY` relationships of the document; counted by ``SBOMPackageCount``.
enum SPDXJSON {
  static func read(_ json: SecurityJSON, path: String) -> Result<SBOMDocument, EvidenceError> {
    guard let version = json["spdxVersion"]?.text, version.hasPrefix("SPDX-2.") else {
      let shown =
        json["spdxVersion"]?.string.map { "spdxVersion '\($0)'" } ?? "no readable spdxVersion"
      return .failure(
        EvidenceError("\(path) has \(shown); gonogo reads SPDX 2.x JSON and SPDX 3.0 JSON-LD"))
    }
    if let value = json["packages"], value.array == nil {
      return .failure(
        EvidenceError("\(path): packages must be an array, not \(value.kindDescription)"))
    }
    let listed = json["packages"]?.array ?? []
    if let index = listed.firstIndex(where: { $0.object == nil }) {
      return .failure(
        EvidenceError(
          "\(path): packages[\(index)] must be an object, not \(listed[index].kindDescription)"))
    }
    let packages = listed.map { package in
      SBOMPackage(
        id: package["SPDXID"]?.text ?? "", name: package["name"]?.text,
        version: package["versionInfo"]?.text,
        hasSupplier: (package["supplier"]?.text ?? "NOASSERTION") != "NOASSERTION")
    }
    var described = Set((json["documentDescribes"]?.array ?? []).compactMap(\.text))
    let documentID = json["SPDXID"]?.text ?? "SPDXRef-DOCUMENT"
    for relationship in json["relationships"]?.array ?? [] {
      let from = relationship["spdxElementId"]?.text
      let to = relationship["relatedSpdxElement"]?.text
      switch relationship["relationshipType"]?.string {
      case "DESCRIBES" where from == documentID: to.map { _ = described.insert($0) }
      case "DESCRIBED_BY" where to == documentID: from.map { _ = described.insert($0) }
      default: break
      }
    }
    let counted = SBOMPackageCount(packages, described: described)
    let creators = (json["creationInfo"]?["creators"]?.array ?? []).compactMap(\.text)
    var present: Set<SBOMMetadata> = []
    if counted.describesAPackage { present.insert(.component) }
    if json["creationInfo"]?["created"]?.text != nil { present.insert(.timestamp) }
    if creators.contains(where: { $0.hasPrefix("Tool:") }) { present.insert(.tools) }
    if creators.contains(where: { $0.hasPrefix("Person:") || $0.hasPrefix("Organization:") }) {
      present.insert(.authors)
    }
    if counted.describedHasSupplier { present.insert(.supplier) }
    return SBOMReader.checked(
      SBOMDocument(
        format: .spdx, encoding: .json, specVersion: version, subject: counted.subject,
        timestamp: json["creationInfo"]?["created"]?.text, metadata: present,
        componentCount: counted.count),
      path: path)
  }
}

/// SPDX 3.0 JSON-LD.
///
/// An `@context` of `https://spdx.org/rdf/3.0.x/spdx-context.jsonld` and the elements in
/// `@graph`. Packages are `software_Package` elements (and its subclasses
/// `ai_AIPackage`, `dataset_DatasetPackage`); the described ones are the `rootElement`s of the
/// `software_Sbom` elements (else of the `SpdxDocument`); counted by ``SBOMPackageCount``. The
/// creation time, tools and authors come from the `CreationInfo` of the `SpdxDocument` (else of
/// the first `software_Sbom`, else the only one in the graph).
enum SPDX3 {
  static let context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
  static let packageTypes: Set<String> = [
    "software_Package", "ai_AIPackage", "dataset_DatasetPackage",
  ]

  static func read(_ json: SecurityJSON, path: String) -> Result<SBOMDocument, EvidenceError> {
    let contexts = json["@context"]?.array ?? [json["@context"]].compactMap { $0 }
    let contextVersion = contexts.lazy.compactMap { version(of: $0.string) }.first
    guard let contextVersion else {
      return .failure(
        EvidenceError(
          "\(path) has an @context that is not SPDX 3.0's (\(context)); \(SBOMReader.supported)"))
    }
    guard let value = json["@graph"] else {
      return .failure(
        EvidenceError(
          "\(path) is SPDX 3.0 JSON-LD without an @graph array of elements; gonogo reads the "
            + "elements from @graph"))
    }
    guard let graph = value.array else {
      return .failure(
        EvidenceError("\(path): @graph must be an array, not \(value.kindDescription)"))
    }
    var packages: [SBOMPackage] = []
    var creationInfos: [String: SecurityJSON] = [:]
    var sbomRoots: [String] = []
    var documentRoots: [String] = []
    var documentInfo: SecurityJSON?
    var sbomInfo: SecurityJSON?
    for (index, element) in graph.enumerated() {
      guard element.object != nil else {
        return .failure(
          EvidenceError(
            "\(path): @graph[\(index)] must be an object, not \(element.kindDescription)"))
      }
      let type = element["type"]?.string ?? element["@type"]?.string ?? ""
      let id = element["spdxId"]?.text ?? element["@id"]?.text ?? ""
      let roots = (element["rootElement"]?.array ?? []).compactMap(\.text)
      switch type {
      case "CreationInfo":
        if !id.isEmpty { creationInfos[id] = element }
      case "SpdxDocument":
        documentRoots += roots
        if documentInfo == nil { documentInfo = element["creationInfo"] }
      case "software_Sbom":
        sbomRoots += roots
        if sbomInfo == nil { sbomInfo = element["creationInfo"] }
      case _ where packageTypes.contains(type):
        let supplier = element["suppliedBy"]
        packages.append(
          SBOMPackage(
            id: id, name: element["name"]?.text, version: element["software_packageVersion"]?.text,
            hasSupplier: supplier?.text != nil || !(supplier?.array ?? []).isEmpty))
      default:
        break
      }
    }
    let counted = SBOMPackageCount(
      packages, described: Set(sbomRoots.isEmpty ? documentRoots : sbomRoots))
    var info =
      documentInfo ?? sbomInfo ?? (creationInfos.count == 1 ? creationInfos.first?.value : nil)
    if let reference = info?.string { info = creationInfos[reference] }
    var present: Set<SBOMMetadata> = []
    if counted.describesAPackage { present.insert(.component) }
    if info?["created"]?.text != nil { present.insert(.timestamp) }
    if !(info?["createdUsing"]?.array ?? []).isEmpty { present.insert(.tools) }
    if !(info?["createdBy"]?.array ?? []).isEmpty { present.insert(.authors) }
    if counted.describedHasSupplier { present.insert(.supplier) }
    return SBOMReader.checked(
      SBOMDocument(
        format: .spdx, encoding: .jsonLD,
        specVersion: info?["specVersion"]?.text ?? contextVersion, subject: counted.subject,
        timestamp: info?["created"]?.text, metadata: present, componentCount: counted.count),
      path: path)
  }

  /// "3.0.1" for `https://spdx.org/rdf/3.0.1/spdx-context.jsonld`; nil for other contexts.
  private static func version(of context: String?) -> String? {
    let prefix = "https://spdx.org/rdf/", suffix = "/spdx-context.jsonld"
    guard let context, context.hasPrefix(prefix), context.hasSuffix(suffix),
      context.count > prefix.count + suffix.count
    else { return nil }
    let version = context.dropFirst(prefix.count).dropLast(suffix.count)
    return version == "3.0" || version.hasPrefix("3.0.") ? String(version) : nil
  }
}

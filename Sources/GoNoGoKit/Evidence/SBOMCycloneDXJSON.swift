import Foundation

/// CycloneDX JSON (any 1.x; `metadata.tools` as a 1.4 array or a 1.5+ object).
///
/// Counted: every object in `components`, and in each component's own `components`, at any depth
/// up to ``SBOMReader/maxComponentDepth``; not `metadata.component` (the subject), nor a listed
/// component whose `bom-ref` is the subject's, nor tools, services or pedigree components.
enum CycloneDXJSON {
  static func read(_ json: SecurityJSON, path: String) -> Result<SBOMDocument, EvidenceError> {
    guard let version = json["specVersion"]?.text, version.hasPrefix("1.") else {
      return .failure(EvidenceError("\(path) is a CycloneDX SBOM without a 1.x specVersion"))
    }
    let metadata = json["metadata"]
    let component = metadata?["component"]
    let subjectRef = component?["bom-ref"]?.text
    var counted = Counted()
    if let error = count(json["components"], at: "components", depth: 0, path: path, into: &counted)
    {
      return .failure(error)
    }
    var present: Set<SBOMMetadata> = []
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
    let repeated = subjectRef.map { counted.references[$0, default: 0] } ?? 0
    return SBOMReader.checked(
      SBOMDocument(
        format: .cycloneDX, encoding: .json, specVersion: version, subject: subject,
        timestamp: metadata?["timestamp"]?.text, metadata: present,
        componentCount: counted.total - repeated),
      path: path)
  }

  /// Components seen, and how often each `bom-ref` was.
  private struct Counted {
    var total = 0
    var references: [String: Int] = [:]
  }

  /// Counts components, nested `components` arrays included, bounded in depth.
  private static func count(
    _ value: SecurityJSON?, at here: String, depth: Int, path: String, into counted: inout Counted
  ) -> EvidenceError? {
    guard let value else { return nil }
    guard let items = value.array else {
      return EvidenceError("\(path): \(here) must be an array, not \(value.kindDescription)")
    }
    guard depth < SBOMReader.maxComponentDepth else {
      return EvidenceError(
        "\(path): components nest deeper than \(SBOMReader.maxComponentDepth) levels")
    }
    for (index, item) in items.enumerated() {
      guard item.object != nil else {
        return EvidenceError(
          "\(path): \(here)[\(index)] must be an object, not \(item.kindDescription)")
      }
      counted.total += 1
      if let reference = item["bom-ref"]?.text { counted.references[reference, default: 0] += 1 }
      if let error = count(
        item["components"], at: "\(here)[\(index)].components", depth: depth + 1, path: path,
        into: &counted)
      {
        return error
      }
    }
    return nil
  }
}

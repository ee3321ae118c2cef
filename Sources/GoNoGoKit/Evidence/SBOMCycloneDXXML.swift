import Foundation

/// CycloneDX XML 1.0–1.7, streamed through libxml2 (no DTD or external entity is loaded).
///
/// The root must be `<bom>` in the namespace `http://cyclonedx.org/schema/bom/1.N`, which names
/// the version. Counted like JSON: every `components/component` of the root, and of each counted
/// component, at any depth up to ``SBOMReader/maxComponentDepth``; not `metadata/component` (the
/// subject), nor a listed component whose `bom-ref` is the subject's, nor tools, services or
/// pedigree components. Elements of other namespaces (extensions) are skipped whole.
enum CycloneDXXML {
  /// The namespace of each CycloneDX XML version.
  static let namespacePrefix = "http://cyclonedx.org/schema/bom/"
  static let versions = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]

  static func read(_ source: EvidenceSource) -> Result<SBOMDocument, EvidenceError> {
    let path = source.file.path
    var scanner = CycloneDXXMLScanner(path: path)
    do {
      let stream = try XMLStream(
        url: source.file.url, elements: CycloneDXXMLScanner.elementNames,
        attributes: CycloneDXXMLScanner.attributeNames)
      try scanner.scan(stream)
    } catch {
      if error.isEmpty {
        return .failure(EvidenceError("\(path) is empty; \(SBOMReader.supported)"))
      }
      return .failure(JUnitReader.xmlError(error, path: path))
    }
    return scanner.result.flatMap { document in
      SBOMReader.checked(document, path: path, line: scanner.timestampLine)
    }
  }
}

/// Reads CycloneDX XML node by node, knowing for each open element what it is part of.
struct CycloneDXXMLScanner {
  enum Element: Int {
    case bom, metadata, timestamp, tools, tool, components, component, services, service
    case authors, author, supplier, name, version, url
  }

  static let elementNames = XMLNames([
    "bom", "metadata", "timestamp", "tools", "tool", "components", "component", "services",
    "service", "authors", "author", "supplier", "name", "version", "url",
  ])
  static let attributeNames = XMLNames(["bom-ref"])

  /// What an open element is, judged from its name and its parent's role.
  private enum Role: Equatable {
    case bom, metadata, tools, toolList, authors, supplier, subject, componentList
    case component
    /// Text kept: the timestamp, the subject's name and version, the supplier's name or url.
    case timestamp, subjectName, subjectVersion, supplierText
    case other
  }

  let path: String
  private var roles: [Role] = []
  private var namespace = ""
  private var version = ""
  private var present: Set<SBOMMetadata> = []
  private var total = 0
  private var references: [String: Int] = [:]
  private var subjectRef: String?
  private var subjectName: String?
  private var subjectVersion: String?
  private var timestamp: String?
  private var text: [UInt8] = []
  private var failure: EvidenceError?
  private(set) var timestampLine: Int?

  init(path: String) { self.path = path }

  /// The document read, or why the file is not a CycloneDX XML SBOM.
  var result: Result<SBOMDocument, EvidenceError> {
    if let failure { return .failure(failure) }
    let repeated = subjectRef.map { references[$0, default: 0] } ?? 0
    let subject = subjectName.map { [$0, subjectVersion].compactMap { $0 }.joined(separator: " ") }
    return .success(
      SBOMDocument(
        format: .cycloneDX, encoding: .xml, specVersion: version, subject: subject,
        timestamp: timestamp, metadata: present, componentCount: total - repeated))
  }

  mutating func scan(_ stream: XMLStream) throws(XMLStreamError) {
    var sawRoot = false
    while let node = try stream.next() {
      switch node {
      case .start(let token, let isEmpty):
        let element = token.flatMap(Element.init(rawValue:))
        if !sawRoot {
          sawRoot = true
          guard checkRoot(element, stream: stream) else { return }
          if !isEmpty { roles.append(.bom) }
          continue
        }
        let role = self.role(of: element, parent: roles.last ?? .other, stream: stream)
        if failure != nil { return }
        if isEmpty {
          finish(role)
        } else {
          roles.append(role)
        }
      case .end:
        if let role = roles.popLast() { finish(role) }
      case .text:
        switch roles.last {
        case .timestamp, .subjectName, .subjectVersion, .supplierText:
          stream.appendText(to: &text, limit: 4096)
        default: break
        }
      case .other:
        continue
      }
    }
    if !sawRoot {
      failure = EvidenceError("\(path) is XML without a root element; \(SBOMReader.supported)")
    }
  }

  private mutating func checkRoot(_ element: Element?, stream: XMLStream) -> Bool {
    guard element == .bom else {
      failure = EvidenceError(
        "\(path) is XML but its root element is <\(stream.name)>, not a CycloneDX <bom>; "
          + SBOMReader.supported, line: stream.line)
      return false
    }
    namespace = stream.namespace ?? ""
    let prefix = CycloneDXXML.namespacePrefix
    guard namespace.hasPrefix(prefix),
      CycloneDXXML.versions.contains(String(namespace.dropFirst(prefix.count)))
    else {
      let shown = namespace.isEmpty ? "in no namespace" : "in the namespace '\(namespace)'"
      let first = CycloneDXXML.versions.first ?? "", last = CycloneDXXML.versions.last ?? ""
      failure = EvidenceError(
        "\(path) has a <bom> root element \(shown), which is not CycloneDX \(first) to \(last) "
          + "(\(prefix)1.N)", line: stream.line)
      return false
    }
    version = String(namespace.dropFirst(prefix.count))
    return true
  }

  private mutating func role(of element: Element?, parent: Role, stream: XMLStream) -> Role {
    guard let element, parent != .other, stream.namespace == namespace else { return .other }
    switch (parent, element) {
    case (.bom, .metadata): return .metadata
    case (.bom, .components): return .componentList
    case (.metadata, .timestamp):
      timestampLine = stream.line
      return .timestamp
    case (.metadata, .tools): return .tools
    case (.metadata, .authors): return .authors
    case (.metadata, .supplier): return .supplier
    case (.metadata, .component):
      present.insert(.component)
      stream.attribute("bom-ref") { subjectRef = $0.string }
      return .subject
    case (.tools, .tool):
      present.insert(.tools)
      return .other
    case (.tools, .components), (.tools, .services): return .toolList
    case (.toolList, .component), (.toolList, .service):
      present.insert(.tools)
      return .other
    case (.authors, .author):
      present.insert(.authors)
      return .other
    case (.supplier, .name), (.supplier, .url): return .supplierText
    case (.subject, .name): return .subjectName
    case (.subject, .version): return .subjectVersion
    case (.componentList, .component):
      let depth = roles.reduce(0) { if case .component = $1 { $0 + 1 } else { $0 } }
      guard depth < SBOMReader.maxComponentDepth else {
        failure = EvidenceError(
          "\(path): components nest deeper than \(SBOMReader.maxComponentDepth) levels",
          line: stream.line)
        return .other
      }
      total += 1
      stream.attribute("bom-ref") { references[$0.string, default: 0] += 1 }
      return .component
    case (.component, .components): return .componentList
    default: return .other
    }
  }

  /// Keeps the text of an element that just ended.
  private mutating func finish(_ role: Role) {
    switch role {
    case .timestamp, .subjectName, .subjectVersion, .supplierText:
      let value = String(decoding: text, as: UTF8.self).trimmingWhitespace()
      text.removeAll(keepingCapacity: true)
      switch role {
      case .timestamp: timestamp = value.isEmpty ? nil : value
      case .subjectName: subjectName = value.isEmpty ? nil : value
      case .subjectVersion: subjectVersion = value.isEmpty ? nil : value
      default: if !value.isEmpty { present.insert(.supplier) }
      }
      if role == .timestamp, timestamp != nil { present.insert(.timestamp) }
    default:
      break
    }
  }
}

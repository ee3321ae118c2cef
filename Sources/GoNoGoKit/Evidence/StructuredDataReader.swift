import Foundation
import LocatedYAML

/// A JSON or YAML evidence file as neutral values.
public struct StructuredDocument: Sendable, Equatable {
  /// The syntax a file is read as.
  public enum Format: String, Sendable, Equatable {
    case json, yaml
  }

  /// The syntax the file was read as.
  public var format: Format
  /// The documents: one for JSON, one per `---` document for YAML.
  public var documents: [StructuredValue]

  /// Creates a document.
  public init(format: Format, documents: [StructuredValue]) {
    self.format = format
    self.documents = documents
  }

  /// The single document, or the list of documents when a YAML stream holds several.
  public var root: StructuredValue {
    documents.count == 1 ? documents[0] : StructuredValue(.array(documents))
  }
}

/// Reads JSON and YAML evidence into ``StructuredValue`` trees, strictly and within bounds.
///
/// The syntax comes from the extension (`.json`; `.yaml`, `.yml`), else from the content: a file
/// whose first non-blank character is `{` or `[` is JSON, anything else YAML. Files are read
/// whole (bounded by the cache's size limit); nesting deeper than ``maxDepth`` is refused before
/// parsing. An empty or blank file, invalid UTF-8, or malformed syntax is an error naming the file
/// and, where the parser tells, the line and column.
public enum StructuredDataReader: EvidenceReader {
  public static let format = "structured"
  /// Deepest nesting of arrays and objects accepted.
  public static let maxDepth = 512

  public static func read(_ source: EvidenceSource) -> Result<StructuredDocument, EvidenceError> {
    source.text().flatMap { text in
      let path = source.file.path
      if text.allSatisfy(\.isWhitespace) {
        return .failure(EvidenceError("\(path) is empty"))
      }
      switch detectFormat(path: path, text: text) {
      case .json:
        return parseJSON(text, file: path).map {
          StructuredDocument(format: .json, documents: [$0])
        }
      case .yaml:
        return parseYAML(text, file: path, maxBytes: source.maxBytes).map {
          StructuredDocument(format: .yaml, documents: $0)
        }
      }
    }
  }

  /// The syntax for a file: by extension, else by its first non-blank character.
  public static func detectFormat(path: String, text: String) -> StructuredDocument.Format {
    let lowered = path.lowercased()
    if lowered.hasSuffix(".json") { return .json }
    if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .yaml }
    let first = text.first { !$0.isWhitespace }
    return first == "{" || first == "[" ? .json : .yaml
  }

  // MARK: JSON

  /// Parses JSON text (RFC 8259; scalars allowed at the top level) into a value.
  public static func parseJSON(_ text: String, file: String) -> Result<
    StructuredValue, EvidenceError
  > {
    if let offset = offsetBeyondDepth(text) {
      let position = position(ofByte: offset, in: text)
      return .failure(
        EvidenceError(
          "\(file) nests arrays and objects more than \(maxDepth) levels deep; refusing to read it",
          line: position.line, column: position.column))
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
      let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
      var (reason, offset) = splitPosition(detail)
      if offset == nil && reason.contains("end of file") { offset = text.utf8.count }
      let position = offset.map { self.position(ofByte: $0, in: text) }
      var message = "\(file) is not valid JSON"
      if !reason.isEmpty { message += ": " + reason }
      return .failure(EvidenceError(message, line: position?.line, column: position?.column))
    }
    return .success(value(fromJSON: object))
  }

  private static func value(fromJSON object: Any) -> StructuredValue {
    switch object {
    case let dictionary as [String: Any]:
      let members = dictionary.keys.sorted().map {
        StructuredValue.Member(key: $0, value: value(fromJSON: dictionary[$0] ?? NSNull()))
      }
      return StructuredValue(.object(members))
    case let array as [Any]:
      return StructuredValue(.array(array.map(value(fromJSON:))))
    case let string as String:
      return StructuredValue(.string(string))
    case let number as NSNumber:
      if type(of: number) == type(of: NSNumber(value: true)) {
        return StructuredValue(.bool(number.boolValue))
      }
      switch String(cString: number.objCType) {
      case "d", "f":
        return StructuredValue(.double(number.doubleValue))
      case "Q":
        if let int = Int(exactly: number.uint64Value) { return StructuredValue(.int(int)) }
        return StructuredValue(.double(number.doubleValue))
      default:
        return StructuredValue(.int(number.intValue))
      }
    default:
      return StructuredValue(.null)
    }
  }

  /// The byte offset of the first bracket that nests deeper than `maxDepth`, if any.
  static func offsetBeyondDepth(_ text: String) -> Int? {
    var depth = 0
    var inString = false
    var escaped = false
    for (offset, byte) in text.utf8.enumerated() {
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        if depth > maxDepth { return offset }
      case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
      default: break
      }
    }
    return nil
  }

  /// Splits "Invalid value around character 15." into the reason and the byte offset.
  static func splitPosition(_ detail: String) -> (reason: String, offset: Int?) {
    var reason = detail.trimmingWhitespace()
    var offset: Int?
    if let range = reason.range(of: " around character ") {
      let digits = reason[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
      offset = Int(digits)
      reason = String(reason[..<range.lowerBound])
    }
    while reason.hasSuffix(".") { reason.removeLast() }
    if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
    return (reason, offset)
  }

  /// 1-based line and column (in Unicode scalars) of a byte offset.
  static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var consumed = 0
    for scalar in text.unicodeScalars {
      if consumed >= offset { break }
      consumed += UTF8.width(scalar)
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  // MARK: YAML

  /// Parses a YAML stream (YAML 1.2 core schema, strict) into one value per document.
  public static func parseYAML(_ text: String, file: String, maxBytes: Int = 64 << 20)
    -> Result<[StructuredValue], EvidenceError>
  {
    let loader = Loader(
      limits: Limits(maxFileSize: maxBytes, maxDepth: maxDepth, maxNodes: 2_000_000))
    let nodes: [Node]
    do {
      nodes = try loader.loadAll(Data(text.utf8), file: file)
    } catch {
      return .failure(
        EvidenceError(
          "\(file) is not valid YAML: \(error.message)", line: error.location.line,
          column: error.location.column))
    }
    if nodes.isEmpty {
      return .failure(EvidenceError("\(file) holds no YAML document", line: 1, column: 1))
    }
    return .success(nodes.map(value(fromYAML:)))
  }

  private static func value(fromYAML node: Node) -> StructuredValue {
    let content: StructuredValue.Content
    switch node.content {
    case .scalar(let scalar):
      switch scalar.value {
      case .null: content = .null
      case .bool(let bool): content = .bool(bool)
      case .int(let int): content = .int(int)
      case .float(let double): content = .double(double)
      case .string(let string): content = .string(string)
      }
    case .sequence(let items):
      content = .array(items.map(value(fromYAML:)))
    case .mapping(let pairs):
      content = .object(
        pairs.map {
          StructuredValue.Member(key: $0.key.scalar?.text ?? "", value: value(fromYAML: $0.value))
        })
    }
    return StructuredValue(content, line: node.location.line, column: node.location.column)
  }
}

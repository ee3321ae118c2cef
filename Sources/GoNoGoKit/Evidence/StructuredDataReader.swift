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
/// whole (bounded by the cache's size limit); nesting deeper than ``maxDepth`` is refused. An
/// empty or blank file, invalid UTF-8, malformed syntax or a key written twice in one object is
/// an error naming the file and, where the parser tells, the line and column.
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

  /// Parses JSON text (RFC 8259 through ``JSONText``; scalars allowed at the top level) into a
  /// value.
  public static func parseJSON(_ text: String, file: String) -> Result<
    StructuredValue, EvidenceError
  > {
    JSONText.parse(text, file: file).map(value(fromJSON:))
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
    var values: [StructuredValue] = []
    for node in nodes {
      do throws(EvidenceError) {
        values.append(try value(fromYAML: node, file: file))
      } catch {
        return .failure(error)
      }
    }
    return .success(values)
  }

  /// The value of a YAML node.
  ///
  /// Paths name keys by their text, so two keys that YAML tells apart only by type (`1` and
  /// `"1"`, `true` and `! true`) would let one silently hide the other: an error at the second.
  private static func value(fromYAML node: Node, file: String) throws(EvidenceError)
    -> StructuredValue
  {
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
      var values: [StructuredValue] = []
      values.reserveCapacity(items.count)
      for item in items { values.append(try value(fromYAML: item, file: file)) }
      content = .array(values)
    case .mapping(let pairs):
      var members: [StructuredValue.Member] = []
      members.reserveCapacity(pairs.count)
      var seen: [String: Node] = [:]
      for pair in pairs {
        let key = pair.key.scalar?.text ?? ""
        if let first = seen.updateValue(pair.key, forKey: key) {
          let firstKind = first.scalar?.value.kindDescription ?? "a key"
          let secondKind = pair.key.scalar?.value.kindDescription ?? "a key"
          throw EvidenceError(
            "\(file) has the key '\(QuotedValue.cap(string: key))' twice in one mapping, as "
              + "\(firstKind) on line \(first.location.line) and as \(secondKind) here; a path "
              + "cannot tell them apart, so rename or remove one",
            line: pair.key.location.line, column: pair.key.location.column)
        }
        members.append(
          StructuredValue.Member(key: key, value: try value(fromYAML: pair.value, file: file)))
      }
      content = .object(members)
    }
    return StructuredValue(content, line: node.location.line, column: node.location.column)
  }
}

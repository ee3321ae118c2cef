internal import CYAML
import Foundation

/// Loads YAML text into located `Node` trees, strictly and within `Limits`.
///
/// Only an untagged plain scalar is resolved by the YAML 1.2 core schema; quoted and block
/// scalars, and plain ones under the non-specific tag `!`, are strings. Core tags (`!!str`,
/// `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`, however written) are checked against
/// the value; any other tag is an error, never silently read as a string. Aliases are expanded,
/// and the limits hold for the expanded tree.
public struct Loader: Sendable {
  /// The bounds applied to every load.
  public var limits: Limits

  /// Whether libyaml runs on a second thread; nil decides by file size and cores. Tests set it
  /// to check that both ways give the same trees and errors.
  var pipelined: Bool?

  /// Creates a loader with the given limits.
  public init(limits: Limits = .default) {
    self.limits = limits
  }

  /// Loads a file that must hold exactly one document.
  /// - Parameter file: the path shown in locations (not opened here).
  public func load(_ data: Data, file: String) throws(YAMLError) -> Node {
    try load(data, file: file, onTopLevelItem: nil, whileWaiting: nil)
  }

  /// Loads a file that must hold exactly one document, letting the caller start on its items
  /// early.
  /// - Parameters:
  ///   - file: the path shown in locations (not opened here).
  ///   - onTopLevelItem: called with each item of a sequence that is the value of a top-level
  ///     key (the key, the item's index, the item) as soon as the item is complete. The returned
  ///     tree holds the items as well; when loading fails, the calls mean nothing.
  ///   - whileWaiting: called on the loading thread whenever it would otherwise wait for the
  ///     parsing thread (big files only); does a small piece of work and returns true, or
  ///     returns false when it has none.
  public func load(
    _ data: Data, file: String, onTopLevelItem: TopLevelItemHandler?,
    whileWaiting: (() -> Bool)?
  ) throws(YAMLError) -> Node {
    let documents = try loadDocuments(
      data, file: file, single: true, onTopLevelItem: onTopLevelItem, whileWaiting: whileWaiting)
    guard let document = documents.first else {
      throw YAMLError(
        .empty, at: SourceLocation(file: file, line: 1, column: 1),
        "the file holds no YAML document",
        hint: "write the document's content, or remove the file")
    }
    return document
  }

  /// Loads a string that must hold exactly one document.
  public func load(_ text: String, file: String) throws(YAMLError) -> Node {
    try load(Data(text.utf8), file: file)
  }

  /// Loads every document of a stream (`---`-separated); the node budget covers them all.
  public func loadAll(_ data: Data, file: String) throws(YAMLError) -> [Node] {
    try loadDocuments(data, file: file, single: false)
  }

  private func loadDocuments(
    _ data: Data, file: String, single: Bool, onTopLevelItem: TopLevelItemHandler? = nil,
    whileWaiting: (() -> Bool)? = nil
  ) throws(YAMLError) -> [Node] {
    let start = SourceLocation(file: file, line: 1, column: 1)
    guard data.count <= limits.maxFileSize else {
      throw YAMLError(
        .tooLarge, at: start,
        "the file is \(data.count) bytes, more than the limit of \(limits.maxFileSize) bytes",
        hint: "split the file, or raise the limit if this size is expected")
    }
    let result: Result<[Node], YAMLError> = data.withUnsafeBytes {
      (bytes: UnsafeRawBufferPointer) -> Result<[Node], YAMLError> in
      // The standard library's validation is fast; the position is only worked out on failure.
      let valid = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) != nil
      if !valid, let position = UTF8Validation.firstInvalidPosition(in: bytes) {
        return .failure(
          YAMLError(
            .invalidUTF8,
            at: SourceLocation(file: file, line: position.line, column: position.column),
            "the file is not valid UTF-8", hint: "save the file as UTF-8"))
      }
      // A UTF-8 byte order mark is not content; libyaml only skips it when it guesses the encoding.
      let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
      let parser = EventParser(
        bytes: hasBOM ? UnsafeRawBufferPointer(rebasing: bytes[3...]) : bytes, file: file)
      let pipelined =
        self.pipelined
        ?? (bytes.count >= EventStream.pipelineThreshold
          && ProcessInfo.processInfo.activeProcessorCount > 1)
      let events = EventStream(
        parser: parser, file: file, pipelined: pipelined, whileWaiting: whileWaiting)
      // The parsing thread reads `bytes`: it is joined before they go out of scope.
      defer { events.close() }
      var builder = TreeBuilder(
        events: events, limits: limits, file: file, onTopLevelItem: onTopLevelItem)
      return Result { () throws(YAMLError) -> [Node] in try builder.documents(single: single) }
    }
    return try result.get()
  }
}

/// Receives the items of top-level sequences as they complete: key, index, item.
public typealias TopLevelItemHandler = (_ key: String, _ index: Int, _ item: Node) -> Void

/// Owns a libyaml parser over a buffer that outlives it; the only type that touches the C API.
final class EventParser: @unchecked Sendable {
  /// Held by pointer: a stored `var` would be checked for exclusive access on every event.
  private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
  private let file: String

  init(bytes: UnsafeRawBufferPointer, file: String) {
    self.file = file
    parser.initialize(to: yaml_parser_t())
    yaml_parser_initialize(parser)
    if let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
      yaml_parser_set_input_string(parser, base, bytes.count)
    } else {
      var empty: UInt8 = 0
      yaml_parser_set_input_string(parser, &empty, 0)
    }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
  }

  /// The next event, copied into Swift values.
  func next() throws(YAMLError) -> Event {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else {
      throw syntaxError()
    }
    defer { yaml_event_delete(&event) }
    let location = Position(
      line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    switch event.type {
    case YAML_STREAM_START_EVENT: return Event(.streamStart, location)
    case YAML_STREAM_END_EVENT: return Event(.streamEnd, location)
    case YAML_DOCUMENT_START_EVENT: return Event(.documentStart, location)
    case YAML_DOCUMENT_END_EVENT: return Event(.documentEnd, location)
    case YAML_ALIAS_EVENT:
      return Event(.alias(anchor: string(event.data.alias.anchor) ?? ""), location)
    case YAML_SCALAR_EVENT:
      let data = event.data.scalar
      let text =
        data.value.map {
          String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
        } ?? ""
      let style: Scalar.Style
      switch data.style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: style = .literal
      case YAML_FOLDED_SCALAR_STYLE: style = .folded
      default: style = .plain
      }
      return Event(
        .scalar(
          text: text, style: style, tag: string(data.tag), anchor: string(data.anchor),
          plainImplicit: data.plain_implicit != 0),
        location)
    case YAML_SEQUENCE_START_EVENT:
      let data = event.data.sequence_start
      return Event(.sequenceStart(tag: string(data.tag), anchor: string(data.anchor)), location)
    case YAML_SEQUENCE_END_EVENT: return Event(.sequenceEnd, location)
    case YAML_MAPPING_START_EVENT:
      let data = event.data.mapping_start
      return Event(.mappingStart(tag: string(data.tag), anchor: string(data.anchor)), location)
    case YAML_MAPPING_END_EVENT: return Event(.mappingEnd, location)
    default:
      return Event(.streamEnd, location)
    }
  }

  private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  /// libyaml marks are 0-based and count characters; locations are 1-based.
  private func location(_ mark: yaml_mark_t) -> SourceLocation {
    SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  private func syntaxError() -> YAMLError {
    let parser = self.parser.pointee
    let problem = parser.problem.map { String(cString: $0) } ?? "the YAML parser failed"
    if parser.error == YAML_READER_ERROR {
      return YAMLError(
        .syntax, at: SourceLocation(file: file, line: 1, column: 1),
        "\(problem) at byte offset \(parser.problem_offset)")
    }
    let problemLocation = location(parser.problem_mark)
    var message = problem
    if let context = parser.context.map({ String(cString: $0) }) {
      let contextLocation = location(parser.context_mark)
      message += " (\(context)"
      if contextLocation != problemLocation {
        message += " that starts at line \(contextLocation.line), column \(contextLocation.column)"
      }
      message += ")"
    }
    var hint: String?
    if problem.contains("cannot start any token") {
      hint = "YAML does not allow tab characters for indentation; indent with spaces"
    } else if message.contains("quoted scalar") {
      hint = "close the quoted string with its matching quote"
    } else if problem.contains("mapping values are not allowed") {
      hint = "quote the value if it contains ': ', or fix the indentation"
    }
    return YAMLError(.syntax, at: problemLocation, message, hint: hint)
  }
}

/// One libyaml event, as Swift values.
struct Event: Sendable {
  enum Kind: Sendable {
    case streamStart, streamEnd, documentStart, documentEnd
    case alias(anchor: String)
    case scalar(
      text: String, style: Scalar.Style, tag: String?, anchor: String?, plainImplicit: Bool)
    case sequenceStart(tag: String?, anchor: String?)
    case sequenceEnd
    case mappingStart(tag: String?, anchor: String?)
    case mappingEnd
  }

  var kind: Kind
  /// Where the event starts. The file is left out: events cross threads, and one shared file
  /// string retained from both would make them contend.
  var position: Position

  init(_ kind: Kind, _ position: Position) {
    self.kind = kind
    self.position = position
  }
}

/// A 1-based line and column.
struct Position: Sendable {
  var line: Int
  var column: Int
}

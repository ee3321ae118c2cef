internal import CLibXML2
import Foundation

/// Why an XML evidence file could not be read: libxml2's first error, with its position.
struct XMLStreamError: Error, Sendable, Equatable {
  /// libxml2's message, one line.
  var message: String
  /// 1-based line, when known.
  var line: Int?
  /// 1-based column, when known.
  var column: Int?
  /// True when the file holds nothing but blanks.
  var isEmpty = false
}

/// Element and attribute names a reader cares about, matched byte for byte against libxml2's
/// names so that no `String` is made for a node nobody asked about.
struct XMLNames: Sendable {
  private let names: [[UInt8]]

  /// Names in token order: the token of `names[i]` is `i`.
  init(_ names: [String]) {
    self.names = names.map { Array($0.utf8) }
  }

  /// The token of a NUL-terminated libxml2 name, nil when it is none of ours.
  fileprivate func token(of name: UnsafePointer<xmlChar>?) -> Int? {
    guard let name else { return nil }
    let first = name[0]
    for (token, candidate) in names.enumerated() where candidate.first == first {
      var index = 1
      while index < candidate.count, name[index] == candidate[index] { index += 1 }
      if index == candidate.count, name[index] == 0 { return token }
    }
    return nil
  }
}

/// One attribute value while a reader visits an element; valid only inside the visit.
struct XMLValue {
  fileprivate let pointer: UnsafePointer<xmlChar>

  /// The value as a string.
  var string: String { String(cString: pointer) }

  /// The value as a non-negative decimal integer (surrounding blanks allowed), else nil.
  var int: Int? {
    var index = 0
    while pointer[index] == 0x20 { index += 1 }
    var value = 0
    var digits = 0
    while pointer[index] >= 0x30, pointer[index] <= 0x39 {
      let (product, overflow) = value.multipliedReportingOverflow(by: 10)
      guard !overflow, digits < 18 else { return nil }
      value = product + Int(pointer[index] - 0x30)
      digits += 1
      index += 1
    }
    while pointer[index] == 0x20 { index += 1 }
    return digits > 0 && pointer[index] == 0 ? value : nil
  }

  /// The value's length in bytes.
  var count: Int { pointer.withMemoryRebound(to: CChar.self, capacity: 1) { strlen($0) } }

  /// The byte at `index`, which must be below `count`.
  subscript(index: Int) -> UInt8 { pointer[index] }

  /// Appends at most `limit` bytes of the value to `buffer`.
  func append(to buffer: inout [UInt8], limit: Int) {
    let count = pointer.withMemoryRebound(to: CChar.self, capacity: 1) { strnlen($0, limit) }
    buffer.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
  }
}

/// A forward-only XML reader over libxml2's `xmlTextReader`, never building a document tree.
///
/// Its memory stays bounded by the largest element's text, not the file. Evidence is untrusted:
/// the network is off (`XML_PARSE_NONET`), entities are not substituted, external DTDs and
/// entities are never loaded (no `DTDLOAD`/`DTDATTR`/`DTDVALID`, and a process-wide loader that
/// refuses everything), and `XML_PARSE_HUGE` stays off so libxml2 keeps its limits on depth, text
/// size and entity amplification (an entity bomb is a fatal error, not a hang). Blank text
/// between elements is dropped (`XML_PARSE_NOBLANKS`). Every error is captured through a
/// per-reader structured handler with its line and column.
final class XMLStream {
  /// What the reader is on.
  enum Node: Equatable {
    /// An element start (`token` nil for names not asked about); `isEmpty` for `<x/>`,
    /// which has no matching `end`.
    case start(token: Int?, isEmpty: Bool)
    /// An element end, with the token of the element it closes.
    case end(token: Int?)
    /// Character data or CDATA.
    case text
    /// Anything else (comments, whitespace, entity references, the doctype…).
    case other
  }

  private let reader: OpaquePointer
  private let handle: FileHandle
  /// The file's bytes on their way to libxml2 (it outlives the reader, which reads from it).
  private let input: XMLInput
  private let errors: ErrorSink
  private let elements: XMLNames
  private let attributeNames: XMLNames
  /// Tokens of the open elements, to give `end` its token without another name lookup.
  private var open: [Int?] = []

  /// Opens `url` for streaming; `elements` and `attributes` name the tokens the caller uses.
  init(url: URL, elements: XMLNames, attributes: XMLNames) throws(XMLStreamError) {
    _ = libxml2Ready
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw XMLStreamError(message: "cannot open the file for reading")
    }
    let head = (try? handle.read(upToCount: 256)) ?? Data()
    let body = head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...]
    let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    // UTF-16 (with a byte-order mark or a NUL byte first) is left to libxml2's detection.
    let utf16 = head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || first == 0
    if !utf16, first != UInt8(ascii: "<") {
      try? handle.close()
      if first == nil, body.count < 256 {
        throw XMLStreamError(message: "the file is empty", isEmpty: true)
      }
      throw XMLStreamError(message: "the content does not start with '<'", line: 1)
    }
    if let declared = XMLStream.encodingContradictingByteOrderMark(head) {
      try? handle.close()
      throw XMLStreamError(
        message: "it starts with a UTF-8 byte-order mark but declares encoding \(declared)", line: 1
      )
    }
    do {
      try handle.seek(toOffset: 0)
    } catch {
      try? handle.close()
      throw XMLStreamError(message: "cannot read the file from its start")
    }
    let options = Int32(
      XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOBLANKS.rawValue)
    let input = XMLInput(descriptor: handle.fileDescriptor)
    guard
      let reader = xmlReaderForIO(
        readInput, nil, Unmanaged.passUnretained(input).toOpaque(), url.path, nil, options)
    else {
      try? handle.close()
      throw XMLStreamError(message: "cannot start the XML parser")
    }
    self.reader = reader
    self.handle = handle
    self.input = input
    self.errors = ErrorSink()
    errors.reader = reader
    self.elements = elements
    self.attributeNames = attributes
    xmlTextReaderSetStructuredErrorHandler(
      reader, captureError, Unmanaged.passUnretained(errors).toOpaque())
  }

  /// The encoding an XML declaration names when the bytes start with a UTF-8 byte-order mark
  /// and the name is not UTF-8: XML makes that a fatal error, libxml2 would read on as declared.
  static func encodingContradictingByteOrderMark(_ head: Data) -> String? {
    guard head.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
    let text = String(decoding: head.dropFirst(3).prefix(200), as: UTF8.self)
    guard text.hasPrefix("<?xml"), let end = text.range(of: "?>"),
      let key = text.range(of: "encoding", range: text.startIndex..<end.lowerBound)
    else { return nil }
    let rest = text[key.upperBound..<end.lowerBound].drop { $0 == " " || $0 == "=" }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
    let name = rest.dropFirst().prefix { $0 != quote }
    return ["utf-8", "utf8"].contains(name.lowercased()) ? nil : String(name)
  }

  deinit {
    xmlFreeTextReader(reader)
    try? handle.close()
  }

  /// The next node, nil at the end of the document; throws on the first error.
  func next() throws(XMLStreamError) -> Node? {
    let status = xmlTextReaderRead(reader)
    if let error = errors.first { throw error }
    if status == 0 {
      if !open.isEmpty { throw XMLStreamError(message: "the document ends inside an element") }
      return nil
    }
    guard status == 1 else { throw XMLStreamError(message: "the XML parser stopped") }
    switch xmlTextReaderNodeType(reader) {
    case Int32(XML_READER_TYPE_ELEMENT.rawValue):
      let token = elements.token(of: xmlTextReaderConstLocalName(reader))
      let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
      if !isEmpty { open.append(token) }
      return .start(token: token, isEmpty: isEmpty)
    case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
      return .end(token: open.popLast() ?? nil)
    case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
      return .text
    default:
      return .other
    }
  }

  /// The current node's qualified name (for messages; not for the hot path).
  var name: String {
    xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
  }

  /// The current node's namespace URI, nil when it has none (not for the hot path).
  var namespace: String? {
    xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
  }

  /// How many elements enclose the current node.
  var depth: Int { open.count }

  /// The current element's line; nil past line 65,534, where libxml2 stops counting per node.
  var line: Int? {
    guard let node = xmlTextReaderCurrentNode(reader) else { return nil }
    let line = xmlGetLineNo(node)
    return line > 0 && line < 65_535 ? Int(line) : nil
  }

  /// Visits the current element's attributes whose names are in `attributes`.
  func attributes(_ body: (_ token: Int, _ value: XMLValue) -> Void) {
    guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
    repeat {
      if let token = attributeNames.token(of: xmlTextReaderConstLocalName(reader)),
        let value = xmlTextReaderConstValue(reader)
      {
        body(token, XMLValue(pointer: value))
      }
    } while xmlTextReaderMoveToNextAttribute(reader) == 1
    xmlTextReaderMoveToElement(reader)
  }

  /// Visits the current element's attribute `name`, when it has one.
  func attribute(_ name: String, _ body: (_ value: XMLValue) -> Void) {
    let found = name.withCString { name in
      name.withMemoryRebound(to: xmlChar.self, capacity: 1) {
        xmlTextReaderMoveToAttribute(reader, $0) == 1
      }
    }
    guard found else { return }
    if let value = xmlTextReaderConstValue(reader) { body(XMLValue(pointer: value)) }
    xmlTextReaderMoveToElement(reader)
  }

  /// Appends the current text node's bytes to `buffer` until it holds `limit` bytes.
  func appendText(to buffer: inout [UInt8], limit: Int) {
    guard buffer.count < limit, let value = xmlTextReaderConstValue(reader) else { return }
    XMLValue(pointer: value).append(to: &buffer, limit: limit - buffer.count)
  }
}

/// The file read in large pieces for libxml2's reader, which asks for 4 KB at a time: one
/// `read` per ``XMLInput/capacity`` bytes instead of one per 4 KB, and a fixed buffer whatever
/// the file's size.
private final class XMLInput {
  /// Bytes read from the file at once.
  static let capacity = 1 << 16

  private let descriptor: Int32
  private let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
  /// The bytes not yet handed over: `buffer[start..<end]`.
  private var start = 0
  private var end = 0

  init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  deinit {
    buffer.deallocate()
  }

  /// Copies up to `count` bytes into `destination`: how many, 0 at the end of the file, -1 when
  /// the file cannot be read.
  func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int {
    guard count > 0 else { return 0 }
    if start == end {
      var got: Int
      repeat {
        got = Foundation.read(descriptor, buffer, Self.capacity)
      } while got < 0 && errno == EINTR
      guard got > 0 else { return got < 0 ? -1 : 0 }
      start = 0
      end = got
    }
    let taken = min(count, end - start)
    destination.copyMemory(from: buffer + start, byteCount: taken)
    start += taken
    return taken
  }
}

/// libxml2's read callback over an ``XMLInput``.
private let readInput: xmlInputReadCallback = { context, destination, count in
  guard let context, let destination else { return -1 }
  let input = Unmanaged<XMLInput>.fromOpaque(context).takeUnretainedValue()
  return Int32(input.read(into: UnsafeMutableRawPointer(destination), count: Int(count)))
}

/// Where a reader's structured error handler records the first error.
private final class ErrorSink {
  var first: XMLStreamError?
  /// The reader the errors come from, for positions libxml2 does not give.
  var reader: OpaquePointer?
}

/// Records libxml2's first error (warnings are ignored) in the reader's `ErrorSink`.
private let captureError: xmlStructuredErrorFunc = { context, error in
  guard let context, let error else { return }
  let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
  guard sink.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
  var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
  while let last = message.last, last.isWhitespace { message.removeLast() }
  // At the end of a truncated file libxml2's reader says "Extra content at the end of the
  // document"; say what happened instead.
  if error.pointee.code == Int32(XML_ERR_DOCUMENT_END.rawValue), let raw = error.pointee.ctxt {
    let parser = raw.assumingMemoryBound(to: xmlParserCtxt.self).pointee
    if parser.nameNr > 0, let names = parser.nameTab, let name = names[Int(parser.nameNr) - 1] {
      message = "the file ends inside <\(String(cString: name))>: it is truncated"
    }
  }
  var line = Int(error.pointee.line)
  var column = Int(error.pointee.int2)
  // Errors inside an entity's replacement text come from a helper parser with no file name and
  // count the entity's lines; report where the document itself stands instead.
  if error.pointee.file == nil, let reader = sink.reader {
    line = Int(xmlTextReaderGetParserLineNumber(reader))
    column = Int(xmlTextReaderGetParserColumnNumber(reader))
  }
  sink.first = XMLStreamError(
    message: message, line: line > 0 ? line : nil, column: column > 0 ? column : nil)
}

/// libxml2's one-time global setup, run once per process (Swift globals initialise exactly once,
/// thread-safely): `xmlInitParser`, and an external-entity loader that refuses every request.
private let libxml2Ready: Bool = {
  xmlInitParser()
  xmlSetExternalEntityLoader { _, _, _ in nil }
  return true
}()

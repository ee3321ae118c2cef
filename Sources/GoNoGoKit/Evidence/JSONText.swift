internal import CJansson
import Foundation

/// JSON evidence read with Debian's jansson, strictly (RFC 8259), into the values Foundation's
/// `JSONSerialization` gives: `[String: Any]`, `[Any]`, `String`, `NSNumber` (booleans as
/// `NSNumber(value: Bool)`, integers as `Int64`, other numbers as `Double`) and `NSNull`.
///
/// A key written twice in one object is an error: read last-key-wins, `{"ok": false, "ok": true}`
/// would pass. So are nesting deeper than ``maxDepth``, invalid UTF-8 and every syntax error, each
/// an ``EvidenceError`` naming the file, line and column (1-based, in Unicode scalars). A UTF-8
/// byte order mark is skipped, `\u0000` in a string is kept and a lone scalar is a document. A
/// file holding an integer beyond 64 bits is read again with every number as a `Double`, so valid
/// JSON is never refused for it.
public enum JSONText {
  /// Deepest nesting of arrays and objects accepted.
  public static let maxDepth = StructuredDataReader.maxDepth

  /// Parses UTF-8 JSON text.
  public static func parse(_ text: String, file: String) -> Result<Any, EvidenceError> {
    parse(text, file: file) { foundationValue($0, depth: 0) }
  }

  /// Parses JSON bytes (UTF-8, a leading byte order mark allowed).
  public static func parse(_ data: Data, file: String) -> Result<Any, EvidenceError> {
    data.withUnsafeBytes {
      parse(bytes: $0.bindMemory(to: UInt8.self), file: file) { foundationValue($0, depth: 0) }
    }
  }

  /// Parses UTF-8 JSON text straight into `Value`, with no Foundation value in between: no
  /// `NSNumber`, no `[String: Any]`, and no bridging when the caller takes them apart.
  static func parse<Value: JSONBuildable>(_ text: String, file: String, as _: Value.Type)
    -> Result<Value, EvidenceError>
  {
    parse(text, file: file) { built($0, depth: 0, as: Value.self) }
  }

  private static func parse<Value>(
    _ text: String, file: String, convert: (UnsafeMutablePointer<json_t>) -> Value?
  ) -> Result<Value, EvidenceError> {
    text.utf8.withContiguousStorageIfAvailable { parse(bytes: $0, file: file, convert: convert) }
      ?? Data(text.utf8).withUnsafeBytes {
        parse(bytes: $0.bindMemory(to: UInt8.self), file: file, convert: convert)
      }
  }

  /// Parses the bytes with jansson and converts its root with `convert`, which returns nil when
  /// containers nest deeper than ``maxDepth``.
  private static func parse<Value>(
    bytes whole: UnsafeBufferPointer<UInt8>, file: String,
    convert: (UnsafeMutablePointer<json_t>) -> Value?
  ) -> Result<Value, EvidenceError> {
    var bytes = whole
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      bytes = UnsafeBufferPointer(rebasing: bytes.dropFirst(3))
    }
    guard let base = bytes.baseAddress, bytes.contains(where: { !isWhitespace($0) }) else {
      return .failure(EvidenceError("\(file) is empty"))
    }
    let text = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
    let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)
    var error = json_error_t()
    var root = json_loadb(text, bytes.count, flags, &error)
    if root == nil, json_error_code(&error) == json_error_numeric_overflow,
      message(of: error).hasPrefix("too big")
    {
      // jansson keeps integers in 64 bits; such a file reads with every number as a double.
      root = json_loadb(text, bytes.count, flags | Int(JSON_DECODE_INT_AS_REAL), &error)
    }
    guard let root else { return .failure(failure(error, in: bytes, file: file)) }
    defer { json_decref(root) }
    guard let value = convert(root) else {
      return .failure(tooDeep(bytes, file: file))
    }
    return .success(value)
  }

  /// Foundation's shape of a jansson value; nil when containers nest deeper than `maxDepth`.
  private static func foundationValue(_ json: UnsafeMutablePointer<json_t>, depth: Int) -> Any? {
    switch json.pointee.type {
    case JSON_OBJECT:
      guard depth < maxDepth else { return nil }
      var members: [String: Any] = [:]
      members.reserveCapacity(json_object_size(json))
      var iterator = json_object_iter(json)
      while let current = iterator {
        guard let child = json_object_iter_value(current),
          let value = foundationValue(child, depth: depth + 1)
        else { return nil }
        members[string(json_object_iter_key(current), count: json_object_iter_key_len(current))] =
          value
        iterator = json_object_iter_next(json, current)
      }
      return members
    case JSON_ARRAY:
      guard depth < maxDepth else { return nil }
      let count = json_array_size(json)
      var items: [Any] = []
      items.reserveCapacity(count)
      for index in 0..<count {
        guard let child = json_array_get(json, index),
          let value = foundationValue(child, depth: depth + 1)
        else { return nil }
        items.append(value)
      }
      return items
    case JSON_STRING:
      return string(json_string_value(json), count: json_string_length(json))
    case JSON_INTEGER:
      return NSNumber(value: Int64(json_integer_value(json)))
    case JSON_REAL:
      return NSNumber(value: json_real_value(json))
    case JSON_TRUE:
      return NSNumber(value: true)
    case JSON_FALSE:
      return NSNumber(value: false)
    default:
      return NSNull()
    }
  }

  /// `Value` built from a jansson value; nil when containers nest deeper than `maxDepth`.
  private static func built<Value: JSONBuildable>(
    _ json: UnsafeMutablePointer<json_t>, depth: Int, as _: Value.Type
  ) -> Value? {
    switch json.pointee.type {
    case JSON_OBJECT:
      guard depth < maxDepth else { return nil }
      var members: [String: Value] = [:]
      members.reserveCapacity(json_object_size(json))
      var iterator = json_object_iter(json)
      while let current = iterator {
        guard let child = json_object_iter_value(current),
          let value = built(child, depth: depth + 1, as: Value.self)
        else { return nil }
        members[string(json_object_iter_key(current), count: json_object_iter_key_len(current))] =
          value
        iterator = json_object_iter_next(json, current)
      }
      return .object(members)
    case JSON_ARRAY:
      guard depth < maxDepth else { return nil }
      let count = json_array_size(json)
      var items: [Value] = []
      items.reserveCapacity(count)
      for index in 0..<count {
        guard let child = json_array_get(json, index),
          let value = built(child, depth: depth + 1, as: Value.self)
        else { return nil }
        items.append(value)
      }
      return .array(items)
    case JSON_STRING:
      return .string(string(json_string_value(json), count: json_string_length(json)))
    case JSON_INTEGER:
      return .integer(Int64(json_integer_value(json)))
    case JSON_REAL:
      return .real(json_real_value(json))
    case JSON_TRUE:
      return .bool(true)
    case JSON_FALSE:
      return .bool(false)
    default:
      return .null
    }
  }

  /// jansson's strings are valid UTF-8 (it checks the input and the escapes it decodes).
  private static func string(_ start: UnsafePointer<CChar>?, count: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  // MARK: Errors

  private static func message(of error: json_error_t) -> String {
    withUnsafeBytes(of: error.text) { raw in
      String(
        decoding: raw.prefix(Int(JSON_ERROR_TEXT_LENGTH) - 1).prefix { $0 != 0 }, as: UTF8.self)
    }
  }

  /// An evidence error for jansson's error: what is wrong and how to fix it, located at the start
  /// of the offending token (jansson reports where it stopped, after the token).
  private static func failure(
    _ error: json_error_t, in bytes: UnsafeBufferPointer<UInt8>, file: String
  ) -> EvidenceError {
    var error = error
    let code = json_error_code(&error)
    if code == json_error_stack_overflow { return tooDeep(bytes, file: file) }
    let text = message(of: error)
    // jansson appends "near 'TOKEN'" (the token's text, when at most 20 bytes) or "near end of file".
    var detail = text
    var token: String?
    if let near = text.range(of: " near '"), text.hasSuffix("'"),
      near.upperBound < text.endIndex
    {
      token = String(text[near.upperBound..<text.index(before: text.endIndex)])
      detail = String(text[..<near.lowerBound])
    } else if let near = text.range(of: " near end of file") {
      detail = String(text[..<near.lowerBound])
    }
    let position = min(max(Int(error.position), 0), bytes.count)
    let found = token.map { "'\(display($0, quotes: false))'" }
    var offset =
      token.map { max(position - $0.utf8.count, 0) } ?? lastScalar(before: position, bytes)
    let reason: String
    switch code {
    case json_error_duplicate_key, json_error_null_byte_in_key:
      offset = openingQuote(endingAt: position - 1, in: bytes)
      let key = display(decodedString(bytes, offset..<position), quotes: true)
      reason =
        code == json_error_duplicate_key
        ? "duplicate key \"\(key)\" in an object; JSON evidence must name each key once"
        : "the key \"\(key)\" holds a NUL character (\\u0000), which gonogo cannot read in a "
          + "key; remove it from the key"
    case json_error_numeric_overflow:
      offset = position
      while offset > 0, isNumberByte(bytes[offset - 1]) { offset -= 1 }
      let number = display(String(decoding: bytes[offset..<position], as: UTF8.self), quotes: false)
      reason =
        "the number \(number) is too large for a 64-bit floating-point value; write it as a string"
    case json_error_invalid_utf8:
      offset = position
      let byte = position < bytes.count ? hex(bytes[position], digits: 2) : "?"
      reason = "byte 0x\(byte) is not valid UTF-8; save the file as UTF-8"
    case json_error_premature_end_of_input:
      offset = position
      reason = "the file ends before the JSON value is complete; it may be cut off"
    case json_error_end_of_input_expected where token?.hasPrefix("/") == true:
      reason = noComments
    case json_error_end_of_input_expected:
      reason =
        "more text follows the JSON value\(found.map { " (found \($0))" } ?? ""); a JSON file "
        + "holds one value, so remove the extra text or wrap the values in an array"
    case json_error_out_of_memory:
      reason = "there is not enough memory to read it"
    case json_error_invalid_syntax:
      (reason, offset) = syntax(detail, token: token, found: found, offset: offset, position, bytes)
    default:
      reason = text
    }
    let (line, column) = location(ofByte: offset, in: bytes)
    return EvidenceError("\(file) is not valid JSON: \(reason)", line: line, column: column)
  }

  /// Reason and offset for jansson's syntax errors (`detail` is its message without the token).
  private static func syntax(
    _ detail: String, token: String?, found: String?, offset: Int, _ position: Int,
    _ bytes: UnsafeBufferPointer<UInt8>
  ) -> (String, Int) {
    let suffix = found.map { ", found \($0)" } ?? ""
    let singleQuotes = "strings and keys take double quotes in JSON, not single quotes"
    let value = "write a number, a string in double quotes, true, false or null"
    if token?.hasPrefix("/") == true { return (noComments, offset) }
    switch detail {
    case "string or '}' expected", "unexpected token":
      if let token, token == (detail == "unexpected token" ? "]" : "}"),
        let comma = lastNonWhitespace(before: offset, bytes), bytes[comma] == UInt8(ascii: ",")
      {
        return ("JSON allows no trailing comma before '\(token)'; remove the comma", comma)
      }
      if token?.hasPrefix("'") == true { return (singleQuotes, offset) }
      if detail == "unexpected token" { return ("expected a value\(suffix)", offset) }
      return ("expected a key in double quotes or '}'\(suffix)", offset)
    case "':' expected":
      return ("expected ':' after the key\(suffix)", offset)
    case "'}' expected":
      return ("expected ',' or '}' after an object member\(suffix)", offset)
    case "']' expected":
      return ("expected ',' or ']' after an array item\(suffix)", offset)
    case "invalid token":
      guard let token, let first = token.unicodeScalars.first else {
        return ("found text that is not a JSON value; \(value)", offset)
      }
      if first == "'" { return (singleQuotes, offset) }
      if let word = nonNumber(at: offset, bytes) {
        return (
          "'\(display(word, quotes: false))' is not a JSON value: JSON has no NaN or infinity "
            + "(RFC 8259, section 6); write a number, a string in double quotes or null", offset
        )
      }
      if "-+.".unicodeScalars.contains(first) || ("0"..."9").contains(first) {
        return (
          "the number near \(found ?? "") is malformed; JSON numbers take no leading zeros and "
            + "no '+', and need digits before and after '.' and after 'e'", offset
        )
      }
      return ("\(found ?? "") is not a JSON value; \(value)", offset)
    case "unexpected newline":
      return (
        "a string runs past the end of its line; close it with '\"' or write the line break as "
          + "\\n", position
      )
    case "invalid escape":
      var start = max(position - 1, 0)
      while start > 0, bytes[start] != UInt8(ascii: "\\") { start -= 1 }
      return (
        "a string holds an invalid escape; JSON allows \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t "
          + "and \\u followed by four hexadecimal digits", start
      )
    default:
      break
    }
    if detail.hasPrefix("control character 0x"),
      let code = UInt32(detail.dropFirst("control character 0x".count), radix: 16)
    {
      let name = hex(code, digits: 4)
      return (
        "a string holds an unescaped control character (U+\(name)); write it as \\u\(name)",
        position
      )
    }
    if detail.hasPrefix("invalid Unicode '") {
      let escapes = detail.dropFirst("invalid Unicode '".count).prefix { $0 != "'" }
      let start = openingQuote(endingAt: position - 1, in: bytes)
      if escapes.count > 6 {
        return ("a string holds the invalid surrogate pair \(escapes); \(surrogateFix)", start)
      }
      return ("a string holds the unpaired surrogate \(escapes); \(surrogateFix)", start)
    }
    return (detail + suffix, offset)
  }

  /// `NaN`, `Infinity` or `inf` (any case, signed or not) written at `offset`, as written; nil
  /// for anything else.
  private static func nonNumber(at offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var end = offset
    if end < bytes.count, bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "+") {
      end += 1
    }
    let letters = end
    while end < bytes.count, end - offset < 16,
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end] | 0x20)
    {
      end += 1
    }
    let word = String(decoding: bytes[offset..<end], as: UTF8.self)
    let name = String(decoding: bytes[letters..<end], as: UTF8.self).lowercased()
    return ["nan", "infinity", "inf"].contains(name) ? word : nil
  }

  private static let noComments = "JSON has no comments; remove them"

  private static let surrogateFix = "write the character itself or a complete surrogate pair"

  /// The first bracket nested deeper than `maxDepth`, found again in the text to name its place.
  private static func tooDeep(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> EvidenceError {
    var depth = 0
    var inString = false
    var escaped = false
    var offset: Int?
    for (index, byte) in bytes.enumerated() {
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
        if depth > maxDepth { offset = index }
      case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
      default: break
      }
      if offset != nil { break }
    }
    let place = offset.map { location(ofByte: $0, in: bytes) }
    return EvidenceError(
      "\(file) nests arrays and objects more than \(maxDepth) levels deep; refusing to read it",
      line: place?.line, column: place?.column)
  }

  /// The offset of the `"` that opens the string whose closing `"` is at `end`.
  private static func openingQuote(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var index = end - 1
    while index >= 0 {
      if bytes[index] == UInt8(ascii: "\"") {
        // Inside a string a quote is escaped: an odd number of backslashes precedes it.
        var backslashes = 0
        while index - backslashes > 0, bytes[index - backslashes - 1] == UInt8(ascii: "\\") {
          backslashes += 1
        }
        if backslashes % 2 == 0 { return index }
      }
      index -= 1
    }
    return max(end, 0)
  }

  /// The string a JSON string token (quotes included) stands for, decoded by jansson.
  private static func decodedString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
    -> String
  {
    let token = UnsafeBufferPointer(rebasing: bytes[range])
    guard let base = token.baseAddress else { return "" }
    var error = json_error_t()
    let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL)
    let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
    guard let json = json_loadb(raw, token.count, flags, &error) else {
      return String(decoding: token.dropFirst().dropLast(), as: UTF8.self)
    }
    defer { json_decref(json) }
    return string(json_string_value(json), count: json_string_length(json))
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
      || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
      || byte == UInt8(ascii: "E")
  }

  private static func lastNonWhitespace(before offset: Int, _ bytes: UnsafeBufferPointer<UInt8>)
    -> Int?
  {
    var index = offset - 1
    while index >= 0, isWhitespace(bytes[index]) { index -= 1 }
    return index >= 0 ? index : nil
  }

  /// The start of the last character before `position` (where jansson stopped).
  private static func lastScalar(before position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var index = max(position - 1, 0)
    while index > 0, index < bytes.count, bytes[index] & 0xC0 == 0x80 { index -= 1 }
    return index
  }

  /// Shows evidence text in a message: control characters escaped, at most 60 characters.
  private static func display(_ text: String, quotes: Bool) -> String {
    var shown = ""
    for (count, scalar) in text.unicodeScalars.enumerated() {
      if count == 60 {
        shown += "…"
        break
      }
      switch scalar {
      case "\"" where quotes: shown += "\\\""
      case "\\" where quotes: shown += "\\\\"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        shown += "\\u" + hex(scalar.value, digits: 4)
      default: shown.unicodeScalars.append(scalar)
      }
    }
    return shown
  }

  private static func hex(_ value: some BinaryInteger, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(digits - text.count, 0)) + text
  }

  /// 1-based line and column (in Unicode scalars) of a byte offset: the one place jansson's byte
  /// positions become what an editor shows.
  static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (
    line: Int, column: Int
  ) {
    let end = min(max(offset, 0), bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<end where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    var column = 1
    for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 { column += 1 }
    return (line, column)
  }
}

/// A Swift value that ``JSONText`` builds straight from the parser's values.
protocol JSONBuildable {
  static var null: Self { get }
  static func bool(_ value: Bool) -> Self
  static func integer(_ value: Int64) -> Self
  static func real(_ value: Double) -> Self
  static func string(_ value: String) -> Self
  static func array(_ items: [Self]) -> Self
  static func object(_ members: [String: Self]) -> Self
}

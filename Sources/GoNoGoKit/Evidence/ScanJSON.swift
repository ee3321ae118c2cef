import Foundation

/// What the scan report decoders ask of a JSON value: members (a JSON `null` member is absent),
/// strings, numbers, arrays and the shape's name for messages. ``SecurityJSON`` (a tree) and
/// ``ScanTapeValue`` (a place on a ``JSONTape``, nothing built) both answer alike, so a report
/// reads the same through either.
protocol ScanJSON {
  /// The member `key`, when this is an object that has it and it is not `null`.
  subscript(key: String) -> Self? { get }
  /// The text, when this is a string.
  var string: String? { get }
  /// The text, when this is a string that is not blank.
  var text: String? { get }
  /// The number, when this is one.
  var number: Double? { get }
  /// The items, when this is an array.
  var array: [Self]? { get }
  /// True when this is an object.
  var isObject: Bool { get }
  /// A word for the value's shape, for messages.
  var kindDescription: String { get }
}

extension SecurityJSON: ScanJSON {
  var isObject: Bool { object != nil }
}

/// A value on a ``JSONTape``, read where it lies: no tree, and a string made only for the
/// members a decoder asks for.
///
/// The tape is not retained: a value is only valid while its tape lives (the reader keeps it
/// alive while it decodes).
struct ScanTapeValue: ScanJSON {
  unowned(unsafe) let tape: JSONTape
  let value: JSONTape.Value

  subscript(key: String) -> ScanTapeValue? {
    guard tape.isObject(value) else { return nil }
    var key = key
    let found = key.withUTF8 { tape.member(value, named: UnsafeRawBufferPointer($0)) }
    guard let found, !tape.isNull(found) else { return nil }
    return ScanTapeValue(tape: tape, value: found)
  }

  var string: String? { tape.string(value) }

  var text: String? {
    guard let string, !string.trimmingWhitespace().isEmpty else { return nil }
    return string
  }

  var number: Double? { tape.number(value) }

  var array: [ScanTapeValue]? {
    guard tape.isArray(value) else { return nil }
    var items: [ScanTapeValue] = []
    items.reserveCapacity(tape.count(value))
    for item in tape.items(value) { items.append(ScanTapeValue(tape: tape, value: item)) }
    return items
  }

  var isObject: Bool { tape.isObject(value) }

  var kindDescription: String { tape.kindDescription(value) }
}

extension ScanTapeValue {
  /// Parses a scan report's bytes onto a tape the way ``SecurityJSON/read(_:expecting:)`` reads
  /// them (a leading byte-order mark skipped, the same limits); nil when that read would not
  /// give a value: not UTF-8, not JSON, a number beyond a double. The caller then reads the file
  /// the old way, which words the error.
  static func parse(_ source: EvidenceSource) -> JSONTape? {
    // The file's bytes are let go once the tape holds its own copy.
    guard case .success(let data) = source.data() else { return nil }
    return parse(data)
  }

  /// Parses `data` as ``parse(_:)-(EvidenceSource)`` parses a file's bytes.
  static func parse(_ data: Data) -> JSONTape? {
    guard let tape = data.withUnsafeBytes(parse(bytes:)), tape.numbersFitDoubles else {
      return nil
    }
    return tape
  }

  /// A scan report's bytes on a tape: a leading byte-order mark skipped, nesting bounded as
  /// ``JSONText`` bounds it, duplicate keys refused; nil when they are not UTF-8 or not JSON.
  static func parse(bytes whole: UnsafeRawBufferPointer) -> JSONTape? {
    var bytes = whole
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3))
    }
    // A value takes at least one byte of text: the events are bounded by the size.
    let limits = JSONTape.Limits(
      maxDepth: JSONText.maxDepth, maxValues: max(bytes.count, 16), rejectDuplicateKeys: true,
      rejectNUL: false)
    guard case .success(let tape) = JSONTape.parse(bytes, limits: limits) else { return nil }
    return tape
  }
}

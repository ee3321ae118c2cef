internal import CJSONTape
import Foundation

/// A JSON document read by RapidJSON's SAX parser (the CJSONTape target) into a flat list of
/// events, with no tree: strings are unescaped in place, inside the tape's own copy of the text,
/// and each container links to its end, so skipping a value of any size is one step.
///
/// For big documents read once (trend's reports, vulnerability scans), where building a jansson
/// tree costs ten times the parse. The text must be UTF-8 (RFC 8259); containers nest at most
/// ``Limits/maxDepth`` deep and at most ``Limits/maxValues`` events are kept. A failure names
/// what is wrong and the byte offset; callers word it (``JSONText`` gives jansson's wording for
/// the same bytes).
final class JSONTape {
  /// Bytes allocated past a text's end: the 4 the parser's terminator and key reads need, and 16
  /// more, so that RapidJSON's aligned 16-byte SSE2 loads near the end stay inside the buffer.
  static let padding = 4 + 16

  /// Bounds and strictness of a parse.
  struct Limits: Sendable {
    /// Deepest nesting of arrays and objects.
    var maxDepth = JSONText.maxDepth
    /// Most events (a scalar is one; a container two, plus one per key).
    var maxValues = 16_000_000
    /// A key written twice in one object is a failure.
    var rejectDuplicateKeys = true
    /// A string or key holding U+0000 is a failure.
    var rejectNUL = false
  }

  /// Why a parse failed, and the byte offset where.
  struct Failure: Error, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
      /// Not JSON; RapidJSON's error code.
      case syntax(Int)
      case invalidUTF8, tooDeep, tooManyValues, duplicateKey, nulInString, outOfMemory
      /// The file cannot be read (the message says why), or is larger than the limit.
      case unreadable(String)
      case tooLarge
    }
    var reason: Reason
    var offset: Int

    /// What is wrong, in words (without the place).
    func describe(limits: Limits) -> String {
      switch reason {
      case .syntax: "the text is not valid JSON"
      case .invalidUTF8: "the text is not valid UTF-8; save the file as UTF-8"
      case .tooDeep:
        "arrays and objects nest deeper than \(limits.maxDepth) levels, more than gonogo reads"
      case .tooManyValues: "it holds more than \(limits.maxValues) JSON values, more than gonogo reads"
      case .duplicateKey: "a key is written twice in one object; each key must be named once"
      case .nulInString: "a string holds a NUL character (\\u0000), which gonogo cannot read"
      case .outOfMemory: "there is not enough memory to read it"
      case .unreadable(let message): message
      case .tooLarge: "the file is too large"
      }
    }
  }

  /// A value on the tape: the index of its first event.
  struct Value {
    fileprivate let index: Int
  }

  /// Memory one thread reuses from document to document: the text buffer and the event list of
  /// the last tape, handed back when it is released. Reading many documents in a row then
  /// neither maps fresh pages for each nor leaves the last one's out of the cache.
  final class Buffers {
    fileprivate var text: UnsafeMutableRawPointer?
    fileprivate var textCapacity = 0
    fileprivate var events: UnsafeMutablePointer<gonogo_json_event>?
    fileprivate var eventCapacity = 0

    init() {}

    deinit {
      free(text)
      free(events)
    }

    /// The text buffer, with room for `capacity` bytes (plus ``JSONTape/padding``); the
    /// caller owns it.
    fileprivate func takeText(capacity: Int) -> UnsafeMutableRawPointer? {
      guard let kept = text, textCapacity >= capacity else {
        return malloc(capacity + JSONTape.padding)
      }
      text = nil
      return kept
    }

    /// The event list, which the caller owns.
    fileprivate func takeEvents() -> (UnsafeMutablePointer<gonogo_json_event>?, Int) {
      defer {
        events = nil
        eventCapacity = 0
      }
      return (events, eventCapacity)
    }

    /// Keeps a released tape's memory for the next document (freeing what it replaces).
    fileprivate func keep(
      text: UnsafeMutableRawPointer, capacity: Int, events: UnsafeMutablePointer<gonogo_json_event>?,
      eventCapacity: Int
    ) {
      free(self.text)
      self.text = text
      textCapacity = capacity
      free(self.events)
      self.events = events
      self.eventCapacity = eventCapacity
    }
  }

  /// The text (parsed in place) and the events.
  private let text: UnsafeMutableRawPointer
  let byteCount: Int
  private let textCapacity: Int
  private var tape: gonogo_json_tape
  private let events: UnsafePointer<gonogo_json_event>
  private let buffers: Buffers?

  private init(
    text: UnsafeMutableRawPointer, byteCount: Int, textCapacity: Int, tape: gonogo_json_tape,
    buffers: Buffers?
  ) {
    self.text = text
    self.byteCount = byteCount
    self.textCapacity = textCapacity
    self.tape = tape
    self.buffers = buffers
    events = UnsafePointer(tape.events!)
  }

  deinit {
    if let buffers {
      buffers.keep(
        text: text, capacity: textCapacity, events: tape.events, eventCapacity: tape.capacity)
    } else {
      gonogo_json_tape_free(&tape)
      free(text)
    }
  }

  /// Parses a copy of `bytes`.
  static func parse(_ bytes: UnsafeRawBufferPointer, limits: Limits = Limits()) -> Result<
    JSONTape, Failure
  > {
    guard let text = malloc(bytes.count + JSONTape.padding) else {
      return .failure(Failure(reason: .outOfMemory, offset: 0))
    }
    if let base = bytes.baseAddress { memcpy(text, base, bytes.count) }
    return parse(owning: text, count: bytes.count, capacity: bytes.count, limits: limits)
  }

  /// Parses a copy of `data`.
  static func parse(_ data: Data, limits: Limits = Limits()) -> Result<JSONTape, Failure> {
    data.withUnsafeBytes { parse($0, limits: limits) }
  }

  /// Reads the file at `path` (at most `maxBytes`) straight into the tape's buffer and parses it;
  /// with `buffers`, in memory an earlier tape handed back.
  static func read(
    path: String, maxBytes: Int, limits: Limits = Limits(), buffers: Buffers? = nil
  ) -> Result<JSONTape, Failure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      return .failure(Failure(reason: .unreadable(String(cString: strerror(errno))), offset: 0))
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      return .failure(Failure(reason: .unreadable(String(cString: strerror(errno))), offset: 0))
    }
    guard Int(status.st_size) <= maxBytes else {
      return .failure(Failure(reason: .tooLarge, offset: 0))
    }
    // The size may change while reading: read until the end, within the limit. One byte more
    // than the size lets the read that finds the end return 0 without growing the buffer.
    var capacity = max(min(Int(status.st_size), maxBytes) + 1, 4096)
    guard
      var text = buffers?.takeText(capacity: capacity) ?? malloc(capacity + JSONTape.padding)
    else {
      return .failure(Failure(reason: .outOfMemory, offset: 0))
    }
    var count = 0
    while true {
      if count == capacity {
        guard capacity < maxBytes + 1 else { break }
        capacity = min(capacity * 2, maxBytes + 1)
        guard let larger = realloc(text, capacity + JSONTape.padding) else {
          free(text)
          return .failure(Failure(reason: .outOfMemory, offset: 0))
        }
        text = larger
      }
      let got = Glibc.read(descriptor, text + count, capacity - count)
      if got < 0 {
        if errno == EINTR { continue }
        let message = String(cString: strerror(errno))
        free(text)
        return .failure(Failure(reason: .unreadable(message), offset: 0))
      }
      if got == 0 { break }
      count += got
    }
    guard count <= maxBytes else {
      free(text)
      return .failure(Failure(reason: .tooLarge, offset: 0))
    }
    return parse(owning: text, count: count, capacity: capacity, limits: limits, buffers: buffers)
  }

  /// Parses `count` bytes at `text` (allocated with `capacity + padding` bytes,
  /// `capacity >= count`), which the tape owns from here on, also on failure (then freed). With
  /// `buffers`, the events are recorded in the list an earlier tape handed back, and the memory is
  /// handed back when the tape is released.
  private static func parse(
    owning text: UnsafeMutableRawPointer, count: Int, capacity: Int, limits: Limits,
    buffers: Buffers? = nil
  ) -> Result<JSONTape, Failure> {
    memset(text + count, 0, 4)
    var options: UInt32 = 0
    if limits.rejectDuplicateKeys { options |= UInt32(GONOGO_JSON_REJECT_DUPLICATE_KEYS) }
    if limits.rejectNUL { options |= UInt32(GONOGO_JSON_REJECT_NUL) }
    var tape = gonogo_json_tape()
    let (events, eventCapacity) = buffers?.takeEvents() ?? (nil, 0)
    let status = gonogo_json_parse_into(
      text.assumingMemoryBound(to: CChar.self), count, max(limits.maxDepth, 1),
      max(limits.maxValues, 1), options, events, eventCapacity, &tape)
    guard status == GONOGO_JSON_OK, tape.events != nil, tape.count > 0 else {
      free(text)
      gonogo_json_tape_free(&tape)
      let reason: Failure.Reason =
        switch status {
        case GONOGO_JSON_INVALID_UTF8: .invalidUTF8
        case GONOGO_JSON_TOO_DEEP: .tooDeep
        case GONOGO_JSON_TOO_MANY_VALUES: .tooManyValues
        case GONOGO_JSON_DUPLICATE_KEY: .duplicateKey
        case GONOGO_JSON_NUL_IN_STRING: .nulInString
        case GONOGO_JSON_OUT_OF_MEMORY: .outOfMemory
        default: .syntax(Int(tape.syntax))
        }
      return .failure(Failure(reason: reason, offset: Int(tape.error_offset)))
    }
    return .success(
      JSONTape(text: text, byteCount: count, textCapacity: capacity, tape: tape, buffers: buffers))
  }

  // MARK: Reading values

  /// The document's value.
  var root: Value { Value(index: 0) }

  @inline(__always) private func kind(_ index: Int) -> UInt32 { events[index].kind }

  var isEmpty: Bool { tape.count == 0 }

  /// True when `value` is an object.
  @inline(__always) func isObject(_ value: Value) -> Bool {
    kind(value.index) == UInt32(GONOGO_JSON_OBJECT.rawValue)
  }

  /// True when `value` is an array.
  @inline(__always) func isArray(_ value: Value) -> Bool {
    kind(value.index) == UInt32(GONOGO_JSON_ARRAY.rawValue)
  }

  /// True when `value` is `null`.
  func isNull(_ value: Value) -> Bool { kind(value.index) == UInt32(GONOGO_JSON_NULL.rawValue) }

  /// The boolean `value` holds; nil when it is not `true` or `false`.
  func bool(_ value: Value) -> Bool? {
    switch kind(value.index) {
    case UInt32(GONOGO_JSON_TRUE.rawValue): true
    case UInt32(GONOGO_JSON_FALSE.rawValue): false
    default: nil
    }
  }

  /// Members of an object, or items of an array (0 for a scalar).
  func count(_ value: Value) -> Int {
    isObject(value) || isArray(value) ? Int(events[value.index].length) : 0
  }

  /// The bytes of a string, key or number event, valid while the tape lives.
  @inline(__always) private func bytes(_ index: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(
      start: text + Int(events[index].offset), count: Int(events[index].length))
  }

  /// The UTF-8 bytes of a string `value` (valid while the tape lives); nil for another kind.
  @inline(__always) func stringBytes(_ value: Value) -> UnsafeRawBufferPointer? {
    kind(value.index) == UInt32(GONOGO_JSON_STRING.rawValue) ? bytes(value.index) : nil
  }

  /// The string `value` holds; nil for another kind.
  @inline(__always) func string(_ value: Value) -> String? {
    stringBytes(value).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The number `value` holds, as a double; nil for another kind (or a number beyond a double).
  func number(_ value: Value) -> Double? {
    guard kind(value.index) == UInt32(GONOGO_JSON_NUMBER.rawValue) else { return nil }
    let text = bytes(value.index)
    var buffer = (0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64)
    // strtod needs a terminated string; numbers are short, longer ones are copied.
    let parsed: Double? = withUnsafeMutableBytes(of: &buffer) { small in
      func convert(_ target: UnsafeMutableRawBufferPointer) -> Double? {
        guard let base = target.baseAddress else { return nil }
        memcpy(base, text.baseAddress!, text.count)
        target[text.count] = 0
        let value = strtod(base.assumingMemoryBound(to: CChar.self), nil)
        return value.isFinite ? value : nil
      }
      if text.count < small.count { return convert(small) }
      let large = UnsafeMutableRawBufferPointer.allocate(byteCount: text.count + 1, alignment: 1)
      defer { large.deallocate() }
      return convert(large)
    }
    return parsed
  }

  /// The byte offset in the text where `value` starts (for a string, after its quote).
  func offset(_ value: Value) -> Int { Int(events[value.index].offset) }

  /// The object's members, in document order: each key's bytes and its value.
  func members(_ value: Value) -> Members {
    guard isObject(value) else { return Members(tape: self, cursor: 0, end: 0) }
    return Members(tape: self, cursor: value.index + 1, end: Int(events[value.index].offset))
  }

  /// The array's items, in order.
  func items(_ value: Value) -> Items {
    guard isArray(value) else { return Items(tape: self, cursor: 0, end: 0) }
    return Items(tape: self, cursor: value.index + 1, end: Int(events[value.index].offset))
  }

  /// The value of the member named `key`; nil when there is none or `value` is no object.
  func member(_ value: Value, _ key: StaticString) -> Value? {
    for (name, member) in members(value) where JSONTape.equal(name, key) { return member }
    return nil
  }

  /// The string member named `key`; nil when absent or not a string.
  func string(_ value: Value, _ key: StaticString) -> String? {
    member(value, key).flatMap(string)
  }

  /// The number member named `key`; nil when absent or not a number.
  func number(_ value: Value, _ key: StaticString) -> Double? {
    member(value, key).flatMap(number)
  }

  /// The index after the value starting at `index`.
  @inline(__always) fileprivate func after(_ index: Int) -> Int {
    let event = events[index]
    if event.kind == UInt32(GONOGO_JSON_OBJECT.rawValue)
      || event.kind == UInt32(GONOGO_JSON_ARRAY.rawValue)
    {
      return Int(event.offset) + 1
    }
    return index + 1
  }

  /// An object's members.
  struct Members: Sequence, IteratorProtocol {
    fileprivate let tape: JSONTape
    fileprivate var cursor: Int
    fileprivate let end: Int

    mutating func next() -> (key: UnsafeRawBufferPointer, value: Value)? {
      guard cursor < end else { return nil }
      let key = tape.bytes(cursor)
      let value = Value(index: cursor + 1)
      cursor = tape.after(cursor + 1)
      return (key, value)
    }
  }

  /// An array's items.
  struct Items: Sequence, IteratorProtocol {
    fileprivate let tape: JSONTape
    fileprivate var cursor: Int
    fileprivate let end: Int

    mutating func next() -> Value? {
      guard cursor < end else { return nil }
      let value = Value(index: cursor)
      cursor = tape.after(cursor)
      return value
    }
  }

  /// True when the key's bytes spell `name`.
  @inline(__always) static func equal(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool
  {
    let count = key.count
    guard count == name.utf8CodeUnitCount else { return false }
    guard count > 0, let bytes = key.baseAddress else { return count == 0 }
    let spelled = UnsafeRawPointer(name.utf8Start)
    // Keys of 4 to 16 bytes are compared as two words that may overlap.
    if count >= 8 && count <= 16 {
      return bytes.loadUnaligned(as: UInt64.self) == spelled.loadUnaligned(as: UInt64.self)
        && bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
          == spelled.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 && count < 8 {
      return bytes.loadUnaligned(as: UInt32.self) == spelled.loadUnaligned(as: UInt32.self)
        && bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
          == spelled.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    return memcmp(bytes, spelled, count) == 0
  }

  /// 1-based line and column (in Unicode scalars) of byte `offset` in `bytes`.
  static func location(ofByte offset: Int, in bytes: UnsafeRawBufferPointer) -> (
    line: Int, column: Int
  ) {
    var line = 1
    var column = 1
    for byte in bytes.prefix(max(0, min(offset, bytes.count))) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}

extension JSONTape {
  /// The value at `value` built as a `Result` tree (numbers as doubles); nil when a number does
  /// not fit a double, which jansson refuses too.
  func build<Result: JSONBuildable>(_ value: Value, as _: Result.Type) -> Result? {
    switch kind(value.index) {
    case UInt32(GONOGO_JSON_OBJECT.rawValue):
      var object: [String: Result] = [:]
      object.reserveCapacity(count(value))
      for (key, member) in members(value) {
        guard let built = build(member, as: Result.self) else { return nil }
        object[String(decoding: key, as: UTF8.self)] = built
      }
      return .object(object)
    case UInt32(GONOGO_JSON_ARRAY.rawValue):
      var list: [Result] = []
      list.reserveCapacity(count(value))
      for item in items(value) {
        guard let built = build(item, as: Result.self) else { return nil }
        list.append(built)
      }
      return .array(list)
    case UInt32(GONOGO_JSON_STRING.rawValue):
      return .string(String(decoding: bytes(value.index), as: UTF8.self))
    case UInt32(GONOGO_JSON_NUMBER.rawValue):
      return number(value).map { .real($0) }
    case UInt32(GONOGO_JSON_TRUE.rawValue): return .bool(true)
    case UInt32(GONOGO_JSON_FALSE.rawValue): return .bool(false)
    default: return .null
    }
  }
}

extension JSONTape {
  /// True when every number on the tape fits a double, as ``build(_:as:)`` needs of a document
  /// it builds: a reader that walks the tape instead refuses the same documents.
  var numbersFitDoubles: Bool {
    for index in 0..<tape.count where kind(index) == UInt32(GONOGO_JSON_NUMBER.rawValue) {
      let text = bytes(index)
      // Without an exponent, a number of at most 300 digits is far below a double's range.
      if text.count <= 300, !text.contains(UInt8(ascii: "e")), !text.contains(UInt8(ascii: "E"))
      {
        continue
      }
      if number(Value(index: index)) == nil { return false }
    }
    return true
  }

  /// A word for the shape of `value`, for messages ("an object", "a string", "null"…).
  func kindDescription(_ value: Value) -> String {
    switch kind(value.index) {
    case UInt32(GONOGO_JSON_OBJECT.rawValue): "an object"
    case UInt32(GONOGO_JSON_ARRAY.rawValue): "an array"
    case UInt32(GONOGO_JSON_STRING.rawValue): "a string"
    case UInt32(GONOGO_JSON_NUMBER.rawValue): "a number"
    case UInt32(GONOGO_JSON_TRUE.rawValue), UInt32(GONOGO_JSON_FALSE.rawValue): "a boolean"
    default: "null"
    }
  }

  /// The member of object `value` whose key's bytes are `key`'s; nil when there is none.
  func member(_ value: Value, named key: UnsafeRawBufferPointer) -> Value? {
    for (name, member) in members(value)
    where name.count == key.count
      && (key.count == 0 || memcmp(name.baseAddress!, key.baseAddress!, key.count) == 0)
    {
      return member
    }
    return nil
  }
}

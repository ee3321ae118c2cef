/// Writes JSON text straight into bytes, in the one layout gonogo uses everywhere: two-space
/// indentation (or none), `"key": value`, `{}` and `[]` when empty, keys in the order written.
///
/// Writers of objects with known keys (the report's gates and findings) emit them already sorted,
/// so the output is byte for byte what ``JSONValue/serialized(indent:pretty:)`` gives for the same
/// value, without building a tree of dictionaries first.
struct JSONWriter {
  /// The text written so far, as UTF-8.
  private(set) var bytes: [UInt8] = []
  private let pretty: Bool
  private var level: Int
  /// True while the innermost open container has no member yet.
  private var first = true
  /// Where a long document goes as it is written, instead of into one buffer.
  private let sink: (([UInt8]) -> Void)?

  /// A writer whose values sit at nesting `level` (for parts of a larger document). With a
  /// `sink`, the text goes there in pieces (each long array's runs handed over as they are) and
  /// ``finish()`` hands over the rest.
  init(
    pretty: Bool = true, level: Int = 0, capacity: Int = 1024,
    sink: (([UInt8]) -> Void)? = nil
  ) {
    self.pretty = pretty
    self.level = level
    self.sink = sink
    bytes.reserveCapacity(capacity)
  }

  // MARK: Containers

  /// Writes an object; `body` writes its members with ``key(_:)`` followed by a value.
  mutating func object(_ body: (inout JSONWriter) -> Void) {
    open(UInt8(ascii: "{"))
    body(&self)
    close(UInt8(ascii: "}"))
  }

  /// Writes an array of `items`, each with `write`.
  mutating func array<Items: Sequence>(
    _ items: Items, _ write: (inout JSONWriter, Items.Element) -> Void
  ) {
    open(UInt8(ascii: "["))
    for item in items {
      separate()
      write(&self, item)
    }
    close(UInt8(ascii: "]"))
  }

  /// Writes an array of `items`, each with `write`, in runs of `chunk` items on every core, joined
  /// in order: the same bytes as ``array(_:_:)``.
  mutating func array<Item: Sendable>(
    _ items: [Item], chunk: Int, _ write: @Sendable (inout JSONWriter, Item) -> Void
  ) {
    guard items.count > chunk else {
      array(items, write)
      return
    }
    open(UInt8(ascii: "["))
    let runs = Array(stride(from: 0, to: items.count, by: chunk))
    let (pretty, level) = (self.pretty, self.level)
    // With a sink, the runs go out a few at a time, so the memory of one wave serves the next.
    let wave = sink == nil ? runs.count : 16
    for waveStart in stride(from: 0, to: runs.count, by: wave) {
      let parts = Parallel.map(Array(runs[waveStart..<min(runs.count, waveStart + wave)])) {
        start in
        var part = JSONWriter(pretty: pretty, level: level, capacity: chunk * 1024)
        part.first = start == 0
        for index in start..<min(items.count, start + chunk) {
          part.separate()
          write(&part, items[index])
        }
        return part.bytes
      }
      if let sink {
        if !bytes.isEmpty { sink(bytes) }
        bytes.removeAll(keepingCapacity: true)
        for part in parts { sink(part) }
      } else {
        for part in parts { bytes.append(contentsOf: part) }
      }
    }
    first = false
    close(UInt8(ascii: "]"))
  }

  /// Ends the document with a newline and hands what is left to the sink.
  mutating func finish() {
    bytes.append(UInt8(ascii: "\n"))
    sink?(bytes)
    bytes.removeAll()
  }

  /// Starts an object member: the separator, the indentation and `"key": `.
  mutating func key(text key: String) {
    separate()
    string(key)
    colon()
  }

  /// ``key(text:)`` for a key written in the source, which never needs escaping: copied as is.
  mutating func key(_ key: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    key.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(UInt8(ascii: "\""))
    colon()
  }

  private mutating func colon() {
    bytes.append(UInt8(ascii: ":"))
    if pretty { bytes.append(UInt8(ascii: " ")) }
  }

  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    first = true
    level += 1
  }

  private mutating func close(_ bracket: UInt8) {
    level -= 1
    if !first { newline() }
    bytes.append(bracket)
    first = false
  }

  /// Before a member or an item: a comma unless it is the first, then a new indented line.
  private mutating func separate() {
    if !first { bytes.append(UInt8(ascii: ",")) }
    first = false
    newline()
  }

  private mutating func newline() {
    guard pretty else { return }
    bytes.append(UInt8(ascii: "\n"))
    let width = level * 2
    if width <= JSONWriter.spaces.count {
      JSONWriter.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: $0[..<width]) }
    } else {
      bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
    }
  }

  private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

  // MARK: Scalars and values

  mutating func null() { bytes.append(contentsOf: "null".utf8) }

  mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

  mutating func int(_ value: Int) {
    guard value >= 0 && value < 10 else {
      bytes.append(contentsOf: String(value).utf8)
      return
    }
    bytes.append(UInt8(ascii: "0") + UInt8(value))
  }

  mutating func double(_ value: Double) { bytes.append(contentsOf: JSONValue.format(value).utf8) }

  /// A JSON string, escaped (see ``JSONValue/writeString(_:to:)``).
  mutating func string(_ value: String) { JSONValue.writeString(value, to: &bytes) }

  /// `{"column": …, "file": …, "line": …}`, a place in a file.
  mutating func location(file: String, line: Int?, column: Int?) {
    object { out in
      if let column {
        out.key("column")
        out.int(column)
      }
      out.key("file")
      out.string(file)
      if let line {
        out.key("line")
        out.int(line)
      }
    }
  }

  /// Any JSON value, objects with their keys sorted.
  mutating func value(_ value: JSONValue) {
    switch value {
    case .null: null()
    case .bool(let bool): self.bool(bool)
    case .int(let int): self.int(int)
    case .double(let double): self.double(double)
    case .string(let string): self.string(string)
    case .array(let items):
      if items.count >= JSONValue.parallelItems {
        array(items, chunk: JSONValue.parallelItems / 2) { $0.value($1) }
      } else {
        array(items) { $0.value($1) }
      }
    case .object(let members):
      object { out in
        for key in members.keys.sorted() {
          out.key(text: key)
          out.value(members[key, default: .null])
        }
      }
    }
  }
}

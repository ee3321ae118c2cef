/// The caps on evidence quoted in a report. Evidence is untrusted, and a check may quote what it
/// found (the `query` kind puts the value a path matched in `measured`), so every finding caps
/// its message and its measured and expected values when it is made: each renderer then quotes
/// only capped text, and a report stays small whatever the evidence holds.
///
/// A cut keeps the start and says how big the original was: `"aaa… (1.2 MB in total)"`,
/// `[1, 2, …, "… (5000 items in total)"]`, `{"k1": 1, …, "…": "… (300 keys in total)"}`, and a
/// container nested too deep becomes `"… (an array of 3 items)"`. Capping a capped value changes
/// nothing.
public enum QuotedValue {
  /// Strings (values and keys) longer than this many UTF-8 bytes are cut.
  public static let maxStringBytes = 160
  /// Bytes kept of a string that is cut; the rest of the limit holds the size note.
  static let keptStringBytes = 128
  /// Items or keys shown of one array or object, the note about the rest included.
  public static let maxItems = 8
  /// Levels of arrays and objects shown inside one value; deeper ones are summarised.
  public static let maxDepth = 4
  /// Values (containers, scalars and notes) shown in all the measured, or all the expected,
  /// values of one finding.
  public static let maxValues = 48
  /// Messages longer than this many UTF-8 bytes are cut.
  public static let maxMessageBytes = 4_096
  /// Bytes kept of a message that is cut.
  static let keptMessageBytes = 4_032

  /// The values of a finding's `measured` or `expected`, capped together.
  public static func cap(_ values: [String: JSONValue]?) -> [String: JSONValue]? {
    guard let values else { return nil }
    if isWithinCaps(values) { return values }
    var budget = maxValues
    var capped: [String: JSONValue] = [:]
    let keys = values.keys.sorted()
    for (index, key) in keys.enumerated() {
      let name = cap(string: key)
      guard capped[name] == nil, let value = values[key] else { continue }
      // Every later value keeps at least its own place.
      let reserved = keys.count - index - 1
      budget -= reserved
      capped[name] = cap(value, depth: 0, budget: &budget)
      budget += reserved
    }
    return capped
  }

  /// True when capping would change nothing: at most ``maxValues`` values, each a number, a
  /// boolean, null or a short string under a short key. Most findings measure just that, so they
  /// are kept as they are without being rebuilt.
  static func isWithinCaps(_ values: [String: JSONValue]) -> Bool {
    guard values.count <= maxValues else { return false }
    for (key, value) in values {
      guard key.utf8.count <= maxStringBytes else { return false }
      switch value {
      case .null, .bool, .int, .double: continue
      case .string(let string): if string.utf8.count > maxStringBytes { return false }
      case .array, .object: return false
      }
    }
    return true
  }

  /// A message, cut when it is longer than ``maxMessageBytes``.
  public static func cap(message: String) -> String {
    cut(message, over: maxMessageBytes, keeping: keptMessageBytes)
  }

  /// A string, cut when it is longer than ``maxStringBytes``.
  static func cap(string: String) -> String {
    cut(string, over: maxStringBytes, keeping: keptStringBytes)
  }

  /// One value; `budget` is what is left of ``maxValues``. A value always takes at least one
  /// place, so a finding whose check names more than ``maxValues`` values shows them all.
  static func cap(_ value: JSONValue, depth: Int, budget: inout Int) -> JSONValue {
    budget -= 1
    switch value {
    case .string(let string):
      return .string(cap(string: string))
    case .array(let items):
      guard !items.isEmpty else { return value }
      if depth >= maxDepth || budget < 1 {
        return .string("… (an array of \(count(items.count, "item")))")
      }
      var shown: [JSONValue] = []
      for (index, item) in items.enumerated() {
        let more = index < items.count - 1
        if more && (shown.count >= maxItems - 1 || budget < 2) || budget < 1 {
          budget -= 1
          shown.append(.string("… (\(items.count) items in total)"))
          break
        }
        let reserved = more ? 1 : 0
        budget -= reserved
        shown.append(cap(item, depth: depth + 1, budget: &budget))
        budget += reserved
      }
      return .array(shown)
    case .object(let members):
      guard !members.isEmpty else { return value }
      if depth >= maxDepth || budget < 1 {
        return .string("… (an object with \(count(members.count, "key")))")
      }
      let keys = members.keys.sorted()
      var shown: [String: JSONValue] = [:]
      for (index, key) in keys.enumerated() {
        let more = index < keys.count - 1
        if more && (shown.count >= maxItems - 1 || budget < 2) || budget < 1 {
          budget -= 1
          shown["…"] = .string("… (\(members.count) keys in total)")
          break
        }
        let name = cap(string: key)
        guard shown[name] == nil, let member = members[key] else { continue }
        let reserved = more ? 1 : 0
        budget -= reserved
        shown[name] = cap(member, depth: depth + 1, budget: &budget)
        budget += reserved
      }
      return .object(shown)
    case .null, .bool, .int, .double:
      return value
    }
  }

  /// "1 item", "3 items".
  private static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }

  /// The text, or its first `kept` bytes (whole Unicode scalars) and a note of its size.
  private static func cut(_ text: String, over limit: Int, keeping kept: Int) -> String {
    let utf8 = text.utf8
    let total = utf8.count
    guard total > limit else { return text }
    var end = utf8.index(utf8.startIndex, offsetBy: kept)
    while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) { end = utf8.index(before: end) }
    return String(decoding: utf8[..<end], as: UTF8.self) + "… (\(size(total)) in total)"
  }

  /// A size in bytes for people: "830 bytes", "6.0 KB", "1.2 MB" (powers of 1000).
  static func size(_ bytes: Int) -> String {
    if bytes < 1_000 { return "\(bytes) bytes" }
    let (unit, name) = bytes < 1_000_000 ? (1_000, "KB") : (1_000_000, "MB")
    let tenths = (bytes * 10 + unit / 2) / unit
    return "\(tenths / 10).\(tenths % 10) \(name)"
  }
}

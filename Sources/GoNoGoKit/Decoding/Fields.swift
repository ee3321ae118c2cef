import Foundation
import LocatedYAML

/// Typed access to the keys of one YAML mapping; every problem becomes a diagnostic.
///
/// Unknown keys are reported when the value is created, with a "did you mean" suggestion.
public struct Fields {
  /// The mapping node.
  public let node: Node
  /// What the mapping is, for messages ("gate 'sre.runbook'", "waiver").
  public let context: String
  /// Where problems go.
  public let sink: DiagnosticSink
  private let pairs: [Node.Pair]
  /// The keys' texts, in the order of `pairs`.
  private let keys: [String]
  /// Keys suggested for misspelt ones: their absence is not reported a second time.
  private let suggested: Set<String>

  /// Reads `node` as a mapping with the given known keys; nil (with a diagnostic) otherwise.
  public init?(_ node: Node, context: String, known: [String], sink: DiagnosticSink) {
    guard let pairs = node.mapping else {
      sink.error(node.location, "\(context) must be a mapping, not \(node.kindDescription)")
      return nil
    }
    self.node = node
    self.context = context
    self.sink = sink
    self.pairs = pairs
    var suggested: Set<String> = []
    var keys: [String] = []
    keys.reserveCapacity(pairs.count)
    for index in pairs.indices {
      // The key's text, read in place: copying each pair would copy its value's subtree handle.
      var key = ""
      if case .scalar(let scalar) = pairs[index].key.content { key = scalar.text }
      keys.append(key)
      // Lengths first: most keys differ from most known keys in length, a cheaper test.
      let length = key.utf8.count
      if !known.contains(where: { $0.utf8.count == length && $0 == key }) {
        let pair = pairs[index]
        if let closest = Suggestion.closest(to: key, in: known) { suggested.insert(closest) }
        sink.error(
          pair.key.location,
          "unknown key '\(key)' in \(context)\(Suggestion.didYouMean(key, in: known))",
          hint: "known keys: \(known.joined(separator: ", "))")
      }
    }
    self.suggested = suggested
    self.keys = keys
  }

  /// The value node for `key`, if present.
  public func value(_ key: String) -> Node? {
    index(of: key).map { pairs[$0].value }
  }

  /// The position of `key` among the pairs (lengths compared first, as in `init`).
  private func index(of key: String) -> Int? {
    let length = key.utf8.count
    return keys.firstIndex { $0.utf8.count == length && $0 == key }
  }

  /// True when the key is present.
  public func has(_ key: String) -> Bool { index(of: key) != nil }

  /// Where the value of `key` is, else where the mapping is.
  public func location(of key: String) -> SourceLocation {
    guard let index = index(of: key) else { return node.location }
    return pairs[index].value.location
  }

  private func missing(_ key: String, _ what: String) {
    guard !suggested.contains(key) else { return }
    sink.error(
      node.location, "\(context) is missing '\(key)'", hint: "add '\(key): \(what)'")
  }

  private func wrongType(_ key: String, _ value: Node, _ expected: String) {
    sink.error(
      value.location,
      "'\(key)' in \(context) must be \(expected), not \(value.kindDescription)")
  }

  /// A string value (any scalar's text except null).
  public func string(_ key: String, required: Bool = false) -> String? {
    guard let index = index(of: key) else {
      if required { missing(key, "<text>") }
      return nil
    }
    // Read in place: the common case copies only the text.
    guard case .scalar(let scalar) = pairs[index].value.content, !scalar.isNull else {
      wrongType(key, pairs[index].value, "a string")
      return nil
    }
    if required && scalar.text.isBlank {
      sink.error(pairs[index].value.location, "'\(key)' in \(context) must not be empty")
      return nil
    }
    return scalar.text
  }

  /// An integer value, optionally within a range.
  public func int(_ key: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int?
  {
    guard let value = value(key) else {
      if required { missing(key, "<number>") }
      return nil
    }
    guard case .int(let int)? = value.scalar?.value else {
      // YAML reads a plain integer too large for 64 bits as text; say what is wrong with it.
      if let scalar = value.scalar, scalar.style == .plain, Self.isDecimalInteger(scalar.text) {
        let text = QuotedValue.cap(string: scalar.text)
        sink.error(
          value.location,
          range.map {
            "'\(key)' in \(context) must be between \($0.lowerBound) and \($0.upperBound), "
              + "not \(text)"
          } ?? "'\(key)' in \(context) is \(text), larger than the largest integer gonogo reads "
            + "(\(Int.max))")
        return nil
      }
      wrongType(key, value, "an integer")
      return nil
    }
    if let range, !range.contains(int) {
      sink.error(
        value.location,
        "'\(key)' in \(context) must be between \(range.lowerBound) and \(range.upperBound), not \(int)"
      )
      return nil
    }
    return int
  }

  /// `[-+]?[0-9]+`, the core schema's decimal integer.
  private static func isDecimalInteger(_ text: String) -> Bool {
    var digits = text.utf8[...]
    if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") {
      digits = digits.dropFirst()
    }
    return !digits.isEmpty
      && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  /// A number (integer or decimal).
  public func number(_ key: String, required: Bool = false) -> Double? {
    guard let value = value(key) else {
      if required { missing(key, "<number>") }
      return nil
    }
    switch value.scalar?.value {
    case .int(let int)?: return Double(int)
    case .float(let double)? where double.isFinite: return double
    default:
      wrongType(key, value, "a number")
      return nil
    }
  }

  /// A boolean (`true` / `false`).
  public func bool(_ key: String) -> Bool? {
    guard let index = index(of: key) else { return nil }
    if case .scalar(let scalar) = pairs[index].value.content, case .bool(let bool) = scalar.value {
      return bool
    }
    let value = pairs[index].value
    var message = "'\(key)' in \(context) must be true or false, not \(value.kindDescription)"
    if let text = value.scalar?.text,
      ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased())
    {
      message += " ('\(text)' is a string in YAML 1.2)"
    }
    sink.error(value.location, message, hint: "write true or false")
    return nil
  }

  /// A decimal number divided by 100 without rounding on the way: `99.9` → 0.999 exactly as
  /// written, not 0.9990000000000001. Plain decimals move their point two places; other forms
  /// (exponents) divide as `Decimal`s.
  static func hundredth(of digits: String) -> Double? {
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0].drop { $0 == "0" }
    let fraction = parts.count == 2 ? parts[1] : ""
    let isDigit: (Character) -> Bool = { $0.isASCII && $0.isWholeNumber }
    guard parts[0].allSatisfy(isDigit), fraction.allSatisfy(isDigit),
      !parts[0].isEmpty || !fraction.isEmpty
    else {
      guard let exact = Decimal(string: digits) else { return nil }
      return Double("\(exact / 100)")
    }
    let padded = String(repeating: "0", count: max(0, 2 - whole.count)) + whole
    return Double(padded.dropLast(2) + "." + padded.suffix(2) + fraction)
  }

  /// A percentage: `99.9%`, or a fraction between 0 and 1.
  public func percentage(_ key: String, required: Bool = false) -> Percentage? {
    guard let value = value(key) else {
      if required { missing(key, "<percent, e.g. 80%>") }
      return nil
    }
    switch value.scalar?.value {
    case .string(let text)? where text.hasSuffix("%"):
      let digits = text.dropLast().trimmingWhitespace()
      if let number = Double(digits), (0...100).contains(number),
        let fraction = Fields.hundredth(of: digits)
      {
        return Percentage(fraction: fraction, text: text)
      }
    case .int(let int)? where (0...1).contains(int):
      return Percentage(fraction: Double(int), text: value.scalar?.text)
    case .float(let double)? where (0...1).contains(double):
      return Percentage(fraction: double, text: value.scalar?.text)
    default:
      break
    }
    sink.error(
      value.location,
      "'\(key)' in \(context) must be a percentage such as 80% or a fraction between 0 and 1, "
        + "not '\(value.scalar?.text ?? value.kindDescription)'",
      hint: "write it with a percent sign, e.g. \(key): 80%")
    return nil
  }

  /// A duration such as `15m`, `2h`, `90d`.
  public func timespan(_ key: String, required: Bool = false) -> Timespan? {
    guard let value = value(key) else {
      if required { missing(key, "<duration, e.g. 30d>") }
      return nil
    }
    if let text = value.scalar?.text {
      switch Timespan.parse(text) {
      case .success(let span): return span
      case .failure(.tooLong):
        sink.error(
          value.location,
          "'\(key)' in \(context) is '\(text)', longer than 3650 days, the longest duration "
            + "gonogo accepts",
          hint: "write at most 3650d")
        return nil
      case .failure(.malformed): break
      }
    }
    sink.error(
      value.location,
      "'\(key)' in \(context) must be a duration such as 15m, 2h or 90d, "
        + "not '\(value.scalar?.text ?? value.kindDescription)'",
      hint: "units: s, m, h, d, w")
    return nil
  }

  /// A date (`2026-12-15`) or a date-time with a zone (`2026-12-01T09:00:00Z`).
  public func date(_ key: String, required: Bool = false) -> DateValue? {
    guard let value = value(key) else {
      if required { missing(key, "<date, e.g. 2026-12-15>") }
      return nil
    }
    if let text = value.scalar?.text {
      switch DateValue.parse(text) {
      case .success(let date): return date
      case .failure(.impossible(let reason)):
        sink.error(
          value.location, "'\(key)' in \(context) is '\(text)', which does not exist: \(reason)",
          hint: "write a date that is on the calendar, e.g. \(key): 2026-12-15")
        return nil
      case .failure(.malformed): break
      }
    }
    sink.error(
      value.location,
      "'\(key)' in \(context) must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone, "
        + "not '\(value.scalar?.text ?? value.kindDescription)'")
    return nil
  }

  /// One string or a sequence of strings, as a list of located strings.
  public func strings(_ key: String, required: Bool = false) -> [Located<String>]? {
    guard let value = value(key) else {
      if required { missing(key, "[<text>, …]") }
      return nil
    }
    if let scalar = value.scalar, !scalar.isNull {
      return [Located(scalar.text, at: value.location)]
    }
    guard let items = value.sequence else {
      wrongType(key, value, "a string or a list of strings")
      return nil
    }
    var result: [Located<String>] = []
    result.reserveCapacity(items.count)
    for index in items.indices {
      guard case .scalar(let scalar) = items[index].content, !scalar.isNull else {
        sink.error(
          items[index].location, "each entry of '\(key)' in \(context) must be a string")
        continue
      }
      result.append(Located(scalar.text, at: items[index].location))
    }
    if required && result.isEmpty {
      sink.error(value.location, "'\(key)' in \(context) must not be empty")
    }
    return result
  }

  /// A sequence of nodes.
  public func sequence(_ key: String, required: Bool = false) -> [Node]? {
    guard let value = value(key) else {
      if required { missing(key, "[…]") }
      return nil
    }
    if value.scalar?.isNull == true { return [] }
    guard let items = value.sequence else {
      wrongType(key, value, "a list")
      return nil
    }
    return items
  }

  /// One of a fixed set of words.
  public func choice<T: RawRepresentable & CaseIterable>(
    _ key: String, _ type: T.Type, required: Bool = false
  ) -> T? where T.RawValue == String {
    if required && !has(key) {
      missing(key, T.allCases.map(\.rawValue).joined(separator: "|"))
      return nil
    }
    guard let text = string(key) else { return nil }
    if let value = T(rawValue: text) { return value }
    let names = T.allCases.map(\.rawValue)
    sink.error(
      location(of: key),
      "'\(key)' in \(context) must be one of \(names.joined(separator: ", ")), not '\(text)'"
        + Suggestion.didYouMean(text, in: names))
    return nil
  }
}

/// A value with the position it was written at.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
  /// The value.
  public var value: Value
  /// Where it was written.
  public var location: SourceLocation

  /// Creates a located value.
  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }
}

extension StringProtocol {
  /// True when the text is empty or only whitespace and newlines.
  var isBlank: Bool {
    for byte in utf8 {
      switch byte {
      case 0x09...0x0D, 0x20: continue
      case 0x80...: return trimmingWhitespace().isEmpty
      default: return false
      }
    }
    return true
  }

  /// The text without leading and trailing whitespace and newlines.
  func trimmingWhitespace() -> String {
    // Nearly all text starts and ends with a visible ASCII character.
    let text = String(self)
    if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first),
      (0x21...0x7E).contains(last)
    {
      return text
    }
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isWhitespace { slice.removeLast() }
    return String(slice)
  }
}

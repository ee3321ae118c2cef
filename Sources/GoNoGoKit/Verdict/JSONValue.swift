/// A JSON value, for measured values and for the JSON report.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral
{
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue {
  /// Serializes with sorted keys and two-space indentation, byte for byte reproducible.
  public func serialized(indent: Int = 0, pretty: Bool = true) -> String {
    var output = ""
    write(to: &output, indent: indent, pretty: pretty)
    return output
  }

  private func write(to output: inout String, indent: Int, pretty: Bool) {
    let newline = pretty ? "\n" : ""
    let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
    let closePad = pretty ? String(repeating: "  ", count: indent) : ""
    switch self {
    case .null: output += "null"
    case .bool(let bool): output += bool ? "true" : "false"
    case .int(let int): output += String(int)
    case .double(let double): output += JSONValue.format(double)
    case .string(let string): JSONValue.writeString(string, to: &output)
    case .array(let items):
      if items.isEmpty {
        output += "[]"
        return
      }
      output += "[" + newline
      for (index, item) in items.enumerated() {
        output += pad
        item.write(to: &output, indent: indent + 1, pretty: pretty)
        output += (index < items.count - 1 ? "," : "") + newline
      }
      output += closePad + "]"
    case .object(let members):
      if members.isEmpty {
        output += "{}"
        return
      }
      output += "{" + newline
      let keys = members.keys.sorted()
      for (index, key) in keys.enumerated() {
        output += pad
        JSONValue.writeString(key, to: &output)
        output += pretty ? ": " : ":"
        members[key, default: .null].write(to: &output, indent: indent + 1, pretty: pretty)
        output += (index < keys.count - 1 ? "," : "") + newline
      }
      output += closePad + "}"
    }
  }

  /// Finite numbers in the shortest round-tripping form; NaN and infinities become null.
  static func format(_ double: Double) -> String {
    guard double.isFinite else { return "null" }
    if double == double.rounded(), abs(double) < 1e15 { return String(Int(double)) }
    return "\(double)"
  }

  static func writeString(_ string: String, to output: inout String) {
    output += "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{2028}": output += "\\u2028"
      case "\u{2029}": output += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}

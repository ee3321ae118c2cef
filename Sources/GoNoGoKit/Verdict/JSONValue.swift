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
    var writer = JSONWriter(pretty: pretty, level: indent)
    writer.value(self)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  /// Finite numbers in the shortest round-tripping form; NaN and infinities become null.
  static func format(_ double: Double) -> String {
    guard double.isFinite else { return "null" }
    if double == double.rounded(), abs(double) < 1e15 { return String(Int(double)) }
    return "\(double)"
  }

  /// Arrays at least this long are written on every core.
  static let parallelItems = 512

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  /// True when a byte is written as is: not a quote, a backslash, a control character, or the
  /// lead byte of U+2028/U+2029.
  private static func isPlain(_ byte: UInt8) -> Bool {
    byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F
      && byte != 0xE2 && byte != 0xC2
  }

  static func writeString(_ string: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    // Nearly every string needs no escape: copy it whole (a small string is copied out of its
    // inline storage first, which `withUTF8` does without allocating).
    var text = string
    let plain = text.withUTF8 { bytes in
      for byte in bytes where !isPlain(byte) { return false }
      output.append(contentsOf: bytes)
      return true
    }
    if plain {
      output.append(UInt8(ascii: "\""))
      return
    }
    // U+2028 and U+2029 (E2 80 A8/A9) are escaped so the output is safe inside JavaScript too,
    // and the C1 controls U+0080–U+009F (C2 80–9F) so that none reaches a terminal raw.
    let hex = Self.hex
    var iterator = string.utf8.makeIterator()
    var pending: [UInt8] = []
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x00..<0x20, 0x7F:
        output.append(contentsOf: [
          0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
        ])
      case 0xC2:
        guard let second = iterator.next() else {
          output.append(byte)
          continue
        }
        if (0x80...0x9F).contains(second) {
          output.append(contentsOf: [
            0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(second >> 4)], hex[Int(second & 0xF)],
          ])
        } else {
          output.append(contentsOf: [byte, second])
        }
      case 0xE2:
        pending = [byte]
        if let second = iterator.next() {
          pending.append(second)
          if second == 0x80, let third = iterator.next() {
            if third == 0xA8 || third == 0xA9 {
              output.append(contentsOf: Array("\\u202".utf8))
              output.append(third == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
              pending = []
              continue
            }
            pending.append(third)
          }
        }
        output.append(contentsOf: pending)
        pending = []
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}

/// Resolution of untagged plain scalars by the YAML 1.2 core schema (section 10.3.2).
enum CoreSchema {
  /// Resolves a plain scalar's text to a value.
  static func resolve(plain text: String) -> ScalarValue {
    // Most scalars are words: anything not starting like a number, null, bool or .inf/.nan is a
    // string without further matching.
    if let first = text.utf8.first {
      switch first {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
        UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"),
        UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
        break
      default:
        return .string(text)
      }
    }
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
    case ".nan", ".NaN", ".NAN": return .float(.nan)
    default: break
    }
    if let int = integer(text) { return int }
    // An integer too large for Int stays a string rather than silently losing precision.
    if isDecimalInteger(text) { return .string(text) }
    if isFloat(text), let double = Double(text) { return .float(double) }
    return .string(text)
  }

  /// Why a text does not fit the core-schema tag it carries, as the end of a sentence.
  struct Mismatch: Error {
    /// The end of the sentence, such as "is not an integer".
    var reason: String
  }

  /// Resolves text under an explicit core-schema tag (`!!str`, `!!int`, `!!float`, `!!bool`,
  /// `!!null`), whatever the scalar's style.
  static func resolve(_ text: String, tag: String) -> Result<ScalarValue, Mismatch> {
    switch tag.dropFirst(Tags.corePrefix.count) {
    case "str": return .success(.string(text))
    case "null":
      if case .null = resolve(plain: text) { return .success(.null) }
      return .failure(Mismatch(reason: "is not null"))
    case "bool":
      if case .bool(let value) = resolve(plain: text) { return .success(.bool(value)) }
      return .failure(Mismatch(reason: "is not true or false"))
    case "int":
      if let value = integer(text) { return .success(value) }
      if isInteger(text) {
        return .failure(Mismatch(reason: "is outside the range of a 64-bit integer"))
      }
      return .failure(Mismatch(reason: "is not an integer"))
    case "float":
      if case .float(let value) = resolve(plain: text) { return .success(.float(value)) }
      // Decimal integers, however long, are numbers too; hexadecimal and octal are not floats.
      if isDecimalInteger(text) || isFloat(text), let value = Double(text) {
        return .success(.float(value))
      }
      return .failure(Mismatch(reason: "is not a number"))
    default:
      return .failure(Mismatch(reason: "is not a value of that tag"))
    }
  }

  /// Whether the text has an integer's form (decimal, `0o` octal or `0x` hexadecimal), whether
  /// or not it fits in an `Int`.
  private static func isInteger(_ text: String) -> Bool {
    let bytes = text.utf8
    if text.hasPrefix("0o"), bytes.count > 2 {
      return bytes.dropFirst(2).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }
    }
    if text.hasPrefix("0x"), bytes.count > 2 { return bytes.dropFirst(2).allSatisfy(isHexDigit) }
    return isDecimalInteger(text)
  }

  private static func integer(_ text: String) -> ScalarValue? {
    let bytes = text.utf8
    guard !bytes.isEmpty else { return nil }
    if text.hasPrefix("0o"), bytes.count > 2,
      bytes.dropFirst(2).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) })
    {
      return Int(text.dropFirst(2), radix: 8).map(ScalarValue.int)
    }
    if text.hasPrefix("0x"), bytes.count > 2, bytes.dropFirst(2).allSatisfy(isHexDigit) {
      return Int(text.dropFirst(2), radix: 16).map(ScalarValue.int)
    }
    guard isDecimalInteger(text) else { return nil }
    return Int(text).map(ScalarValue.int)
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
      UInt8(ascii: "A")...UInt8(ascii: "F"):
      return true
    default: return false
    }
  }

  private static func isDecimalInteger(_ text: String) -> Bool {
    var digits = text.utf8[...]
    if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      digits = digits.dropFirst()
    }
    return !digits.isEmpty
      && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
  private static func isFloat(_ text: String) -> Bool {
    var index = text.unicodeScalars.startIndex
    let end = text.unicodeScalars.endIndex
    let scalars = text.unicodeScalars
    func digits() -> Int {
      var count = 0
      while index < end, ("0"..."9").contains(scalars[index]) {
        index = scalars.index(after: index)
        count += 1
      }
      return count
    }
    if index < end, scalars[index] == "-" || scalars[index] == "+" {
      index = scalars.index(after: index)
    }
    let whole = digits()
    var fraction = 0
    var hasDot = false
    if index < end, scalars[index] == "." {
      hasDot = true
      index = scalars.index(after: index)
      fraction = digits()
    }
    if whole == 0 && fraction == 0 { return false }
    if whole == 0 && !hasDot { return false }
    if index < end, scalars[index] == "e" || scalars[index] == "E" {
      index = scalars.index(after: index)
      if index < end, scalars[index] == "-" || scalars[index] == "+" {
        index = scalars.index(after: index)
      }
      if digits() == 0 { return false }
    }
    return index == end
  }
}

/// Resolution of untagged plain scalars by the YAML 1.2 core schema (section 10.3.2).
enum CoreSchema {
  /// Resolves a plain scalar's text to a value.
  static func resolve(plain text: String) -> ScalarValue {
    // Most scalars are words: a few byte checks tell them from null, true, false and numbers.
    // Native and small strings are contiguous; any other is read through a copy of its bytes.
    let form =
      text.utf8.withContiguousStorageIfAvailable(form(of:))
      ?? Array(text.utf8).withUnsafeBufferPointer(form(of:))
    switch form {
    case .word: return .string(text)
    case .null: return .null
    case .bool(let value): return .bool(value)
    case .number: return number(text)
    }
  }

  /// What a plain scalar's bytes can be, decided from its first byte and length.
  private enum PlainForm {
    case word, null, bool(Bool)
    /// Starts like a number, `.inf` or `.nan`: resolved by `number(_:)`.
    case number
  }

  private static func form(of bytes: UnsafeBufferPointer<UInt8>) -> PlainForm {
    guard let first = bytes.first else { return .null }
    switch first {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."):
      return .number
    case UInt8(ascii: "~"):
      return bytes.count == 1 ? .null : .word
    case UInt8(ascii: "n"), UInt8(ascii: "N"):
      return spells(bytes, "null", "Null", "NULL") ? .null : .word
    case UInt8(ascii: "t"), UInt8(ascii: "T"):
      return spells(bytes, "true", "True", "TRUE") ? .bool(true) : .word
    case UInt8(ascii: "f"), UInt8(ascii: "F"):
      return spells(bytes, "false", "False", "FALSE") ? .bool(false) : .word
    default:
      return .word
    }
  }

  /// Whether the bytes are one of the three spellings the core schema accepts for a word:
  /// lowercase, capitalised or uppercase.
  private static func spells(
    _ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString, _ capitalised: StaticString,
    _ upper: StaticString
  ) -> Bool {
    guard bytes.count == lower.utf8CodeUnitCount else { return false }
    func equal(_ word: StaticString) -> Bool {
      let letters = word.utf8Start
      for index in 0..<bytes.count where bytes[index] != letters[index] { return false }
      return true
    }
    return equal(lower) || equal(capitalised) || equal(upper)
  }

  /// Resolves a plain scalar that starts with a digit, a sign or a dot.
  private static func number(_ text: String) -> ScalarValue {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
    case ".nan", ".NaN", ".NAN": return .float(.nan)
    default: break
    }
    // A decimal integer (the common case) is read once; too large for Int, it stays a string
    // rather than silently losing precision.
    if isDecimalInteger(text) { return Int(text).map(ScalarValue.int) ?? .string(text) }
    if let int = integer(text) { return int }
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

/// A placeholder found in a byte buffer: where it is and how to report it.
struct MarkdownMatch: Equatable {
  /// Byte offset of the match in the scanned buffer.
  var offset: Int
  /// Length of the match in bytes.
  var length: Int
  /// The matched text with whitespace runs collapsed to one space.
  var text: String
}

/// Byte-level scanning of plain text for placeholders, and word counting.
enum MarkdownScan {
  private static let words: [[UInt8]] = [
    Array("TODO".utf8), Array("TBD".utf8), Array("FIXME".utf8),
  ]
  private static let lorem = Array("lorem".utf8)
  private static let ipsum = Array("ipsum".utf8)
  /// Longest `<fill-in>` recognised in plain text, in bytes.
  private static let maxFillIn = 80

  /// Placeholders in `bytes[range]`.
  ///
  /// These are the whole uppercase words `TODO`, `TBD` and `FIXME`, "lorem ipsum" (any case,
  /// any whitespace between) and `<fill-in>`s that cmark left as text, such as
  /// `<your team's name>` or `<1 hour>`. Bytes outside `range` count as non-word.
  static func placeholders(in bytes: [UInt8], range: Range<Int>) -> [MarkdownMatch] {
    var found: [MarkdownMatch] = []
    var index = range.lowerBound
    while index < range.upperBound {
      let byte = bytes[index]
      var length = 0
      if byte == 0x54 || byte == 0x46 {  // T, F
        length = wordMatch(bytes, at: index, range: range)
      } else if byte | 0x20 == 0x6C {  // l, L
        length = loremMatch(bytes, at: index, range: range)
      } else if byte == 0x3C {  // <
        length = fillInMatch(bytes, at: index, range: range)
      }
      if length > 0 {
        let text = collapsed(bytes[index..<(index + length)])
        found.append(MarkdownMatch(offset: index, length: length, text: text))
        index += length
      } else {
        index += 1
      }
    }
    return found
  }

  private static func wordMatch(_ bytes: [UInt8], at index: Int, range: Range<Int>) -> Int {
    for word in words where hasPrefix(bytes, word, at: index, range: range, caseless: false) {
      let end = index + word.count
      if !isWord(before: index, in: bytes, range: range)
        && !isWord(at: end, in: bytes, range: range)
      {
        return word.count
      }
    }
    return 0
  }

  private static func loremMatch(_ bytes: [UInt8], at index: Int, range: Range<Int>) -> Int {
    guard hasPrefix(bytes, lorem, at: index, range: range, caseless: true),
      !isWord(before: index, in: bytes, range: range)
    else { return 0 }
    var cursor = index + lorem.count
    let gapStart = cursor
    while cursor < range.upperBound, isBlank(bytes[cursor]) { cursor += 1 }
    guard cursor > gapStart, hasPrefix(bytes, ipsum, at: cursor, range: range, caseless: true)
    else { return 0 }
    let end = cursor + ipsum.count
    return isWord(at: end, in: bytes, range: range) ? 0 : end - index
  }

  private static func fillInMatch(_ bytes: [UInt8], at index: Int, range: Range<Int>) -> Int {
    guard !isWord(before: index, in: bytes, range: range),
      isWord(at: index + 1, in: bytes, range: range)
    else { return 0 }
    var cursor = index + 1
    var sawLetter = false
    let limit = min(range.upperBound, index + maxFillIn)
    while cursor < limit {
      let byte = bytes[cursor]
      if byte == 0x3E { break }  // >
      if byte == 0x3C || byte == 0x0A || byte == 0x0D { return 0 }
      if ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80 { sawLetter = true }
      cursor += 1
    }
    guard cursor < limit, sawLetter, !isBlank(bytes[cursor - 1]),
      !isWord(at: cursor + 1, in: bytes, range: range)
    else { return 0 }
    return cursor + 1 - index
  }

  private static func hasPrefix(
    _ bytes: [UInt8], _ prefix: [UInt8], at index: Int, range: Range<Int>, caseless: Bool
  ) -> Bool {
    guard range.upperBound - index >= prefix.count else { return false }
    for (offset, expected) in prefix.enumerated() {
      let actual = bytes[index + offset]
      if caseless ? (actual | 0x20) != expected : actual != expected { return false }
    }
    return true
  }

  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// Whether the scalar starting at `index` is a word character (letter, digit, mark, `_`).
  static func isWord(at index: Int, in bytes: [UInt8], range: Range<Int>) -> Bool {
    guard index >= range.lowerBound, index < range.upperBound else { return false }
    let lead = bytes[index]
    if lead < 0x80 { return isASCIIWord(lead) }
    let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    let end = min(index + width, range.upperBound)
    return String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first
      .map(isWordScalar) ?? false
  }

  /// Whether the scalar ending just before `index` is a word character.
  static func isWord(before index: Int, in bytes: [UInt8], range: Range<Int>) -> Bool {
    var start = index - 1
    guard start >= range.lowerBound, start < range.upperBound else { return false }
    while start > range.lowerBound, start > index - 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    return isWord(at: start, in: bytes, range: range)
  }

  private static func isASCIIWord(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
      || byte == 0x5F
  }

  /// Letters, marks, digits and connector punctuation: Unicode's "word" characters.
  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return isASCIIWord(UInt8(scalar.value)) }
    let properties = scalar.properties
    if properties.isAlphabetic { return true }
    switch properties.generalCategory {
    case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation:
      return true
    default:
      return false
    }
  }

  /// The bytes as text, with every run of whitespace collapsed to a single space.
  static func collapsed(_ bytes: ArraySlice<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var pendingSpace = false
    for byte in bytes {
      if isBlank(byte) {
        pendingSpace = true
      } else {
        if pendingSpace && !out.isEmpty { out.append(0x20) }
        pendingSpace = false
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// GitHub's heading anchor: lowercase, keep word characters, `-` and spaces, spaces to `-`.
  static func slug(_ text: String) -> String {
    // ASCII headings (nearly all) are slugged byte by byte; the same rules as below.
    var ascii: [UInt8] = []
    ascii.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      guard byte < 0x80 else { return slugOfScalars(text) }
      if byte == UInt8(ascii: " ") {
        ascii.append(UInt8(ascii: "-"))
      } else if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
        ascii.append(byte | 0x20)
      } else if byte == UInt8(ascii: "-") || isASCIIWord(byte) {
        ascii.append(byte)
      }
    }
    return String(decoding: ascii, as: UTF8.self)
  }

  /// `slug(_:)` for any text, scalar by scalar.
  static func slugOfScalars(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
      if scalar == " " {
        out.append("-")
      } else if scalar == "-" || isWordScalar(scalar) {
        out.append(scalar)
      }
    }
    return String(out)
  }
}

/// Streaming word counter: a word is a whitespace-separated token with a letter or digit.
struct MarkdownWordCounter {
  /// Words completed so far.
  private(set) var count = 0
  private var inToken = false
  private var tokenHasAlphanumeric = false

  /// Feeds text; a token may continue into the next call, as across emphasis boundaries.
  mutating func add(_ bytes: [UInt8]) {
    // ASCII bytes are classified inline; from the first other byte on (a character boundary),
    // the rest is read as Unicode scalars.
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      guard byte < 0x80 else {
        for scalar in String(decoding: bytes[index...], as: UTF8.self).unicodeScalars {
          feed(scalar)
        }
        return
      }
      feed(ascii: byte)
      index += 1
    }
  }

  @inline(__always)
  private mutating func feed(ascii byte: UInt8) {
    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
      end()
    } else {
      inToken = true
      if !tokenHasAlphanumeric {
        tokenHasAlphanumeric =
          (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
      }
    }
  }

  private mutating func feed(_ scalar: Unicode.Scalar) {
    if scalar.isASCII {
      feed(ascii: UInt8(scalar.value))
      return
    }
    if scalar.properties.isWhitespace {
      end()
      return
    }
    inToken = true
    if !tokenHasAlphanumeric {
      let properties = scalar.properties
      tokenHasAlphanumeric = properties.isAlphabetic || properties.numericType != nil
    }
  }

  /// Ends the current token (at a line break, code span, raw HTML or block boundary).
  mutating func end() {
    if inToken && tokenHasAlphanumeric { count += 1 }
    inToken = false
    tokenHasAlphanumeric = false
  }
}

/// Telling real HTML from `<fill-in>` placeholders that cmark parses as HTML.
enum MarkdownHTML {
  /// Elements treated as real markup: GitHub's sanitizer allow-list plus a few common extras.
  ///
  /// Anything else written as a tag (`<owner>`, `<service name>`) is taken for a fill-in.
  static let knownElements: Set<String> = [
    "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite",
    "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "input",
    "ins", "kbd", "li", "mark", "math", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "script", "small", "source", "span", "strike", "strong", "style", "sub", "summary",
    "sup", "svg", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "tt",
    "u", "ul", "var", "video", "wbr",
  ]
  /// Longest tag considered, in bytes.
  private static let maxTag = 1024
  /// Elements whose content is not prose (skipped when scanning HTML blocks).
  private static let rawTextElements: Set<String> = [
    "pre", "script", "style", "textarea", "code",
  ]

  /// Whether an inline-HTML literal is real markup: a comment, declaration, processing
  /// instruction, closing tag, or an opening tag of a known element.
  static func isRealMarkup(_ literal: [UInt8]) -> Bool {
    guard literal.count >= 2, literal[0] == 0x3C else { return false }
    switch literal[1] {
    case 0x2F, 0x21, 0x3F: return true  // </ <! <?
    default: return tagName(literal, at: 0).map { knownElements.contains($0) } ?? false
    }
  }

  /// The lowercased tag name of an opening tag starting at `index` (`<name`), if any.
  static func tagName(_ bytes: [UInt8], at index: Int) -> String? {
    var cursor = index + 1
    guard cursor < bytes.count, isLetter(bytes[cursor]) else { return nil }
    while cursor < bytes.count,
      isLetter(bytes[cursor]) || isDigit(bytes[cursor])
        || bytes[cursor] == 0x2D
    {
      cursor += 1
    }
    return String(decoding: bytes[(index + 1)..<cursor], as: UTF8.self).lowercased()
  }

  /// Placeholders in an HTML block: unknown tags, and placeholder words between tags.
  ///
  /// Comments, declarations and the content of raw-text elements (`pre`, `script`, ...) are
  /// skipped.
  static func placeholders(inBlock bytes: [UInt8]) -> [MarkdownMatch] {
    var found: [MarkdownMatch] = []
    var textStart = 0
    var index = 0
    func flushText(upTo end: Int) {
      if end > textStart {
        found += MarkdownScan.placeholders(in: bytes, range: textStart..<end)
      }
      textStart = max(textStart, end)
    }
    while index < bytes.count {
      guard bytes[index] == 0x3C else {
        index += 1
        continue
      }
      let skipEnd: Int?
      if starts(bytes, "<!--", at: index) {
        skipEnd = find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
      } else if starts(bytes, "<![CDATA[", at: index) {
        skipEnd = find(bytes, "]]>", from: index + 9).map { $0 + 3 } ?? bytes.count
      } else if index + 1 < bytes.count,
        bytes[index + 1] == 0x21 || bytes[index + 1] == 0x3F || bytes[index + 1] == 0x2F
      {
        skipEnd = tagEnd(bytes, from: index + 1)
      } else if let name = tagName(bytes, at: index), let end = tagEnd(bytes, from: index + 1) {
        flushText(upTo: index)
        if !knownElements.contains(name) {
          let text = MarkdownScan.collapsed(bytes[index..<end])
          found.append(MarkdownMatch(offset: index, length: end - index, text: text))
          skipEnd = end
        } else if rawTextElements.contains(name) {
          skipEnd = closingTagEnd(bytes, name: name, from: end) ?? bytes.count
        } else {
          skipEnd = end
        }
      } else {
        skipEnd = nil
      }
      if let end = skipEnd {
        flushText(upTo: index)
        index = end
        textStart = end
      } else {
        index += 1
      }
    }
    flushText(upTo: bytes.count)
    return found
  }

  /// Index just past the `>` closing a tag whose body starts at `from`, honouring quotes.
  ///
  /// Gives up after `maxTag` bytes so that unbalanced quotes cannot make scanning quadratic.
  private static func tagEnd(_ bytes: [UInt8], from: Int) -> Int? {
    var quote: UInt8 = 0
    var index = from
    let limit = min(bytes.count, from + maxTag)
    while index < limit {
      let byte = bytes[index]
      if quote != 0 {
        if byte == quote { quote = 0 }
      } else if byte == 0x22 || byte == 0x27 {
        quote = byte
      } else if byte == 0x3E {
        return index + 1
      } else if byte == 0x3C {
        return nil
      }
      index += 1
    }
    return nil
  }

  /// Index just past `</name ...>` at or after `from` (case-insensitive), if present.
  private static func closingTagEnd(_ bytes: [UInt8], name: String, from: Int) -> Int? {
    let needle = Array("</\(name)".utf8)
    var index = from
    while let found = find(bytes, needle, from: index, caseless: true) {
      let after = found + needle.count
      if after >= bytes.count || !(isLetter(bytes[after]) || isDigit(bytes[after])) {
        return tagEnd(bytes, from: after) ?? bytes.count
      }
      index = after
    }
    return nil
  }

  private static func starts(_ bytes: [UInt8], _ prefix: String, at index: Int) -> Bool {
    let prefix = Array(prefix.utf8)
    guard bytes.count - index >= prefix.count else { return false }
    return bytes[index..<(index + prefix.count)].elementsEqual(prefix)
  }

  private static func find(_ bytes: [UInt8], _ needle: String, from: Int) -> Int? {
    find(bytes, Array(needle.utf8), from: from, caseless: false)
  }

  private static func find(
    _ bytes: [UInt8], _ needle: [UInt8], from: Int, caseless: Bool
  ) -> Int? {
    guard let lead = needle.first, from >= 0 else { return nil }
    var index = from
    while index + needle.count <= bytes.count {
      if fold(bytes[index], caseless) == fold(lead, caseless) {
        var offset = 1
        while offset < needle.count,
          fold(bytes[index + offset], caseless) == fold(needle[offset], caseless)
        {
          offset += 1
        }
        if offset == needle.count { return index }
      }
      index += 1
    }
    return nil
  }

  private static func fold(_ byte: UInt8, _ caseless: Bool) -> UInt8 {
    caseless && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

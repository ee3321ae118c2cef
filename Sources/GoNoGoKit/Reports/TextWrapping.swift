/// Wraps terminal lines at a width: breaks at spaces, indents continuation lines two columns
/// past the line's own indent, and cuts nothing — a word longer than the line is split across
/// lines. ANSI colour sequences take no width.
enum TextWrapping {
  /// The fewest columns left for text on a continuation line, however deep the indent.
  static let minimumText = 20

  /// `line` as one or more lines no wider than `width` columns (when `width` is positive).
  static func wrap(_ line: String, width: Int) -> [String] {
    guard width > 0, visibleWidth(line) > width else { return [line] }
    let leading = hangingIndent(line) - 2
    let indentWidth = min(leading + 2, max(0, width - minimumText))
    let indent = Array(repeating: Token(text: " ", width: 1), count: indentWidth)
    var lines: [String] = []
    var current: [Token] = []
    var currentWidth = 0
    func emit(_ tokens: ArraySlice<Token>) {
      var text = tokens.map(\.text).joined()
      while text.hasSuffix(" ") { text.removeLast() }
      lines.append(text)
    }
    func restart(with carried: ArraySlice<Token>) {
      current = indent + carried.drop { $0.text == " " }
      currentWidth = current.reduce(0) { $0 + $1.width }
    }
    for token in tokens(line) {
      if token.width > 0, currentWidth + token.width > width {
        if token.text == " " {
          emit(current[...])
          restart(with: [])
          continue
        }
        // Break after the last space past the indent, else split the word.
        let floor = lines.isEmpty ? leading : indentWidth
        if let space = lastSpace(in: current, atOrAfterColumn: floor) {
          let carried = current[(space + 1)...]
          emit(current[..<space])
          restart(with: carried)
        } else {
          emit(current[...])
          restart(with: [])
        }
      }
      if token.text == " " && currentWidth == indentWidth && !lines.isEmpty
        && current.count == indent.count
      {
        continue  // no leading space on a continuation line
      }
      current.append(token)
      currentWidth += token.width
    }
    emit(current[...])
    return lines
  }

  /// The index of the last space at or after `column` (escape sequences take no column).
  private static func lastSpace(in tokens: [Token], atOrAfterColumn column: Int) -> Int? {
    var position = 0
    var found: Int?
    for (index, token) in tokens.enumerated() {
      if token.text == " " && position >= column { found = index }
      position += token.width
    }
    return found
  }

  /// One character (width 1) or one escape sequence (width 0).
  struct Token {
    var text: String
    var width: Int
  }

  static func tokens(_ line: String) -> [Token] {
    var tokens: [Token] = []
    var escape: String?
    for character in line {
      if var sequence = escape {
        sequence.append(character)
        if let scalar = character.unicodeScalars.first, (0x40...0x7E).contains(scalar.value),
          sequence.count > 2
        {
          tokens.append(Token(text: sequence, width: 0))
          escape = nil
        } else {
          escape = sequence
        }
      } else if character == "\u{1B}" {
        escape = String(character)
      } else {
        tokens.append(Token(text: String(character), width: 1))
      }
    }
    if let escape { tokens.append(Token(text: escape, width: 0)) }
    return tokens
  }

  /// The columns a line takes on a terminal, escape sequences not counted.
  static func visibleWidth(_ line: String) -> Int {
    tokens(line).reduce(0) { $0 + $1.width }
  }

  /// Continuation lines are indented two columns past the line's own indent: under the text
  /// of a `- ` or `→ ` item, one step in for any other line.
  static func hangingIndent(_ line: String) -> Int {
    tokens(line).filter { $0.width > 0 }.prefix { $0.text == " " }.count + 2
  }
}

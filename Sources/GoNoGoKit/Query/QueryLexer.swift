/// One token of an assertion, with its position (in Unicode scalars from the start).
struct QueryToken: Equatable {
  enum Kind: Equatable {
    /// A name: a key, a function, or a keyword (`and`, `in`, `true`, …).
    case name(String)
    /// A number literal.
    case number(StructuredValue)
    /// A quoted string literal, unescaped.
    case string(String)
    /// A comparison operator.
    case compare(QueryOperator)
    /// One of `. [ ] ( ) , * ? @ $`.
    case symbol(Unicode.Scalar)
    /// The end of the text.
    case end
  }

  var kind: Kind
  var offset: Int
  var length: Int

  /// The token as it reads in messages.
  var display: String {
    switch kind {
    case .name(let name): return "'\(name)'"
    case .number(let value): return value.brief
    case .string: return "a string"
    case .compare(let op): return "'\(op.rawValue)'"
    case .symbol(let symbol): return "'\(symbol)'"
    case .end: return "the end of the assertion"
    }
  }
}

/// Splits an assertion into tokens; bounded by ``QueryLexer/maxLength``.
struct QueryLexer {
  /// Longest assertion accepted, in Unicode scalars.
  static let maxLength = 4096

  private let scalars: [Unicode.Scalar]
  private var index = 0

  init(_ text: String) {
    scalars = Array(text.unicodeScalars)
  }

  /// All tokens, ending with `.end`.
  static func tokens(_ text: String) throws(QueryParseError) -> [QueryToken] {
    var lexer = QueryLexer(text)
    guard lexer.scalars.count <= maxLength else {
      throw QueryParseError(
        "the assertion is longer than \(maxLength) characters", at: maxLength,
        hint: "split it into several query checks under 'checks:'")
    }
    var tokens: [QueryToken] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    index + ahead < scalars.count ? scalars[index + ahead] : nil
  }

  private mutating func next() throws(QueryParseError) -> QueryToken {
    while let scalar = peek(), scalar.properties.isWhitespace { index += 1 }
    let start = index
    guard let scalar = peek() else { return QueryToken(kind: .end, offset: start, length: 0) }
    func token(_ kind: QueryToken.Kind) -> QueryToken {
      QueryToken(kind: kind, offset: start, length: index - start)
    }
    switch scalar {
    case ".", "[", "]", "(", ")", ",", "*", "?", "@", "$":
      index += 1
      return token(.symbol(scalar))
    case "=", "!", "<", ">":
      index += 1
      let twoChars = peek() == "="
      if twoChars { index += 1 }
      switch (scalar, twoChars) {
      case ("=", true): return token(.compare(.equal))
      case ("!", true): return token(.compare(.notEqual))
      case ("<", false): return token(.compare(.less))
      case ("<", true): return token(.compare(.lessOrEqual))
      case (">", false): return token(.compare(.greater))
      case (">", true): return token(.compare(.greaterOrEqual))
      case ("=", false):
        throw QueryParseError("'=' is not an operator; write '==' to compare", at: start)
      default:
        throw QueryParseError("'!' is not an operator; write '!=' or 'not'", at: start)
      }
    case "\"", "'":
      return token(.string(try string(quote: scalar)))
    case "-", "0"..."9":
      return token(.number(try number()))
    default:
      if isNameStart(scalar) {
        while let next = peek(), isNamePart(next) { index += 1 }
        return token(.name(String(String.UnicodeScalarView(scalars[start..<index]))))
      }
      throw QueryParseError("unexpected character '\(scalar)'", at: start)
    }
  }

  private func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isAlphabetic
  }

  private func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
    isNameStart(scalar) || scalar == "-" || ("0"..."9").contains(scalar)
  }

  /// `"…"` with JSON escapes, or `'…'` taken literally with `''` for a quote.
  private mutating func string(quote: Unicode.Scalar) throws(QueryParseError) -> String {
    let start = index
    index += 1
    var result = String.UnicodeScalarView()
    while true {
      guard let scalar = peek() else {
        throw QueryParseError(
          "this string has no closing \(quote)", at: start, hint: "end the string with \(quote)")
      }
      index += 1
      if scalar == quote {
        if quote == "'" && peek() == "'" {
          index += 1
          result.append("'")
          continue
        }
        return String(result)
      }
      if scalar == "\\" && quote == "\"" {
        result.append(try escape())
      } else {
        result.append(scalar)
      }
    }
  }

  private mutating func escape() throws(QueryParseError) -> Unicode.Scalar {
    let start = index - 1
    guard let scalar = peek() else {
      throw QueryParseError("this string has no closing \"", at: start)
    }
    index += 1
    switch scalar {
    case "\"", "\\", "/": return scalar
    case "n": return "\n"
    case "t": return "\t"
    case "r": return "\r"
    case "u":
      var hex = ""
      for _ in 0..<4 {
        guard let digit = peek(), digit.properties.isASCIIHexDigit else { break }
        hex.unicodeScalars.append(digit)
        index += 1
      }
      if hex.count == 4, let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) {
        return decoded
      }
      throw QueryParseError("'\\u' needs four hex digits naming a character", at: start)
    default:
      throw QueryParseError(
        "unknown escape '\\\(scalar)' in a double-quoted string", at: start,
        hint: "in single quotes a backslash is taken literally: matches '^v\\d+'")
    }
  }

  /// `-?digits(.digits)?([eE][+-]?digits)?`: an integer when it has neither point nor exponent.
  private mutating func number() throws(QueryParseError) -> StructuredValue {
    let start = index
    if peek() == "-" { index += 1 }
    let digitsStart = index
    while let scalar = peek(), ("0"..."9").contains(scalar) { index += 1 }
    guard index > digitsStart else {
      throw QueryParseError("'-' must be followed by digits", at: start)
    }
    var isInteger = true
    if peek() == ".", let after = peek(1), ("0"..."9").contains(after) {
      isInteger = false
      index += 1
      while let scalar = peek(), ("0"..."9").contains(scalar) { index += 1 }
    }
    if let marker = peek(), marker == "e" || marker == "E" {
      var ahead = 1
      if let sign = peek(1), sign == "+" || sign == "-" { ahead = 2 }
      if let digit = peek(ahead), ("0"..."9").contains(digit) {
        isInteger = false
        index += ahead
        while let scalar = peek(), ("0"..."9").contains(scalar) { index += 1 }
      }
    }
    let text = String(String.UnicodeScalarView(scalars[start..<index]))
    if isInteger, let int = Int(text) { return StructuredValue(.int(int)) }
    guard let double = Double(text), double.isFinite else {
      throw QueryParseError("the number \(text) is out of range", at: start)
    }
    return StructuredValue(.double(double))
  }
}

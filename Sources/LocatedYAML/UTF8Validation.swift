/// Finds the first byte that is not well-formed UTF-8 and reports its line and column.
enum UTF8Validation {
  /// The 1-based line and column of the first invalid byte, or nil when all bytes are valid.
  static func firstInvalidPosition(in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int)? {
    var line = 1
    var column = 1
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      let width: Int
      switch byte {
      case 0x00...0x7F: width = 1
      case 0xC2...0xDF: width = 2
      case 0xE0...0xEF: width = 3
      case 0xF0...0xF4: width = 4
      default: return (line, column)
      }
      guard index + width <= count else { return (line, column) }
      if width > 1 {
        let second = bytes[index + 1]
        let secondRange: ClosedRange<UInt8>
        switch byte {
        case 0xE0: secondRange = 0xA0...0xBF
        case 0xED: secondRange = 0x80...0x9F
        case 0xF0: secondRange = 0x90...0xBF
        case 0xF4: secondRange = 0x80...0x8F
        default: secondRange = 0x80...0xBF
        }
        guard secondRange.contains(second) else { return (line, column) }
        for offset in 2..<width where !(0x80...0xBF).contains(bytes[index + offset]) {
          return (line, column)
        }
      }
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += width
    }
    return nil
  }
}

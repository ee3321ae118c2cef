import Foundation

/// Where a file stops being UTF-8, for an error that names the line and column and says how to
/// fix the file.
enum UTF8Check {
  /// The error for bytes that are not valid UTF-8: the line and column (in Unicode scalars) of
  /// the first byte that is not, or the byte order mark of UTF-16 or UTF-32 text.
  static func error(_ bytes: some Collection<UInt8>, path: String) -> EvidenceError {
    let head = Array(bytes.prefix(4))
    if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
      return EvidenceError(
        "\(path) is UTF-32 text (it starts with a UTF-32 byte order mark); gonogo reads UTF-8: "
          + "save the file as UTF-8", line: 1, column: 1)
    }
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
      return EvidenceError(
        "\(path) is UTF-16 text (it starts with a UTF-16 byte order mark); gonogo reads UTF-8: "
          + "save the file as UTF-8", line: 1, column: 1)
    }
    var line = 1
    var column = 1
    var iterator = bytes.makeIterator()
    var decoder = Unicode.UTF8()
    decoding: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        if scalar == "\n" {
          line += 1
          column = 1
        } else {
          column += 1
        }
      case .emptyInput:
        break decoding
      case .error:
        return EvidenceError(
          "\(path) is not valid UTF-8 text: the byte at line \(line), column \(column) does not "
            + "start or continue a UTF-8 character; save the file as UTF-8",
          line: line, column: column)
      }
    }
    return EvidenceError("\(path) is not valid UTF-8 text; save the file as UTF-8")
  }
}

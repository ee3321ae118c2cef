/// Why a report (or the definitions standing in for one) cannot be compared: names the file,
/// line and column, says what is wrong and how to fix it. The CLI prints it and exits 2.
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file, as the user named it (a path or `REV:PATH`).
  public var file: String
  /// 1-based line (1 when the problem is the whole document).
  public var line: Int
  /// 1-based column.
  public var column: Int
  /// What is wrong and how to fix it.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int = 1, column: Int = 1, _ message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: error: message`.
  public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

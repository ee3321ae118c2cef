/// A CSV file with a header row, parsed by RFC 4180 rules, each record with the line it starts on.
///
/// Quoted fields may hold commas, doubled quotes (`""`) and line breaks; records end with CRLF,
/// LF or a lone CR. Blank lines between records are skipped. Anything else a strict reader would
/// reject (a quote inside an unquoted field, text after a closing quote, an unterminated quote, a
/// record with more or fewer fields than the header) is an error with its line and column.
public struct CSVTable: Sendable, Equatable {
  /// One data record.
  public struct Record: Sendable, Equatable {
    /// The 1-based line the record starts on.
    public var line: Int
    /// The fields, as many as the header has.
    public var fields: [String]
  }

  /// The header's column names, as written.
  public var header: [String]
  /// The data records, in file order.
  public var records: [Record]

  /// Bounds on what one file may hold.
  public struct Limits: Sendable, Equatable {
    /// Most data records.
    public var maxRecords = 100_000
    /// Most fields in one record.
    public var maxFields = 1_000
    /// Largest single field, in bytes.
    public var maxFieldBytes = 1 << 20

    /// The default bounds.
    public init() {}
  }

  /// Why a CSV text could not be read.
  public struct Problem: Error, Sendable, Equatable {
    /// What is wrong.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (Unicode scalars).
    public var column: Int
  }

  /// Parses `text`; the first non-blank record is the header.
  public static func parse(_ text: String, limits: Limits = Limits()) -> Result<CSVTable, Problem> {
    var parser = CSVParser(bytes: Array(text.utf8), limits: limits)
    return Result { () throws(Problem) -> CSVTable in try parser.table() }
  }
}

/// The RFC 4180 state machine over UTF-8 bytes.
private struct CSVParser {
  let bytes: [UInt8]
  let limits: CSVTable.Limits
  var index = 0
  var line = 1
  var column = 1

  init(bytes: [UInt8], limits: CSVTable.Limits) {
    self.bytes = bytes
    self.limits = limits
  }

  private static let quote = UInt8(ascii: "\"")
  private static let comma = UInt8(ascii: ",")
  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")

  mutating func table() throws(CSVTable.Problem) -> CSVTable {
    var header: [String]?
    var records: [CSVTable.Record] = []
    while let (start, fields) = try record() {
      if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
      guard let header else {
        header = fields
        continue
      }
      guard fields.count == header.count else {
        throw CSVTable.Problem(
          message: "the record on line \(start) has \(fields.count) fields, but the header has "
            + "\(header.count)", line: start, column: 1)
      }
      guard records.count < limits.maxRecords else {
        throw CSVTable.Problem(
          message: "the file has more than \(limits.maxRecords) records", line: start, column: 1)
      }
      records.append(CSVTable.Record(line: start, fields: fields))
    }
    guard let header else {
      throw CSVTable.Problem(message: "the file has no header row", line: 1, column: 1)
    }
    return CSVTable(header: header, records: records)
  }

  /// The next record and the line it starts on; nil at the end of the text.
  private mutating func record() throws(CSVTable.Problem) -> (Int, [String])? {
    guard index < bytes.count else { return nil }
    let start = line
    var fields: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var closed = false
    var quoteLine = 0
    var quoteColumn = 0
    func finishField() throws(CSVTable.Problem) {
      guard fields.count < limits.maxFields else {
        throw CSVTable.Problem(
          message: "the record on line \(start) has more than \(limits.maxFields) fields",
          line: start, column: 1)
      }
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      closed = false
    }
    while index < bytes.count {
      let byte = bytes[index]
      if quoted {
        if byte == CSVParser.quote {
          if index + 1 < bytes.count, bytes[index + 1] == CSVParser.quote {
            field.append(byte)
            advance(2)
          } else {
            quoted = false
            closed = true
            advance(1)
          }
          continue
        }
        field.append(byte)
        try checkSize(field)
        advance(1)
        continue
      }
      switch byte {
      case CSVParser.comma:
        try finishField()
        advance(1)
      case CSVParser.cr, CSVParser.lf:
        try finishField()
        advance(
          byte == CSVParser.cr && index + 1 < bytes.count && bytes[index + 1] == CSVParser.lf
            ? 2 : 1)
        return (start, fields)
      case CSVParser.quote where field.isEmpty && !closed:
        quoted = true
        quoteLine = line
        quoteColumn = column
        advance(1)
      case CSVParser.quote:
        throw CSVTable.Problem(
          message: "a quote appears inside an unquoted field; quote the whole field and double "
            + "the quotes inside it", line: line, column: column)
      default:
        if closed {
          throw CSVTable.Problem(
            message: "text follows the closing quote of a field; a quoted field must end at a "
              + "comma or a line break", line: line, column: column)
        }
        field.append(byte)
        try checkSize(field)
        advance(1)
      }
    }
    if quoted {
      throw CSVTable.Problem(
        message: "the quoted field that starts on line \(quoteLine) is never closed",
        line: quoteLine, column: quoteColumn)
    }
    try finishField()
    return (start, fields)
  }

  private func checkSize(_ field: [UInt8]) throws(CSVTable.Problem) {
    if field.count > limits.maxFieldBytes {
      throw CSVTable.Problem(
        message: "a field is longer than \(limits.maxFieldBytes) bytes", line: line, column: column)
    }
  }

  /// Moves past `count` bytes, keeping line and column (columns count Unicode scalars).
  private mutating func advance(_ count: Int) {
    for _ in 0..<count {
      let byte = bytes[index]
      index += 1
      if byte == CSVParser.lf
        || (byte == CSVParser.cr && (index >= bytes.count || bytes[index] != CSVParser.lf))
      {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 && byte != CSVParser.cr {
        column += 1
      }
    }
  }
}

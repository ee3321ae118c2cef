import Testing

@testable import GoNoGoKit

@Suite struct CSVTableTests {
  func parse(_ text: String, limits: CSVTable.Limits = CSVTable.Limits()) -> Result<
    CSVTable, CSVTable.Problem
  > {
    CSVTable.parse(text, limits: limits)
  }

  func problem(_ text: String, limits: CSVTable.Limits = CSVTable.Limits()) -> CSVTable.Problem? {
    if case .failure(let problem) = parse(text, limits: limits) { return problem }
    return nil
  }

  @Test func quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws {
    let table = try parse(
      "id,title,note\r\n1,\"a, b\",\"say \"\"hi\"\"\"\r\n2,\"two\r\nlines\",\r\n3,plain,\"\"\r\n"
    ).get()
    #expect(table.header == ["id", "title", "note"])
    #expect(
      table.records == [
        CSVTable.Record(line: 2, fields: ["1", "a, b", "say \"hi\""]),
        CSVTable.Record(line: 3, fields: ["2", "two\r\nlines", ""]),
        CSVTable.Record(line: 5, fields: ["3", "plain", ""]),
      ])
  }

  @Test func lineEndsMayBeLFOrCRAndTheLastOneIsOptional() throws {
    let lf = try parse("a,b\n1,2\n\n3,4").get()
    #expect(
      lf.records == [.init(line: 2, fields: ["1", "2"]), .init(line: 4, fields: ["3", "4"])])
    let cr = try parse("a,b\r1,2\r3,4\r").get()
    #expect(cr.records.map(\.line) == [2, 3])
  }

  @Test func spacesArePartOfFieldsAndUnicodeIsKept() throws {
    let table = try parse("name, owner\nZoë ,  Łukasz\n").get()
    #expect(table.header == ["name", " owner"])
    #expect(table.records.first?.fields == ["Zoë ", "  Łukasz"])
  }

  @Test func malformedTextIsReportedAtItsLineAndColumn() {
    #expect(
      problem("a,b\n1,x\"y\n")
        == CSVTable.Problem(
          message: "a quote appears inside an unquoted field; quote the whole field and double "
            + "the quotes inside it", line: 2, column: 4))
    #expect(
      problem("a,b\n\"é\"x,2\n")
        == CSVTable.Problem(
          message:
            "text follows the closing quote of a field; a quoted field must end at a comma or a "
            + "line break", line: 2, column: 4))
    #expect(
      problem("a,b\n1,\"open\n2,3\n")
        == CSVTable.Problem(
          message: "the quoted field that starts on line 2 is never closed", line: 2, column: 3))
    #expect(
      problem("a,b\n1\n")
        == CSVTable.Problem(
          message: "the record on line 2 has 1 fields, but the header has 2", line: 2, column: 1))
    #expect(
      problem("") == CSVTable.Problem(message: "the file has no header row", line: 1, column: 1))
    #expect(
      problem("\n\n") == CSVTable.Problem(message: "the file has no header row", line: 1, column: 1)
    )
  }

  @Test func limitsBoundRecordsFieldsAndFieldSize() {
    var small = CSVTable.Limits()
    small.maxRecords = 2
    small.maxFields = 3
    small.maxFieldBytes = 8
    #expect(
      problem("a\n1\n2\n3\n", limits: small)
        == CSVTable.Problem(
          message: "the file has more than 2 records", line: 4, column: 1))
    #expect(
      problem("a,b,c,d\n", limits: small)
        == CSVTable.Problem(
          message: "the record on line 1 has more than 3 fields", line: 1, column: 1))
    #expect(
      problem("a\n\"123456789\"\n", limits: small)
        == CSVTable.Problem(
          message: "a field is longer than 8 bytes", line: 2, column: 10))
  }

  @Test func aHeaderAloneHasNoRecords() throws {
    #expect(try parse("id,type\r\n").get() == CSVTable(header: ["id", "type"], records: []))
  }
}

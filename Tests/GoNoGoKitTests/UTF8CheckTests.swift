import Testing

@testable import GoNoGoKit

/// A file that is not UTF-8 is refused with the place where it stops being UTF-8, or with the
/// encoding its byte order mark names, and how to fix it.
@Suite struct UTF8CheckTests {
  @Test func theFirstBadByteIsLocatedByLineAndColumn() {
    let bytes = Array("first\nsecond\nthé ".utf8) + [0xC3, 0x28] + Array(" rest".utf8)
    #expect(
      UTF8Check.error(bytes, path: "notes.md")
        == EvidenceError(
          "notes.md is not valid UTF-8 text: the byte at line 3, column 5 does not start or "
            + "continue a UTF-8 character; save the file as UTF-8", line: 3, column: 5))
  }

  @Test func utf16AndUTF32AreNamed() {
    let utf16BigEndian: [UInt8] = [0xFE, 0xFF, 0x00, 0x7B]
    #expect(
      UTF8Check.error(utf16BigEndian, path: "a.json").message
        == "a.json is UTF-16 text (it starts with a UTF-16 byte order mark); gonogo reads UTF-8: "
        + "save the file as UTF-8")
    let utf32LittleEndian: [UInt8] = [0xFF, 0xFE, 0x00, 0x00, 0x7B, 0, 0, 0]
    #expect(
      UTF8Check.error(utf32LittleEndian, path: "a.json").message
        == "a.json is UTF-32 text (it starts with a UTF-32 byte order mark); gonogo reads UTF-8: "
        + "save the file as UTF-8")
  }
}

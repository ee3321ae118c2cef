/// A position in the original file: 1-based line and 1-based UTF-8 byte column.
struct MarkdownBytePosition: Equatable {
  var line: Int
  var column: Int
}

/// The original file's UTF-8 bytes indexed by line.
///
/// cmark reports byte columns and gets some inline positions wrong (continuation lines inside
/// list items, tabs, bare autolinks); this type lets the walker check a reported position
/// against the source, look for the real one nearby, and turn byte columns into scalar columns.
struct MarkdownSource {
  /// The whole file, front matter included.
  let bytes: [UInt8]
  /// Byte index of the first content byte of each line; element 0 is line 1.
  private let lineStarts: [Int]
  /// Byte index one past the last content byte of each line (terminator excluded).
  private let lineEnds: [Int]
  /// Last scalar-column conversion, so that conversions moving right along one line are linear.
  private var cache: (line: Int, bytes: Int, scalars: Int) = (0, 0, 0)
  /// Length of a leading UTF-8 byte-order mark (0 or 3).
  private let bomLength: Int

  /// Indexes `bytes` by line; `\n`, `\r\n` and a lone `\r` end a line, as in cmark.
  ///
  /// A leading byte-order mark stays part of line 1 for byte columns (cmark counts it) but is
  /// not counted in scalar columns.
  init(bytes: [UInt8]) {
    self.bytes = bytes
    let count = bytes.count
    let hasBOM = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    bomLength = hasBOM ? 3 : 0
    var starts = [0]
    var ends: [Int] = []
    var index = 0
    while index < count {
      let byte = bytes[index]
      if byte == 0x0A || byte == 0x0D {
        ends.append(index)
        index += (byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A) ? 2 : 1
        starts.append(index)
      } else {
        index += 1
      }
    }
    ends.append(count)
    lineStarts = starts
    lineEnds = ends
  }

  /// Byte range of the content of 1-based `line`, or nil when the line does not exist.
  func lineRange(_ line: Int) -> Range<Int>? {
    guard line >= 1, line <= lineStarts.count else { return nil }
    return lineStarts[line - 1]..<lineEnds[line - 1]
  }

  /// Whether `needle` occurs in `line` starting at byte `column`.
  func matches(_ needle: ArraySlice<UInt8>, line: Int, column: Int) -> Bool {
    guard let range = lineRange(line), column >= 1 else { return false }
    let start = range.lowerBound + column - 1
    guard start <= range.upperBound, range.upperBound - start >= needle.count else { return false }
    var offset = 0
    for byte in needle {
      if bytes[start + offset] != byte { return false }
      offset += 1
    }
    return true
  }

  /// How many leading bytes of `needle` occur in `line` starting at byte `column`.
  func commonPrefix(_ needle: ArraySlice<UInt8>, line: Int, column: Int) -> Int {
    guard let range = lineRange(line), column >= 1 else { return 0 }
    var index = range.lowerBound + column - 1
    var count = 0
    for byte in needle {
      guard index < range.upperBound, bytes[index] == byte else { break }
      count += 1
      index += 1
    }
    return count
  }

  /// Byte column of the occurrence of `needle` in `line` closest to `column`.
  ///
  /// Looks at most `window` bytes either way. Only the first 32 bytes of `needle` are
  /// compared.
  func nearest(
    _ needle: ArraySlice<UInt8>, line: Int, around column: Int, window: Int = 64
  ) -> Int? {
    guard !needle.isEmpty, let range = lineRange(line) else { return nil }
    let probe = needle.prefix(32)
    let width = range.count
    let center = min(max(column, 1), width + 1)
    func fits(_ candidate: Int) -> Bool {
      candidate >= 1 && candidate + probe.count - 1 <= width
        && matches(probe, line: line, column: candidate)
    }
    for distance in 0...max(window, 0) {
      if fits(center - distance) { return center - distance }
      if distance > 0 && fits(center + distance) { return center + distance }
      if center - distance < 1 && center + distance > width { break }
    }
    return nil
  }

  /// Byte column of the first occurrence of `needle` in `line` at or after byte `column`.
  ///
  /// Only the first 32 bytes of `needle` are compared.
  func first(_ needle: ArraySlice<UInt8>, line: Int, from column: Int) -> Int? {
    guard !needle.isEmpty, let range = lineRange(line) else { return nil }
    let probe = needle.prefix(32)
    guard let lead = probe.first else { return nil }
    var candidate = max(column, 1)
    while candidate + probe.count - 1 <= range.count {
      if bytes[range.lowerBound + candidate - 1] == lead
        && matches(probe, line: line, column: candidate)
      {
        return candidate
      }
      candidate += 1
    }
    return nil
  }

  /// The byte at `column` of `line`, or nil outside the line.
  func byte(line: Int, column: Int) -> UInt8? {
    guard let range = lineRange(line), column >= 1, column <= range.count else { return nil }
    return bytes[range.lowerBound + column - 1]
  }

  /// Converts a byte column of `line` to a 1-based column counted in Unicode scalars.
  mutating func scalarColumn(line: Int, byteColumn: Int) -> Int {
    guard let range = lineRange(line) else { return max(byteColumn, 1) }
    let skipped = line == 1 ? bomLength : 0
    let target = max(min(max(byteColumn, 1) - 1, range.count), skipped)
    var done = skipped
    var scalars = 0
    if cache.line == line && cache.bytes <= target && cache.bytes >= skipped {
      done = cache.bytes
      scalars = cache.scalars
    }
    for index in (range.lowerBound + done)..<(range.lowerBound + target)
    where bytes[index] & 0xC0 != 0x80 {
      scalars += 1
    }
    cache = (line, target, scalars)
    return scalars + 1
  }

  /// Converts a byte position to the public (line, scalar column) form.
  mutating func point(_ position: MarkdownBytePosition) -> (line: Int, column: Int) {
    (position.line, scalarColumn(line: position.line, byteColumn: position.column))
  }
}

/// Splits YAML front matter off the start of a file.
enum MarkdownFrontMatter {
  /// Where the front matter and the body are.
  struct Split: Equatable {
    /// Bytes between the fences (terminators included), nil when there is no front matter.
    var frontMatter: Range<Int>?
    /// First byte of the Markdown body.
    var bodyStart: Int
    /// Number of file lines before the body (fences and front matter); 0 without front matter.
    var lineOffset: Int
  }

  /// Finds front matter between a `---` first line and a later `---` or `...` line.
  ///
  /// Fence lines may have trailing blanks, and the opening one may follow a byte-order mark.
  /// Without a closing fence there is no front matter.
  static func split(_ bytes: [UInt8]) -> Split {
    let none = Split(frontMatter: nil, bodyStart: 0, lineOffset: 0)
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    let opening = line(in: bytes, at: hasBOM ? 3 : 0)
    guard isFence(bytes, opening.content, mark: 0x2D), opening.next > opening.content.upperBound
    else { return none }
    let textStart = opening.next
    var position = textStart
    var lineCount = 1
    while position < bytes.count {
      let current = line(in: bytes, at: position)
      lineCount += 1
      if isFence(bytes, current.content, mark: 0x2D) || isFence(bytes, current.content, mark: 0x2E)
      {
        return Split(
          frontMatter: textStart..<position, bodyStart: current.next, lineOffset: lineCount)
      }
      position = current.next
    }
    return none
  }

  /// The line starting at `start`: its content range and where the next line starts.
  private static func line(in bytes: [UInt8], at start: Int) -> (content: Range<Int>, next: Int) {
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A { return (start..<index, index + 1) }
      if byte == 0x0D {
        let crlf = index + 1 < bytes.count && bytes[index + 1] == 0x0A
        return (start..<index, index + (crlf ? 2 : 1))
      }
      index += 1
    }
    return (start..<bytes.count, bytes.count)
  }

  /// Whether the line is exactly three `mark` bytes followed only by spaces or tabs.
  private static func isFence(_ bytes: [UInt8], _ content: Range<Int>, mark: UInt8) -> Bool {
    guard content.count >= 3 else { return false }
    let lower = content.lowerBound
    guard bytes[lower] == mark, bytes[lower + 1] == mark, bytes[lower + 2] == mark else {
      return false
    }
    return bytes[(lower + 3)..<content.upperBound].allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }
}

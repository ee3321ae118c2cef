internal import CMarkGFM

/// Inline positions: cmark-gfm's reported positions checked against the source and repaired.
///
/// cmark-gfm 0.29 reports byte columns and gets some inline columns wrong: text on continuation
/// lines inside list items is shifted by the marker width, tabs are miscounted, bare autolinks
/// have no position (0:0) or are off by one, and `<...>` autolinks on continuation lines add the
/// lengths of earlier lines. Block positions are right.
extension MarkdownWalker {
  /// A block's start position; cmark's block positions are reliable.
  func blockPosition(_ node: OpaquePointer) -> MarkdownBytePosition {
    inlinePosition(node) ?? cursor
  }

  /// The start position cmark reports for a node, in file lines; nil when it reports none.
  func inlinePosition(_ node: OpaquePointer) -> MarkdownBytePosition? {
    let line = Int(cmark_node_get_start_line(node))
    guard line > 0 else { return nil }
    return MarkdownBytePosition(
      line: line + lineOffset, column: max(Int(cmark_node_get_start_column(node)), 1))
  }

  /// cmark's start position for an inline node when it lies within the source line; nil when
  /// cmark reports none (bare autolinks) or a column past the line's end (`<...>` autolinks on
  /// continuation lines).
  func plausiblePosition(_ node: OpaquePointer) -> MarkdownBytePosition? {
    guard let claimed = inlinePosition(node), let range = source.lineRange(claimed.line),
      claimed.column <= range.count + 1
    else { return nil }
    return claimed
  }

  /// Where to look for a node whose reported position is missing or implausible: from the
  /// cursor, unless cmark reports a later line than the cursor's, then from that line's start.
  func searchStart(for node: OpaquePointer) -> MarkdownBytePosition {
    guard let claimed = inlinePosition(node), claimed.line > cursor.line else { return cursor }
    return MarkdownBytePosition(line: claimed.line, column: 1)
  }

  /// Where an inline node whose source text is `literal` really starts, and for how many
  /// leading bytes of `literal` the offset from that start is exact.
  ///
  /// `verbatim` literals (raw HTML) are copied from the source as is; text literals may differ
  /// from it after their first punctuation character (escapes, entities), so only their leading
  /// letters, digits and blanks are looked for.
  func locate(
    _ node: OpaquePointer, literal: ArraySlice<UInt8>, verbatim: Bool
  ) -> (MarkdownBytePosition, exactCount: Int) {
    let probe = verbatim ? literal : literal.prefix { MarkdownWalker.isPlain($0) }.prefix(32)
    guard let claimed = plausiblePosition(node) else {
      let start = searchStart(for: node)
      guard !probe.isEmpty,
        let column = source.first(probe, line: start.line, from: start.column)
      else { return (start, 0) }
      let found = MarkdownBytePosition(line: start.line, column: column)
      return (found, source.commonPrefix(literal, line: found.line, column: found.column))
    }
    if source.matches(literal, line: claimed.line, column: claimed.column) {
      return (claimed, literal.count)
    }
    guard !probe.isEmpty,
      let column = source.nearest(probe, line: claimed.line, around: claimed.column)
    else { return (claimed, 0) }
    let found = MarkdownBytePosition(line: claimed.line, column: column)
    return (found, source.commonPrefix(literal, line: found.line, column: found.column))
  }

  /// ASCII letters, digits, spaces and tabs: bytes that always stand for themselves in source.
  private static func isPlain(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
      || byte == 0x20 || byte == 0x09
  }
}

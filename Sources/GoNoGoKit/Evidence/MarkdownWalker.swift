internal import CMarkGFM

/// One pass over a cmark-gfm tree (with `cmark_iter`, so nesting depth costs no stack) that
/// collects headings, tasks, links, placeholders and word counts.
struct MarkdownWalker {
  private(set) var headings: [Heading] = []
  private(set) var tasks: [TaskItem] = []
  private(set) var links: [Link] = []
  private(set) var placeholders: [Placeholder] = []
  private(set) var wordCount = 0

  var source: MarkdownSource
  /// File lines before the body; cmark line `n` is file line `n + lineOffset`.
  let lineOffset: Int
  /// Where inline positions are resolved from when cmark reports none (0:0).
  var cursor = MarkdownBytePosition(line: 1, column: 1)

  private var counter = MarkdownWordCounter()
  /// `counter.count` when the current paragraph or table cell started; nil outside them.
  private var countedBlockStart: Int?
  /// Indices into `headings` of the headings whose sections are open, levels increasing.
  private var openSections: [Int] = []
  private var slugCounts: [String: Int] = [:]
  private var heading: OpenHeading?

  /// Inside the text of an autolink, which is a URL rather than prose.
  private var inAutolink = false
  private var listDepth = 0
  private var openTasks: [OpenTask] = []
  private var run = TextRun()

  private struct OpenHeading {
    var level: Int
    var position: MarkdownBytePosition
    var text: [UInt8] = []
  }

  private struct OpenTask {
    var node: OpaquePointer
    var index: Int
    var listDepth: Int
    var text: [UInt8] = []
  }

  /// Consecutive sibling text nodes and line breaks, scanned together for placeholders.
  private struct TextRun {
    struct Segment {
      var start: Int
      var count: Int
      var position: MarkdownBytePosition
      /// Leading bytes of the segment whose source column is `position.column + offset`.
      var exactCount: Int
    }
    var bytes: [UInt8] = []
    var segments: [Segment] = []
  }

  init(source: MarkdownSource, lineOffset: Int) {
    self.source = source
    self.lineOffset = lineOffset
  }

  /// Walks the document tree rooted at `root`.
  mutating func walk(_ root: OpaquePointer) {
    guard let iterator = cmark_iter_new(root) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard let node = cmark_iter_get_node(iterator) else { continue }
      if event == CMARK_EVENT_ENTER {
        enter(node)
      } else if event == CMARK_EVENT_EXIT {
        exit(node)
      }
    }
    flushRun()
  }

  private mutating func enter(_ node: OpaquePointer) {
    let type = cmark_node_get_type(node)
    switch type {
    case CMARK_NODE_TEXT:
      text(node)
      return
    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
      lineBreak()
      return
    default:
      flushRun()
    }
    switch type {
    case CMARK_NODE_HEADING:
      let level = min(max(Int(cmark_node_get_heading_level(node)), 1), 6)
      let position = blockPosition(node)
      heading = OpenHeading(level: level, position: position)
      cursor = position
    case CMARK_NODE_PARAGRAPH:
      beginCounting(node)
      if let last = openTasks.indices.last, openTasks[last].listDepth == listDepth,
        !openTasks[last].text.isEmpty
      {
        openTasks[last].text.append(0x20)
      }
    case CMARK_NODE_LIST:
      listDepth += 1
    case CMARK_NODE_ITEM:
      if MarkdownCMark.isExtensionNode(node, named: "tasklist") {
        let point = source.point(blockPosition(node))
        let checked = cmark_gfm_extensions_get_tasklist_item_checked(node)
        openTasks.append(OpenTask(node: node, index: tasks.count, listDepth: listDepth))
        tasks.append(TaskItem(checked: checked, text: "", line: point.line, column: point.column))
      }
    case CMARK_NODE_CODE:
      // A code span's words count, as words of their own: `deploy rollback` is content.
      let literal = MarkdownCMark.literal(node)
      counter.end()
      if countedBlockStart != nil {
        counter.add(literal)
        counter.end()
      }
      capture(literal)
    case CMARK_NODE_HTML_INLINE:
      htmlInline(node)
    case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
      link(node, isImage: type == CMARK_NODE_IMAGE)
    case CMARK_NODE_HTML_BLOCK:
      htmlBlock(node)
    default:
      if MarkdownCMark.isExtensionNode(node, named: "table_cell") { beginCounting(node) }
    }
  }

  private mutating func exit(_ node: OpaquePointer) {
    flushRun()
    switch cmark_node_get_type(node) {
    case CMARK_NODE_HEADING:
      finishHeading()
    case CMARK_NODE_PARAGRAPH:
      endCounting()
    case CMARK_NODE_LIST:
      listDepth -= 1
    case CMARK_NODE_LINK:
      inAutolink = false
    case CMARK_NODE_ITEM:
      if let last = openTasks.last, last.node == node {
        openTasks.removeLast()
        tasks[last.index].text = MarkdownWalker.trimmed(last.text)
      }
    default:
      if MarkdownCMark.isExtensionNode(node, named: "table_cell") { endCounting() }
    }
  }

  // MARK: - Text

  private mutating func text(_ node: OpaquePointer) {
    let literal = MarkdownCMark.literal(node)
    if countedBlockStart != nil { counter.add(literal) }
    capture(literal)
    guard !inAutolink else {
      cursor.column += literal.count
      return
    }
    let (position, exactCount) = locate(node, literal: literal[...], verbatim: false)
    cursor = MarkdownBytePosition(line: position.line, column: position.column + literal.count)
    run.segments.append(
      TextRun.Segment(
        start: run.bytes.count, count: literal.count, position: position, exactCount: exactCount))
    run.bytes += literal
  }

  private mutating func lineBreak() {
    run.bytes.append(0x0A)
    counter.end()
    capture([0x20])
    cursor = MarkdownBytePosition(line: cursor.line + 1, column: 1)
  }

  /// Appends inline text to the heading and innermost task being read, if any.
  private mutating func capture(_ bytes: [UInt8]) {
    if heading != nil { heading?.text += bytes }
    if let last = openTasks.indices.last, openTasks[last].listDepth == listDepth {
      openTasks[last].text += bytes
    }
  }

  /// Scans the pending text run for placeholders and empties it.
  private mutating func flushRun() {
    guard !run.bytes.isEmpty else {
      run.segments.removeAll(keepingCapacity: true)
      return
    }
    let matches = MarkdownScan.placeholders(in: run.bytes, range: 0..<run.bytes.count)
    var segmentIndex = 0
    var searchSegment = -1
    var searchColumn = 1
    for match in matches {
      while segmentIndex + 1 < run.segments.count,
        run.segments[segmentIndex + 1].start <= match.offset
      {
        segmentIndex += 1
      }
      guard segmentIndex < run.segments.count else { break }
      let segment = run.segments[segmentIndex]
      var position = segment.position
      let offset = match.offset - segment.start
      if offset + match.length <= segment.exactCount {
        position.column += offset
      } else {
        // The literal differs from the source (entities, escapes): find the same text there.
        if searchSegment != segmentIndex {
          searchSegment = segmentIndex
          searchColumn = segment.position.column + min(offset, segment.exactCount)
        }
        let end = min(match.offset + match.length, segment.start + segment.count)
        let needle = run.bytes[match.offset..<max(end, match.offset)]
        // cmark may put a node right of where it is (continuation lines in list items), so on
        // a miss look from the start of the line.
        if let column = source.first(needle, line: position.line, from: searchColumn)
          ?? source.first(needle, line: position.line, from: 1)
        {
          position.column = column
          searchColumn = column + needle.count
        }
      }
      report(match.text, at: position)
    }
    run.bytes.removeAll(keepingCapacity: true)
    run.segments.removeAll(keepingCapacity: true)
  }

  private mutating func report(_ text: String, at position: MarkdownBytePosition) {
    let point = source.point(position)
    placeholders.append(Placeholder(text: text, line: point.line, column: point.column))
  }

  // MARK: - Inline HTML, links, HTML blocks

  private mutating func htmlInline(_ node: OpaquePointer) {
    counter.end()
    let literal = MarkdownCMark.literal(node)
    let firstLine = literal.prefix { $0 != 0x0A && $0 != 0x0D }
    let (position, _) = locate(node, literal: firstLine, verbatim: true)
    cursor = MarkdownBytePosition(line: position.line, column: position.column + firstLine.count)
    guard !MarkdownHTML.isRealMarkup(literal) else { return }
    let text = MarkdownScan.collapsed(literal[...])
    capture(Array(text.utf8))
    report(text, at: position)
  }

  private mutating func link(_ node: OpaquePointer, isImage: Bool) {
    let destination = MarkdownCMark.url(node)
    var label: [UInt8] = []
    if let child = cmark_node_first_child(node), cmark_node_get_type(child) == CMARK_NODE_TEXT {
      label = MarkdownCMark.literal(child)
    }
    // Bare GFM autolinks show their URL (minus an added scheme) as their only text.
    let isBareURL =
      !label.isEmpty && destination.utf8.count >= label.count
      && destination.utf8.suffix(label.count).elementsEqual(label)
    let opener: UInt8 = isImage ? 0x21 : 0x5B  // ! or [
    let needle = isBareURL ? label[...] : [opener][...]
    var position = cursor
    if let claimed = plausiblePosition(node) {
      position = claimed
      let byte = source.byte(line: claimed.line, column: claimed.column)
      let labelHere = source.matches(label[...], line: claimed.line, column: claimed.column)
      if byte != opener && byte != 0x3C && !(isBareURL && labelHere),
        let column = source.nearest(needle, line: claimed.line, around: claimed.column)
      {
        position.column = column
      }
    } else {
      position = searchStart(for: node)
      if let column = source.first(needle, line: position.line, from: position.column) {
        position.column = column
      }
    }
    // `<https://...>` and `[https://x](https://x)`: report the bracket, not the URL text.
    if isBareURL, let before = source.byte(line: position.line, column: position.column - 1),
      before == 0x3C || before == 0x5B
    {
      position.column -= 1
    }
    cursor = position
    inAutolink = isBareURL && source.byte(line: position.line, column: position.column) != opener
    let point = source.point(position)
    links.append(
      Link(destination: destination, line: point.line, column: point.column, isImage: isImage))
  }

  private mutating func htmlBlock(_ node: OpaquePointer) {
    let literal = MarkdownCMark.literal(node)
    let start = blockPosition(node)
    var lineIndex = 0
    var lineStart = 0
    var scanned = 0
    var searchColumn = 1
    for match in MarkdownHTML.placeholders(inBlock: literal) {
      while scanned < match.offset {
        if literal[scanned] == 0x0A {
          lineIndex += 1
          lineStart = scanned + 1
          searchColumn = 1
        }
        scanned += 1
      }
      var position = MarkdownBytePosition(
        line: start.line + lineIndex,
        column: lineIndex == 0 ? start.column + match.offset - lineStart : 1)
      let needle = literal[match.offset...].prefix { $0 != 0x0A && $0 != 0x0D }.prefix(match.length)
      if let column = source.first(needle, line: position.line, from: searchColumn) {
        position.column = column
        searchColumn = column + needle.count
      }
      report(match.text, at: position)
    }
  }

  // MARK: - Sections and words

  private mutating func beginCounting(_ node: OpaquePointer) {
    counter.end()
    countedBlockStart = counter.count
    cursor = blockPosition(node)
  }

  private mutating func endCounting() {
    counter.end()
    guard let start = countedBlockStart else { return }
    countedBlockStart = nil
    let words = counter.count - start
    wordCount += words
    for index in openSections { headings[index].wordCount += words }
  }

  private mutating func finishHeading() {
    guard let open = heading else { return }
    heading = nil
    let text = MarkdownWalker.trimmed(open.text)
    let base = MarkdownScan.slug(text)
    let seen = slugCounts[base, default: 0]
    slugCounts[base] = seen + 1
    let anchor = seen == 0 ? base : "\(base)-\(seen)"
    while let last = openSections.last, headings[last].level >= open.level {
      openSections.removeLast()
    }
    let point = source.point(open.position)
    openSections.append(headings.count)
    headings.append(
      Heading(
        level: open.level, text: text, anchor: anchor, line: point.line, column: point.column,
        wordCount: 0))
  }

  /// UTF-8 bytes as a string with surrounding whitespace removed.
  private static func trimmed(_ bytes: [UInt8]) -> String {
    if bytes.allSatisfy({ $0 < 0x80 }) {
      // ASCII whitespace is exactly 09–0D and 20.
      let isSpace = { (byte: UInt8) in byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
      guard let first = bytes.firstIndex(where: { !isSpace($0) }),
        let last = bytes.lastIndex(where: { !isSpace($0) })
      else { return "" }
      return String(decoding: bytes[first...last], as: UTF8.self)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}

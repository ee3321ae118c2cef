/// What a Markdown evidence file says, reduced to what readiness checks look at.
///
/// All line numbers are 1-based and count lines of the original file, front matter included.
/// All columns are 1-based and count Unicode scalars (code points) from the start of the line,
/// the same unit libyaml uses for its marks.
public struct MarkdownDocument: Sendable, Equatable {
  /// YAML front matter text between a leading `---` line and the next `---` (or `...`) line,
  /// without the fences; nil when absent.
  ///
  /// The text is the exact source between the fences, line terminators included (so CRLF files
  /// keep their `\r\n`). An empty block (`---` directly followed by `---`) gives `""`.
  public var frontMatter: String?
  /// 1-based line in the file where the front-matter text starts (the line after the opening
  /// fence); 0 when there is no front matter.
  public var frontMatterLine: Int
  /// Every heading (ATX and setext, at any nesting depth), in document order.
  public var headings: [Heading]
  /// Every GFM task-list item (`- [ ]`, `- [x]`), in document order (parents before children).
  public var tasks: [TaskItem]
  /// Every link and image destination, in document order.
  public var links: [Link]
  /// Every unfilled placeholder found outside code, in document order.
  public var placeholders: [Placeholder]
  /// Number of words in the body outside front matter.
  ///
  /// Words of paragraphs (also in list items and block quotes) and table cells count, inline
  /// code spans included; heading texts, code blocks and raw HTML do not. A word is a
  /// whitespace-separated token with at least one letter or digit.
  public var wordCount: Int

  /// Creates a document description; every collection defaults to empty.
  public init(
    frontMatter: String? = nil,
    frontMatterLine: Int = 0,
    headings: [Heading] = [],
    tasks: [TaskItem] = [],
    links: [Link] = [],
    placeholders: [Placeholder] = [],
    wordCount: Int = 0
  ) {
    self.frontMatter = frontMatter
    self.frontMatterLine = frontMatterLine
    self.headings = headings
    self.tasks = tasks
    self.links = links
    self.placeholders = placeholders
    self.wordCount = wordCount
  }
}

/// A heading of a Markdown document.
public struct Heading: Sendable, Equatable {
  /// Heading level, 1...6.
  public var level: Int
  /// Plain text of the heading (inline code and emphasis flattened), trimmed.
  public var text: String
  /// GitHub-style anchor slug, de-duplicated with `-1`, `-2` suffixes like GitHub does.
  public var anchor: String
  /// 1-based line of the heading's first character in the original file.
  public var line: Int
  /// 1-based column (in Unicode scalars) of the heading's first character.
  public var column: Int
  /// Prose words in this heading's section, subsections included.
  ///
  /// The section runs to the next heading of the same or a higher level. Words of paragraphs,
  /// list items, block quotes and table cells count, inline code spans included; heading texts,
  /// code blocks and raw HTML do not.
  public var wordCount: Int

  /// Creates a heading description.
  public init(
    level: Int, text: String, anchor: String, line: Int, column: Int, wordCount: Int
  ) {
    self.level = level
    self.text = text
    self.anchor = anchor
    self.line = line
    self.column = column
    self.wordCount = wordCount
  }
}

/// A GFM task-list item (`- [ ] ...` or `- [x] ...`).
public struct TaskItem: Sendable, Equatable {
  /// Whether the box is ticked (`[x]` or `[X]`).
  public var checked: Bool
  /// Plain text of the item's own paragraphs (nested lists excluded), trimmed.
  public var text: String
  /// 1-based line of the list marker in the original file.
  public var line: Int
  /// 1-based column (in Unicode scalars) of the list marker.
  public var column: Int

  /// Creates a task item description.
  public init(checked: Bool, text: String, line: Int, column: Int) {
    self.checked = checked
    self.text = text
    self.line = line
    self.column = column
  }
}

/// A link or image destination (inline, reference-style, `<...>` autolink or bare GFM autolink).
public struct Link: Sendable, Equatable {
  /// The destination as cmark resolved it (references resolved, entities decoded; bare
  /// `www.` autolinks get `http://`, e-mail autolinks get `mailto:`).
  public var destination: String
  /// 1-based line where the link starts in the original file.
  public var line: Int
  /// 1-based column (in Unicode scalars) where the link starts (`[`, `!`, `<` or the URL).
  public var column: Int
  /// True for images (`![alt](src)`).
  public var isImage: Bool

  /// Creates a link description.
  public init(destination: String, line: Int, column: Int, isImage: Bool) {
    self.destination = destination
    self.line = line
    self.column = column
    self.isImage = isImage
  }
}

/// An unfilled placeholder: `TODO`, `TBD`, `FIXME`, a `<fill-in>` or "lorem ipsum".
public struct Placeholder: Sendable, Equatable {
  /// The matched text as written, such as `TODO`, `<service name>` or `Lorem ipsum`.
  ///
  /// Runs of whitespace inside it are collapsed to one space.
  public var text: String
  /// 1-based line of the match in the original file.
  public var line: Int
  /// 1-based column (in Unicode scalars) of the match.
  public var column: Int

  /// Creates a placeholder description.
  public init(text: String, line: Int, column: Int) {
    self.text = text
    self.line = line
    self.column = column
  }
}

internal import CMarkGFM
import Synchronization

/// Reads Markdown evidence files (runbooks, checklists) with cmark-gfm and reduces them to a
/// ``MarkdownDocument``.
///
/// Parsing uses cmark-gfm's C API with the GFM `table`, `strikethrough`, `autolink` and
/// `tasklist` extensions. cmark-gfm 0.29 keeps per-parse state in process globals (the inline
/// parser's special-character tables are toggled on every parse), so the cmark part of a parse
/// runs under a process-wide lock; walking the resulting tree happens outside it. `parse` may be
/// called from any number of threads at once.
public enum MarkdownReader {
  /// Parses `text`, which is already validated UTF-8.
  ///
  /// Never traps on any input.
  public static func parse(_ text: String) -> MarkdownDocument {
    let bytes = Array(text.utf8)
    let split = MarkdownFrontMatter.split(bytes)
    var document = MarkdownDocument()
    if let range = split.frontMatter {
      document.frontMatter = String(decoding: bytes[range], as: UTF8.self)
      document.frontMatterLine = 2  // the opening fence is always line 1
    }
    guard let root = MarkdownCMark.parse(bytes, from: split.bodyStart) else { return document }
    defer { cmark_node_free(root) }
    var walker = MarkdownWalker(source: MarkdownSource(bytes: bytes), lineOffset: split.lineOffset)
    walker.walk(root)
    document.headings = walker.headings
    document.tasks = walker.tasks
    document.links = walker.links
    document.placeholders = walker.placeholders
    document.wordCount = walker.wordCount
    return document
  }
}

/// Serialises the parts of cmark-gfm that touch process-global state.
private let cmarkLock = Mutex<Void>(())

/// The cmark-gfm C API, kept inside this module.
enum MarkdownCMark {
  /// GFM extensions attached to every parser.
  private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

  /// Parses `bytes[start...]` into a cmark document tree.
  ///
  /// The caller frees the tree with `cmark_node_free`. Returns nil only if cmark cannot
  /// allocate a parser.
  static func parse(_ bytes: [UInt8], from start: Int) -> OpaquePointer? {
    cmarkLock.withLock { _ -> OpaquePointer? in
      cmark_gfm_core_extensions_ensure_registered()
      // SOURCEPOS makes cmark track line changes inside multi-line inlines (code spans, links).
      guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS) else { return nil }
      defer { cmark_parser_free(parser) }
      for name in extensionNames {
        if let syntaxExtension = cmark_find_syntax_extension(name) {
          cmark_parser_attach_syntax_extension(parser, syntaxExtension)
        }
      }
      bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress, start < buffer.count else { return }
        (base + start).withMemoryRebound(
          to: CChar.self, capacity: buffer.count - start
        ) { cmark_parser_feed(parser, $0, buffer.count - start) }
      }
      return cmark_parser_finish(parser)
    }
  }

  /// The node's literal as bytes (empty when it has none).
  static func literal(_ node: OpaquePointer) -> [UInt8] {
    bytes(of: cmark_node_get_literal(node))
  }

  /// The node's URL as a string (empty when it has none).
  static func url(_ node: OpaquePointer) -> String {
    guard let pointer = cmark_node_get_url(node) else { return "" }
    return String(cString: pointer)
  }

  /// Copies a NUL-terminated C string into a byte array.
  static func bytes(of pointer: UnsafePointer<CChar>?) -> [UInt8] {
    guard let pointer else { return [] }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
      var length = 0
      while start[length] != 0 { length += 1 }
      return Array(UnsafeBufferPointer(start: start, count: length))
    }
  }

  /// Whether the node's extension type name, such as `tasklist` or `table_cell`, is `name`.
  ///
  /// Only extension nodes have such names, so core nodes answer false without a lookup.
  static func isExtensionNode(_ node: OpaquePointer, named name: StaticString) -> Bool {
    guard cmark_node_get_syntax_extension(node) != nil,
      let typeName = cmark_node_get_type_string(node)
    else { return false }
    let actual = bytes(of: typeName)
    return name.withUTF8Buffer { actual.elementsEqual($0) }
  }
}

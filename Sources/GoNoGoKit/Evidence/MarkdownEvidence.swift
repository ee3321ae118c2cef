import Foundation
import LocatedYAML

/// A Markdown evidence file: its parsed body and its front-matter fields.
public struct MarkdownEvidence: Sendable, Equatable {
  /// The parsed document.
  public var document: MarkdownDocument
  /// Top-level scalar front-matter fields, located in the file.
  public var frontMatter: [String: Located<String>]
  /// True when the file holds nothing but whitespace.
  public var isBlank: Bool
}

/// Reads Markdown through cmark-gfm; front matter through LocatedYAML.
public enum MarkdownEvidenceReader: EvidenceReader {
  public static let format = "markdown"

  public static func read(_ source: EvidenceSource) -> Result<MarkdownEvidence, EvidenceError> {
    source.text().flatMap { text in
      let document = MarkdownReader.parse(text)
      var fields: [String: Located<String>] = [:]
      if let frontMatter = document.frontMatter {
        let node: Node
        do {
          node = try Loader(limits: Limits(maxFileSize: 1 << 20, maxDepth: 16, maxNodes: 10_000))
            .load(frontMatter, file: source.file.path)
        } catch let error as YAMLError {
          return .failure(
            EvidenceError(
              "the front matter of \(source.file.path) is not valid YAML: \(error.message)",
              line: error.location.line + document.frontMatterLine - 1,
              column: error.location.column))
        } catch {
          return .failure(EvidenceError("cannot read the front matter of \(source.file.path)"))
        }
        for pair in node.mapping ?? [] {
          guard let key = pair.key.scalar?.text, let value = pair.value.scalar else { continue }
          let location = SourceLocation(
            file: source.file.path, line: pair.value.location.line + document.frontMatterLine - 1,
            column: pair.value.location.column)
          fields[key] = Located(value.text, at: location)
        }
      }
      let isBlank = text.allSatisfy(\.isWhitespace)
      return .success(MarkdownEvidence(document: document, frontMatter: fields, isBlank: isBlank))
    }
  }
}

import Foundation
import LocatedYAML

/// What a plain evidence file is, judged from its extension: text formats must be valid UTF-8 and
/// structured ones (JSON, YAML) must parse, so a garbled or cut-off file is never mere "present".
public struct WellFormedFile: Sendable, Equatable {
  /// The file's size in bytes.
  public var size: Int
  /// The format it was checked as (`json`, `yaml`, `text`), or nil when the extension is opaque.
  public var format: String?
}

/// Reads a file whole (bounded) and checks it is well formed for its extension.
public enum WellFormednessReader: EvidenceReader {
  public static let format = "well-formed"

  static let textExtensions: Set<String> = [
    "md", "markdown", "txt", "csv", "tsv", "html", "htm", "xml", "adoc", "rst", "ini", "toml",
    "sql",
  ]

  public static func read(_ source: EvidenceSource) -> Result<WellFormedFile, EvidenceError> {
    let path = source.file.path
    let ext = (path as NSString).pathExtension.lowercased()
    let kind: String? =
      switch ext {
      case "json": "json"
      case "yaml", "yml": "yaml"
      case _ where textExtensions.contains(ext): "text"
      default: nil
      }
    guard let kind else {
      let size =
        (try? FileManager.default.attributesOfItem(atPath: source.file.url.path)[.size]) as? Int
      guard let size else { return .failure(EvidenceError("cannot read \(path)")) }
      return .success(WellFormedFile(size: size, format: nil))
    }
    return source.data().flatMap { data in
      if data.isEmpty { return .success(WellFormedFile(size: 0, format: kind)) }
      guard String(validating: data, as: UTF8.self) != nil else {
        return .failure(UTF8Check.error(data, path: path))
      }
      switch kind {
      case "json":
        if case .failure(let error) = JSONText.parse(data, file: path) {
          return .failure(error)
        }
      case "yaml":
        do {
          _ = try Loader().loadAll(data, file: path)
        } catch let error as YAMLError {
          return .failure(
            EvidenceError(
              "\(path) is not valid YAML: \(error.message)", line: error.location.line,
              column: error.location.column))
        } catch {
          return .failure(EvidenceError("\(path) is not valid YAML"))
        }
      default:
        break
      }
      return .success(WellFormedFile(size: data.count, format: kind))
    }
  }
}

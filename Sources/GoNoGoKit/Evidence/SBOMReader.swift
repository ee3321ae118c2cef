import Foundation

/// Reads SBOMs, told apart by content: CycloneDX JSON (any 1.x) and XML (1.0–1.7), SPDX 2 JSON
/// and tag-value, and SPDX 3.0 JSON-LD.
///
/// A file whose first character is `<` is XML (streamed through libxml2); `{` or `[` is JSON;
/// anything else is read as SPDX tag-value. How components are counted is the same in every
/// variant: see ``SBOMPackageCount`` and ``CycloneDXXMLScanner``.
public enum SBOMReader: EvidenceReader {
  public static let format = "sbom"

  /// What gonogo reads, ending every message about a file that is none of it.
  static let supported =
    "gonogo reads CycloneDX JSON or XML, SPDX 2 JSON or tag-value, and SPDX 3.0 JSON-LD"
  /// Deepest nesting of CycloneDX components counted.
  static let maxComponentDepth = 64

  public static func read(_ source: EvidenceSource) -> Result<SBOMDocument, EvidenceError> {
    let path = source.file.path
    guard let handle = FileHandle(forReadingAtPath: source.file.url.path) else {
      return .failure(EvidenceError("cannot open \(path) for reading"))
    }
    let head = (try? handle.read(upToCount: 4096)) ?? Data()
    try? handle.close()
    var bytes = head[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    let utf16 = head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || first == 0
    switch first {
    case nil where head.count < 4096:
      return .failure(EvidenceError("\(path) is empty; \(supported)"))
    case UInt8(ascii: "<"):
      return CycloneDXXML.read(source)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      return readJSON(source)
    case let byte? where jsonScalarStarts.contains(byte):
      // A lone JSON number, string or literal is named as such; other text is tag-value.
      if case .success(let data) = source.data(),
        case .success(let value) = JSONText.parse(data, file: path)
      {
        return .failure(notAnSBOM(SecurityJSON(value), path: path))
      }
      return source.text().flatMap { SPDXTagValue.read($0, path: path) }
    default:
      if utf16 { return CycloneDXXML.read(source) }
      return source.text().flatMap { SPDXTagValue.read($0, path: path) }
    }
  }

  /// First bytes of a JSON document that is a lone number, string, `true`, `false` or `null`.
  private static let jsonScalarStarts = Set(Array("\"-0123456789tfn".utf8))

  /// The error for JSON that is not an object, so no SBOM.
  private static func notAnSBOM(_ json: SecurityJSON, path: String) -> EvidenceError {
    EvidenceError("\(path) holds \(json.kindDescription), not an SBOM; \(supported)")
  }

  private static func readJSON(_ source: EvidenceSource) -> Result<SBOMDocument, EvidenceError> {
    let path = source.file.path
    return SecurityJSON.read(source, expecting: "an SBOM").flatMap { json in
      guard json.object != nil else { return .failure(notAnSBOM(json, path: path)) }
      if let bomFormat = json["bomFormat"] {
        guard bomFormat.string == "CycloneDX" else {
          let shown = bomFormat.string.map { "'\($0)'" } ?? bomFormat.kindDescription
          return .failure(
            EvidenceError("\(path) has bomFormat \(shown); a CycloneDX SBOM says 'CycloneDX'"))
        }
        return CycloneDXJSON.read(json, path: path)
      }
      if json["spdxVersion"] != nil { return SPDXJSON.read(json, path: path) }
      if json["@context"] != nil || json["@graph"] != nil { return SPDX3.read(json, path: path) }
      return .failure(
        EvidenceError(
          "\(path) is JSON but not an SBOM: it has no bomFormat, spdxVersion or SPDX 3 "
            + "@context; \(supported)"))
    }
  }

  /// Fails when a creation time is present but not a real date-time.
  static func checked(_ document: SBOMDocument, path: String, line: Int? = nil)
    -> Result<SBOMDocument, EvidenceError>
  {
    if let timestamp = document.timestamp, let problem = SBOMTimestamp.problem(timestamp) {
      return .failure(
        SBOMTimestamp.error(
          timestamp, problem: problem, field: document.timestampField, path: path, line: line))
    }
    return .success(document)
  }
}

import Foundation

/// SPDX 2.x tag-value, read line by line.
///
/// One `Tag: value` per line; a value in `<text>…</text>` may span lines (and hides whatever it
/// holds, `#` and `Tag:` lines included); lines starting with `#` are comments; LF or CRLF line
/// ends. No C library reads this format, so this small reader does.
///
/// `PackageName` opens a package (its `SPDXID`, `PackageVersion`, `PackageSupplier` follow);
/// `FileName`, `SnippetSPDXID` and `LicenseID` open sections whose `SPDXID`s are not packages.
/// Described packages are named by `Relationship: <document> DESCRIBES <package>` (or
/// `<package> DESCRIBED_BY <document>`); counted by ``SBOMPackageCount``.
enum SPDXTagValue {
  /// The part of the document a tag belongs to.
  private enum Section { case document, package, other }

  /// One reading pass's state.
  private struct State {
    var version: (text: String, line: Int)?
    var documentID: String?
    var created: (text: String, line: Int)?
    var present: Set<SBOMMetadata> = []
    var packages: [SBOMPackage] = []
    var relationships: [[Substring]] = []
    var section = Section.document
    var malformed: EvidenceError?
  }

  static func read(_ text: String, path: String) -> Result<SBOMDocument, EvidenceError> {
    var state = State()
    var open: (tag: Substring, line: Int, value: String)?
    var number = 0
    // CRLF is one Character in Swift, so both line ends are matched as Characters.
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    for raw in lines {
      number += 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
      if let current = open {
        guard let close = line.range(of: "</text>") else {
          open?.value += String(line) + "\n"
          continue
        }
        open = nil
        if !line[close.upperBound...].allSatisfy(\.isWhitespace) {
          state.malformed = state.malformed ?? malformed(path, number, "has text after </text>")
        }
        take(
          current.tag, current.value + String(line[..<close.lowerBound]), line: current.line, &state
        )
        continue
      }
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.first == "#" { continue }
      guard let colon = trimmed.firstIndex(of: ":"), colon > trimmed.startIndex,
        trimmed[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
      else {
        state.malformed = state.malformed ?? malformed(path, number, "is not a 'Tag: value' line")
        continue
      }
      let tag = trimmed[..<colon]
      let value = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
      guard value.hasPrefix("<text>") else {
        take(tag, value, line: number, &state)
        continue
      }
      let body = value.dropFirst("<text>".count)
      if let close = body.range(of: "</text>") {
        if !body[close.upperBound...].allSatisfy(\.isWhitespace) {
          state.malformed = state.malformed ?? malformed(path, number, "has text after </text>")
        }
        take(tag, String(body[..<close.lowerBound]), line: number, &state)
      } else {
        open = (tag, number, String(body) + "\n")
      }
    }
    guard let version = state.version else {
      return .failure(
        EvidenceError(
          "\(path) is not an SBOM: it is not JSON, XML or SPDX tag-value; \(SBOMReader.supported)"))
    }
    guard version.text.hasPrefix("SPDX-2.") else {
      return .failure(
        EvidenceError(
          "\(path) has SPDXVersion '\(version.text)'; gonogo reads SPDX 2.x tag-value",
          line: version.line))
    }
    if let open {
      return .failure(
        EvidenceError(
          "\(path) is not valid SPDX tag-value: the <text> value that starts on line \(open.line) "
            + "is never closed with </text>", line: open.line))
    }
    if let malformed = state.malformed { return .failure(malformed) }
    return document(state, path: path)
  }

  private static func document(_ state: State, path: String) -> Result<SBOMDocument, EvidenceError>
  {
    let documentID = state.documentID ?? "SPDXRef-DOCUMENT"
    var described: Set<String> = []
    for parts in state.relationships where parts.count >= 3 {
      if parts[1] == "DESCRIBES", parts[0] == documentID { described.insert(String(parts[2])) }
      if parts[1] == "DESCRIBED_BY", parts[2] == documentID { described.insert(String(parts[0])) }
    }
    let counted = SBOMPackageCount(state.packages, described: described)
    var present = state.present
    if counted.describesAPackage { present.insert(.component) }
    if counted.describedHasSupplier { present.insert(.supplier) }
    if state.created != nil { present.insert(.timestamp) }
    return SBOMReader.checked(
      SBOMDocument(
        format: .spdx, encoding: .tagValue, specVersion: state.version?.text ?? "",
        subject: counted.subject, timestamp: state.created?.text, metadata: present,
        componentCount: counted.count),
      path: path, line: state.created?.line)
  }

  /// Records one tag's value.
  private static func take(_ tag: Substring, _ value: String, line: Int, _ state: inout State) {
    switch tag {
    case "SPDXVersion":
      if state.version == nil { state.version = (value, line) }
    case "SPDXID":
      switch state.section {
      case .document: if state.documentID == nil { state.documentID = value }
      case .package:
        if let last = state.packages.indices.last, state.packages[last].id.isEmpty {
          state.packages[last].id = value
        }
      case .other: break
      }
    case "Created":
      if state.section == .document, state.created == nil { state.created = (value, line) }
    case "Creator":
      if value.hasPrefix("Tool:") { state.present.insert(.tools) }
      if value.hasPrefix("Person:") || value.hasPrefix("Organization:") {
        state.present.insert(.authors)
      }
    case "PackageName":
      state.section = .package
      state.packages.append(SBOMPackage(id: "", name: value.isEmpty ? nil : value))
    case "PackageVersion":
      if state.section == .package, let last = state.packages.indices.last {
        state.packages[last].version = value.isEmpty ? nil : value
      }
    case "PackageSupplier":
      if state.section == .package, let last = state.packages.indices.last {
        state.packages[last].hasSupplier = !value.isEmpty && value != "NOASSERTION"
      }
    case "FileName", "SnippetSPDXID", "LicenseID":
      state.section = .other
    case "Relationship":
      state.relationships.append(value.split(whereSeparator: \.isWhitespace))
    default:
      break
    }
  }

  private static func malformed(_ path: String, _ line: Int, _ what: String) -> EvidenceError {
    EvidenceError("\(path) is not valid SPDX tag-value: line \(line) \(what)", line: line)
  }
}

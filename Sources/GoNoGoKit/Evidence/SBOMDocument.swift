import Foundation

/// Metadata an SBOM can be required to carry, in each format's own terms.
public enum SBOMMetadata: String, CaseIterable, Sendable {
  /// What the SBOM describes: CycloneDX `metadata.component`, SPDX's described package.
  case component
  /// When it was made: CycloneDX `metadata.timestamp`, SPDX `created`.
  case timestamp
  /// What made it: CycloneDX `metadata.tools`, SPDX `Tool:` creators (3.0: `createdUsing`).
  case tools
  /// Who made it: CycloneDX `metadata.authors`, SPDX `Person:`/`Organization:` creators.
  case authors
  /// Who supplies the software: CycloneDX `metadata.supplier`, the described SPDX package's.
  case supplier
}

/// A software bill of materials: its format, subject, metadata and component count.
public struct SBOMDocument: Sendable, Equatable {
  /// The SBOM standards read.
  public enum Format: String, Sendable, Equatable {
    /// CycloneDX 1.x.
    case cycloneDX = "CycloneDX"
    /// SPDX 2.x or 3.0.
    case spdx = "SPDX"
  }

  /// How the document is written down.
  public enum Encoding: String, Sendable, Equatable {
    /// CycloneDX JSON or SPDX 2 JSON.
    case json
    /// CycloneDX XML.
    case xml
    /// SPDX 2 tag-value.
    case tagValue
    /// SPDX 3.0 JSON-LD.
    case jsonLD
  }

  /// The format.
  public var format: Format
  /// The encoding.
  public var encoding: Encoding
  /// The spec version as written (`1.6`, `SPDX-2.3`, `3.0.1`).
  public var specVersion: String
  /// The software the SBOM describes (`checkout-api 2.4.0`), when it names exactly one.
  public var subject: String?
  /// The creation time as written, when present.
  public var timestamp: String?
  /// The metadata present.
  public var metadata: Set<SBOMMetadata>
  /// Components or packages listed, not counting the one the SBOM describes (see the README).
  public var componentCount: Int

  /// "CycloneDX 1.6", "CycloneDX 1.6 XML", "SPDX 2.3", "SPDX 2.3 tag-value", "SPDX 3.0.1".
  public var formatName: String {
    let version = specVersion.hasPrefix("SPDX-") ? String(specVersion.dropFirst(5)) : specVersion
    let name = "\(format.rawValue) \(version)"
    switch encoding {
    case .json, .jsonLD: return name
    case .xml: return name + " XML"
    case .tagValue: return name + " tag-value"
    }
  }

  /// "a CycloneDX 1.6 SBOM", "an SPDX 2.3 tag-value SBOM".
  public var described: String {
    (format == .spdx ? "an " : "a ") + formatName + " SBOM"
  }

  /// Where the creation time lives in this format, for messages.
  public var timestampField: String {
    switch (format, encoding) {
    case (.cycloneDX, _): "metadata.timestamp"
    case (.spdx, .tagValue): "Created"
    case (.spdx, _): "creationInfo.created"
    }
  }

  /// What the file lacks, as the rest of a sentence that starts with its path.
  public func missing(_ metadata: SBOMMetadata) -> String {
    switch (format, encoding, metadata) {
    case (.cycloneDX, _, _):
      "has no metadata.\(metadata.rawValue)"
    case (.spdx, _, .timestamp):
      "has no \(timestampField)"
    case (.spdx, .tagValue, .component):
      "describes no package (no 'Relationship: SPDXRef-DOCUMENT DESCRIBES' line names one)"
    case (.spdx, .tagValue, .tools):
      "has no 'Creator: Tool:' line"
    case (.spdx, .tagValue, .authors):
      "has no 'Creator: Person:' or 'Creator: Organization:' line"
    case (.spdx, .tagValue, .supplier):
      "has no PackageSupplier on its described package"
    case (.spdx, .jsonLD, .component):
      "has no package among the rootElement of its software_Sbom"
    case (.spdx, .jsonLD, .tools):
      "has no tool in creationInfo.createdUsing"
    case (.spdx, .jsonLD, .authors):
      "has no agent in creationInfo.createdBy"
    case (.spdx, .jsonLD, .supplier):
      "has no suppliedBy on its root package"
    case (.spdx, _, .component):
      "describes no package (in documentDescribes or a DESCRIBES relationship)"
    case (.spdx, _, .tools):
      "has no 'Tool:' creator in creationInfo.creators"
    case (.spdx, _, .authors):
      "has no 'Person:' or 'Organization:' creator in creationInfo.creators"
    case (.spdx, _, .supplier):
      "has no supplier on its described package"
    }
  }
}

/// A package of an SPDX document (2 or 3), as far as counting and metadata need it.
struct SBOMPackage: Sendable, Equatable {
  /// `SPDXID` (SPDX 2) or `spdxId` (SPDX 3); empty when missing.
  var id: String
  var name: String?
  var version: String?
  /// A supplier other than `NOASSERTION` is named.
  var hasSupplier = false

  /// "checkout-api 2.4.0", when named.
  var title: String? {
    name.map { [$0, version].compactMap { $0 }.joined(separator: " ") }
  }
}

/// How SPDX packages are counted, the same for every SPDX encoding.
///
/// Every package counts except the document's subject — the one package it describes. A document
/// that describes several packages has no single subject, so all of them count.
struct SBOMPackageCount {
  /// Packages that count.
  var count: Int
  /// The one described package's name and version, when exactly one is described.
  var subject: String?
  /// At least one listed package is described.
  var describesAPackage: Bool
  /// A described package names a supplier.
  var describedHasSupplier: Bool

  init(_ packages: [SBOMPackage], described: Set<String>) {
    let roots = packages.filter { !$0.id.isEmpty && described.contains($0.id) }
    let rootIDs = Set(roots.map(\.id))
    describesAPackage = !roots.isEmpty
    describedHasSupplier = roots.contains(where: \.hasSupplier)
    if rootIDs.count == 1, let root = roots.first {
      count = packages.filter { $0.id != root.id }.count
      subject = root.title
    } else {
      count = packages.count
      subject = nil
    }
  }
}

/// Creation times that name a real instant, read by the one strict date parser.
enum SBOMTimestamp {
  /// Why `text` is not a real ISO 8601 date or date-time with a zone, or nil when it is one.
  static func problem(_ text: String) -> DateProblem? {
    guard case .failure(let problem) = DateValue.parse(text) else { return nil }
    return problem
  }

  /// The error for a creation time that is not a real date-time: the day or time that does not
  /// exist and why, or the shape that is expected.
  static func error(
    _ text: String, problem: DateProblem, field: String, path: String, line: Int? = nil
  ) -> EvidenceError {
    let why: String
    if case .impossible(let reason) = problem {
      why = "\(field) '\(text)', which does not exist: \(reason)"
    } else {
      why =
        "\(field) '\(text)', which is not an ISO 8601 date-time with a zone such as "
        + "2026-11-20T10:00:00Z"
    }
    return EvidenceError("\(path) has \(why)", line: line)
  }
}

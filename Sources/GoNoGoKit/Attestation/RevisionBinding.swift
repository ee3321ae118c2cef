import Foundation

/// What an evidence file says it describes: commit ids and artifact digests, with the field each
/// was read from.
public struct DescribedRelease: Sendable, Equatable {
  /// A value and where in the file it was read.
  public struct Field: Sendable, Equatable {
    /// The field's path, such as `runs[0].versionControlProvenance[0].revisionId`.
    public var name: String
    /// The commit id or the lowercase hex sha256.
    public var value: String
  }

  /// The format recognised (`SARIF`, `Trivy`, `CycloneDX`, `SPDX`); nil when none carries the
  /// fields.
  public var format: String?
  /// Commit ids named.
  public var commits: [Field] = []
  /// Artifact sha256 digests named.
  public var digests: [Field] = []
}

/// Reads the fields that name what a scan or SBOM describes: the JSON forms of SARIF, Trivy,
/// CycloneDX and SPDX, CycloneDX XML and SPDX tag-value.
enum DescribedReleaseReader: EvidenceReader {
  static let format = "described-release"

  static func read(_ source: EvidenceSource) -> Result<DescribedRelease, EvidenceError> {
    source.data().flatMap { data in
      let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
      if first == UInt8(ascii: "<") { return describeCycloneDXXML(source) }
      if data.containsBytes(Data("SPDXVersion:".utf8)), first != UInt8(ascii: "{") {
        return .success(describeSPDXTagValue(data))
      }
      guard first == UInt8(ascii: "{") else { return .success(DescribedRelease()) }
      // A scan that names nothing it describes is not parsed a second time.
      guard markers.contains(where: data.containsBytes) else {
        return .success(DescribedRelease())
      }
      return JSONText.parse(data, file: source.file.path).map { value in
        guard let object = value as? [String: Any] else { return DescribedRelease() }
        return describe(object)
      }
    }
  }

  /// Byte strings one of which every file with a judged field holds.
  static let markers = [
    "\"versionControlProvenance\"", "\"ImageID\"", "\"RepoDigests\"", "@sha256:",
    "\"bomFormat\"", "\"spdxVersion\"",
  ].map { Data($0.utf8) }

  static func describe(_ object: [String: Any]) -> DescribedRelease {
    var result = DescribedRelease()
    if let runs = object["runs"] as? [Any], object["version"] != nil || object["$schema"] != nil {
      result.format = "SARIF"
      for (index, run) in runs.enumerated() {
        let provenance = (run as? [String: Any])?["versionControlProvenance"] as? [Any] ?? []
        for (position, entry) in provenance.enumerated() {
          if let id = (entry as? [String: Any])?["revisionId"] as? String,
            ReleaseIdentity.isCommitLike(id)
          {
            result.commits.append(
              .init(
                name: "runs[\(index)].versionControlProvenance[\(position)].revisionId",
                value: id))
          }
        }
      }
    } else if object["SchemaVersion"] != nil,
      object["ArtifactName"] != nil || object["Results"] != nil
    {
      result.format = "Trivy"
      if let name = object["ArtifactName"] as? String, let digest = digest(afterLast: "@", in: name)
      {
        result.digests.append(.init(name: "ArtifactName", value: digest))
      }
      let metadata = object["Metadata"] as? [String: Any] ?? [:]
      if let image = metadata["ImageID"] as? String, let digest = sha256(image) {
        result.digests.append(.init(name: "Metadata.ImageID", value: digest))
      }
      for (index, entry) in (metadata["RepoDigests"] as? [Any] ?? []).enumerated() {
        if let text = entry as? String, let digest = digest(afterLast: "@", in: text) {
          result.digests.append(.init(name: "Metadata.RepoDigests[\(index)]", value: digest))
        }
      }
    } else if (object["bomFormat"] as? String) == "CycloneDX" {
      result.format = "CycloneDX"
      let metadata = object["metadata"] as? [String: Any] ?? [:]
      let component = metadata["component"] as? [String: Any] ?? [:]
      if let version = component["version"] as? String {
        classify(version, field: "metadata.component.version", into: &result)
      }
      if let reference = component["bom-ref"] as? String, let at = reference.lastIndex(of: "@") {
        classify(
          String(reference[reference.index(after: at)...]), field: "metadata.component.bom-ref",
          into: &result)
      }
      for (owner, prefix) in [(metadata, "metadata"), (component, "metadata.component")] {
        for (index, entry) in (owner["properties"] as? [Any] ?? []).enumerated() {
          guard let property = entry as? [String: Any],
            let name = property["name"] as? String, revisionProperties.contains(name),
            let value = property["value"] as? String
          else { continue }
          classify(value, field: "\(prefix).properties[\(index)] (\(name))", into: &result)
        }
      }
    } else if object["spdxVersion"] != nil {
      result.format = "SPDX"
      if let namespace = object["documentNamespace"] as? String {
        let last = namespace.split(whereSeparator: { "/@-#".contains($0) }).last.map(String.init)
        if let last { classify(last, field: "documentNamespace", into: &result) }
      }
      var described = Set(
        (object["documentDescribes"] as? [Any] ?? []).compactMap { $0 as? String })
      // SPDX 2.3 names what a document describes with DESCRIBES relationships too.
      for entry in object["relationships"] as? [Any] ?? [] {
        guard let relationship = entry as? [String: Any],
          relationship["spdxElementId"] as? String == "SPDXRef-DOCUMENT",
          relationship["relationshipType"] as? String == "DESCRIBES",
          let id = relationship["relatedSpdxElement"] as? String
        else { continue }
        described.insert(id)
      }
      for (index, entry) in (object["packages"] as? [Any] ?? []).enumerated() {
        guard let package = entry as? [String: Any], let id = package["SPDXID"] as? String,
          described.contains(id), let version = package["versionInfo"] as? String
        else { continue }
        classify(version, field: "packages[\(index)].versionInfo", into: &result)
      }
    }
    return result
  }

  /// Property names that carry the commit an SBOM was built from.
  static let revisionProperties: Set<String> = [
    "vcs:revision", "vcs.revision", "git:commit", "git.commit", "gonogo:revision",
  ]

  static func classify(_ value: String, field: String, into result: inout DescribedRelease)
  {
    if let digest = sha256(value) {
      result.digests.append(.init(name: field, value: digest))
    } else if looksLikeCommit(value) {
      result.commits.append(.init(name: field, value: value.lowercased()))
    }
  }

  /// A value in evidence is taken for a commit id when it is 7 to 64 hex digits with a letter
  /// among them, or a full 40- or 64-digit id: `20261201` is a build number, not a commit.
  static func looksLikeCommit(_ value: String) -> Bool {
    guard ReleaseIdentity.isCommitLike(value) else { return false }
    return value.count == 40 || value.count == 64
      || value.utf8.contains { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  private static func digest(afterLast separator: Character, in text: String) -> String? {
    guard let index = text.lastIndex(of: separator) else { return nil }
    return sha256(String(text[text.index(after: index)...]))
  }

  /// The hex of `sha256:HEX`, lowercased; nil for anything else.
  static func sha256(_ text: String) -> String? {
    guard text.hasPrefix("sha256:") else { return nil }
    let hex = text.dropFirst("sha256:".count)
    guard hex.utf8.count == 64, hex.utf8.allSatisfy(ReleaseIdentity.isHex) else { return nil }
    return hex.lowercased()
  }
}

/// Judges whether evidence describes the release (`revision:`).
enum RevisionBinding {
  static func judge(
    _ files: [EvidenceFile], kind: String, binding: EvidenceBinding, explicit: Bool,
    context: EvaluationContext
  ) -> [Finding] {
    if kind == "report" {
      return ReportRecordBinding.judge(files, binding: binding, context: context)
    }
    var findings: [Finding] = []
    let noun = kind == "sbom" ? "the SBOM" : "the scan"
    for file in files {
      // An unreadable or malformed file is already the check's own error.
      guard
        case .success(let described) = context.cache.document(
          DescribedReleaseReader.self, for: file)
      else { continue }
      findings += judge(described, file: file, noun: noun, explicit: explicit, context: context)
    }
    return findings
  }

  static func judge(
    _ described: DescribedRelease, file: EvidenceFile, noun: String, explicit: Bool,
    context: EvaluationContext
  ) -> [Finding] {
    var findings: [Finding] = []
    let here = EvidenceLocation(file: file.path)
    let release = context.release
    if !described.commits.isEmpty {
      if let revision = release.revision {
        let wrong = described.commits.filter { !ReleaseIdentity.sameCommit($0.value, revision) }
        if let first = wrong.first {
          findings.append(
            Finding(
              .fail,
              "\(file.path): \(noun) describes \(short(first.value)), the release is "
                + "\(short(revision)) (\(first.name)); produce it again from the release commit, "
                + "or set revision: false if it need not match",
              evidence: here, measured: ["describes": .string(first.value)],
              expected: ["revision": .string(revision)]))
        } else {
          findings.append(
            .pass(
              "\(file.path) describes the release \(short(revision)) "
                + "(\(described.commits.map(\.name).joined(separator: ", ")))", evidence: here))
        }
      } else if explicit {
        findings.append(
          .error(
            "\(file.path) names commit \(short(described.commits[0].value)) but the release "
              + "revision is unknown (\(release.revisionNote ?? "no revision")); give --revision SHA",
            evidence: here))
      }
    }
    if !described.digests.isEmpty {
      let subjects = Set(release.subjects.map(\.sha256))
      if subjects.isEmpty {
        if explicit {
          findings.append(
            .error(
              "\(file.path) names artifact sha256:\(described.digests[0].value.prefix(12)) but "
                + "the release names no artifact; give --subject NAME=sha256:HEX",
              evidence: here))
        }
      } else if let match = described.digests.first(where: { subjects.contains($0.value) }) {
        findings.append(
          .pass(
            "\(file.path) describes release artifact sha256:\(match.value.prefix(12)) "
              + "(\(match.name))", evidence: here))
      } else {
        let named = described.digests[0]
        let expected = release.subjects.map { "\($0.name) sha256:\($0.sha256.prefix(12))" }
        findings.append(
          Finding(
            .fail,
            "\(file.path): \(noun) describes sha256:\(named.value.prefix(12)) (\(named.name)), "
              + "the release is \(expected.joined(separator: ", ")); scan the released artifact",
            evidence: here, measured: ["describes": .string("sha256:" + named.value)],
            expected: ["subjects": .array(release.subjects.map { .string("sha256:" + $0.sha256) })])
        )
      }
    }
    return findings
  }

  /// A commit id as people read it: its first 7 hex digits.
  static func short(_ commit: String) -> String { String(commit.prefix(7)) }
}

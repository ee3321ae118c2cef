import Foundation
import LocatedYAML

/// Parameters that tie a check's evidence to the release, common to the evidence kinds:
/// `revision` (does the evidence describe this commit or artifact?) and `built_after` (was it
/// produced after the last change to the sources it judges?).
public struct EvidenceBinding: Sendable, Equatable {
  /// `revision:` as written; nil means the kind's default (on where the format names what it
  /// describes).
  public var revision: Located<Bool>?
  /// `built_after:` globs, relative to the evidence root; empty when absent.
  public var builtAfter: [Located<String>] = []
  /// `record:` (report kind): the decision record written with the report.
  public var record: Located<String>?

  /// No binding parameters.
  public init() {}

  /// The kinds whose evidence formats name the commit or artifact they describe.
  public static let revisionKinds: Set<String> = ["vulnerabilities", "sbom", "report"]

  /// The parameter names a kind accepts beyond its own.
  static func keys(forKind kind: String, needsEvidence: Bool) -> [String] {
    guard needsEvidence else { return [] }
    var keys = ["built_after"]
    if revisionKinds.contains(kind) { keys.append("revision") }
    if kind == "report" { keys.append("record") }
    return keys
  }

  /// Documentation rows for the kind reference.
  public static func parameters(forKind kind: String) -> [CheckDescription.Parameter] {
    var rows: [CheckDescription.Parameter] = []
    switch kind {
    case "vulnerabilities":
      rows.append(
        .init(
          "revision", "boolean",
          "Default true. The scan must describe the release: SARIF "
            + "runs[].versionControlProvenance[].revisionId must name the release commit "
            + "(--revision, else HEAD); Trivy ArtifactName (@sha256:…), Metadata.ImageID and "
            + "Metadata.RepoDigests must include a --subject digest when they name one. A scan "
            + "without these fields, or a run without a release commit or subject, is not judged; "
            + "with revision: true written, nothing to compare against is an error."))
    case "sbom":
      rows.append(
        .init(
          "revision", "boolean",
          "Default true. The SBOM must describe the release: in CycloneDX (JSON or XML), "
            + "metadata.component.version, the part of metadata.component.bom-ref after its last "
            + "'@', and metadata (or metadata.component) properties named vcs:revision, "
            + "git:commit, git.commit, vcs.revision or gonogo:revision; in SPDX 2 (JSON or "
            + "tag-value), the last '/', '@', '-' or '#'-separated part of documentNamespace "
            + "(DocumentNamespace) and the version of the packages the document describes "
            + "(documentDescribes, DocumentDescribes or a DESCRIBES relationship). Only values that look like commit ids (7 to 64 "
            + "hex digits holding a letter, or a full 40- or 64-digit id) are compared; a sha256 digest in them is compared with --subject "
            + "digests. SPDX 3 carries no such field and is not judged."))
    case "report":
      rows.append(
        .init(
          "revision", "boolean",
          "Default true when record is given. The report's decision record (the attestation "
            + "written in the same run) must name the release commit as its gitCommit subject "
            + "and hold the report's sha256."))
      rows.append(
        .init(
          "record", "path",
          "The decision record (gonogo check --output attestation=PATH) written with the report; "
            + "its signature is not checked here (use gonogo verify)."))
    default:
      break
    }
    rows.append(
      .init(
        "built_after", "list of globs",
        "The evidence must be newer than the last commit that touched these paths (globs "
          + "relative to the evidence root, e.g. [src/**]): its own date where the kind reads one "
          + "(junit timestamp, sbom timestamp, report now), else its last commit. Needs the git "
          + "history: a shallow clone is an error that says how to fetch it."))
    return rows
  }

  /// Decodes the binding parameters of a check; problems go to the fields' sink.
  static func decode(_ fields: Fields, kind: String) -> EvidenceBinding {
    var binding = EvidenceBinding()
    if fields.has("revision"), let value = fields.bool("revision") {
      binding.revision = Located(value, at: fields.location(of: "revision"))
    }
    if fields.has("built_after") {
      let globs = fields.strings("built_after", required: true) ?? []
      if globs.isEmpty, fields.value("built_after")?.sequence?.isEmpty == true {
        fields.sink.error(
          fields.location(of: "built_after"), "built_after names no paths",
          hint: "list the sources the evidence must be newer than, e.g. built_after: [src/**]")
      }
      for glob in globs {
        if let problem = EvidenceRoot.problem(withPath: glob.value) {
          fields.sink.error(glob.location, "built_after path '\(glob.value)': \(problem)")
        }
      }
      binding.builtAfter = globs
    }
    if fields.has("record"), let record = fields.string("record", required: true) {
      binding.record = Located(record, at: fields.location(of: "record"))
    }
    return binding
  }

  /// The binding findings of one check: revision, then built_after, for each evidence file.
  static func evaluate(_ check: any Check, kind: String, context: EvaluationContext)
    -> [Finding]
  {
    let binding = check.evidence.binding
    let revisionOn =
      binding.revision?.value
      ?? (kind == "report" ? binding.record != nil : revisionKinds.contains(kind))
    guard revisionOn || !binding.builtAfter.isEmpty else { return [] }
    let (files, _) = context.files(check.evidence)  // missing files are the check's own errors
    var findings: [Finding] = []
    if revisionOn, revisionKinds.contains(kind) {
      findings += RevisionBinding.judge(
        files, kind: kind, binding: binding, explicit: binding.revision != nil, context: context)
    }
    if !binding.builtAfter.isEmpty {
      findings += BuiltAfter.judge(
        files, globs: binding.builtAfter.map(\.value), kind: kind, context: context)
    }
    return findings
  }
}

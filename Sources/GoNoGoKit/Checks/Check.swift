import Foundation
import LocatedYAML

/// One kind of check: decodes its parameters from a gate and judges evidence.
///
/// Each kind lives in one file under `Checks/` and is listed once in `CheckRegistry`.
public protocol Check: Sendable {
  /// The kind's name, documentation, parameters and examples.
  static var description: CheckDescription { get }
  /// Decodes the kind's parameters; problems go to `parameters.sink`. Nil when unusable.
  init?(_ parameters: CheckParameters)
  /// Where the check is written.
  var location: SourceLocation { get }
  /// The evidence it reads, as written.
  var evidence: EvidenceSelector { get }
  /// Judges the evidence. Never throws: anything unreadable is an `error` finding.
  func evaluate(_ context: EvaluationContext) -> [Finding]
}

/// What a check kind says about itself: the documentation that doubles as tests.
public struct CheckDescription: Sendable {
  /// The `kind:` name.
  public var kind: String
  /// One line on what it checks.
  public var summary: String
  /// Whether the kind reads evidence files (`file:` / `files:`).
  public var needsEvidence: Bool
  /// The parameters beyond `kind`, `file` and `files`.
  public var parameters: [Parameter]
  /// Examples, each a check with its evidence files and the status it must produce.
  public var examples: [CheckExample]

  /// Creates a description.
  public init(
    kind: String, summary: String, needsEvidence: Bool = true, parameters: [Parameter],
    examples: [CheckExample]
  ) {
    self.kind = kind
    self.summary = summary
    self.needsEvidence = needsEvidence
    self.parameters = parameters
    self.examples = examples
  }

  /// A documented parameter.
  public struct Parameter: Sendable {
    /// The key.
    public var name: String
    /// Its type, as users write it (`duration`, `percentage`, `list of strings`).
    public var type: String
    /// What it does.
    public var summary: String

    /// Creates a parameter.
    public init(_ name: String, _ type: String, _ summary: String) {
      self.name = name
      self.type = type
      self.summary = summary
    }
  }
}

/// A worked example: the check's YAML, the evidence files, and the status it gives.
public struct CheckExample: Sendable {
  /// The check's YAML (the mapping under `check:`).
  public var yaml: String
  /// Evidence files by relative path.
  public var files: [String: String]
  /// The gate status the example must produce.
  public var expected: Finding.Status
  /// The evaluation time (ISO 8601).
  public var now: String

  /// Creates an example.
  public init(
    _ yaml: String, files: [String: String] = [:], expected: Finding.Status,
    now: String = "2026-12-01T09:00:00Z"
  ) {
    self.yaml = yaml
    self.files = files
    self.expected = expected
    self.now = now
  }
}

/// The evidence a check names: one `file:` or a list of `files:` globs.
public struct EvidenceSelector: Sendable, Equatable {
  /// The paths or patterns, as written.
  public var patterns: [Located<String>]
  /// `revision`, `built_after` and `record`: what ties the evidence to the release.
  public var binding = EvidenceBinding()

  /// Creates a selector.
  public init(_ patterns: [Located<String>], binding: EvidenceBinding = EvidenceBinding()) {
    self.patterns = patterns
    self.binding = binding
  }
}

/// A check's parameters while decoding: typed access plus the common evidence keys.
public struct CheckParameters {
  /// The check's mapping.
  public let fields: Fields
  /// The evidence selector decoded from `file:` / `files:`.
  public let evidence: EvidenceSelector
  /// Where the check is written.
  public var location: SourceLocation { fields.node.location }
  /// Where problems go.
  public var sink: DiagnosticSink { fields.sink }

  /// Creates parameters.
  public init(fields: Fields, evidence: EvidenceSelector) {
    self.fields = fields
    self.evidence = evidence
  }
}

/// What a check gets at evaluation time.
public struct EvaluationContext: Sendable {
  /// The run's evidence cache.
  public let cache: EvidenceCache
  /// "Now", fixed for the whole run.
  public let now: Date
  /// The release the evidence must describe (`revision` binding).
  public let release: ReleaseIdentity

  /// Creates a context.
  public init(cache: EvidenceCache, now: Date, release: ReleaseIdentity = .unknown) {
    self.cache = cache
    self.now = now
    self.release = release
  }

  /// The files a selector names, in order; missing files, escapes and empty globs are errors.
  public func files(_ selector: EvidenceSelector) -> (files: [EvidenceFile], errors: [Finding]) {
    var files: [EvidenceFile] = []
    var errors: [Finding] = []
    for pattern in selector.patterns {
      if Glob.isPattern(pattern.value) {
        do {
          let matches = try Glob(pattern.value).expand(in: cache.root.url)
          if matches.isEmpty {
            errors.append(.error("no evidence file matches \(pattern.value)"))
          }
          for match in matches {
            switch cache.file(match) {
            case .success(let file): if !files.contains(file) { files.append(file) }
            case .failure(let error): errors.append(.error(error.message))
            }
          }
        } catch {
          errors.append(.error(error.message))
        }
      } else {
        switch cache.file(pattern.value) {
        case .success(let file): if !files.contains(file) { files.append(file) }
        case .failure(let error):
          errors.append(.error(error.message, evidence: EvidenceLocation(file: pattern.value)))
        }
      }
    }
    return (files, errors)
  }
}

import LocatedYAML

/// A program file (`program.yaml`): the workstreams of one release, each with its own checklist
/// (and plan) and owner, judged separately and rolled up into one verdict.
public struct Program: Sendable, Equatable {
  /// The program file as the user named it.
  public var file: String
  /// The program's name.
  public var program: String
  /// The release.
  public var release: String
  /// The workstreams, in order.
  public var workstreams: [Workstream]
  /// Where the program starts.
  public var location: SourceLocation
  /// The names of the tiers of every workstream (`tiers:`), most critical first.
  public var tierNames: Located<[String]>? = nil

  /// Creates a program.
  public init(
    file: String, program: String, release: String, workstreams: [Workstream],
    location: SourceLocation
  ) {
    self.file = file
    self.program = program
    self.release = release
    self.workstreams = workstreams
    self.location = location
  }
}

/// One workstream of a program: a team's part of the release.
public struct Workstream: Sendable, Equatable {
  /// Its name (`API`, `Frontend`, `Data`, `SRE`).
  public var name: String
  /// Who answers for it.
  public var owner: String
  /// Its checklists, plans or directories, relative to the program file's directory.
  public var paths: [Located<String>]
  /// Where it is declared.
  public var location: SourceLocation
  /// The workstream's service tier (`tier:`), applied to its checklists.
  public var tier: Located<TierToken>? = nil

  /// Creates a workstream.
  public init(name: String, owner: String, paths: [Located<String>], location: SourceLocation) {
    self.name = name
    self.owner = owner
    self.paths = paths
    self.location = location
  }
}

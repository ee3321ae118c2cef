import Foundation
import LocatedYAML

/// Decodes a program file, reporting every problem at once.
public enum ProgramDecoder {
  static let topKeys = ["version", "program", "release", "tiers", "workstreams"]
  static let workstreamKeys = ["name", "owner", "tier", "path", "paths"]

  /// True when a file name marks a program: `program.yaml` or `*.program.yaml`.
  public static func isProgram(_ path: String) -> Bool {
    let name = (path as NSString).lastPathComponent
    return name == "program.yaml" || name.hasSuffix(".program.yaml")
  }

  /// The program, or nil when any error was reported to `sink`.
  public static func decode(_ root: Node, file: String, sink: DiagnosticSink) -> Program? {
    guard let fields = Fields(root, context: "the program", known: topKeys, sink: sink) else {
      return nil
    }
    if let version = fields.int("version", required: true), version != 1 {
      sink.error(fields.location(of: "version"), "unsupported program version \(version)")
    }
    let program = fields.string("program", required: true)
    let release = fields.string("release", required: true)
    var workstreams: [Workstream] = []
    let nodes = fields.sequence("workstreams", required: true) ?? []
    if fields.has("workstreams") && nodes.isEmpty {
      sink.error(fields.location(of: "workstreams"), "the program has no workstreams")
    }
    for node in nodes {
      guard
        let entry = Fields(node, context: "a workstream", known: workstreamKeys, sink: sink),
        let name = entry.string("name", required: true)
      else { continue }
      let owner = entry.string("owner", required: true)
      let tier = TierDecoder.tier(entry)
      var paths: [Located<String>] = []
      switch (entry.has("path"), entry.has("paths")) {
      case (true, false):
        paths =
          entry.string("path", required: true).map { [Located($0, at: entry.location(of: "path"))] }
          ?? []
      case (false, true):
        paths = entry.strings("paths", required: true) ?? []
      case (true, true):
        sink.error(entry.location(of: "paths"), "workstream '\(name)' has both 'path' and 'paths'")
      case (false, false):
        sink.error(
          node.location, "workstream '\(name)' names no checklist",
          hint:
            "add 'path: api/' (a directory with readiness.yaml) or 'paths: [api/readiness.yaml]'")
      }
      for path in paths where path.value.hasPrefix("/") || path.value.contains("\0") {
        sink.error(path.location, "workstream paths are relative to the program file")
      }
      if workstreams.contains(where: { $0.name == name }) {
        sink.error(entry.location(of: "name"), "two workstreams are named '\(name)'")
        continue
      }
      guard let owner, !paths.isEmpty else { continue }
      var workstream = Workstream(name: name, owner: owner, paths: paths, location: node.location)
      workstream.tier = tier
      workstreams.append(workstream)
    }
    let tierNames = TierDecoder.names(fields)
    guard !sink.hasErrors, let program, let release else { return nil }
    var result = Program(
      file: file, program: program, release: release, workstreams: workstreams,
      location: root.location)
    result.tierNames = tierNames
    return result
  }

  /// Loads and decodes a program file.
  public static func load(_ file: String, limits: Limits, sink: DiagnosticSink) -> Program? {
    guard let node = DefinitionFile.load(file, limits: limits, sink: sink) else { return nil }
    return decode(node, file: file, sink: sink)
  }
}

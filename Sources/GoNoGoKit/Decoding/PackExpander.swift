import Foundation
import LocatedYAML

/// Finds the text of a pack named in `extends:`: `builtin:NAME` or a path relative to the
/// checklist's directory.
public struct PackResolver: Sendable {
  /// The directory relative pack paths start from, as the user named it ("" for the current one).
  public var baseDirectory: String

  /// Creates a resolver.
  public init(baseDirectory: String) {
    self.baseDirectory = baseDirectory
  }

  /// A resolver for packs named by the checklist at `file`.
  public init(checklist file: String) {
    self.baseDirectory = (file as NSString).deletingLastPathComponent
  }

  /// The pack's YAML and the name its locations use, or why it cannot be found.
  public func load(_ reference: String) -> Result<(data: Data, file: String), PackProblem> {
    if reference.hasPrefix("builtin:") {
      let name = String(reference.dropFirst("builtin:".count))
      guard let text = BuiltinPacks.sources[name] else {
        let names = BuiltinPacks.sources.keys.sorted()
        return .failure(
          PackProblem(
            "there is no built-in pack '\(name)'"
              + Suggestion.didYouMean(name, in: names),
            hint: "built-in packs: \(names.map { "builtin:\($0)" }.joined(separator: ", "))"))
      }
      return .success((Data(text.utf8), reference))
    }
    if let problem = EvidenceRoot.problem(withPath: reference) {
      return .failure(PackProblem("pack path '\(reference)': \(problem)"))
    }
    let relative = EvidenceRoot.normalize(reference)
    let path =
      baseDirectory.isEmpty
      ? relative : (baseDirectory as NSString).appendingPathComponent(relative)
    // Read like every definition file: bounded, and never waiting on a pipe.
    let limit = Limits.default.maxFileSize
    switch FileBytes.read(path, maxBytes: limit) {
    case .success(let data): return .success((data, path))
    case .failure(.cannotOpen):
      return .failure(
        PackProblem(
          "no pack file at '\(reference)'",
          hint: "use builtin:NAME or a path relative to the checklist"))
    case .failure(.tooLarge(let size)):
      return .failure(
        PackProblem(
          "pack file '\(reference)' is \(size) bytes, more than the limit of \(limit) bytes",
          hint: "a pack is small; check that this is the right file"))
    case .failure(.cannotRead(let reason)):
      return .failure(PackProblem("cannot read pack file '\(reference)': \(reason)"))
    case .failure(.changed):
      return .failure(
        PackProblem("pack file '\(reference)' changed while it was being read", hint: "run again"))
    }
  }
}

/// Why a pack reference cannot be used.
public struct PackProblem: Error, Sendable, Equatable {
  /// What is wrong.
  public var message: String
  /// How to fix it.
  public var hint: String?

  init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }
}

/// Expands `extends:` entries into gate nodes, with the pack's inputs substituted.
///
/// A pack is YAML with `pack`, `title`, `description`, `inputs` (each with `description` and
/// `default`; an input without a default is required) and `gates`. Inside gates,
/// `${{ inputs.NAME }}` is replaced: a scalar that is only the placeholder takes the input's value
/// as written (a list stays a list); elsewhere the value's text is spliced in.
enum PackExpander {
  static let entryKeys = ["pack", "with", AdvisoryDecoding.key]
  static let packKeys = ["pack", "title", "description", "inputs", "gates"]
  static let inputKeys = ["description", "default"]

  /// A gate node of a pack, with the pack as the checklist names it and the `extends:` entry.
  struct PackGate {
    var node: Node
    var pack: String
    var entry: SourceLocation
  }

  /// The gate nodes of every pack named under `extends`, in order.
  static func expand(_ extends: Node, resolver: PackResolver, sink: DiagnosticSink) -> [PackGate] {
    guard let entries = extends.sequence else {
      sink.error(
        extends.location, "'extends' must be a list of packs",
        hint: "extends:\n  - pack: builtin:sre\n    with: {owner: team-sre}")
      return []
    }
    var seen: Set<String> = []
    var gates: [PackGate] = []
    for entry in entries {
      guard let fields = Fields(entry, context: "an 'extends' entry", known: entryKeys, sink: sink),
        let reference = fields.string("pack", required: true)
      else { continue }
      guard seen.insert(reference).inserted else {
        sink.error(fields.location(of: "pack"), "the pack '\(reference)' is extended twice")
        continue
      }
      let with = fields.value("with")
      if let with, with.mapping == nil {
        sink.error(with.location, "'with' must map input names to values")
        continue
      }
      switch resolver.load(reference) {
      case .failure(let problem):
        sink.error(fields.location(of: "pack"), problem.message, hint: problem.hint)
      case .success(let (data, file)):
        gates += AdvisoryDecoding.applyEntryDate(
          fields,
          to: expandPack(data, file: file, with: with?.mapping ?? [], entry: entry, sink: sink)
        ).map { PackGate(node: $0, pack: reference, entry: entry.location) }
      }
    }
    return gates
  }

  private static func expandPack(
    _ data: Data, file: String, with: [Node.Pair], entry: Node, sink: DiagnosticSink
  ) -> [Node] {
    let root: Node
    do {
      root = try Loader().load(data, file: file)
    } catch {
      sink.report(Diagnostic(error))
      return []
    }
    guard let pack = Fields(root, context: "the pack", known: packKeys, sink: sink) else {
      return []
    }
    _ = pack.string("pack", required: true)
    var values: [String: Node] = [:]
    var declared: [String] = []
    for pair in pack.value("inputs")?.mapping ?? [] {
      let name = pair.key.scalar?.text ?? ""
      declared.append(name)
      guard let input = Fields(pair.value, context: "input '\(name)'", known: inputKeys, sink: sink)
      else { continue }
      if let value = input.value("default") { values[name] = value }
    }
    for pair in with {
      let name = pair.key.scalar?.text ?? ""
      guard declared.contains(name) else {
        sink.error(
          pair.key.location,
          "the pack \(file) has no input '\(name)'\(Suggestion.didYouMean(name, in: declared))",
          hint: "its inputs: \(declared.joined(separator: ", "))")
        continue
      }
      values[name] = pair.value
    }
    for name in declared where values[name] == nil {
      sink.error(
        entry.location, "the pack \(file) needs the input '\(name)'",
        hint: "add it under 'with:'")
    }
    let gates = pack.sequence("gates", required: true) ?? []
    return gates.map { substitute($0, values: values, declared: declared, sink: sink) }
  }

  /// Replaces `${{ inputs.NAME }}` placeholders throughout a node.
  static func substitute(
    _ node: Node, values: [String: Node], declared: [String], sink: DiagnosticSink
  )
    -> Node
  {
    switch node.content {
    case .sequence(let items):
      return Node(
        .sequence(items.map { substitute($0, values: values, declared: declared, sink: sink) }),
        at: node.location)
    case .mapping(let pairs):
      return Node(
        .mapping(
          pairs.map {
            Node.Pair(
              key: $0.key,
              value: substitute($0.value, values: values, declared: declared, sink: sink))
          }), at: node.location)
    case .scalar(let scalar):
      guard scalar.text.contains("${{") else { return node }
      var output = ""
      var rest = Substring(scalar.text)
      while let open = rest.range(of: "${{") {
        output += rest[..<open.lowerBound]
        guard let close = rest[open.upperBound...].range(of: "}}") else {
          sink.error(node.location, "unterminated '${{' in the pack; close it with '}}'")
          return node
        }
        let expression = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
        rest = rest[close.upperBound...]
        guard expression.hasPrefix("inputs.") else {
          sink.error(
            node.location, "'${{ \(expression) }}' is not an input; write ${{ inputs.NAME }}")
          return node
        }
        let name = String(expression.dropFirst("inputs.".count))
        guard let value = values[name] else {
          if !declared.contains(name) {
            sink.error(
              node.location,
              "the pack uses an undeclared input '\(name)'\(Suggestion.didYouMean(name, in: declared))"
            )
          }
          return node
        }
        if output.isEmpty && rest.isEmpty && scalar.text.trimmingWhitespace().hasPrefix("${{") {
          return value
        }
        guard let text = value.scalar?.text else {
          sink.error(
            value.location, "the input '\(name)' is used inside text, so it must be a single value")
          return node
        }
        output += text
      }
      output += rest
      return Node(
        .scalar(Scalar(text: output, style: .doubleQuoted, value: .string(output))),
        at: node.location)
    }
  }
}

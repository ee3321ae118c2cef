import Foundation
import LocatedYAML

/// Decodes a readiness checklist from its YAML tree, reporting every problem at once.
public enum ChecklistDecoder {
  static let topKeys = [
    "version", "program", "release", "owners", "tier", "tiers", "extends", "gates", "disable",
    "waivers",
  ]
  static let gateKeys = [
    "id", "title", "owner", "severity", "category", "check", "checks", "remediation", "docs",
    AdvisoryDecoding.key,
    "tiers", "severity_by_tier",
  ]
  static let waiverKeys = ExceptionDecoder.waiverKeys
  static let disableKeys = ExceptionDecoder.disableKeys

  /// The checklist, or nil when any error was reported to `sink`.
  public static func decode(
    _ root: Node, file: String, packs: PackResolver? = nil, sink: DiagnosticSink
  ) -> Checklist? {
    decode(root, file: file, packs: packs, decodedAhead: [:], sink: sink)
  }

  /// - Parameter decodedAhead: gates of `gates:` already decoded while the file was loading,
  ///   by their index there (`GatesAhead`); the others are decoded here.
  static func decode(
    _ root: Node, file: String, packs: PackResolver?, decodedAhead: [Int: DecodedGate],
    sink: DiagnosticSink
  ) -> Checklist? {
    guard let fields = Fields(root, context: "the checklist", known: topKeys, sink: sink) else {
      return nil
    }
    let version = fields.int("version", required: true)
    if let version, version != 1 {
      sink.error(
        fields.location(of: "version"), "unsupported checklist version \(version)",
        hint: "this gonogo reads version: 1")
    }
    let program = fields.string("program", required: true)
    let release = fields.string("release", required: true)
    let owners = decodeOwners(fields)
    var gates: [Gate] = []
    var seen: [String: SourceLocation] = [:]
    var gateNodes: [Node] = []
    var packGates: [PackExpander.PackGate] = []
    if let extends = fields.value("extends") {
      let resolver = packs ?? PackResolver(checklist: file)
      packGates = PackExpander.expand(extends, resolver: resolver, sink: sink)
      gateNodes = packGates.map(\.node)
    }
    let ownGates = fields.sequence("gates", required: !fields.has("extends")) ?? []
    let packGateCount = gateNodes.count
    if gateNodes.isEmpty { gateNodes = ownGates } else { gateNodes += ownGates }
    if fields.has("gates") && gateNodes.isEmpty {
      sink.error(
        fields.location(of: "gates"), "the checklist has no gates", hint: "add at least one gate")
    }
    // The positions of the gates to decode: a duplicate id is reported and its gate skipped.
    var unique: [Int] = []
    unique.reserveCapacity(gateNodes.count)
    seen.reserveCapacity(gateNodes.count)
    let ids = gateNodes.map { $0["id"]?.scalar?.text }
    for position in gateNodes.indices {
      if let id = ids[position] {
        let location = gateNodes[position].location
        if let first = seen[id] {
          let place =
            first.isInSameFile(as: location)
            ? "line \(first.line), column \(first.column)" : "\(first)"
          sink.error(
            location, "duplicate gate id '\(id)'; it is already used at \(place)",
            hint: first.isInSameFile(as: location)
              ? "give each gate a unique id"
              : "disable the pack's gate with a reason and give yours another id")
          continue
        }
        seen[id] = location
      }
      unique.append(position)
    }
    // Gates decode independently, each into its own sink; their diagnostics join in gate order.
    let nodes = gateNodes
    let decoded = Parallel.map(unique, chunk: 256) { position in
      (position >= packGateCount ? decodedAhead[position - packGateCount] : nil)
        ?? DecodedGate(nodes[position])
    }
    gates.reserveCapacity(decoded.count)
    for (index, result) in decoded.enumerated() {
      for diagnostic in result.diagnostics { sink.report(diagnostic) }
      if !owners.isEmpty { checkOwner(of: gateNodes[unique[index]], owners: owners, sink: sink) }
      guard var gate = result.gate else { continue }
      // A pack's gate is located where the user can act: the `extends:` entry.
      if unique[index] < packGateCount {
        let origin = packGates[unique[index]]
        gate.pack = PackOrigin(pack: origin.pack, location: gate.location)
        gate.location = origin.entry
      }
      gates.append(gate)
    }
    // Gates that failed to decode still count as declared, so references to them don't cascade.
    let gateIDs = ids.compactMap { $0 }
    let exceptions = ExceptionDecoder(fields: fields, noun: "gate") { id, location in
      checkGateReference(id, at: location, gateIDs: gateIDs, sink: sink)
    }
    let disabled = exceptions.disabled()
    let waivers = exceptions.waivers(disabled: disabled)
    let tier = TierDecoder.tier(fields)
    let tierNames = TierDecoder.names(fields)
    guard !sink.hasErrors, let version, let program, let release else { return nil }
    var checklist = Checklist(
      file: file, version: version, program: program, release: release, owners: owners,
      gates: gates, disabled: disabled, waivers: waivers, location: root.location)
    checklist.tier = tier
    checklist.tierNames = tierNames
    return checklist
  }

  private static func decodeOwners(_ fields: Fields) -> [Owner] {
    guard let node = fields.value("owners") else { return [] }
    if let pairs = node.mapping {
      return pairs.map { pair in
        Owner(
          id: pair.key.scalar?.text ?? "", contact: pair.value.scalar?.text,
          location: pair.key.location)
      }
    }
    if let items = node.sequence {
      return items.compactMap { item in
        guard let text = item.scalar?.text else {
          fields.sink.error(item.location, "each owner must be a name, such as team-sre")
          return nil
        }
        return Owner(id: text, contact: nil, location: item.location)
      }
    }
    fields.sink.error(
      node.location, "'owners' must map each owner to a contact (team-sre: \"#sre-oncall\")")
    return []
  }

  /// The owner a gate names must be one the checklist declares (`owners` is not empty).
  private static func checkOwner(of node: Node, owners: [Owner], sink: DiagnosticSink) {
    guard let ownerNode = node["owner"], let owner = ownerNode.scalar,
      !owner.isNull, !owner.text.isBlank, !owners.contains(where: { $0.id == owner.text })
    else { return }
    sink.error(
      ownerNode.location,
      "owner '\(owner.text)' is not declared under 'owners'"
        + Suggestion.didYouMean(owner.text, in: owners.map(\.id)),
      hint: "declare it under 'owners' or fix the name")
  }

  /// Decodes one gate; its owner is checked against the checklist's owners separately.
  static func decodeGate(_ node: Node, sink: DiagnosticSink) -> Gate? {
    let name = node["id"]?.scalar.map { "gate '\($0.text)'" } ?? "gate"
    guard let fields = Fields(node, context: name, known: gateKeys, sink: sink) else { return nil }
    let id = fields.string("id", required: true)
    if let id, !isValidID(id) {
      sink.error(
        fields.location(of: "id"),
        "gate id '\(id)' may only use lowercase letters, digits, '.', '-' and '_'",
        hint: "for example: sre.runbook")
    }
    let title = fields.string("title", required: true)
    let owner = fields.string("owner", required: true)
    let severity = fields.choice("severity", Severity.self, required: true)
    let category = fields.choice("category", Category.self)
    let checks = decodeChecks(fields, sink: sink)
    let remediation = fields.string("remediation")
    let docs = fields.string("docs")
    let advisoryUntil = AdvisoryDecoding.date(in: fields)
    let tierRules = TierDecoder.gateRules(fields)
    guard let id, let title, let owner, let severity, let checks else { return nil }
    var gate = Gate(
      id: id, title: title, owner: owner, severity: severity, category: category, checks: checks,
      remediation: remediation, docs: docs, location: node.location)
    gate.advisoryUntil = advisoryUntil
    gate.tierRules = tierRules
    return gate
  }

  private static func decodeChecks(_ fields: Fields, sink: DiagnosticSink) -> [any Check]? {
    switch (fields.value("check"), fields.value("checks")) {
    case (nil, nil):
      sink.error(
        fields.node.location, "\(fields.context) has no 'check'",
        hint: "add 'check:' with a kind (\(CheckRegistry.names.joined(separator: ", "))), "
          + "or 'checks:' with a list of them")
      return nil
    case (.some, .some):
      sink.error(
        fields.location(of: "checks"), "\(fields.context) has both 'check' and 'checks'",
        hint: "use 'check' for one check or 'checks' for a list")
      return nil
    case (let single?, nil):
      return decodeCheck(single, gate: fields.context, sink: sink).map { [$0] }
    case (nil, let list?):
      guard let items = list.sequence, !items.isEmpty else {
        sink.error(
          list.location, "'checks' in \(fields.context) must be a non-empty list of checks")
        return nil
      }
      let checks = items.compactMap { decodeCheck($0, gate: fields.context, sink: sink) }
      return checks.count == items.count ? checks : nil
    }
  }

  /// Decodes one `kind:` mapping through the registry.
  static func decodeCheck(_ node: Node, gate: String, sink: DiagnosticSink) -> (any Check)? {
    guard case .mapping = node.content else {
      sink.error(node.location, "a check in \(gate) must be a mapping with 'kind:'")
      return nil
    }
    guard let kindNode = node["kind"] else {
      sink.error(
        node.location, "a check in \(gate) has no 'kind'",
        hint: "one of: \(CheckRegistry.names.joined(separator: ", "))")
      return nil
    }
    let name = kindNode.scalar?.text ?? ""
    guard let entry = CheckRegistry.entry(named: name) else {
      sink.error(
        kindNode.location,
        "unknown check kind '\(name)'\(Suggestion.didYouMean(name, in: CheckRegistry.names))",
        hint: "known kinds: \(CheckRegistry.names.joined(separator: ", "))")
      return nil
    }
    let before = sink.diagnostics.count
    guard
      let fields = Fields(
        node, context: "the \(name) check of \(gate)", known: entry.knownKeys, sink: sink)
    else { return nil }
    var evidence = entry.needsEvidence ? decodeEvidence(fields) : EvidenceSelector([])
    if entry.needsEvidence { evidence.binding = EvidenceBinding.decode(fields, kind: name) }
    let check = entry.kind.init(CheckParameters(fields: fields, evidence: evidence))
    return sink.diagnostics.count == before ? check : nil
  }

  private static func decodeEvidence(_ fields: Fields) -> EvidenceSelector {
    let sink = fields.sink
    var patterns: [Located<String>] = []
    switch (fields.has("file"), fields.has("files")) {
    case (false, false):
      sink.error(
        fields.node.location, "\(fields.context) names no evidence",
        hint: "add 'file: path/relative/to/root' or 'files: [glob, …]'")
    case (true, true):
      sink.error(
        fields.location(of: "files"), "\(fields.context) has both 'file' and 'files'; use one")
    case (true, false):
      if let file = fields.string("file", required: true) {
        if Glob.isPattern(file) {
          sink.error(
            fields.location(of: "file"), "'file' names one path; '\(file)' is a pattern",
            hint: "use 'files: [\(file)]' for globs")
        } else {
          patterns = [Located(file, at: fields.location(of: "file"))]
        }
      }
    case (false, true):
      patterns = fields.strings("files", required: true) ?? []
    }
    for pattern in patterns {
      if let problem = EvidenceRoot.problem(withPath: pattern.value) {
        sink.error(
          pattern.location, "evidence path '\(pattern.value)': \(problem)",
          hint: "write paths relative to the evidence root (--root), inside it")
      }
    }
    return EvidenceSelector(patterns)
  }

  private static func checkGateReference(
    _ id: String, at location: SourceLocation, gateIDs: [String], sink: DiagnosticSink
  ) -> Bool {
    guard gateIDs.contains(id) else {
      sink.error(location, "no gate has the id '\(id)'\(Suggestion.didYouMean(id, in: gateIDs))")
      return false
    }
    return true
  }

  static func isValidID(_ id: String) -> Bool {
    !id.isEmpty
      && id.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
      }
  }
}

/// One gate decoded on its own: the gate, or nil, and what its decoding reported.
struct DecodedGate: Sendable {
  let gate: Gate?
  let diagnostics: [Diagnostic]

  init(_ node: Node) {
    let sink = DiagnosticSink()
    gate = ChecklistDecoder.decodeGate(node, sink: sink)
    diagnostics = sink.diagnostics
  }
}

/// Decodes the gates of a checklist's `gates:` while the file is still being parsed: the loader
/// hands each gate over as it completes and, whenever it waits for the parsing thread, lets this
/// decode the next one. Every call comes from the loading thread.
final class GatesAhead {
  private var pending: [(index: Int, node: Node)] = []
  private var next = 0
  /// The gates decoded so far, by their index in `gates:`.
  private(set) var decoded: [Int: DecodedGate] = [:]

  /// The loader's `onTopLevelItem`.
  func collect(_ key: String, _ index: Int, _ item: Node) {
    if key == "gates" { pending.append((index, item)) }
  }

  /// The loader's `whileWaiting`: decodes one gate; false when none is waiting.
  func decodeOne() -> Bool {
    guard next < pending.count else { return false }
    let (index, node) = pending[next]
    next += 1
    decoded[index] = DecodedGate(node)
    return true
  }
}

/// Turns the event stream into `Node` trees while enforcing the loader's limits.
struct TreeBuilder {
  private let parser: EventParser
  private let limits: Limits
  private let file: String
  private var anchors: [String: (node: Node, size: Int)] = [:]
  private var nodeCount = 0

  init(parser: EventParser, limits: Limits, file: String) {
    self.parser = parser
    self.limits = limits
    self.file = file
  }

  mutating func documents(single: Bool) throws(YAMLError) -> [Node] {
    var documents: [Node] = []
    while true {
      let event = try parser.next()
      switch event.kind {
      case .streamStart, .documentEnd:
        continue
      case .streamEnd:
        return documents
      case .documentStart:
        if single && !documents.isEmpty {
          throw YAMLError(
            .multipleDocuments, at: event.location,
            "the file holds more than one YAML document; a second one starts here",
            hint: "keep one document per file and remove this '---' separator")
        }
        anchors = [:]
        let root = try node(from: parser.next(), depth: 0)
        documents.append(root.node)
      default:
        documents.append(try node(from: event, depth: 0).node)
      }
    }
  }

  /// Builds the node that starts with `event`; returns it with its expanded size in nodes.
  private mutating func node(from event: Event, depth: Int) throws(YAMLError) -> (
    node: Node, size: Int
  ) {
    switch event.kind {
    case .scalar(let text, let style, let tag, let anchor, let plainImplicit):
      let value = try resolve(
        text: text, style: style, tag: tag, plainImplicit: plainImplicit, at: event.location)
      let built = Node(
        .scalar(Scalar(text: text, style: style, value: value)), at: event.location)
      try count(1, at: event.location)
      remember(anchor, built, size: 1)
      return (built, 1)
    case .alias(let anchor):
      guard let target = anchors[anchor] else {
        throw YAMLError(
          .unknownAnchor, at: event.location,
          "alias '*\(anchor)' names no anchor defined before it",
          hint: "define '&\(anchor)' earlier in the document")
      }
      try count(target.size, at: event.location)
      var aliased = target.node
      aliased.location = event.location
      return (aliased, target.size)
    case .sequenceStart(let tag, let anchor):
      try checkCollection(tag: tag, expected: "tag:yaml.org,2002:seq", at: event.location)
      try checkDepth(depth, at: event.location)
      try count(1, at: event.location)
      var items: [Node] = []
      var size = 1
      while true {
        let next = try parser.next()
        if case .sequenceEnd = next.kind { break }
        let item = try node(from: next, depth: depth + 1)
        items.append(item.node)
        size += item.size
      }
      let built = Node(.sequence(items), at: event.location)
      remember(anchor, built, size: size)
      return (built, size)
    case .mappingStart(let tag, let anchor):
      try checkCollection(tag: tag, expected: "tag:yaml.org,2002:map", at: event.location)
      try checkDepth(depth, at: event.location)
      try count(1, at: event.location)
      var pairs: [Node.Pair] = []
      var seen: [ScalarKey: SourceLocation] = [:]
      var size = 1
      while true {
        let next = try parser.next()
        if case .mappingEnd = next.kind { break }
        let key = try node(from: next, depth: depth + 1)
        guard let scalar = key.node.scalar else {
          throw YAMLError(
            .complexKey, at: key.node.location,
            "a mapping key must be a scalar, not \(key.node.kindDescription)",
            hint: "use a plain string as the key")
        }
        let identity = ScalarKey(scalar.value)
        // Small mappings (nearly all of them) are scanned; big ones use a dictionary.
        let first: SourceLocation? =
          pairs.count < 16
          ? pairs.first { ScalarKey($0.key.scalar?.value ?? .null) == identity }?.key.location
          : seen[identity]
        if let first {
          throw YAMLError(
            .duplicateKey, at: key.node.location,
            "duplicate key '\(scalar.text)'; it was already set at line \(first.line), column \(first.column)",
            hint: "remove one of the two entries")
        }
        if pairs.count >= 15 {
          if pairs.count == 15 {
            for pair in pairs {
              seen[ScalarKey(pair.key.scalar?.value ?? .null)] = pair.key.location
            }
          }
          seen[identity] = key.node.location
        }
        let value = try node(from: parser.next(), depth: depth + 1)
        pairs.append(Node.Pair(key: key.node, value: value.node))
        size += key.size + value.size
      }
      let built = Node(.mapping(pairs), at: event.location)
      remember(anchor, built, size: size)
      return (built, size)
    default:
      throw YAMLError(.syntax, at: event.location, "unexpected YAML event")
    }
  }

  private mutating func remember(_ anchor: String?, _ node: Node, size: Int) {
    if let anchor { anchors[anchor] = (node, size) }
  }

  private mutating func count(_ nodes: Int, at location: SourceLocation) throws(YAMLError) {
    nodeCount += nodes
    guard nodeCount <= limits.maxNodes else {
      throw YAMLError(
        .aliasBudgetExceeded, at: location,
        "the document expands to more than \(limits.maxNodes) nodes (aliases included); "
          + "refusing to expand further",
        hint: "this looks like an alias bomb; remove the nested aliases")
    }
  }

  private func checkDepth(_ depth: Int, at location: SourceLocation) throws(YAMLError) {
    guard depth < limits.maxDepth else {
      throw YAMLError(
        .tooDeep, at: location,
        "sequences and mappings nest deeper than the limit of \(limits.maxDepth) levels",
        hint: "flatten the structure")
    }
  }

  private func checkCollection(tag: String?, expected: String, at location: SourceLocation)
    throws(YAMLError)
  {
    guard let tag, tag != "!", tag != expected else { return }
    throw YAMLError(
      .unsupportedTag, at: location, "unsupported tag '\(tag)'",
      hint: "remove the tag; gonogo reads plain YAML 1.2 (core schema)")
  }

  private func resolve(
    text: String, style: Scalar.Style, tag: String?, plainImplicit: Bool,
    at location: SourceLocation
  ) throws(YAMLError) -> ScalarValue {
    guard let tag, tag != "!" else {
      return style == .plain ? CoreSchema.resolve(plain: text) : .string(text)
    }
    guard tag.hasPrefix("tag:yaml.org,2002:") else {
      throw YAMLError(
        .unsupportedTag, at: location, "unsupported tag '\(tag)'",
        hint: "remove the tag; gonogo reads plain YAML 1.2 (core schema)")
    }
    guard let value = CoreSchema.resolve(text, tag: tag) else {
      let short = "!!" + tag.dropFirst("tag:yaml.org,2002:".count)
      throw YAMLError(
        .unsupportedTag, at: location, "'\(text)' cannot be read as \(short)",
        hint: "fix the value or remove the tag")
    }
    return value
  }
}

/// The identity of a scalar key for duplicate detection: equal resolved values collide.
private enum ScalarKey: Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case float(String)
  case string(String)

  init(_ value: ScalarValue) {
    switch value {
    case .null: self = .null
    case .bool(let bool): self = .bool(bool)
    case .int(let int): self = .int(int)
    case .float(let double): self = .float(double.isNaN ? "nan" : "\(double)")
    case .string(let string): self = .string(string)
    }
  }
}

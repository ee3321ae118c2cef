/// Turns the event stream into `Node` trees while enforcing the loader's limits.
struct TreeBuilder: ~Copyable {
  private let parser: EventStream
  private let limits: Limits
  private let file: FileID
  private var anchors: [String: Anchored] = [:]
  /// Nodes built so far, aliases counted at their expanded size; a subtree's size is the
  /// difference before and after it.
  private var nodeCount = 0
  /// Bytes of scalar text built so far, aliases counted at their expanded size.
  private var textBytes = 0
  /// Bytes of scalar text repeated by aliases so far.
  private var aliasedBytes = 0
  /// The deepest level of a collection in the subtree being built, aliases expanded.
  private var deepest = -1
  /// Items and pairs of the collections being built, innermost last: each collection's array is
  /// allocated once, at its exact size, when it ends, and its elements are moved, not copied.
  private var itemStack = MoveStack<Node>()
  private var pairStack = MoveStack<Node.Pair>()

  private let onTopLevelItem: TopLevelItemHandler?
  /// The top-level key whose value is being built, while one is.
  private var topLevelKey: String?

  init(
    events: EventStream, limits: Limits, file: String, onTopLevelItem: TopLevelItemHandler? = nil
  ) {
    self.onTopLevelItem = onTopLevelItem
    self.parser = events
    self.limits = limits
    self.file = FileID(file)
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
            .multipleDocuments,
            at: SourceLocation(
              file: file, line: event.position.line, column: event.position.column),
            "the file holds more than one YAML document; a second one starts here",
            hint: "keep one document per file and remove this '---' separator")
        }
        anchors = [:]
        documents.append(try node(from: parser.next(), depth: 0))
      default:
        documents.append(try node(from: event, depth: 0))
      }
    }
  }

  /// Builds the node that starts with `event`.
  private mutating func node(from event: Event, depth: Int) throws(YAMLError) -> Node {
    let location = SourceLocation(
      file: file, line: event.position.line, column: event.position.column)
    switch event.kind {
    case .scalar(let text, let style, let tag, let anchor, let plainImplicit):
      let value = try resolve(
        text: text, style: style, tag: tag, plainImplicit: plainImplicit, at: location)
      let built = Node(
        .scalar(Scalar(text: text, style: style, value: value)), at: location)
      try count(1, at: location)
      let bytes = text.utf8.count
      textBytes += bytes
      if let anchor { anchors[anchor] = Anchored(node: built, nodes: 1, bytes: bytes, height: 0) }
      return built
    case .alias(let anchor):
      guard let target = anchors[anchor] else {
        let name = Quoted.text(anchor)
        throw YAMLError(
          .unknownAnchor, at: location,
          "alias '*\(name)' names no anchor defined before it",
          hint: "define '&\(name)' earlier in the document")
      }
      try count(target.nodes, at: location)
      try repeatText(target.bytes, at: location)
      if target.height > 0 {
        // The anchored collections land at this level and below.
        let reach = depth + target.height - 1
        guard reach < limits.maxDepth else {
          throw YAMLError(
            .tooDeep, at: location,
            "the alias '*\(Quoted.text(anchor))' repeats sequences and mappings that nest deeper "
              + "than the limit of \(limits.maxDepth) levels here; write the content out, or nest "
              + "it less deeply")
        }
        deepest = max(deepest, reach)
      }
      var aliased = target.node
      aliased.location = location
      return aliased
    case .sequenceStart(let tag, let anchor):
      try checkCollection(tag: tag, shape: "a sequence", at: location)
      try checkDepth(depth, at: location)
      let (before, bytesBefore, outer) = (nodeCount, textBytes, deepest)
      deepest = depth
      try count(1, at: location)
      let base = itemStack.count
      // Items of a sequence that is the value of a top-level key are handed over as they end.
      let itemHandler = depth == 1 ? onTopLevelItem : nil
      let key = itemHandler == nil ? nil : topLevelKey
      while true {
        let next = try parser.next()
        if case .sequenceEnd = next.kind { break }
        let item = try node(from: next, depth: depth + 1)
        if let itemHandler, let key { itemHandler(key, itemStack.count - base, item) }
        itemStack.push(item)
      }
      let built = Node(.sequence(itemStack.pop(from: base)), at: location)
      if let anchor {
        anchors[anchor] = Anchored(
          node: built, nodes: nodeCount - before, bytes: textBytes - bytesBefore,
          height: deepest - depth + 1)
      }
      deepest = max(outer, deepest)
      return built
    case .mappingStart(let tag, let anchor):
      try checkCollection(tag: tag, shape: "a mapping", at: location)
      try checkDepth(depth, at: location)
      let (before, bytesBefore, outer) = (nodeCount, textBytes, deepest)
      deepest = depth
      try count(1, at: location)
      let base = pairStack.count
      var seen: [ScalarKey: SourceLocation] = [:]
      while true {
        let next = try parser.next()
        if case .mappingEnd = next.kind { break }
        let key = try node(from: next, depth: depth + 1)
        guard case .scalar(let scalar) = key.content else {
          throw YAMLError(
            .complexKey, at: key.location,
            "a mapping key must be a scalar, not \(key.kindDescription)",
            hint: "use a plain string as the key")
        }
        // Small mappings (nearly all of them) are scanned; big ones use a dictionary.
        let count = pairStack.count - base
        let first: SourceLocation? =
          count < 16 ? firstKey(equalTo: scalar, from: base) : seen[ScalarKey(scalar.value)]
        if let first {
          throw YAMLError(
            .duplicateKey, at: key.location,
            "duplicate key \(Quoted.described(scalar.text)); it was already set at line \(first.line), column \(first.column)",
            hint: "remove one of the two entries")
        }
        if count >= 15 {
          if count == 15 {
            for index in base..<pairStack.count {
              let pairKey = pairStack[index].key
              seen[ScalarKey(pairKey.scalar?.value ?? .null)] = pairKey.location
            }
          }
          seen[ScalarKey(scalar.value)] = key.location
        }
        if depth == 0 { topLevelKey = scalar.text }
        let value = try node(from: parser.next(), depth: depth + 1)
        if depth == 0 { topLevelKey = nil }
        pairStack.push(Node.Pair(key: key, value: value))
      }
      let built = Node(.mapping(pairStack.pop(from: base)), at: location)
      if let anchor {
        anchors[anchor] = Anchored(
          node: built, nodes: nodeCount - before, bytes: textBytes - bytesBefore,
          height: deepest - depth + 1)
      }
      deepest = max(outer, deepest)
      return built
    default:
      throw YAMLError(.syntax, at: location, "unexpected YAML event")
    }
  }

  /// Where a key equal to `key` is among the pairs from `base` on, if one is.
  private func firstKey(equalTo key: Scalar, from base: Int) -> SourceLocation? {
    for index in base..<pairStack.count {
      guard case .scalar(let otherScalar) = pairStack[index].key.content else { continue }
      // Two plain-string keys (nearly all of them) compare by text, lengths first.
      let same = key.sameStringKey(as: otherScalar) ?? Self.sameKey(otherScalar.value, key.value)
      if same { return pairStack[index].key.location }
    }
    return nil
  }

  /// Equal resolved values collide: `1` and `0x1` are the same key, `"1"` and `1` are not.
  private static func sameKey(_ a: ScalarValue, _ b: ScalarValue) -> Bool {
    switch (a, b) {
    case (.string(let a), .string(let b)): return a == b
    case (.string, _), (_, .string): return false
    default: return ScalarKey(a) == ScalarKey(b)
    }
  }

  private mutating func count(_ nodes: Int, at location: SourceLocation) throws(YAMLError) {
    nodeCount += nodes
    guard nodeCount <= limits.maxNodes else {
      throw YAMLError(
        .aliasBudgetExceeded, at: location,
        "the document expands to more than \(limits.maxNodes) nodes through aliases; "
          + Self.aliasFix)
    }
  }

  private mutating func repeatText(_ bytes: Int, at location: SourceLocation) throws(YAMLError) {
    textBytes += bytes
    aliasedBytes += bytes
    guard aliasedBytes <= limits.maxAliasedBytes else {
      throw YAMLError(
        .aliasBudgetExceeded, at: location,
        "aliases repeat more than \(limits.maxAliasedBytes) bytes of text in the document; "
          + Self.aliasFix)
    }
  }

  private static let aliasFix =
    "remove the aliases that repeat large anchored content, or write that content out once where "
    + "it is needed"

  private func checkDepth(_ depth: Int, at location: SourceLocation) throws(YAMLError) {
    guard depth < limits.maxDepth else {
      throw YAMLError(
        .tooDeep, at: location,
        "sequences and mappings nest deeper than the limit of \(limits.maxDepth) levels; "
          + "flatten the structure")
    }
  }

  /// A collection may carry the non-specific tag `!` or the core tag of its own shape.
  private func checkCollection(tag: String?, shape: String, at location: SourceLocation)
    throws(YAMLError)
  {
    guard let tag, tag != "!" else { return }
    switch (Tags.shape(of: tag), shape) {
    case ("a sequence", "a sequence"), ("a mapping", "a mapping"): return
    case (let tagShape?, _): throw Tags.misplaced(tag, for: tagShape, on: shape, at: location)
    case (nil, _): throw Tags.unsupported(tag, at: location)
    }
  }

  /// Only an untagged plain scalar is resolved by the core schema (YAML 1.2 section 10.3.2); the
  /// non-specific tag `!` and every quoted or block style make a string (section 6.9.1); a core
  /// tag is validated; any other tag is an error.
  private func resolve(
    text: String, style: Scalar.Style, tag: String?, plainImplicit: Bool,
    at location: SourceLocation
  ) throws(YAMLError) -> ScalarValue {
    guard let tag else {
      return style == .plain ? CoreSchema.resolve(plain: text) : .string(text)
    }
    if tag == "!" { return .string(text) }
    switch Tags.shape(of: tag) {
    case "a scalar"?: break
    case let tagShape?: throw Tags.misplaced(tag, for: tagShape, on: "a scalar", at: location)
    case nil: throw Tags.unsupported(tag, at: location)
    }
    switch CoreSchema.resolve(text, tag: tag) {
    case .success(let value): return value
    case .failure(let problem):
      throw YAMLError(
        .unsupportedTag, at: location,
        "\(Quoted.described(text)) is tagged \(Tags.short(tag)) but \(problem.reason); fix the value or "
          + "remove the tag")
    }
  }
}

/// What an anchor names: its node, and its expanded size.
private struct Anchored {
  var node: Node
  /// Nodes, keys included.
  var nodes: Int
  /// Bytes of scalar text.
  var bytes: Int
  /// Levels of collections: 0 for a scalar, 1 for a collection of scalars.
  var height: Int
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

/// A stack that moves its elements in and out: `pop(from:)` hands the top elements over as an
/// exactly sized array without copying them.
struct MoveStack<Element>: ~Copyable {
  private var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 64) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  mutating func push(_ element: consuming Element) {
    if count == capacity {
      let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
      grown.moveInitialize(from: base, count: count)
      base.deallocate()
      base = grown
      capacity *= 2
    }
    (base + count).initialize(to: element)
    count += 1
  }

  /// The elements from `start` to the top, in order, removed from the stack.
  mutating func pop(from start: Int) -> [Element] {
    let popped = count - start
    guard popped > 0 else { return [] }
    let source = base + start
    count = start
    return Array(unsafeUninitializedCapacity: popped) { buffer, initialized in
      initialized = buffer.moveInitialize(
        fromContentsOf: UnsafeMutableBufferPointer(start: source, count: popped))
    }
  }

  subscript(index: Int) -> Element {
    unsafeAddress { UnsafePointer(base + index) }
  }
}

import Foundation
import Testing

@testable import LocatedYAML

/// A small deterministic generator (SplitMix64), so every run checks the same texts.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random YAML texts with what loading them must give: nested flow collections, anchors and
/// aliases (bombs of random width and depth among them), random tags and scalars, and nesting
/// near and beyond the depth limit. Beside the text it keeps its own count of the expanded
/// tree, and whether the text holds a mistake other than a limit (a bad tag, a missing anchor).
struct RandomYAML {
  /// The expanded size of a node: nodes (keys included), bytes of scalar text, and how many
  /// levels of collections it holds.
  struct Size {
    var nodes = 0
    var bytes = 0
    var height = 0
  }

  var random: SeededGenerator
  var text = ""
  /// A mistake that is not a limit was written.
  var invalid = false
  /// The deepest level of a collection in the expanded tree (the root mapping is level 0).
  var deepest = 0
  var nodes = 0
  var aliasedBytes = 0
  private var anchors: [(name: String, size: Size)] = []
  private var nextAnchor = 0
  let maxDepth: Int

  init(seed: UInt64, maxDepth: Int) {
    random = SeededGenerator(seed: seed)
    self.maxDepth = maxDepth
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
  mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

  /// A top-level block mapping of a few keys, each with a flow value.
  mutating func document() {
    nodes = 1
    let keys = int(1...6)
    for index in 0..<keys {
      text += "k\(index): "
      nodes += 1
      let size: Size
      switch int(1...10) {
      case 1: size = tower(level: 1)
      case 2: size = bomb(level: 1)
      default: size = value(level: 1, budget: int(1...40))
      }
      nodes += size.nodes
      text += "\n"
    }
  }

  /// A sequence nested around the depth limit, written as brackets.
  mutating func tower(level: Int) -> Size {
    let levels = int(max(1, maxDepth - 3)...(maxDepth + 2))
    text += String(repeating: "[", count: levels) + "x" + String(repeating: "]", count: levels)
    deepest = max(deepest, level + levels - 1)
    return Size(nodes: levels + 1, bytes: 1, height: levels)
  }

  /// Layers of anchors, each repeating the previous one a random number of times inside a random
  /// number of brackets.
  mutating func bomb(level: Int) -> Size {
    text += "["
    deepest = max(deepest, level)
    var size = Size(nodes: 1, bytes: 0, height: 1)
    var previous = anchored { this in this.scalar() }
    size.add(previous.size)
    for _ in 0..<int(1...12) {
      text += ", "
      let width = int(1...4)
      let wrappers = int(1...3)
      let target = previous
      previous = anchored { this in
        var inner = Size()
        this.text += String(repeating: "[", count: wrappers)
        for index in 0..<width {
          if index > 0 { this.text += ", " }
          let repeated = this.alias(target.name, target.size, level: level + 1 + wrappers)
          inner.nodes += repeated.nodes
          inner.bytes += repeated.bytes
          inner.height = max(inner.height, repeated.height)
        }
        this.text += String(repeating: "]", count: wrappers)
        this.deepest = max(this.deepest, level + wrappers)
        return Size(
          nodes: inner.nodes + wrappers, bytes: inner.bytes, height: inner.height + wrappers)
      }
      size.add(previous.size)
    }
    text += "]"
    return size
  }

  /// Writes `&aN` before what `body` writes and remembers its size under that name.
  mutating func anchored(_ body: (inout RandomYAML) -> Size) -> (name: String, size: Size) {
    let name = "a\(nextAnchor)"
    nextAnchor += 1
    text += "&\(name) "
    let size = body(&self)
    anchors.append((name, size))
    return (name, size)
  }

  /// `*name`: the anchor's whole content again, at this level.
  mutating func alias(_ name: String, _ size: Size, level: Int) -> Size {
    text += "*\(name)"
    aliasedBytes += size.bytes
    if size.height > 0 { deepest = max(deepest, level + size.height - 1) }
    return size
  }

  mutating func value(level: Int, budget: Int) -> Size {
    if chance(8) && !anchors.isEmpty {
      let anchor = anchors[int(0...(anchors.count - 1))]
      if chance(5) {
        text += "*missing"
        invalid = true
        return Size()
      }
      return alias(anchor.name, anchor.size, level: level)
    }
    if chance(15) {
      return anchored { this in this.plainValue(level: level, budget: budget) }.size
    }
    return plainValue(level: level, budget: budget)
  }

  mutating func plainValue(level: Int, budget: Int) -> Size {
    if budget <= 1 || level > maxDepth + 2 || chance(40) { return scalar() }
    deepest = max(deepest, level)
    let tag = collectionTag()
    let isMapping = chance(50)
    if isMapping && tag == "!!seq " || !isMapping && tag == "!!map " || tag == "!Local " {
      invalid = true
    }
    text += tag + (isMapping ? "{" : "[")
    var size = Size(nodes: 1, bytes: 0, height: 0)
    let count = int(0...min(5, budget))
    var remaining = budget - 1
    for index in 0..<count {
      if index > 0 { text += ", " }
      if isMapping {
        text += "k\(index): "
        size.nodes += 1
        size.bytes += "k\(index)".utf8.count
      }
      let child = value(level: level + 1, budget: max(1, remaining / max(1, count - index)))
      remaining -= child.nodes
      size.nodes += child.nodes
      size.bytes += child.bytes
      size.height = max(size.height, child.height)
    }
    text += isMapping ? "}" : "]"
    size.height += 1
    return size
  }

  mutating func collectionTag() -> String {
    switch int(1...20) {
    case 1: return "! "
    case 2: return "!!seq "
    case 3: return "!!map "
    case 4: return "!Local "
    default: return ""
    }
  }

  /// A scalar, with a tag that fits it, a tag that does not, or none.
  mutating func scalar() -> Size {
    let cases: [(text: String, loaded: String, valid: Bool)] = [
      ("word", "word", true), ("42", "42", true), ("-7", "-7", true), ("1.5", "1.5", true),
      ("true", "true", true), ("~", "~", true), ("yes", "yes", true), ("'quoted'", "quoted", true),
      ("\"double\"", "double", true), ("! 12", "12", true), ("! true", "true", true),
      ("!!str 12", "12", true), ("!!int 12", "12", true), ("!!int '0x1F'", "0x1F", true),
      ("!!int word", "word", false), ("!!float 2", "2", true), ("!!float word", "word", false),
      ("!!bool true", "true", true), ("!!bool yes", "yes", false), ("!!null ~", "~", true),
      ("!!null word", "word", false), ("!Ref word", "word", false), ("!!binary aGk=", "", false),
      ("!<tag:yaml.org,2002:str> 7", "7", true), ("héllo", "héllo", true),
      ("!!seq word", "word", false),
    ]
    let chosen = cases[int(0...(cases.count - 1))]
    text += chosen.text
    if !chosen.valid { invalid = true }
    return Size(nodes: 1, bytes: chosen.loaded.utf8.count, height: 0)
  }
}

extension RandomYAML.Size {
  mutating func add(_ other: RandomYAML.Size) {
    nodes += other.nodes
    bytes += other.bytes
    height = Swift.max(height, other.height + 1)
  }
}

/// Measures a loaded tree the way the limits count it.
struct TreeMeasure {
  var nodes = 0
  var bytes = 0
  var deepest = -1

  mutating func visit(_ node: Node, level: Int) {
    nodes += 1
    switch node.content {
    case .scalar(let scalar):
      bytes += scalar.text.utf8.count
    case .sequence(let items):
      deepest = max(deepest, level)
      for item in items { visit(item, level: level + 1) }
    case .mapping(let pairs):
      deepest = max(deepest, level)
      for pair in pairs {
        visit(pair.key, level: level + 1)
        visit(pair.value, level: level + 1)
      }
    }
  }
}

@Suite struct LoaderPropertyTests {
  let limits = Limits(maxFileSize: 1 << 20, maxDepth: 12, maxNodes: 3_000, maxAliasedBytes: 2_000)

  @Test func acceptedTreesStayWithinTheLimitsAndRefusalsSayWhere() {
    var accepted = 0
    var refusedByLimits = 0
    for seed in 1...3_000 {
      var generator = RandomYAML(seed: UInt64(seed), maxDepth: limits.maxDepth)
      generator.document()
      let text = generator.text
      let withinLimits =
        generator.deepest < limits.maxDepth && generator.nodes <= limits.maxNodes
        && generator.aliasedBytes <= limits.maxAliasedBytes
      do {
        let node = try Loader(limits: limits).load(text, file: "t.yaml")
        accepted += 1
        var measure = TreeMeasure()
        measure.visit(node, level: 0)
        #expect(measure.deepest < limits.maxDepth, "seed \(seed)")
        #expect(measure.nodes <= limits.maxNodes, "seed \(seed)")
        #expect(measure.bytes <= text.utf8.count + limits.maxAliasedBytes, "seed \(seed)")
        #expect(!generator.invalid && withinLimits, "seed \(seed) was accepted:\n\(text)")
        if !generator.invalid {
          #expect(measure.nodes == generator.nodes, "seed \(seed)")
          #expect(measure.deepest == generator.deepest, "seed \(seed)")
        }
      } catch {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(error.location.file == "t.yaml")
        #expect((1...lines).contains(error.location.line), "seed \(seed): \(error)")
        #expect(error.location.column >= 1, "seed \(seed): \(error)")
        #expect(error.description.hasPrefix("t.yaml:\(error.location.line):"))
        #expect(!error.message.isEmpty && error.message.utf8.count < 400, "seed \(seed)")
        if !generator.invalid {
          #expect(!withinLimits, "seed \(seed) was refused: \(error)\n\(text)")
          #expect([.tooDeep, .aliasBudgetExceeded].contains(error.kind), "seed \(seed): \(error)")
          refusedByLimits += 1
        }
      }
    }
    // The generator must exercise both sides of the limits.
    #expect(accepted > 400, "\(accepted) accepted")
    #expect(refusedByLimits > 200, "\(refusedByLimits) refused by the limits")
  }
}

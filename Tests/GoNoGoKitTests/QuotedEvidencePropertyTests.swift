import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A deterministic generator (SplitMix64): every run checks the same evidence.
private struct SplitMix: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random YAML evidence written to be hard on a report: huge and hostile strings, wide arrays
/// and objects, nesting near and beyond the reader's depth limit, random tags, and alias chains
/// that stay within or break the budgets.
private struct HostileEvidence {
  var random: SplitMix
  var text = ""
  var anchors: [String] = []

  init(seed: UInt64) { random = SplitMix(state: seed) }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

  mutating func document() -> String {
    text = ""
    for key in ["v", "w", "z"] {
      text += "\(key): "
      value(depth: 1)
      text += "\n"
    }
    return text
  }

  mutating func value(depth: Int) {
    switch int(1...12) {
    case 1: string(length: int(0...3) == 0 ? int(100_000...400_000) : int(0...400))
    case 2:
      text += "["
      for index in 0..<int(0...3_000) {
        if index > 0 { text += ", " }
        scalar()
      }
      text += "]"
    case 3:
      text += "{"
      for index in 0..<int(0...400) {
        if index > 0 { text += ", " }
        string(length: int(1...300))
        text += ": "
        scalar()
      }
      text += "}"
    case 4:
      let levels = int(1...600)
      text += String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
    case 5: bomb()
    case 6 where depth < 6:
      text += int(0...1) == 0 ? "[" : "{"
      let isMapping = text.hasSuffix("{")
      for index in 0..<int(0...6) {
        if index > 0 { text += ", " }
        if isMapping { text += "k\(index): " }
        value(depth: depth + 1)
      }
      text += isMapping ? "}" : "]"
    case 7 where !anchors.isEmpty:
      text += "*" + anchors[int(0...(anchors.count - 1))]
    default:
      scalar()
    }
  }

  mutating func scalar() {
    let tags = ["", "", "", "", "", "", "", "! ", "!!str ", "!!str ", "!!int ", "!Custom "]
    let tag = tags[int(0...(tags.count - 1))]
    text += tag == "!Custom " && int(0...9) > 0 ? "" : tag
    switch int(1...5) {
    case 1: text += "\(int(-1_000...1_000))"
    case 2: text += "true"
    case 3: text += "~"
    default: string(length: int(0...200))
    }
  }

  /// A double-quoted string of `length` characters drawn from hostile ones.
  mutating func string(length: Int) {
    let pieces = [
      "a", "b", "<", ">", "&", "'", "\\\"", "\\\\", "\\n", "\\t", "\\u0001", "é", "\u{301}", "|",
      "*", "_", "`", "%", ":", ",", "]]>", "::error", "😀", " ",
    ]
    text += "\""
    for _ in 0..<length { text += pieces[int(0...(pieces.count - 1))] }
    text += "\""
  }

  /// Layers of anchors, each repeating the previous one a few times.
  mutating func bomb() {
    let first = "b\(anchors.count)"
    text += "[&\(first) "
    string(length: int(1...2_000))
    anchors.append(first)
    for _ in 0..<int(1...10) {
      let previous = anchors[anchors.count - 1]
      let name = "b\(anchors.count)"
      text += ", &\(name) ["
      text += Array(repeating: "*\(previous)", count: int(1...3)).joined(separator: ", ")
      text += "]"
      anchors.append(name)
    }
    text += "]"
  }
}

/// Whatever evidence a `query` check quotes, every renderer's report stays under a fixed size.
@Suite struct QuotedEvidencePropertyTests {
  /// The bound the README documents for a report of one gate with one finding, in every format.
  static let maxReportBytes = 200_000

  static let assertions = [
    "v == 1", "v != 'x'", "'x' in v[*]", "v exists", "count(v[*]) >= 0", "v matches 'a'",
    "v == w", "v in w[*]", "v == 1 and w == 2", "not (v exists)", "v > 3", "z == 'a'",
    "all(v[*])", "max(w[*]) > 1", "v[0] == w[0]",
  ]

  @Test func everyRendererStaysSmallWhateverTheQueriedEvidenceHolds() throws {
    let root = try TempRoot()
    var statuses: [Finding.Status: Int] = [:]
    for seed in 1...300 {
      var evidence = HostileEvidence(seed: UInt64(seed))
      let text = evidence.document()
      let file = "e\(seed).yaml"
      try root.write(file, text)
      let assertion = Self.assertions[seed % Self.assertions.count]
      let check = try decodeCheck("kind: query\nfile: \(file)\nassert: \"\(assertion)\"")
      let findings = check.evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
      for finding in findings { statuses[finding.status, default: 0] += 1 }
      let report = RendererFixtures.build(
        program: "p", release: "1",
        [.init(id: "evidence.query", title: "Evidence holds", line: 3, findings: findings)])
      for format in OutputFormat.allCases {
        let size = format.render(report).utf8.count
        #expect(size < Self.maxReportBytes, "seed \(seed), \(format): \(size) bytes")
      }
    }
    // The evidence must reach every outcome, refusals by the limits included.
    #expect(statuses[.pass, default: 0] > 10, "\(statuses)")
    #expect(statuses[.fail, default: 0] > 50, "\(statuses)")
    #expect(statuses[.error, default: 0] > 10, "\(statuses)")
  }

  @Test func aCappedValueIsCappedAlready() {
    var random = SplitMix(state: 7)
    func value(_ depth: Int) -> JSONValue {
      switch Int.random(in: 0...5, using: &random) {
      case 0 where depth < 6:
        return .array(
          (0..<Int.random(in: 0...(12 >> depth), using: &random)).map { _ in value(depth + 1) })
      case 1 where depth < 6:
        var members: [String: JSONValue] = [:]
        for index in 0..<Int.random(in: 0...(12 >> depth), using: &random) {
          members[String(repeating: "k", count: index * 20)] = value(depth + 1)
        }
        return .object(members)
      case 2:
        return .string(String(repeating: "é", count: Int.random(in: 0...300, using: &random)))
      default:
        return .int(Int.random(in: 0...100, using: &random))
      }
    }
    for _ in 0..<500 {
      let values = ["value": value(0), "other": value(0)]
      let capped = QuotedValue.cap(values)
      #expect(QuotedValue.cap(capped) == capped)
      var count = 0
      func visit(_ value: JSONValue) {
        count += 1
        switch value {
        case .array(let items): items.forEach(visit)
        case .object(let members): members.values.forEach(visit)
        default: break
        }
      }
      capped?.values.forEach(visit)
      #expect(count <= QuotedValue.maxValues)
    }
  }
}

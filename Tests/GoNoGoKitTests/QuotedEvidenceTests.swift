import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A report quotes evidence values (the `query` kind's measured and expected values, messages),
/// and evidence is untrusted: what a report quotes is capped, saying how big the original was.
@Suite struct QuotedEvidenceTests {
  func query(_ assertion: String, _ file: String, _ text: String) throws -> Finding {
    let findings = try evaluate(
      "kind: query\nfile: \(file)\nassert: \(assertion)", files: [file: text])
    return try #require(findings.first)
  }

  @Test func aHugeStringFoundByAQueryIsQuotedShortWithItsSize() throws {
    let big = String(repeating: "a", count: 1_200_000)
    let finding = try query("big == 'x'", "big.yaml", "big: \(big)\n")
    #expect(finding.status == .fail)
    #expect(
      finding.measured
        == ["value": .string(String(repeating: "a", count: 128) + "… (1.2 MB in total)")])
    #expect(
      finding.message
        == "big is \"\(String(repeating: "a", count: 77))…\" in big.yaml, expected == 'x'")
    #expect(finding.expected == ["op": "==", "value": "x"])
  }

  @Test func aLongArrayIsQuotedByItsFirstItemsAndItsLength() throws {
    let items = (0..<5_000).map(String.init).joined(separator: ", ")
    let finding = try query("items == 1", "items.yaml", "items: [\(items)]\n")
    #expect(
      finding.measured
        == ["value": [0, 1, 2, 3, 4, 5, 6, "… (5000 items in total)"]])
    let member = try query("7 in items[*]", "items.yaml", "items: [\(items)]\n")
    #expect(member.status == .pass)
    #expect(
      member.expected
        == ["op": "in", "value": [0, 1, 2, 3, 4, 5, 6, "… (5000 items in total)"]])
  }

  @Test func aWideObjectIsQuotedByItsFirstKeysAndItsSize() throws {
    let members = (0..<300).map { "k\(1000 + $0): \($0)" }.joined(separator: "\n  ")
    let finding = try query("o == 1", "o.yaml", "o:\n  \(members)\n")
    #expect(
      finding.measured
        == [
          "value": [
            "k1000": 0, "k1001": 1, "k1002": 2, "k1003": 3, "k1004": 4, "k1005": 5, "k1006": 6,
            "…": "… (300 keys in total)",
          ]
        ])
  }

  @Test func aDeepValueIsQuotedFourLevelsDeep() throws {
    let finding = try query(
      "a == 1", "deep.yaml", "a: {b: {c: {d: {e: {f: {g: 1}}}}}}\n")
    #expect(
      finding.measured
        == ["value": ["b": ["c": ["d": ["e": "… (an object with 1 key)"]]]]])
  }

  @Test func anAliasBombWithinTheBudgetIsQuotedWithinTheCap() throws {
    var text = "l0: &l0 [\"" + String(repeating: "z", count: 1_000) + "\"]\n"
    for layer in 1...7 {
      text += "l\(layer): &l\(layer) [*l\(layer - 1), *l\(layer - 1), *l\(layer - 1)]\n"
    }
    text += "top: *l7\n"
    let finding = try query("top == 1", "bomb.yaml", text)
    let measured = try #require(finding.measured)
    #expect(JSONValue.object(measured).serialized(pretty: false).utf8.count < 8_000)
    let report = RendererFixtures.build(
      program: "p", release: "1", [.init(id: "q", title: "Q", line: 3, findings: [finding])])
    for format in OutputFormat.allCases {
      #expect(format.render(report).utf8.count < 100_000, "\(format)")
    }
  }

  @Test func aHugeMessageIsCutWhereverItComesFrom() {
    let finding = Finding(.fail, String(repeating: "m", count: 1_000_000))
    #expect(finding.message == String(repeating: "m", count: 4_032) + "… (1.0 MB in total)")
    var changed = Finding(.pass, "short")
    changed.message = String(repeating: "é", count: 3_000)
    #expect(changed.message == String(repeating: "é", count: 2_016) + "… (6.0 KB in total)")
    changed.measured = ["value": .string(String(repeating: "v", count: 500))]
    #expect(
      changed.measured
        == ["value": .string(String(repeating: "v", count: 128) + "… (500 bytes in total)")])
  }
}

/// Measured values that already fit the caps are kept as they are, and keeping them gives what
/// capping them one by one gives.
@Suite struct QuotedValueFastPathTests {
  @Test func valuesWithinTheCapsComeBackUnchanged() {
    var generator = SeededGenerator(seed: 0x9E37_79B9)
    for _ in 0..<500 {
      var values: [String: JSONValue] = [:]
      for index in 0..<Int.random(in: 0...QuotedValue.maxValues, using: &generator) {
        let length = Int.random(in: 0...QuotedValue.maxStringBytes, using: &generator)
        values["k\(index)"] =
          switch Int.random(in: 0..<5, using: &generator) {
          case 0: .int(Int.random(in: -1000...1000, using: &generator))
          case 1: .double(Double.random(in: 0...1, using: &generator))
          case 2: .bool(Bool.random(using: &generator))
          case 3: .null
          default: .string(String(repeating: "é", count: length / 2))
          }
      }
      #expect(QuotedValue.isWithinCaps(values))
      var budget = QuotedValue.maxValues
      var oneByOne: [String: JSONValue] = [:]
      for (key, value) in values {
        oneByOne[key] = QuotedValue.cap(value, depth: 0, budget: &budget)
      }
      #expect(QuotedValue.cap(values) == values)
      #expect(oneByOne == values)
    }
  }

  @Test func aLongStringOrAContainerTakesTheFullPath() {
    let long = String(repeating: "a", count: QuotedValue.maxStringBytes + 1)
    #expect(!QuotedValue.isWithinCaps(["value": .string(long)]))
    #expect(!QuotedValue.isWithinCaps([long: .int(1)]))
    #expect(!QuotedValue.isWithinCaps(["value": .array([.int(1)])]))
    #expect(QuotedValue.cap(["value": .string(long)])?["value"] != .string(long))
  }
}

/// A small deterministic generator (SplitMix64) so a failure reproduces.
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

/// Random files of testcases — named, nameless, repeated, with every kind of result in every
/// order — read by the real reader, against a simple model of the rerun rule written here.
@Suite struct JUnitRerunPropertyTests {
  /// One run of a test, as the model sees it.
  enum Run: Equatable {
    case pass, skip, failure, error
  }

  /// One testcase element: how it is written, and the runs it stands for.
  struct Element {
    var xml: String
    var runs: [Run]
  }

  /// Who a testcase is: its attributes, and its identity (nil: it has none).
  static let identities: [(attributes: String, name: String?)] = [
    (" classname=\"CartTest\" name=\"totals\"", "CartTest/totals"),
    (" name=\"totals\" classname=\"CartTest\"", "CartTest/totals"),
    (" classname=\"CartTest\" name=\"discounts\"", "CartTest/discounts"),
    (" classname=\"OrderTest\" name=\"totals\"", "OrderTest/totals"),
    (" name=\"checkout\"", "/checkout"),
    (" name=\" checkout\"", "/ checkout"),
    ("", nil),
    (" name=\"\"", nil),
    (" name=\"  \" classname=\"CartTest\"", nil),
    (" classname=\"CartTest\"", nil),
    (" name=\"\" classname=\"\"", nil),
  ]

  /// Every way a testcase element can turn out, with the runs it stands for.
  static let bodies: [(body: String?, status: String?, runs: [Run])] = [
    (nil, nil, [.pass]),
    ("", nil, [.pass]),
    (nil, "run", [.pass]),
    ("<failure message=\"f\"/>", nil, [.failure]),
    ("<failure>trace</failure>", "run", [.failure]),
    ("<error message=\"e\"/>", nil, [.error]),
    ("<skipped/>", nil, [.skip]),
    ("<skipped message=\"later\"/>", "run", [.skip]),
    (nil, "disabled", [.skip]),
    (nil, "notrun", [.skip]),
    (nil, "skipped", [.skip]),
    ("<failure/><error/>", nil, [.error]),
    ("<skipped/><failure/>", nil, [.failure]),
    ("<failure/>", "disabled", [.failure]),
    ("<flakyFailure message=\"slow\"/>", nil, [.failure, .pass]),
    ("<flakyError message=\"reset\"/>", nil, [.error, .pass]),
    ("<flakyFailure/><flakyError/>", nil, [.failure, .error, .pass]),
    ("<failure/><rerunFailure/>", nil, [.failure, .failure]),
    ("<error/><rerunError/><rerunError/>", nil, [.error, .error, .error]),
    ("<rerunFailure/>", nil, [.pass, .failure]),
  ]

  static func element(_ identity: Int, _ body: Int) -> Element {
    let (attributes, _) = identities[identity]
    let (content, status, runs) = bodies[body]
    let open = "<testcase" + attributes + (status.map { " status=\"\($0)\"" } ?? "")
    let xml = content.map { open + ">" + $0 + "</testcase>" } ?? open + "/>"
    return Element(xml: xml, runs: runs)
  }

  /// The model: a test is what its runs say, skips left out; never run means skipped.
  static func expected(_ elements: [(suite: String, identity: Int, element: Element)])
    -> (counts: JUnitCounts, reruns: Int)
  {
    var order: [String] = []
    var runs: [String: [Run]] = [:]
    var tests: [[Run]] = []
    var counts = JUnitCounts()
    var reruns = 0
    for (suite, identity, element) in elements {
      guard let name = identities[identity].name else {
        tests.append(element.runs)
        counts.nameless += 1
        continue
      }
      let key = suite + "\u{0}" + name
      if runs[key] == nil { order.append(key) } else { reruns += 1 }
      runs[key, default: []] += element.runs
    }
    tests += order.compactMap { runs[$0] }
    for test in tests {
      counts.tests += 1
      let ran = test.filter { $0 != .skip }
      guard let last = ran.last else {
        counts.skipped += 1
        continue
      }
      let failed = ran.filter { $0 == .failure || $0 == .error }
      if last == .pass {
        if !failed.isEmpty { counts.flaky += 1 }
      } else if failed.contains(.error) {
        counts.errors += 1
      } else {
        counts.failures += 1
      }
    }
    return (counts, reruns)
  }

  /// One random file's testcases: 1 to 14, in suites `cart` and `orders` (a suite may come back
  /// later in the file, and is then the same suite).
  static func randomFile(using random: inout SplitMix64)
    -> [(suite: String, identity: Int, element: Element)]
  {
    (0..<Int.random(in: 1...14, using: &random)).map { _ in
      let suite = Bool.random(using: &random) ? "cart" : "orders"
      let identity = Int.random(in: 0..<Self.identities.count, using: &random)
      let body = Int.random(in: 0..<Self.bodies.count, using: &random)
      return (suite, identity, Self.element(identity, body))
    }
  }

  /// The suites of one random file, their names prefixed so that files sharing a report never
  /// share a suite (and so never a test).
  static func xml(_ elements: [(suite: String, identity: Int, element: Element)], prefix: String)
    -> String
  {
    var xml = ""
    var open: String?
    for (suite, _, element) in elements {
      if open != suite {
        if open != nil { xml += "</testsuite>\n" }
        xml += "<testsuite name=\"\(prefix)\(suite)\">\n"
        open = suite
      }
      xml += "  " + element.xml + "\n"
    }
    return xml + "</testsuite>\n"
  }

  /// 3,000 random files, read 100 at a time as one report whose suites keep them apart.
  @Test func randomFilesMatchTheModel() throws {
    let seed: UInt64 = 0x5EED_0000_0001
    var random = SplitMix64(state: seed)
    let root = try TempRoot()
    let evidence = EvidenceRoot(root.url)
    for batch in 0..<30 {
      let files = (0..<100).map { _ in Self.randomFile(using: &random) }
      var xml = "<testsuites>\n"
      for (index, file) in files.enumerated() { xml += Self.xml(file, prefix: "f\(index)-") }
      xml += "</testsuites>\n"
      try root.write("junit.xml", xml)
      let read = try evidence.file("junit.xml").get()
      let results = try JUnitReader.read(EvidenceSource(file: read, maxBytes: 1 << 22)).get()
      var counts: [String: JUnitCounts] = [:]
      for group in results.groups {
        let file = String(group.name.prefix { $0 != "-" })
        counts[file, default: JUnitCounts()].add(group.counts)
      }
      var reruns = 0
      for (index, file) in files.enumerated() {
        let model = Self.expected(file)
        reruns += model.reruns
        let got = counts["f\(index)"] ?? JUnitCounts()
        #expect(
          got == model.counts,
          "seed \(seed), batch \(batch), file \(index):\n\(Self.xml(file, prefix: ""))")
        if got != model.counts { return }
      }
      #expect(results.reruns == reruns, "seed \(seed), batch \(batch)")
    }
  }
}

/// Deterministic pseudo-random numbers (SplitMix64), so that a failing round reproduces.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The table of named tests keeps every key and its state through growth.
@Suite struct JUnitTestTableTests {
  @Test func keysAndStatesSurviveGrowth() {
    var random = SplitMix64(state: 42)
    var table = JUnitTestTable()
    var keys: [JUnitTestKey] = []
    var found = 0
    for index in 0..<100_000 {
      let key = JUnitTestKey(
        hash: random.next() | 1, check: UInt32(truncatingIfNeeded: random.next()))
      let slot = table.slot(of: key)
      if slot.found { found += 1 }
      table.insert(key, state: UInt8(index & 0x0F), at: slot.index)
      keys.append(key)
    }
    #expect(found == 0)
    #expect(table.count == 100_000)
    var wrong = 0
    for (index, key) in keys.enumerated() {
      let slot = table.slot(of: key)
      if !slot.found || table.state(at: slot.index) != UInt8(index & 0x0F) { wrong += 1 }
    }
    #expect(wrong == 0)
    #expect(!table.slot(of: JUnitTestKey(hash: random.next() | 1, check: 7)).found)
  }

  /// Two tests whose fixed hashes collide are still two tests: a failing one is never folded
  /// into a passing one as its rerun, before or after the table grows.
  @Test func aCollidingHashWithAnotherCheckIsAnotherTest() {
    var table = JUnitTestTable()
    let failing = JUnitTestKey(hash: 0xDEAD_BEEF, check: 1)
    let passing = JUnitTestKey(hash: 0xDEAD_BEEF, check: 2)
    table.insert(failing, state: 3, at: table.slot(of: failing).index)
    let other = table.slot(of: passing)
    #expect(!other.found)
    table.insert(passing, state: 5, at: other.index)
    var random = SplitMix64(state: 7)
    for _ in 0..<1_000 {
      let key = JUnitTestKey(hash: random.next() | 1, check: 0)
      table.insert(key, state: 0, at: table.slot(of: key).index)
    }
    let first = table.slot(of: failing)
    let second = table.slot(of: passing)
    #expect(first.found && second.found && first.index != second.index)
    #expect(table.state(at: first.index) == 3)
    #expect(table.state(at: second.index) == 5)
    #expect(!table.slot(of: JUnitTestKey(hash: 0xDEAD_BEEF, check: 3)).found)
  }

  /// The check separates the parts of an identity and depends on every byte.
  @Test func theCheckSeparatesGroupClassnameAndName() {
    let ab = JUnitTestKey.check(group: 0, Array("ab".utf8), Array("c".utf8))
    #expect(ab == JUnitTestKey.check(group: 0, Array("ab".utf8), Array("c".utf8)))
    #expect(ab != JUnitTestKey.check(group: 0, Array("a".utf8), Array("bc".utf8)))
    #expect(ab != JUnitTestKey.check(group: 1, Array("ab".utf8), Array("c".utf8)))
    #expect(ab != JUnitTestKey.check(group: 0, Array("ab".utf8), Array("d".utf8)))
  }
}

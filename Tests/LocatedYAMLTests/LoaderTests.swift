import Foundation
import Testing

@testable import LocatedYAML

@Suite struct LoaderTests {
  let loader = Loader()

  func load(_ text: String) throws(YAMLError) -> Node {
    try loader.load(text, file: "t.yaml")
  }

  func error(_ text: String, limits: Limits = .default) -> YAMLError? {
    do {
      _ = try Loader(limits: limits).load(text, file: "t.yaml")
      return nil
    } catch {
      return error
    }
  }

  @Test func everyNodeCarriesItsLocation() throws {
    let node = try load("version: 1\ngates:\n  - id: a\n    title: \"A\"\n")
    #expect(node.location == SourceLocation(file: "t.yaml", line: 1, column: 1))
    let gates = try #require(node["gates"])
    #expect(gates.location.line == 3 && gates.location.column == 3)
    let first = try #require(gates.sequence?.first)
    #expect(first["id"]?.location == SourceLocation(file: "t.yaml", line: 3, column: 9))
    #expect(first["title"]?.location == SourceLocation(file: "t.yaml", line: 4, column: 12))
    let keys = node.mapping?.map(\.key.location.line)
    #expect(keys == [1, 2])
  }

  @Test func columnsCountCharactersNotBytes() throws {
    let node = try load("name: \"héllo wörld\"\nnext: x\nü: z\n")
    #expect(node["next"]?.location.column == 7)
    let third = try #require(node.mapping?[2])
    #expect(third.value.location == SourceLocation(file: "t.yaml", line: 3, column: 4))
  }

  @Test func scalarsResolveByTheCoreSchema() throws {
    let node = try load(
      """
      a: yes
      b: no
      c: on
      d: off
      e: true
      f: False
      g: 42
      h: -7
      i: 0x1F
      j: 0o17
      k: 1.5
      l: .inf
      m: ~
      n:
      o: "42"
      p: 2026-12-15
      q: 1.10
      r: 99.9%
      s: 1e3
      t: 99999999999999999999999
      """)
    func value(_ key: String) -> ScalarValue? { node[key]?.scalar?.value }
    #expect(value("a") == .string("yes"))
    #expect(value("b") == .string("no"))
    #expect(value("c") == .string("on"))
    #expect(value("d") == .string("off"))
    #expect(value("e") == .bool(true))
    #expect(value("f") == .bool(false))
    #expect(value("g") == .int(42))
    #expect(value("h") == .int(-7))
    #expect(value("i") == .int(31))
    #expect(value("j") == .int(15))
    #expect(value("k") == .float(1.5))
    #expect(value("l") == .float(.infinity))
    #expect(value("m") == .null)
    #expect(value("n") == .null)
    #expect(value("o") == .string("42"))
    #expect(value("p") == .string("2026-12-15"))
    #expect(value("q") == .float(1.1))
    #expect(node["q"]?.scalar?.text == "1.10")
    #expect(value("r") == .string("99.9%"))
    #expect(value("s") == .float(1000))
    #expect(value("t") == .string("99999999999999999999999"))
  }

  @Test func explicitCoreTagsAreHonouredAndOthersRejected() throws {
    let node = try load("a: !!str 42\nb: !!int \"7\"\n")
    #expect(node["a"]?.scalar?.value == .string("42"))
    #expect(node["b"]?.scalar?.value == .int(7))
    let custom = error("a: !Ref other\n")
    #expect(custom?.kind == .unsupportedTag)
    #expect(custom?.location == SourceLocation(file: "t.yaml", line: 1, column: 4))
    #expect(
      error("a: !!int nope\n")?.message
        == "'nope' is tagged !!int but is not an integer; fix the value or remove the tag")
  }

  @Test func duplicateKeyIsReportedAtTheSecondKey() {
    let problem = error("version: 1\nprogram: a\nrelease: 2\nprogram: b\n")
    #expect(problem?.kind == .duplicateKey)
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 4, column: 1))
    #expect(problem?.message == "duplicate key 'program'; it was already set at line 2, column 1")
  }

  @Test func duplicatesAreFoundInLargeMappingsToo() {
    let keys = (1...20).map { "key\($0): \($0)" }.joined(separator: "\n")
    let early = error(keys + "\nkey3: again\n")
    #expect(early?.location == SourceLocation(file: "t.yaml", line: 21, column: 1))
    #expect(early?.message == "duplicate key 'key3'; it was already set at line 3, column 1")
    let late = error(keys + "\nkey19: again\n")
    #expect(late?.message == "duplicate key 'key19'; it was already set at line 19, column 1")
    #expect(error(keys + "\nkey21: fine\n") == nil)
  }

  @Test func keysThatResolveEquallyAreDuplicates() {
    #expect(error("1: a\n01: b\n")?.kind == .duplicateKey)
    #expect(error("a: 1\n'a': 2\n")?.kind == .duplicateKey)
  }

  @Test func billionLaughsFailsFastWithAClearMessage() {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    var previous = "a"
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
      text +=
        "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
        + "]\n"
      previous = name
    }
    #expect(text.utf8.count < 1024)
    let clock = ContinuousClock()
    var problem: YAMLError?
    let elapsed = clock.measure { problem = error(text) }
    #expect(problem?.kind == .aliasBudgetExceeded)
    #expect(problem?.location.line == 7)
    #expect(problem?.message.contains("more than 1000000 nodes") == true)
    // Generous bound: the failure must come from the budget, not from expanding a billion nodes.
    #expect(elapsed < .seconds(5))
  }

  @Test func aliasesExpandWithinTheBudget() throws {
    let node = try load("base: &b {x: 1}\ncopy: *b\n")
    #expect(node["copy"]?["x"]?.scalar?.value == .int(1))
    #expect(node["copy"]?.location == SourceLocation(file: "t.yaml", line: 2, column: 7))
    #expect(error("a: *missing\n")?.kind == .unknownAnchor)
  }

  @Test func nestingDepthIsBounded() {
    let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    let problem = error(deep)
    #expect(problem?.kind == .tooDeep)
    #expect(error("[[[1]]]", limits: Limits(maxDepth: 2))?.kind == .tooDeep)
    #expect(error("[[1]]", limits: Limits(maxDepth: 2)) == nil)
  }

  @Test func fileSizeIsBounded() {
    let problem = error(String(repeating: "a: 1\n", count: 100), limits: Limits(maxFileSize: 100))
    #expect(problem?.kind == .tooLarge)
    #expect(problem?.message == "the file is 500 bytes, more than the limit of 100 bytes")
  }

  @Test func invalidUTF8IsAnErrorWithItsPosition() {
    var data = Data("version: 1\nprogram: ab".utf8)
    data.append(0xFF)
    do {
      _ = try loader.load(data, file: "t.yaml")
      Issue.record("invalid UTF-8 was accepted")
    } catch {
      #expect(error.kind == .invalidUTF8)
      #expect(error.location == SourceLocation(file: "t.yaml", line: 2, column: 12))
    }
  }

  @Test func aSecondDocumentIsAnError() {
    let problem = error("a: 1\n---\nb: 2\n")
    #expect(problem?.kind == .multipleDocuments)
    #expect(problem?.location.line == 2)
  }

  @Test func loadAllReadsEveryDocument() throws {
    let documents = try loader.loadAll(Data("a: 1\n---\nb: 2\n".utf8), file: "t.yaml")
    #expect(documents.count == 2)
    #expect(documents[1]["b"]?.location.line == 3)
  }

  @Test func anEmptyFileIsAnError() {
    #expect(error("")?.kind == .empty)
    #expect(error("# only a comment\n")?.kind == .empty)
  }

  @Test func tabIndentationKeepsLibyamlsProblemAndPosition() {
    let problem = error("version: 1\ngates:\n\t- id: x\n")
    #expect(problem?.kind == .syntax)
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 3, column: 1))
    #expect(
      problem?.message
        == "found character that cannot start any token (while scanning for the next token)")
    #expect(problem?.hint?.contains("tab") == true)
  }

  @Test func unterminatedQuoteKeepsLibyamlsProblemAndPosition() {
    let problem = error("version: 1\nprogram: \"abc\nrelease: 1\n")
    #expect(problem?.kind == .syntax)
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 4, column: 1))
    #expect(
      problem?.message
        == "found unexpected end of stream (while scanning a quoted scalar that starts at line 2, column 10)"
    )
  }

  @Test func complexKeysAreRejected() {
    #expect(error("? [a, b]\n: c\n")?.kind == .complexKey)
  }

  @Test func aByteOrderMarkIsAccepted() throws {
    var data = Data([0xEF, 0xBB, 0xBF])
    data.append(Data("a: 1\r\nb: 2\r\n".utf8))
    let node = try loader.load(data, file: "t.yaml")
    #expect(node["a"]?.scalar?.value == .int(1))
    #expect(node.mapping?.first?.key.scalar?.text == "a")
    #expect(node["b"]?.location == SourceLocation(file: "t.yaml", line: 2, column: 4))
  }
}

/// Big files are parsed on a second thread; the trees and the errors must be the same as when
/// libyaml runs on the loading thread.
@Suite struct PipelinedLoaderTests {
  func outcome(_ text: String, pipelined: Bool, limits: Limits = .default) -> Result<
    Node, YAMLError
  > {
    var loader = Loader(limits: limits)
    loader.pipelined = pipelined
    return Result { () throws(YAMLError) -> Node in try loader.load(text, file: "big.yaml") }
  }

  /// A document of `gates` gates, some 300 bytes each, with anchors, aliases and flow style.
  func checklist(gates: Int, tail: String = "") -> String {
    var text =
      "version: 1\nprogram: big\nrelease: 1.0\ndefaults: &defaults {severity: major}\ngates:\n"
    for index in 0..<gates {
      text += """
          - id: area.gate-\(index)
            title: "Gate \(index) — quoted, with an escape\\t"
            owner: team-\(index % 7)
            settings: *defaults
            check:
              kind: markdown
              file: docs/doc-\(index).md
              sections: [Rollback, Escalation]
              min_words: \(index % 50)
            remediation: |
              Fix gate \(index)
              by writing the missing sections.

        """
    }
    return text + tail
  }

  @Test func bigFilesGiveTheSameTreeEitherWay() throws {
    let text = checklist(gates: 3_000)
    #expect(text.utf8.count > EventStream.pipelineThreshold)
    let direct = try outcome(text, pipelined: false).get()
    let pipelined = try outcome(text, pipelined: true).get()
    #expect(direct == pipelined)
    let last = try #require(pipelined["gates"]?.sequence?.last)
    #expect(last["id"]?.scalar?.text == "area.gate-2999")
    #expect(
      last["check"]?["min_words"]?.location
        == SourceLocation(file: "big.yaml", line: 36_002, column: 18))
  }

  @Test func errorsAreTheSameAndAtTheSamePlace() {
    let cases = [
      checklist(gates: 2_000, tail: "broken: [unclosed\n"),
      checklist(gates: 2_000, tail: "gates: again\n"),
      checklist(gates: 2_000, tail: "alias: *nowhere\n"),
      checklist(gates: 2_000, tail: "---\nsecond: document\n"),
      "duplicate: 1\nduplicate: 2\n" + checklist(gates: 2_000),
      "early: [unclosed\n" + checklist(gates: 2_000),
    ]
    for text in cases {
      let direct = outcome(text, pipelined: false)
      let pipelined = outcome(text, pipelined: true)
      guard case .failure(let expected) = direct, case .failure(let actual) = pipelined else {
        Issue.record("expected both loads to fail")
        continue
      }
      #expect(actual == expected)
    }
  }

  @Test func limitsHoldOnTheSecondThread() {
    let text = checklist(gates: 2_000)
    let limits = Limits(maxNodes: 10_000)
    guard case .failure(let error) = outcome(text, pipelined: true, limits: limits) else {
      Issue.record("expected the node budget to be exceeded")
      return
    }
    #expect(error.kind == .aliasBudgetExceeded)
  }
}

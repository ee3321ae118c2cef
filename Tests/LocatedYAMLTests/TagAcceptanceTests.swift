import Foundation
import Testing

@testable import LocatedYAML

/// Tags and aliases read as YAML 1.2.2 says (§6.9 node properties, §7.1 alias nodes, §10.3 the
/// core schema), checked case by case from the specification's own examples and rules.
@Suite struct TagAcceptanceTests {
  func load(_ text: String, limits: Limits = .default) throws(YAMLError) -> Node {
    try Loader(limits: limits).load(text, file: "spec.yaml")
  }

  func problem(_ text: String, limits: Limits = .default) -> YAMLError? {
    do {
      _ = try load(text, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  func value(_ text: String, _ key: String = "v") throws -> ScalarValue? {
    try load(text)[key]?.scalar?.value
  }

  // §6.9.1: "!" is the non-specific tag of a non-plain scalar: the node is a string, whatever
  // its text would resolve to untagged.
  @Test func theNonSpecificTagForcesAStringOnEveryCoreSchemaForm() throws {
    for text in ["12", "-7", "0x1F", "0o17", "1.5", ".inf", ".NaN", "true", "False", "null", "~"] {
      #expect(try value("v: ! \(text)\n") == .string(text), "! \(text)")
    }
    #expect(try value("v: ! \"12\"\n") == .string("12"))
    #expect(try value("v: ! '12'\n") == .string("12"))
  }

  @Test func untaggedQuotedAndBlockScalarsAreStringsButPlainOnesAreResolved() throws {
    #expect(try value("v: \"12\"\n") == .string("12"))
    #expect(try value("v: 'true'\n") == .string("true"))
    #expect(try value("v: |-\n  null\n") == .string("null"))
    #expect(try value("v: 12\n") == .int(12))
    #expect(try value("v: 0o17\n") == .int(15))
    #expect(try value("v: TRUE\n") == .bool(true))
    #expect(try value("v: NULL\n") == .null)
  }

  // §6.9.1 example 6.24: `!!str` on a plain scalar and `!!int "12"` on a quoted one.
  @Test func explicitCoreTagsWinOverTheScalarStyle() throws {
    #expect(try value("v: !!str 12\n") == .string("12"))
    #expect(try value("v: !!str ~\n") == .string("~"))
    #expect(try value("v: !!int \"12\"\n") == .int(12))
  }

  @Test func aCoreTagOnAQuotedScalarIsStillChecked() {
    let wrong = problem("v: !!int \"twelve\"\n")
    #expect(wrong?.kind == .unsupportedTag)
    #expect(wrong?.location == SourceLocation(file: "spec.yaml", line: 1, column: 4))
    #expect(
      wrong?.message
        == "'twelve' is tagged !!int but is not an integer; fix the value or remove the tag")
  }

  @Test func everyCoreTagReadsItsCanonicalAndOtherForms() throws {
    #expect(try value("v: !!int 0o17\n") == .int(15))
    #expect(try value("v: !!int +12\n") == .int(12))
    #expect(try value("v: !!float 12\n") == .float(12))
    #expect(try value("v: !!float -.INF\n") == .float(-.infinity))
    #expect(try value("v: !!bool False\n") == .bool(false))
    #expect(try value("v: !!null Null\n") == .null)
    #expect(try value("v: !!str\n") == .string(""))
    #expect(try value("v: !!null\n") == .null)
  }

  // §6.8.1: a %TAG directive may give the primary handle `!` the core prefix; the tag is then a
  // core tag, and the secondary handle `!!` may be given another prefix, which makes it local.
  @Test func tagsAreReadByTheirResolvedNameNotTheirHandle() throws {
    #expect(try value("%TAG ! tag:yaml.org,2002:\n---\nv: !int '7'\n") == .int(7))
    let foreign = problem("%TAG !! tag:example.com,2026:\n---\nv: !!int 7\n")
    #expect(foreign?.kind == .unsupportedTag)
    #expect(foreign?.location == SourceLocation(file: "spec.yaml", line: 3, column: 4))
    #expect(
      foreign?.message
        == "the tag 'tag:example.com,2026:int' is not one gonogo reads; remove it, since values "
        + "are read by the YAML 1.2 core schema")
  }

  // A local tag (§6.9.1 "!foo") is application-specific: the README says it is refused.
  @Test func aLocalTagIsRefusedWhereItIsWritten() {
    let local = problem("a: 1\nv: !foo 12\n")
    #expect(local?.kind == .unsupportedTag)
    #expect(local?.location == SourceLocation(file: "spec.yaml", line: 2, column: 4))
    #expect(
      local?.message
        == "the tag '!foo' is not one gonogo reads; remove it, since values are read by the "
        + "YAML 1.2 core schema")
    #expect(problem("v: [1, !foo 2]\n")?.location.column == 8)
    #expect(problem("v: !foo\n")?.kind == .unsupportedTag)
  }

  @Test func tagsOnKeysDecideTheKeysValue() throws {
    let node = try load("! 12: a\n12: b\n!!str true: c\ntrue: d\n")
    #expect(
      node.mapping?.map(\.key.scalar?.value)
        == [.string("12"), .int(12), .string("true"), .bool(true)])
    let duplicate = problem("\"12\": a\n! 12: b\n")
    #expect(duplicate?.kind == .duplicateKey)
    #expect(duplicate?.location == SourceLocation(file: "spec.yaml", line: 2, column: 1))
    let sameInteger = problem("12: a\n!!int \"12\": b\n")
    #expect(sameInteger?.kind == .duplicateKey)
    #expect(sameInteger?.location == SourceLocation(file: "spec.yaml", line: 2, column: 1))
    #expect(problem("!Key a: 1\n")?.kind == .unsupportedTag)
  }

  @Test func theNonSpecificTagOnACollectionKeepsItsShape() throws {
    let node = try load("s: ! [1]\nm: ! {a: 1}\n")
    #expect(node["s"]?.sequence?.map(\.scalar?.value) == [.int(1)])
    #expect(node["m"]?["a"]?.scalar?.value == .int(1))
    #expect(problem("v: !!seq {a: 1}\n")?.kind == .unsupportedTag)
    #expect(problem("v: !!int [1]\n")?.kind == .unsupportedTag)
  }

  // §7.1: an alias is the anchored node itself, properties included.
  @Test func anAliasRepeatsTheTaggedNode() throws {
    let node = try load("a: &x ! 12\nb: *x\nc: &y !!int '7'\nd: *y\n")
    #expect(node["b"]?.scalar?.value == .string("12"))
    #expect(node["d"]?.scalar?.value == .int(7))
  }

  @Test func anAliasUsedAsAKeyCollidesWithItsAnchor() {
    let duplicate = problem("&k key: 1\n*k : 2\n")
    #expect(duplicate?.kind == .duplicateKey)
    #expect(duplicate?.location == SourceLocation(file: "spec.yaml", line: 2, column: 1))
  }

  @Test func anAliasBeforeItsAnchorIsLocated() {
    let unknown = problem("a: *later\nb: &later 1\n")
    #expect(unknown?.kind == .unknownAnchor)
    #expect(unknown?.location == SourceLocation(file: "spec.yaml", line: 1, column: 4))
  }

  /// `l0: &l0 [x]`, then `lN: &lN [*lN-1, …]` with `width` aliases of the previous layer.
  func layers(_ count: Int, width: Int) -> String {
    var text = "l0: &l0 [x]\n"
    for layer in 1..<count {
      let aliases = Array(repeating: "*l\(layer - 1)", count: width).joined(separator: ", ")
      text += "l\(layer): &l\(layer) [\(aliases)]\n"
    }
    return text
  }

  @Test(arguments: [1, 2, 3, 10])
  func a170LayerAliasTowerIsRefusedFastAtALine(width: Int) {
    let clock = ContinuousClock()
    var refusal: YAMLError?
    let elapsed = clock.measure { refusal = problem(layers(170, width: width)) }
    #expect(elapsed < .seconds(5))
    let kinds: [YAMLError.Kind] = [.tooDeep, .aliasBudgetExceeded]
    #expect(kinds.contains(refusal?.kind ?? .syntax))
    #expect((refusal?.location.line ?? 0) > 1)
    #expect((refusal?.location.line ?? .max) <= 170)
    #expect(refusal?.description.hasPrefix("spec.yaml:") == true)
  }

  @Test func theClassicBillionLaughsIsRefusedByTheBudget() {
    var text = "a: &a [\"lol\"]\n"
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for index in 1..<names.count {
      let aliases = Array(repeating: "*\(names[index - 1])", count: 9).joined(separator: ",")
      text += "\(names[index]): &\(names[index]) [\(aliases)]\n"
    }
    let refusal = problem(text)
    #expect(refusal?.kind == .aliasBudgetExceeded)
    #expect(refusal?.location.line == 7)
    #expect(
      refusal?.message.hasPrefix("the document expands to more than 1000000 nodes through aliases")
        == true)
  }

  @Test func textRepeatedByAliasesOfOneLongScalarIsBounded() {
    let long = String(repeating: "y", count: 100_000)
    let aliases = Array(repeating: "*s", count: 200).joined(separator: ", ")
    let refusal = problem("s: &s \(long)\nr: [\(aliases)]\n")
    #expect(refusal?.kind == .aliasBudgetExceeded)
    #expect(refusal?.location.line == 2)
  }
}

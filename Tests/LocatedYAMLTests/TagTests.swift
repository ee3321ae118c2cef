import Foundation
import Testing

@testable import LocatedYAML

/// Tags decide how a scalar is read: only an untagged plain scalar is resolved by the core
/// schema; a tag the loader does not know is an error, never a silent change of meaning.
@Suite struct TagTests {
  func load(_ text: String) throws(YAMLError) -> Node {
    try Loader().load(text, file: "t.yaml")
  }

  func error(_ text: String) -> YAMLError? {
    do {
      _ = try load(text)
      return nil
    } catch {
      return error
    }
  }

  func value(_ text: String, _ key: String = "a") throws -> ScalarValue? {
    try load(text)[key]?.scalar?.value
  }

  @Test func theNonSpecificTagMakesAPlainScalarAString() throws {
    #expect(try value("a: ! 12\n") == .string("12"))
    #expect(try value("a: ! true\n") == .string("true"))
    #expect(try value("a: ! ~\n") == .string("~"))
    #expect(try value("a: ! 1.5\n") == .string("1.5"))
    #expect(try value("a: !\n") == .string(""))
    #expect(try value("a: ! \"12\"\n") == .string("12"))
  }

  @Test func theNonSpecificTagOnCollectionsMeansSequenceAndMapping() throws {
    let node = try load("a: ! [1, 2]\nb: ! {x: 1}\n")
    #expect(node["a"]?.sequence?.map(\.scalar?.value) == [.int(1), .int(2)])
    #expect(node["b"]?["x"]?.scalar?.value == .int(1))
  }

  @Test func onlyUntaggedPlainScalarsAreResolvedByTheCoreSchema() throws {
    let node = try load("a: 12\nb: \"12\"\nc: '12'\nd: |\n  12\ne: >\n  true\nf: 12 \n")
    #expect(node["a"]?.scalar?.value == .int(12))
    #expect(node["b"]?.scalar?.value == .string("12"))
    #expect(node["c"]?.scalar?.value == .string("12"))
    #expect(node["d"]?.scalar?.value == .string("12\n"))
    #expect(node["e"]?.scalar?.value == .string("true\n"))
    #expect(node["f"]?.scalar?.value == .int(12))
  }

  @Test func aKeyWithTheNonSpecificTagIsNotTheSameKeyAsTheInteger() throws {
    let node = try load("! 1: string\n1: integer\n")
    #expect(node.mapping?.map(\.key.scalar?.value) == [.string("1"), .int(1)])
  }

  @Test func explicitCoreTagsAreValidated() throws {
    #expect(try value("a: !!str 12\n") == .string("12"))
    #expect(try value("a: !!str true\n") == .string("true"))
    #expect(try value("a: !!int \"7\"\n") == .int(7))
    #expect(try value("a: !!int 0x1F\n") == .int(31))
    #expect(try value("a: !!float 1\n") == .float(1))
    #expect(try value("a: !!float '1e3'\n") == .float(1000))
    #expect(try value("a: !!float 123456789012345678901234\n") == .float(1.2345678901234568e23))
    #expect(try value("a: !!bool \"true\"\n") == .bool(true))
    #expect(try value("a: !!null ''\n") == .null)
    #expect(try value("a: !!null ~\n") == .null)
  }

  @Test func aValueThatDoesNotFitItsTagIsAnErrorAtTheValue() {
    let cases: [(String, String)] = [
      (
        "a: !!int abc\n",
        "'abc' is tagged !!int but is not an integer; fix the value or remove the tag"
      ),
      (
        "a: !!int 1.5\n",
        "'1.5' is tagged !!int but is not an integer; fix the value or remove the tag"
      ),
      (
        "a: !!int 99999999999999999999\n",
        "'99999999999999999999' is tagged !!int but is outside the range of a 64-bit integer; "
          + "fix the value or remove the tag"
      ),
      (
        "a: !!float 0x10\n",
        "'0x10' is tagged !!float but is not a number; fix the value or remove the tag"
      ),
      (
        "a: !!bool yes\n",
        "'yes' is tagged !!bool but is not true or false; fix the value or remove the tag"
      ),
      (
        "a: !!null nil\n", "'nil' is tagged !!null but is not null; fix the value or remove the tag"
      ),
    ]
    for (text, message) in cases {
      let problem = error(text)
      #expect(problem?.kind == .unsupportedTag, "\(text)")
      #expect(problem?.location == SourceLocation(file: "t.yaml", line: 1, column: 4), "\(text)")
      #expect(problem?.message == message)
      #expect(problem?.description == "t.yaml:1:4: error: \(message)")
    }
  }

  @Test func verbatimAndDirectiveTagsAreReadByWhatTheyName() throws {
    #expect(try value("a: !<tag:yaml.org,2002:str> 12\n") == .string("12"))
    #expect(try value("a: !<tag:yaml.org,2002:int> '12'\n") == .int(12))
    #expect(try value("%TAG !e! tag:yaml.org,2002:\n---\na: !e!str 12\n") == .string("12"))
    let custom = error("%TAG !e! tag:example.com,2026:\n---\na: !e!str 12\n")
    #expect(custom?.location == SourceLocation(file: "t.yaml", line: 3, column: 4))
    #expect(
      custom?.message
        == "the tag 'tag:example.com,2026:str' is not one gonogo reads; remove it, "
        + "since values are read by the YAML 1.2 core schema")
  }

  @Test func anUnknownTagIsAnErrorNotAString() {
    let scalar = error("a: !Ref other\n")
    #expect(scalar?.kind == .unsupportedTag)
    #expect(scalar?.location == SourceLocation(file: "t.yaml", line: 1, column: 4))
    #expect(
      scalar?.message
        == "the tag '!Ref' is not one gonogo reads; remove it, since values are read by the "
        + "YAML 1.2 core schema")
    let sequence = error("a:\n  - !Sub [x, y]\n")
    #expect(sequence?.location == SourceLocation(file: "t.yaml", line: 2, column: 5))
    #expect(sequence?.message.hasPrefix("the tag '!Sub' is not one gonogo reads") == true)
    let unsupported = error("a: !!binary aGVsbG8=\n")
    #expect(
      unsupported?.message
        == "the tag '!!binary' is not one gonogo reads; remove it, since values are read by the "
        + "YAML 1.2 core schema")
    #expect(error("a: !!timestamp 2026-12-15\n")?.kind == .unsupportedTag)
  }

  @Test func aCollectionTagMustMatchTheNodesShape() {
    let cases: [(String, String)] = [
      (
        "a: !!seq {x: 1}\n",
        "the tag '!!seq' is for a sequence, but it is on a mapping; remove the tag"
      ),
      (
        "a: !!map [1]\n",
        "the tag '!!map' is for a mapping, but it is on a sequence; remove the tag"
      ),
      (
        "a: !!str [1]\n", "the tag '!!str' is for a scalar, but it is on a sequence; remove the tag"
      ),
      ("a: !!map x\n", "the tag '!!map' is for a mapping, but it is on a scalar; remove the tag"),
    ]
    for (text, message) in cases {
      let problem = error(text)
      #expect(problem?.kind == .unsupportedTag, "\(text)")
      #expect(problem?.location == SourceLocation(file: "t.yaml", line: 1, column: 4), "\(text)")
      #expect(problem?.message == message)
    }
  }

  @Test func evidenceTextQuotedInAnErrorIsShortened() {
    let long = String(repeating: "x", count: 5_000)
    let problem = error("a: !!int \(long)\n")
    #expect(
      problem?.message
        == "'\(String(repeating: "x", count: 60))…' (5000 characters) is tagged !!int but is not "
        + "an integer; fix the value or remove the tag")
    let key = error("? \(long)\n: 1\n? \(long)\n: 2\n")
    #expect(
      key?.message
        == "duplicate key '\(String(repeating: "x", count: 60))…' (5000 characters); it was "
        + "already set at line 1, column 3")
    let tag = error("a: !\(long) x\n")
    #expect(tag?.message.utf8.count ?? .max < 200)
    let anchor = error("a: *\(long)\n")
    #expect(anchor?.message.utf8.count ?? .max < 200)
  }
}

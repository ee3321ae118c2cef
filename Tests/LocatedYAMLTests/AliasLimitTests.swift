import Foundation
import Testing

@testable import LocatedYAML

/// Aliases are expanded into the tree every consumer walks, so the depth limit and the budget
/// hold for the expanded tree, not for the text.
@Suite struct AliasLimitTests {
  func error(_ text: String, limits: Limits = .default) -> YAMLError? {
    do {
      _ = try Loader(limits: limits).load(text, file: "t.yaml")
      return nil
    } catch {
      return error
    }
  }

  /// `a0: &a0 [x]`, then each layer nests the previous one: `aN: &aN [*aN-1]`.
  func nestingChain(_ layers: Int, brackets: Int = 1) -> String {
    var text = "a0: &a0 [x]\n"
    for layer in 1..<layers {
      text +=
        "a\(layer): &a\(layer) " + String(repeating: "[", count: brackets) + "*a\(layer - 1)"
        + String(repeating: "]", count: brackets) + "\n"
    }
    return text
  }

  /// `a0: &a0 [x]`, then each layer holds the previous one twice: `aN: &aN [*aN-1, *aN-1]`.
  func doublingChain(_ layers: Int) -> String {
    var text = "a0: &a0 [x]\n"
    for layer in 1..<layers {
      text += "a\(layer): &a\(layer) [*a\(layer - 1), *a\(layer - 1)]\n"
    }
    return text
  }

  @Test func anAliasThatNestsTooDeepIsRefusedAtTheAlias() {
    // aK is K+1 levels deep; inside `aK: [...]` (level 1) it reaches level K+1, so a62 still fits
    // under the limit of 64 levels and a63 does not.
    #expect(error(nestingChain(63)) == nil)
    let problem = error(nestingChain(170))
    #expect(problem?.kind == .tooDeep)
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 64, column: 12))
    #expect(
      problem?.message
        == "the alias '*a62' repeats sequences and mappings that nest deeper than the limit of 64 "
        + "levels here; write the content out, or nest it less deeply")
  }

  @Test func aTenThousandLevelAliasTowerIsRefusedQuickly() {
    // 170 layers, each adding 60 levels: over 10,000 levels once expanded.
    let text = nestingChain(170, brackets: 60)
    let clock = ContinuousClock()
    var problem: YAMLError?
    let elapsed = clock.measure { problem = error(text) }
    #expect(problem?.kind == .tooDeep)
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 3, column: 69))
    #expect(elapsed < .seconds(5))
  }

  @Test func aDoublingAliasChainIsRefusedByTheBudgetAtTheAliasThatCrossesIt() {
    // Nodes so far: a0 line 4, a1 line 10, a2 22, a3 46; a4 reaches 94; a5's first alias 143.
    let problem = error(doublingChain(170), limits: Limits(maxNodes: 100))
    #expect(problem?.kind == .aliasBudgetExceeded)
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 6, column: 10))
    #expect(
      problem?.message
        == "the document expands to more than 100 nodes through aliases; remove the aliases "
        + "that repeat large anchored content, or write that content out once where it is needed")
    #expect(error(doublingChain(5), limits: Limits(maxNodes: 100)) == nil)
  }

  @Test func theDefaultBudgetStopsADoublingChainOf170Layers() {
    let problem = error(doublingChain(170))
    #expect(problem?.kind == .aliasBudgetExceeded)
    #expect(problem?.location.line == 19)
    #expect(problem?.message.hasPrefix("the document expands to more than 1000000 nodes") == true)
  }

  @Test func textRepeatedThroughAliasesIsBounded() {
    let big = String(repeating: "x", count: 1_000)
    let text =
      "a: &a \(big)\nb: [" + Array(repeating: "*a", count: 50).joined(separator: ", ")
      + "]\n"
    let limits = Limits(maxAliasedBytes: 20_000)
    let problem = error(text, limits: limits)
    #expect(problem?.kind == .aliasBudgetExceeded)
    // The 21st alias crosses 20,000 bytes: it starts at column 5 + 4 × 20.
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 2, column: 85))
    #expect(
      problem?.message
        == "aliases repeat more than 20000 bytes of text in the document; remove the aliases "
        + "that repeat large anchored content, or write that content out once where it is needed")
    #expect(error(text, limits: Limits(maxAliasedBytes: 50_000)) == nil)
  }

  @Test func theDepthMessageSaysHowToFixIt() {
    let problem = error("a: [[[1]]]\n", limits: Limits(maxDepth: 2))
    #expect(problem?.location == SourceLocation(file: "t.yaml", line: 1, column: 5))
    #expect(
      problem?.message
        == "sequences and mappings nest deeper than the limit of 2 levels; flatten the structure")
  }

  @Test func anAliasOfAScalarOrAShallowCollectionKeepsWorkingAtAnyDepth() throws {
    let node = try Loader(limits: Limits(maxDepth: 3)).load(
      "a: &a x\nb: &b [1]\nc: [[*a], *b]\n", file: "t.yaml")
    #expect(node["c"]?.sequence?.first?.sequence?.first?.scalar?.value == .string("x"))
    #expect(node["c"]?.sequence?.last?.sequence?.first?.scalar?.value == .int(1))
    #expect(error("a: &b [1]\nc: [[*b]]\n", limits: Limits(maxDepth: 3))?.kind == .tooDeep)
  }
}

import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A checklist is read by the same bounded loader as YAML evidence: aliases count at their
/// expanded size and depth there too, and the refusal says where and how to fix it.
@Suite struct DefinitionLimitsTests {
  func diagnostics(_ text: String) throws -> [Diagnostic] {
    let root = try TempRoot(["readiness.yaml": text])
    let path = root.url.appendingPathComponent("readiness.yaml").path
    let sink = DiagnosticSink()
    #expect(DefinitionFile.load(path, limits: .default, sink: sink) == nil)
    return sink.diagnostics.map {
      var diagnostic = $0
      diagnostic.location = SourceLocation(
        file: "readiness.yaml", line: $0.location.line, column: $0.location.column)
      return diagnostic
    }
  }

  @Test func aChecklistWhoseAliasesNestTooDeepIsRefusedAtTheAlias() throws {
    var text = "version: 1\nx0: &x0 [a]\n"
    for layer in 1..<80 { text += "x\(layer): &x\(layer) [*x\(layer - 1)]\n" }
    let found = try diagnostics(text)
    #expect(found.map(\.location) == [SourceLocation(file: "readiness.yaml", line: 65, column: 12)])
    #expect(
      found.map(\.message) == [
        "the alias '*x62' repeats sequences and mappings that nest deeper than the limit of 64 "
          + "levels here; write the content out, or nest it less deeply"
      ])
  }

  @Test func aChecklistWhoseAliasesRepeatTooMuchIsRefusedAtTheAlias() throws {
    var text = "version: 1\nx0: &x0 [a, b, c, d, e, f, g, h, i, j]\n"
    for layer in 1..<10 {
      text +=
        "x\(layer): &x\(layer) ["
        + Array(repeating: "*x\(layer - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let found = try diagnostics(text)
    #expect(found.map(\.location.line) == [7])
    #expect(
      found.first?.message
        == "the document expands to more than 1000000 nodes through aliases; remove the aliases "
        + "that repeat large anchored content, or write that content out once where it is needed")
  }
}

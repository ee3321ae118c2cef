import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

@Suite struct PackTests {
  static let pack = """
    pack: team-docs
    title: Team documentation
    inputs:
      owner:
        description: Who owns the gates
      runbook:
        description: Where the runbook is
        default: docs/runbook.md
      sections:
        description: Required runbook sections
        default: [Rollback, Escalation]
    gates:
      - id: docs.runbook
        title: Runbook for ${{ inputs.owner }}
        owner: ${{ inputs.owner }}
        severity: blocker
        check:
          kind: markdown
          file: ${{ inputs.runbook }}
          sections: ${{ inputs.sections }}
    """

  func decode(_ checklist: String) throws -> (Checklist?, [Diagnostic]) {
    let root = try TempRoot(["packs/docs.yaml": Self.pack])
    let node = try Loader().load(checklist, file: "readiness.yaml")
    let sink = DiagnosticSink()
    let resolver = PackResolver(baseDirectory: root.url.path)
    let result = ChecklistDecoder.decode(node, file: "readiness.yaml", packs: resolver, sink: sink)
    return (result, sink.diagnostics.sorted())
  }

  @Test func aPackContributesItsGatesWithInputsApplied() throws {
    let (checklist, diagnostics) = try decode(
      """
      version: 1
      program: p
      release: 1
      extends:
        - pack: packs/docs.yaml
          with:
            owner: team-sre
            sections: [Rollback]
      """)
    #expect(diagnostics.isEmpty)
    let gate = try #require(checklist?.gates.first)
    #expect(gate.id == "docs.runbook")
    #expect(gate.title == "Runbook for team-sre")
    #expect(gate.owner == "team-sre")
    // Located at the checklist's `extends:` entry; its place in the pack is kept beside it.
    #expect(gate.location.file == "readiness.yaml")
    #expect(gate.location.line == 5)
    #expect(gate.pack?.pack == "packs/docs.yaml")
    #expect(gate.pack?.location.file.hasSuffix("packs/docs.yaml") == true)
    #expect(gate.pack?.location.line == 13)
    let check = try #require(gate.checks.first as? MarkdownCheck)
    #expect(check.evidence.patterns.map(\.value) == ["docs/runbook.md"])
    #expect(check.sections.map(\.value) == ["Rollback"])
    #expect(
      check.sections.first?.location
        == LocatedYAML.SourceLocation(file: "readiness.yaml", line: 8, column: 18))
  }

  @Test func missingAndUnknownInputsAreReported() throws {
    let (checklist, diagnostics) = try decode(
      """
      version: 1
      program: p
      release: 1
      extends:
        - pack: packs/docs.yaml
          with:
            ownr: team-sre
      """)
    #expect(checklist == nil)
    #expect(diagnostics.count == 2)
    #expect(diagnostics.map(\.location.line) == [5, 7])
    #expect(diagnostics[0].message.hasSuffix("needs the input 'owner'"))
    #expect(diagnostics[1].message.hasSuffix("has no input 'ownr'; did you mean 'owner'?"))
  }

  @Test func packGatesCanBeDisabledButNotRedefined() throws {
    let (checklist, diagnostics) = try decode(
      """
      version: 1
      program: p
      release: 1
      extends:
        - pack: packs/docs.yaml
          with: {owner: team-sre}
      gates:
        - id: docs.runbook
          title: Our own
          owner: me
          severity: minor
          check: {kind: file, file: a.md}
      disable:
        - id: docs.runbook
          reason: we use our own
      """)
    #expect(checklist == nil)
    #expect(diagnostics.count == 1)
    #expect(
      diagnostics.first?.location
        == LocatedYAML.SourceLocation(file: "readiness.yaml", line: 8, column: 5))
    #expect(
      diagnostics.first?.message.hasPrefix(
        "duplicate gate id 'docs.runbook'; it is already used at ") == true)
  }

  @Test func anUnknownBuiltinPackSaysWhichExist() throws {
    let (_, diagnostics) = try decode(
      "version: 1\nprogram: p\nrelease: 1\nextends:\n  - pack: builtin:nope\n")
    #expect(diagnostics.map(\.message) == ["there is no built-in pack 'nope'"])
    #expect(
      diagnostics.first?.location
        == LocatedYAML.SourceLocation(file: "readiness.yaml", line: 5, column: 11))
  }

  @Test func aNamedPipeAsAPackIsRefusedNotWaitedOn() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-pack-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(mkfifo(directory.appendingPathComponent("pack.yaml").path, 0o644) == 0)
    let resolver = PackResolver(baseDirectory: directory.path)
    guard case .failure(let problem) = resolver.load("pack.yaml") else {
      Issue.record("a pipe was read as a pack")
      return
    }
    #expect(problem.message == "cannot read pack file 'pack.yaml': it is not a regular file")
  }
}

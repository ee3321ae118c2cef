import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct FileCheckTests {
  @Test func aMissingFileIsAnErrorNamingIt() throws {
    let findings = try evaluate("kind: file\nfile: docs/dr-test.md", files: [:])
    #expect(
      findings == [
        .error(
          "evidence file not found: docs/dr-test.md",
          evidence: EvidenceLocation(file: "docs/dr-test.md"))
      ])
  }

  @Test func anEmptyFileFails() throws {
    let findings = try evaluate("kind: file\nfile: a.txt", files: ["a.txt": ""])
    #expect(findings == [.fail("a.txt is empty", evidence: EvidenceLocation(file: "a.txt"))])
  }

  @Test func globsMatchAtAnyDepth() throws {
    let root = try TempRoot([
      "build/results/a.xml": "<a/>", "build/results/unit/b.xml": "<b/>", "build/c.txt": "c",
      "build/.hidden.xml": "h",
    ])
    #expect(
      try Glob("build/**/*.xml").expand(in: root.url) == [
        "build/results/a.xml", "build/results/unit/b.xml",
      ])
    #expect(try Glob("build/*").expand(in: root.url) == ["build/c.txt"])
    #expect(try Glob("build/results/[ab].xml").expand(in: root.url) == ["build/results/a.xml"])
    #expect(try Glob("build/results/?.xml").expand(in: root.url) == ["build/results/a.xml"])
    #expect(try Glob("nothing/**/*.xml").expand(in: root.url) == [])
  }

  @Test func aSymlinkLeavingTheRootIsRefused() throws {
    let outside = try TempRoot(["secret.txt": "s3cr3t"])
    let root = try TempRoot()
    try FileManager.default.createSymbolicLink(
      at: root.url.appendingPathComponent("link.txt"),
      withDestinationURL: outside.url.appendingPathComponent("secret.txt"))
    let check = try decodeCheck("kind: file\nfile: link.txt")
    let findings = check.evaluate(EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "evidence file link.txt resolves outside the evidence root (symbolic link); refusing to read it"
    )
  }

  @Test func evidencePathsResolveInsideTheRoot() throws {
    let outside = try TempRoot(["secret.txt": "s3cr3t", "dir/x.txt": "x"])
    let root = try TempRoot(["docs/a.md": "# A", "b.txt": "b", "docs/sub/c.txt": "c"])
    let fileManager = FileManager.default
    try fileManager.createSymbolicLink(
      atPath: root.url.appendingPathComponent("linked-docs").path, withDestinationPath: "docs")
    try fileManager.createSymbolicLink(
      atPath: root.url.appendingPathComponent("alias.txt").path, withDestinationPath: "b.txt")
    try fileManager.createSymbolicLink(
      atPath: root.url.appendingPathComponent("broken.txt").path, withDestinationPath: "gone.txt")
    try fileManager.createSymbolicLink(
      at: root.url.appendingPathComponent("out"), withDestinationURL: outside.url)
    // The root itself named through a symbolic link.
    let rootLink = outside.url.appendingPathComponent("root-link")
    try fileManager.createSymbolicLink(at: rootLink, withDestinationURL: root.url)
    let real = try #require(EvidenceRoot.realPath(of: root.url.path))
    for evidenceRoot in [EvidenceRoot(root.url), EvidenceRoot(rootLink)] {
      let cache = EvidenceCache(root: evidenceRoot)
      func outcome(_ path: String) -> String {
        switch cache.file(path) {
        case .success(let file): return "\(file.path) -> \(file.url.path.dropFirst(real.count))"
        case .failure(let error): return error.message
        }
      }
      #expect(outcome("docs/a.md") == "docs/a.md -> /docs/a.md")
      #expect(outcome("./docs//sub/../a.md") == "docs/a.md -> /docs/a.md")
      #expect(outcome("linked-docs/sub/c.txt") == "linked-docs/sub/c.txt -> /docs/sub/c.txt")
      #expect(outcome("alias.txt") == "alias.txt -> /b.txt")
      #expect(outcome("broken.txt") == "evidence file broken.txt is a broken symbolic link")
      #expect(outcome("missing.md") == "evidence file not found: missing.md")
      #expect(outcome("b.txt/inner") == "evidence file not found: b.txt/inner")
      #expect(outcome("docs") == "evidence path docs is a directory, not a file")
      #expect(outcome("linked-docs") == "evidence path linked-docs is a directory, not a file")
      #expect(
        outcome("out/secret.txt")
          == "evidence file out/secret.txt resolves outside the evidence root (symbolic link); refusing to read it"
      )
      #expect(outcome("../b.txt") == "../b.txt: the path leaves the evidence root through '..'")
      // Asked twice, answered the same from the cache.
      #expect(outcome("docs/a.md") == "docs/a.md -> /docs/a.md")
    }
  }

  @Test func pathsLeavingTheRootAreDefinitionErrors() {
    #expect(
      EvidenceRoot.problem(withPath: "../x") == "the path leaves the evidence root through '..'")
    #expect(
      EvidenceRoot.problem(withPath: "a/../../x")
        == "the path leaves the evidence root through '..'")
    #expect(
      EvidenceRoot.problem(withPath: "/etc/passwd")
        == "evidence paths must be relative to the evidence root, not absolute")
    #expect(EvidenceRoot.problem(withPath: "a/../b") == nil)
  }

  @Test func maxAgeWithoutGitHistoryCannotEstablishAge() throws {
    let findings = try evaluate("kind: file\nfile: a.txt\nmax_age: 30d", files: ["a.txt": "x"])
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.message.hasPrefix("cannot establish the age of a.txt") == true)
  }

  @Test func structuredFilesMustParse() throws {
    let yaml = try evaluate(
      "kind: file\nfile: api/openapi.yaml",
      files: ["api/openapi.yaml": "openapi: 3.1.0\npaths:\n  /orders: {get: \n"])
    #expect(yaml.map(\.status) == [.error])
    #expect(yaml.first?.message.hasPrefix("api/openapi.yaml is not valid YAML: ") == true)
    #expect(yaml.first?.evidence?.line == 4)
    let json = try evaluate("kind: file\nfile: r.json", files: ["r.json": "{\"a\": [1, 2"])
    #expect(
      json == [
        .error(
          "r.json is not valid JSON: the file ends before the JSON value is complete; it may be cut off",
          evidence: EvidenceLocation(file: "r.json", line: 1, column: 12))
      ])
    let passing = try evaluate("kind: file\nfile: r.json", files: ["r.json": "{\"a\": 1}"])
    #expect(
      passing == [
        .pass(
          "r.json exists (8 bytes, well-formed json)", evidence: EvidenceLocation(file: "r.json"))
      ])
  }

  @Test func garbledTextIsAnError() throws {
    let root = try TempRoot()
    try Data([0x23, 0xFF, 0xFE, 0x0A]).write(to: root.url.appendingPathComponent("notes.md"))
    let findings = try decodeCheck("kind: file\nfile: notes.md").evaluate(
      EvaluationContext(cache: root.cache, now: releaseDay))
    #expect(
      findings == [
        .error(
          "notes.md is not valid UTF-8 text: the byte at line 1, column 2 does not start or "
            + "continue a UTF-8 character; save the file as UTF-8",
          evidence: EvidenceLocation(file: "notes.md", line: 1, column: 2))
      ])
  }

  @Test func opaqueFilesOnlyNeedToBePresent() throws {
    let findings = try evaluate("kind: file\nfile: signoff.pdf", files: ["signoff.pdf": "%PDF-1.7"])
    #expect(
      findings == [
        .pass("signoff.pdf exists (8 bytes)", evidence: EvidenceLocation(file: "signoff.pdf"))
      ])
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct FileCheckTests {
  @Test func aMissingFileIsAnErrorNamingIt() throws {
    let findings = try evaluate("kind: file\nfile: docs/dr-test.md", files: [:])
    #expect(findings == [.error("evidence file not found: docs/dr-test.md", evidence: EvidenceLocation(file: "docs/dr-test.md"))])
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
    #expect(try Glob("build/**/*.xml").expand(in: root.url) == ["build/results/a.xml", "build/results/unit/b.xml"])
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
    #expect(findings.first?.message == "evidence file link.txt resolves outside the evidence root (symbolic link); refusing to read it")
  }

  @Test func pathsLeavingTheRootAreDefinitionErrors() {
    #expect(EvidenceRoot.problem(withPath: "../x") == "the path leaves the evidence root through '..'")
    #expect(EvidenceRoot.problem(withPath: "a/../../x") == "the path leaves the evidence root through '..'")
    #expect(EvidenceRoot.problem(withPath: "/etc/passwd") == "evidence paths must be relative to the evidence root, not absolute")
    #expect(EvidenceRoot.problem(withPath: "a/../b") == nil)
  }

  @Test func maxAgeWithoutGitHistoryCannotEstablishAge() throws {
    let findings = try evaluate("kind: file\nfile: a.txt\nmax_age: 30d", files: ["a.txt": "x"])
    #expect(findings.map(\.status) == [.error])
    #expect(findings.first?.message.hasPrefix("cannot establish the age of a.txt") == true)
  }
}

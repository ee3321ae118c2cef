import Foundation
import Testing

/// Hostile and broken inputs end in exit 2 or an `error` finding with a clear message: never a
/// crash, a hang, or GO.
@Suite struct AdversarialTests {
  /// A scratch directory with a checklist whose single blocker gate reads `evidence`.
  final class Scratch {
    let url: URL

    init() throws {
      url = FileManager.default.temporaryDirectory
        .appendingPathComponent("gonogo-adversarial-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ path: String, _ data: Data) throws {
      let file = url.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: file)
    }

    func write(_ path: String, _ text: String) throws { try write(path, Data(text.utf8)) }

    func checklist(check: String) throws {
      try write(
        "readiness.yaml",
        """
        version: 1
        program: hostile
        release: 1.0.0
        gates:
          - id: sre.runbook
            title: Runbook is in order
            owner: team-sre
            severity: blocker
            check: \(check)
        """)
    }

    func run(_ arguments: [String] = ["check", ".", "--now", releaseDay, "--format", "json"]) throws
      -> GoNoGoRun
    {
      try GoNoGoRun(arguments, in: url)
    }
  }

  func onlyFinding(_ run: GoNoGoRun) throws -> (status: String, message: String) {
    #expect(run.status == 1, "\(run.stderr)")
    let report = try json(run.stdout)
    #expect(report["verdict"] as? String == "no-go")
    let gate = try #require(gates(report).first)
    let findings = try #require(gate["findings"] as? [[String: Any]])
    let finding = try #require(findings.first)
    return (finding["status"] as? String ?? "", finding["message"] as? String ?? "")
  }

  @Test func tenThousandDeepNestingIsRefused() throws {
    let scratch = try Scratch()
    try scratch.write(
      "readiness.yaml",
      "version: 1\nx: " + String(repeating: "[", count: 10_000)
        + String(repeating: "]", count: 10_000) + "\n")
    let run = try scratch.run()
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:2:"
      ))
    #expect(
      run.stderr.contains("error: sequences and mappings nest deeper than the limit of 64 levels"))
  }

  @Test func aGigabyteChecklistIsRefusedBySize() throws {
    let scratch = try Scratch()
    let path = scratch.url.appendingPathComponent("readiness.yaml").path
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 1 << 30)
    try handle.close()
    let run = try scratch.run()
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:1:1: error: the file is 1073741824 bytes, more than the limit of 4194304 bytes\n"
      ))
  }

  @Test func aGigabyteEvidenceFileIsAnErrorNotARead() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: markdown, file: runbook.md, sections: [Rollback]}")
    let path = scratch.url.appendingPathComponent("runbook.md").path
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 1 << 30)
    try handle.close()
    let finding = try onlyFinding(try scratch.run())
    #expect(finding.status == "error")
    #expect(
      finding.message
        == "runbook.md is 1073741824 bytes, larger than the limit of 67108864 bytes for this format"
    )
  }

  @Test func invalidUTF8InAChecklistIsPinpointed() throws {
    let scratch = try Scratch()
    var data = Data("version: 1\nprogram: caf".utf8)
    data.append(contentsOf: [0xE9, 0x0A])
    try scratch.write("readiness.yaml", data)
    let run = try scratch.run()
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("readiness.yaml:2:13: error: the file is not valid UTF-8\n"))
  }

  @Test func aNulByteInAChecklistIsASyntaxError() throws {
    let scratch = try Scratch()
    try scratch.write("readiness.yaml", Data("version: 1\nprogram: a\u{0}b\n".utf8))
    let run = try scratch.run()
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("readiness.yaml:"))
    #expect(run.stderr.contains(": error: "))
  }

  @Test func aByteOrderMarkAndCRLFLineEndingsAreRead() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: file, file: runbook.md}")
    let text = try String(
      contentsOf: scratch.url.appendingPathComponent("readiness.yaml"), encoding: .utf8)
    var data = Data([0xEF, 0xBB, 0xBF])
    data.append(Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    try scratch.write("readiness.yaml", data)
    try scratch.write("runbook.md", "# Runbook\r\n")
    let run = try scratch.run()
    #expect(run.status == 0, "\(run.stderr)")
    let gate = try #require(gates(try json(run.stdout)).first)
    let location = try #require(gate["location"] as? [String: Any])
    #expect(location["line"] as? Int == 5)
    #expect(location["column"] as? Int == 5)
  }

  @Test func aSymlinkLeavingTheEvidenceRootIsRefused() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: markdown, file: runbook.md, sections: [Rollback]}")
    try FileManager.default.createSymbolicLink(
      atPath: scratch.url.appendingPathComponent("runbook.md").path,
      withDestinationPath: "/etc/hostname")
    let finding = try onlyFinding(try scratch.run())
    #expect(finding.status == "error")
    #expect(
      finding.message
        == "evidence file runbook.md resolves outside the evidence root (symbolic link); refusing to read it"
    )
  }

  @Test func dotDotPathsAreDefinitionErrors() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: file, file: ../../etc/passwd}")
    let run = try scratch.run()
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:9:31: error: evidence path '../../etc/passwd': the path leaves the evidence root through '..'\n"
      ))
  }

  @Test func aDirectoryWhereAFileIsExpectedIsAnError() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: markdown, file: docs, sections: [Rollback]}")
    try FileManager.default.createDirectory(
      at: scratch.url.appendingPathComponent("docs"), withIntermediateDirectories: true)
    let finding = try onlyFinding(try scratch.run())
    #expect(finding.status == "error")
    #expect(finding.message == "evidence path docs is a directory, not a file")
  }

  @Test func aNamedPipeAsEvidenceIsAnErrorNotAHang() throws {
    // A pipe has no size and may never end: it is refused before it is read.
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: markdown, file: runbook.md, sections: [Rollback]}")
    #expect(mkfifo(scratch.url.appendingPathComponent("runbook.md").path, 0o644) == 0)
    let finding = try onlyFinding(try scratch.run())
    #expect(finding.status == "error")
    #expect(
      finding.message == "evidence path runbook.md is a pipe, socket or device, not a regular file")
  }

  @Test func aNamedPipeAsAChecklistExits2() throws {
    let scratch = try Scratch()
    #expect(mkfifo(scratch.url.appendingPathComponent("readiness.yaml").path, 0o644) == 0)
    let run = try scratch.run(["validate", "readiness.yaml"])
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:1:1: error: cannot read the file: it is not a regular file\n"))
  }

  @Test(.enabled(if: getuid() != 0, "root reads files whatever their mode"))
  func anUnreadableFileIsAnError() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: markdown, file: runbook.md, sections: [Rollback]}")
    try scratch.write("runbook.md", "# Runbook\n\n## Rollback\n\nSteps.\n")
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o000],
      ofItemAtPath: scratch.url.appendingPathComponent("runbook.md").path)
    let finding = try onlyFinding(try scratch.run())
    #expect(finding.status == "error")
    #expect(finding.message == "cannot open runbook.md for reading")
  }

  @Test func impossibleDatesAreDefinitionErrors() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: file, file: runbook.md}")
    let text = try String(
      contentsOf: scratch.url.appendingPathComponent("readiness.yaml"), encoding: .utf8)
    try scratch.write(
      "readiness.yaml",
      text
        + "\nwaivers:\n  - gate: sre.runbook\n    reason: r\n    approved_by: VP\n    expires: 2026-02-30\n"
    )
    let run = try scratch.run()
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "readiness.yaml:14:14: error: 'expires' in a waiver is '2026-02-30', which does not exist: February 2026 has 28 days\n"
      ))
  }

  @Test func markdownWithNulBytesAndBinaryNoiseDoesNotCrash() throws {
    let scratch = try Scratch()
    try scratch.checklist(check: "{kind: markdown, file: runbook.md, sections: [Rollback]}")
    var data = Data("# Runbook\n\u{0}\u{0}## Rollback\n".utf8)
    data.append(Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37) & 0x7F }))
    try scratch.write("runbook.md", data)
    let run = try scratch.run()
    #expect(run.status == 0 || run.status == 1)
    #expect(run.stderr.isEmpty)
  }
}

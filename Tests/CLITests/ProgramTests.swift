import Foundation
import Testing

/// A program rolls its workstreams up: a verdict per workstream and one overall.
@Suite struct ProgramTests {
  func program() throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-program-\(UUID().uuidString)")
    func write(_ path: String, _ text: String) throws {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    try write(
      "program.yaml",
      """
      version: 1
      program: checkout-v2
      release: 2.4.0
      workstreams:
        - name: API
          owner: team-api
          path: api
        - name: Web
          owner: team-web
          paths: [web/readiness.yaml]
      """)
    let checklist = { (gate: String, file: String) in
      """
      version: 1
      program: checkout-v2
      release: 2.4.0
      gates:
        - id: \(gate)
          title: Notes are written
          owner: team
          severity: blocker
          check: {kind: file, file: \(file)}
      """
    }
    // Both workstreams use the same gate id: ids are unique within a workstream only.
    try write("api/readiness.yaml", checklist("release.notes", "notes.md"))
    try write("api/notes.md", "API notes\n")
    try write("web/readiness.yaml", checklist("release.notes", "missing.md"))
    return root
  }

  @Test func eachWorkstreamGetsAVerdictAndTheWorstDecides() throws {
    let root = try program()
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try GoNoGoRun(["check", ".", "--now", releaseDay, "--format", "json"], in: root)
    #expect(run.status == 1, "\(run.stderr)")
    let report = try json(run.stdout)
    #expect(report["verdict"] as? String == "no-go")
    let workstreams = try #require(report["workstreams"] as? [[String: Any]])
    #expect(workstreams.map { $0["name"] as? String } == ["API", "Web"])
    #expect(workstreams.map { $0["verdict"] as? String } == ["go", "no-go"])
    #expect(workstreams.map { $0["owner"] as? String } == ["team-api", "team-web"])
    #expect(gates(report).map { $0["workstream"] as? String } == ["API", "Web"])
    #expect(gates(report).map { $0["status"] as? String } == ["pass", "error"])
    #expect(
      report["sources"] as? [String] == [
        "program.yaml", "api/readiness.yaml", "web/readiness.yaml",
      ])
    let text = try GoNoGoRun(["check", "program.yaml", "--now", releaseDay], in: root)
    #expect(
      text.stdout.contains(
        "Workstreams\n  API  GO     team-api · 0 gates failing\n  Web  NO-GO  team-web · 1 gate failing\n"
      ))
    #expect(text.stdout.contains("! release.notes  [Web] Notes are written  [error]"))
  }

  @Test func anInvalidWorkstreamChecklistStopsTheProgram() throws {
    let root = try program()
    defer { try? FileManager.default.removeItem(at: root) }
    try Data("version: 1\nprogram: x\nrelease: 1\ngates:\n  - id: a\n    titel: A\n".utf8)
      .write(to: root.appendingPathComponent("web/readiness.yaml"))
    let run = try GoNoGoRun(["check", ".", "--now", releaseDay], in: root)
    #expect(run.status == 2)
    #expect(
      run.stderr.contains(
        "web/readiness.yaml:6:5: error: unknown key 'titel' in gate 'a'; did you mean 'title'?"))
  }

  @Test func aProgramIsCheckedOnItsOwn() throws {
    let root = try program()
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try GoNoGoRun(["check", "program.yaml", "api", "--now", releaseDay], in: root)
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "program.yaml:1:1: error: a program is checked on its own; pass only program.yaml\n"))
  }
}

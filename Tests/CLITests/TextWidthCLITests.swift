import Foundation
import Testing

/// The text report wraps at the terminal's width, and at 80 columns when it is not a terminal.
@Suite struct TextWidthCLITests {
  static let noGo = "samples/payments-migration"
  static let script = "/usr/bin/script"

  @Test func aPipedReportWrapsAtEightyWhateverColumnsSays() throws {
    let plain = try GoNoGoRun(["check", Self.noGo, "--now", releaseDay])
    let wide = try GoNoGoRun(
      ["check", Self.noGo, "--now", releaseDay], environment: ["COLUMNS": "200"])
    #expect(plain.status == 1)
    #expect(wide.stdout == plain.stdout)
    let lines = plain.stdout.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 })
    #expect(lines.contains { $0.count > 75 })
  }

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: script),
      "needs script(1) from util-linux to run gonogo on a terminal"))
  func onATerminalTheReportWrapsAtColumns() throws {
    let command =
      "COLUMNS=60 '\(GoNoGoRun.binary.path)' check \(Self.noGo) --now \(releaseDay) --color never"
    let text = try Self.onTerminal(command).replacingOccurrences(of: "\r\n", with: "\n")
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 }, "\(text)")
    #expect(
      text.contains(
        """
          team-sre:
            ✗ sre.cutover-runbook  Cutover runbook covers rollback,
              escalation and on-call  [fail]
              defined at
                samples/payments-migration/readiness.yaml:20:5 ·
                evidence docs/cutover-runbook.md
              - docs/cutover-runbook.md has no 'Rollback' section

        """), "\(text)")
  }

  /// Runs a shell `command` on a pseudo-terminal made by script(1); returns what it printed.
  static func onTerminal(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = ["-qec", command, "/dev/null"]
    process.currentDirectoryURL = GoNoGoRun.packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment.removeValue(forKey: "SOURCE_DATE_EPOCH")
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardInput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}

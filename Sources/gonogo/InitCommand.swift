import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo init`: write a starter checklist for the chosen packs.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a starter readiness.yaml extending built-in packs, and list the evidence "
        + "it expects.")

    @Option(name: .long, help: "Comma-separated built-in packs (see 'gonogo packs').")
    var packs: String

    @Option(name: .long, help: "The program or service name.")
    var program: String?

    @Option(name: .long, help: "The release being prepared.")
    var release = "0.1.0"

    @Option(name: .long, help: "Directory to write into.")
    var directory = "."

    @Flag(name: .long, help: "Overwrite existing files.")
    var force = false

    func run() throws {
      let names = packs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.map { $0.hasPrefix("builtin:") ? String($0.dropFirst(8)) : $0 }
      guard !names.isEmpty else { throw ValidationError("--packs names no pack") }
      let program =
        self.program
        ?? URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
      let text: String
      do {
        text = try Starter.checklist(packs: names, program: program, release: release)
      } catch {
        throw ValidationError(error.description)
      }
      let path = (directory as NSString).appendingPathComponent("readiness.yaml")
      if FileManager.default.fileExists(atPath: path) && !force {
        throw ValidationError("\(path) already exists; pass --force to overwrite it")
      }
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
      }
      var message =
        "wrote \(path)\n\nThe gates expect this evidence (paths relative to \(directory)):\n"
      for line in Starter.expectedEvidence(checklist: text) { message += "  \(line)\n" }
      message += "\nRun 'gonogo check \(directory)' to see what is missing.\n"
      FileHandle.standardOutput.write(Data(message.utf8))
    }
  }
}

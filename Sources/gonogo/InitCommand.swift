import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo init`: write a starter checklist for the chosen packs.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
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

    @Option(
      name: .long,
      help: ArgumentHelp(
        "The service tier: 1 (most critical), 2 or 3; the starter declares it and notes the "
          + "gates the tier leaves out."))
    var tier: Int?

    @Flag(name: .long, help: "Overwrite existing files.")
    var force = false

    func validate() throws {
      if let tier, !ServiceTier.levels.contains(tier) {
        throw ValidationError("--tier \(tier) does not exist; tiers are 1 (most critical), 2 and 3")
      }
    }

    func run() throws {
      let names = packs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.map { $0.hasPrefix("builtin:") ? String($0.dropFirst(8)) : $0 }
      guard !names.isEmpty else { throw ValidationError("--packs names no pack") }
      let program =
        self.program
        ?? URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
      let codeOwners = readCodeOwners()
      let text: String
      do {
        text = try Starter.checklist(
          packs: names, program: program, release: release,
          options: .init(tier: tier, codeOwners: codeOwners, schema: Starter.schemaPath))
      } catch {
        throw ValidationError(error.description)
      }
      let path = (directory as NSString).appendingPathComponent("readiness.yaml")
      if FileManager.default.fileExists(atPath: path) && !force {
        throw ValidationError("\(path) already exists; pass --force to overwrite it")
      }
      let schemaPath = (directory as NSString).appendingPathComponent(Starter.schemaPath)
      do {
        try FileManager.default.createDirectory(
          atPath: (schemaPath as NSString).deletingLastPathComponent,
          withIntermediateDirectories: true)
        try Data((SchemaCatalog.text("checklist") ?? "").utf8).write(
          to: URL(fileURLWithPath: schemaPath))
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
      }
      var message = "wrote \(path) and its editor schema \(schemaPath)\n"
      if let (file, rules) = codeOwners, !rules.allOwners.isEmpty {
        message += "owners suggested from \(file): \(rules.allOwners.joined(separator: ", "))\n"
      }
      message += "\nThe gates expect this evidence (paths relative to \(directory)):\n"
      for line in Starter.expectedEvidence(checklist: text) { message += "  \(line)\n" }
      message += "\nRun 'gonogo check \(directory)' to see what is missing.\n"
      FileHandle.standardOutput.write(Data(message.utf8))
    }

    /// The first CODEOWNERS file of the directory, in GitHub's order, with its rules.
    private func readCodeOwners() -> (file: String, rules: CodeOwners)? {
      for location in CodeOwners.locations {
        let path = (directory as NSString).appendingPathComponent(location)
        // Only a regular file of a sensible size: never wait on a pipe.
        guard
          let attributes = try? FileManager.default.attributesOfItem(atPath: path),
          attributes[.type] as? FileAttributeType == .typeRegular,
          (attributes[.size] as? Int ?? 0) <= 1 << 20,
          let data = FileManager.default.contents(atPath: path)
        else { continue }
        return (location, CodeOwners(text: String(decoding: data, as: UTF8.self)))
      }
      return nil
    }
  }
}

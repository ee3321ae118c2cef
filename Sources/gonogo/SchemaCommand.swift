import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo schema NAME`: print a JSON Schema for editors and validators.
  struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "schema",
      abstract: "Print the JSON Schema of a file gonogo reads or writes.",
      discussion: "Editors use them through a first line such as\n"
        + "# yaml-language-server: $schema=gates/schemas/checklist.schema.json")

    @Argument(help: "The schema: \(SchemaCatalog.names.joined(separator: ", ")).")
    var name: String?

    @Flag(name: .long, help: "List the schema names.")
    var list = false

    func validate() throws {
      if list { return }
      guard let name else {
        throw ValidationError("name a schema: \(SchemaCatalog.names.joined(separator: ", "))")
      }
      guard SchemaCatalog.text(name) != nil else {
        throw ValidationError(
          "there is no schema '\(name)'; choose one of \(SchemaCatalog.names.joined(separator: ", "))"
        )
      }
    }

    func run() throws {
      if list {
        print(SchemaCatalog.names.joined(separator: "\n"))
        return
      }
      if let name, let text = SchemaCatalog.text(name) {
        FileHandle.standardOutput.write(Data(text.utf8))
      }
    }
  }
}

import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo kinds`: the check kinds, their parameters and examples.
  struct Kinds: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kinds",
      abstract: "List the check kinds and their parameters.")

    @Flag(name: .long, help: "Print the full reference as Markdown (docs/check-kinds.md).")
    var markdown = false

    func run() throws {
      let text = markdown ? KindReference.markdown() : KindReference.text()
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// `gonogo packs`: the built-in packs, their inputs and gates.
  struct Packs: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "packs",
      abstract: "List the built-in gate packs (extends: - pack: builtin:NAME).")

    @Flag(name: .long, help: "Print the reference as Markdown (docs/packs.md).")
    var markdown = false

    func run() throws {
      let text = markdown ? PackCatalog.markdown() : PackCatalog.text()
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}

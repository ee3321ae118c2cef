import Foundation
import Testing

/// The release build links a static archive for every C library a module map names: each
/// `link "NAME"` has its linker script `Linking/static/libNAME.so`, and each script names
/// archives only (bare names, looked up on the linker's paths), never a path of this machine.
@Suite struct StaticLinkingTests {
  static let root = GoNoGoRun.packageRoot

  /// The `link "NAME"` lines of every module map under Sources.
  func linkedLibraries() throws -> [String] {
    let sources = Self.root.appendingPathComponent("Sources")
    var names: [String] = []
    for target in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
      let map = sources.appendingPathComponent(target).appendingPathComponent("module.modulemap")
      guard let text = try? String(contentsOf: map, encoding: .utf8) else { continue }
      for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        if words.count == 2, words[0] == "link" {
          names.append(String(words[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))))
        }
      }
    }
    return names
  }

  /// The archives a script names, and whatever else it names.
  func inputs(ofScript name: String) throws -> [String] {
    let url = Self.root.appendingPathComponent("Linking/static/lib\(name).so")
    let text = try String(contentsOf: url, encoding: .utf8)
    // The command is the last line: `INPUT ( … )` or `GROUP ( … )`, after a comment.
    let command = text.split(separator: "\n").last ?? ""
    guard command.hasPrefix("INPUT ( ") || command.hasPrefix("GROUP ( "), command.hasSuffix(" )")
    else { return [] }
    return command.dropFirst(8).dropLast(2).split(separator: " ").map(String.init)
  }

  @Test func everyModuleMapLibraryHasAScriptNamingItsArchive() throws {
    let names = try linkedLibraries()
    #expect(
      names.sorted()
        == ["cmark-gfm", "cmark-gfm-extensions", "ical", "jansson", "pcre2-8", "xml2", "yaml", "z"])
    for name in names {
      let inputs = try inputs(ofScript: name)
      #expect(inputs.first == "lib\(name).a", "Linking/static/lib\(name).so")
      for input in inputs {
        #expect(
          !input.contains("/") && (input.hasSuffix(".a") || input.hasPrefix("-l")),
          "Linking/static/lib\(name).so names \(input)")
      }
    }
  }

  /// The C++ runtime that ICU, libical and the Swift runtime need is linked in too.
  @Test func libstdcxxAndICUAreStaticWhereTheyAreNeeded() throws {
    #expect(try inputs(ofScript: "stdc++") == ["libstdc++.a", "libgcc_eh.a"])
    for name in ["xml2", "ical"] {
      let inputs = try inputs(ofScript: name)
      for archive in ["libicuuc.a", "libicudata.a", "libstdc++.a"] {
        #expect(inputs.contains(archive), "Linking/static/lib\(name).so lacks \(archive)")
      }
    }
  }
}

// Decodes a checklist written by `scripts/bench/generate.py checklist` with Yams' `YAMLDecoder`
// into plain Codable values, the way a Swift tool built on Yams would read it, and prints the
// number of gates. Usage: yams-decode FILE
import Foundation
import Yams

struct Checklist: Decodable {
  var version: Int
  var program: String
  var release: String
  var gates: [Gate]
}

struct Gate: Decodable {
  var id: String
  var title: String
  var owner: String
  var severity: String
  var category: String?
  var check: Check
  var remediation: String?
}

struct Check: Decodable {
  var kind: String
  var file: String?
  var sections: [String]?
  var min_words: Int?
  var no_placeholders: Bool?
}

guard CommandLine.arguments.count == 2,
  let text = FileManager.default.contents(atPath: CommandLine.arguments[1])
else {
  FileHandle.standardError.write(Data("usage: yams-decode FILE\n".utf8))
  exit(2)
}
do {
  let checklist = try YAMLDecoder().decode(Checklist.self, from: text)
  print(checklist.gates.count)
} catch {
  FileHandle.standardError.write(Data("\(error)\n".utf8))
  exit(1)
}

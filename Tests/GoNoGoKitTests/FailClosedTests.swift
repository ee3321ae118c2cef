import Foundation
import Testing

@testable import GoNoGoKit

/// Starting from the GO sample, every single corruption of every evidence file a blocker gate
/// consults — deleted, emptied, cut in half, garbled — must take the verdict away from GO.
@Suite struct FailClosedTests {
  static let sample = packageRoot.appendingPathComponent("samples/checkout-launch")
  static let definitionNames: Set<String> = [
    "readiness.yaml", "gonogo.yaml", "rollout.yaml", "program.yaml",
  ]

  enum Corruption: String, CaseIterable {
    case delete, empty, truncate, garble

    func apply(to url: URL) throws {
      switch self {
      case .delete: try FileManager.default.removeItem(at: url)
      case .empty: try Data().write(to: url)
      case .truncate:
        let data = try Data(contentsOf: url)
        try data.prefix(data.count / 2).write(to: url)
      case .garble:
        var data = try Data(contentsOf: url)
        for index in stride(from: data.startIndex, to: data.endIndex, by: 7) { data[index] = 0xFF }
        try data.write(to: url)
      }
    }
  }

  /// A scratch copy of the sample.
  func copy() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-failclosed-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: Self.sample, to: url)
    return url
  }

  func evaluate(_ directory: URL) -> Report? {
    let definitions = Definitions.load(paths: [directory.path])
    guard !definitions.hasErrors else { return nil }
    return Evaluation.run(definitions, root: nil, now: releaseDay)
  }

  /// Evidence files (relative to the sample) that some blocker gate reads, found by matching the
  /// gates' evidence paths against the files' trailing path components.
  func blockerEvidence(_ report: Report, files: [String]) -> [String] {
    let paths = report.gates.filter { $0.severity == .blocker }.flatMap(\.evidence)
    return files.filter { file in
      paths.contains { file == $0 || file.hasSuffix("/" + $0) }
    }
  }

  @Test func noSingleCorruptionOfBlockerEvidenceLeavesTheVerdictGo() throws {
    let original = try #require(evaluate(Self.sample))
    #expect(original.verdict == .go)
    let all =
      (FileManager.default.enumerator(atPath: Self.sample.path)?.allObjects as? [String] ?? [])
      .filter { path in
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(
          atPath: Self.sample.appendingPathComponent(path).path, isDirectory: &isDirectory)
        return !isDirectory.boolValue
          && !Self.definitionNames.contains((path as NSString).lastPathComponent)
          && !path.hasSuffix("README.md")
      }.sorted()
    let targets = blockerEvidence(original, files: all)
    #expect(targets.count >= 5, "blocker evidence found: \(targets)")
    var survivors: [String] = []
    for file in targets {
      for corruption in Corruption.allCases {
        let directory = try copy()
        defer { try? FileManager.default.removeItem(at: directory) }
        try corruption.apply(to: directory.appendingPathComponent(file))
        // A corrupted file may make the definitions themselves invalid (exit 2): also not GO.
        if let report = evaluate(directory), report.verdict == .go {
          survivors.append("\(corruption.rawValue) \(file)")
        }
      }
    }
    #expect(survivors.isEmpty, "still GO after: \(survivors.joined(separator: "; "))")
  }
}

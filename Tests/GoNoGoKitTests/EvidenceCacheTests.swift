import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct EvidenceCacheTests {
  @Test func aFileUsedByManyGatesIsReadOnce() throws {
    let root = try TempRoot(["docs/runbook.md": "# Runbook\n\n## Rollback\n\nSteps here.\n"])
    let cache = root.cache
    let context = EvaluationContext(cache: cache, now: releaseDay)
    let checks = try (0..<8).map { index in
      try decodeCheck(
        "kind: markdown\nfile: docs/runbook.md\nsections: [Rollback]\nmin_words: \(index + 1)")
    }
    DispatchQueue.concurrentPerform(iterations: checks.count) { index in
      _ = checks[index].evaluate(context)
    }
    #expect(cache.readCounts == ["markdown:docs/runbook.md": 1])
  }
}

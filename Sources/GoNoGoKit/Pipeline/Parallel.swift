import Dispatch
import Synchronization

/// Runs independent work on every core and joins it before returning: results keep the input's
/// order, so reports stay deterministic however the work interleaves.
enum Parallel {
  /// `items.map(transform)`, computed concurrently.
  static func map<Item: Sendable, Result: Sendable>(
    _ items: [Item], _ transform: @Sendable (Item) -> Result
  ) -> [Result] {
    map(items, chunk: 1, transform)
  }

  /// `items.map(transform)`, computed concurrently in runs of `chunk` consecutive items: cheap
  /// transforms of many items take a run each, so that joining costs little beside the work.
  static func map<Item: Sendable, Result: Sendable>(
    _ items: [Item], chunk: Int, _ transform: @Sendable (Item) -> Result
  ) -> [Result] {
    let chunk = max(1, chunk)
    guard items.count > chunk else { return items.map(transform) }
    let runs = (items.count + chunk - 1) / chunk
    let results = Mutex<[[Result]]>(Array(repeating: [], count: runs))
    DispatchQueue.concurrentPerform(iterations: runs) { run in
      let range = run * chunk..<min(items.count, (run + 1) * chunk)
      let values = items[range].map(transform)
      results.withLock { $0[run] = values }
    }
    return results.withLock { $0.flatMap { $0 } }
  }

  /// Drops the last reference to a big value on a background queue, so that freeing it (a
  /// 10,000-gate checklist's tree is some 300,000 nodes) overlaps what comes next.
  static func discard<Value: Sendable>(_ value: consuming Value) {
    DispatchQueue.global(qos: .utility).async { [value] in withExtendedLifetime(value) {} }
  }
}

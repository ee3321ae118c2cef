import Dispatch
import Synchronization

/// Runs independent work on every core and joins it before returning: results keep the input's
/// order, so reports stay deterministic however the work interleaves.
enum Parallel {
  /// `items.map(transform)`, computed concurrently.
  static func map<Item: Sendable, Result: Sendable>(
    _ items: [Item], _ transform: @Sendable (Item) -> Result
  ) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let results = Mutex<[Result?]>(Array(repeating: nil, count: items.count))
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
      let value = transform(items[index])
      results.withLock { $0[index] = value }
    }
    return results.withLock { $0.compactMap { $0 } }
  }
}

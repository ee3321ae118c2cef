import Foundation

/// Strings of one reader's reports, kept by gate position: a program's reports list the same
/// gates in the same order run after run, so a gate's id, severity, category and workstream are
/// usually the bytes the previous report had at that position. Those are then shared with it,
/// not decoded and allocated again, and later compared by identity. Not thread-safe: one per
/// reading thread.
final class ReportStrings {
  /// The fields kept.
  enum Field: Int, CaseIterable {
    case id, severity, category, workstream
  }

  /// The string last read at each slot (`position * 4 + field`), "" before any. Held through a
  /// pointer: this is the innermost loop of reading a history, where a stored property's
  /// exclusivity checks cost more than the lookup.
  private let kept: UnsafeMutablePointer<[String]>

  init() {
    kept = .allocate(capacity: 1)
    kept.initialize(to: [])
  }

  deinit {
    kept.deinitialize(count: 1)
    kept.deallocate()
  }

  /// The string spelled by `bytes` (UTF-8) for `field` of the gate at `position`.
  func string(_ bytes: UnsafeRawBufferPointer, _ field: Field, at position: Int) -> String {
    let slot = position &* Field.allCases.count &+ field.rawValue
    let shared: String? = kept.pointee.withUnsafeBufferPointer { slots in
      guard slot < slots.count else { return nil }
      var last = slots[slot]
      let same = last.withUTF8 { stored in
        stored.count == bytes.count
          && (stored.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, stored.count) == 0)
      }
      return same ? last : nil
    }
    if let shared { return shared }
    let fresh = String(decoding: bytes, as: UTF8.self)
    if slot >= kept.pointee.count {
      kept.pointee.append(contentsOf: repeatElement("", count: slot + 1 - kept.pointee.count))
    }
    kept.pointee[slot] = fresh
    return fresh
  }
}

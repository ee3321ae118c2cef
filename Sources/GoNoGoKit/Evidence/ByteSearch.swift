import Foundation

extension Data {
  /// True when `needle` occurs somewhere in these bytes: libc's `memchr` finds each candidate
  /// first byte at memory speed and `memcmp` checks the rest, where `range(of:)` walks a big
  /// file byte by byte through generic code.
  func containsBytes(_ needle: Data) -> Bool {
    guard !needle.isEmpty else { return true }
    return withUnsafeBytes { haystack in
      needle.withUnsafeBytes { wanted in
        guard let base = haystack.baseAddress, let pattern = wanted.baseAddress,
          haystack.count >= wanted.count
        else { return false }
        let first = Int32(wanted[0])
        // The last place the needle can start.
        let last = base + (haystack.count - wanted.count)
        var cursor = base
        while cursor <= last {
          guard let hit = memchr(cursor, first, last - cursor + 1) else { return false }
          if memcmp(hit, pattern, wanted.count) == 0 { return true }
          cursor = UnsafeRawPointer(hit) + 1
        }
        return false
      }
    }
  }
}

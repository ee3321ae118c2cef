import Foundation

extension Data {
  /// True when `needle` occurs somewhere in these bytes.
  ///
  /// libc's `memchr` finds each place where one byte of the needle could sit, at memory speed,
  /// and `memcmp` checks the whole needle there, where `range(of:)` walks a big file byte by byte
  /// through generic code. The byte looked for is one that is rare in JSON and text — the
  /// needle's first capital letter, digit or punctuation other than a quote — so that few places
  /// need checking.
  func containsBytes(_ needle: Data) -> Bool {
    guard !needle.isEmpty else { return true }
    return withUnsafeBytes { haystack in
      needle.withUnsafeBytes { wanted in
        guard let base = haystack.baseAddress, let pattern = wanted.baseAddress,
          haystack.count >= wanted.count
        else { return false }
        let anchor = Self.rareByteIndex(wanted)
        let byte = Int32(wanted[anchor])
        // Where the anchor byte sits when the needle starts at the first and the last place it
        // can.
        var cursor = base + anchor
        let last = base + (haystack.count - wanted.count) + anchor
        while cursor <= last {
          guard let hit = memchr(cursor, byte, last - cursor + 1) else { return false }
          if memcmp(UnsafeRawPointer(hit) - anchor, pattern, wanted.count) == 0 { return true }
          cursor = UnsafeRawPointer(hit) + 1
        }
        return false
      }
    }
  }

  /// The index of the needle's first capital letter, digit or punctuation other than `"` and
  /// blanks; else of its first byte that is not a quote; else 0.
  private static func rareByteIndex(_ needle: UnsafeRawBufferPointer) -> Int {
    let rare = needle.firstIndex { byte in
      (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || [UInt8(ascii: "@"), UInt8(ascii: ":"), UInt8(ascii: "#"), UInt8(ascii: "$")]
          .contains(byte)
    }
    return rare ?? needle.firstIndex { $0 != UInt8(ascii: "\"") } ?? 0
  }
}

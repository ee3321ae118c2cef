import Foundation

/// Applies git's binary delta format (used by OFS_DELTA and REF_DELTA pack entries).
enum GitDelta {
  /// Rebuilds an object from its `base` and a `delta`, checking every copy against the bounds.
  static func apply(_ delta: [UInt8], to base: [UInt8]) throws -> [UInt8] {
    var index = 0
    let sourceSize = try readSize(delta, &index)
    let targetSize = try readSize(delta, &index)
    guard sourceSize == base.count else {
      throw GitReadError.corrupt("a delta does not match the size of its base object")
    }
    guard targetSize <= GitLimits.maxObjectSize else {
      throw GitReadError.tooLarge("a delta-compressed object")
    }
    var output: [UInt8] = []
    output.reserveCapacity(targetSize)
    while index < delta.count {
      let command = delta[index]
      index += 1
      if command & 0x80 != 0 {
        var offset = 0
        var size = 0
        for bit in 0..<4 where command & (1 << bit) != 0 {
          guard index < delta.count else { throw truncated }
          offset |= Int(delta[index]) << (8 * bit)
          index += 1
        }
        for bit in 0..<3 where command & (0x10 << bit) != 0 {
          guard index < delta.count else { throw truncated }
          size |= Int(delta[index]) << (8 * bit)
          index += 1
        }
        if size == 0 { size = 0x10000 }
        guard offset <= base.count, size <= base.count - offset,
          size <= targetSize - output.count
        else {
          throw GitReadError.corrupt("a delta copies outside its base object")
        }
        output.append(contentsOf: base[offset..<(offset + size)])
      } else if command != 0 {
        let size = Int(command)
        guard size <= delta.count - index, size <= targetSize - output.count else {
          throw truncated
        }
        output.append(contentsOf: delta[index..<(index + size)])
        index += size
      } else {
        throw GitReadError.corrupt("a delta contains a reserved instruction")
      }
    }
    guard output.count == targetSize else {
      throw GitReadError.corrupt("a delta result does not match its declared size")
    }
    return output
  }

  private static var truncated: GitReadError {
    GitReadError.corrupt("a delta is truncated")
  }

  /// Reads a little-endian base-128 size, refusing values beyond the object size limit.
  private static func readSize(_ delta: [UInt8], _ index: inout Int) throws -> Int {
    var value = 0
    var shift = 0
    while true {
      guard index < delta.count else { throw truncated }
      let byte = delta[index]
      index += 1
      guard shift <= 28 else { throw GitReadError.tooLarge("a delta-compressed object") }
      value |= Int(byte & 0x7f) << shift
      shift += 7
      if byte & 0x80 == 0 { break }
    }
    guard value <= GitLimits.maxObjectSize else {
      throw GitReadError.tooLarge("a delta-compressed object")
    }
    return value
  }
}

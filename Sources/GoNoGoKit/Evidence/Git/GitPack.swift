import Foundation

/// One packfile and its `.idx` (version 1 or 2), memory-mapped and read with bounds checks.
final class GitPack: Sendable {
  /// An entry as stored in the pack: a whole object or a delta against some base.
  enum Entry {
    case whole(GitObject)
    case offsetDelta(baseOffset: Int, delta: [UInt8])
    case referenceDelta(base: GitObjectID, delta: [UInt8])
  }

  let name: String
  private let index: Data
  private let pack: Data
  private let hashLength: Int
  private let objectCount: Int
  private let indexVersion: Int

  /// Maps and validates the headers of `indexURL` and `packURL`.
  init(indexURL: URL, packURL: URL, hashLength: Int) throws {
    name = packURL.lastPathComponent
    self.hashLength = hashLength
    do {
      index = try Data(contentsOf: indexURL, options: .alwaysMapped)
      pack = try Data(contentsOf: packURL, options: .alwaysMapped)
    } catch {
      throw GitReadError.corrupt("pack \(packURL.lastPathComponent) cannot be opened")
    }
    let packHeader = try GitPack.readPackHeader(pack, hashLength: hashLength)
    let indexHeader = try GitPack.readIndexHeader(index, hashLength: hashLength)
    guard packHeader == indexHeader.count else {
      throw GitReadError.corrupt("pack \(name) does not match its index")
    }
    objectCount = indexHeader.count
    indexVersion = indexHeader.version
  }

  /// The offset of `id` in the pack, or nil when this pack does not hold it.
  func offset(of id: GitObjectID) -> Int? {
    guard id.bytes.count == hashLength, let first = id.bytes.first else { return nil }
    return index.withUnsafeBytes { raw -> Int? in
      let fanoutStart = indexVersion == 2 ? 8 : 0
      let bucket = Int(first)
      let low = bucket == 0 ? 0 : Int(GitPack.uint32(raw, fanoutStart + 4 * (bucket - 1)) ?? 0)
      let high = Int(GitPack.uint32(raw, fanoutStart + 4 * bucket) ?? 0)
      guard low <= high, high <= objectCount else { return nil }
      var lower = low
      var upper = high
      while lower < upper {
        let middle = lower + (upper - lower) / 2
        let start = nameOffset(middle)
        guard start >= 0, start + hashLength <= raw.count else { return nil }
        let order = GitPack.compare(raw, start, id.bytes)
        if order == 0 { return entryOffset(middle, raw) }
        if order < 0 { lower = middle + 1 } else { upper = middle }
      }
      return nil
    }
  }

  /// Reads the entry at `offset`, inflating its data but not resolving deltas.
  func entry(at offset: Int) throws -> Entry {
    try pack.withUnsafeBytes { raw -> Entry in
      let end = raw.count - hashLength
      guard offset >= 12, offset < end else {
        throw GitReadError.corrupt("pack \(name) refers to an offset outside the file")
      }
      var cursor = offset
      guard let first = GitPack.byte(raw, cursor, end) else { throw truncated }
      cursor += 1
      let typeCode = Int(first >> 4) & 7
      var size = Int(first & 0x0f)
      var shift = 4
      var byte = first
      while byte & 0x80 != 0 {
        guard let next = GitPack.byte(raw, cursor, end) else { throw truncated }
        guard shift <= 32 else { throw GitReadError.tooLarge("a packed object") }
        byte = next
        cursor += 1
        size |= Int(byte & 0x7f) << shift
        shift += 7
      }
      guard size <= GitLimits.maxObjectSize else { throw GitReadError.tooLarge("a packed object") }
      switch typeCode {
      case 6:
        guard var next = GitPack.byte(raw, cursor, end) else { throw truncated }
        cursor += 1
        var distance = Int(next & 0x7f)
        while next & 0x80 != 0 {
          guard let following = GitPack.byte(raw, cursor, end), distance < offset else {
            throw truncated
          }
          next = following
          cursor += 1
          distance = ((distance + 1) << 7) | Int(next & 0x7f)
        }
        guard distance > 0, distance < offset else {
          throw GitReadError.corrupt("pack \(name) has a delta whose base is out of range")
        }
        let delta = try inflate(raw, from: cursor, end: end, size: size)
        return .offsetDelta(baseOffset: offset - distance, delta: delta)
      case 7:
        guard cursor + hashLength <= end, let base = raw.baseAddress else { throw truncated }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: base + cursor, count: hashLength))
        cursor += hashLength
        let delta = try inflate(raw, from: cursor, end: end, size: size)
        return .referenceDelta(base: GitObjectID(bytes: bytes), delta: delta)
      default:
        guard let type = GitObjectType(packCode: typeCode) else {
          throw GitReadError.corrupt("pack \(name) has an entry of unknown type \(typeCode)")
        }
        let content = try inflate(raw, from: cursor, end: end, size: size)
        return .whole(GitObject(type: type, content: content))
      }
    }
  }

  private var truncated: GitReadError {
    GitReadError.corrupt("pack \(name) has a truncated entry")
  }

  private func inflate(_ raw: UnsafeRawBufferPointer, from start: Int, end: Int, size: Int) throws
    -> [UInt8]
  {
    guard start < end, let base = raw.baseAddress else { throw truncated }
    return try Inflate.inflate(
      UnsafeRawBufferPointer(start: base + start, count: end - start), expectedSize: size)
  }

  // MARK: - Index layout

  /// Where the name of entry `position` starts in the index.
  private func nameOffset(_ position: Int) -> Int {
    indexVersion == 2
      ? 8 + 1024 + position * hashLength
      : 1024 + position * (4 + hashLength) + 4
  }

  private func entryOffset(_ position: Int, _ raw: UnsafeRawBufferPointer) -> Int? {
    if indexVersion == 1 {
      return GitPack.uint32(raw, 1024 + position * (4 + hashLength)).map { Int($0) }
    }
    let offsetsStart = 8 + 1024 + objectCount * (hashLength + 4)
    guard let small = GitPack.uint32(raw, offsetsStart + 4 * position) else { return nil }
    guard small & 0x8000_0000 != 0 else { return Int(small) }
    let largeStart = offsetsStart + 4 * objectCount
    let slot = largeStart + 8 * Int(small & 0x7fff_ffff)
    guard slot + 8 <= raw.count - 2 * hashLength,
      let high = GitPack.uint32(raw, slot), let low = GitPack.uint32(raw, slot + 4),
      high < 0x8000
    else { return nil }
    return Int(high) << 32 | Int(low)
  }

  private static func readPackHeader(_ pack: Data, hashLength: Int) throws -> Int {
    try pack.withUnsafeBytes { raw -> Int in
      guard raw.count >= 12 + hashLength, raw.starts(with: Array("PACK".utf8)),
        let version = uint32(raw, 4), version == 2 || version == 3,
        let count = uint32(raw, 8)
      else {
        throw GitReadError.corrupt("a packfile has an invalid header")
      }
      return Int(count)
    }
  }

  private static func readIndexHeader(_ index: Data, hashLength: Int) throws
    -> (version: Int, count: Int)
  {
    try index.withUnsafeBytes { raw -> (version: Int, count: Int) in
      let invalid = GitReadError.corrupt("a pack index is invalid")
      let version: Int
      if raw.starts(with: [0xff, 0x74, 0x4f, 0x63]) {
        guard uint32(raw, 4) == 2 else {
          throw GitReadError.unsupported("this pack index version")
        }
        version = 2
      } else {
        guard hashLength == 20 else { throw invalid }
        version = 1
      }
      let fanoutStart = version == 2 ? 8 : 0
      var previous: UInt32 = 0
      for bucket in 0..<256 {
        guard let value = uint32(raw, fanoutStart + 4 * bucket), value >= previous else {
          throw invalid
        }
        previous = value
      }
      let count = Int(previous)
      let minimumSize =
        version == 2
        ? 8 + 1024 + count * (hashLength + 8) + 2 * hashLength
        : 1024 + count * (hashLength + 4) + 2 * hashLength
      guard raw.count >= minimumSize else { throw invalid }
      return (version, count)
    }
  }

  // MARK: - Bounds-checked primitives

  private static func byte(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ end: Int) -> UInt8? {
    offset >= 0 && offset < end && offset < raw.count ? raw[offset] : nil
  }

  private static func uint32(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt32? {
    guard offset >= 0, offset <= raw.count - 4 else { return nil }
    return raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian
  }

  /// Compares the hash stored at `offset` with `bytes`: negative, zero or positive.
  private static func compare(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ bytes: [UInt8])
    -> Int
  {
    for (position, byte) in bytes.enumerated() {
      let stored = raw[offset + position]
      if stored != byte { return stored < byte ? -1 : 1 }
    }
    return 0
  }
}

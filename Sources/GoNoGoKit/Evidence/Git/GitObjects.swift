import Foundation

/// A git object name: 20 raw bytes for SHA-1 repositories, 32 for SHA-256 ones.
struct GitObjectID: Hashable, Sendable, CustomStringConvertible {
  /// The raw hash bytes.
  let bytes: [UInt8]

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Parses a 40- or 64-digit hexadecimal object name; nil for anything else.
  init?(hex: some StringProtocol) {
    self.init(hexBytes: Array(hex.utf8))
  }

  /// Parses hexadecimal digits given as ASCII bytes.
  init?(hexBytes: some Collection<UInt8>) {
    guard hexBytes.count == 40 || hexBytes.count == 64 else { return nil }
    var result: [UInt8] = []
    result.reserveCapacity(hexBytes.count / 2)
    var high: UInt8?
    for byte in hexBytes {
      guard let nibble = GitObjectID.nibble(byte) else { return nil }
      if let pending = high {
        result.append(pending << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    bytes = result
  }

  /// Lowercase hexadecimal form.
  var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  var description: String { hex }

  private static func nibble(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}

/// The four kinds of stored git object.
enum GitObjectType: Sendable, Equatable {
  case commit, tree, blob, tag

  /// The type code used in pack entry headers.
  init?(packCode: Int) {
    switch packCode {
    case 1: self = .commit
    case 2: self = .tree
    case 3: self = .blob
    case 4: self = .tag
    default: return nil
    }
  }

  /// The type name used in loose object headers.
  init?(name: some Collection<UInt8>) {
    switch String(decoding: name, as: UTF8.self) {
    case "commit": self = .commit
    case "tree": self = .tree
    case "blob": self = .blob
    case "tag": self = .tag
    default: return nil
    }
  }
}

/// A decompressed, fully resolved object.
struct GitObject: Sendable {
  let type: GitObjectType
  let content: [UInt8]
}

/// The parts of a commit the history walk needs.
struct GitCommit: Sendable {
  let tree: GitObjectID
  let parents: [GitObjectID]
  /// Seconds since the epoch from the `committer` line; nil when absent or unparsable.
  let committerTime: Int64?

  /// Parses the header of a commit object.
  init(content: [UInt8]) throws {
    var tree: GitObjectID?
    var parents: [GitObjectID] = []
    var committerTime: Int64?
    for line in content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if line.isEmpty { break }  // End of the header; the message follows.
      guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
      let key = line[line.startIndex..<space]
      let value = line[line.index(after: space)...]
      switch String(decoding: key, as: UTF8.self) {
      case "tree" where tree == nil:
        guard let id = GitObjectID(hexBytes: value) else {
          throw GitReadError.corrupt("a commit has a malformed tree line")
        }
        tree = id
      case "parent":
        guard let id = GitObjectID(hexBytes: value) else {
          throw GitReadError.corrupt("a commit has a malformed parent line")
        }
        parents.append(id)
      case "committer" where committerTime == nil:
        committerTime = GitCommit.timestamp(ofIdentity: value)
      default:
        continue
      }
    }
    guard let tree else { throw GitReadError.corrupt("a commit has no tree") }
    self.tree = tree
    self.parents = parents
    self.committerTime = committerTime
  }

  /// Extracts the epoch seconds from `Name <email> 1700000000 +0100`.
  static func timestamp(ofIdentity identity: some Collection<UInt8>) -> Int64? {
    let bytes = Array(identity)
    guard let close = bytes.lastIndex(of: UInt8(ascii: ">")) else { return nil }
    var index = close + 1
    while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    var value: Int64 = 0
    var digits = 0
    while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9")
    {
      guard digits < 18 else { return nil }
      value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
      digits += 1
      index += 1
    }
    return digits > 0 ? value : nil
  }
}

/// One entry of a tree object, with its mode canonicalized the way git's tree walker does.
struct GitTreeEntry: Sendable, Equatable {
  let mode: UInt32
  let id: GitObjectID

  static let treeMode: UInt32 = 0o040000

  var isTree: Bool { mode == GitTreeEntry.treeMode }

  init(mode: UInt32, id: GitObjectID) {
    self.mode = GitTreeEntry.canonical(mode)
    self.id = id
  }

  /// Mirrors git's `canon_mode`: regular files keep only the executable bit.
  static func canonical(_ mode: UInt32) -> UInt32 {
    switch mode & 0o170000 {
    case 0o100000: return mode & 0o100 != 0 ? 0o100755 : 0o100644
    case 0o120000: return 0o120000
    case 0o040000: return 0o040000
    default: return 0o160000
    }
  }
}

/// Reading entries out of raw tree object content.
enum GitTree {
  /// Finds the entry called `name` in a tree, or nil when there is none.
  static func entry(named name: [UInt8], in content: [UInt8], hashLength: Int) throws
    -> GitTreeEntry?
  {
    var found: GitTreeEntry?
    try forEachEntry(in: content, hashLength: hashLength) { entryName, mode, id in
      guard entryName.elementsEqual(name) else { return true }
      found = GitTreeEntry(mode: mode, id: GitObjectID(bytes: Array(id)))
      return false
    }
    return found
  }

  /// Calls `body` with each entry's name, raw mode and object id bytes, in tree order, until it
  /// returns false. Nothing is copied for the entries `body` passes over.
  static func forEachEntry(
    in content: [UInt8], hashLength: Int,
    _ body: (_ name: ArraySlice<UInt8>, _ mode: UInt32, _ id: ArraySlice<UInt8>) throws -> Bool
  ) throws {
    var index = 0
    let count = content.count
    while index < count {
      var mode: UInt32 = 0
      var modeDigits = 0
      while index < count, content[index] != UInt8(ascii: " ") {
        let digit = content[index]
        guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7"), modeDigits < 7 else {
          throw GitReadError.corrupt("a tree entry has a malformed mode")
        }
        mode = mode << 3 | UInt32(digit - UInt8(ascii: "0"))
        modeDigits += 1
        index += 1
      }
      guard modeDigits > 0, index < count else {
        throw GitReadError.corrupt("a tree entry is truncated")
      }
      index += 1
      let nameStart = index
      while index < count, content[index] != 0 { index += 1 }
      guard index < count, index > nameStart else {
        throw GitReadError.corrupt("a tree entry has a malformed name")
      }
      let nameEnd = index
      index += 1
      guard count - index >= hashLength else {
        throw GitReadError.corrupt("a tree entry is truncated")
      }
      let idRange = index..<(index + hashLength)
      index += hashLength
      guard try body(content[nameStart..<nameEnd], mode, content[idRange]) else { return }
    }
  }
}

/// Reading the target of an annotated tag.
enum GitTag {
  /// The object a tag points at (its `object` header line).
  static func target(ofTagContent content: [UInt8]) throws -> GitObjectID {
    for line in content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if line.isEmpty { break }
      let prefix = Array("object ".utf8)
      if line.starts(with: prefix), let id = GitObjectID(hexBytes: line.dropFirst(prefix.count)) {
        return id
      }
    }
    throw GitReadError.corrupt("an annotated tag has no target object")
  }
}

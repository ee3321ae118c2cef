import Crypto
import Foundation

/// One file a run read, named as the run named it, with its SHA-256 and size: what lets a later
/// run (or `gonogo diff`) tell whether the evidence behind a verdict changed.
public struct FileDigest: Sendable, Equatable, Hashable {
  /// The path as the run named it: the evidence root as given (or the definition's directory),
  /// joined with the file's path inside it; definition files as they were given.
  public var path: String
  /// Lowercase hex SHA-256 of the file's bytes; nil when the file could not be read again.
  public var sha256: String?
  /// Size in bytes; nil when the file could not be read again.
  public var size: Int?

  /// Creates a digest record.
  public init(path: String, sha256: String?, size: Int?) {
    self.path = path
    self.sha256 = sha256
    self.size = size
  }

  /// Reads the file at `url` in 1 MiB pieces and digests it; never holds the whole file.
  public static func compute(path: String, url: URL) -> FileDigest {
    guard let handle = try? FileHandle(forReadingFrom: url) else {
      return FileDigest(path: path, sha256: nil, size: nil)
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    var size = 0
    do {
      // `read(upToCount:)` answers nil or empty data at the end of the file; a failure throws.
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        size += chunk.count
        hasher.update(data: chunk)
      }
    } catch {
      return FileDigest(path: path, sha256: nil, size: nil)
    }
    return FileDigest(path: path, sha256: hex(hasher.finalize()), size: size)
  }

  /// The digest of bytes in memory (the JSON report of the same run, a test's fixture).
  public static func sha256(of bytes: some DataProtocol) -> String {
    hex(SHA256.hash(data: bytes))
  }

  private static func hex(_ digest: SHA256.Digest) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// A file a run used, before it is digested: digests are computed only for the outputs that
/// carry them, so a run that prints text does not read its evidence twice.
public struct InputFile: Sendable, Equatable, Hashable {
  /// The path as the run named it (see `FileDigest.path`).
  public var path: String
  /// Where it is on disk.
  public var url: URL

  /// Creates an input record.
  public init(path: String, url: URL) {
    self.path = path
    self.url = url
  }

  /// Digests of `files`, sorted by path, one per path, computed on every core.
  public static func digests(_ files: [InputFile]) -> [FileDigest] {
    var seen = Set<String>()
    let unique = files.sorted { $0.path < $1.path }.filter { seen.insert($0.path).inserted }
    return Parallel.map(unique, chunk: 8) { FileDigest.compute(path: $0.path, url: $0.url) }
  }
}

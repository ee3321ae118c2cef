import Foundation

/// Reads a whole file into memory with plain system calls (one `open`, `fstat`, `read`s, `close`),
/// refusing files larger than a limit: what evidence and definition files are read with.
enum FileBytes {
  /// Why a file could not be read.
  enum Failure: Error, Equatable {
    /// It cannot be opened (missing, unreadable).
    case cannotOpen
    /// It is larger than the limit; its size in bytes.
    case tooLarge(Int)
    /// Reading failed part way (a directory, an I/O error); `errno`'s description.
    case cannotRead(String)
    /// Its size changed while it was read.
    case changed
  }

  /// The whole file at `path`, at most `maxBytes` long.
  static func read(_ path: String, maxBytes: Int) -> Result<Data, Failure> {
    // Without blocking: opening a pipe would otherwise wait for a writer.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return .failure(.cannotOpen) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(.cannotRead(reason())) }
    // A directory, a device or a pipe has no size to bound the read by.
    guard (status.st_mode & S_IFMT) == S_IFREG else {
      return .failure(.cannotRead("it is not a regular file"))
    }
    let size = Int(status.st_size)
    if size > maxBytes { return .failure(.tooLarge(size)) }
    // One byte more than the size: a file that grows while it is read is noticed, not cut short.
    var data = Data(count: size + 1)
    var total = 0
    var failure: String?
    data.withUnsafeMutableBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      while total < buffer.count {
        let asked = buffer.count - total
        let count = Foundation.read(descriptor, base + total, asked)
        if count < 0 {
          if errno == EINTR { continue }
          failure = reason()
          return
        }
        if count == 0 { break }
        total += count
        // Asked for more and given exactly the size: that was the end, no need to ask again.
        if count < asked && total == size { break }
      }
    }
    if let failure { return .failure(.cannotRead(failure)) }
    if total != size { return .failure(.changed) }
    data.count = total
    return .success(data)
  }

  private static func reason() -> String { String(cString: strerror(errno)) }
}

/// What a path names, symbolic links followed, found with one `stat`.
enum PathKind {
  case file, directory, other

  /// The kind of `path`; nil when nothing is there (or it cannot be looked up).
  static func of(_ path: String) -> PathKind? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    default: return .other
    }
  }
}

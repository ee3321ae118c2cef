internal import CZlib
import Foundation

/// zlib decompression with hard output bounds, for loose objects and pack entries.
enum Inflate {
  /// Inflates the zlib stream at the start of `input`, which must decompress to exactly
  /// `expectedSize` bytes. Bytes after the end of the stream are ignored.
  static func inflate(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws -> [UInt8] {
    guard expectedSize >= 0, expectedSize <= GitLimits.maxObjectSize else {
      throw GitReadError.tooLarge("an object")
    }
    let stream = try Stream(input: input)
    // One spare byte so that a stream longer than declared is detected rather than truncated.
    var output = [UInt8](repeating: 0, count: expectedSize + 1)
    let result = output.withUnsafeMutableBytes { stream.inflate(into: $0, flush: Z_FINISH) }
    guard result.status == Z_STREAM_END, result.produced == expectedSize else {
      throw GitReadError.corrupt("a compressed object does not match its declared size")
    }
    output.removeLast()
    return output
  }

  /// Inflates a complete zlib stream of unknown decompressed size, refusing to produce more
  /// than `limit` bytes.
  static func inflate(_ input: UnsafeRawBufferPointer, limit: Int) throws -> [UInt8] {
    let stream = try Stream(input: input)
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let result = chunk.withUnsafeMutableBytes { stream.inflate(into: $0, flush: Z_NO_FLUSH) }
      output.append(contentsOf: chunk.prefix(result.produced))
      guard output.count <= limit else { throw GitReadError.tooLarge("an object") }
      if result.status == Z_STREAM_END { return output }
      guard result.status == Z_OK else {
        throw GitReadError.corrupt("a compressed object is damaged or truncated")
      }
    }
  }

  /// A heap-allocated `z_stream`: zlib keeps a back pointer to it, so it must not move.
  private final class Stream {
    private let pointer: UnsafeMutablePointer<z_stream>

    init(input: UnsafeRawBufferPointer) throws {
      guard let base = input.baseAddress, !input.isEmpty else {
        throw GitReadError.corrupt("a compressed object is empty")
      }
      pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      pointer.initialize(to: z_stream())
      pointer.pointee.next_in = UnsafeMutablePointer(
        mutating: base.assumingMemoryBound(to: Bytef.self))
      pointer.pointee.avail_in = uInt(clamping: input.count)
      let status = inflateInit_(pointer, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
      guard status == Z_OK else {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
        throw GitReadError.corrupt("zlib could not be initialized")
      }
    }

    /// Runs one `inflate` call into `buffer`; returns the zlib status and bytes produced.
    func inflate(into buffer: UnsafeMutableRawBufferPointer, flush: Int32)
      -> (status: Int32, produced: Int)
    {
      guard let base = buffer.baseAddress else { return (Z_BUF_ERROR, 0) }
      pointer.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
      let available = uInt(clamping: buffer.count)
      pointer.pointee.avail_out = available
      let status = CZlib.inflate(pointer, flush)
      let produced = Int(available - pointer.pointee.avail_out)
      return (status, produced)
    }

    deinit {
      inflateEnd(pointer)
      pointer.deinitialize(count: 1)
      pointer.deallocate()
    }
  }
}

import Foundation
import GoNoGoKit

/// Any text through the cmark-gfm reader: positions, placeholders, anchors, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
  _ = MarkdownReader.parse(text)
  return 0
}

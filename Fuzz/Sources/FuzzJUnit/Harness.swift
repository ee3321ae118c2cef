import Foundation
import GoNoGoKit

/// Any bytes as a JUnit file through the streaming libxml2 reader (it reads from disk, so each
/// input is written to a scratch file first).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gonogo-fuzz-junit-\(getpid()).xml")
  guard (try? Data(bytes: start, count: count).write(to: url)) != nil else { return 0 }
  let file = EvidenceFile(path: "junit.xml", url: url)
  _ = JUnitReader.read(EvidenceSource(file: file, maxBytes: 1 << 20))
  _ = CoverageReader.read(EvidenceSource(file: file, maxBytes: 1 << 20))
  return 0
}

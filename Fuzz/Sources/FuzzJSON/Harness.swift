import Foundation
import GoNoGoKit

/// Any bytes as JSON evidence: a value or an error located inside the input, never a trap.
///
/// The bytes go through the jansson parser directly and through the readers that use it (written
/// to a scratch `.json` file first, as the evidence cache reads from disk).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  if case .failure(let error) = JSONText.parse(data, file: "fuzz.json") {
    let lines = data.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    if let line = error.line, line < 1 || line > lines { fatalError("line \(line) of \(lines)") }
    if let column = error.column, column < 1 || column > count + 1 {
      fatalError("column \(column) of \(count) bytes")
    }
  }
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gonogo-fuzz-json-\(getpid()).json")
  guard (try? data.write(to: url)) != nil else { return 0 }
  let source = EvidenceSource(file: EvidenceFile(path: "fuzz.json", url: url), maxBytes: 1 << 20)
  _ = StructuredDataReader.read(source)
  _ = GrafanaReader.read(source)
  _ = GoNoGoReportReader.read(source)
  _ = WellFormednessReader.read(source)
  return 0
}

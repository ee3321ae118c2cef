import Foundation
import GoNoGoKit
import LocatedYAML

/// Any bytes as a readiness checklist: a checklist or diagnostics, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard let node = try? Loader(limits: Limits(maxFileSize: 1 << 20)).load(data, file: "fuzz.yaml")
  else { return 0 }
  let sink = DiagnosticSink()
  _ = ChecklistDecoder.decode(
    node, file: "fuzz.yaml", packs: PackResolver(baseDirectory: "/nonexistent"), sink: sink)
  return 0
}

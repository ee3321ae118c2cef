import Foundation
import GoNoGoKit
import LocatedYAML

/// Any bytes as a rollout plan: decoded plans are also forecast, which must terminate.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard let node = try? Loader(limits: Limits(maxFileSize: 1 << 20)).load(data, file: "rollout.yaml")
  else { return 0 }
  let sink = DiagnosticSink()
  if let plan = RolloutDecoder.decode(node, file: "rollout.yaml", sink: sink) {
    _ = Schedule.forecast(plan)
  }
  return 0
}

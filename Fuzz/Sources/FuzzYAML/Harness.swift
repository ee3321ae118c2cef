import Foundation
import LocatedYAML

/// Any bytes through the strict YAML loader: it must return a tree or a YAMLError, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  _ = try? Loader(limits: Limits(maxFileSize: 1 << 20, maxDepth: 64, maxNodes: 100_000))
    .loadAll(data, file: "fuzz.yaml")
  return 0
}

import Foundation

@testable import LocatedYAML

/// Any bytes through the strict YAML loader: it must return a tree or a YAMLError, never trap;
/// and parsing on a second thread (as big files are) must give exactly the same tree or error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  var direct = Loader(limits: Limits(maxFileSize: 1 << 20, maxDepth: 64, maxNodes: 100_000))
  direct.pipelined = false
  var pipelined = direct
  pipelined.pipelined = true
  let expected = Result { () throws(YAMLError) -> [Node] in
    try direct.loadAll(data, file: "fuzz.yaml")
  }
  let actual = Result { () throws(YAMLError) -> [Node] in
    try pipelined.loadAll(data, file: "fuzz.yaml")
  }
  // Compared as text: a tree holding .nan is not equal to itself.
  if "\(actual)" != "\(expected)" {
    fatalError("the pipelined loader disagrees with the direct one")
  }
  return 0
}

import Foundation
import GoNoGoKit

/// Any text as a query assertion, evaluated on a small document when it parses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
  guard let assertion = try? QueryParser.parse(text) else { return 0 }
  let document = #"{"results": [{"suite": "api", "failures": [], "n": 3}, {"suite": "web", "ok": true}], "version": "2.4.0"}"#
  if case .success(let root) = StructuredDataReader.parseJSON(document, file: "fuzz.json") {
    _ = try? QueryEvaluator(root: root).evaluate(assertion)
  }
  return 0
}

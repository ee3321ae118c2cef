import Foundation
import GoNoGoKit

/// Any bytes as an SBOM, through every variant's reader.
///
/// The reader tells the variant from the content, so one input reaches the CycloneDX XML stream,
/// the JSON readers (CycloneDX, SPDX 2, SPDX 3.0) or the SPDX tag-value reader. The first byte is swapped in four ways so that each input also reaches every path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gonogo-fuzz-sbom-\(getpid()).sbom")
  let input = Data(bytes: start, count: count)
  let file = EvidenceFile(path: "sbom.json", url: url)
  for lead in [nil, "<", "{", "S"] as [String?] {
    var bytes = input
    if let lead, !bytes.isEmpty { bytes.replaceSubrange(0..<1, with: Data(lead.utf8)) }
    guard (try? bytes.write(to: url)) != nil else { return 0 }
    _ = SBOMReader.read(EvidenceSource(file: file, maxBytes: 1 << 20))
  }
  return 0
}

import Foundation
import GoNoGoKit
import LocatedYAML

/// A vulnerabilities gate with every parameter that changes how a report is judged.
private let gate: (any Check)? = {
  let checklist = """
    version: 1
    program: fuzz
    release: "1"
    gates:
      - id: security.scan
        title: Scan
        owner: team
        severity: blocker
        check:
          kind: vulnerabilities
          file: scan.sarif
          max_severity: medium
          max_counts: {critical: 0, high: 1}
          fixable_only: true
          classes: [vulnerabilities, secrets, misconfigurations, findings]
          allow:
            - id: CVE-2024-0727
              reason: fuzzing
              approved_by: nobody
              expires: 2030-01-01
    """
  guard let node = try? Loader().load(checklist, file: "readiness.yaml") else { return nil }
  let decoded = ChecklistDecoder.decode(node, file: "readiness.yaml", sink: DiagnosticSink())
  return decoded?.gates.first?.checks.first
}()

/// Any bytes as a scan report (SARIF, Trivy or Grype, told apart by content) through the reader
/// and the vulnerabilities check: a report or an error finding, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let root = FileManager.default.temporaryDirectory
    .appendingPathComponent("gonogo-fuzz-sarif-\(getpid())")
  try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  let url = root.appendingPathComponent("scan.sarif")
  guard (try? Data(bytes: start, count: count).write(to: url)) != nil else { return 0 }
  let file = EvidenceFile(path: "scan.sarif", url: url)
  _ = VulnerabilityReportReader.read(EvidenceSource(file: file, maxBytes: 1 << 20))
  guard let gate else { fatalError("the harness's vulnerabilities gate does not decode") }
  let cache = EvidenceCache(root: EvidenceRoot(root), maxBytes: 1 << 20)
  _ = gate.evaluate(EvaluationContext(cache: cache, now: Date(timeIntervalSince1970: 1.8e9)))
  return 0
}

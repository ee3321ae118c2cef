import Foundation

/// `revision` for the `report` kind: the report's own decision record must name the release
/// commit and hold the report's digest.
enum ReportRecordBinding {
  static func judge(_ files: [EvidenceFile], binding: EvidenceBinding, context: EvaluationContext)
    -> [Finding]
  {
    guard let written = binding.record else {
      if binding.revision?.value == true {
        return [
          .error(
            "revision: true on a report check needs 'record:', the decision record written "
              + "with the report (gonogo check --output attestation=PATH)")
        ]
      }
      return []
    }
    let here = EvidenceLocation(file: written.value)
    let record: DecisionRecord
    switch context.cache.file(written.value).flatMap({
      EvidenceSource(file: $0, maxBytes: context.cache.maxBytes).data()
    }) {
    case .failure(let error):
      return [.error(error.message, evidence: here)]
    case .success(let data):
      switch DecisionRecord.read(data, file: written.value) {
      case .failure(let error): return [.error(error.message, evidence: here)]
      case .success(let value): record = value
      }
    }
    var findings: [Finding] = []
    for file in files {
      guard
        case .success(let data) = EvidenceSource(file: file, maxBytes: context.cache.maxBytes)
          .data()
      else { continue }  // the check itself reports an unreadable report
      let digest = RecordHash.sha256(data)
      if digest != record.decision.reportSHA256 {
        findings.append(
          .fail(
            "\(written.value) records report sha256 \(record.decision.reportSHA256.prefix(12)), "
              + "but \(file.path) has sha256 \(digest.prefix(12)): the record is not this "
              + "report's; write both in one run", evidence: here))
      }
    }
    let described = DescribedRelease(
      format: "gonogo",
      commits: record.decision.gitCommit.map { [.init(name: "subject gitCommit", value: $0)] }
        ?? [],
      digests: [])
    guard let file = try? context.cache.file(written.value).get() else { return findings }
    findings += RevisionBinding.judge(
      described, file: file, noun: "the report's record", explicit: binding.revision?.value == true,
      context: context)
    return findings
  }
}

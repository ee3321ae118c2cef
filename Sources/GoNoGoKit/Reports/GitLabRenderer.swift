import Crypto
import Foundation
import LocatedYAML

/// A GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array of issues in the
/// subset of the Code Climate format GitLab reads — `description`, `check_name`, `fingerprint`,
/// `severity` and `location.path` with `location.lines.begin`.
///
/// Each failing or erroring gate is one issue, at the evidence line when a finding has one, else
/// at the gate's definition; its severity is the gate's (`blocker`, `major`, `minor`). A waived
/// gate is an `info` issue, so the merge request still shows what the release accepted. Passing
/// and disabled gates are not issues. The fingerprint is the SHA-256 of the gate's identity —
/// workstream, definition file, gate id and whether it fails or is waived — never of a message
/// or a line number, so an unchanged problem keeps its fingerprint from run to run and GitLab
/// does not report it as fixed and new again.
public enum GitLabRenderer {
  /// Code Quality severities, as GitLab names them.
  enum IssueSeverity: String {
    case info, minor, major, critical, blocker
  }

  /// Renders the report as a Code Quality JSON array (`[]` when nothing is open).
  public static func render(_ report: Report) -> String {
    var issues: [JSONValue] = []
    for gate in report.gates {
      if gate.isFailing {
        issues.append(issue(gate, state: "failing", severity: severity(gate.severity)))
      } else if gate.status == .waived {
        issues.append(issue(gate, state: "waived", severity: .info))
      } else if gate.status == .advisory, let wouldBe = gate.wouldBe, wouldBe != .pass {
        // Not counted in the verdict yet: shown, at the lowest severity, so teams see it coming.
        issues.append(issue(gate, state: "advisory", severity: .info))
      }
    }
    return JSONValue.array(issues).serialized() + "\n"
  }

  private static func issue(_ gate: GateResult, state: String, severity: IssueSeverity)
    -> JSONValue
  {
    let problems = gate.problems
    let anchor = gate.anchor
    var path = anchor.file
    var line = anchor.line
    if let evidence = problems.first(where: { $0.evidence?.line != nil })?.evidence,
      let evidenceLine = evidence.line
    {
      path = gate.workingPath(ofEvidence: evidence.file)
      line = evidenceLine
    }
    let object: [String: JSONValue] = [
      "type": "issue",
      "check_name": .string("gonogo/" + gate.id),
      "description": .string(description(gate, state: state)),
      "categories": ["Bug Risk"],
      "severity": .string(severity.rawValue),
      "fingerprint": .string(fingerprint(gate, state: state)),
      "location": ["path": .string(relative(path)), "lines": ["begin": .int(max(line, 1))]],
    ]
    return .object(object)
  }

  /// One line GitLab shows in the merge request: the gate, what happened and what to do.
  private static func description(_ gate: GateResult, state: String) -> String {
    var text: String
    switch (state, gate.status) {
    case ("waived", _): text = "Gate \(gate.id) is waived: \(gate.title)."
    case ("advisory", _):
      text =
        "Advisory gate \(gate.id) would \(gate.wouldBe == .error ? "error" : "fail") once "
        + "enforced on \(gate.advisoryUntil ?? "its advisory_until day"): \(gate.title)."
    case (_, .error):
      text =
        "\(gate.severity.rawValue.capitalized) gate \(gate.id) could not be evaluated: "
        + "\(gate.title)."
    default:
      text = "\(gate.severity.rawValue.capitalized) gate \(gate.id) failed: \(gate.title)."
    }
    let problems = gate.problems.map(\.located)
    if !problems.isEmpty { text += " " + problems.joined(separator: "; ") }
    if !text.hasSuffix(".") { text += "." }
    text += " Owner: \(gate.owner)."
    if state != "waived", let remediation = gate.remediation { text += " Fix: \(remediation)" }
    return text
  }

  /// SHA-256, in hex, of what identifies the problem and nothing that changes from run to run.
  static func fingerprint(_ gate: GateResult, state: String) -> String {
    let identity = [
      "gonogo", gate.workstream ?? "", gate.location.file, gate.id, state,
    ].joined(separator: "\u{0}")
    return SHA256.hash(data: Data(identity.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// GitLab reads paths relative to the repository root: a leading `./` is dropped.
  private static func relative(_ path: String) -> String {
    var path = path
    while path.hasPrefix("./") { path.removeFirst(2) }
    return path
  }

  private static func severity(_ severity: Severity) -> IssueSeverity {
    switch severity {
    case .blocker: .blocker
    case .major: .major
    case .minor: .minor
    }
  }
}

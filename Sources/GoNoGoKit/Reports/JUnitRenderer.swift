import Foundation

/// JUnit XML for CI test tabs: one `<testsuite>` per readiness area, one `<testcase>` per gate
/// (`classname` = the area, `name` = `id: title`).
///
/// A failing gate is a `<failure>`, a gate that could not be evaluated an `<error>`, a disabled
/// gate `<skipped>`. A waived gate counts as passed — the release accepted it — and carries a
/// `<system-out>` note with the waiver and what the gate found, so the tab never hides it. An
/// advisory gate passes too, with a `<system-out>` note of what it would be and from when it
/// counts.
public enum JUnitRenderer {
  /// Renders the report as a JUnit XML document.
  public static func render(_ report: Report) -> String {
    let now = DateValue.iso8601(report.now)
    let counts = report.summary
    var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
    let name = "gonogo: \(report.program) \(report.release): \(report.verdict.title)"
    out.append(
      "<testsuites name=\"\(attribute(name))\" tests=\"\(report.gates.count)\" "
        + "failures=\"\(counts[.fail, default: 0])\" errors=\"\(counts[.error, default: 0])\" "
        + "skipped=\"\(counts[.disabled, default: 0])\" time=\"0\">")
    for area in report.areas {
      let className = area.gates.first?.category?.rawValue ?? "other"
      out.append(
        "  <testsuite name=\"\(attribute(className))\" tests=\"\(area.gates.count)\" "
          + "failures=\"\(area.count(.fail))\" errors=\"\(area.count(.error))\" "
          + "skipped=\"\(area.count(.disabled))\" time=\"0\" timestamp=\"\(now)\">")
      for gate in area.gates {
        testcase(gate, className: className, report: report, &out)
      }
      out.append("  </testsuite>")
    }
    out.append("</testsuites>")
    return out.joined(separator: "\n") + "\n"
  }

  private static func testcase(
    _ gate: GateResult, className: String, report: Report, _ out: inout [String]
  ) {
    let open =
      "    <testcase classname=\"\(attribute(className))\" "
      + "name=\"\(attribute(gate.id + ": " + gate.title))\" time=\"0\""
    switch gate.status {
    case .pass:
      out.append(open + "/>")
    case .fail, .error:
      let element = gate.status == .fail ? "failure" : "error"
      let first = gate.problems.first?.located ?? "the gate failed"
      out.append(open + ">")
      out.append(
        "      <\(element) message=\"\(attribute(first))\" type=\"\(gate.severity.rawValue)\">"
          + text(details(gate)) + "</\(element)>")
      out.append("    </testcase>")
    case .waived:
      let waiver = report.waivers.first { $0.waiver.gate == gate.id && $0.state == .active }
      var note = "Waived: the gate's status is \(gate.evaluated?.rawValue ?? "fail")"
      if let waiver = waiver?.waiver {
        note += ", accepted by \(waiver.approvedBy ?? "nobody")"
        if let expires = waiver.expires { note += " until \(expires.text)" }
        note += ": \(waiver.reason)"
      }
      out.append(open + ">")
      out.append("      <system-out>" + text(note + "\n" + details(gate)) + "</system-out>")
      out.append("    </testcase>")
    case .advisory:
      // Passed: an advisory gate does not count yet; the note says what it would be.
      out.append(open + ">")
      out.append(
        "      <system-out>"
          + text(AdvisoryRendering.note(gate, now: report.now) + "\n" + details(gate))
          + "</system-out>")
      out.append("    </testcase>")
    case .disabled:
      out.append(open + ">")
      out.append(
        "      <skipped message=\"\(attribute("disabled: " + (gate.disabledReason ?? "")))\"/>")
      out.append("    </testcase>")
    }
  }

  /// The failure body: every finding that is not a pass, who owns the gate, where it is defined
  /// and what to do.
  private static func details(_ gate: GateResult) -> String {
    var lines = gate.problems.map { "- " + $0.located }
    lines.append(
      "Owner: \(gate.owner) · severity: \(gate.severity.rawValue) · defined at \(gate.location)")
    if let remediation = gate.remediation { lines.append("Remediation: " + remediation) }
    if let docs = gate.docs { lines.append("Docs: " + docs) }
    return lines.joined(separator: "\n")
  }

  private static func attribute(_ value: String) -> String { Escape.xml(value, attribute: true) }

  private static func text(_ value: String) -> String { Escape.xml(value) }
}

import Foundation

/// Turns evaluated gates and waivers into a report. Pure: no I/O, time comes in as `now`.
public enum VerdictRules {
  /// The outcome of one evaluated gate before waivers: its findings and evidence.
  public struct Evaluated: Sendable {
    /// The gate.
    public var gate: Gate
    /// What its checks found.
    public var findings: [Finding]
    /// The evidence paths consulted.
    public var evidence: [String]

    /// Creates an evaluated gate.
    public init(gate: Gate, findings: [Finding], evidence: [String]) {
      self.gate = gate
      self.findings = findings
      self.evidence = evidence
    }
  }

  /// The worst status among findings; no findings at all is an error (nothing was judged).
  public static func status(of findings: [Finding]) -> Finding.Status {
    findings.map(\.status).max() ?? .error
  }

  /// Decides what a waiver does at `now`, given whether its gate is failing.
  public static func state(of waiver: Waiver, gateFailing: Bool, now: Date) -> WaiverResult.State {
    guard let expires = waiver.expires else { return .noExpiry }
    if now >= expires.end { return .expired }
    guard let approver = waiver.approvedBy, !approver.trimmingWhitespace().isEmpty else {
      return .unapproved
    }
    return gateFailing ? .active : .unused
  }

  /// Builds the report.
  ///
  /// A gate before its `advisory_until` day is `advisory` (its would-be status kept) unless
  /// `enforceAdvisory`; an advisory gate needs no waiver.
  public static func report(
    program: String, release: String, sources: [String], evaluated: [Evaluated],
    disabled: [DisabledGate], waivers: [Waiver], diagnostics: [Diagnostic], now: Date,
    enforceAdvisory: Bool = false
  ) -> Report {
    var gates: [GateResult] = []
    var waiverResults: [WaiverResult] = []
    for item in evaluated {
      let gate = item.gate
      if let off = disabled.first(where: { $0.id == gate.id }) {
        gates.append(
          GateResult(
            id: gate.id, title: gate.title, owner: gate.owner, severity: gate.severity,
            category: gate.category, status: .disabled, evaluated: nil, location: gate.location,
            evidence: [], findings: [], remediation: gate.remediation, docs: gate.docs,
            disabledReason: off.reason))
        continue
      }
      let evaluatedStatus = status(of: item.findings)
      var findings = item.findings
      if findings.isEmpty {
        findings = [.error("the gate's checks produced no findings; nothing was judged")]
      }
      var final: GateStatus =
        evaluatedStatus == .pass ? .pass : (evaluatedStatus == .fail ? .fail : .error)
      var wouldBe: GateStatus?
      let until = gate.advisoryUntil.flatMap {
        Advisory.isAdvisory(until: $0.value, now: now) ? $0.value : nil
      }
      if until != nil && !enforceAdvisory { (wouldBe, final) = (final, .advisory) }
      if let waiver = waivers.first(where: { $0.gate == gate.id }) {
        let state = state(of: waiver, gateFailing: final == .fail || final == .error, now: now)
        if state == .active { final = .waived }
        waiverResults.append(WaiverResult(waiver: waiver, state: state))
      }
      var result = GateResult(
        id: gate.id, title: gate.title, owner: gate.owner, severity: gate.severity,
        category: gate.category, status: final, evaluated: evaluatedStatus,
        location: gate.location, evidence: item.evidence, findings: findings,
        remediation: gate.remediation, docs: gate.docs, disabledReason: nil)
      result.wouldBe = wouldBe
      result.advisoryUntil = until?.text
      gates.append(result)
    }
    // Waivers of disabled gates waive nothing but are still listed.
    for waiver in waivers where !waiverResults.contains(where: { $0.waiver == waiver }) {
      var state = state(of: waiver, gateFailing: false, now: now)
      if state == .active { state = .unused }
      waiverResults.append(WaiverResult(waiver: waiver, state: state))
    }
    let verdict = verdict(gates: gates, waivers: waiverResults)
    return Report(
      verdict: verdict, now: now, program: program, release: release, sources: sources,
      gates: gates, waivers: waiverResults, diagnostics: diagnostics)
  }

  /// NO-GO if a blocker fails or errors; else CONDITIONAL GO if a major does or a waiver is in
  /// use; else GO.
  public static func verdict(gates: [GateResult], waivers: [WaiverResult]) -> Verdict {
    // By index: a gate is read in place, never copied.
    var major = false
    for index in gates.indices where gates[index].isFailing {
      switch gates[index].severity {
      case .blocker: return .noGo
      case .major: major = true
      default: break
      }
    }
    if major { return .conditionalGo }
    if waivers.contains(where: { $0.state == .active }) { return .conditionalGo }
    return .go
  }
}

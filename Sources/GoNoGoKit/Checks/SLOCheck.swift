import Foundation
import LocatedYAML

/// `slo`: the service has an SLO, with a target high enough and a window short enough.
public struct SLOCheck: Check {
  public static let description = CheckDescription(
    kind: "slo",
    summary: "OpenSLO v1 or v1alpha (or Sloth) files define an SLO for the service, every "
      + "objective at least min_target and every time window at most max_window.",
    parameters: [
      .init(
        "service", "string",
        "An SLO must exist whose spec.service is this; the other rules then apply to that "
          + "service's SLOs only."),
      .init("min_target", "percentage", "Lowest acceptable objective target (99.9%)."),
      .init(
        "max_window", "duration",
        "Longest acceptable time window (30d); OpenSLO 1M counts 30 days, 1Q 90, 1Y 365; Sloth "
          + "SLOs count Sloth's default 30d; an SLO without a timeWindow is an error."),
    ],
    examples: [
      CheckExample(
        "kind: slo\nfile: slo.yaml\nservice: checkout\nmin_target: 99.9%",
        files: ["slo.yaml": SLOCheck.exampleSLO(target: "0.999")], expected: .pass),
      CheckExample(
        "kind: slo\nfile: slo.yaml\nservice: checkout\nmin_target: 99.9%",
        files: ["slo.yaml": SLOCheck.exampleSLO(target: "0.995")], expected: .fail),
      CheckExample(
        "kind: slo\nfile: slo.yaml\nservice: search",
        files: ["slo.yaml": SLOCheck.exampleSLO(target: "0.999")], expected: .fail),
      CheckExample(
        "kind: slo\nfile: slo.yaml\nmax_window: 30d",
        files: [
          "slo.yaml": "version: prometheus/v1\nservice: checkout\nslos:\n  - name: "
            + "availability\n    objective: 99.9\n"
        ], expected: .pass),
      CheckExample(
        "kind: slo\nfile: slo.yaml",
        files: ["slo.yaml": "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\n"],
        expected: .error),
    ])

  static func exampleSLO(target: String) -> String {
    """
    apiVersion: openslo/v1
    kind: SLO
    metadata: {name: checkout-availability}
    spec:
      service: checkout
      indicatorRef: checkout-success-ratio
      budgetingMethod: Occurrences
      timeWindow: [{duration: 28d, isRolling: true}]
      objectives: [{displayName: Good checkouts, target: \(target)}]
    """
  }

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let service: String?
  let minTarget: Percentage?
  let maxWindow: Timespan?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    service = fields.string("service", required: false)
    minTarget = fields.percentage("min_target")
    maxWindow = fields.timespan("max_window")
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var all: [(file: EvidenceFile, slo: ServiceLevelObjective)] = []
    var readable: [EvidenceFile] = []
    for file in files {
      switch context.cache.document(OpenSLOReader.self, for: file) {
      case .success(let document):
        readable.append(file)
        all += document.objectives.map { (file, $0) }
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      }
    }
    guard !readable.isEmpty else { return findings }
    let names = readable.map(\.path).joined(separator: ", ")
    let place = readable.count == 1 ? EvidenceLocation(file: readable[0].path) : nil
    guard !all.isEmpty else {
      return findings + [
        Finding(
          .fail, "\(names) holds no SLO (an OpenSLO kind: SLO or a Sloth spec)", evidence: place,
          measured: ["slos": 0])
      ]
    }
    var scope = all
    if let service {
      scope = all.filter { $0.slo.service == service }
      if scope.isEmpty {
        var services: [String] = []
        for entry in all where !services.contains(entry.slo.service) {
          services.append(entry.slo.service)
        }
        return findings + [
          Finding(
            .fail,
            "no SLO for service \(service) in \(names) (SLOs found for: "
              + services.joined(separator: ", ") + ")", evidence: place,
            measured: ["slos": .int(all.count)])
        ]
      }
    }
    for (file, slo) in scope {
      findings += judge(slo, file: file)
    }
    return findings
  }

  private func judge(_ slo: ServiceLevelObjective, file: EvidenceFile) -> [Finding] {
    var findings: [Finding] = []
    if let minTarget {
      for target in slo.targets where target.fraction < minTarget.fraction - 1e-9 {
        let objective = target.name.map { " (objective '\($0)')" } ?? ""
        findings.append(
          Finding(
            .fail,
            "SLO \(slo.name) in \(file.path) targets "
              + "\(Percentage.format(target.fraction))\(objective), below min_target "
              + "\(minTarget.text)",
            evidence: EvidenceLocation(file: file.path, line: target.line),
            measured: ["target": .double(target.fraction)],
            expected: ["min_target": .double(minTarget.fraction)]))
      }
    }
    if let maxWindow, slo.windows.isEmpty {
      return [
        Finding(
          .error,
          "SLO \(slo.name) in \(file.path) has no timeWindow, so max_window \(maxWindow.text) "
            + "cannot be judged; add a timeWindow (e.g. [{duration: 28d, isRolling: true}]) to its "
            + "spec", evidence: EvidenceLocation(file: file.path, line: slo.line),
          expected: ["max_window": .string(maxWindow.text)])
      ]
    }
    if let maxWindow {
      for window in slo.windows where window.seconds > maxWindow.seconds {
        findings.append(
          Finding(
            .fail,
            "SLO \(slo.name) in \(file.path) is measured over \(describe(window, slo)), longer "
              + "than max_window \(maxWindow.text)",
            evidence: EvidenceLocation(file: file.path, line: slo.line),
            measured: ["window": .string(window.duration)],
            expected: ["max_window": .string(maxWindow.text)]))
      }
    }
    guard findings.isEmpty else { return findings }
    let targets = slo.targets.map { Percentage.format($0.fraction) }.joined(separator: ", ")
    let windows = slo.windows.map { describe($0, slo) }.joined(separator: " and ")
    let lowest = slo.targets.map(\.fraction).min() ?? 0
    var measured: [String: JSONValue] = ["target": .double(lowest)]
    if let window = slo.windows.first { measured["window"] = .string(window.duration) }
    let over = windows.isEmpty ? " (no timeWindow)" : " over \(windows)"
    return [
      Finding(
        .pass, "SLO \(slo.name) for \(slo.service) targets \(targets)\(over)",
        evidence: EvidenceLocation(file: file.path, line: slo.line), measured: measured)
    ]
  }

  private func describe(_ window: ServiceLevelObjective.Window, _ slo: ServiceLevelObjective)
    -> String
  {
    if slo.source == .sloth { return "Sloth's default \(window.duration) window" }
    return "a \(window.isRolling ? "rolling" : "calendar") \(window.duration) window"
  }
}

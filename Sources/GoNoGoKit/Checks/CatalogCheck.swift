import Foundation
import LocatedYAML

/// `catalog`: the service's Backstage entry names an owner, a lifecycle, its links and on-call.
public struct CatalogCheck: Check {
  public static let description = CheckDescription(
    kind: "catalog",
    summary: "A Backstage catalog-info.yaml entry has an owner (or the expected one), an allowed "
      + "lifecycle, the required links and annotations, and an on-call integration.",
    parameters: [
      .init(
        "entity", "string", "The metadata.name of the entity to check; default: every Component."),
      .init(
        "owner", "boolean or string",
        "true (the default): spec.owner must be set; a name such as team-sre: it must be that "
          + "owner."
      ),
      .init("lifecycle", "list of strings", "Allowed spec.lifecycle values (production)."),
      .init(
        "links", "list of strings",
        "Links that must exist, each matched by metadata.links type or by a word of its title "
          + "(runbook, dashboard)."),
      .init(
        "annotations", "list of strings",
        "Annotations that must be set (backstage.io/techdocs-ref)."),
      .init(
        "on_call", "boolean",
        "One of the annotations " + CatalogCheck.onCallAnnotations.joined(separator: ", ")
          + " must be set."),
    ],
    examples: [
      CheckExample(
        "kind: catalog\nfile: catalog-info.yaml\nowner: team-sre\nlifecycle: "
          + "[production]\non_call: true",
        files: ["catalog-info.yaml": CatalogCheck.example(lifecycle: "production")], expected: .pass
      ),
      CheckExample(
        "kind: catalog\nfile: catalog-info.yaml\nlifecycle: [production]",
        files: ["catalog-info.yaml": CatalogCheck.example(lifecycle: "experimental")],
        expected: .fail),
      CheckExample(
        "kind: catalog\nfile: catalog-info.yaml\nlinks: [runbook, dashboard]",
        files: ["catalog-info.yaml": CatalogCheck.example(lifecycle: "production")], expected: .fail
      ),
      CheckExample(
        "kind: catalog\nfile: catalog-info.yaml",
        files: ["catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\n"],
        expected: .error),
    ])

  static func example(lifecycle: String) -> String {
    """
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: checkout
      annotations: {pagerduty.com/integration-key: 0123456789abcdef}
      links: [{url: "https://runbooks.example.com/checkout", title: Checkout runbook}]
    spec: {type: service, lifecycle: \(lifecycle), owner: group:default/team-sre}
    """
  }

  /// Annotations of the Backstage on-call plugins (PagerDuty, Opsgenie).
  static let onCallAnnotations = [
    "pagerduty.com/integration-key", "pagerduty.com/service-id", "opsgenie.com/team",
    "opsgenie.com/component-selector",
  ]

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let entity: String?
  let ownerRequired: Bool
  let owner: String?
  let lifecycle: [Located<String>]
  let links: [Located<String>]
  let annotations: [Located<String>]
  let onCall: Bool

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    entity = fields.string("entity")
    if case .bool(let flag)? = fields.value("owner")?.scalar?.value {
      ownerRequired = flag
      owner = nil
    } else {
      owner = fields.string("owner")
      ownerRequired = true
    }
    lifecycle = fields.strings("lifecycle") ?? []
    links = fields.strings("links") ?? []
    annotations = fields.strings("annotations") ?? []
    onCall = fields.bool("on_call") ?? false
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.flatMap { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> [Finding] {
    let catalog: CatalogFile
    switch context.cache.document(CatalogReader.self, for: file) {
    case .success(let value): catalog = value
    case .failure(let error):
      return [
        .error(
          error.message,
          evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
      ]
    }
    let place = EvidenceLocation(file: file.path)
    let present = catalog.entities.map(\.label).joined(separator: ", ")
    let chosen = catalog.entities.filter { candidate in
      entity.map { candidate.name == $0 } ?? (candidate.kind == "Component")
    }
    guard !chosen.isEmpty else {
      let wanted = entity.map { "no entity named \($0)" } ?? "no Component"
      let found = catalog.entities.isEmpty ? "it holds no entities" : "it holds \(present)"
      return [
        Finding(
          .fail, "\(file.path) has \(wanted): \(found)", evidence: place,
          measured: ["entities": .int(catalog.entities.count)])
      ]
    }
    return chosen.flatMap { judge($0, file: file) }
  }

  private func judge(_ entity: CatalogEntity, file: EvidenceFile) -> [Finding] {
    let who = "\(entity.label) in \(file.path)"
    func at(_ line: Int?) -> EvidenceLocation {
      EvidenceLocation(file: file.path, line: line ?? entity.line)
    }
    var findings: [Finding] = []
    var good: [String] = []
    if let actual = entity.owner {
      if let owner, !CatalogCheck.sameOwner(actual.value, owner) {
        findings.append(
          .fail(
            "\(who) is owned by \(actual.value), not \(owner)", evidence: at(actual.location.line)))
      } else if ownerRequired {
        good.append("owned by \(actual.value)")
      }
    } else if ownerRequired {
      findings.append(.fail("\(who) has no spec.owner", evidence: at(nil)))
    }
    if !lifecycle.isEmpty {
      let allowed = lifecycle.map(\.value)
      let choices = allowed.count == 1 ? allowed[0] : "one of " + allowed.joined(separator: ", ")
      if let actual = entity.lifecycle {
        if allowed.contains(where: { $0.lowercased() == actual.value.lowercased() }) {
          good.append("lifecycle \(actual.value)")
        } else {
          findings.append(
            .fail(
              "\(who) has lifecycle \(actual.value), not \(choices)",
              evidence: at(actual.location.line)))
        }
      } else {
        findings.append(
          .fail("\(who) has no spec.lifecycle (expected \(choices))", evidence: at(nil)))
      }
    }
    for wanted in links {
      let word = wanted.value.lowercased()
      if entity.links.contains(where: {
        $0.type?.lowercased() == word || ($0.title?.lowercased().contains(word) ?? false)
      }) {
        good.append("a \(wanted.value) link")
      } else {
        findings.append(
          .fail(
            "\(who) has no \(wanted.value) link (metadata.links, by type or title)",
            evidence: at(nil)))
      }
    }
    for wanted in annotations {
      if entity.annotations[wanted.value] != nil {
        good.append("annotation \(wanted.value)")
      } else {
        findings.append(.fail("\(who) has no annotation \(wanted.value)", evidence: at(nil)))
      }
    }
    if onCall {
      if let found = CatalogCheck.onCallAnnotations.first(where: { entity.annotations[$0] != nil })
      {
        good.append("on-call through \(found)")
      } else {
        findings.append(
          .fail(
            "\(who) names no on-call integration: add one of the annotations "
              + CatalogCheck.onCallAnnotations.joined(separator: ", "), evidence: at(nil)))
      }
    }
    guard findings.isEmpty else { return findings }
    let summary = good.isEmpty ? " is a catalog entity" : ": " + AlertsCheck.sentence(good)
    return [.pass(who + summary, evidence: at(nil))]
  }

  /// Compares entity references the way Backstage does: case-insensitive, with the owner's
  /// default kind `group` and namespace `default` filled in, so `team-sre` is
  /// `group:default/team-sre`.
  static func sameOwner(_ lhs: String, _ rhs: String) -> Bool {
    func parts(_ reference: String) -> [String] {
      var rest = Substring(reference.lowercased())
      var kind = "group"
      var namespace = "default"
      if let colon = rest.firstIndex(of: ":") {
        kind = String(rest[..<colon])
        rest = rest[rest.index(after: colon)...]
      }
      if let slash = rest.firstIndex(of: "/") {
        namespace = String(rest[..<slash])
        rest = rest[rest.index(after: slash)...]
      }
      return [kind, namespace, String(rest)]
    }
    return parts(lhs) == parts(rhs)
  }
}

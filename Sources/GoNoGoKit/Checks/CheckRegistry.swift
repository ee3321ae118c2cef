/// Every check kind gonogo knows, in one list.
public enum CheckRegistry {
  /// The kinds, in documentation order.
  public static let kinds: [any Check.Type] = [
    FileCheck.self,
    MarkdownCheck.self,
    JUnitCheck.self,
    CoverageCheck.self,
    ReportCheck.self,
    LoadTestCheck.self,
    QueryCheck.self,
    VulnerabilitiesCheck.self,
    SBOMCheck.self,
    SignoffCheck.self,
    DashboardCheck.self,
    AlertsCheck.self,
    SLOCheck.self,
    CatalogCheck.self,
    RAIDCheck.self,
  ]

  /// The kind named `name`, if any.
  public static func kind(named name: String) -> (any Check.Type)? {
    byName[name]?.kind
  }

  /// A kind with the keys its checks may have, looked up once per check.
  struct Entry {
    /// The kind.
    let kind: any Check.Type
    /// `kind`, the evidence keys when the kind reads evidence, and its parameters.
    let knownKeys: [String]
    /// True when checks of the kind name evidence files.
    let needsEvidence: Bool
  }

  /// The entry for the kind named `name`, if any.
  static func entry(named name: String) -> Entry? {
    byName[name]
  }

  /// All kind names, in documentation order.
  public static let names: [String] = kinds.map { $0.description.kind }

  /// The keys a check of each kind may have: `kind`, the evidence keys, its parameters.
  static let knownKeys: [String: [String]] = Dictionary(
    uniqueKeysWithValues: kinds.map { kind in
      let description = kind.description
      let evidence = description.needsEvidence ? ["file", "files"] : []
      let binding = EvidenceBinding.keys(
        forKind: description.kind, needsEvidence: description.needsEvidence)
      return (
        description.kind, ["kind"] + description.parameters.map(\.name) + evidence + binding
      )
    })

  private static let byName: [String: Entry] = Dictionary(
    kinds.map { kind in
      let name = kind.description.kind
      let known = knownKeys[name] ?? ["kind"]
      return (name, Entry(kind: kind, knownKeys: known, needsEvidence: known.contains("file")))
    }, uniquingKeysWith: { first, _ in first })
}

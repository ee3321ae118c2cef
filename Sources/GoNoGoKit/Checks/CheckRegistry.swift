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
    byName[name]
  }

  /// All kind names, in documentation order.
  public static let names: [String] = kinds.map { $0.description.kind }

  /// The keys a check of each kind may have: `kind`, the evidence keys, its parameters.
  static let knownKeys: [String: [String]] = Dictionary(
    uniqueKeysWithValues: kinds.map { kind in
      let description = kind.description
      let evidence = description.needsEvidence ? ["file", "files"] : []
      return (description.kind, ["kind"] + description.parameters.map(\.name) + evidence)
    })

  private static let byName: [String: any Check.Type] = Dictionary(
    kinds.map { ($0.description.kind, $0) }, uniquingKeysWith: { first, _ in first })
}

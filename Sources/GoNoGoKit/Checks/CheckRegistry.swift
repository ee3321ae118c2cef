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
    kinds.first { $0.description.kind == name }
  }

  /// All kind names.
  public static var names: [String] { kinds.map { $0.description.kind } }
}

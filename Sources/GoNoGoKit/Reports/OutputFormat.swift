/// The report formats; each has exactly one renderer.
public enum OutputFormat: String, Sendable, CaseIterable {
  case text
  case json

  /// Options that affect rendering but not the report.
  public struct Options: Sendable {
    /// Use ANSI colours (text only).
    public var color: Bool

    /// Creates options.
    public init(color: Bool = false) {
      self.color = color
    }
  }

  /// Renders a report in this format.
  public func render(_ report: Report, options: Options = Options()) -> String {
    switch self {
    case .text: TextRenderer.render(report, color: options.color)
    case .json: JSONRenderer.render(report)
    }
  }
}

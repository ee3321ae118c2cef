/// The report formats; each has exactly one renderer.
public enum OutputFormat: String, Sendable, CaseIterable {
  case text
  case markdown
  case json
  case junit
  case sarif
  case github
  case html
  case gitlab

  /// Options that affect rendering but not the report.
  public struct Options: Sendable {
    /// Use ANSI colours (text only).
    public var color: Bool
    /// gonogo's version, for SARIF's `tool.driver.version`.
    public var toolVersion: String?

    /// Creates options.
    public init(color: Bool = false, toolVersion: String? = nil) {
      self.color = color
      self.toolVersion = toolVersion
    }
  }

  /// Renders a report in this format as UTF-8 bytes handed to `sink` in order: the JSON report
  /// in pieces as it is written, the others whole.
  public func write(
    _ report: Report, options: Options = Options(), to sink: @escaping ([UInt8]) -> Void
  ) {
    if self == .json {
      JSONRenderer.write(report, to: sink)
    } else {
      sink(Array(render(report, options: options).utf8))
    }
  }

  /// Renders a report in this format.
  public func render(_ report: Report, options: Options = Options()) -> String {
    switch self {
    case .text: TextRenderer.render(report, color: options.color)
    case .markdown: MarkdownRenderer.render(report)
    case .json: JSONRenderer.render(report)
    case .junit: JUnitRenderer.render(report)
    case .sarif: SARIFRenderer.render(report, toolVersion: options.toolVersion)
    case .github: GitHubRenderer.render(report)
    case .html:
      HTMLRenderer.render(report, rollout: report.rollout.first.map(HTMLRenderer.Rollout.init))
    case .gitlab: GitLabRenderer.render(report)
    }
  }
}

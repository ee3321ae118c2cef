/// The report formats; each has exactly one renderer.
public enum OutputFormat: String, Sendable, CaseIterable {
  case text
  case markdown
  case json
  case junit
  case sarif
  case github
  case html

  /// Options that affect rendering but not the report.
  public struct Options: Sendable {
    /// Use ANSI colours (text only).
    public var color: Bool
    /// gonogo's version, for SARIF's `tool.driver.version`.
    public var toolVersion: String?
    /// The column text reports wrap at (text only; continuation lines are indented).
    public var width: Int
    /// Lines that end the printout and the Markdown report (a decision record's digest and key
    /// id, say); shown escaped.
    public var footer: [String]

    /// Creates options.
    public init(
      color: Bool = false, toolVersion: String? = nil, width: Int = TextRenderer.defaultWidth,
      footer: [String] = []
    ) {
      self.color = color
      self.toolVersion = toolVersion
      self.width = width
      self.footer = footer
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
    case .text: TextRenderer.render(report, color: options.color, width: options.width)
    case .markdown: MarkdownRenderer.render(report, footer: options.footer)
    case .json: JSONRenderer.render(report)
    case .junit: JUnitRenderer.render(report)
    case .sarif: SARIFRenderer.render(report, toolVersion: options.toolVersion)
    case .github: GitHubRenderer.render(report)
    case .html:
      HTMLRenderer.render(
        report, rollouts: report.rollout.map(HTMLRenderer.Rollout.init), footer: options.footer)
    }
  }
}

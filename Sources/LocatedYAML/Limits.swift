/// Bounds that keep a YAML file from exhausting time or memory. Every input is untrusted.
public struct Limits: Sendable, Equatable {
  /// Largest accepted file, in bytes.
  public var maxFileSize: Int
  /// Deepest accepted nesting of sequences and mappings.
  public var maxDepth: Int
  /// Most nodes a document may hold once every alias is expanded.
  public var maxNodes: Int

  /// Creates limits.
  public init(maxFileSize: Int = 4 << 20, maxDepth: Int = 64, maxNodes: Int = 1_000_000) {
    self.maxFileSize = maxFileSize
    self.maxDepth = maxDepth
    self.maxNodes = maxNodes
  }

  /// The limits used for gate files and YAML evidence unless configured otherwise.
  public static let `default` = Limits()
}

/// Bounds that keep a YAML file from exhausting time or memory. Every input is untrusted.
///
/// Aliases are expanded into the tree every consumer walks, so the depth and the budgets hold
/// for the expanded tree: an alias of a deep anchor counts as deep where it is used, and an alias
/// counts every node and every byte of text of what it repeats.
public struct Limits: Sendable, Equatable {
  /// Largest accepted file, in bytes.
  public var maxFileSize: Int
  /// Deepest accepted nesting of sequences and mappings, aliases expanded.
  public var maxDepth: Int
  /// Most nodes (keys included) a document may hold once every alias is expanded.
  public var maxNodes: Int
  /// Most bytes of scalar text that aliases may repeat, in all.
  public var maxAliasedBytes: Int

  /// Creates limits.
  public init(
    maxFileSize: Int = 4 << 20, maxDepth: Int = 64, maxNodes: Int = 1_000_000,
    maxAliasedBytes: Int = 16 << 20
  ) {
    self.maxFileSize = maxFileSize
    self.maxDepth = maxDepth
    self.maxNodes = maxNodes
    self.maxAliasedBytes = maxAliasedBytes
  }

  /// The limits used for gate files and YAML evidence unless configured otherwise.
  public static let `default` = Limits()
}

/// A repository's `CODEOWNERS` file, read to suggest gate owners in `gonogo init`.
///
/// Each line is a path pattern and its owners (`@org/team`, `@user`, an email); `#` starts a
/// comment. As on GitHub, the last line whose pattern matches a path owns it. Patterns follow
/// gitignore's rules closely enough for owner suggestions: a pattern without a slash matches a
/// file or directory name anywhere, one with a slash is relative to the repository root, a
/// directory owns everything under it, and `*`, `?`, `[…]` and `**` match as in globs.
public struct CodeOwners: Sendable, Equatable {
  /// One rule: a pattern and its owners, with its line.
  public struct Rule: Sendable, Equatable {
    /// The path pattern as written.
    public var pattern: String
    /// The owners, in order.
    public var owners: [String]
    /// The line it is on (1-based).
    public var line: Int
  }

  /// Where GitHub looks for the file, in its order of precedence.
  public static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

  /// The rules, in file order.
  public var rules: [Rule]

  /// Reads the text of a CODEOWNERS file; lines without owners are skipped.
  public init(text: String) {
    var rules: [Rule] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = Substring(raw)
      if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard words.count >= 2 else { continue }
      rules.append(
        Rule(pattern: String(words[0]), owners: words.dropFirst().map(String.init), line: index + 1)
      )
    }
    self.rules = rules
  }

  /// Every owner named, in order of first appearance.
  public var allOwners: [String] {
    var owners: [String] = []
    for rule in rules {
      for owner in rule.owners where !owners.contains(owner) { owners.append(owner) }
    }
    return owners
  }

  /// The owners of a path: those of the last rule that matches it.
  public func owners(of path: String) -> [String]? {
    rules.last { Self.matches($0.pattern, path) }?.owners
  }

  /// Whether a CODEOWNERS pattern covers a path relative to the repository root.
  static func matches(_ pattern: String, _ path: String) -> Bool {
    var trimmed = Substring(pattern)
    let directoryOnly = trimmed.hasSuffix("/")
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    let anchored = trimmed.contains("/")
    while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
    let segments = path.split(separator: "/")
    let parts = trimmed.split(separator: "/")
    guard !parts.isEmpty else { return false }
    if !anchored {
      // A name: any file or directory of that name; a directory-only name never the file itself.
      let candidates = directoryOnly ? segments.dropLast() : segments[...]
      return candidates.contains { Glob.match(parts[0], $0) }
    }
    return prefixMatches(parts[...], segments[...], directoryOnly: directoryOnly)
  }

  private static func prefixMatches(
    _ parts: ArraySlice<Substring>, _ segments: ArraySlice<Substring>, directoryOnly: Bool
  ) -> Bool {
    guard let part = parts.first else {
      // The pattern is used up: it names this path, or a directory above it.
      return !(directoryOnly && segments.isEmpty)
    }
    if part == "**" {
      let rest = parts.dropFirst()
      var tail = segments
      while true {
        if prefixMatches(rest, tail, directoryOnly: directoryOnly) { return true }
        guard !tail.isEmpty else { return false }
        tail = tail.dropFirst()
      }
    }
    guard let segment = segments.first, Glob.match(part, segment) else { return false }
    return prefixMatches(parts.dropFirst(), segments.dropFirst(), directoryOnly: directoryOnly)
  }
}

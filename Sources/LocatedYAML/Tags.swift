/// The tags the loader reads, and the errors about the others.
///
/// libyaml hands tags over resolved: `!!int`, `!<tag:yaml.org,2002:int>` and `!e!int` under
/// `%TAG !e! tag:yaml.org,2002:` all arrive as `tag:yaml.org,2002:int`. The non-specific tag `!`
/// arrives as `!`. Anything outside the core schema (local tags such as `!Ref`, `!!binary`,
/// `!!timestamp`, other URIs) is refused: reading it as a string would silently change what the
/// author meant.
enum Tags {
  static let corePrefix = "tag:yaml.org,2002:"

  /// The shape a core-schema tag is for ("a scalar", "a sequence", "a mapping"); nil for a tag
  /// outside the core schema.
  static func shape(of tag: String) -> String? {
    guard tag.hasPrefix(corePrefix) else { return nil }
    switch tag.dropFirst(corePrefix.count) {
    case "str", "int", "float", "bool", "null": return "a scalar"
    case "seq": return "a sequence"
    case "map": return "a mapping"
    default: return nil
    }
  }

  /// The tag as an author writes it: `!!int` for core tags, the tag itself otherwise.
  static func short(_ tag: String) -> String {
    tag.hasPrefix(corePrefix)
      ? "!!" + Quoted.text(String(tag.dropFirst(corePrefix.count)))
      : Quoted.text(tag)
  }

  static func unsupported(_ tag: String, at location: SourceLocation) -> YAMLError {
    YAMLError(
      .unsupportedTag, at: location,
      "the tag '\(short(tag))' is not one gonogo reads; remove it, since values are read by the "
        + "YAML 1.2 core schema")
  }

  static func misplaced(
    _ tag: String, for tagShape: String, on shape: String, at location: SourceLocation
  ) -> YAMLError {
    YAMLError(
      .unsupportedTag, at: location,
      "the tag '\(short(tag))' is for \(tagShape), but it is on \(shape); remove the tag"
    )
  }
}

/// Text from the file quoted in an error message, shortened so that a message stays a sentence.
enum Quoted {
  /// Unicode scalars kept of a long text.
  static let maxScalars = 60

  /// The text, or its first ``maxScalars`` Unicode scalars and "…".
  static func text(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard scalars.count > maxScalars else { return text }
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: scalars.prefix(maxScalars))
    return String(kept) + "…"
  }

  /// `'text'`, or `'first scalars…' (N characters)` for a long text.
  static func described(_ text: String) -> String {
    let count = text.unicodeScalars.count
    guard count > maxScalars else { return "'\(text)'" }
    return "'\(self.text(text))' (\(count) characters)"
  }
}

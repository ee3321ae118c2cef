/// Where this binary came from.
///
/// `scripts/build-release` writes the release's version and the git revision into its copy of
/// this file before building; a plain `swift build` keeps these lines, so such a binary says its
/// revision is unknown rather than guess one.
enum BuildInfo {
  /// The release version (semantic versioning).
  static let version = "0.1.0"
  /// The git commit the binary was built from ("-dirty" when tracked files differed from it).
  static let revision: String? = nil

  /// What `gonogo --version` prints: the version and the revision.
  static var versionLine: String {
    "\(version) (\(revision.map { "revision " + $0 } ?? "unknown revision"))"
  }
}

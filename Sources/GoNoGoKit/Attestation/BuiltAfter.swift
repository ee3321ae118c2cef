import Foundation

/// `built_after: [GLOBS]`: evidence must be newer than the last commit that changed the sources
/// it judges — test results from before the latest change to `src/**` do not describe the
/// release.
enum BuiltAfter {
  static func judge(
    _ files: [EvidenceFile], globs: [String], kind: String, context: EvaluationContext
  ) -> [Finding] {
    guard !files.isEmpty else { return [] }
    let shown = globs.joined(separator: ", ")
    let change: GitSourceChange
    switch lastSourceChange(globs: globs, root: context.cache.root.url) {
    case .failure(let problem):
      let reason = problem.message
      return files.map {
        .error(
          "cannot tell whether \($0.path) is newer than the last change to \(shown): \(reason)",
          evidence: EvidenceLocation(file: $0.path))
      }
    case .success(nil):
      return files.map {
        .error(
          "no commit in the history touches \(shown); built_after must name sources tracked "
            + "in git, relative to the evidence root", evidence: EvidenceLocation(file: $0.path))
      }
    case .success(let found?):
      change = found
    }
    var findings: [Finding] = []
    for file in files {
      let dated: Freshness.Dated
      switch Freshness.date(
        of: file, inside: insideDate(file, kind: kind, context: context), context: context)
      {
      case .failure(let error):
        findings.append(.error(error.message, evidence: EvidenceLocation(file: file.path)))
        continue
      case .success(let value):
        dated = value
      }
      let here = dated.location ?? EvidenceLocation(file: file.path)
      let evidenceTime = DateValue.iso8601(dated.date)
      let sourceTime = DateValue.iso8601(change.date)
      let measured: [String: JSONValue] = ["dated": .string(evidenceTime)]
      let expected: [String: JSONValue] = [
        "built_after": .string(sourceTime), "commit": .string(change.commit),
      ]
      if dated.date < change.date {
        findings.append(
          Finding(
            .fail,
            "\(file.path) (\(dated.source) \(evidenceTime)) is older than the last change to "
              + "\(shown) (commit \(change.commit.prefix(7)), \(sourceTime)): it does not "
              + "describe the sources being released; produce it again from the release commit",
            evidence: here, measured: measured, expected: expected))
      } else {
        findings.append(
          Finding(
            .pass,
            "\(file.path) (\(dated.source) \(evidenceTime)) is newer than the last change to "
              + "\(shown) (commit \(change.commit.prefix(7)), \(sourceTime))",
            evidence: here, measured: measured, expected: expected))
      }
    }
    return findings
  }

  /// The date inside the evidence, for the formats that carry one.
  static func insideDate(_ file: EvidenceFile, kind: String, context: EvaluationContext)
    -> Freshness.Dated?
  {
    switch kind {
    case "junit":
      if case .success(let results) = context.cache.document(JUnitReader.self, for: file),
        let stamp = results.timestamp, let date = stamp.date
      {
        return Freshness.Dated(
          date: date, source: "timestamp",
          location: EvidenceLocation(file: file.path, line: stamp.line))
      }
    case "sbom":
      if case .success(let document) = context.cache.document(SBOMReader.self, for: file),
        let text = document.timestamp, let date = DateValue(parsing: text)
      {
        return Freshness.Dated(date: date.start, source: document.timestampField)
      }
    case "report":
      if case .success(let summary) = context.cache.document(GoNoGoReportReader.self, for: file) {
        return Freshness.Dated(date: summary.now, source: "evaluated")
      }
    default:
      break
    }
    return nil
  }

  /// The newest commit on HEAD's first-parent line that changed a file matching `globs`.
  ///
  /// Globs are relative to `root`; nil when no commit did. The failure is a sentence with the fix.
  static func lastSourceChange(globs: [String], root: URL) -> Result<
    GitSourceChange?, RecordKeyError
  > {
    guard let history = GitHistory.discover(containing: root) else {
      return .failure(
        RecordKeyError(
          "the evidence root is not inside a git repository, so the sources' last change is "
            + "unknown; run in a clone of the repository"))
    }
    let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
    let top = history.workTree.standardizedFileURL.resolvingSymlinksInPath().path
    var prefix: [String] = []
    if rootPath != top {
      guard rootPath.hasPrefix(top.hasSuffix("/") ? top : top + "/") else {
        return .failure(RecordKeyError("the evidence root is outside the git work tree at \(top)"))
      }
      prefix = rootPath.dropFirst(top.count).split(separator: "/").map(String.init)
    }
    let patterns = globs.map { EvidenceRoot.normalize($0).split(separator: "/").map(String.init) }
    do {
      return .success(try history.repository.lastChange(matching: patterns, under: prefix))
    } catch let error as GitReadError {
      return .failure(
        RecordKeyError(
          "the git history cannot be read because \(error.reason(forPath: globs.joined(separator: ", ")))"
        ))
    } catch {
      return .failure(RecordKeyError("the git history cannot be read (\(error))"))
    }
  }
}

/// A commit that changed source files.
struct GitSourceChange: Sendable, Equatable {
  /// The commit id (hex).
  var commit: String
  /// Its committer date.
  var date: Date
}

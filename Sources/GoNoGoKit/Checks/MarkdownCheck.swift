import Foundation
import LocatedYAML

/// `markdown`: a runbook or readiness document has what the release needs.
public struct MarkdownCheck: Check {
  public static let description = CheckDescription(
    kind: "markdown",
    summary: "A Markdown document has the required sections with enough words, no placeholders, "
      + "every task box ticked, links that resolve, and front matter that is present and recent.",
    parameters: [
      .init(
        "sections", "list of strings", "Headings that must exist (any level, case-insensitive)."),
      .init("min_words", "integer", "Fewest words each required section must hold."),
      .init("no_placeholders", "boolean", "Fail on TODO, TBD, FIXME, <fill-ins> and lorem ipsum."),
      .init("tasks_complete", "boolean", "Fail on any unticked GFM task-list box."),
      .init("links_resolve", "boolean", "Relative links and #anchors must point at what exists."),
      .init("front_matter", "list of strings", "Front-matter fields that must be set (owner, …)."),
      .init(
        "max_age", "duration",
        "Fail when older than this, dated by front-matter last_reviewed, else the last commit."),
    ],
    examples: [
      CheckExample(
        "kind: markdown\nfile: runbook.md\nsections: [Rollback]",
        files: ["runbook.md": "# Runbook\n\n## Rollback\n\nRun the rollback job.\n"],
        expected: .pass),
      CheckExample(
        "kind: markdown\nfile: runbook.md\nsections: [Rollback, Escalation]",
        files: ["runbook.md": "# Runbook\n\n## Rollback\n\nRun the rollback job.\n"],
        expected: .fail),
      CheckExample(
        "kind: markdown\nfile: runbook.md\nno_placeholders: true",
        files: ["runbook.md": "# Runbook\n\nOwner: TBD\n"], expected: .fail),
      CheckExample(
        "kind: markdown\nfile: runbook.md\ntasks_complete: true",
        files: ["runbook.md": "- [x] Notify support\n- [ ] Freeze deploys\n"], expected: .fail),
      CheckExample(
        "kind: markdown\nfile: runbook.md\nlinks_resolve: true",
        files: ["runbook.md": "See [rollback](#rollback).\n\n## Rollback\n\nSteps.\n"],
        expected: .pass),
      CheckExample(
        "kind: markdown\nfile: runbook.md\nlinks_resolve: true",
        files: ["runbook.md": "See [the plan](plan.md).\n"], expected: .fail),
      CheckExample(
        "kind: markdown\nfile: runbook.md\nmax_age: 90d",
        files: ["runbook.md": "---\nlast_reviewed: 2026-11-20\n---\n# Runbook\n"], expected: .pass),
      CheckExample(
        "kind: markdown\nfile: runbook.md\nmax_age: 90d",
        files: ["runbook.md": "---\nlast_reviewed: 2026-01-20\n---\n# Runbook\n"], expected: .fail),
      CheckExample("kind: markdown\nfile: runbook.md\nsections: [Rollback]", expected: .error),
    ])

  /// How many findings of one sort are listed before the rest are counted.
  static let listLimit = 10

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let sections: [Located<String>]
  let minWords: Int?
  let noPlaceholders: Bool
  let tasksComplete: Bool
  let linksResolve: Bool
  let frontMatter: [Located<String>]
  let maxAge: Timespan?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    sections = fields.strings("sections") ?? []
    minWords = fields.int("min_words", in: 1...100_000)
    noPlaceholders = fields.bool("no_placeholders") ?? false
    tasksComplete = fields.bool("tasks_complete") ?? false
    linksResolve = fields.bool("links_resolve") ?? false
    frontMatter = fields.strings("front_matter") ?? []
    maxAge = fields.timespan("max_age")
    if minWords != nil && sections.isEmpty {
      parameters.sink.error(
        fields.location(of: "min_words"), "'min_words' applies to 'sections', which is not set",
        hint: "list the sections that need that many words")
    }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.flatMap { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> [Finding] {
    let evidence: MarkdownEvidence
    switch context.cache.document(MarkdownEvidenceReader.self, for: file) {
    case .success(let value): evidence = value
    case .failure(let error):
      return [
        .error(
          error.message,
          evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
      ]
    }
    if evidence.isBlank {
      return [.fail("\(file.path) is empty", evidence: EvidenceLocation(file: file.path))]
    }
    let document = evidence.document
    var findings: [Finding] = []
    func at(_ line: Int, _ column: Int? = nil) -> EvidenceLocation {
      EvidenceLocation(file: file.path, line: line, column: column)
    }
    for section in sections {
      let wanted = section.value.trimmingWhitespace().lowercased()
      guard let heading = document.headings.first(where: { $0.text.lowercased() == wanted }) else {
        findings.append(
          .fail(
            "\(file.path) has no '\(section.value)' section",
            evidence: EvidenceLocation(file: file.path)))
        continue
      }
      if let minWords, heading.wordCount < minWords {
        findings.append(
          Finding(
            .fail,
            "section '\(heading.text)' has \(heading.wordCount) words, fewer than min_words \(minWords)",
            evidence: at(heading.line, heading.column),
            measured: ["words": .int(heading.wordCount)],
            expected: ["min_words": .int(minWords)]))
      }
    }
    if noPlaceholders {
      findings += limited(
        document.placeholders.map {
          .fail("placeholder '\($0.text)' left in the document", evidence: at($0.line, $0.column))
        }, noun: "placeholder", file: file)
    }
    if tasksComplete {
      findings += limited(
        document.tasks.filter { !$0.checked }.map {
          .fail("unticked task: \($0.text)", evidence: at($0.line, $0.column))
        }, noun: "unticked task", file: file)
    }
    if linksResolve {
      findings += limited(
        brokenLinks(document, file: file, context: context), noun: "broken link", file: file)
    }
    for field in frontMatter
    where evidence.frontMatter[field.value]?.value.trimmingWhitespace().isEmpty ?? true {
      findings.append(
        .fail(
          "front matter has no '\(field.value)'",
          evidence: EvidenceLocation(
            file: file.path, line: document.frontMatter == nil ? nil : document.frontMatterLine)))
    }
    if let maxAge {
      findings.append(age(evidence, file: file, maxAge: maxAge, context: context))
    } else if let reviewed = evidence.frontMatter["last_reviewed"],
      case .failure(let problem) = DateValue.parse(reviewed.value),
      let sentence = problem.sentence(about: reviewed.value)
    {
      // A day that does not exist makes the document malformed even when its age is not judged.
      findings.append(
        .error(
          "front-matter last_reviewed " + sentence,
          evidence: EvidenceLocation(
            file: file.path, line: reviewed.location.line, column: reviewed.location.column)))
    }
    if !findings.contains(where: { $0.status != .pass }) {
      findings.insert(
        .pass(summary(document, file: file), evidence: EvidenceLocation(file: file.path)), at: 0)
    }
    return findings
  }

  private func age(
    _ evidence: MarkdownEvidence, file: EvidenceFile, maxAge: Timespan, context: EvaluationContext
  ) -> Finding {
    var inside: Freshness.Dated?
    if let reviewed = evidence.frontMatter["last_reviewed"] {
      let date: DateValue
      switch DateValue.parse(reviewed.value) {
      case .success(let value): date = value
      case .failure(let problem):
        return .error(
          "front-matter last_reviewed "
            + (problem.sentence(about: reviewed.value)
              ?? "'\(reviewed.value)' is not a date (YYYY-MM-DD)"),
          evidence: EvidenceLocation(
            file: file.path, line: reviewed.location.line, column: reviewed.location.column))
      }
      inside = Freshness.Dated(
        date: date.start, source: "front-matter last_reviewed",
        location: EvidenceLocation(
          file: file.path, line: reviewed.location.line, column: reviewed.location.column))
    }
    return Freshness.judge(file, inside: inside, maxAge: maxAge, context: context)
  }

  private func brokenLinks(
    _ document: MarkdownDocument, file: EvidenceFile, context: EvaluationContext
  )
    -> [Finding]
  {
    var findings: [Finding] = []
    let directory = (file.path as NSString).deletingLastPathComponent
    for link in document.links {
      let location = EvidenceLocation(file: file.path, line: link.line, column: link.column)
      let destination = link.destination
      if destination.isEmpty || hasScheme(destination) { continue }
      let (pathPart, anchor) = split(destination)
      if pathPart.isEmpty {
        if let anchor, !document.headings.contains(where: { $0.anchor == anchor }) {
          findings.append(.fail("link to '#\(anchor)' matches no heading", evidence: location))
        }
        continue
      }
      let decoded = pathPart.removingPercentEncoding ?? pathPart
      let relative =
        decoded.hasPrefix("/")
        ? String(decoded.drop { $0 == "/" })
        : (directory.isEmpty ? decoded : directory + "/" + decoded)
      if EvidenceRoot.problem(withPath: relative) != nil {
        findings.append(.fail("link '\(destination)' leaves the evidence root", evidence: location))
        continue
      }
      let normalized = EvidenceRoot.normalize(relative)
      var isDirectory: ObjCBool = false
      let target = context.cache.root.url.appendingPathComponent(normalized)
      guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else {
        findings.append(.fail("link '\(destination)' points at a missing file", evidence: location))
        continue
      }
      guard let anchor, !isDirectory.boolValue, normalized.lowercased().hasSuffix(".md") else {
        continue
      }
      switch context.cache.file(normalized).flatMap({
        context.cache.document(MarkdownEvidenceReader.self, for: $0)
      }) {
      case .success(let linked):
        if !linked.document.headings.contains(where: { $0.anchor == anchor }) {
          findings.append(
            .fail(
              "link '\(destination)' names an anchor that \(normalized) does not have",
              evidence: location))
        }
      case .failure(let error):
        findings.append(
          .error("cannot check link '\(destination)': \(error.message)", evidence: location))
      }
    }
    return findings
  }

  private func hasScheme(_ destination: String) -> Bool {
    guard let colon = destination.firstIndex(of: ":") else { return false }
    let scheme = destination[..<colon]
    return !scheme.isEmpty && !scheme.contains("/")
      && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
  }

  private func split(_ destination: String) -> (path: String, anchor: String?) {
    var path = destination
    if let query = path.firstIndex(of: "?") {
      let hash = path.firstIndex(of: "#")
      if hash.map({ query < $0 }) ?? true {
        let anchor = hash.map { String(path[path.index(after: $0)...]) }
        return (String(path[..<query]), anchor)
      }
    }
    guard let hash = path.firstIndex(of: "#") else { return (path, nil) }
    let anchor = String(path[path.index(after: hash)...])
    path = String(path[..<hash])
    return (path, anchor.removingPercentEncoding ?? anchor)
  }

  private func limited(_ findings: [Finding], noun: String, file: EvidenceFile) -> [Finding] {
    guard findings.count > MarkdownCheck.listLimit else { return findings }
    let rest = findings.count - MarkdownCheck.listLimit
    return Array(findings.prefix(MarkdownCheck.listLimit)) + [
      .fail(
        "and \(rest.plural(noun)) more in \(file.path)", evidence: EvidenceLocation(file: file.path)
      )
    ]
  }

  private func summary(_ document: MarkdownDocument, file: EvidenceFile) -> String {
    var parts: [String] = []
    if !sections.isEmpty {
      parts.append("has sections " + sections.map(\.value).joined(separator: ", "))
    }
    if noPlaceholders { parts.append("no placeholders") }
    if tasksComplete {
      let count = document.tasks.count
      parts.append(count == 1 ? "its one task is ticked" : "all \(count) tasks ticked")
    }
    if linksResolve {
      let count = document.links.count
      parts.append(count == 1 ? "its one link resolves" : "all \(count) links resolve")
    }
    if parts.isEmpty { parts.append("is a readable Markdown document") }
    return "\(file.path) " + parts.joined(separator: "; ")
  }
}

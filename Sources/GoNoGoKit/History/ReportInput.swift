import Foundation

/// What `gonogo diff` compares: a JSON report, definitions evaluated now, or either as committed
/// at a git revision (`REV:PATH`). Definitions at a revision are judged against the evidence as
/// committed at that revision: the definition's directory (and `--root`, when given) is written
/// out of the git objects into a temporary directory, evaluated there, and the report's paths
/// are given relative to the repository top.
public enum ReportInput {
  /// Reads `argument` as a report: `REV:PATH` when it has a colon and names no file on disk;
  /// a JSON report when the file holds JSON; otherwise definition paths (a checklist, a program,
  /// a directory) evaluated at `now`. `root` is the evidence root for definitions.
  public static func load(_ argument: String, now: Date, root: URL? = nil) -> Result<
    ReportSnapshot, HistoryError
  > {
    if !FileManager.default.fileExists(atPath: argument), let colon = argument.firstIndex(of: ":"),
      colon != argument.startIndex
    {
      let revision = String(argument[..<colon])
      let path = String(argument[argument.index(after: colon)...])
      return loadCommitted(revision: revision, path: path, argument: argument, now: now, root: root)
    }
    guard FileManager.default.fileExists(atPath: argument) else {
      return .failure(
        HistoryError(
          file: argument,
          "no such file or directory; name a gonogo JSON report, a checklist, or REV:PATH"))
    }
    if looksLikeJSON(path: argument) { return ReportReader.read(path: argument) }
    return evaluate([argument], now: now, root: root, source: argument)
  }

  /// Evaluates definitions at `now` and reads the JSON report back, so that a live evaluation
  /// and a stored report are compared through the same reader. `hiding` is a directory prefix
  /// taken out of every path the report and its errors name (where definitions were written out).
  public static func evaluate(
    _ paths: [String], now: Date, root: URL?, source: String, hiding prefix: String? = nil
  ) -> Result<ReportSnapshot, HistoryError> {
    func shown(_ text: String) -> String {
      prefix.map { text.replacingOccurrences(of: $0, with: "") } ?? text
    }
    let definitions = Definitions.load(paths: paths)
    let errors = definitions.diagnostics.filter { $0.severity == .error }
    if let first = errors.first {
      let more = errors.count > 1 ? " (and \(errors.count - 1) more errors: run gonogo validate)" : ""
      return .failure(
        HistoryError(
          file: shown(first.location.file), line: first.location.line,
          column: first.location.column,
          shown(first.message + (first.hint.map { "; \($0)" } ?? "")) + more))
    }
    let report = Evaluation.run(definitions, root: root, now: now).withDigests()
    let json = String(decoding: JSONRenderer.bytes(of: report), as: UTF8.self)
    return ReportReader.read(Data(shown(json).utf8), source: source)
  }

  private static func loadCommitted(
    revision: String, path: String, argument: String, now: Date, root: URL?
  ) -> Result<ReportSnapshot, HistoryError> {
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let repository: GitRevisions
    switch GitRevisions.open(containing: current) {
    case .failure(let error):
      return .failure(HistoryError(file: argument, "cannot read \(argument): \(error.message)"))
    case .success(let opened): repository = opened
    }
    let inRepository = repositoryPath(path, workTree: repository.workTree, current: current)
    let kind: GitRevisions.CommittedKind
    switch repository.kind(at: revision, path: inRepository) {
    case .failure(let error): return .failure(HistoryError(file: argument, error.message))
    case .success(let found): kind = found
    }
    if kind == .file {
      switch repository.file(at: revision, path: inRepository) {
      case .failure(let error): return .failure(HistoryError(file: argument, error.message))
      case .success(let data):
        if data.first(where: { !" \t\r\n".utf8.contains($0) }) == UInt8(ascii: "{") {
          return ReportReader.read(data, source: argument)
        }
      }
    }
    return evaluateCommitted(
      repository, revision: revision, definition: inRepository, kind: kind, argument: argument,
      now: now, root: root, current: current)
  }

  /// Writes the definition's directory (and the evidence root) as committed at `revision` into a
  /// temporary directory and evaluates the definition there.
  private static func evaluateCommitted(
    _ repository: GitRevisions, revision: String, definition: String,
    kind: GitRevisions.CommittedKind, argument: String, now: Date, root: URL?, current: URL
  ) -> Result<ReportSnapshot, HistoryError> {
    var scope = kind == .directory ? definition : (definition as NSString).deletingLastPathComponent
    var rootInRepository: String?
    if let root {
      guard let inside = workTreePath(of: root.path, workTree: repository.workTree, current: current)
      else {
        return .failure(
          HistoryError(
            file: argument,
            "the evidence root \(root.relativePath) is outside the git repository, so it has no "
              + "version at \(revision); give a --root inside \(repository.workTree.path)"))
      }
      rootInRepository = inside
      scope = commonDirectory(scope, inside)
    }
    let temporary = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
      .appendingPathComponent("gonogo-revision-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: temporary) }
    if case .failure(let error) = repository.write(at: revision, directory: scope, into: temporary) {
      return .failure(HistoryError(file: argument, error.message))
    }
    func inTemporary(_ path: String) -> String {
      path.isEmpty ? temporary.path : temporary.appendingPathComponent(path).path
    }
    return evaluate(
      [inTemporary(definition)], now: now,
      root: rootInRepository.map { URL(fileURLWithPath: inTemporary($0), isDirectory: true) },
      source: argument, hiding: temporary.path + "/")
  }

  /// The longest directory both repository paths lie in ("" for the top).
  static func commonDirectory(_ first: String, _ second: String) -> String {
    let a = first.split(separator: "/").filter { $0 != "." }
    let b = second.split(separator: "/").filter { $0 != "." }
    return zip(a, b).prefix { $0 == $1 }.map { String($0.0) }.joined(separator: "/")
  }

  /// `path` on disk (relative to `current`) as a path relative to the work-tree top, or nil when
  /// it lies outside the work tree.
  private static func workTreePath(of path: String, workTree: URL, current: URL) -> String? {
    let absolute =
      path.hasPrefix("/")
      ? URL(fileURLWithPath: path).standardizedFileURL.path
      : current.appendingPathComponent(path).standardizedFileURL.path
    let here = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
    let top = workTree.standardizedFileURL.resolvingSymlinksInPath().path
    for candidate in [absolute, here] {
      for base in [workTree.standardizedFileURL.path, top] {
        if candidate == base { return "" }
        if candidate.hasPrefix(base + "/") { return String(candidate.dropFirst(base.count + 1)) }
      }
    }
    return nil
  }

  /// `./x` and `../x` are relative to the working directory (as in git); anything else is
  /// relative to the repository top.
  private static func repositoryPath(_ path: String, workTree: URL, current: URL) -> String {
    guard path.hasPrefix("./") || path.hasPrefix("../") else { return path }
    return workTreePath(of: path, workTree: workTree, current: current) ?? path
  }

  /// A `.json` file, or a file whose first non-blank byte is `{`.
  static func looksLikeJSON(path: String) -> Bool {
    if path.hasSuffix(".json") { return true }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path)
    else { return false }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 4096)) ?? Data()
    return head.first(where: { !" \t\r\n".utf8.contains($0) }) == UInt8(ascii: "{")
  }
}

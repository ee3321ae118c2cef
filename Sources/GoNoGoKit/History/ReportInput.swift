import Foundation

/// What `gonogo diff` compares: a JSON report, definitions evaluated now, or either as committed
/// at a git revision (`REV:PATH`).
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
      return loadCommitted(revision: revision, path: path, argument: argument)
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
  /// and a stored report are compared through the same reader.
  public static func evaluate(_ paths: [String], now: Date, root: URL?, source: String)
    -> Result<ReportSnapshot, HistoryError>
  {
    let definitions = Definitions.load(paths: paths)
    let errors = definitions.diagnostics.filter { $0.severity == .error }
    if let first = errors.first {
      let more = errors.count > 1 ? " (and \(errors.count - 1) more errors: run gonogo validate)" : ""
      return .failure(
        HistoryError(
          file: first.location.file, line: first.location.line, column: first.location.column,
          first.message + (first.hint.map { "; \($0)" } ?? "") + more))
    }
    let report = Evaluation.run(definitions, root: root, now: now)
    return ReportReader.read(Data(JSONRenderer.bytes(of: report)), source: source)
  }

  private static func loadCommitted(revision: String, path: String, argument: String) -> Result<
    ReportSnapshot, HistoryError
  > {
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let repository: GitRevisions
    switch GitRevisions.open(containing: current) {
    case .failure(let error):
      return .failure(HistoryError(file: argument, "cannot read \(argument): \(error.message)"))
    case .success(let opened): repository = opened
    }
    let inRepository = repositoryPath(path, workTree: repository.workTree, current: current)
    switch repository.file(at: revision, path: inRepository) {
    case .failure(let error):
      return .failure(HistoryError(file: argument, error.message))
    case .success(let data):
      guard data.first(where: { !" \t\r\n".utf8.contains($0) }) == UInt8(ascii: "{") else {
        return .failure(
          HistoryError(
            file: argument,
            "a committed file compared by revision must be a gonogo JSON report; a checklist "
              + "at a revision would be judged against today's evidence. Keep the report of "
              + "each run (gonogo check --output json=PATH) and compare those"))
      }
      return ReportReader.read(data, source: argument)
    }
  }

  /// `./x` and `../x` are relative to the working directory (as in git); anything else is
  /// relative to the repository top.
  private static func repositoryPath(_ path: String, workTree: URL, current: URL) -> String {
    guard path.hasPrefix("./") || path.hasPrefix("../") else { return path }
    let absolute = current.appendingPathComponent(path).standardizedFileURL.path
    let top = workTree.standardizedFileURL.resolvingSymlinksInPath().path
    let here = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
    for base in [workTree.standardizedFileURL.path, top] where here.hasPrefix(base + "/") {
      return String(here.dropFirst(base.count + 1))
    }
    return path
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

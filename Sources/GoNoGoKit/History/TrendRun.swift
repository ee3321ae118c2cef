import Foundation

/// The figures trend keeps of one report: statuses and groups of its gates, its waivers and RAID
/// figures — nothing else, so a thousand big reports never sit in memory at once.
public struct TrendRun: Sendable {
  /// One gate's mark in the run.
  public struct Mark: Sendable {
    /// The gate's id.
    public var id: String
    /// Its status.
    public var status: GateState
    /// `blocker`, `major` or `minor`.
    public var severity: String
    /// Its readiness area ("" when none).
    public var category: String
    /// Its workstream ("" when the report rolls up no program).
    public var workstream: String
  }

  /// Where the report came from.
  public var source: String
  /// The evaluation time.
  public var now: Date
  /// The program.
  public var program: String
  /// The verdict.
  public var verdict: Verdict
  /// The gates, in report order.
  public var marks: [Mark]
  /// The waivers.
  public var waivers: [WaiverSnapshot]
  /// RAID figures summed over the run's raid gates (open items added, stalest the oldest).
  public var raid: RAIDFigures?
  /// What the advisory gates foretell.
  public var advisory: AdvisoryOutlook
  /// Gates evaluated (pass, fail or error) and passed, per workstream (`workstream\0NAME`) and
  /// per category (`category\0NAME`): the run's share of each group's pass rate over the window.
  public var groupCounts: [String: (evaluated: Int, passed: Int)]

  /// Keeps the figures of a report.
  public init(_ report: ReportSnapshot) {
    source = report.source
    now = report.now
    program = report.program
    verdict = report.verdict
    marks = report.gates.map {
      Mark(
        id: $0.id, status: $0.status, severity: $0.severity, category: $0.category ?? "",
        workstream: $0.workstream ?? "")
    }
    waivers = report.waivers.map {
      WaiverSnapshot(gate: $0.gate, state: $0.state, expires: $0.expires, reason: $0.reason)
    }
    var raid: RAIDFigures?
    for gate in report.gates {
      guard let figures = gate.raid else { continue }
      raid = RAIDFigures(
        openItems: (raid?.openItems ?? 0) + figures.openItems,
        stalestAgeDays: [raid?.stalestAgeDays, figures.stalestAgeDays].compactMap { $0 }.max())
    }
    self.raid = raid
    advisory = AdvisoryOutlook(report)
    var workstreams: [String: (evaluated: Int, passed: Int)] = [:]
    var categories: [String: (evaluated: Int, passed: Int)] = [:]
    for mark in marks {
      let passed: Int
      switch mark.status {
      case .pass: passed = 1
      case .fail, .error: passed = 0
      default: continue
      }
      workstreams[mark.workstream, default: (0, 0)].evaluated += 1
      workstreams[mark.workstream, default: (0, 0)].passed += passed
      categories[mark.category, default: (0, 0)].evaluated += 1
      categories[mark.category, default: (0, 0)].passed += passed
    }
    var groupCounts: [String: (evaluated: Int, passed: Int)] = [:]
    for (name, counts) in workstreams { groupCounts["workstream\u{0}" + name] = counts }
    for (name, counts) in categories { groupCounts["category\u{0}" + name] = counts }
    self.groupCounts = groupCounts
  }
}

/// Reads trend input in order: reports from files, or every committed version of one report.
public enum TrendInput {
  /// How many reports are parsed at once (on every core); only their figures are kept.
  static let batch = 32

  /// Reads the reports at `paths`, in parallel batches, keeping only their figures.
  public static func runs(paths: [String]) -> Result<[TrendRun], HistoryError> {
    var runs: [TrendRun] = []
    runs.reserveCapacity(paths.count)
    var start = 0
    while start < paths.count {
      let slice = Array(paths[start..<min(paths.count, start + batch)])
      let results = Parallel.map(slice) { path -> Result<TrendRun, HistoryError> in
        ReportReader.read(path: path, detail: false).map(TrendRun.init)
      }
      for result in results {
        switch result {
        case .success(let run): runs.append(run)
        case .failure(let error): return .failure(error)
        }
      }
      start += batch
    }
    return .success(runs)
  }

  /// Every committed version of `path` in `range`, as runs.
  public static func runs(gitRange range: String, path: String, directory: URL) -> Result<
    [TrendRun], HistoryError
  > {
    let label = "\(range):\(path)"
    let repository: GitRevisions
    switch GitRevisions.open(containing: directory) {
    case .failure(let error): return .failure(HistoryError(file: label, error.message))
    case .success(let opened): repository = opened
    }
    switch repository.versions(in: range, path: path) {
    case .failure(let error): return .failure(HistoryError(file: label, error.message))
    case .success(let versions):
      var runs: [TrendRun] = []
      for version in versions {
        let source = "\(version.commit.prefix(12)):\(path)"
        switch ReportReader.read(version.data, source: source, detail: false) {
        case .success(let report): runs.append(TrendRun(report))
        case .failure(let error): return .failure(error)
        }
      }
      return .success(runs)
    }
  }
}

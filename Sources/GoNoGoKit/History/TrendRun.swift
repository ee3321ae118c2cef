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
    var groups = GroupNumbers()
    self.init(report, groups: &groups)
  }

  /// Keeps the figures of a report, numbering its groups with those of the reports read before
  /// it on this thread.
  init(_ report: ReportSnapshot, groups: inout GroupNumbers) {
    source = report.source
    now = report.now
    program = report.program
    verdict = report.verdict
    // Fields are read in place: copying a whole gate snapshot retains every string it holds.
    let gates = report.gates
    var marks: [Mark] = []
    marks.reserveCapacity(gates.count)
    var raid: RAIDFigures?
    for index in gates.indices {
      marks.append(
        Mark(
          id: gates[index].id, status: gates[index].status, severity: gates[index].severity,
          category: gates[index].category ?? "", workstream: gates[index].workstream ?? ""))
      guard let figures = gates[index].raid else { continue }
      raid = RAIDFigures(
        openItems: (raid?.openItems ?? 0) + figures.openItems,
        stalestAgeDays: [raid?.stalestAgeDays, figures.stalestAgeDays].compactMap { $0 }.max())
    }
    self.marks = marks
    waivers = report.waivers.map {
      WaiverSnapshot(gate: $0.gate, state: $0.state, expires: $0.expires, reason: $0.reason)
    }
    self.raid = raid
    advisory = AdvisoryOutlook(report)
    var counts: [(evaluated: Int, passed: Int)] = []
    for position in marks.indices {
      let passed: Int
      switch marks[position].status {
      case .pass: passed = 1
      case .fail, .error: passed = 0
      default: continue
      }
      func count(_ name: String, kind: Int) {
        let number = groups.number(name, kind: kind, position: position)
        if number >= counts.count {
          counts.append(
            contentsOf: repeatElement((evaluated: 0, passed: 0), count: number + 1 - counts.count))
        }
        counts[number].evaluated += 1
        counts[number].passed += passed
      }
      count(marks[position].workstream, kind: 0)
      count(marks[position].category, kind: 1)
    }
    var groupCounts: [String: (evaluated: Int, passed: Int)] = [:]
    for (number, tally) in counts.enumerated() where tally.evaluated > 0 {
      groupCounts[groups.keys[number]] = tally
    }
    self.groupCounts = groupCounts
  }
}

/// The workstream and category names met by one reading thread, each with a number, and the
/// number each gate position had last: a run's gates are counted per group by number, and a
/// gate's group is usually the one it had in the report before (the same string, compared by
/// identity), so a run is counted without hashing a name per gate.
struct GroupNumbers {
  /// Per number, the group's name.
  private var names: [String] = []
  /// Per number, the group's key in ``TrendRun/groupCounts``: "workstream" or "category", NUL,
  /// the name.
  private(set) var keys: [String] = []
  private var numbers: [String: Int] = [:]
  private var byPosition: [Int] = []

  /// The number of group `name` (a workstream or a category, told apart by `kind`), for the
  /// gate at `position`.
  mutating func number(_ name: String, kind: Int, position: Int) -> Int {
    let slot = position &* 2 &+ kind
    if slot < byPosition.count {
      let last = byPosition[slot]
      if last >= 0, names[last] == name { return last }
    } else {
      byPosition.append(contentsOf: repeatElement(-1, count: slot + 1 - byPosition.count))
    }
    let key = kind == 0 ? "workstream\u{0}" + name : "category\u{0}" + name
    let number: Int
    if let known = numbers[key] {
      number = known
    } else {
      number = names.count
      numbers[key] = number
      names.append(name)
      keys.append(key)
    }
    byPosition[slot] = number
    return number
  }
}

/// Reads trend input in order: reports from files, or every committed version of one report.
public enum TrendInput {
  /// Stretches of consecutive reports per core: each stretch is read in order by one thread,
  /// one report at a time, so at most one report a core is in memory, and a gate's strings are
  /// shared with the report before it in the stretch.
  static let stretchesPerCore = 16

  /// Reads the reports at `paths` on every core, keeping only their figures; the first report
  /// (in the order given) that cannot be read is the failure.
  public static func runs(paths: [String]) -> Result<[TrendRun], HistoryError> {
    let stretches = max(1, ProcessInfo.processInfo.activeProcessorCount * stretchesPerCore)
    let length = max(1, (paths.count + stretches - 1) / stretches)
    let ranges = stride(from: 0, to: paths.count, by: length).map {
      $0..<min(paths.count, $0 + length)
    }
    let read = Parallel.map(ranges) { range -> [Result<TrendRun, HistoryError>] in
      let strings = ReportStrings()
      let buffers = JSONTape.Buffers()
      var groups = GroupNumbers()
      var results: [Result<TrendRun, HistoryError>] = []
      results.reserveCapacity(range.count)
      for path in paths[range] {
        let result = ReportReader.read(
          path: path, detail: false, strings: strings, buffers: buffers)
          .map { TrendRun($0, groups: &groups) }
        results.append(result)
        if case .failure = result { break }
      }
      return results
    }
    var runs: [TrendRun] = []
    runs.reserveCapacity(paths.count)
    for result in read.joined() {
      switch result {
      case .success(let run): runs.append(run)
      case .failure(let error): return .failure(error)
      }
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
      let strings = ReportStrings()
      var groups = GroupNumbers()
      for version in versions {
        let source = "\(version.commit.prefix(12)):\(path)"
        switch ReportReader.read(version.data, source: source, detail: false, strings: strings) {
        case .success(let report): runs.append(TrendRun(report, groups: &groups))
        case .failure(let error): return .failure(error)
        }
      }
      return .success(runs)
    }
  }
}

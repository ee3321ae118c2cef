import Foundation

/// Readiness KPIs over a series of go/no-go reports: what a program manager reports weekly.
///
/// - *Pass rate*: passed ÷ evaluated, where evaluated = pass + fail + error; waived gates are
///   counted apart, disabled and advisory gates are left out.
/// - *Blockers / majors failing*: gates of that severity whose status is fail or error.
/// - *Time-to-green*: from the first run a gate failed (fail or error, waived included) to the
///   first later run it passed; still-failing gates are open, aged to their program's last run.
/// - *Flapping*: a gate that flipped between pass and failing at least ``flappingFlips`` times.
/// - *Most often blocking*: runs in which a blocker gate failed.
/// - *Waiver debt*: waivers in use (active) in each program's last run, the sum of their ages
///   (since the first run each was in use, without a break), and waivers that expired while
///   their gate still failed.
/// - *RAID freshness*: open items and the stalest item's age, as raid gates measured them.
public struct TrendReport: Sendable {
  /// How many pass↔fail flips make a gate flapping.
  public static let flappingFlips = 3
  /// How many gates the "most often blocking" list shows.
  public static let topBlocking = 10

  /// One run's figures.
  public struct RunFigures: Sendable, Equatable {
    public var source: String
    public var now: Date
    public var program: String
    public var verdict: Verdict
    public var evaluated: Int
    public var passed: Int
    public var waived: Int
    public var disabled: Int
    public var advisory: Int
    public var blockersFailing: Int
    public var majorsFailing: Int
    public var waiversInUse: Int
    public var raid: RAIDFigures?
    /// passed ÷ evaluated; nil when nothing was evaluated.
    public var passRate: Double? { evaluated == 0 ? nil : Double(passed) / Double(evaluated) }
  }

  /// Figures of one program, workstream or category.
  public struct GroupFigures: Sendable, Equatable {
    /// `program`, `workstream` or `category`.
    public var kind: String
    public var name: String
    /// In the latest run (of each program).
    public var evaluated: Int
    public var passed: Int
    public var waived: Int
    public var blockersFailing: Int
    public var majorsFailing: Int
    /// Over every run.
    public var windowEvaluated: Int
    public var windowPassed: Int
    /// Time-to-green of closed episodes, in seconds: median and worst; open episodes count.
    public var medianGreenSeconds: Int?
    public var worstGreenSeconds: Int?
    public var openEpisodes: Int
    public var passRate: Double? { evaluated == 0 ? nil : Double(passed) / Double(evaluated) }
    public var windowPassRate: Double? {
      windowEvaluated == 0 ? nil : Double(windowPassed) / Double(windowEvaluated)
    }
  }

  /// One failing stretch of a gate.
  public struct Episode: Sendable, Equatable {
    public var program: String
    public var gate: String
    public var category: String
    public var failedAt: Date
    /// When it passed again; nil while still failing.
    public var greenAt: Date?
    /// Seconds from failing to green, or (open) to the program's last run.
    public var seconds: Int
  }

  /// A gate counted in a ranking (flaps or blocking runs).
  public struct GateCount: Sendable, Equatable {
    public var program: String
    public var gate: String
    public var count: Int
    /// Runs in which the gate appeared.
    public var runs: Int
  }

  /// Waiver debt in the latest run of each program.
  public struct WaiverDebt: Sendable, Equatable {
    public var inUse: Int
    public var totalAgeSeconds: Int
    public var expiredWhileNeeded: Int
  }

  /// Reports read, and how many duplicates (same `now` and program) were collapsed.
  public var inputs: Int
  public var duplicates: Int
  /// Runs in time order.
  public var runs: [RunFigures]
  /// Per program, workstream and category.
  public var groups: [GroupFigures]
  /// Every failing stretch, closed and open, in order of failing.
  public var episodes: [Episode]
  /// Flapping gates, most flips first.
  public var flapping: [GateCount]
  /// The gates that most often blocked, most first.
  public var blocking: [GateCount]
  /// Waiver debt.
  public var waiverDebt: WaiverDebt
  /// The advisory outlook of the last run.
  public var advisory: AdvisoryOutlook?
}

extension TrendReport {
  /// Computes the KPIs. Runs are ordered by `now` (then program, then source); a run with the
  /// same `now` and program as an earlier one is a duplicate and is dropped.
  public init(runs input: [TrendRun]) {
    let ordered = input.sorted {
      ($0.now, $0.program, $0.source) < ($1.now, $1.program, $1.source)
    }
    var runs: [TrendRun] = []
    for run in ordered {
      if let last = runs.last, last.now == run.now, last.program == run.program { continue }
      runs.append(run)
    }
    inputs = input.count
    duplicates = input.count - runs.count

    var lastRunOfProgram: [String: Int] = [:]
    for (index, run) in runs.enumerated() { lastRunOfProgram[run.program] = index }

    struct GateHistory {
      var program: String
      var gate: String
      var category: String
      var openSince: Date?
      var lastFailing: Bool?
      var flips = 0
      var blocking = 0
      var runs = 0
    }
    // Gates in the order first seen; a run's marks find theirs through `slots`, which a run
    // with the same gate ids as its program's previous run reuses without a lookup.
    var histories: [GateHistory] = []
    var historyIndex: [String: Int] = [:]
    var previous: [String: (ids: [String], slots: [Int])] = [:]
    var episodes: [Episode] = []
    var figures: [RunFigures] = []
    var window: [String: (evaluated: Int, passed: Int)] = [:]
    var waiverSince: [String: Date] = [:]
    var expiredWhileNeeded: Set<String> = []
    var debt = WaiverDebt(inUse: 0, totalAgeSeconds: 0, expiredWhileNeeded: 0)

    for (index, run) in runs.enumerated() {
      var row = RunFigures(
        source: run.source, now: run.now, program: run.program, verdict: run.verdict,
        evaluated: 0, passed: 0, waived: 0, disabled: 0, advisory: 0, blockersFailing: 0,
        majorsFailing: 0, waiversInUse: 0, raid: run.raid)
      let slots: [Int]
      if let last = previous[run.program], last.ids.count == run.marks.count,
        run.marks.indices.allSatisfy({ last.ids[$0] == run.marks[$0].id })
      {
        slots = last.slots
      } else {
        var fresh: [Int] = []
        fresh.reserveCapacity(run.marks.count)
        for mark in run.marks {
          let key = run.program + "\u{0}" + mark.id
          if let slot = historyIndex[key] {
            fresh.append(slot)
          } else {
            historyIndex[key] = histories.count
            fresh.append(histories.count)
            histories.append(
              GateHistory(program: run.program, gate: mark.id, category: mark.category))
          }
        }
        slots = fresh
        previous[run.program] = (run.marks.map(\.id), fresh)
      }
      var failingNow: Set<String> = []
      let marks = run.marks
      for position in marks.indices {
        // The mark is read in place: copying it retains its four strings.
        let status = marks[position].status
        let blocker = status.isFailing && marks[position].severity == "blocker"
        switch status {
        case .pass:
          row.evaluated += 1
          row.passed += 1
        case .fail, .error:
          row.evaluated += 1
          if blocker { row.blockersFailing += 1 }
          if marks[position].severity == "major" { row.majorsFailing += 1 }
        case .waived: row.waived += 1
        case .disabled: row.disabled += 1
        case .advisory: row.advisory += 1
        }
        let slot = slots[position]
        histories[slot].runs += 1
        if histories[slot].category != marks[position].category {
          histories[slot].category = marks[position].category
        }
        let failing = status.isFailing || status == .waived
        if status.isFailing, !run.waivers.isEmpty { failingNow.insert(marks[position].id) }
        if blocker { histories[slot].blocking += 1 }
        if status == .pass || status.isFailing {
          let isFailing = status.isFailing
          if let last = histories[slot].lastFailing, last != isFailing {
            histories[slot].flips += 1
          }
          histories[slot].lastFailing = isFailing
        }
        if failing, histories[slot].openSince == nil {
          histories[slot].openSince = run.now
        } else if status == .pass, let since = histories[slot].openSince {
          episodes.append(
            Episode(
              program: run.program, gate: marks[position].id, category: marks[position].category,
              failedAt: since, greenAt: run.now, seconds: Int(run.now.timeIntervalSince(since))))
          histories[slot].openSince = nil
        }
      }
      let programTotals = (evaluated: row.evaluated, passed: row.passed)
      window["program\u{0}" + run.program, default: (0, 0)].evaluated += programTotals.evaluated
      window["program\u{0}" + run.program, default: (0, 0)].passed += programTotals.passed
      for (group, counts) in run.groupCounts {
        window[group, default: (0, 0)].evaluated += counts.evaluated
        window[group, default: (0, 0)].passed += counts.passed
      }
      var activeKeys: Set<String> = []
      for waiver in run.waivers {
        let key = run.program + "\u{0}" + waiver.gate + "\u{0}" + waiver.reason
        if waiver.state == "active" {
          row.waiversInUse += 1
          activeKeys.insert(key)
          if waiverSince[key] == nil { waiverSince[key] = run.now }
        } else if waiver.state == "expired", failingNow.contains(waiver.gate) {
          expiredWhileNeeded.insert(key + "\u{0}" + (waiver.expires ?? ""))
        }
      }
      for key in waiverSince.keys
      where key.hasPrefix(run.program + "\u{0}") && !activeKeys.contains(key) {
        waiverSince[key] = nil
      }
      if lastRunOfProgram[run.program] == index {
        debt.inUse += row.waiversInUse
        for key in activeKeys {
          debt.totalAgeSeconds += Int(run.now.timeIntervalSince(waiverSince[key] ?? run.now))
        }
      }
      figures.append(row)
    }
    debt.expiredWhileNeeded = expiredWhileNeeded.count

    // Open episodes, aged to their program's last run.
    for history in histories {
      guard let since = history.openSince,
        let last = lastRunOfProgram[history.program]
      else { continue }
      episodes.append(
        Episode(
          program: history.program, gate: history.gate, category: history.category,
          failedAt: since, greenAt: nil,
          seconds: Int(runs[last].now.timeIntervalSince(since))))
    }
    episodes.sort { ($0.failedAt, $0.program, $0.gate) < ($1.failedAt, $1.program, $1.gate) }

    self.runs = figures
    self.episodes = episodes
    let counted = histories
    flapping =
      counted.filter { $0.flips >= TrendReport.flappingFlips }
      .map { GateCount(program: $0.program, gate: $0.gate, count: $0.flips, runs: $0.runs) }
      .sorted { ($1.count, $0.program, $0.gate) < ($0.count, $1.program, $1.gate) }
    blocking = Array(
      counted.filter { $0.blocking > 0 }
        .map { GateCount(program: $0.program, gate: $0.gate, count: $0.blocking, runs: $0.runs) }
        .sorted { ($1.count, $0.program, $0.gate) < ($0.count, $1.program, $1.gate) }
        .prefix(TrendReport.topBlocking))
    waiverDebt = debt
    advisory = runs.last.map(\.advisory)
    groups = TrendReport.groups(
      runs: runs, lastRunOfProgram: lastRunOfProgram, window: window, episodes: episodes)
  }

  private static func groups(
    runs: [TrendRun], lastRunOfProgram: [String: Int],
    window: [String: (evaluated: Int, passed: Int)], episodes: [Episode]
  ) -> [GroupFigures] {
    var latest: [String: GroupFigures] = [:]
    var order: [String] = []
    func touch(_ kind: String, _ name: String) -> String {
      let key = kind + "\u{0}" + name
      if latest[key] == nil {
        let totals = window[key] ?? (0, 0)
        latest[key] = GroupFigures(
          kind: kind, name: name, evaluated: 0, passed: 0, waived: 0, blockersFailing: 0,
          majorsFailing: 0, windowEvaluated: totals.evaluated, windowPassed: totals.passed,
          medianGreenSeconds: nil, worstGreenSeconds: nil, openEpisodes: 0)
        order.append(key)
      }
      return key
    }
    for index in lastRunOfProgram.values.sorted() {
      let run = runs[index]
      _ = touch("program", run.program)
      for mark in run.marks {
        for key in [
          touch("program", run.program), touch("workstream", mark.workstream),
          touch("category", mark.category),
        ] {
          guard var group = latest[key] else { continue }
          switch mark.status {
          case .pass:
            group.evaluated += 1
            group.passed += 1
          case .fail, .error:
            group.evaluated += 1
            if mark.severity == "blocker" { group.blockersFailing += 1 }
            if mark.severity == "major" { group.majorsFailing += 1 }
          case .waived: group.waived += 1
          default: break
          }
          latest[key] = group
        }
      }
    }
    for (kind, name) in Set(episodes.map { ("category", $0.category) }.map { "\($0.0)\u{0}\($0.1)" })
      .sorted().compactMap({ key -> (String, String)? in
        let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
      })
    {
      let key = touch(kind, name)
      let mine = episodes.filter { $0.category == name }
      let closed = mine.filter { $0.greenAt != nil }.map(\.seconds).sorted()
      latest[key]?.openEpisodes = mine.count - closed.count
      latest[key]?.worstGreenSeconds = closed.last
      if !closed.isEmpty {
        let middle = closed.count / 2
        latest[key]?.medianGreenSeconds =
          closed.count % 2 == 1 ? closed[middle] : (closed[middle - 1] + closed[middle]) / 2
      }
    }
    let kindOrder = ["program": 0, "workstream": 1, "category": 2]
    return order.compactMap { latest[$0] }
      .filter { !($0.kind == "workstream" && $0.name.isEmpty) }
      .sorted { ((kindOrder[$0.kind] ?? 3), $0.name) < ((kindOrder[$1.kind] ?? 3), $1.name) }
  }
}

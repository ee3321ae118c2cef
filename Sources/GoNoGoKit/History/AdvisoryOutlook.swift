import Foundation

/// What a report's advisory gates foretell: how many would fail if enforced, and how soon the
/// first of those becomes enforced ("3 advisory gates would fail; 1 becomes enforced in 4 days").
public struct AdvisoryOutlook: Sendable, Equatable {
  /// Advisory gates in the report.
  public var advisory: Int
  /// Advisory gates whose would-be status is fail or error.
  public var wouldFail: Int
  /// Of those, how many become enforced on the soonest date, and in how many days.
  public var soonest: (count: Int, days: Int)?

  /// Reads the outlook off a report.
  public init(_ report: ReportSnapshot) {
    var advisory = 0
    var wouldFail = 0
    var byDays: [Int: Int] = [:]
    // Fields are read in place: copying a whole gate snapshot retains every string it holds.
    let gates = report.gates
    for index in gates.indices where gates[index].status == .advisory {
      advisory += 1
      guard gates[index].wouldBe?.isFailing == true else { continue }
      wouldFail += 1
      if let text = gates[index].advisoryUntil, let until = DateValue(parsing: text)?.start {
        let days = max(0, Int((until.timeIntervalSince(report.now) / 86_400).rounded(.up)))
        byDays[days, default: 0] += 1
      }
    }
    self.advisory = advisory
    self.wouldFail = wouldFail
    soonest = byDays.keys.min().map { (count: byDays[$0] ?? 0, days: $0) }
  }

  /// "3 advisory gates would fail; 1 becomes enforced in 4 days", or nil with no advisory gate.
  public var sentence: String? {
    guard advisory > 0 else { return nil }
    guard wouldFail > 0 else {
      return "\(advisory) advisory gate\(advisory == 1 ? "" : "s"), none would fail"
    }
    var text = "\(wouldFail) advisory gate\(wouldFail == 1 ? "" : "s") would fail"
    if let soonest {
      let verb = soonest.count == 1 ? "becomes" : "become"
      let when =
        soonest.days == 0
        ? "today" : "in \(soonest.days) day\(soonest.days == 1 ? "" : "s")"
      text += "; \(soonest.count) \(verb) enforced \(when)"
    }
    return text
  }

  public static func == (lhs: AdvisoryOutlook, rhs: AdvisoryOutlook) -> Bool {
    lhs.advisory == rhs.advisory && lhs.wouldFail == rhs.wouldFail
      && lhs.soonest?.count == rhs.soonest?.count && lhs.soonest?.days == rhs.soonest?.days
  }
}

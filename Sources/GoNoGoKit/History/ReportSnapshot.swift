import Foundation

/// A gonogo JSON report read back for comparison: the parts diff and trend look at.
///
/// Read by ``ReportReader`` from `gonogo.report/v1` (any 1.x `schema_version`); fields added by
/// later minor versions are optional here, so an older report reads with them empty.
public struct ReportSnapshot: Sendable, Equatable {
  /// Where the report came from, as the user named it (a path or `REV:PATH`).
  public var source: String
  /// The `schema_version` the report declares ("1.0" when it has none).
  public var schemaVersion: String
  /// The evaluation time.
  public var now: Date
  /// The evaluation time as written in the report.
  public var nowText: String
  /// The program released.
  public var program: String
  /// The release.
  public var release: String
  /// The verdict.
  public var verdict: Verdict
  /// Gate outcomes, in report order.
  public var gates: [GateSnapshot]
  /// Waivers and their states.
  public var waivers: [WaiverSnapshot]
  /// Evidence file digests (path → sha256), or nil when the report carries none.
  public var evidenceDigests: [String: String]?
  /// Rollout forecasts, one per plan.
  public var rollout: [PlanForecast]

  /// Creates a snapshot.
  public init(
    source: String, schemaVersion: String = "1.0", now: Date, nowText: String, program: String,
    release: String, verdict: Verdict, gates: [GateSnapshot], waivers: [WaiverSnapshot] = [],
    evidenceDigests: [String: String]? = nil, rollout: [PlanForecast] = []
  ) {
    self.source = source
    self.schemaVersion = schemaVersion
    self.now = now
    self.nowText = nowText
    self.program = program
    self.release = release
    self.verdict = verdict
    self.gates = gates
    self.waivers = waivers
    self.evidenceDigests = evidenceDigests
    self.rollout = rollout
  }
}

/// A gate's status as a report states it, including `advisory` (reported, not enforced).
public enum GateState: String, Sendable, Equatable, CaseIterable, Comparable {
  case pass, advisory, disabled, waived, fail, error

  /// The state spelled by `bytes` (UTF-8), without building a string; nil for another word.
  init?(utf8 bytes: UnsafeRawBufferPointer) {
    let state: GateState? =
      switch bytes.count {
      case 4:
        JSONTape.equal(bytes, "pass") ? .pass : JSONTape.equal(bytes, "fail") ? .fail : nil
      case 5: JSONTape.equal(bytes, "error") ? .error : nil
      case 6: JSONTape.equal(bytes, "waived") ? .waived : nil
      case 8:
        JSONTape.equal(bytes, "advisory")
          ? .advisory : JSONTape.equal(bytes, "disabled") ? .disabled : nil
      default: nil
      }
    guard let state else { return nil }
    self = state
  }

  /// The order used to call a change "worse": pass, disabled and advisory (nothing blocks) <
  /// waived (a failure someone accepted) < fail < error (could not even be evaluated).
  public var rank: Int {
    switch self {
    case .pass, .disabled, .advisory: 0
    case .waived: 1
    case .fail: 2
    case .error: 3
    }
  }

  /// Fail or error: the gate counts against the verdict.
  public var isFailing: Bool { self == .fail || self == .error }

  public static func < (lhs: GateState, rhs: GateState) -> Bool { lhs.rank < rhs.rank }
}

/// One gate of a read-back report.
public struct GateSnapshot: Sendable, Equatable {
  /// The gate's id.
  public var id: String
  /// Its title.
  public var title: String
  /// Who must act.
  public var owner: String
  /// `blocker`, `major` or `minor`.
  public var severity: String
  /// Readiness area, when set.
  public var category: String?
  /// The program workstream, in a roll-up.
  public var workstream: String?
  /// Final status.
  public var status: GateState
  /// For an advisory gate, the status it would have if enforced.
  public var wouldBe: GateState?
  /// For an advisory gate, the civil date (YYYY-MM-DD) it becomes enforced.
  public var advisoryUntil: String?
  /// Where the gate is defined, `file:line:column`.
  public var location: String
  /// What the gate checks: its check kinds and evidence paths, for recognising a renamed gate.
  public var check: String
  /// The findings' statuses and messages, in order.
  public var findings: [FindingSnapshot]
  /// Open RAID items and the stalest one's age in days, when a raid check measured them.
  public var raid: RAIDFigures?

  /// Creates a gate snapshot.
  public init(
    id: String, title: String = "", owner: String = "", severity: String = "major",
    category: String? = nil, workstream: String? = nil, status: GateState,
    wouldBe: GateState? = nil, advisoryUntil: String? = nil, location: String = "",
    check: String = "", findings: [FindingSnapshot] = [], raid: RAIDFigures? = nil
  ) {
    self.id = id
    self.title = title
    self.owner = owner
    self.severity = severity
    self.category = category
    self.workstream = workstream
    self.status = status
    self.wouldBe = wouldBe
    self.advisoryUntil = advisoryUntil
    self.location = location
    self.check = check
    self.findings = findings
    self.raid = raid
  }
}

/// One finding of a read-back gate.
public struct FindingSnapshot: Sendable, Equatable {
  /// `pass`, `fail` or `error`.
  public var status: String
  /// What was found.
  public var message: String

  /// Creates a finding snapshot.
  public init(status: String, message: String) {
    self.status = status
    self.message = message
  }
}

/// RAID freshness figures a raid check measured.
public struct RAIDFigures: Sendable, Equatable {
  /// Items still open.
  public var openItems: Int
  /// Age in days of the open item updated longest ago; nil when no open item has a date.
  public var stalestAgeDays: Int?

  /// Creates RAID figures.
  public init(openItems: Int, stalestAgeDays: Int?) {
    self.openItems = openItems
    self.stalestAgeDays = stalestAgeDays
  }
}

/// One waiver of a read-back report.
public struct WaiverSnapshot: Sendable, Equatable {
  /// The waived gate's id.
  public var gate: String
  /// `active`, `unused`, `expired`, `unapproved` or `no-expiry`.
  public var state: String
  /// Expiry as written (YYYY-MM-DD), when set.
  public var expires: String?
  /// Who approved it.
  public var approvedBy: String?
  /// Why.
  public var reason: String

  /// Creates a waiver snapshot.
  public init(
    gate: String, state: String, expires: String? = nil, approvedBy: String? = nil,
    reason: String = ""
  ) {
    self.gate = gate
    self.state = state
    self.expires = expires
    self.approvedBy = approvedBy
    self.reason = reason
  }
}

/// One rollout plan's forecast: when each phase starts.
public struct PlanForecast: Sendable, Equatable {
  /// The service the plan rolls out.
  public var service: String
  /// Phase name and forecast start, in plan order; nil start when unscheduled.
  public var phases: [(name: String, start: Date?, text: String?)]

  /// Creates a forecast.
  public init(service: String, phases: [(name: String, start: Date?, text: String?)]) {
    self.service = service
    self.phases = phases
  }

  public static func == (lhs: PlanForecast, rhs: PlanForecast) -> Bool {
    lhs.service == rhs.service && lhs.phases.count == rhs.phases.count
      && zip(lhs.phases, rhs.phases).allSatisfy {
        $0.name == $1.name && $0.start == $1.start && $0.text == $1.text
      }
  }
}

import Foundation

/// The machine-readable trend, schema `gonogo.trend/v1` (`gates/schemas/trend.schema.json`).
public enum TrendJSONRenderer {
  /// The schema id written in every trend.
  public static let schema = "gonogo.trend/v1"

  /// Pretty-printed JSON with sorted keys and a final newline.
  public static func render(_ trend: TrendReport) -> String {
    value(trend).serialized() + "\n"
  }

  static func rate(_ value: Double?) -> JSONValue {
    value.map { .double(($0 * 10_000).rounded() / 10_000) } ?? .null
  }

  static func days(_ seconds: Int?) -> JSONValue {
    seconds.map { .double((Double($0) / 86_400 * 100).rounded() / 100) } ?? .null
  }

  /// The trend as a JSON value.
  public static func value(_ trend: TrendReport) -> JSONValue {
    let runs: [JSONValue] = trend.runs.map { run in
      var object: [String: JSONValue] = [
        "source": .string(run.source), "now": .string(DateValue.iso8601(run.now)),
        "program": .string(run.program), "verdict": .string(run.verdict.rawValue),
        "evaluated": .int(run.evaluated), "passed": .int(run.passed), "waived": .int(run.waived),
        "disabled": .int(run.disabled), "advisory": .int(run.advisory),
        "blockers_failing": .int(run.blockersFailing), "majors_failing": .int(run.majorsFailing),
        "waivers_in_use": .int(run.waiversInUse), "pass_rate": rate(run.passRate),
      ]
      if let raid = run.raid {
        object["raid"] = [
          "open_items": .int(raid.openItems), "stalest_age_days": .int(raid.stalestAgeDays),
        ]
      }
      return .object(object)
    }
    let groups: [JSONValue] = trend.groups.map { group in
      [
        "kind": .string(group.kind), "name": .string(group.name),
        "evaluated": .int(group.evaluated), "passed": .int(group.passed),
        "waived": .int(group.waived), "pass_rate": rate(group.passRate),
        "blockers_failing": .int(group.blockersFailing),
        "majors_failing": .int(group.majorsFailing),
        "window_evaluated": .int(group.windowEvaluated),
        "window_passed": .int(group.windowPassed), "window_pass_rate": rate(group.windowPassRate),
        "median_days_to_green": days(group.medianGreenSeconds),
        "worst_days_to_green": days(group.worstGreenSeconds),
        "open_failures": .int(group.openEpisodes),
      ]
    }
    let episodes: [JSONValue] = trend.episodes.map { episode in
      [
        "program": .string(episode.program), "gate": .string(episode.gate),
        "category": .string(episode.category),
        "failed_at": .string(DateValue.iso8601(episode.failedAt)),
        "green_at": episode.greenAt.map { .string(DateValue.iso8601($0)) } ?? .null,
        "days": days(episode.seconds), "open": .bool(episode.greenAt == nil),
      ]
    }
    let count = { (list: [TrendReport.GateCount], key: String) -> JSONValue in
      .array(
        list.map {
          [
            "program": .string($0.program), "gate": .string($0.gate), key: .int($0.count),
            "runs": .int($0.runs),
          ]
        })
    }
    var object: [String: JSONValue] = [
      "schema": .string(schema),
      "inputs": .int(trend.inputs),
      "duplicates_collapsed": .int(trend.duplicates),
      "runs": .array(runs),
      "groups": .array(groups),
      "time_to_green": .array(episodes),
      "flapping": count(trend.flapping, "flips"),
      "blocking": count(trend.blocking, "runs_blocking"),
      "waiver_debt": [
        "in_use": .int(trend.waiverDebt.inUse),
        "total_age_days": days(trend.waiverDebt.totalAgeSeconds),
        "expired_while_needed": .int(trend.waiverDebt.expiredWhileNeeded),
      ],
    ]
    if let advisory = trend.advisory { object["advisory"] = DiffJSONRenderer.outlook(advisory) }
    return .object(object)
  }
}

import Foundation
import LocatedYAML

/// `coverage`: line and branch coverage reach their minimums.
public struct CoverageCheck: Check {
  public static let description = CheckDescription(
    kind: "coverage",
    summary: "Line and branch coverage from Cobertura XML, JaCoCo XML or LCOV (told apart by "
      + "their content; several files are added up) reach their minimums.",
    parameters: [
      .init("min_line_rate", "percentage", "Lowest share of coverable lines that must be covered."),
      .init(
        "min_branch_rate", "percentage",
        "Lowest share of branches that must be taken; a report without branch data is an error."),
    ],
    examples: [
      CheckExample(
        "kind: coverage\nfile: coverage.xml\nmin_line_rate: 80%",
        files: ["coverage.xml": CoverageCheck.exampleCobertura], expected: .pass),
      CheckExample(
        "kind: coverage\nfile: coverage.xml\nmin_line_rate: 90%",
        files: ["coverage.xml": CoverageCheck.exampleCobertura], expected: .fail),
      CheckExample(
        "kind: coverage\nfile: coverage.xml\nmin_branch_rate: 70%",
        files: ["coverage.xml": CoverageCheck.exampleCobertura], expected: .fail),
      CheckExample(
        "kind: coverage\nfile: lcov.info\nmin_line_rate: 75%",
        files: [
          "lcov.info": "SF:src/cart.js\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nLF:4\nLH:3\nend_of_record\n"
        ],
        expected: .pass),
      CheckExample(
        "kind: coverage\nfile: jacoco.xml\nmin_line_rate: 80%",
        files: [
          "jacoco.xml":
            "<report name=\"cart\"><counter type=\"LINE\" missed=\"30\" covered=\"70\"/></report>"
        ], expected: .fail),
      CheckExample(
        "kind: coverage\nfile: coverage.xml\nmin_line_rate: 80%",
        files: [
          "coverage.xml": "<coverage line-rate=\"1.0\" lines-covered=\"0\" lines-valid=\"0\"/>"
        ],
        expected: .error),
    ])

  static let exampleCobertura = """
    <coverage line-rate="0.85" branch-rate="0.6" lines-covered="170" lines-valid="200" \
    branches-covered="30" branches-valid="50"/>
    """

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let minLineRate: Percentage?
  let minBranchRate: Percentage?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    minLineRate = fields.percentage("min_line_rate")
    minBranchRate = fields.percentage("min_branch_rate")
    if !fields.has("min_line_rate") && !fields.has("min_branch_rate") {
      parameters.sink.error(
        location, "a coverage check needs min_line_rate or min_branch_rate",
        hint: "add e.g. 'min_line_rate: 80%'")
      return nil
    }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var reports: [(file: EvidenceFile, report: CoverageReport)] = []
    for file in files {
      switch context.cache.document(CoverageReader.self, for: file) {
      case .success(let report): reports.append((file, report))
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      }
    }
    guard findings.isEmpty, !reports.isEmpty else { return findings }
    return judge(reports)
  }

  private func judge(_ reports: [(file: EvidenceFile, report: CoverageReport)]) -> [Finding] {
    let place =
      reports.count == 1
      ? "\(reports[0].file.path) (\(reports[0].report.format.rawValue))" : "\(reports.count) files"
    let location = reports.count == 1 ? EvidenceLocation(file: reports[0].file.path) : nil
    let line: Measure
    switch Measure.combine(reports, \.lines, \.lineRate, noun: "line") {
    case .success(let measure): line = measure
    case .failure(let error): return [.error(error.message, evidence: location)]
    }
    var measured: [String: JSONValue] = ["line_rate": .double(line.rate)]
    if let count = line.count {
      measured["lines_covered"] = .int(count.covered)
      measured["lines_valid"] = .int(count.total)
    }
    guard line.total != 0 else {
      return [
        Finding(
          .error, "\(place) covers no lines (0 coverable), so it is no evidence of coverage",
          evidence: location, measured: ["lines_covered": 0, "lines_valid": 0])
      ]
    }
    var expected: [String: JSONValue] = [:]
    if let minLineRate { expected["min_line_rate"] = .double(minLineRate.fraction) }
    if let minBranchRate { expected["min_branch_rate"] = .double(minBranchRate.fraction) }
    var branch: Measure?
    if let minBranchRate,
      let bare = reports.first(where: { !CoverageCheck.hasBranchData($0.report) })
    {
      measured["branch_rate"] = .null
      return [
        Finding(
          .error,
          "no branch data was collected in \(bare.file.path) (\(bare.report.format.rawValue)), "
            + "so min_branch_rate \(minBranchRate.text) cannot be judged; collect branch "
            + "coverage (coverage.py run --branch, lcov --rc branch_coverage=1) or drop "
            + "min_branch_rate", evidence: location, measured: measured, expected: expected)
      ]
    }
    switch Measure.combine(reports, \.branches, \.branchRate, noun: "branch") {
    case .success(let measure) where measure.total != 0: branch = measure
    case .failure(let error) where minBranchRate != nil:
      return [.error(error.message, evidence: location)]
    case .success, .failure: branch = nil
    }
    var violations: [String] = []
    if let minLineRate, line.rate < minLineRate.fraction {
      violations.append("line coverage below min_line_rate \(minLineRate.text)")
    }
    if let minBranchRate, let branch, branch.rate < minBranchRate.fraction {
      violations.append("branch coverage below min_branch_rate \(minBranchRate.text)")
    }
    var message = "\(place): lines \(line.text(noun: "line"))"
    if let branch { message += ", branches \(branch.text(noun: "branch"))" }
    if !violations.isEmpty { message += "; " + violations.joined(separator: "; ") }
    measured["branch_rate"] = branch.map { .double($0.rate) } ?? .null
    if let count = branch?.count {
      measured["branches_covered"] = .int(count.covered)
      measured["branches_valid"] = .int(count.total)
    }
    return [
      Finding(
        violations.isEmpty ? .pass : .fail, message, evidence: location, measured: measured,
        expected: expected)
    ]
  }
}

extension CoverageCheck {
  /// True when the report measured branches: counted some, or (alone) stated a branch rate that
  /// the reader kept.
  static func hasBranchData(_ report: CoverageReport) -> Bool {
    if let branches = report.branches { return branches.total > 0 }
    return report.branchRate != nil
  }
}

/// A coverage figure: counts when the reports give them, else a single report's stated rate.
private struct Measure {
  var count: CoverageReport.Count?
  var rate: Double
  /// Coverable items, nil when only a rate is known.
  var total: Int? { count?.total }

  func text(noun: String) -> String {
    guard let count else { return Percentage.floor(rate) + " (rate stated without counts)" }
    let nouns = count.total == 1 ? noun : noun == "branch" ? "branches" : noun + "s"
    return Percentage.floor(rate) + " (\(count.covered) of \(count.total) \(nouns))"
  }

  static func combine(
    _ reports: [(file: EvidenceFile, report: CoverageReport)],
    _ count: KeyPath<CoverageReport, CoverageReport.Count?>,
    _ rate: KeyPath<CoverageReport, Double?>,
    noun: String
  ) -> Result<Measure, EvidenceError> {
    if reports.count == 1, reports[0].report[keyPath: count] == nil {
      guard let rate = reports[0].report[keyPath: rate] else {
        return .failure(
          EvidenceError(
            "\(reports[0].file.path) gives no \(noun) coverage: it counts no \(noun)s and states "
              + "no \(noun) rate; regenerate the report from a test run that loaded the code"))
      }
      return .success(Measure(count: nil, rate: rate))
    }
    var sum = CoverageReport.Count(covered: 0, total: 0)
    for (file, report) in reports {
      guard let part = report[keyPath: count] else {
        return .failure(
          EvidenceError(
            "\(file.path) gives no \(noun) counts, so it cannot be added to the other reports"))
      }
      sum.covered += part.covered
      sum.total += part.total
    }
    return .success(
      Measure(count: sum, rate: sum.total == 0 ? 0 : Double(sum.covered) / Double(sum.total)))
  }
}

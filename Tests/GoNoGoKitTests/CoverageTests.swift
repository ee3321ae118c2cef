import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Every producer's report reads as the producer summarised it.
@Suite struct CoverageProducerTests {
  typealias Count = CoverageReport.Count

  /// coverage.py 7.17.4 `report`: TOTAL 61 statements, 8 missed, 12 branches, 2 partial
  /// (8 of 12 branches taken).
  @Test func coveragePyXMLAndLCOVAgree() throws {
    let xml = try JUnitCoverageFixtures.coverage("coverage-py.xml")
    #expect(xml.format == .cobertura)
    #expect(xml.lines == Count(covered: 53, total: 61))
    #expect(xml.branches == Count(covered: 8, total: 12))
    let lcov = try JUnitCoverageFixtures.coverage("coverage-py.lcov")
    #expect(lcov.format == .lcov)
    #expect(lcov.lines == Count(covered: 53, total: 61))
    #expect(lcov.branches == Count(covered: 8, total: 12))
  }

  /// gcovr 8.8: "Lines 19, Exec 13" and "Branches 14, Taken 9"; the Cobertura file declares
  /// a DTD over https, which is never fetched.
  @Test func gcovrCoberturaAndLCOVAgree() throws {
    for name in ["gcovr-cobertura.xml", "gcovr.lcov"] {
      let report = try JUnitCoverageFixtures.coverage(name)
      #expect(report.lines == Count(covered: 13, total: 19), "\(name)")
      #expect(report.branches == Count(covered: 9, total: 14), "\(name)")
    }
  }

  /// Two gcovr tracefiles concatenated repeat the same SF: merged line by line they give what
  /// `gcovr --json-add-tracefile` reports for the two runs together (17 of 19 lines, 10 of 14
  /// branches), not the sum of both records (25 of 38).
  @Test func repeatedSourceFilesMergeLineByLine() throws {
    let report = try JUnitCoverageFixtures.coverage("gcovr-concatenated.lcov")
    #expect(report.lines == Count(covered: 17, total: 19))
    #expect(report.branches == Count(covered: 10, total: 14))
  }

  /// JaCoCo repeats counters at every level; only those directly under <report> are totals.
  @Test func jacocoTotalsComeFromTheReportCounters() throws {
    let report = try JUnitCoverageFixtures.coverage("jacoco.xml")
    #expect(report.format == .jacoco)
    #expect(report.lines == Count(covered: 32, total: 40))
    #expect(report.branches == Count(covered: 8, total: 12))
  }

  @Test func coberturaWithoutCountsFallsBackToLinesThenRates() throws {
    let lines = try JUnitCoverageFixtures.coverage("cobertura-lines-only.xml")
    #expect(lines.lines == Count(covered: 4, total: 5))
    #expect(lines.branches == Count(covered: 1, total: 2))
    let rates = try JUnitCoverageFixtures.coverage("cobertura-rates-only.xml")
    #expect(rates.lines == nil)
    #expect(rates.lineRate == 0.912)
    #expect(rates.branchRate == 0.75)
  }

  /// gcovr run with no coverage data writes `line-rate="1.0"` over zero lines.
  @Test func emptyReportsReadAsZeroLines() throws {
    #expect(
      try JUnitCoverageFixtures.coverage("gcovr-empty.xml").lines == Count(covered: 0, total: 0))
    #expect(
      try JUnitCoverageFixtures.coverage("gcovr-empty.lcov").lines == Count(covered: 0, total: 0))
  }
}

@Suite struct CoverageCheckTests {
  @Test func coveragePyMeetsItsLineRateButNotItsBranchRate() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfile: coverage-py.xml\nmin_line_rate: 85%\nmin_branch_rate: 70%",
      folder: "coverage")
    #expect(
      findings == [
        Finding(
          .fail,
          "coverage-py.xml (Cobertura): lines 86.88% (53 of 61 lines), branches 66.66% (8 of 12 "
            + "branches); branch coverage below min_branch_rate 70%",
          evidence: EvidenceLocation(file: "coverage-py.xml"),
          measured: [
            "line_rate": .double(53.0 / 61.0), "branch_rate": .double(8.0 / 12.0),
            "lines_covered": 53, "lines_valid": 61, "branches_covered": 8, "branches_valid": 12,
          ], expected: ["min_line_rate": 0.85, "min_branch_rate": 0.7])
      ])
  }

  @Test func gcovrFailsItsLineRate() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfile: gcovr.lcov\nmin_line_rate: 80%", folder: "coverage")
    #expect(
      findings.map(\.message) == [
        "gcovr.lcov (LCOV): lines 68.42% (13 of 19 lines), branches 64.28% (9 of 14 branches); "
          + "line coverage below min_line_rate 80%"
      ])
    #expect(findings.map(\.status) == [.fail])
  }

  @Test func severalReportsAreAddedUp() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfiles: [gcovr-cobertura.xml, jacoco.xml]\nmin_line_rate: 75%",
      folder: "coverage")
    #expect(
      findings.map(\.message) == [
        "2 files: lines 76.27% (45 of 59 lines), branches 65.38% (17 of 26 branches)"
      ])
    #expect(findings.map(\.status) == [.pass])
  }

  @Test func aStatedRateServesOnlyAlone() throws {
    let alone = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfile: cobertura-rates-only.xml\nmin_line_rate: 90%", folder: "coverage")
    #expect(
      alone.map(\.message) == [
        "cobertura-rates-only.xml (Cobertura): lines 91.2% (rate stated without counts), "
          + "branches 75% (rate stated without counts)"
      ])
    #expect(alone.first?.measured == ["line_rate": 0.912, "branch_rate": 0.75])
    let merged = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfiles: [cobertura-rates-only.xml, jacoco.xml]\nmin_line_rate: 90%",
      folder: "coverage")
    #expect(
      merged == [
        .error(
          "cobertura-rates-only.xml gives no line counts, so it cannot be added to the other "
            + "reports"
        )
      ])
  }

  @Test(arguments: ["gcovr-empty.xml", "gcovr-empty.lcov"])
  func reportCoveringNoLineIsNoEvidence(_ name: String) throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfile: \(name)\nmin_line_rate: 80%", folder: "coverage")
    let format = name.hasSuffix(".xml") ? "Cobertura" : "LCOV"
    #expect(
      findings == [
        Finding(
          .error,
          "\(name) (\(format)) covers no lines (0 coverable), so it is no evidence of coverage",
          evidence: EvidenceLocation(file: name), measured: ["lines_covered": 0, "lines_valid": 0])
      ])
  }

  @Test func branchRateNeedsBranchData() throws {
    let file =
      "<coverage lines-covered=\"9\" lines-valid=\"10\" branches-covered=\"0\" "
      + "branches-valid=\"0\"/>"
    let findings = try evaluate(
      "kind: coverage\nfile: coverage.xml\nmin_branch_rate: 50%", files: ["coverage.xml": file])
    #expect(
      findings.map(\.message) == [
        "no branch data was collected in coverage.xml (Cobertura), so min_branch_rate 50% cannot "
          + "be judged; collect branch coverage (coverage.py run --branch, lcov --rc "
          + "branch_coverage=1) or drop min_branch_rate"
      ])
    #expect(findings.map(\.status) == [.error])
    let lineOnly = try evaluate(
      "kind: coverage\nfile: coverage.xml\nmin_line_rate: 90%", files: ["coverage.xml": file])
    #expect(lineOnly.map(\.message) == ["coverage.xml (Cobertura): lines 90% (9 of 10 lines)"])
    #expect(lineOnly.first?.measured?["branch_rate"] == .null)
  }

  @Test func malformedLCOVIsAnErrorAtItsLine() throws {
    let findings = try evaluate(
      "kind: coverage\nfile: lcov.info\nmin_line_rate: 80%",
      files: ["lcov.info": "TN:\nSF:src/a.c\nDA:1,1\nDA:two,1\nend_of_record\n"])
    #expect(
      findings == [
        .error(
          "lcov.info is not a valid LCOV tracefile: line 4 has DA 'two,1', not 'line,hits'",
          evidence: EvidenceLocation(file: "lcov.info", line: 4))
      ])
  }

  @Test func truncatedLCOVIsAnError() throws {
    let findings = try evaluate(
      "kind: coverage\nfile: lcov.info\nmin_line_rate: 80%",
      files: ["lcov.info": "SF:src/a.c\nDA:1,1\nLF:1\nLH:1\nend_of_record\nSF:src/b.c\nDA:1,0\n"])
    #expect(
      findings.map(\.message) == [
        "lcov.info is truncated: the record for src/b.c opened at line 6 has no end_of_record"
      ])
  }

  @Test func otherFilesAreNotCoverageReports() throws {
    let text = try evaluate(
      "kind: coverage\nfile: notes.txt\nmin_line_rate: 80%", files: ["notes.txt": "coverage: 95%\n"]
    )
    #expect(
      text.map(\.message) == [
        "notes.txt is not a coverage report (Cobertura or JaCoCo XML, or an LCOV tracefile)"
      ])
    let xml = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfile: surefire-reruns.xml\nmin_line_rate: 80%", folder: "junit")
    #expect(
      xml.map(\.message) == [
        "surefire-reruns.xml is not a Cobertura or JaCoCo coverage report: its root element is "
          + "<testsuite>"
      ])
  }

  @Test func aThresholdIsRequired() throws {
    let node = try Loader().load("kind: coverage\nfile: coverage.xml", file: "check.yaml")
    let sink = DiagnosticSink()
    _ = ChecklistDecoder.decodeCheck(node, gate: "gate 'test'", sink: sink)
    #expect(
      sink.diagnostics.map(\.message) == ["a coverage check needs min_line_rate or min_branch_rate"]
    )
  }
}

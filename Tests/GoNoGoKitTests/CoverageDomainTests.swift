import Foundation
import Testing

@testable import GoNoGoKit

/// A coverage report with figures no producer could measure is an error, never a rate.
@Suite struct CoverageDomainTests {
  func judge(_ name: String, _ text: String, _ limits: String = "min_line_rate: 80%") throws
    -> [Finding]
  {
    try evaluate("kind: coverage\nfile: \(name)\n\(limits)", files: [name: text])
  }

  @Test func lcovHittingMoreLinesThanItFoundIsAnError() throws {
    let findings = try judge(
      "lcov.info", "SF:src/cart.c\nDA:1,1\nDA:2,0\nLF:10\nLH:50\nend_of_record\n")
    #expect(
      findings == [
        .error(
          "lcov.info is not a valid LCOV tracefile: line 5 has LH 50, more than the LF 10 of the "
            + "record for src/cart.c; regenerate the tracefile",
          evidence: EvidenceLocation(file: "lcov.info", line: 5))
      ])
  }

  @Test func lcovTakingMoreBranchesThanItFoundIsAnError() throws {
    let findings = try judge(
      "lcov.info", "SF:src/cart.c\nDA:1,1\nLF:1\nLH:1\nBRF:2\nBRH:3\nend_of_record\n")
    #expect(
      findings == [
        .error(
          "lcov.info is not a valid LCOV tracefile: line 6 has BRH 3, more than the BRF 2 of the "
            + "record for src/cart.c; regenerate the tracefile",
          evidence: EvidenceLocation(file: "lcov.info", line: 6))
      ])
  }

  @Test func lcovNegativeHitsAreAnError() throws {
    let findings = try judge("lcov.info", "SF:src/cart.c\nDA:1,-4\nLF:1\nLH:0\nend_of_record\n")
    #expect(
      findings == [
        .error(
          "lcov.info is not a valid LCOV tracefile: line 2 has DA '1,-4', whose hit count is "
            + "negative; regenerate the tracefile",
          evidence: EvidenceLocation(file: "lcov.info", line: 2))
      ])
  }

  @Test func coberturaCoveringMoreLinesThanItHasIsAnError() throws {
    let findings = try judge(
      "coverage.xml",
      "<?xml version=\"1.0\" ?>\n<coverage line-rate=\"1\" lines-covered=\"50\" "
        + "lines-valid=\"10\"/>\n")
    #expect(
      findings == [
        .error(
          "coverage.xml is not a valid Cobertura report: <coverage> on line 2 has lines-covered "
            + "50, more than lines-valid 10; regenerate the report",
          evidence: EvidenceLocation(file: "coverage.xml", line: 2))
      ])
  }

  @Test(arguments: [
    ("line-rate=\"1.7\"", "line-rate '1.7', which is not a fraction between 0 and 1"),
    ("branch-rate=\"-0.2\"", "branch-rate '-0.2', which is not a fraction between 0 and 1"),
    ("line-rate=\"NaN\"", "line-rate 'NaN', which is not a fraction between 0 and 1"),
    (
      "lines-covered=\"3\" lines-valid=\"-10\"",
      "lines-valid '-10', which is not a count (a whole number, 0 or more)"
    ),
    (
      "branches-covered=\"two\" branches-valid=\"4\"",
      "branches-covered 'two', which is not a count (a whole number, 0 or more)"
    ),
  ])
  func coberturaFiguresOutsideTheirDomainAreErrors(_ attributes: String, _ what: String) throws {
    let findings = try judge("coverage.xml", "<coverage \(attributes)/>")
    #expect(
      findings == [
        .error(
          "coverage.xml is not a valid Cobertura report: <coverage> on line 1 has \(what); "
            + "regenerate the report",
          evidence: EvidenceLocation(file: "coverage.xml", line: 1))
      ])
  }

  @Test func coberturaNegativeLineHitsAreAnError() throws {
    let findings = try judge(
      "coverage.xml",
      "<coverage line-rate=\"0.5\">\n<packages><package><classes><class name=\"a\">\n<lines>\n"
        + "<line number=\"1\" hits=\"-3\"/>\n</lines></class></classes></package></packages>"
        + "</coverage>\n")
    #expect(
      findings == [
        .error(
          "coverage.xml is not a valid Cobertura report: <line> on line 4 has hits '-3', which "
            + "is not a count (a whole number, 0 or more); regenerate the report",
          evidence: EvidenceLocation(file: "coverage.xml", line: 4))
      ])
  }

  @Test func coberturaTakingMoreConditionsThanALineHasIsAnError() throws {
    let findings = try judge(
      "coverage.xml",
      "<coverage line-rate=\"1\">\n<packages><package><classes><class name=\"a\">\n<lines>\n"
        + "<line number=\"1\" hits=\"2\" branch=\"true\" condition-coverage=\"150% (3/2)\"/>\n"
        + "</lines></class></classes></package></packages></coverage>\n")
    #expect(
      findings == [
        .error(
          "coverage.xml is not a valid Cobertura report: <line> on line 4 has condition-coverage "
            + "'150% (3/2)', whose counts are not 'covered/total' with covered between 0 and "
            + "total; regenerate the report",
          evidence: EvidenceLocation(file: "coverage.xml", line: 4))
      ])
  }

  @Test func jacocoNegativeCountersAreAnError() throws {
    let findings = try judge(
      "jacoco.xml",
      "<report name=\"cart\">\n<counter type=\"LINE\" missed=\"-30\" covered=\"70\"/>\n</report>")
    #expect(
      findings == [
        .error(
          "jacoco.xml is not a valid JaCoCo report: the LINE counter on line 2 has missed '-30', "
            + "which is not a count (a whole number, 0 or more); regenerate the report",
          evidence: EvidenceLocation(file: "jacoco.xml", line: 2))
      ])
  }
}

/// A branch minimum over a report that collected no branch data cannot pass.
@Suite struct CoverageWithoutBranchDataTests {
  /// coverage.py 7.18.0 without `--branch`: `branch-rate="0"`, `branches-valid="0"` in the XML,
  /// no BRF/BRDA lines in the LCOV.
  @Test(arguments: [
    ("coverage-py-no-branch.xml", "Cobertura"), ("coverage-py-no-branch.lcov", "LCOV"),
  ])
  func coveragePyWithoutBranchSaysNoBranchDataWasCollected(_ name: String, _ format: String)
    throws
  {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfile: \(name)\nmin_line_rate: 60%\nmin_branch_rate: 50%",
      folder: "coverage")
    #expect(
      findings == [
        Finding(
          .error,
          "no branch data was collected in \(name) (\(format)), so min_branch_rate 50% cannot be "
            + "judged; collect branch coverage (coverage.py run --branch, lcov --rc "
            + "branch_coverage=1) or drop min_branch_rate",
          evidence: EvidenceLocation(file: name),
          measured: [
            "line_rate": .double(10.0 / 15.0), "lines_covered": 10, "lines_valid": 15,
            "branch_rate": .null,
          ], expected: ["min_line_rate": 0.6, "min_branch_rate": 0.5])
      ])
  }

  /// A Cobertura file that lists its lines, none of them a branch, and states `branch-rate="0"`
  /// measured no branches: the stated rate is not 0% coverage.
  @Test func coberturaListingNoBranchLinesHasNoBranchData() throws {
    let file =
      "<coverage line-rate=\"0.5\" branch-rate=\"0\"><packages><package><classes><class "
      + "name=\"a\"><lines><line number=\"1\" hits=\"1\"/><line number=\"2\" hits=\"0\"/></lines>"
      + "</class></classes></package></packages></coverage>"
    let findings = try evaluate(
      "kind: coverage\nfile: coverage.xml\nmin_branch_rate: 50%", files: ["coverage.xml": file])
    #expect(
      findings.map(\.message) == [
        "no branch data was collected in coverage.xml (Cobertura), so min_branch_rate 50% cannot "
          + "be judged; collect branch coverage (coverage.py run --branch, lcov --rc "
          + "branch_coverage=1) or drop min_branch_rate"
      ])
    #expect(findings.map(\.status) == [.error])
  }

  @Test func jacocoWithoutABranchCounterHasNoBranchData() throws {
    let findings = try evaluate(
      "kind: coverage\nfile: jacoco.xml\nmin_branch_rate: 50%",
      files: [
        "jacoco.xml": "<report name=\"cart\"><counter type=\"LINE\" missed=\"1\" covered=\"3\"/>"
          + "</report>"
      ])
    #expect(
      findings.map(\.message) == [
        "no branch data was collected in jacoco.xml (JaCoCo), so min_branch_rate 50% cannot "
          + "be judged; collect branch coverage (coverage.py run --branch, lcov --rc "
          + "branch_coverage=1) or drop min_branch_rate"
      ])
    #expect(findings.map(\.status) == [.error])
  }

  @Test func aReportWithoutBranchesAmongSeveralIsNamed() throws {
    let findings = try JUnitCoverageFixtures.evaluate(
      "kind: coverage\nfiles: [gcovr.lcov, coverage-py-no-branch.xml]\nmin_branch_rate: 50%",
      folder: "coverage")
    #expect(
      findings.map(\.message) == [
        "no branch data was collected in coverage-py-no-branch.xml (Cobertura), so "
          + "min_branch_rate 50% cannot be judged; collect branch coverage (coverage.py run "
          + "--branch, lcov --rc branch_coverage=1) or drop min_branch_rate"
      ])
    #expect(findings.map(\.status) == [.error])
  }
}

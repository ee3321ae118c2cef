import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Evidence that names a day which does not exist is malformed: the gate errs and says why the
/// day does not exist, in every reader that reads a date.
@Suite struct EvidenceDateAcceptanceTests {
  @Test func aFrontMatterDayThatDoesNotExistSaysWhy() throws {
    let findings = try evaluate(
      "kind: markdown\nfile: runbook.md\nmax_age: 30d",
      files: ["runbook.md": "---\nlast_reviewed: 2026-02-30\n---\n# Runbook\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "front-matter last_reviewed '2026-02-30' does not exist: February 2026 has 28 days")
    #expect(findings.first?.evidence == EvidenceLocation(file: "runbook.md", line: 2, column: 16))
  }

  @Test func aFrontMatterTextThatIsNoDateStillSaysWhatIsExpected() throws {
    let findings = try evaluate(
      "kind: markdown\nfile: runbook.md\nmax_age: 30d",
      files: ["runbook.md": "---\nlast_reviewed: last week\n---\n# Runbook\n"])
    #expect(
      findings.map(\.message)
        == ["front-matter last_reviewed 'last week' is not a date (YYYY-MM-DD)"])
  }

  static func junit(_ stamps: [String]) -> String {
    var text = "<testsuites>\n"
    for (index, stamp) in stamps.enumerated() {
      text +=
        "  <testsuite name=\"s\(index)\" tests=\"1\" timestamp=\"\(stamp)\">"
        + "<testcase classname=\"c\" name=\"t\(index)\"/></testsuite>\n"
    }
    return text + "</testsuites>\n"
  }

  @Test func aJUnitTimestampThatDoesNotExistSaysWhy() throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 30d",
      files: ["junit.xml": Self.junit(["2026-02-30T10:00:00"])])
    #expect(findings.map(\.status) == [.pass, .error])
    #expect(
      findings.last?.message
        == "junit.xml has a suite timestamp '2026-02-30T10:00:00' that does not exist: "
        + "February 2026 has 28 days")
    #expect(findings.last?.evidence == EvidenceLocation(file: "junit.xml", line: 2))
  }

  @Test(arguments: [
    ["2026-11-30T10:00:00", "2026-02-30T10:00:00"], ["2026-02-30T10:00:00", "2026-11-30T10:00:00"],
  ])
  func anImpossibleTimestampBesideAValidOneStillErrs(stamps: [String]) throws {
    let findings = try evaluate(
      "kind: junit\nfile: junit.xml\nmax_age: 30d", files: ["junit.xml": Self.junit(stamps)])
    #expect(findings.map(\.status) == [.pass, .error])
    let line = stamps.firstIndex(of: "2026-02-30T10:00:00").map { $0 + 2 }
    #expect(
      findings.last?.message
        == "junit.xml has a suite timestamp '2026-02-30T10:00:00' that does not exist: "
        + "February 2026 has 28 days")
    #expect(findings.last?.evidence == EvidenceLocation(file: "junit.xml", line: line))
  }

  @Test func anImpossibleDayErrsEvenWithoutMaxAge() throws {
    let junit = try evaluate(
      "kind: junit\nfile: junit.xml", files: ["junit.xml": Self.junit(["2026-04-31T10:00:00Z"])])
    #expect(junit.map(\.status) == [.pass, .error])
    #expect(
      junit.last?.message
        == "junit.xml has a suite timestamp '2026-04-31T10:00:00Z' that does not exist: April "
        + "has 30 days")
    let markdown = try evaluate(
      "kind: markdown\nfile: runbook.md",
      files: ["runbook.md": "---\nlast_reviewed: 2026-04-31\n---\n# Runbook\n"])
    #expect(markdown.map(\.status) == [.error])
    #expect(
      markdown.first?.message
        == "front-matter last_reviewed '2026-04-31' does not exist: April has 30 days")
  }

  @Test func aTimestampOfAnotherShapeMattersOnlyWhenTheAgeIsJudged() throws {
    let files = ["junit.xml": Self.junit(["Tue Nov 25 12:47:22 2026"])]
    #expect(try evaluate("kind: junit\nfile: junit.xml", files: files).map(\.status) == [.pass])
    let judged = try evaluate("kind: junit\nfile: junit.xml\nmax_age: 30d", files: files)
    #expect(judged.map(\.status) == [.pass, .error])
    #expect(
      judged.last?.message
        == "junit.xml has a suite timestamp 'Tue Nov 25 12:47:22 2026' that is not a date-time")
  }

  @Test func aReportEvaluatedAtATimeThatDoesNotExistSaysWhy() throws {
    let report = """
      {"schema": "\(Report.schema)", "verdict": "go", "now": "2026-11-31T09:00:00Z",
       "program": "p", "release": "1", "gates": []}
      """
    let findings = try evaluate(
      "kind: report\nfile: api.json\nverdict: go", files: ["api.json": report])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "api.json was evaluated at '2026-11-31T09:00:00Z' (its now), which does not exist: "
        + "November has 30 days")
  }

  @Test func aSignoffDayThatDoesNotExistSaysWhy() throws {
    let findings = try evaluate(
      "kind: signoff\nfile: signoffs.yaml\nroles: [sre]",
      files: [
        "signoffs.yaml": "- {role: sre, by: Sam Ortiz, date: 2026-04-31, decision: approve}\n"
      ])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message.hasSuffix(
        "has a sign-off dated '2026-04-31', which does not exist: April has 30 days") == true,
      "\(findings)")
    #expect(findings.first?.evidence?.line == 1)
  }

  @Test func aRAIDDayThatDoesNotExistSaysWhy() throws {
    let findings = try evaluate(
      "kind: raid\nfile: raid.yaml",
      files: [
        "raid.yaml": """
        - {id: R-1, type: risk, title: Vault, status: open, impact: low, updated: 2026-11-30}
        - {id: D-1, type: dependency, title: CDN, status: open, need_by: 2025-02-29}

        """
      ])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "dependency D-1 in raid.yaml has need_by '2025-02-29', which does not exist: "
        + "February 2025 has 28 days")
    #expect(findings.first?.evidence?.line == 2)
  }

  @Test func aCSVRAIDDayThatDoesNotExistSaysWhy() throws {
    let findings = try evaluate(
      "kind: raid\nfile: raid.csv",
      files: ["raid.csv": "id,type,title,status,due\nI-1,issue,Flaky,open,2026-06-31\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "issue I-1 in raid.csv has due '2026-06-31', which does not exist: June has 30 days")
  }
}

/// Values written in a definition stay in range: a duration, an age or an offset beyond 3650
/// days is refused where it is written, never overflowed.
@Suite struct DefinitionRangeAcceptanceTests {
  @Test(arguments: ["3651d", "1000000000d", "99999999999d", "99999999999999999999s", "522w"])
  func aDurationBeyondTenYearsIsRefused(text: String) {
    #expect(Timespan(parsing: text) == nil)
  }

  @Test(arguments: ["3650d", "521w", "1h30m", "30s"])
  func aDurationInRangeIsRead(text: String) {
    #expect(Timespan(parsing: text) != nil)
  }

  @Test func aMaxAgeBeyondTheRangeIsAnErrorAtItsColumn() throws {
    let (_, diagnostics) = try decodeChecklist(
      """
      version: 1
      program: checkout
      release: 2.4.0
      gates:
        - id: quality.tests
          title: Tests pass
          owner: team-api
          severity: blocker
          check: {kind: file, file: a.txt, max_age: 99999999999d}

      """)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location == .checklist(9, 47))
  }
}

/// YAML evidence read by the `query` kind: keys that YAML tells apart but a path cannot must
/// not let one of them silently win.
@Suite struct QueryEvidenceKeyAcceptanceTests {
  @Test(arguments: [
    "release:\n  1: false\n  \"1\": true\n", "release:\n  true: false\n  \"true\": true\n",
    "release:\n  ! 1: false\n  1: true\n",
  ])
  func twoKeysWithTheSameTextMakeTheGateErr(evidence: String) throws {
    let findings = try evaluate(
      #"kind: query"# + "\nfile: data.yaml\nassert: 'all(release[*])'",
      files: ["data.yaml": evidence])
    #expect(findings.map(\.status) == [.error], "\(findings)")
    #expect(findings.first?.evidence?.line == 3)
  }

  @Test func theErrorNamesBothKeysAndTheirTypes() throws {
    let findings = try evaluate(
      "kind: query\nfile: data.yaml\nassert: 'release[\"1\"] == true'",
      files: ["data.yaml": "release:\n  \"1\": true\n  1: false\n"])
    #expect(findings.map(\.status) == [.error])
    #expect(
      findings.first?.message
        == "data.yaml has the key '1' twice in one mapping, as "
        + "a string on line 2 and as an integer here; a path cannot tell them apart, so rename "
        + "or remove one")
    #expect(findings.first?.evidence == EvidenceLocation(file: "data.yaml", line: 3, column: 3))
  }

  @Test func aTaggedStringIsComparedAsAString() throws {
    let pass = try evaluate(
      "kind: query\nfile: data.yaml\nassert: 'version == \"12\"'",
      files: ["data.yaml": "version: ! 12\n"])
    #expect(pass.map(\.status) == [.pass])
    let fail = try evaluate(
      "kind: query\nfile: data.yaml\nassert: 'version == 12'",
      files: ["data.yaml": "version: ! 12\n"])
    #expect(fail.map(\.status) == [.fail])
  }
}

/// Evidence quoted in a finding is capped, with the original size, whatever the evidence holds.
@Suite struct QuotedEvidenceAcceptanceTests {
  @Test func aHugeMatchedValueIsCutWithItsSize() throws {
    let big = String(repeating: "q", count: 300_000)
    let findings = try evaluate(
      "kind: query\nfile: data.json\nassert: 'name == \"x\"'",
      files: ["data.json": #"{"name": "\#(big)"}"#])
    #expect(findings.map(\.status) == [.fail])
    let measured = try #require(findings.first?.measured)
    let quoted = try #require(measured.values.first)
    guard case .string(let text) = quoted else {
      Issue.record("measured is \(quoted)")
      return
    }
    #expect(text.utf8.count <= QuotedValue.maxStringBytes)
    #expect(text.hasPrefix("qqq"))
    #expect(text.contains("…"))
    #expect(text.contains("300"))
    #expect((findings.first?.message.utf8.count ?? .max) <= QuotedValue.maxMessageBytes)
  }

  @Test func aHugeArrayIsShownByItsFirstItemsAndItsCount() throws {
    let items = (0..<50_000).map(String.init).joined(separator: ",")
    let findings = try evaluate(
      "kind: query\nfile: data.json\nassert: 'items == 1'",
      files: ["data.json": #"{"items": [\#(items)]}"#])
    #expect(findings.map(\.status) == [.fail])
    let rendered = "\(findings.first?.measured ?? [:])"
    #expect(rendered.utf8.count < 2_000)
    #expect(rendered.contains("50000 items in total"))
  }
}

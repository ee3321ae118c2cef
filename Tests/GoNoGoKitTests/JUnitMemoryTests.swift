import Foundation
import Testing

@testable import GoNoGoKit

/// The JUnit reader's memory does not grow with the number of failing tests or the size of their
/// bodies: it keeps at most 10 failing tests per suite and 1,000 per file, each with the first line
/// of its message, and never a stack trace or `<system-out>`.
@Suite struct JUnitMemoryTests {
  /// A file of `suites` suites of `perSuite` testcases each, `percent` % of them failing, each
  /// failure with a 25-line stack trace and a `<system-out>` of `outputBytes` bytes.
  static func file(suites: Int, perSuite: Int, percent: Int, outputBytes: Int) -> String {
    let trace = (0..<25).map { "\tat com.example.Frame\($0).call(Frame\($0).java:\($0 + 10))\n" }
      .joined()
    let line = "INFO request handled in 12 ms status=503\n"
    let output = String(repeating: line, count: outputBytes / line.utf8.count)
    var text = "<?xml version=\"1.0\"?>\n<testsuites>\n"
    var index = 0
    for suite in 0..<suites {
      text += "<testsuite name=\"com.example.Suite\(suite)\">\n"
      for _ in 0..<perSuite {
        let failing = (index + 1) * percent / 100 > index * percent / 100
        text += "<testcase classname=\"com.example.Suite\(suite)\" name=\"case\(index)\""
        if failing {
          text += "><failure message=\"expected 200 but was 503 in case \(index)\" "
          text += "type=\"AssertionError\">AssertionError: expected 200\n\(trace)</failure>"
          text += "<system-out><![CDATA[\(output)]]></system-out></testcase>\n"
        } else {
          text += "/>\n"
        }
        index += 1
      }
      text += "</testsuite>\n"
    }
    return text + "</testsuites>\n"
  }

  /// Reads `text` and returns the results with the bytes the reader retained at the end.
  static func read(_ text: String) throws -> (results: JUnitResults, retained: Int, size: Int) {
    let root = try TempRoot(["junit.xml": text])
    var scanner = JUnitScanner()
    let stream = try XMLStream(
      url: root.url.appendingPathComponent("junit.xml"), elements: JUnitScanner.elementNames,
      attributes: JUnitScanner.attributeNames)
    try scanner.scan(stream)
    return (scanner.results, scanner.retainedBytes, text.utf8.count)
  }

  @Test func retainedStateDoesNotGrowWithFailures() throws {
    let few = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 1, outputBytes: 2000))
    let half = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 50, outputBytes: 2000))
    let all = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 100, outputBytes: 2000))
    #expect(few.results.totals.failures == 20)
    #expect(half.results.totals.failures == 1000)
    #expect(all.results.totals.failures == 2000)
    // Listed: 10 per suite at most, 1,000 per file at most.
    #expect(few.results.failing.count == 20)
    #expect(half.results.failing.count == 1000)
    #expect(all.results.failing.count == JUnitScanner.listedPerFile)
    #expect(all.results.failing.allSatisfy { $0.message.hasPrefix("expected 200 but was 503") })
    // Twice the failures, the same state: the listed tests' names and messages differ by a digit
    // or two, no more.
    #expect(abs(all.retained - half.retained) <= JUnitScanner.listedPerFile * 4)
    // From 20 to 2,000 failures, the state grows by the 980 more listed tests and no more.
    let perListed = MemoryLayout<JUnitFailingCase>.stride + 4 * 64
    #expect(all.retained - few.retained <= 980 * perListed)
    // Megabytes of failure bodies, kilobytes kept.
    #expect(all.size > 5_000_000)
    #expect(all.retained < 1_000_000)
  }

  @Test func retainedStateDoesNotGrowWithFailureBodies() throws {
    let short = try Self.read(Self.file(suites: 50, perSuite: 20, percent: 100, outputBytes: 200))
    let long = try Self.read(Self.file(suites: 50, perSuite: 20, percent: 100, outputBytes: 20_000))
    #expect(long.size > 20 * short.size / 2)
    #expect(long.results.failing.count == 500)
    // The same tests listed with the same messages (only their lines moved).
    let listed = { (results: JUnitResults) in
      results.failing.map { [$0.suite, $0.classname, $0.name, $0.message] }
    }
    #expect(listed(long.results) == listed(short.results))
    #expect(abs(long.retained - short.retained) <= 2 * JUnitScanner.messageBytes)
  }
}

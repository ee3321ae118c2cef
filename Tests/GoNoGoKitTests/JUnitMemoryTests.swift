import Foundation
import Testing

@testable import GoNoGoKit

/// The JUnit reader's memory does not grow with the number of failing tests or the size of their
/// bodies: it keeps at most 10 failing tests per suite and 1,000 per file, each with the first line
/// of its message, and never a stack trace or `<system-out>`.
@Suite struct JUnitMemoryTests {
  /// A file of `suites` suites of `perSuite` testcases each, `percent` % of them failing, each
  /// failure with a 25-line stack trace and a `<system-out>` of `outputBytes` bytes. Suite and
  /// test names have a fixed width, so that two files' retained state can be compared byte for
  /// byte.
  static func file(suites: Int, perSuite: Int, percent: Int, outputBytes: Int) -> String {
    let trace = (0..<25).map { "\tat com.example.Frame\($0).call(Frame\($0).java:\($0 + 10))\n" }
      .joined()
    let line = "INFO request handled in 12 ms status=503\n"
    let output = String(repeating: line, count: outputBytes / line.utf8.count)
    var text = "<?xml version=\"1.0\"?>\n<testsuites>\n"
    var index = 0
    for suite in 0..<suites {
      let suiteName = "com.example.Suite" + padded(suite, 4)
      text += "<testsuite name=\"\(suiteName)\">\n"
      for _ in 0..<perSuite {
        let failing = (index + 1) * percent / 100 > index * percent / 100
        text += "<testcase classname=\"\(suiteName)\" name=\"case\(padded(index, 6))\""
        if failing {
          text += "><failure message=\"expected 200 but was 503 in case \(padded(index, 6))\" "
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

  /// `value` in decimal, zero-padded to `width` digits.
  static func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
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

  /// How many failing tests each group lists, by group index.
  static func listedPerGroup(_ results: JUnitResults) -> [Int] {
    var counts = [Int](repeating: 0, count: results.groups.count)
    for test in results.failing { counts[test.group] += 1 }
    return counts
  }

  @Test func retainedStateDoesNotGrowWithFailures() throws {
    let few = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 1, outputBytes: 2000))
    let half = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 50, outputBytes: 2000))
    let most = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 75, outputBytes: 2000))
    let all = try Self.read(Self.file(suites: 200, perSuite: 10, percent: 100, outputBytes: 2000))
    #expect(few.results.totals.failures == 20)
    #expect(half.results.totals.failures == 1000)
    #expect(most.results.totals.failures == 1500)
    #expect(all.results.totals.failures == 2000)
    for read in [few, half, most, all] { #expect(read.results.totals.tests == 2000) }
    // Listed: 10 per suite at most, 1,000 per file at most, in file order.
    #expect(few.results.failing.count == 20)
    #expect(half.results.failing.count == 1000)
    #expect(most.results.failing.count == JUnitScanner.listedPerFile)
    #expect(all.results.failing.count == JUnitScanner.listedPerFile)
    #expect(Self.listedPerGroup(half.results) == [Int](repeating: 5, count: 200))
    #expect(
      Self.listedPerGroup(all.results)
        == [Int](repeating: JUnitScanner.listedPerGroup, count: 100)
        + [Int](repeating: 0, count: 100))
    #expect(all.results.failing.allSatisfy { $0.message.hasPrefix("expected 200 but was 503") })
    #expect(all.results.failing.last?.name == "case000999")
    // Once the file's list is full, more failures keep exactly the same state: the listed tests'
    // names and messages have the same width, and nothing else is kept per failure.
    #expect(half.retained == all.retained)
    #expect(most.retained == all.retained)
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
    #expect(long.retained == short.retained)
  }

  /// A failure with no `message` attribute is shown by the first line of its text: at most
  /// ``JUnitScanner/messageBytes`` of the text are kept to find it, however long the text is.
  @Test func retainedStateDoesNotGrowWithMessageText() throws {
    func file(traceLines: Int) -> String {
      let trace = (0..<traceLines).map { "\tat com.example.Frame\($0 % 10).call(F.java:1)\n" }
        .joined()
      var text = "<testsuite name=\"s\">\n"
      for index in 0..<20 {
        text += "<testcase classname=\"s\" name=\"case\(Self.padded(index, 2))\"><failure>"
        text += "AssertionError: expected 200\n\(trace)</failure></testcase>\n"
      }
      return text + "</testsuite>\n"
    }
    let short = try Self.read(file(traceLines: 25))
    let long = try Self.read(file(traceLines: 2_500))
    #expect(long.size > 50 * short.size)
    for read in [short, long] {
      #expect(read.results.failing.count == JUnitScanner.listedPerGroup)
      #expect(read.results.failing.allSatisfy { $0.message == "AssertionError: expected 200" })
    }
    #expect(long.retained == short.retained)
  }
}

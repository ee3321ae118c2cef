import Foundation

/// What a coverage report says about the whole code base it covers.
public struct CoverageReport: Sendable, Equatable {
  /// The report formats read, detected from the content.
  public enum Format: String, Sendable, Equatable {
    /// Cobertura XML (also written by coverage.py, gcovr, cargo-tarpaulin, …).
    case cobertura = "Cobertura"
    /// JaCoCo's XML report.
    case jacoco = "JaCoCo"
    /// An LCOV tracefile.
    case lcov = "LCOV"
  }

  /// Covered out of coverable, as counted by the producer.
  public struct Count: Sendable, Equatable {
    /// Covered lines or branches.
    public var covered: Int
    /// Coverable lines or branches.
    public var total: Int

    /// Creates a count.
    public init(covered: Int, total: Int) {
      self.covered = covered
      self.total = total
    }
  }

  /// The format the file is in.
  public var format: Format
  /// Line counts, when the report gives or lists them.
  public var lines: Count?
  /// The line rate (0–1) the report states, used only when it gives no counts.
  public var lineRate: Double?
  /// Branch counts, when the report gives or lists them.
  public var branches: Count?
  /// The branch rate (0–1) the report states, used only when it gives no counts.
  public var branchRate: Double?
}

/// Reads coverage reports (Cobertura XML, JaCoCo XML, LCOV tracefiles), told apart by content.
///
/// XML is streamed (never a DOM, no DTD or external entity is loaded); LCOV is
/// read line by line. Counts are preferred over rates wherever a report has both.
///
/// - Cobertura: the root `<coverage>` counts (`lines-covered`/`lines-valid`,
///   `branches-covered`/`branches-valid`); without them, the `<line>` elements of each
///   `<class>` (not its `<methods>`, which repeat them); without those, `line-rate`/`branch-rate`.
/// - JaCoCo: only the `LINE` and `BRANCH` counters directly under `<report>` are totals.
/// - LCOV: `LF`/`LH` and `BRF`/`BRH` per record; a source file (`SF:`) that appears in several
///   records is merged line by line from its `DA`/`BRDA` lines.
public enum CoverageReader: EvidenceReader {
  public static let format = "coverage"

  public static func read(_ source: EvidenceSource) -> Result<CoverageReport, EvidenceError> {
    let path = source.file.path
    guard let handle = FileHandle(forReadingAtPath: source.file.url.path) else {
      return .failure(EvidenceError("cannot open \(path) for reading"))
    }
    let head = (try? handle.read(upToCount: 4096)) ?? Data()
    try? handle.close()
    var bytes = head[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
      return .failure(EvidenceError("\(path) is empty, so it is no evidence of coverage"))
    }
    let utf16 = head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || first == 0
    if first == UInt8(ascii: "<") || utf16 { return readXML(source) }
    return LCOVReader.read(source)
  }

  private static func readXML(_ source: EvidenceSource) -> Result<CoverageReport, EvidenceError> {
    var scanner = CoverageXMLScanner()
    do {
      let stream = try XMLStream(
        url: source.file.url, elements: CoverageXMLScanner.elementNames,
        attributes: CoverageXMLScanner.attributeNames)
      try scanner.scan(stream)
    } catch {
      return .failure(JUnitReader.xmlError(error, path: source.file.path))
    }
    if let problem = scanner.problem {
      let format = scanner.report?.format.rawValue ?? "coverage"
      return .failure(
        EvidenceError(
          "\(source.file.path) is not a valid \(format) report: \(problem.text); regenerate the "
            + "report", line: problem.line))
    }
    guard let report = scanner.report else {
      return .failure(
        EvidenceError(
          "\(source.file.path) is not a Cobertura or JaCoCo coverage report: its root element is "
            + "<\(scanner.root)>", line: 1))
    }
    return .success(report)
  }
}

/// Reads Cobertura and JaCoCo XML node by node.
struct CoverageXMLScanner {
  enum Element: Int {
    case coverage, report, `class`, methods, line, counter, package
  }

  enum Attribute: Int {
    case linesCovered, linesValid, lineRate, branchesCovered, branchesValid, branchRate
    case hits, branch, conditionCoverage, type, missed, covered
  }

  static let elementNames = XMLNames([
    "coverage", "report", "class", "methods", "line", "counter", "package",
  ])
  static let attributeNames = XMLNames([
    "lines-covered", "lines-valid", "line-rate", "branches-covered", "branches-valid",
    "branch-rate", "hits", "branch", "condition-coverage", "type", "missed", "covered",
  ])

  /// A figure outside its domain (a negative count, a rate above 1, more covered than valid).
  struct Problem {
    var text: String
    var line: Int?
  }

  private(set) var report: CoverageReport?
  private(set) var root = ""
  /// The first impossible figure; the scan stops there.
  private(set) var problem: Problem?
  /// Cobertura `<line>` elements of classes, outside `<methods>`.
  private var listedLines = CoverageReport.Count(covered: 0, total: 0)
  private var listedBranches = CoverageReport.Count(covered: 0, total: 0)
  /// Where the Cobertura root element is.
  private var rootLine: Int?
  private var classDepth = 0
  /// JaCoCo: how many elements enclose the open `<package>` (nil outside one), the sum of the
  /// LINE and BRANCH counters written directly in packages, and where the report's own are.
  private var packageAncestors: Int?
  private var packageSums: [String: CoverageReport.Count] = [:]
  private var reportCounterLines: [String: Int] = [:]
  private var methodsDepth = 0

  mutating func scan(_ stream: XMLStream) throws(XMLStreamError) {
    var sawRoot = false
    while let node = try stream.next() {
      switch node {
      case .start(let token, let isEmpty):
        let element = token.flatMap(Element.init(rawValue:))
        if !sawRoot {
          sawRoot = true
          root = stream.name
          guard element == .coverage || element == .report else { return }
          report = CoverageReport(format: element == .coverage ? .cobertura : .jacoco)
          if element == .coverage { readCoberturaTotals(stream) }
          if problem != nil { return }
          continue
        }
        guard let element else { continue }
        start(element, stream: stream, isEmpty: isEmpty)
        if problem != nil { return }
      case .end(let token):
        if token == Element.class.rawValue { classDepth -= 1 }
        if token == Element.methods.rawValue { methodsDepth -= 1 }
        if token == Element.package.rawValue { packageAncestors = nil }
      case .text, .other:
        continue
      }
    }
    if report?.format == .jacoco { checkReportAgainstPackages() }
    guard report?.format == .cobertura else { return }
    checkStatedAgainstListed()
    if problem != nil { return }
    if report?.lines == nil, listedLines.total > 0 { report?.lines = listedLines }
    if report?.branches == nil, listedBranches.total > 0 { report?.branches = listedBranches }
    // coverage.py without --branch writes branch-rate="0" over no branches: a rate stated
    // without any branch counted (at the root or on a listed line) measured nothing.
    if (report?.branches?.total ?? 0) == 0, report?.branchRate == 0 { report?.branchRate = nil }
  }

  /// Rejects a JaCoCo report whose own LINE or BRANCH counter is not the sum of its packages'
  /// (JaCoCo writes the report's counters as exactly that sum).
  private mutating func checkReportAgainstPackages() {
    for (type, stated, nouns) in [
      ("LINE", report?.lines, "lines"), ("BRANCH", report?.branches, "branches"),
    ] {
      guard let stated, let sum = packageSums[type], sum != stated else { continue }
      let line = reportCounterLines[type]
      let place =
        line.map { "the \(type) counter of <report> on line \($0)" }
        ?? "the \(type) counter of <report>"
      problem = Problem(
        text: "\(place) counts \(stated.covered) of \(stated.total) \(nouns) covered, but the "
          + "\(type) counters of its packages add up to \(sum.covered) of \(sum.total)",
        line: line)
      return
    }
  }

  /// Rejects root counts that claim more covered lines or branches than the listed `<line>`
  /// elements show: the counts are preferred, so a stated `lines-covered` the lines do not
  /// bear out would pass a gate the report fails.
  private mutating func checkStatedAgainstListed() {
    let pairs = [
      (report?.lines, listedLines, "lines-covered", "line", "lines", "hit"),
      (report?.branches, listedBranches, "branches-covered", "branch", "branches", "taken"),
    ]
    for (stated, listed, name, noun, nouns, verb) in pairs {
      guard let stated, listed.total > 0, stated.covered > listed.covered else { continue }
      let place = rootLine.map { "<coverage> on line \($0)" } ?? "<coverage>"
      let shown = listed.covered == 1 ? noun : nouns
      problem = Problem(
        text: "\(place) has \(name) \(stated.covered), but its <line> elements show only "
          + "\(listed.covered) \(shown) \(verb)", line: rootLine)
      return
    }
  }

  /// Records the first figure outside its domain.
  private mutating func reject(
    _ element: String, _ stream: XMLStream, _ what: String
  ) {
    guard problem == nil else { return }
    let line = stream.line
    let place = line.map { "\(element) on line \($0)" } ?? element
    problem = Problem(text: "\(place) has \(what)", line: line)
  }

  private static func notCount(_ name: String, _ value: XMLValue) -> String {
    "\(name) '\(value.string)', which is not a count (a whole number, 0 or more)"
  }

  private mutating func start(_ element: Element, stream: XMLStream, isEmpty: Bool) {
    switch element {
    case .class:
      if !isEmpty { classDepth += 1 }
    case .methods:
      if !isEmpty { methodsDepth += 1 }
    case .line:
      guard report?.format == .cobertura, classDepth > 0, methodsDepth == 0 else { return }
      countLine(stream)
    case .counter:
      let depth = stream.depth - (isEmpty ? 0 : 1)
      guard report?.format == .jacoco else { return }
      if depth == 1 {
        readJaCoCoCounter(stream)
      } else if let packageAncestors, depth == packageAncestors + 1 {
        readJaCoCoCounter(stream, intoPackageSums: true)
      }
    case .package:
      guard report?.format == .jacoco, !isEmpty else { return }
      packageAncestors = stream.depth - 1
    case .coverage, .report:
      break
    }
  }

  private mutating func readCoberturaTotals(_ stream: XMLStream) {
    let names = ["lines-covered", "lines-valid", "branches-covered", "branches-valid"]
    rootLine = stream.line
    var values = [Int?](repeating: nil, count: 4)
    var rates = [Double?](repeating: nil, count: 2)
    var bad: String?
    stream.attributes { token, value in
      guard bad == nil, let attribute = Attribute(rawValue: token) else { return }
      let slot: Int? =
        switch attribute {
        case .linesCovered: 0
        case .linesValid: 1
        case .branchesCovered: 2
        case .branchesValid: 3
        default: nil
        }
      if let slot {
        guard let count = value.int else { return bad = Self.notCount(names[slot], value) }
        values[slot] = count
        return
      }
      guard attribute == .lineRate || attribute == .branchRate else { return }
      let name = attribute == .lineRate ? "line-rate" : "branch-rate"
      guard let rate = Double(value.string.trimmingWhitespace()), rate.isFinite,
        (0...1).contains(rate)
      else {
        return bad = "\(name) '\(value.string)', which is not a fraction between 0 and 1"
      }
      rates[attribute == .lineRate ? 0 : 1] = rate
    }
    if let bad { return reject("<coverage>", stream, bad) }
    for (covered, total, noun) in [(0, 1, "lines"), (2, 3, "branches")] {
      guard let hit = values[covered], let all = values[total] else { continue }
      guard hit <= all else {
        return reject(
          "<coverage>", stream,
          "\(names[covered]) \(hit), more than \(names[total]) \(all)")
      }
      let count = CoverageReport.Count(covered: hit, total: all)
      if noun == "lines" { report?.lines = count } else { report?.branches = count }
    }
    report?.lineRate = rates[0]
    report?.branchRate = rates[1]
  }

  private mutating func countLine(_ stream: XMLStream) {
    var hits = 0
    var isBranch = false
    var condition: (Int, Int)?
    var bad: String?
    stream.attributes { token, value in
      switch Attribute(rawValue: token) {
      case .hits:
        guard let count = value.int else { return bad = Self.notCount("hits", value) }
        hits = count
      case .branch: isBranch = value.string == "true"
      case .conditionCoverage:
        condition = Self.fraction(value.string)
        if let (covered, total) = Self.counts(value.string),
          covered < 0 || total < 0 || covered > total
        {
          bad =
            "condition-coverage '\(value.string)', whose counts are not 'covered/total' with "
            + "covered between 0 and total"
        }
      default: break
      }
    }
    if let bad { return reject("<line>", stream, bad) }
    listedLines.total += 1
    if hits > 0 { listedLines.covered += 1 }
    if isBranch, let (covered, total) = condition {
      listedBranches.covered += covered
      listedBranches.total += total
    }
  }

  /// `50% (1/2)` → (1, 2), whatever the two counts are.
  static func counts(_ text: String) -> (Int, Int)? {
    guard let open = text.firstIndex(of: "("), let slash = text.firstIndex(of: "/"),
      let close = text.firstIndex(of: ")"), open < slash, slash < close,
      let covered = Int(text[text.index(after: open)..<slash]),
      let total = Int(text[text.index(after: slash)..<close])
    else { return nil }
    return (covered, total)
  }

  /// `50% (1/2)` → (1, 2).
  static func fraction(_ text: String) -> (Int, Int)? {
    guard let open = text.firstIndex(of: "("), let slash = text.firstIndex(of: "/"),
      let close = text.firstIndex(of: ")"), open < slash, slash < close,
      let covered = Int(text[text.index(after: open)..<slash]),
      let total = Int(text[text.index(after: slash)..<close]), covered >= 0, covered <= total
    else { return nil }
    return (covered, total)
  }

  private mutating func readJaCoCoCounter(_ stream: XMLStream, intoPackageSums: Bool = false) {
    var type = ""
    var missed: Int?
    var covered: Int?
    var bad: String?
    stream.attributes { token, value in
      switch Attribute(rawValue: token) {
      case .type: type = value.string
      case .missed:
        missed = value.int
        if missed == nil { bad = bad ?? Self.notCount("missed", value) }
      case .covered:
        covered = value.int
        if covered == nil { bad = bad ?? Self.notCount("covered", value) }
      default: break
      }
    }
    if let bad { return reject("the \(type.isEmpty ? "untyped" : type) counter", stream, bad) }
    guard let missed, let covered else { return }
    let count = CoverageReport.Count(covered: covered, total: covered + missed)
    guard !intoPackageSums else {
      guard type == "LINE" || type == "BRANCH" else { return }
      var sum = packageSums[type, default: CoverageReport.Count(covered: 0, total: 0)]
      sum.covered += count.covered
      sum.total += count.total
      packageSums[type] = sum
      return
    }
    reportCounterLines[type] = stream.line
    if type == "LINE" { report?.lines = count }
    if type == "BRANCH" { report?.branches = count }
  }
}

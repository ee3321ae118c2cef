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
    case coverage, report, `class`, methods, line, counter
  }

  enum Attribute: Int {
    case linesCovered, linesValid, lineRate, branchesCovered, branchesValid, branchRate
    case hits, branch, conditionCoverage, type, missed, covered
  }

  static let elementNames = XMLNames(["coverage", "report", "class", "methods", "line", "counter"])
  static let attributeNames = XMLNames([
    "lines-covered", "lines-valid", "line-rate", "branches-covered", "branches-valid",
    "branch-rate", "hits", "branch", "condition-coverage", "type", "missed", "covered",
  ])

  private(set) var report: CoverageReport?
  private(set) var root = ""
  /// Cobertura `<line>` elements of classes, outside `<methods>`.
  private var listedLines = CoverageReport.Count(covered: 0, total: 0)
  private var listedBranches = CoverageReport.Count(covered: 0, total: 0)
  private var classDepth = 0
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
          continue
        }
        guard let element else { continue }
        start(element, stream: stream, isEmpty: isEmpty)
      case .end(let token):
        if token == Element.class.rawValue { classDepth -= 1 }
        if token == Element.methods.rawValue { methodsDepth -= 1 }
      case .text, .other:
        continue
      }
    }
    guard report?.format == .cobertura else { return }
    if report?.lines == nil, listedLines.total > 0 { report?.lines = listedLines }
    if report?.branches == nil, listedBranches.total > 0 { report?.branches = listedBranches }
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
      guard report?.format == .jacoco, depth == 1 else { return }
      readJaCoCoCounter(stream)
    case .coverage, .report:
      break
    }
  }

  private mutating func readCoberturaTotals(_ stream: XMLStream) {
    var values = [Int?](repeating: nil, count: 4)
    var rates = [Double?](repeating: nil, count: 2)
    stream.attributes { token, value in
      switch Attribute(rawValue: token) {
      case .linesCovered: values[0] = value.int
      case .linesValid: values[1] = value.int
      case .branchesCovered: values[2] = value.int
      case .branchesValid: values[3] = value.int
      case .lineRate: rates[0] = Double(value.string).flatMap { (0...1).contains($0) ? $0 : nil }
      case .branchRate: rates[1] = Double(value.string).flatMap { (0...1).contains($0) ? $0 : nil }
      default: break
      }
    }
    if let covered = values[0], let total = values[1], covered <= total {
      report?.lines = CoverageReport.Count(covered: covered, total: total)
    }
    if let covered = values[2], let total = values[3], covered <= total {
      report?.branches = CoverageReport.Count(covered: covered, total: total)
    }
    report?.lineRate = rates[0]
    report?.branchRate = rates[1]
  }

  private mutating func countLine(_ stream: XMLStream) {
    var hits = 0
    var isBranch = false
    var condition: (Int, Int)?
    stream.attributes { token, value in
      switch Attribute(rawValue: token) {
      case .hits: hits = value.int ?? 0
      case .branch: isBranch = value.string == "true"
      case .conditionCoverage: condition = Self.fraction(value.string)
      default: break
      }
    }
    listedLines.total += 1
    if hits > 0 { listedLines.covered += 1 }
    if isBranch, let (covered, total) = condition {
      listedBranches.covered += covered
      listedBranches.total += total
    }
  }

  /// `50% (1/2)` → (1, 2).
  static func fraction(_ text: String) -> (Int, Int)? {
    guard let open = text.firstIndex(of: "("), let slash = text.firstIndex(of: "/"),
      let close = text.firstIndex(of: ")"), open < slash, slash < close,
      let covered = Int(text[text.index(after: open)..<slash]),
      let total = Int(text[text.index(after: slash)..<close]), covered <= total
    else { return nil }
    return (covered, total)
  }

  private mutating func readJaCoCoCounter(_ stream: XMLStream) {
    var type = ""
    var missed: Int?
    var covered: Int?
    stream.attributes { token, value in
      switch Attribute(rawValue: token) {
      case .type: type = value.string
      case .missed: missed = value.int
      case .covered: covered = value.int
      default: break
      }
    }
    guard let missed, let covered else { return }
    let count = CoverageReport.Count(covered: covered, total: covered + missed)
    if type == "LINE" { report?.lines = count }
    if type == "BRANCH" { report?.branches = count }
  }
}

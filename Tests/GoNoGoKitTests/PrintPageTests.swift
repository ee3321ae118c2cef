import Foundation
import Testing

@testable import GoNoGoKit

/// The tools that print and read the printout; the tests skip when they are not installed
/// (Debian: `apt-get install -y chromium poppler-utils`; or `pip install pypdf` for the count).
enum PrintTools {
  static func executable(_ names: [String]) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      for name in names {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }

  static let chromium = executable(["chromium", "chromium-browser", "google-chrome"])
  static let pdfinfo = executable(["pdfinfo"])
  static let pdftotext = executable(["pdftotext"])
  static let python = executable(["python3"])
  /// True when python3 can import pypdf.
  static let pypdf: Bool = {
    guard let python else { return false }
    return (try? run(python, ["-c", "import pypdf"]).status) == 0
  }()

  static var canCountPages: Bool { chromium != nil && (pdfinfo != nil || pypdf) }

  /// Runs a tool to completion, killing it after `timeout` seconds; `capture` keeps its output
  /// (a browser's helper processes may hold a pipe open, so the browser's is not read).
  static func run(
    _ tool: String, _ arguments: [String], capture: Bool = true, timeout: TimeInterval = 90
  ) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = capture ? output : FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
      if process.isRunning { process.terminate() }
    }
    let data = capture ? output.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Prints `html` on `paper` (`A4`, `letter`) with headless Chromium; returns the PDF's path.
  static func print(_ html: String, paper: String, in directory: URL, name: String) throws -> URL {
    let page = directory.appendingPathComponent("\(name)-\(paper).html")
    let pdf = directory.appendingPathComponent("\(name)-\(paper).pdf")
    let sized = html.replacingOccurrences(
      of: "</style>", with: "@page { size: \(paper); }\n</style>")
    try Data(sized.utf8).write(to: page)
    let profile = directory.appendingPathComponent("profile-\(name)-\(paper)")
    let result = try run(
      chromium ?? "chromium",
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=\(profile.path)", "--no-pdf-header-footer",
        "--print-to-pdf=\(pdf.path)", page.absoluteString,
      ], capture: false)
    #expect(result.status == 0, "chromium failed on \(name) \(paper)")
    return pdf
  }

  /// The page count, from pdfinfo or pypdf.
  static func pages(_ pdf: URL) throws -> Int? {
    if let pdfinfo {
      let info = try run(pdfinfo, [pdf.path]).output
      let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
      return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }
    guard let python else { return nil }
    let count = try run(
      python, ["-c", "import pypdf, sys; print(len(pypdf.PdfReader(sys.argv[1]).pages))", pdf.path])
    return Int(count.output.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// The text of page `number`, from pdftotext; nil without it.
  static func text(_ pdf: URL, page number: Int) throws -> String? {
    guard let pdftotext else { return nil }
    return try run(pdftotext, ["-f", "\(number)", "-l", "\(number)", pdf.path, "-"]).output
  }
}

@Suite(
  .enabled(if: Samples.present, "the samples are not in this checkout"),
  .enabled(
    if: PrintTools.canCountPages,
    "needs chromium and pdfinfo (apt-get install chromium poppler-utils) or python3 with pypdf"))
struct PrintPageTests {
  static let papers = ["A4", "letter"]

  func printed(_ sample: String, _ paper: String) throws -> (URL, TempRoot) {
    let directory = try TempRoot()
    let html = Golden.render(Samples.report(sample), .html)
    return (try PrintTools.print(html, paper: paper, in: directory.url, name: sample), directory)
  }

  @Test(arguments: papers)
  func theGoSampleFitsOnePage(_ paper: String) throws {
    let (pdf, directory) = try printed("checkout-launch", paper)
    defer { withExtendedLifetime(directory) {} }
    #expect(try PrintTools.pages(pdf) == 1)
  }

  @Test(arguments: papers)
  func theNoGoSampleTakesTwoPagesWithTheMeetingOnTheFirst(_ paper: String) throws {
    let (pdf, directory) = try printed("payments-migration", paper)
    defer { withExtendedLifetime(directory) {} }
    #expect(try PrintTools.pages(pdf) == 2)
    guard let first = try PrintTools.text(pdf, page: 1) else { return }
    // The decision, the roll call and every blocker are on page 1.
    for heading in ["DECISION", "ROLL CALL", "AGENDA · DECISIONS TO TAKE", "MISSING"] {
      #expect(first.contains(heading), "\(paper): \(heading)")
    }
    let blockers = Samples.report("payments-migration").failing(.blocker).map(\.id)
    #expect(blockers.count == 9)
    for id in blockers { #expect(first.contains(id), "\(paper): \(id) is not on page 1") }
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Evidence text written to break each format — HTML, table pipes, workflow commands, line
/// breaks, entities, terminal escapes — renders as the same visible text and nothing more.
@Suite struct RendererEscapingTests {
  let report = RendererFixtures.hostile
  let title = RendererFixtures.hostileTitle
  let message = RendererFixtures.hostileMessage

  @Test func markdownShowsHostileTextAsTextOnly() {
    let markdown = MarkdownRenderer.render(report)
    let document = MarkdownReader.parse(markdown)
    #expect(
      document.headings.map(\.text) == [
        "🔴 NO-GO · <b>shop</b> & co 1.0 \"beta\"", "Blockers — 1 failing", "Waivers", "Areas",
        "🟢 SRE", "🔴 Quality",
      ])
    #expect(document.links.isEmpty)
    let html = gfmHTML(markdown)
    for forbidden in [
      "<script", "<img", "<a ", "<b>", "<i>", "<code>", "<em>", "<strong>**", "<!--",
    ] {
      #expect(!html.contains(forbidden), "\(forbidden)")
    }
    #expect(occurrences(of: "<table>", in: html) == 5)
    #expect(occurrences(of: "<details>", in: html) == 1)
    #expect(occurrences(of: "</details>", in: html) == 1)
    // The title cell reads exactly as written (HTML-escaped by the Markdown renderer).
    #expect(
      html.contains(
        "<td><strong>quality.tests</strong> &lt;script&gt;alert('x')&lt;/script&gt; | cell | "
          + "**bold** &amp; [link](javascript:x)</td>"))
    #expect(html.contains("@\u{200B}everyone https://evil.example www.evil.example \\u{1b}[31m"))
  }

  @Test func htmlEscapesEveryTextAndAddsNoMarkup() throws {
    let html = HTMLRenderer.render(report)
    let allowed: Set<String> = [
      "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main", "header", "div", "p",
      "h1", "h2", "span", "strong", "ul", "li", "b", "section", "table", "thead", "tbody", "tr",
      "th", "td", "br", "dl", "dt", "dd", "footer",
    ]
    let tags = try Regex("<(/?)([!A-Za-z][A-Za-z0-9]*)([^>]*)>")
    for match in html.matches(of: tags) {
      let name = String(match.output[2].substring ?? "")
      #expect(allowed.contains(name), "unexpected <\(name)>")
      let attributes = String(match.output[3].substring ?? "")
      // Only the renderer's own attributes, each quoted: no event handler, no link, no source.
      let known = try Regex(#"^( (class|style|lang|charset|name|content)="[^"<>]*")*$"#)
      let bare = name == "!DOCTYPE" ? "" : attributes
      #expect(bare.wholeMatch(of: known) != nil, "<\(name)\(attributes)>")
    }
    #expect(html.contains(Escape.html(title)))
    #expect(html.contains("<h1>&lt;b&gt;shop&lt;/b&gt; &amp; co <span class=\"release\">"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("\u{1B}"))
  }

  @Test func junitKeepsTheTextExactlyAndStaysWellFormed() throws {
    let xml = JUnitRenderer.render(report)
    let collector = XMLCollector()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = collector
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    let names = collector.elements.filter { $0.name == "testcase" }.map { $0.attributes["name"] }
    #expect(names == ["sre.runbook: Runbook | rollback", "quality.tests: " + title])
    let error = try #require(collector.elements.first { $0.name == "error" })
    let visible = message.replacingOccurrences(of: "\u{1B}", with: "\\u{1b}")
      .replacingOccurrences(of: "\u{202E}", with: "\\u{202e}")
      .replacingOccurrences(of: "\u{202C}", with: "\\u{202c}")
    #expect(error.attributes["message"] == "build/test results|x.xml:3:2: " + visible)
    #expect(error.text.hasPrefix("- build/test results|x.xml:3:2: " + visible + "\n- second\n"))
  }

  @Test func sarifCarriesTheTextVerbatimAsJSON() throws {
    let sarif = SARIFRenderer.render(report, toolVersion: "1.0.0")
    let object = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any]
    let runs = try #require(object?["runs"] as? [[String: Any]])
    let results = try #require(runs.first?["results"] as? [[String: Any]])
    #expect(results.count == 1)
    let text = (results.first?["message"] as? [String: Any])?["text"] as? String
    #expect(
      text
        == "\(title) (quality.tests, blocker, owner team,evil:owner): \(message) second\nline ]]> "
        + "&amp; <!-- comment Remediation: Run `make test`; then <b>fix</b>\n# it")
  }

  @Test func githubCommandsCannotBeForgedFromEvidence() throws {
    let lines = GitHubRenderer.render(report).split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("::error file=launch/build/test results|x.xml,line=3,col=2,title="))
    #expect(lines[1].hasPrefix("::notice title=gonogo%3A NO-GO::"))
    for line in lines {
      #expect(!line.contains("\r"))
      // After the level and properties, the message never holds a raw line break, so no
      // `::set-output` or `::error` inside it can start a command.
      let parts = line.components(separatedBy: "::")
      #expect(parts[0].isEmpty)
      let properties = parts[1].split(separator: " ", maxSplits: 1).last ?? ""
      for property in properties.split(separator: ",") {
        #expect(property.split(separator: "=", maxSplits: 1).count == 2, "\(property)")
      }
    }
    let message = lines[0].components(separatedBy: "::").dropFirst(2).joined(separator: "::")
    #expect(
      decodeWorkflow(message).hasPrefix(
        title + " (blocker, owner team,evil:owner)\n- build/test results|x.xml:3:2: test \"a|b\" "
          + "failed:\n::set-output name=verdict::go\r\n::error::forged %0A 100% <img"))
    #expect(lines[0].contains("owner team,evil:owner"))  // commas are fine in a message
    #expect(lines[0].contains("::error::forged %250A 100%25"))
  }

  @Test func workflowPropertiesEscapeColonsAndCommas() {
    #expect(Escape.workflowProperty("a:b,c%d\ne\rf") == "a%3Ab%2Cc%25d%0Ae%0Df")
    #expect(Escape.workflowMessage("a:b,c%d\ne\rf") == "a:b,c%25d%0Ae%0Df")
  }

  @Test func markdownEscapesInlineMarkupButNotPlainText() {
    #expect(Escape.markdown("p95 412 ms (budget 300)") == "p95 412 ms (budget 300)")
    #expect(Escape.markdown("a|b\nc") == "a\\|b c")
    #expect(Escape.markdown("<b>*x*</b>") == "\\<b\\>\\*x\\*\\</b\\>")
    #expect(Escape.markdown("ping @ops") == "ping @&#8203;ops")
  }

  private func decodeWorkflow(_ text: String) -> String {
    text.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
      .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
      .replacingOccurrences(of: "%25", with: "%")
  }
}

/// Collects elements with their attributes and text.
final class XMLCollector: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
    var text = ""
  }

  var elements: [Element] = []
  private var open: [Int] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    open.append(elements.count)
    elements.append(Element(name: elementName, attributes: attributeDict))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let index = open.last { elements[index].text += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    _ = open.popLast()
  }
}

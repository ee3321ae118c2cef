import GoNoGoKit
import Testing

/// Joins lines with `\n` and ends the text with a newline.
private func markdown(_ lines: String...) -> String {
  lines.joined(separator: "\n") + "\n"
}

private func placeholder(_ text: String, _ line: Int, _ column: Int) -> Placeholder {
  Placeholder(text: text, line: line, column: column)
}

@Suite("MarkdownReader")
struct MarkdownReaderTests {
  // MARK: - Empty and front matter

  @Test func emptyDocument() {
    let document = MarkdownReader.parse("")
    #expect(document == MarkdownDocument())
    #expect(document.frontMatter == nil)
    #expect(document.frontMatterLine == 0)
    #expect(document.wordCount == 0)
  }

  @Test func whitespaceOnlyDocument() {
    #expect(MarkdownReader.parse("\n\n   \n\t\n") == MarkdownDocument())
  }

  @Test func frontMatterIsExtractedAndLinesKeepFileNumbering() {
    let document = MarkdownReader.parse(
      markdown(
        "---", "title: Runbook", "# owner: TODO", "---", "# Intro", "", "Hello there."))
    #expect(document.frontMatter == "title: Runbook\n# owner: TODO\n")
    #expect(document.frontMatterLine == 2)
    #expect(
      document.headings == [
        Heading(level: 1, text: "Intro", anchor: "intro", line: 5, column: 1, wordCount: 2)
      ])
    #expect(document.wordCount == 2)
    #expect(document.placeholders.isEmpty)
  }

  @Test func frontMatterWithCRLFAndFenceBlanks() {
    let text =
      "---  \r\ntitle: Runbook\r\nowner: team\r\n...\t\r\n# Intro\r\n\r\nSome words here.\r\n"
      + "\r\n## Rollback\r\n\r\nTODO: write it\r\n"
    let document = MarkdownReader.parse(text)
    #expect(document.frontMatter == "title: Runbook\r\nowner: team\r\n")
    #expect(document.frontMatterLine == 2)
    #expect(document.headings.map(\.line) == [5, 9])
    #expect(document.headings.map(\.wordCount) == [6, 3])
    #expect(document.placeholders == [placeholder("TODO", 11, 1)])
    #expect(document.wordCount == 6)
  }

  @Test func emptyFrontMatter() {
    let document = MarkdownReader.parse(markdown("---", "---", "# Title"))
    #expect(document.frontMatter == "")
    #expect(document.frontMatterLine == 2)
    #expect(document.headings.map(\.line) == [3])
  }

  @Test func unterminatedFrontMatterIsBody() {
    let document = MarkdownReader.parse(markdown("---", "title: x", "", "# Heading", "", "Text"))
    #expect(document.frontMatter == nil)
    #expect(document.frontMatterLine == 0)
    #expect(
      document.headings == [
        Heading(level: 1, text: "Heading", anchor: "heading", line: 4, column: 1, wordCount: 1)
      ])
    #expect(document.wordCount == 3)  // "title: x" is a paragraph after a thematic break
  }

  @Test func frontMatterOnlyAtTheVeryStart() {
    let leadingBlank = MarkdownReader.parse(markdown("", "---", "a: 1", "---"))
    #expect(leadingBlank.frontMatter == nil)
    let notAFence = MarkdownReader.parse(markdown("----", "a: 1", "---"))
    #expect(notAFence.frontMatter == nil)
    let noNewline = MarkdownReader.parse("---")
    #expect(noNewline.frontMatter == nil)
  }

  // MARK: - Headings

  @Test func headingsLevelsTextAndPositions() {
    let document = MarkdownReader.parse(
      markdown(
        "# Release *plan* for `v2`", "", "Setext **title**", "continued", "===", "",
        "   ### Indented ###", "", "- ## In a list", "", "Sub", "---"))
    #expect(
      document.headings == [
        Heading(
          level: 1, text: "Release plan for v2", anchor: "release-plan-for-v2", line: 1,
          column: 1, wordCount: 0),
        Heading(
          level: 1, text: "Setext title continued", anchor: "setext-title-continued", line: 3,
          column: 1, wordCount: 0),
        Heading(level: 3, text: "Indented", anchor: "indented", line: 7, column: 4, wordCount: 0),
        Heading(
          level: 2, text: "In a list", anchor: "in-a-list", line: 9, column: 3, wordCount: 0),
        Heading(level: 2, text: "Sub", anchor: "sub", line: 11, column: 1, wordCount: 0),
      ])
  }

  @Test func anchorsFollowGitHub() {
    let document = MarkdownReader.parse(
      markdown(
        "# What's new?", "## C++ & Rust", "### Überblick", "#### foo_bar-baz",
        "##### API `v2` *beta*", "# Rollback", "## Rollback", "### Rollback", "# Rollback 🚀",
        "#   Spaced   out  ", "# 1.2.3 (hotfix)"))
    #expect(
      document.headings.map(\.anchor) == [
        "whats-new", "c--rust", "überblick", "foo_bar-baz", "api-v2-beta", "rollback",
        "rollback-1", "rollback-2", "rollback-", "spaced---out", "123-hotfix",
      ])
    #expect(document.headings[9].text == "Spaced   out")
  }

  @Test func headingPositionsCountScalarsNotBytes() {
    let document = MarkdownReader.parse(markdown("> é # not a heading", ">", "> ## Café TODO"))
    #expect(document.headings.map(\.column) == [3])
    #expect(document.placeholders == [placeholder("TODO", 3, 11)])
  }

  // MARK: - Word counts

  @Test func wordCountsPerNestedSection() {
    let document = MarkdownReader.parse(
      markdown(
        "Preamble has three.", "", "# A", "", "One two.", "", "## B", "", "Three four five.",
        "", "### C", "", "- six", "- [ ] seven eight", "", "> nine *ten*", "", "## D", "",
        "| eleven | twelve |", "|---|---|", "| 13 | -- |", "", "```", "code words ignored",
        "```", "", "    indented code ignored", "", "Inline `code counts` too.", "", "# E",
        "", "<div>html ignored</div>", "", "fourteen"))
    #expect(document.headings.map(\.text) == ["A", "B", "C", "D", "E"])
    // A: 2 + B(3 + C(5)) + D(3 table + 4 prose, inline code included)
    #expect(document.headings.map(\.wordCount) == [17, 8, 5, 7, 1])
    #expect(document.wordCount == 21)
  }

  @Test func wordsJoinAcrossEmphasisButSplitAtBreaks() {
    let document = MarkdownReader.parse(markdown("foo**bar** baz", "qux<br>quux `x`y `--`"))
    // foobar, baz, qux, quux, x, y ("--" has no letter or digit)
    #expect(document.wordCount == 6)
  }

  // MARK: - Placeholders

  @Test func placeholderWords() {
    let document = MarkdownReader.parse(
      markdown(
        "TODO: fill in. Owner TBD, then FIXME.", "", "(TODO) and **TODO** but not todo,",
        "TODOs, XTODO, TODO_x or TODO1."))
    #expect(
      document.placeholders == [
        placeholder("TODO", 1, 1), placeholder("TBD", 1, 22), placeholder("FIXME", 1, 32),
        placeholder("TODO", 3, 2), placeholder("TODO", 3, 14),
      ])
  }

  @Test func fillInsParsedAsInlineHTML() {
    let document = MarkdownReader.parse(
      markdown(
        "Service: <service name>, owner <owner>.", "",
        "Real: a<br>b <br/> <!-- TODO later --> <span class=\"x\">s</span> </b> <IMG src=x>",
        "", "Autolink <https://example.com/TODO> is a link."))
    #expect(
      document.placeholders == [
        placeholder("<service name>", 1, 10), placeholder("<owner>", 1, 32),
      ])
    #expect(document.links.map(\.destination) == ["https://example.com/TODO"])
  }

  @Test func fillInsLeftAsTextAndInHTMLBlocks() {
    let document = MarkdownReader.parse(
      markdown(
        "Wait <1 hour> for <your team's name>; a<b>c and x <- y -> z.", "", "<service name>",
        "", "<details>", "<summary>Rollback TBD</summary>", "<!-- FIXME hidden -->", "</details>"))
    #expect(
      document.placeholders == [
        placeholder("<1 hour>", 1, 6), placeholder("<your team's name>", 1, 19),
        placeholder("<service name>", 3, 1), placeholder("TBD", 6, 19),
      ])
  }

  @Test func loremIpsumAnyCase() {
    let document = MarkdownReader.parse(
      markdown("Lorem Ipsum dolor.", "", "- x lorem", "  ipsum", "", "loremipsum and lorem-ipsum"))
    #expect(
      document.placeholders == [
        placeholder("Lorem Ipsum", 1, 1), placeholder("lorem ipsum", 3, 5),
      ])
  }

  @Test func noPlaceholdersInCode() {
    let document = MarkdownReader.parse(
      markdown(
        "```sh", "echo TODO <owner> lorem ipsum", "```", "", "~~~", "FIXME", "~~~", "",
        "    indented TODO <owner>", "", "Inline `TODO` and ``<owner> TBD`` here.", "",
        "- item", "", "      indented in list TODO"))
    #expect(document.placeholders.isEmpty)
  }

  @Test func placeholderPositionsInContainersAndTables() {
    let document = MarkdownReader.parse(
      markdown(
        "- [ ] first", "  more TODO here", "", "> quote", "> again TBD", "", "| a | b TODO |",
        "|---|---|", "| <owner> | https://x.example TODO |", "", "Tom &amp; Jerry TODO \\* FIXME",
        "\t\ttabbed TODO"))
    #expect(
      document.placeholders == [
        placeholder("TODO", 2, 8), placeholder("TBD", 5, 9), placeholder("TODO", 7, 9),
        placeholder("<owner>", 9, 3), placeholder("TODO", 9, 31), placeholder("TODO", 11, 17),
        placeholder("FIXME", 11, 25), placeholder("TODO", 12, 10),
      ])
  }

  // MARK: - Tasks

  @Test func taskItems() {
    let document = MarkdownReader.parse(
      markdown(
        "# Checklist", "", "- [ ] Notify <owner>", "- [x] Freeze `main`", "  across lines",
        "- [X] Tag release", "  - [ ] nested child", "  - plain child", "- plain item",
        "* [] not a task", "", "1. [x] ordered"))
    #expect(
      document.tasks == [
        TaskItem(checked: false, text: "Notify <owner>", line: 3, column: 1),
        TaskItem(checked: true, text: "Freeze main across lines", line: 4, column: 1),
        TaskItem(checked: true, text: "Tag release", line: 6, column: 1),
        TaskItem(checked: false, text: "nested child", line: 7, column: 3),
        TaskItem(checked: true, text: "ordered", line: 12, column: 1),
      ])
  }

  // MARK: - Links

  @Test func linksOfEveryKind() {
    let document = MarkdownReader.parse(
      markdown(
        "See [runbook](docs/runbook.md), [back](#rollback) and [ref][dash].",
        "![diagram](img/arch.png \"Arch\") <https://status.example.com>",
        "Bare www.example.com/x and https://ci.example.com/build?id=1, mail ops@example.com.",
        "", "- item", "  [nested](../up.md) [collapsed][]", "", "[dash]: https://grafana.example",
        "[collapsed]: ./c.md"))
    #expect(
      document.links == [
        Link(destination: "docs/runbook.md", line: 1, column: 5, isImage: false),
        Link(destination: "#rollback", line: 1, column: 33, isImage: false),
        Link(destination: "https://grafana.example", line: 1, column: 55, isImage: false),
        Link(destination: "img/arch.png", line: 2, column: 1, isImage: true),
        Link(destination: "https://status.example.com", line: 2, column: 33, isImage: false),
        Link(destination: "http://www.example.com/x", line: 3, column: 6, isImage: false),
        Link(
          destination: "https://ci.example.com/build?id=1", line: 3, column: 28, isImage: false),
        Link(destination: "mailto:ops@example.com", line: 3, column: 68, isImage: false),
        Link(destination: "../up.md", line: 6, column: 3, isImage: false),
        Link(destination: "./c.md", line: 6, column: 22, isImage: false),
      ])
  }

  @Test func urlTextIsNotScannedForPlaceholders() {
    let document = MarkdownReader.parse(
      markdown("See www.example.com/TODO and <https://x.example/FIXME>, [TBD](https://x/TBD)."))
    #expect(document.links.map(\.column) == [5, 30, 57])
    #expect(document.placeholders == [placeholder("TBD", 1, 58)])
  }

  @Test func undefinedReferenceIsNotALink() {
    let document = MarkdownReader.parse(markdown("[missing][nowhere] and [x]"))
    #expect(document.links.isEmpty)
  }

  // MARK: - Robustness

  @Test func pathologicalInputsDoNotTrap() {
    let inputs = [
      String(repeating: ">", count: 50_000) + " deep TODO\n",
      (0..<2_000).map { String(repeating: "  ", count: $0) + "- x\n" }.joined(),
      String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 50_000),
      String(repeating: "*", count: 30_000) + "a" + String(repeating: "*", count: 30_000),
      String(repeating: "<a \"", count: 20_000),
      "\u{0}\u{1}\u{7F}\u{FFFD} TODO \u{0} <x\u{0}y>\n---\n\u{FEFF}",
      "\u{FEFF}# BOM TODO\n",
      "|" + String(repeating: "|", count: 10_000) + "\n|-|\n",
      "---\n---\n---\n",
      "\r\r\n\r",
    ]
    for input in inputs {
      let document = MarkdownReader.parse(input)
      #expect(document.wordCount >= 0)
      for found in document.placeholders { #expect(found.line >= 1 && found.column >= 1) }
    }
    let bom = MarkdownReader.parse("\u{FEFF}# BOM TODO\n")
    #expect(bom.headings.map(\.column) == [1])
    #expect(bom.placeholders == [placeholder("TODO", 1, 7)])
  }

  @Test func concurrentParsesAgree() async {
    // Unsynchronised cmark-gfm 0.29 loses autolinks and strikethrough under concurrent parses.
    let text = markdown(
      "# Title", "", "Visit www.example.com and ~~old~~ text TODO.", "", "| a | b |", "|---|---|",
      "| x | https://x.example ~~y~~ |", "", "- [ ] task <owner> www.z.example")
    let expected = MarkdownReader.parse(text)
    #expect(expected.links.count == 3)
    #expect(expected.tasks.count == 1)
    let results = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<400 {
        group.addTask { MarkdownReader.parse(text) == expected }
      }
      var all: [Bool] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(results.count == 400)
    #expect(results.allSatisfy { $0 })
  }
}

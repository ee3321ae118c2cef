import Foundation

/// The messages of the `vulnerabilities` check: counts by class, what the reports set aside, and
/// one line per offending finding, told apart from its neighbours.
extension VulnerabilitiesCheck {
  /// "; 2 suppressed in the report and not counted; 1 secret not counted (classes: …)".
  func setAsideNotes(_ tally: Tally) -> String {
    var text = ""
    if tally.suppressed > 0 {
      text += "; \(tally.suppressed) suppressed in the report and not counted"
    }
    if tally.ignored > 0 {
      text += "; \(tally.ignored) ignored by Grype's ignore rules and not counted"
    }
    let outside = FindingClass.allCases.compactMap { found in
      tally.outside[found].map { found.counted($0) }
    }
    if let classes, !outside.isEmpty {
      text +=
        "; \(Self.joined(outside, "and")) not counted (classes: "
        + classes.map(\.plural).joined(separator: ", ") + ")"
    }
    return text
  }

  /// Why a report cannot be judged by this gate: `classes:` lists none of the classes its format
  /// can hold, so the gate would judge nothing in it.
  func classMismatch(_ format: VulnerabilityReport.Format, file: String) -> String? {
    guard let classes, !classes.isEmpty, Set(classes).isDisjoint(with: format.classes) else {
      return nil
    }
    let held = format.classes.map(\.plural)
    return
      "\(file) is a \(format.rawValue) report, which holds no "
      + Self.joined(classes.map(\.plural), "or") + ", so 'classes: ["
      + classes.map(\.plural).joined(separator: ", ")
      + "]' judges nothing in it; add a class the report holds ("
      + Self.joined(held, "or") + ")"
  }

  /// The one noun of findings that share a class: "vulnerabilities", "fixable vulnerability".
  func noun(_ items: [Listed]) -> String {
    let found = items.first?.vulnerability.findingClass ?? .vulnerability
    let word = items.count == 1 ? found.rawValue : found.plural
    return fixableOnly && found == .vulnerability ? "fixable " + word : word
  }

  /// "3 vulnerabilities", "1 vulnerability, 1 secret and 2 misconfigurations".
  func phrase(_ items: [Listed], joiner: String? = nil) -> String {
    let parts = FindingClass.allCases.compactMap { found -> String? in
      let these = items.filter { $0.vulnerability.findingClass == found }
      return these.isEmpty ? nil : "\(these.count) \(noun(these))"
    }
    if let joiner { return parts.joined(separator: joiner) }
    return Self.joined(parts, "and")
  }

  /// "a", "a and b", "a, b and c".
  static func joined(_ parts: [String], _ word: String) -> String {
    guard let last = parts.last, parts.count > 1 else { return parts.first ?? "" }
    return parts.dropLast().joined(separator: ", ") + " \(word) " + last
  }

  /// The offending findings, most severe first: the first ten, then a count.
  func list(_ offending: [Listed]) -> [Finding] {
    let sorted = offending.enumerated().sorted {
      ($0.element.vulnerability.severity, $1.offset) > (
        $1.element.vulnerability.severity, $0.offset
      )
    }.map(\.element)
    let texts = Self.describe(sorted.map(\.vulnerability))
    var findings = zip(sorted, texts).prefix(Self.listLimit).map {
      Finding.fail($0.1, evidence: EvidenceLocation(file: $0.0.file))
    }
    if sorted.count > Self.listLimit {
      let rest = Array(sorted.dropFirst(Self.listLimit))
      let what =
        Set(rest.map(\.vulnerability.findingClass)).count == 1
        ? noun(rest) : "findings (\(phrase(rest, joiner: ", ")))"
      findings.append(.fail("and \(rest.count) more offending \(what)"))
    }
    return findings
  }

  /// Undecided SARIF results that no allow-list entry accepts: the gate cannot be judged; `notes`
  /// says what the reports set aside.
  func undecided(
    _ items: [Listed], whoHas: String, report: EvidenceLocation?,
    measured: [String: JSONValue], notes: String
  ) -> [Finding] {
    guard !items.isEmpty else { return [] }
    let one = items.count == 1
    let (them, count) =
      one ? ("it", "1 undecided finding") : ("them", "\(items.count) undecided findings")
    var findings = [
      Finding(
        .error,
        "\(whoHas) \(count) (SARIF kind open or review) that no allow-list entry accepts; the "
          + "analyser could not decide \(them), so a person must: fix \(them), suppress \(them) "
          + "in the report, or accept \(them) on the allow list" + notes,
        evidence: report, measured: measured)
    ]
    for item in items.prefix(Self.listLimit) {
      let found = item.vulnerability
      guard case .undecided(let kind) = found.disposition else { continue }
      let place = found.location.map { " at \($0)" } ?? ""
      findings.append(
        .error(
          "\(found.id)\(place) is undecided (kind \(kind))",
          evidence: EvidenceLocation(file: item.file)))
    }
    if items.count > Self.listLimit {
      findings.append(.error("and \(items.count - Self.listLimit) more undecided findings"))
    }
    return findings
  }

  /// One finding per expired allow-list entry; it fails when its finding is now over a limit.
  func expiredEntries(_ listed: [Listed], offending: [Listed], now: Date) -> [Finding] {
    allow.filter { now >= $0.expires.end }.map { entry in
      let at = "\(entry.location.file):\(entry.location.line)"
      let head =
        "the allow-list entry for \(entry.id) (\(at), approved by \(entry.approvedBy)) "
        + "expired on \(entry.expires.text)"
      if offending.contains(where: { $0.vulnerability.isNamed(entry.id) }) {
        return .fail(head + " and no longer allows it")
      }
      if listed.contains(where: { $0.vulnerability.isNamed(entry.id) }) {
        return .pass(head + "; \(entry.id) is within the limits without it")
      }
      return .pass(head + " and matches nothing in the report; remove it")
    }
  }

  func passMessage(_ whoHas: String, _ tally: Tally) -> String {
    let counted = tally.counted
    var text: String
    if counted.isEmpty {
      let chosen = classes ?? FindingClass.allCases
      var nouns = chosen.filter { found in tally.formats.contains { $0.classes.contains(found) } }
      if nouns.isEmpty { nouns = chosen }
      let words = nouns.map { found in
        fixableOnly && found == .vulnerability ? "fixable " + found.plural : found.plural
      }
      text = "\(whoHas) no \(Self.joined(words, "or"))"
    } else {
      text = "\(whoHas) \(phrase(counted)) (\(Self.breakdown(counted)))"
      var within: [String] = []
      if let maxSeverity { within.append("none above max_severity \(maxSeverity.rawValue)") }
      if !maxCounts.isEmpty { within.append("within max_counts") }
      text += ", " + within.joined(separator: " and ")
    }
    if tally.allowed > 0 { text += "; \(tally.allowed) allowed by the allow list" }
    if tally.withoutFix > 0 { text += "; \(tally.withoutFix) without a fix not counted" }
    return text
  }

  /// "1 critical, 2 high": the non-zero counts, most severe first.
  static func breakdown(_ items: [Listed]) -> String {
    VulnerabilitySeverity.allCases.reversed().compactMap { severity in
      let count = items.filter { $0.vulnerability.severity == severity }.count
      return count == 0 ? nil : "\(count) \(severity.name)"
    }.joined(separator: ", ")
  }

  /// Each finding's line, told apart from the others: a package's location is added when two
  /// read alike, a SARIF result's message, then its column, and last where the report lists it.
  static func describe(_ items: [Vulnerability]) -> [String] {
    var texts = items.map { describe($0, detail: 0) }
    for level in 1...3 {
      var seen: [String: Int] = [:]
      for text in texts { seen[text, default: 0] += 1 }
      for index in items.indices where seen[texts[index], default: 0] > 1 {
        texts[index] = describe(items[index], detail: level)
      }
    }
    return texts
  }

  /// "CVE-2023-0286 (high) in openssl 3.0.2, fixed in 3.0.8", "secret aws-access-key-id
  /// (critical) at .env:3: AWS Access Key ID", or a SARIF rule at its location; `detail` 1
  /// adds a package's location or a result's message, 2 also a result's column, 3 the JSON
  /// path of the entry.
  static func describe(_ item: Vulnerability, detail: Int) -> String {
    let text = describe(item, upTo: min(detail, 2))
    guard detail > 2, let reference = item.reference else { return text }
    return text + " (\(reference))"
  }

  private static func describe(_ item: Vulnerability, upTo detail: Int) -> String {
    var text = "\(item.id) (\(item.severity.name))"
    switch item.findingClass {
    case .secret, .misconfiguration: text = "\(item.findingClass.rawValue) " + text
    case .vulnerability, .finding: break
    }
    if let package = item.package {
      text += " in \(package)"
      if let installed = item.installedVersion { text += " \(installed)" }
      if detail > 0, let location = item.location { text += " (\(location))" }
      text += item.fixedVersion.map { ", fixed in \($0)" } ?? ", no fix available"
      return text
    }
    let place = detail > 1 ? item.exactLocation ?? item.location : item.location
    if let place { text += " at \(place)" }
    let always = item.findingClass != .finding || item.id == Vulnerability.withoutRule
    if let description = item.detail, always || detail > 0 { text += ": \(description)" }
    return text
  }
}

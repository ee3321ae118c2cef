import Foundation
import LocatedYAML

/// Escaping of untrusted text (evidence, test names, messages) for each output target.
///
/// Every renderer passes text from the report through one of these before writing it: a test
/// name may hold `<script>`, a table pipe, a workflow command or a line break, and must come out
/// as the same visible characters, never as markup or a command.
enum Escape {
  /// Markdown inline text (GFM, for PR comments and step summaries).
  ///
  /// Line breaks fold into spaces, control characters are shown, and every character that
  /// could start inline markup, raw HTML, an entity, a table cell, math, an autolink or an
  /// @-mention is neutralised. Block markup only starts a line, and renderers never put such
  /// text at a line start.
  static func markdown(_ text: String) -> String {
    let characters = Array(TextRenderer.clean(text))
    var out = ""
    for (index, character) in characters.enumerated() {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "~", "|", "$", "#":
        out += "\\" + String(character)
      case ":" where characters[index...].starts(with: Array("://")):
        out += "\\:"  // no scheme autolink
      case "." where index >= 3 && String(characters[(index - 3)..<index]).lowercased() == "www":
        out += "\\."  // no www autolink
      case "@":
        out += "@&#8203;"  // no mention, no email autolink
      default:
        out.append(character)
      }
    }
    return out
  }

  /// HTML text or attribute value: `&`, `<`, `>`, `"` and `'` become references; line breaks
  /// fold into spaces and control characters are shown.
  static func html(_ text: String) -> String {
    var out = ""
    for character in TextRenderer.clean(text) {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// XML 1.0 text or attribute value.
  ///
  /// Characters XML cannot carry at all (most C0 controls,
  /// U+FFFE, U+FFFF) are shown as `\u{…}`; in attributes line breaks and tabs become character
  /// references so parsers keep them.
  static func xml(_ text: String, attribute: Bool = false) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "'" where attribute: out += "&apos;"
      case "\n": out += attribute ? "&#10;" : "\n"
      case "\r": out += "&#13;"
      case "\t": out += attribute ? "&#9;" : "\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
          || scalar.value == 0xFFFE || scalar.value == 0xFFFF
          || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        {
          out += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A GitHub workflow command's message: `%`, CR and LF are percent-encoded (so the text
  /// cannot end the command or start another), other control characters are shown.
  static func workflowMessage(_ text: String) -> String {
    workflow(text, property: false)
  }

  /// A GitHub workflow command's property value: as a message, and `:` and `,` as well.
  static func workflowProperty(_ text: String) -> String {
    workflow(text, property: true)
  }

  private static func workflow(_ text: String, property: Bool) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      case ":" where property: out += "%3A"
      case "," where property: out += "%2C"
      case "\t": out += " "
      default:
        out += TextRenderer.clean(String(scalar))
      }
    }
    return out
  }
}

/// Red, amber, green — and grey for a group with nothing judged (all its gates disabled).
enum RAG: String {
  case red, amber, green, grey

  /// Red when a blocker fails or errors; amber when a major does or a gate is waived; grey when
  /// every gate is disabled; else green (failing minor gates are advisory).
  init(_ gates: [GateResult]) {
    if gates.contains(where: { $0.isFailing && $0.severity == .blocker }) {
      self = .red
    } else if gates.contains(where: {
      ($0.isFailing && $0.severity == .major) || $0.status == .waived
    }) {
      self = .amber
    } else if gates.allSatisfy({ $0.status == .disabled }) {
      self = .grey
    } else {
      self = .green
    }
  }

  /// The RAG of a verdict.
  init(_ verdict: Verdict) {
    switch verdict {
    case .go: self = .green
    case .conditionalGo: self = .amber
    case .noGo: self = .red
    }
  }
}

/// Gates grouped for a roll-up: one readiness area (category) or one workstream (owner).
struct GateGroup {
  /// The name shown: `SRE`, `team-api`.
  var title: String
  /// The group's gates, in report order.
  var gates: [GateResult]

  /// The group's RAG.
  var rag: RAG { RAG(gates) }

  /// How many of its gates have `status`.
  func count(_ status: GateStatus) -> Int { gates.filter { $0.status == status }.count }
}

extension Category {
  /// The area's name in reports.
  var title: String {
    switch self {
    case .security: "Security"
    case .privacy: "Privacy"
    case .sre: "SRE"
    case .support: "Support"
    case .performance: "Performance"
    case .quality: "Quality"
    case .data: "Data"
    case .comms: "Comms"
    }
  }
}

extension Report {
  /// Gates by readiness area, in the categories' documented order; uncategorised gates last,
  /// as `Other`.
  var areas: [GateGroup] {
    var groups = Category.allCases.compactMap { category -> GateGroup? in
      let gates = gates.filter { $0.category == category }
      return gates.isEmpty ? nil : GateGroup(title: category.title, gates: gates)
    }
    let other = gates.filter { $0.category == nil }
    if !other.isEmpty { groups.append(GateGroup(title: "Other", gates: other)) }
    return groups
  }

  /// Gates by workstream — the program's workstreams when the report rolls one up, else the
  /// gates' owners — in order of first appearance.
  var workstreamGroups: [GateGroup] {
    func key(_ gate: GateResult) -> String { gate.workstream ?? gate.owner }
    var keys: [String] = []
    for gate in gates where !keys.contains(key(gate)) { keys.append(key(gate)) }
    return keys.map { name in GateGroup(title: name, gates: gates.filter { key($0) == name }) }
  }

  /// Waivers that waive a gate right now.
  var activeWaivers: [WaiverResult] { waivers.filter { $0.state == .active } }
}

extension GateResult {
  /// The findings worth showing for a gate that is not passing: its non-pass findings.
  var problems: [Finding] { findings.filter { $0.status != .pass } }

  /// An evidence path as seen from the working directory: evidence paths are relative to the
  /// evidence root, by default the directory of the gate's checklist. A rollout rule's findings
  /// point into the plan that defines the gate, already named as the user named it.
  /// Where annotations of this gate go when no finding has a line: its definition, or, for a
  /// gate defined in a built-in pack (no file in the repository), its first evidence file.
  var anchor: SourceLocation {
    guard location.file.hasPrefix("builtin:"),
      let evidence = problems.first(where: { $0.evidence != nil })?.evidence
        ?? findings.first(where: { $0.evidence != nil })?.evidence
    else { return location }
    return SourceLocation(
      file: workingPath(ofEvidence: evidence.file), line: evidence.line ?? 1,
      column: evidence.column ?? 1)
  }

  func workingPath(ofEvidence file: String) -> String {
    if file == location.file { return file }
    if let root = evidenceRoot {
      return root.isEmpty || root == "." ? file : (root as NSString).appendingPathComponent(file)
    }
    guard let slash = location.file.lastIndex(of: "/") else { return file }
    return String(location.file[...slash]) + file
  }
}

extension Finding {
  /// `file:line: message`, with the location left out when the message already names the file
  /// and no line is known.
  var located: String {
    guard let evidence, evidence.line != nil || !message.contains(evidence.file) else {
      return message
    }
    return evidence.description + ": " + message
  }
}

/// Text for a terminal: every C0 and C1 control character, DEL and bidirectional override is
/// shown as `\u{…}` (tabs and line breaks fold into spaces), exactly as the text report shows
/// them, so that a definition cannot move the cursor, recolour or retitle the terminal.
public enum TerminalText {
  /// One line of text, made safe.
  public static func escaped(_ text: String) -> String {
    TextRenderer.clean(text)
  }

  /// Several lines: each line made safe, the line breaks kept.
  public static func escapedLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { TextRenderer.clean(String($0)) }.joined(separator: "\n")
  }
}

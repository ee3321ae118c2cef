/// The reference of every check kind, written from the registry so it cannot drift from the code.
public enum KindReference {
  /// Markdown: one section per kind with its summary, parameters and worked examples.
  public static func markdown() -> String {
    var out = """
      # Check kinds

      Every gate's `check:` (or each entry of `checks:`) names a `kind`. Kinds that read evidence
      take `file:` (one path) or `files:` (globs), relative to the evidence root. This page is
      generated from the code (`gonogo kinds --markdown`); its examples run as tests.

      | kind | what it checks |
      | --- | --- |

      """
    for kind in CheckRegistry.kinds.map({ $0.description }) {
      out += "| [`\(kind.kind)`](#\(kind.kind)) | \(cell(kind.summary)) |\n"
    }
    for kind in CheckRegistry.kinds.map({ $0.description }) {
      out += "\n## \(kind.kind)\n\n\(kind.summary)\n\n"
      out += "| parameter | type | meaning |\n| --- | --- | --- |\n"
      if kind.needsEvidence {
        out += "| `file` | path | One evidence file, relative to the evidence root. |\n"
        out +=
          "| `files` | list of globs | Evidence files (`*`, `?`, `[abc]`, `**`); all are read. |\n"
      }
      let binding = kind.needsEvidence ? EvidenceBinding.parameters(forKind: kind.kind) : []
      for parameter in kind.parameters + binding {
        out += "| `\(parameter.name)` | \(cell(parameter.type)) | \(cell(parameter.summary)) |\n"
      }
      out += "\n### Examples\n"
      for example in kind.examples {
        out += "\n\(example.expected.rawValue.uppercased()):\n\n```yaml\n\(example.yaml)\n```\n"
        for (path, text) in example.files.sorted(by: { $0.key < $1.key }) {
          let shown = text.count > 600 ? String(text.prefix(600)) + "\n…" : text
          out += "\n`\(path)`:\n\n````\n\(shown)\(shown.hasSuffix("\n") ? "" : "\n")````\n"
        }
        if example.files.isEmpty && kind.needsEvidence {
          out += "\n(no evidence file)\n"
        }
      }
    }
    return out
  }

  /// Plain text for the terminal: kinds with their parameters.
  public static func text() -> String {
    var out = ""
    for kind in CheckRegistry.kinds.map({ $0.description }) {
      out += "\(kind.kind)\n  \(kind.summary)\n"
      for parameter in kind.parameters {
        out += "  - \(parameter.name) (\(parameter.type)): \(parameter.summary)\n"
      }
      out += "\n"
    }
    return out
  }

  private static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}

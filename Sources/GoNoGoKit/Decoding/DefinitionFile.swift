import Foundation
import LocatedYAML

/// Reads a definition file (checklist, plan, program, pack) into its YAML tree: bounded by
/// `limits`, every problem a diagnostic at the file's first line or at libyaml's position.
enum DefinitionFile {
  /// The file's single YAML document, or nil with the reason in `sink`.
  static func load(
    _ file: String, limits: Limits, sink: DiagnosticSink,
    onTopLevelItem: TopLevelItemHandler? = nil, whileWaiting: (() -> Bool)? = nil
  ) -> Node? {
    let start = SourceLocation(file: file, line: 1, column: 1)
    let data: Data
    switch FileBytes.read(file, maxBytes: limits.maxFileSize) {
    case .success(let bytes): data = bytes
    case .failure(.cannotOpen):
      sink.error(start, "cannot open the file for reading")
      return nil
    case .failure(.tooLarge(let size)):
      sink.error(
        start, "the file is \(size) bytes, more than the limit of \(limits.maxFileSize) bytes",
        hint: "a definition file is small; check that this is the right file")
      return nil
    case .failure(.cannotRead(let reason)):
      sink.error(start, "cannot read the file: \(reason)")
      return nil
    case .failure(.changed):
      sink.error(start, "the file changed while it was being read", hint: "run again")
      return nil
    }
    do {
      return try Loader(limits: limits).load(
        data, file: file, onTopLevelItem: onTopLevelItem, whileWaiting: whileWaiting)
    } catch {
      sink.report(Diagnostic(error))
      return nil
    }
  }
}

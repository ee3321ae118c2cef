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
    var status = stat()
    guard stat(file, &status) == 0 else {
      sink.error(start, "cannot open the file for reading")
      return nil
    }
    let size = Int(status.st_size)
    guard size <= limits.maxFileSize else {
      sink.error(
        start, "the file is \(size) bytes, more than the limit of \(limits.maxFileSize) bytes",
        hint: "a definition file is small; check that this is the right file")
      return nil
    }
    guard let handle = FileHandle(forReadingAtPath: file) else {
      sink.error(start, "cannot open the file for reading")
      return nil
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: limits.maxFileSize + 1) ?? Data()
    } catch {
      sink.error(start, "cannot read the file: \(error.localizedDescription)")
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

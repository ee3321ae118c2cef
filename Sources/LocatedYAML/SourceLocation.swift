import Synchronization

/// A position in a source file: 1-based line and column (columns count Unicode scalars).
///
/// The file path is interned: a location holds a number for it, so copying a location (every
/// node has one) touches no reference count — which matters when threads share a tree.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  private var fileID: FileID
  // 32 bits each: every node has a location, and files are bounded far below 2^31 lines.
  private var line32: Int32
  private var column32: Int32

  /// 1-based line number.
  public var line: Int {
    get { Int(line32) }
    set { line32 = Int32(clamping: newValue) }
  }

  /// 1-based column number.
  public var column: Int {
    get { Int(column32) }
    set { column32 = Int32(clamping: newValue) }
  }

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.init(file: FileID(file), line: line, column: column)
  }

  init(file: FileID, line: Int, column: Int) {
    self.fileID = file
    self.line32 = Int32(clamping: line)
    self.column32 = Int32(clamping: column)
  }

  /// The file path as the user named it (relative paths stay relative).
  public var file: String {
    get { fileID.path }
    set { fileID = FileID(newValue) }
  }

  /// True when both locations are in the same file.
  public func isInSameFile(as other: SourceLocation) -> Bool { fileID == other.fileID }

  /// `path:line:column`, the form editors and CI problem matchers understand.
  public var description: String { "\(file):\(line):\(column)" }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    if lhs.fileID != rhs.fileID { return lhs.file < rhs.file }
    return (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}

/// An interned file path: equal paths get equal numbers for the life of the process.
struct FileID: Sendable, Hashable {
  private static let table = Mutex<(paths: [String], ids: [String: Int32])>(([], [:]))

  private let id: Int32

  init(_ path: String) {
    id = Self.table.withLock { table in
      if let id = table.ids[path] { return id }
      let id = Int32(truncatingIfNeeded: table.paths.count)
      table.paths.append(path)
      table.ids[path] = id
      return id
    }
  }

  var path: String {
    Self.table.withLock { $0.paths[Int(id)] }
  }
}

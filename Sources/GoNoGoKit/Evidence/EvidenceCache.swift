import Foundation
import LocatedYAML
import Synchronization

/// Reads one evidence format into a value; the cache calls it at most once per file.
public protocol EvidenceReader {
  /// What the reader produces.
  associatedtype Document: Sendable
  /// A stable name for the format (`markdown`, `junit`, …), part of the cache key.
  static var format: String { get }
  /// Reads the file. Large formats stream from `source.file.url`; small ones call `source.data()`.
  static func read(_ source: EvidenceSource) -> Result<Document, EvidenceError>
}

/// What a reader gets: the confined file, bounded whole-file access, and the run's time.
public struct EvidenceSource: Sendable {
  /// The file (its `url` is already confined to the evidence root).
  public let file: EvidenceFile
  /// Largest file read whole into memory.
  public let maxBytes: Int

  /// Creates a source (the cache makes them; tests and harnesses may too).
  public init(file: EvidenceFile, maxBytes: Int) {
    self.file = file
    self.maxBytes = maxBytes
  }

  /// The whole file, refused when larger than `maxBytes` or empty.
  public func data() -> Result<Data, EvidenceError> {
    EvidenceSource.read(file, maxBytes: maxBytes)
  }

  /// The whole file as UTF-8 text (a leading BOM removed), refused when not valid UTF-8.
  public func text() -> Result<String, EvidenceError> {
    data().flatMap { data in
      var bytes = data[...]
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
      guard let text = String(validating: bytes, as: UTF8.self) else {
        return .failure(UTF8Check.error(bytes, path: file.path))
      }
      return .success(text)
    }
  }

  /// Every YAML document of the file (a `---` stream; JSON is YAML too). A syntax error is an
  /// evidence error at libyaml's position, saying the file is not valid `what`.
  public func yamlDocuments(notValid what: String = "YAML") -> Result<[Node], EvidenceError> {
    data().flatMap { data in
      do throws(YAMLError) {
        return .success(try Loader().loadAll(data, file: file.path))
      } catch {
        return .failure(
          EvidenceError(
            "\(file.path) is not valid \(what): \(error.message)", line: error.location.line,
            column: error.location.column))
      }
    }
  }

  static func read(_ file: EvidenceFile, maxBytes: Int) -> Result<Data, EvidenceError> {
    FileBytes.read(file.url.path, maxBytes: maxBytes).mapError { failure in
      switch failure {
      case .cannotOpen: EvidenceError("cannot open \(file.path) for reading")
      case .tooLarge(let size):
        EvidenceError(
          "\(file.path) is \(size) bytes, larger than the limit of \(maxBytes) bytes for this format"
        )
      case .cannotRead: EvidenceError("cannot read \(file.path)")
      case .changed: EvidenceError("\(file.path) changed while it was being read; run again")
      }
    }
  }
}

/// Every evidence read of one run goes through here: each file is parsed once per format,
/// however many gates use it, and concurrent requests for the same file wait for one read.
public final class EvidenceCache: Sendable {
  /// The evidence root this cache reads from.
  public let root: EvidenceRoot
  /// Largest file read whole into memory (streamed formats are not bound by this).
  public let maxBytes: Int

  private let slots = Mutex<[String: Slot]>([:])
  private let reads = Mutex<[String: Int]>([:])
  private let resolutions = Mutex<[String: EvidenceRoot.Resolution]>([:])
  private let used = Mutex<Set<EvidenceFile>>([])
  private let history: Mutex<HistoryState> = Mutex(.unopened)

  private enum HistoryState {
    case unopened
    case opened(GitHistory?)
  }

  /// Creates a cache for a root.
  public init(root: EvidenceRoot, maxBytes: Int = 64 << 20) {
    self.root = root
    self.maxBytes = maxBytes
  }

  /// The file at a relative path, confined to the root.
  public func file(_ relative: String) -> Result<EvidenceFile, EvidenceError> {
    let result = root.file(relative, resolving: resolution(ofNormalized:))
    if case .success(let file) = result { _ = used.withLock { $0.insert(file) } }
    return result
  }

  /// Every file a check resolved in this run (read, or checked for presence or age), by path.
  public var usedFiles: [EvidenceFile] {
    used.withLock { $0.sorted { $0.path < $1.path } }
  }

  /// What a normalized path inside the root is, looked up on disk once per run.
  func resolution(ofNormalized normalized: String) -> EvidenceRoot.Resolution {
    if let known = resolutions.withLock({ $0[normalized] }) { return known }
    let resolution = root.resolution(of: normalized)
    resolutions.withLock { $0[normalized] = resolution }
    return resolution
  }

  /// The document `Reader` makes of `file`, read at most once per run.
  public func document<Reader: EvidenceReader>(_ reader: Reader.Type, for file: EvidenceFile)
    -> Result<Reader.Document, EvidenceError>
  {
    let key = Reader.format + "\u{0}" + file.path
    let slot = slots.withLock { slots in
      if let slot = slots[key] { return slot }
      let slot = Slot()
      slots[key] = slot
      return slot
    }
    return slot.value {
      reads.withLock { $0[key, default: 0] += 1 }
      return Reader.read(EvidenceSource(file: file, maxBytes: maxBytes))
    }
  }

  /// How many times each (format, file) pair was actually read; for tests and benchmarks.
  public var readCounts: [String: Int] {
    reads.withLock { counts in
      Dictionary(
        uniqueKeysWithValues: counts.map {
          ($0.key.replacingOccurrences(of: "\u{0}", with: ":"), $0.value)
        })
    }
  }

  /// When the file was last changed by a commit, from the git history of the evidence root.
  public func lastCommitted(_ file: EvidenceFile) -> GitLastChange {
    let history = self.history.withLock { state -> GitHistory? in
      if case .opened(let history) = state { return history }
      let opened = GitHistory.discover(containing: root.url)
      state = .opened(opened)
      return opened
    }
    guard let history else {
      return .unknown(reason: "the evidence root is not inside a git repository")
    }
    return history.lastChange(ofFileAt: file.url)
  }
}

/// One cached read; the first caller computes, the others wait for its result.
private final class Slot: @unchecked Sendable {
  // Guarded by `lock`; holds a `Result<Document, EvidenceError>` once computed.
  private var stored: Any?
  private let lock = NSLock()

  func value<Value>(_ compute: () -> Result<Value, EvidenceError>) -> Result<Value, EvidenceError> {
    lock.lock()
    defer { lock.unlock() }
    if let cached = stored as? Result<Value, EvidenceError> { return cached }
    let computed = compute()
    stored = computed
    return computed
  }
}

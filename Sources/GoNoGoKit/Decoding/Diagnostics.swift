import LocatedYAML

/// Collects the diagnostics of one decoding pass; decoding keeps going after each one.
public final class DiagnosticSink {
  /// Everything reported so far, in report order.
  public private(set) var diagnostics: [Diagnostic] = []

  /// Creates an empty sink.
  public init() {}

  /// Records an error.
  public func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
    diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
  }

  /// Records a warning.
  public func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) {
    diagnostics.append(Diagnostic(.warning, at: location, message, hint: hint))
  }

  /// Records a ready-made diagnostic.
  public func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
  }

  /// True when any error has been recorded.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Suggestions for misspelt names.
public enum Suggestion {
  /// The closest candidate within a small edit distance, if any.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      let limit = max(1, min(3, candidate.count / 3))
      if distance <= limit, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.candidate
  }

  /// "; did you mean 'x'?" or the empty string.
  static func didYouMean(_ word: String, in candidates: [String]) -> String {
    closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Damerau–Levenshtein distance (optimal string alignment).
  static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs)
    let b = Array(rhs)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}

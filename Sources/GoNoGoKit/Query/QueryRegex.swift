/// Regular expressions for `matches`: checked when the checklist is read, bounded when run.
///
/// Patterns use Swift Regex syntax (close to PCRE) and may match anywhere in the string; anchor
/// them with `^` and `$`. Evidence is untrusted, so a pattern is refused when it nests one
/// repetition inside another (`(a+)+`, `(\w*)*`), the shape that takes exponential time, and a
/// string longer than ``maxSubjectLength`` is not matched at all.
enum QueryRegex {
  /// Longest pattern accepted, in characters.
  static let maxPatternLength = 1000
  /// Longest evidence string a pattern is run on, in characters.
  static let maxSubjectLength = 100_000

  /// Why a pattern is refused, or nil when it is usable.
  static func problem(with pattern: String) -> String? {
    if pattern.count > maxPatternLength {
      return "the pattern is longer than \(maxPatternLength) characters"
    }
    do {
      _ = try Regex(pattern)
    } catch {
      return "'\(pattern)' is not a valid regular expression: \(error)"
    }
    if hasNestedRepetition(pattern) {
      return "'\(pattern)' repeats a group that itself repeats, which can take exponential time"
    }
    return nil
  }

  /// Whether the pattern matches anywhere in `subject`; nil when the pattern cannot be used.
  static func matches(_ pattern: String, _ subject: String) -> Bool? {
    guard let regex = try? Regex(pattern) else { return nil }
    do {
      return try regex.firstMatch(in: subject) != nil
    } catch {
      return nil
    }
  }

  /// A group that contains `*`, `+` or `{n,}` and is itself followed by one of them.
  static func hasNestedRepetition(_ pattern: String) -> Bool {
    let scalars = Array(pattern.unicodeScalars)
    var groups: [Bool] = []  // per open group: does it contain a repetition?
    var index = 0
    var inClass = false
    func isRepetition(at position: Int) -> Bool {
      guard position < scalars.count else { return false }
      switch scalars[position] {
      case "*", "+": return true
      case "{":
        var next = position + 1
        while next < scalars.count, ("0"..."9").contains(scalars[next]) { next += 1 }
        return next < scalars.count && scalars[next] == ","
      default: return false
      }
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\\" {
        index += 2
        continue
      }
      if inClass {
        if scalar == "]" { inClass = false }
        index += 1
        continue
      }
      switch scalar {
      case "[": inClass = true
      case "(": groups.append(false)
      case ")":
        let repeatsInside = groups.popLast() ?? false
        if repeatsInside && isRepetition(at: index + 1) { return true }
        if repeatsInside, !groups.isEmpty { groups[groups.count - 1] = true }
      default:
        if isRepetition(at: index), !groups.isEmpty { groups[groups.count - 1] = true }
      }
      index += 1
    }
    return false
  }
}

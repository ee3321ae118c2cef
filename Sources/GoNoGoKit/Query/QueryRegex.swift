import Synchronization

/// Regular expressions for `matches`: checked when the checklist is read, bounded when run.
///
/// Patterns use PCRE2 syntax in UTF mode with Unicode properties and may match anywhere in the
/// string; anchor them with `^` and `$`. Evidence is untrusted, so every match runs within
/// PCRE2's step and depth budget (``BoundedRegex``): a pattern that would backtrack without end
/// on some value makes the check an error, never a hang and never a pass.
enum QueryRegex {
  /// Why a pattern is refused, or nil when it is usable.
  static func problem(with pattern: String) -> String? {
    do {
      _ = try BoundedRegex(pattern)
      return nil
    } catch {
      return "'\(pattern)' is not a valid regular expression: \(error.message) "
        + "(at character \(error.offset + 1) of the pattern)"
    }
  }

  /// Whether the pattern matches anywhere in `subject`; nil when the pattern does not compile.
  static func match(_ pattern: String, _ subject: String) -> BoundedRegex.Outcome? {
    compiled(pattern)?.firstMatch(in: subject)
  }

  /// Patterns compiled once, however many values they are matched against; a checklist names
  /// few, so the table is simply emptied when it would hold more than ``maxCompiled``.
  private static let cache = Mutex<[String: BoundedRegex]>([:])
  private static let maxCompiled = 256

  /// The compiled pattern, from the cache when it was compiled before; nil when it does not
  /// compile.
  private static func compiled(_ pattern: String) -> BoundedRegex? {
    if let regex = cache.withLock({ $0[pattern] }) { return regex }
    guard let regex = try? BoundedRegex(pattern) else { return nil }
    cache.withLock { table in
      if table.count >= maxCompiled { table.removeAll() }
      table[pattern] = regex
    }
    return regex
  }

  /// The advice given when the matches of one evaluation run out of steps together.
  static let budgetSpentAdvice =
    "anchor the pattern with ^ and $ and make it simpler, or match fewer values"

  /// The advice given when a pattern runs out of steps.
  static let tooManyStepsAdvice =
    "anchor it with ^ and $, and remove ambiguous alternation such as (a|a) or repetition "
    + "nested in repetition such as (a+)+"

  /// The step budget, for messages: `1,000,000`.
  static var budgetText: String { grouped(Int(BoundedRegex.matchLimit)) }

  /// A number with thousands separators: `1,000,000`.
  static func grouped(_ number: Int) -> String {
    let digits = Array(String(number))
    var text = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { text += "," }
      text.append(digit)
    }
    return text
  }
}

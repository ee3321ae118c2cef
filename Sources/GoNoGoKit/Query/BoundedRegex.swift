internal import CPCRE2

/// A regular expression compiled by PCRE2 and run with a step budget; the only file that
/// touches the C library.
///
/// Patterns are compiled in UTF mode with Unicode properties (`\w`, `\d`, `\b` and case folding
/// know every script). Each match may take at most ``matchLimit`` steps and nest backtracking
/// at most ``depthLimit`` deep: a pattern that would backtrack exponentially (`^(a|a)*$`,
/// `(a+)+$`) stops with ``Outcome/tooManySteps`` instead of hanging. Subjects longer than
/// ``maxSubjectLength`` are not matched at all.
final class BoundedRegex: @unchecked Sendable {
  // The compiled code is read-only after compiling, so matching from several threads is safe;
  // each match gets its own match data and match context.

  /// Most steps (calls of PCRE2's internal `match()`) one match may take.
  static let matchLimit: UInt32 = 1_000_000
  /// Deepest nesting of backtracking points one match may reach.
  static let depthLimit: UInt32 = 100_000
  /// Longest pattern accepted, in characters.
  static let maxPatternLength = 1000
  /// Longest text a pattern is run on, in characters.
  static let maxSubjectLength = 100_000

  /// The result of one match.
  enum Outcome: Sendable, Equatable {
    /// The pattern matches somewhere in the text.
    case match
    /// The pattern matches nowhere in the text.
    case noMatch
    /// The match ran out of its step or depth budget, so the answer is unknown.
    case tooManySteps
    /// The text is longer than ``BoundedRegex/maxSubjectLength``, so it was not matched.
    case tooLong
    /// The matches of one evaluation together ran out of the ``StepBudget``, so the answer is
    /// unknown.
    case budgetSpent
  }

  /// Why a pattern does not compile: PCRE2's message and where in the pattern it stopped.
  struct CompileError: Error, Sendable, Equatable {
    /// PCRE2's description, such as `missing closing parenthesis`.
    var message: String
    /// The 0-based offset in the pattern, in Unicode scalars, where compiling stopped.
    var offset: Int
  }

  /// The pattern as written.
  let pattern: String
  private let code: OpaquePointer

  /// Compiles `pattern`; `caseInsensitive` folds case by Unicode rules.
  init(_ pattern: String, caseInsensitive: Bool = false) throws(CompileError) {
    self.pattern = pattern
    guard pattern.count <= Self.maxPatternLength else {
      throw CompileError(
        message: "the pattern is longer than \(Self.maxPatternLength) characters",
        offset: Self.maxPatternLength)
    }
    var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP)
    if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
    var errorCode: Int32 = 0
    var errorOffset = 0
    let bytes = Array(pattern.utf8)
    let compiled = bytes.withUnsafeBufferPointer { buffer in
      pcre2_compile_8(
        buffer.baseAddress, buffer.count, options, &errorCode, &errorOffset, nil)
    }
    guard let compiled else {
      let offset = String(decoding: bytes.prefix(errorOffset), as: UTF8.self).unicodeScalars.count
      throw CompileError(message: Self.message(for: errorCode), offset: offset)
    }
    code = compiled
  }

  deinit {
    pcre2_code_free_8(code)
  }

  /// Whether the pattern matches anywhere in `subject`, within the budget of one match and
  /// within what is left of the ``StepBudget`` bound to the evaluation, if any.
  func firstMatch(in subject: String) -> Outcome {
    guard subject.unicodeScalars.count <= Self.maxSubjectLength else { return .tooLong }
    guard let budget = StepBudget.current else { return run(subject, limit: Self.matchLimit) }
    // PCRE2 does not say how many steps a match took, so each is charged the limit it ran
    // under: a small one first, a larger one only when the small one ran out.
    for tier in StepBudget.tiers {
      guard budget.remaining > 0 else { return .budgetSpent }
      let limit = min(tier, UInt32(clamping: budget.remaining))
      budget.remaining -= Int(limit)
      let outcome = run(subject, limit: limit)
      if outcome != .tooManySteps { return outcome }
      if limit < tier { return .budgetSpent }
    }
    return .tooManySteps
  }

  private func run(_ subject: String, limit: UInt32) -> Outcome {
    guard let context = pcre2_match_context_create_8(nil) else { return .tooManySteps }
    defer { pcre2_match_context_free_8(context) }
    pcre2_set_match_limit_8(context, limit)
    pcre2_set_depth_limit_8(context, Self.depthLimit)
    guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else {
      return .tooManySteps
    }
    defer { pcre2_match_data_free_8(data) }
    // A terminating zero keeps the buffer's address non-null for an empty subject.
    let bytes = Array(subject.utf8) + [0]
    let result = bytes.withUnsafeBufferPointer { buffer in
      // Swift strings are valid UTF-8, so PCRE2 need not check them again.
      pcre2_match_8(
        code, buffer.baseAddress, buffer.count - 1, 0, UInt32(PCRE2_NO_UTF_CHECK), data, context)
    }
    if result >= 0 { return .match }
    switch result {
    case PCRE2_ERROR_NOMATCH: return .noMatch
    default: return .tooManySteps  // match, depth or heap limit: the answer is unknown
    }
  }

  private static func message(for errorCode: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = buffer.withUnsafeMutableBufferPointer {
      pcre2_get_error_message_8(errorCode, $0.baseAddress, $0.count)
    }
    guard length > 0 else { return "PCRE2 error \(errorCode)" }
    return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
  }
}

/// The steps all the matches of one evaluation (one evidence file of a gate) may take together.
///
/// One match is bounded by ``BoundedRegex/matchLimit``, but a pattern that needs almost that
/// many steps on each of many values would still run for hours; the evaluation binds a budget
/// with `StepBudget.$current.withValue(StepBudget()) { … }` and every match inside draws on it.
final class StepBudget: @unchecked Sendable {
  // Bound to one evaluation, which runs on one thread.

  /// Steps shared by the matches of one evaluation.
  static let total = 100_000_000
  /// The limits a match is tried under, each charged in full: most matches finish within the
  /// first.
  static let tiers: [UInt32] = [100, 10_000, BoundedRegex.matchLimit]

  /// The budget of the evaluation running on this task or thread, if one is bound.
  @TaskLocal static var current: StepBudget?

  /// Steps not yet charged.
  var remaining: Int

  init(_ total: Int = StepBudget.total) {
    remaining = total
  }

  /// The total, for messages: `100,000,000`.
  static var totalText: String { QueryRegex.grouped(total) }
}

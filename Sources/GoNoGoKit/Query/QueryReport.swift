/// Turns an evaluated assertion into the finding a release manager reads.
enum QueryReport {
  /// Most tests described in the message of a combined assertion.
  static let describedLimit = 5

  /// The finding for one file.
  static func finding(
    _ outcome: QueryEvaluator.Outcome, _ assertion: QueryAssertion, file: String
  ) -> Finding {
    let status: Finding.Status = outcome.holds ? .pass : .fail
    if let (observation, negated) = single(assertion.condition, outcome) {
      return Finding(
        status, message(observation, negated: negated, holds: outcome.holds, file: file),
        evidence: location(of: observation.left, file: file),
        measured: measured(observation), expected: expected(observation, negated: negated))
    }
    var seen: Set<String> = []
    var parts: [String] = []
    var measured: [String: JSONValue] = [:]
    for observation in outcome.observations where seen.insert(observation.test.left.text).inserted {
      parts.append(subject(observation))
      if let value = measuredValue(observation.left) {
        measured[observation.test.left.text] = value
      }
    }
    if parts.count > describedLimit {
      let rest = parts.count - describedLimit
      parts = Array(parts.prefix(describedLimit)) + ["and \(rest) more"]
    }
    let verb = outcome.holds ? "holds" : "does not hold"
    return Finding(
      status, "'\(assertion.text)' \(verb) in \(file): " + parts.joined(separator: "; "),
      evidence: EvidenceLocation(file: file), measured: measured.isEmpty ? nil : measured,
      expected: ["assert": .string(assertion.text)])
  }

  /// The only test of an assertion that is one test, possibly under `not`.
  private static func single(_ condition: QueryCondition, _ outcome: QueryEvaluator.Outcome)
    -> (QueryEvaluator.Observation, Bool)?
  {
    guard outcome.observations.count == 1, let observation = outcome.observations.first else {
      return nil
    }
    switch condition {
    case .test: return (observation, false)
    case .not(.test): return (observation, true)
    default: return nil
    }
  }

  private static func message(
    _ observation: QueryEvaluator.Observation, negated: Bool, holds: Bool, file: String
  ) -> String {
    let test = observation.test
    let left = test.left.text
    if case .exists = test.kind {
      let found = subject(observation)
      switch (negated, holds) {
      case (false, true): return "\(found) in \(file)"
      case (false, false): return "\(left) matched nothing in \(file), expected it to exist"
      case (true, true): return "\(left) matched nothing in \(file), as required (not exists)"
      case (true, false): return "\(found) in \(file), expected it not to exist"
      }
    }
    if !holds && !negated {
      if observation.left == .nothing { return nothingMessage(test.left, file: file) }
      if observation.right == .nothing, case .compare(_, let right) = test.kind {
        return nothingMessage(right, file: file)
      }
    }
    let requirement = (negated ? "not " : "") + self.requirement(observation)
    if holds {
      if case .isTrue = test.kind, !negated { return "\(subject(observation)) in \(file)" }
      return "\(subject(observation)) in \(file), as required (\(requirement))"
    }
    return "\(subject(observation)) in \(file), expected \(requirement)"
  }

  private static func nothingMessage(_ term: QueryTerm, file: String) -> String {
    if case .function = term.kind {
      return "\(term.text) has no value in \(file): its selection matched nothing"
    }
    return "\(term.text) matched nothing in \(file)"
  }

  /// "count(x[*]) is 3", "status is \"ok\"", "items[*] matched 2 values", "x matched nothing".
  private static func subject(_ observation: QueryEvaluator.Observation) -> String {
    let left = observation.test.left.text
    switch observation.left {
    case .nothing: return "\(left) matched nothing"
    case .value(let value):
      if case .exists = observation.test.kind { return "\(left) exists" }
      return "\(left) is \(value.brief)"
    case .values(let values):
      return values.isEmpty
        ? "\(left) matched nothing"
        : "\(left) matched \(values.count) value\(values.count == 1 ? "" : "s")"
    }
  }

  private static func requirement(_ observation: QueryEvaluator.Observation) -> String {
    switch observation.test.kind {
    case .compare(let op, let right):
      if case .value(let value) = observation.right, !isLiteral(right) {
        return "\(op.rawValue) \(right.text) (\(value.brief))"
      }
      return "\(op.rawValue) \(right.text)"
    case .membership(let right): return "in \(right.text)"
    case .matches(let pattern):
      return "matches \(JSONValue.string(pattern).serialized(pretty: false))"
    case .exists: return "exists"
    case .isTrue: return "true"
    }
  }

  private static func isLiteral(_ term: QueryTerm) -> Bool {
    if case .literal = term.kind { return true }
    return false
  }

  private static func measuredValue(_ yield: QueryEvaluator.Yield) -> JSONValue? {
    switch yield {
    case .value(let value): return value.json
    case .values(let values): return .int(values.count)
    case .nothing: return nil
    }
  }

  private static func measured(_ observation: QueryEvaluator.Observation) -> [String: JSONValue]? {
    switch observation.left {
    case .value(let value): return ["value": value.json]
    case .values(let values): return ["matches": .int(values.count)]
    case .nothing: return nil
    }
  }

  private static func expected(_ observation: QueryEvaluator.Observation, negated: Bool)
    -> [String: JSONValue]
  {
    let prefix = negated ? "not " : ""
    switch observation.test.kind {
    case .compare(let op, let right):
      var value: JSONValue = .string(right.text)
      if case .value(let yielded) = observation.right { value = yielded.json }
      return ["op": .string(prefix + op.rawValue), "value": value]
    case .membership(let right):
      var value: JSONValue = .string(right.text)
      switch observation.right {
      case .values(let values)?: value = .array(values.map(\.json))
      case .value(let yielded)?: value = yielded.json
      default: break
      }
      return ["op": .string(prefix + "in"), "value": value]
    case .matches(let pattern):
      return ["op": .string(prefix + "matches"), "value": .string(pattern)]
    case .exists:
      return ["op": .string(prefix + "exists")]
    case .isTrue:
      return ["op": .string(prefix + "=="), "value": .bool(true)]
    }
  }

  /// The position of a single value read from YAML; the file alone otherwise.
  private static func location(of yield: QueryEvaluator.Yield, file: String) -> EvidenceLocation {
    if case .value(let value) = yield, let line = value.line {
      return EvidenceLocation(file: file, line: line, column: value.column)
    }
    return EvidenceLocation(file: file)
  }
}

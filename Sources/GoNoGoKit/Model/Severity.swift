/// How much a gate matters to the verdict.
public enum Severity: String, Sendable, Equatable, CaseIterable, Codable {
  /// A failure or error makes the release NO-GO.
  case blocker
  /// A failure or error makes the release CONDITIONAL GO.
  case major
  /// Advisory: listed, never changes the verdict.
  case minor
}

/// The readiness area a gate belongs to.
public enum Category: String, Sendable, Equatable, CaseIterable, Codable {
  case security, privacy, sre, support, performance, quality, data, comms
}

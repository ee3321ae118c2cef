import Foundation
public struct GitHistory: Sendable {
  public let workTree: URL
  public static func discover(containing directory: URL) -> GitHistory? { nil }
  public func lastChange(ofFileAt file: URL) -> GitLastChange { .unknown(reason: "pending") }
}
public enum GitLastChange: Sendable, Equatable {
  case committed(date: Date, commit: String)
  case notCommitted
  case unknown(reason: String)
}

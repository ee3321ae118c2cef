import ArgumentParser
import Foundation
import GoNoGoKit

/// The release the evidence must describe (`gonogo check`, `gonogo explain`).
struct ReleaseOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "The git commit being released (default: HEAD of the repository holding the evidence).")
  var revision: String?

  @Option(
    name: .customLong("subject"),
    help: "An artifact of the release, NAME=sha256:HEX; repeatable.")
  var subjects: [String] = []

  @Option(
    name: .customLong("subject-file"),
    help: "A file of the release, named by its path and SHA-256 digest; repeatable.")
  var subjectFiles: [String] = []

  func validate() throws {
    if let revision, !ReleaseIdentity.isCommitLike(revision) || ![40, 64].contains(revision.count) {
      throw ValidationError(
        "--revision '\(revision)' is not a full git commit id (40 hex digits, 64 for SHA-256 "
          + "repositories); give the whole SHA, e.g. --revision \"$(git rev-parse HEAD)\"")
    }
    for subject in subjects {
      if case .failure(let error) = ReleaseSubject.parse(subject) {
        throw ValidationError(error.message)
      }
    }
  }

  /// The release: `--revision` or the HEAD of the repository holding `directory`, and subjects.
  func release(evidenceDirectory directory: URL) throws -> ReleaseIdentity {
    var list: [ReleaseSubject] = []
    for subject in subjects {
      switch ReleaseSubject.parse(subject) {
      case .success(let value): list.append(value)
      case .failure(let error): throw ValidationError(error.message)
      }
    }
    for path in subjectFiles {
      switch ReleaseSubject.file(path) {
      case .success(let value): list.append(value)
      case .failure(let error): throw ValidationError(error.message)
      }
    }
    return ReleaseIdentity.resolve(revision: revision, evidenceDirectory: directory, subjects: list)
  }
}

/// The release identity and the decision record's signing key (`gonogo check`).
struct RecordOptions: ParsableArguments {
  @OptionGroup var releaseOptions: ReleaseOptions

  @Option(
    name: .customLong("sign-key"),
    help: """
      Sign the decision record with this PEM private key (ECDSA P-256 or Ed25519). Default: \
      GONOGO_SIGNING_KEY, which holds the PEM text itself or a path to it.
      """)
  var signKey: String?

  /// The release: `--revision` or the HEAD of the repository holding `directory`, and subjects.
  func release(evidenceDirectory directory: URL) throws -> ReleaseIdentity {
    try releaseOptions.release(evidenceDirectory: directory)
  }

  /// The signing key: `--sign-key PATH`, else `GONOGO_SIGNING_KEY` (PEM text, or a path to it).
  func signingKey() throws -> RecordSigningKey? {
    if let signKey { return try Self.readKey(path: signKey, what: "--sign-key") }
    guard let value = ProcessInfo.processInfo.environment["GONOGO_SIGNING_KEY"], !value.isEmpty
    else { return nil }
    if value.contains("-----BEGIN") {
      do {
        return try RecordSigningKey(pem: value, file: "GONOGO_SIGNING_KEY")
      } catch {
        throw ValidationError(error.message)
      }
    }
    return try Self.readKey(path: value, what: "GONOGO_SIGNING_KEY")
  }

  static func readKey(path: String, what: String) throws -> RecordSigningKey {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("\(what) '\(path)' cannot be read; give the path of a PEM private key")
    }
    do {
      return try RecordSigningKey(pem: String(decoding: data, as: UTF8.self), file: path)
    } catch {
      throw ValidationError(error.message)
    }
  }
}

extension OutputOptions {
  /// The path of `--output attestation=PATH`, if given (the last one wins).
  var attestationPath: String? {
    output.last { $0.hasPrefix("attestation=") }.map { String($0.dropFirst("attestation=".count)) }
  }
}

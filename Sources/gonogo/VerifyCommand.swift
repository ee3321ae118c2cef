import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo verify RECORD`: check a decision record's signature and replay its decision.
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: "Check a decision record: its signature, its files' digests, and its verdict.",
      discussion: """
        The record's definitions are evaluated again at the recorded time (definitions from \
        PATH…, else the paths recorded). Exit codes: 0 the signature holds, no file changed and \
        the verdict replays; 1 a file changed, is missing or new, the verdict differs, the \
        signature does not hold, or the record is unsigned (without --allow-unsigned); 2 the \
        record or key is not readable, or a signed record was given without --key (the \
        signature is not checked, so it cannot pass).
        """)

    @Argument(help: "The decision record (written by gonogo check --output attestation=PATH).")
    var record: String

    @Argument(help: "Checklists, plans or directories to replay (default: those recorded).")
    var paths: [String] = []

    @Option(name: .long, help: "The PEM public key to check the signature with.")
    var key: String?

    @Flag(
      name: .customLong("allow-unsigned"),
      help: "Accept an unsigned record: check only its files and replay its verdict.")
    var allowUnsigned = false

    func run() throws {
      guard let data = FileManager.default.contents(atPath: record) else {
        printError("gonogo: error: cannot read the decision record \(record)")
        throw ExitCode(2)
      }
      let parsed: DecisionRecord
      switch DecisionRecord.read(data, file: record) {
      case .success(let value): parsed = value
      case .failure(let error):
        printError("gonogo: error: \(error.message)")
        throw ExitCode(2)
      }
      var publicKey: RecordPublicKey?
      if let key {
        guard let keyData = FileManager.default.contents(atPath: key) else {
          printError("gonogo: error: cannot read the key \(key)")
          throw ExitCode(2)
        }
        do {
          publicKey = try RecordPublicKey(pem: String(decoding: keyData, as: UTF8.self), file: key)
        } catch {
          printError("gonogo: error: \(error.message)")
          throw ExitCode(2)
        }
      }
      let result = RecordVerification.verify(
        parsed, key: publicKey, allowUnsigned: allowUnsigned, paths: paths,
        toolVersion: GoNoGo.version)
      print(result.lines.map(TerminalText.escaped).joined(separator: "\n"))
      let code = result.exitCode
      if code == 0 {
        print("verified: \(record)")
      } else {
        print("NOT verified: \(record)")
      }
      throw ExitCode(code)
    }
  }
}

import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo keygen`: write a key pair for signing decision records.
  struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "keygen",
      abstract: "Write a key pair for signing decision records: PREFIX.key and PREFIX.pub.",
      discussion: """
        PREFIX.key is the PKCS#8 PEM private key (file mode 0600): keep it secret, e.g. as a CI \
        secret in GONOGO_SIGNING_KEY. PREFIX.pub is the PEM public key for gonogo verify --key. \
        The key id printed is the hex SHA-256 of the public key's DER SubjectPublicKeyInfo.
        """)

    @Option(name: .long, help: "ecdsa-p256 (default) or ed25519.")
    var type: KeyType = .ecdsaP256

    @Option(name: .long, help: "Path prefix of the two files written.")
    var out: String

    enum KeyType: String, ExpressibleByArgument, CaseIterable {
      case ecdsaP256 = "ecdsa-p256"
      case ed25519
    }

    func run() throws {
      let key = RecordSigningKey.generate(type == .ed25519 ? .ed25519 : .ecdsaP256)
      let privatePath = out + ".key"
      let publicPath = out + ".pub"
      for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
        printError("gonogo: error: \(path) exists; remove it or choose another --out prefix")
        throw ExitCode(2)
      }
      try Self.create(privatePath, contents: key.pem, mode: 0o600)
      try Self.create(publicPath, contents: key.publicKey.pem, mode: 0o644)
      print("wrote \(privatePath) (private, keep secret) and \(publicPath)")
      print("key id \(key.publicKey.keyID)")
    }

    /// Creates `path` with `mode` (never over an existing file) and writes `contents`: the
    /// private key is never readable by others, not even for a moment.
    static func create(_ path: String, contents: String, mode: mode_t) throws {
      let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
      guard descriptor >= 0 else {
        printError("gonogo: error: cannot create \(path): \(String(cString: strerror(errno)))")
        throw ExitCode(2)
      }
      let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
      do {
        try handle.write(contentsOf: Data(contents.utf8))
        try handle.close()
      } catch {
        printError("gonogo: error: cannot write \(path): \(error.localizedDescription)")
        throw ExitCode(2)
      }
    }
  }
}

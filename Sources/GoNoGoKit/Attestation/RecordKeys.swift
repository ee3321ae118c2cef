import Crypto
import Foundation
import SwiftASN1

/// The signature algorithms a decision record can be signed with.
public enum RecordKeyType: String, Sendable, CaseIterable {
  /// ECDSA on NIST P-256 with SHA-256; signatures are ASN.1 DER (as in X.509 and DSSE tooling).
  case ecdsaP256 = "ecdsa-p256"
  /// Ed25519 (RFC 8032); signatures are the raw 64 bytes.
  case ed25519
}

/// Why a key could not be read; the message names the file and says how to fix it.
public struct RecordKeyError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The sentence shown to the user.
  public var message: String
  /// Creates an error.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

/// The object identifiers of the two key algorithms, as written in PKCS#8 and SPKI.
enum KeyAlgorithmOID {
  static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
  static let prime256v1: ASN1ObjectIdentifier = [1, 2, 840, 10045, 3, 1, 7]
  static let ed25519: ASN1ObjectIdentifier = [1, 3, 101, 112]
}

/// A public key that checks decision-record signatures.
///
/// Its key id is the lowercase hex SHA-256 of its DER SubjectPublicKeyInfo, so anyone holding
/// the PEM file can recompute it (`openssl pkey -pubin -outform DER | sha256sum`).
public struct RecordPublicKey: Sendable {
  enum Storage: Sendable {
    case p256(P256.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)
  }

  let storage: Storage

  init(_ storage: Storage) { self.storage = storage }

  /// Which algorithm the key is for.
  public var type: RecordKeyType {
    switch storage {
    case .p256: .ecdsaP256
    case .ed25519: .ed25519
    }
  }

  /// The DER SubjectPublicKeyInfo.
  public var subjectPublicKeyInfo: [UInt8] {
    switch storage {
    case .p256(let key):
      return Array(key.derRepresentation)
    case .ed25519(let key):
      var serializer = DER.Serializer()
      // A SEQUENCE of an AlgorithmIdentifier without parameters and the key as a BIT STRING
      // (RFC 8410 §4); this cannot fail for a well-formed OID and 32 bytes.
      try? serializer.appendConstructedNode(identifier: .sequence) { outer in
        try outer.appendConstructedNode(identifier: .sequence) { algorithm in
          try algorithm.serialize(KeyAlgorithmOID.ed25519)
        }
        try outer.serialize(ASN1BitString(bytes: ArraySlice(key.rawRepresentation)))
      }
      return serializer.serializedBytes
    }
  }

  /// The PEM text (`-----BEGIN PUBLIC KEY-----`).
  public var pem: String {
    PEMDocument(type: "PUBLIC KEY", derBytes: subjectPublicKeyInfo).pemString + "\n"
  }

  /// Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
  public var keyID: String { RecordHash.hex(SHA256.hash(data: subjectPublicKeyInfo)) }

  /// Ed25519 only: the 32 raw bytes in lowercase hex, as some verifiers take the key.
  public var rawHex: String? {
    if case .ed25519(let key) = storage { return RecordHash.hex(key.rawRepresentation) }
    return nil
  }

  /// True when `signature` is this key's signature of `message`.
  public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
    switch storage {
    case .p256(let key):
      guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else {
        return false
      }
      return key.isValidSignature(parsed, for: message)
    case .ed25519(let key):
      return key.isValidSignature(signature, for: message)
    }
  }

  /// Reads a PEM public key (`PUBLIC KEY`, SubjectPublicKeyInfo) of either type.
  ///
  /// A private key is accepted too and its public half used.
  public init(pem text: String, file: String) throws(RecordKeyError) {
    let document = try RecordPEM.document(text, file: file)
    switch document.discriminator {
    case "PUBLIC KEY":
      let (oid, key) = try RecordPEM.subjectPublicKeyInfo(document.derBytes, file: file)
      if oid == KeyAlgorithmOID.ed25519 {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else {
          throw RecordKeyError("\(file): the Ed25519 public key is not 32 bytes")
        }
        storage = .ed25519(key)
      } else if oid == KeyAlgorithmOID.ecPublicKey {
        guard let key = try? P256.Signing.PublicKey(derRepresentation: document.derBytes) else {
          throw RecordKeyError(
            "\(file): the EC public key is not on P-256; gonogo signs with ECDSA P-256 or Ed25519")
        }
        storage = .p256(key)
      } else {
        throw RecordKeyError(RecordPEM.unsupported(oid, file: file))
      }
    case "PRIVATE KEY", "EC PRIVATE KEY":
      self = try RecordSigningKey(pem: text, file: file).publicKey
    default:
      throw RecordKeyError(
        "\(file) holds a PEM '\(document.discriminator)', not a public key; give the "
          + "'-----BEGIN PUBLIC KEY-----' file written by 'gonogo keygen'")
    }
  }
}

/// A private key that signs decision records.
public struct RecordSigningKey: Sendable {
  enum Storage: Sendable {
    case p256(P256.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)
  }

  let storage: Storage

  /// A new random key of `type`.
  public static func generate(_ type: RecordKeyType) -> RecordSigningKey {
    switch type {
    case .ecdsaP256: RecordSigningKey(storage: .p256(P256.Signing.PrivateKey()))
    case .ed25519: RecordSigningKey(storage: .ed25519(Curve25519.Signing.PrivateKey()))
    }
  }

  init(storage: Storage) { self.storage = storage }

  /// The matching public key.
  public var publicKey: RecordPublicKey {
    switch storage {
    case .p256(let key): RecordPublicKey(.p256(key.publicKey))
    case .ed25519(let key): RecordPublicKey(.ed25519(key.publicKey))
    }
  }

  /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
  public var pem: String {
    switch storage {
    case .p256(let key):
      return key.pemRepresentation + "\n"
    case .ed25519(let key):
      var serializer = DER.Serializer()
      // OneAsymmetricKey v1 (RFC 8410 §7): version 0, the algorithm, and the 32-byte seed
      // wrapped as an OCTET STRING inside the privateKey OCTET STRING.
      var inner = DER.Serializer()
      try? inner.serialize(ASN1OctetString(contentBytes: ArraySlice(key.rawRepresentation)))
      try? serializer.appendConstructedNode(identifier: .sequence) { outer in
        try outer.serialize(0)
        try outer.appendConstructedNode(identifier: .sequence) { algorithm in
          try algorithm.serialize(KeyAlgorithmOID.ed25519)
        }
        try outer.serialize(ASN1OctetString(contentBytes: ArraySlice(inner.serializedBytes)))
      }
      return PEMDocument(type: "PRIVATE KEY", derBytes: serializer.serializedBytes).pemString
        + "\n"
    }
  }

  /// Signs `message`: ECDSA P-256 over its SHA-256 (DER signature) or Ed25519 (64 bytes).
  public func signature(for message: [UInt8]) throws(RecordKeyError) -> [UInt8] {
    do {
      switch storage {
      case .p256(let key): return Array(try key.signature(for: message).derRepresentation)
      case .ed25519(let key): return Array(try key.signature(for: message))
      }
    } catch {
      throw RecordKeyError("cannot sign the decision record: \(error)")
    }
  }

  /// Reads a PEM private key: PKCS#8 (`PRIVATE KEY`) of either type, or SEC 1
  /// (`EC PRIVATE KEY`) for P-256.
  public init(pem text: String, file: String) throws(RecordKeyError) {
    let document = try RecordPEM.document(text, file: file)
    switch document.discriminator {
    case "EC PRIVATE KEY":
      guard let key = try? P256.Signing.PrivateKey(pemRepresentation: text) else {
        throw RecordKeyError(
          "\(file): the EC private key is not a P-256 key; gonogo signs with ECDSA P-256 or Ed25519"
        )
      }
      storage = .p256(key)
    case "PRIVATE KEY":
      let (oid, seed) = try RecordPEM.privateKeyInfo(document.derBytes, file: file)
      if oid == KeyAlgorithmOID.ed25519 {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
          throw RecordKeyError("\(file): the Ed25519 private key is not 32 bytes")
        }
        storage = .ed25519(key)
      } else if oid == KeyAlgorithmOID.ecPublicKey {
        guard let key = try? P256.Signing.PrivateKey(derRepresentation: document.derBytes) else {
          throw RecordKeyError(
            "\(file): the EC private key is not a P-256 key; gonogo signs with ECDSA P-256 or Ed25519"
          )
        }
        storage = .p256(key)
      } else {
        throw RecordKeyError(RecordPEM.unsupported(oid, file: file))
      }
    case "PUBLIC KEY":
      throw RecordKeyError(
        "\(file) is a public key; signing needs the private key (the PREFIX.key file of "
          + "'gonogo keygen'), and 'gonogo verify --key' takes the public one")
    default:
      throw RecordKeyError(
        "\(file) holds a PEM '\(document.discriminator)', not a private key; give a "
          + "'-----BEGIN PRIVATE KEY-----' file as written by 'gonogo keygen'")
    }
  }
}

/// PEM and DER reading shared by both key kinds (swift-asn1 does the parsing).
enum RecordPEM {
  /// Largest key file read.
  static let maxBytes = 64 << 10

  static func document(_ text: String, file: String) throws(RecordKeyError) -> PEMDocument {
    guard text.utf8.count <= maxBytes else {
      throw RecordKeyError("\(file) is larger than \(maxBytes) bytes; it is not a PEM key")
    }
    do {
      return try PEMDocument(pemString: text)
    } catch {
      throw RecordKeyError(
        "\(file) is not a PEM key (expected one '-----BEGIN … KEY-----' block); create a key "
          + "pair with 'gonogo keygen --out PREFIX'")
    }
  }

  /// The algorithm OID and the raw key of a SubjectPublicKeyInfo.
  static func subjectPublicKeyInfo(_ der: [UInt8], file: String) throws(RecordKeyError)
    -> (ASN1ObjectIdentifier, [UInt8])
  {
    do {
      return try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
        let oid = try algorithm(&nodes)
        let bits = try ASN1BitString(derEncoded: &nodes)
        return (oid, Array(bits.bytes))
      }
    } catch {
      throw RecordKeyError("\(file): the public key's DER is malformed (\(error))")
    }
  }

  /// The algorithm OID and, for Ed25519, the 32-byte seed of a PKCS#8 PrivateKeyInfo.
  static func privateKeyInfo(_ der: [UInt8], file: String) throws(RecordKeyError)
    -> (ASN1ObjectIdentifier, [UInt8])
  {
    do {
      return try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
        _ = try Int(derEncoded: &nodes)
        let oid = try algorithm(&nodes)
        let wrapped = try ASN1OctetString(derEncoded: &nodes)
        while nodes.next() != nil {}  // attributes and the optional public key
        guard oid == KeyAlgorithmOID.ed25519 else { return (oid, []) }
        let seed = try ASN1OctetString(derEncoded: Array(wrapped.bytes))
        return (oid, Array(seed.bytes))
      }
    } catch {
      throw RecordKeyError("\(file): the private key's DER is malformed (\(error))")
    }
  }

  private static func algorithm(_ nodes: inout ASN1NodeCollection.Iterator) throws
    -> ASN1ObjectIdentifier
  {
    guard let node = nodes.next() else {
      throw ASN1Error.invalidASN1Object(reason: "no algorithm identifier")
    }
    return try DER.sequence(node, identifier: .sequence) { inner in
      let oid = try ASN1ObjectIdentifier(derEncoded: &inner)
      while inner.next() != nil {}  // the curve parameter of EC keys
      return oid
    }
  }

  static func unsupported(_ oid: ASN1ObjectIdentifier, file: String) -> String {
    "\(file) holds a key of algorithm \(oid), which gonogo does not sign with; use an ECDSA P-256 "
      + "or Ed25519 key ('gonogo keygen --type ecdsa-p256|ed25519 --out PREFIX')"
  }
}

/// Hex spelling of digests.
enum RecordHash {
  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Lowercase hex SHA-256 of `bytes`.
  static func sha256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }
}

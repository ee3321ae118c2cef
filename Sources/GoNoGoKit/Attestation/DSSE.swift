import Foundation

/// Dead Simple Signing Envelope (DSSE v1): a payload, its type, and signatures over the
/// pre-authentication encoding of both.
public enum DSSE {
  /// The payload type of an in-toto statement.
  public static let inTotoPayloadType = "application/vnd.in-toto+json"

  /// `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII
  /// decimal counting bytes: what is signed (never the base64 text).
  public static func pae(type: String, body: [UInt8]) -> [UInt8] {
    var out = Array("DSSEv1 \(type.utf8.count) ".utf8)
    out += Array(type.utf8)
    out += Array(" \(body.count) ".utf8)
    out += body
    return out
  }

  /// One signature of an envelope.
  public struct Signature: Sendable, Equatable {
    /// The signing key's id (hex SHA-256 of its SubjectPublicKeyInfo, for gonogo's keys).
    public var keyID: String
    /// The raw signature bytes.
    public var bytes: [UInt8]

    /// Creates a signature.
    public init(keyID: String, bytes: [UInt8]) {
      self.keyID = keyID
      self.bytes = bytes
    }
  }

  /// A DSSE envelope.
  public struct Envelope: Sendable, Equatable {
    /// The payload's media type.
    public var payloadType: String
    /// The payload bytes (base64 in JSON).
    public var payload: [UInt8]
    /// Signatures over `pae(payloadType, payload)`.
    public var signatures: [Signature]

    /// Creates an envelope.
    public init(payloadType: String, payload: [UInt8], signatures: [Signature]) {
      self.payloadType = payloadType
      self.payload = payload
      self.signatures = signatures
    }

    /// Signs `payload` with `key`.
    public static func signed(
      payload: [UInt8], payloadType: String = DSSE.inTotoPayloadType, key: RecordSigningKey
    ) throws(RecordKeyError) -> Envelope {
      let signature = try key.signature(for: DSSE.pae(type: payloadType, body: payload))
      return Envelope(
        payloadType: payloadType, payload: payload,
        signatures: [Signature(keyID: key.publicKey.keyID, bytes: signature)])
    }

    /// The signatures `key` made over this payload.
    public func signatures(validFor key: RecordPublicKey) -> [Signature] {
      let message = DSSE.pae(type: payloadType, body: payload)
      return signatures.filter { key.isValidSignature($0.bytes, for: message) }
    }

    /// The envelope as JSON (standard base64, sorted keys).
    public var json: JSONValue {
      .object([
        "payload": .string(Data(payload).base64EncodedString()),
        "payloadType": .string(payloadType),
        "signatures": .array(
          signatures.map {
            .object([
              "keyid": .string($0.keyID), "sig": .string(Data($0.bytes).base64EncodedString()),
            ])
          }),
      ])
    }

    /// Reads an envelope from its parsed JSON object; nil when it has none of the envelope's
    /// keys, a failure when it has them but malformed.
    static func parse(_ object: [String: Any]) -> Result<Envelope, RecordKeyError>? {
      guard object["payload"] != nil || object["signatures"] != nil || object["payloadType"] != nil
      else { return nil }
      guard let type = object["payloadType"] as? String else {
        return .failure(RecordKeyError("the DSSE envelope has no string 'payloadType'"))
      }
      guard let text = object["payload"] as? String, let payload = base64(text) else {
        return .failure(RecordKeyError("the DSSE envelope's 'payload' is not base64 text"))
      }
      guard let list = object["signatures"] as? [Any] else {
        return .failure(RecordKeyError("the DSSE envelope has no 'signatures' list"))
      }
      var signatures: [Signature] = []
      for (index, entry) in list.enumerated() {
        guard let item = entry as? [String: Any], let sig = item["sig"] as? String,
          let bytes = base64(sig)
        else {
          return .failure(
            RecordKeyError("signature \(index + 1) of the DSSE envelope has no base64 'sig'"))
        }
        signatures.append(Signature(keyID: item["keyid"] as? String ?? "", bytes: bytes))
      }
      return .success(Envelope(payloadType: type, payload: payload, signatures: signatures))
    }

    /// Standard or URL-safe base64, padded or not (DSSE allows both alphabets).
    static func base64(_ text: String) -> [UInt8]? {
      var standard = text.replacingOccurrences(of: "-", with: "+")
        .replacingOccurrences(of: "_", with: "/")
      while standard.utf8.count % 4 != 0 { standard += "=" }
      return Data(base64Encoded: standard).map { Array($0) }
    }
  }
}

import Foundation
import Testing

/// A sample copied into a new git repository (tests run the real git CLI; gonogo never does).
final class SampleRepository {
  let root: URL

  init(sample: String) throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-record-cli-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: GoNoGoRun.samples.appendingPathComponent(sample),
      to: root.appendingPathComponent("repo"))
    try git(["init", "-q"])
    try git(["add", "-A"])
    try git(["commit", "-q", "-m", "the release"])
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  var repo: URL { root.appendingPathComponent("repo") }

  @discardableResult
  func git(_ arguments: [String], in directory: URL? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + arguments
    process.currentDirectoryURL = directory ?? repo
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    for role in ["AUTHOR", "COMMITTER"] {
      environment["GIT_\(role)_NAME"] = "Ada"
      environment["GIT_\(role)_EMAIL"] = "ada@example.com"
      environment["GIT_\(role)_DATE"] = "2026-11-28T12:00:00Z"
    }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "git \(arguments)")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `gonogo keygen` into the sandbox (outside the repository); returns the prefix.
  func keygen(_ name: String, type: String) throws -> String {
    let prefix = root.appendingPathComponent(name).path
    let run = try GoNoGoRun(["keygen", "--type", type, "--out", prefix], in: root)
    try #require(run.status == 0, "\(run.stderr)")
    return prefix
  }

  func record(_ name: String, key: String?, in directory: URL? = nil) throws -> GoNoGoRun {
    var arguments = [
      "check", ".", "--now", releaseDay, "--format", "json",
      "--output", "attestation=" + root.appendingPathComponent(name).path,
    ]
    if let key { arguments += ["--sign-key", key + ".key"] }
    return try GoNoGoRun(arguments, in: directory ?? repo)
  }

  func path(_ name: String) -> String { root.appendingPathComponent(name).path }
}

/// The key id `gonogo keygen` printed: the last word of its last line.
private func keyID(_ prefix: String) throws -> String {
  let pem = try String(contentsOfFile: prefix + ".pub", encoding: .utf8)
  let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
  let der = try #require(Data(base64Encoded: body))
  return sha256sum(der)
}

/// The statement inside a record file (the envelope's payload, or the bare line).
private func statement(_ path: String) throws -> Data {
  let object = try json(String(contentsOfFile: path, encoding: .utf8))
  if let payload = object["payload"] as? String {
    return try #require(Data(base64Encoded: payload))
  }
  return try Data(contentsOf: URL(fileURLWithPath: path))
}

@Suite struct DecisionRecordCLITests {
  @Test func aSignedGoRecordVerifiesAndNamesItsKey() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("release", type: "ecdsa-p256")
    let check = try sample.record("record.json", key: key)
    #expect(check.status == 0)
    #expect(!check.stderr.contains("unsigned"))
    let verify = try GoNoGoRun(
      ["verify", sample.path("record.json"), "--key", key + ".pub"], in: sample.repo)
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    #expect(
      verify.stdout == """
        signature: valid, key \(try keyID(key))
        files: every definition and evidence file matches the record
        verdict: replays as GO (recorded GO); the replayed record is byte-identical
        verified: \(sample.path("record.json"))

        """)
  }

  @Test func tamperingWithOneEvidenceByteMakesVerifyExit1NamingThatFile() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("release", type: "ed25519")
    #expect(try sample.record("record.json", key: key).status == 0)
    let evidence = sample.repo.appendingPathComponent("api/build/coverage.xml")
    var bytes = try Data(contentsOf: evidence)
    let index = try #require(bytes.lastIndex(of: UInt8(ascii: "9")))
    bytes[index] = UInt8(ascii: "8")
    try bytes.write(to: evidence)
    let verify = try GoNoGoRun(
      ["verify", sample.path("record.json"), "--key", key + ".pub"], in: sample.repo)
    #expect(verify.status == 1)
    let lines = verify.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains("changed: evidence file api/build/coverage.xml"))
    #expect(
      lines.filter { $0.hasPrefix("changed:") || $0.hasPrefix("missing:") || $0.hasPrefix("new:") }
        .count == 1)
    #expect(lines.last == "NOT verified: \(sample.path("record.json"))")
  }

  @Test func aRecordReplaysByteIdenticallyOnAFreshClone() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    #expect(try sample.record("first.json", key: nil).status == 0)
    try sample.git(["clone", "-q", sample.repo.path, sample.path("clone")], in: sample.root)
    let clone = sample.root.appendingPathComponent("clone")
    #expect(try sample.record("second.json", key: nil, in: clone).status == 0)
    let first = try Data(contentsOf: URL(fileURLWithPath: sample.path("first.json")))
    let second = try Data(contentsOf: URL(fileURLWithPath: sample.path("second.json")))
    #expect(first == second)
    let head = try sample.git(["rev-parse", "HEAD"])
    #expect(String(decoding: first, as: UTF8.self).contains("\"gitCommit\":\"\(head)\""))
    let verify = try GoNoGoRun(
      ["verify", sample.path("first.json"), "--allow-unsigned"], in: clone)
    #expect(verify.status == 0, "\(verify.stdout)")
    #expect(verify.stdout.contains("the replayed record is byte-identical"))
  }

  @Test func aSignatureFromAnotherKeyFails() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("release", type: "ed25519")
    let other = try sample.keygen("intruder", type: "ed25519")
    #expect(try sample.record("record.json", key: key).status == 0)
    let verify = try GoNoGoRun(
      ["verify", sample.path("record.json"), "--key", other + ".pub"], in: sample.repo)
    #expect(verify.status == 1)
    #expect(
      verify.stdout.hasPrefix(
        "signature: INVALID: no signature of the record verifies with key \(try keyID(other)) (the record names key \(try keyID(key)))"
      ))
  }

  @Test func aNoGoRecordReplaysAsNoGo() throws {
    let sample = try SampleRepository(sample: "payments-migration")
    let key = try sample.keygen("release", type: "ecdsa-p256")
    let check = try sample.record("record.json", key: key)
    #expect(check.status == 1)
    let verify = try GoNoGoRun(
      ["verify", sample.path("record.json"), "--key", key + ".pub"], in: sample.repo)
    #expect(verify.status == 0, "\(verify.stdout)")
    #expect(
      verify.stdout.contains(
        "verdict: replays as NO-GO (recorded NO-GO); the replayed record is byte-identical"))
    let recorded = try json(
      String(decoding: try statement(sample.path("record.json")), as: UTF8.self))
    let predicate = try #require(recorded["predicate"] as? [String: Any])
    #expect(predicate["verdict"] as? String == "no-go")
    #expect(predicate["rag"] as? String == "red")
    let waivers = try #require(predicate["waivers"] as? [[String: Any]])
    #expect(waivers.contains { $0["state"] as? String == "expired" })
  }

  @Test func aSignedRecordWithoutAKeyAndAnUnsignedRecordDoNotPass() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("release", type: "ed25519")
    #expect(try sample.record("signed.json", key: key).status == 0)
    let unchecked = try GoNoGoRun(["verify", sample.path("signed.json")], in: sample.repo)
    #expect(unchecked.status == 2)
    #expect(
      unchecked.stdout.hasPrefix(
        "signature: NOT CHECKED: the record is signed (key \(try keyID(key))); give --key PUB.pem to check it"
      ))
    let bare = try sample.record("bare.json", key: nil)
    #expect(
      bare.stderr.contains(
        "gonogo: note: the decision record \(sample.path("bare.json")) is unsigned (a bare in-toto statement)"
      ))
    let unsigned = try GoNoGoRun(["verify", sample.path("bare.json")], in: sample.repo)
    #expect(unsigned.status == 1)
    #expect(unsigned.stdout.hasPrefix("signature: NONE: the record is unsigned"))
    let keyed = try GoNoGoRun(
      ["verify", sample.path("bare.json"), "--key", key + ".pub"], in: sample.repo)
    #expect(keyed.status == 1)
  }

  @Test func whatIsNoDecisionRecordOrNoKeyExits2() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let report = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--output", "json=" + sample.path("report.json")],
      in: sample.repo)
    #expect(report.status == 0)
    let notRecord = try GoNoGoRun(["verify", sample.path("report.json")], in: sample.repo)
    #expect(notRecord.status == 2)
    #expect(
      notRecord.stderr.hasPrefix(
        "gonogo: error: \(sample.path("report.json")) is not an in-toto Statement v1"))
    #expect(try sample.record("record.json", key: nil).status == 0)
    try Data("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8).write(
      to: URL(fileURLWithPath: sample.path("bad.pub")))
    let badKey = try GoNoGoRun(
      ["verify", sample.path("record.json"), "--key", sample.path("bad.pub")], in: sample.repo)
    #expect(badKey.status == 2)
    #expect(
      badKey.stderr.hasPrefix(
        "gonogo: error: \(sample.path("bad.pub")): the public key's DER is malformed"))
    let badSubject = try GoNoGoRun(["check", ".", "--subject", "shop=sha1:abc"], in: sample.repo)
    #expect(badSubject.status == 2)
    #expect(
      badSubject.stderr.hasPrefix(
        "gonogo: error: --subject 'shop=sha1:abc': the digest must start with 'sha256:'"))
    let shortRevision = try GoNoGoRun(["check", ".", "--revision", "4f2a1c0"], in: sample.repo)
    #expect(shortRevision.status == 2)
    #expect(shortRevision.stderr.contains("--revision '4f2a1c0' is not a full git commit id"))
  }

  @Test func thePrintoutAndTheMarkdownEndWithTheRecordsDigestAndKey() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("release", type: "ed25519")
    let run = try GoNoGoRun(
      [
        "check", ".", "--now", releaseDay, "--sign-key", key + ".key",
        "--output", "attestation=" + sample.path("record.json"),
        "--output", "html=" + sample.path("sheet.html"),
        "--output", "markdown=" + sample.path("report.md"),
      ], in: sample.repo)
    #expect(run.status == 0)
    let digest = sha256sum(
      try Data(contentsOf: URL(fileURLWithPath: sample.path("record.json"))))
    let line = "Decision record sha256:\(digest), signed by key \(try keyID(key))"
    let html = try String(contentsOfFile: sample.path("sheet.html"), encoding: .utf8)
    #expect(html.contains("<br>\(line)<"))
    let markdown = try String(contentsOfFile: sample.path("report.md"), encoding: .utf8)
    #expect(markdown.hasSuffix("<sub>\(line)</sub>\n"))
  }

  @Test func aReportCheckReadsTheReportsRecordAndComparesTheRelease() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let workstream = sample.repo.appendingPathComponent("api")
    let rollup = sample.repo.appendingPathComponent("rollup")
    try FileManager.default.createDirectory(at: rollup, withIntermediateDirectories: true)
    let written = try GoNoGoRun(
      [
        "check", ".", "--now", releaseDay, "--output", "json=../rollup/api.json",
        "--output", "attestation=../rollup/api.intoto.json",
      ], in: workstream)
    #expect(written.status == 0, "\(written.stderr)")
    try Data(
      """
      version: 1
      program: roll-up
      release: 2.4.0
      gates:
        - id: api.done
          title: The API workstream is GO
          owner: team-api
          severity: blocker
          check:
            kind: report
            file: api.json
            record: api.intoto.json

      """.utf8
    ).write(to: rollup.appendingPathComponent("readiness.yaml"))
    let head = try sample.git(["rev-parse", "HEAD"])
    let same = try GoNoGoRun(["check", ".", "--now", releaseDay, "--format", "json"], in: rollup)
    #expect(same.status == 0, "\(same.stdout)")
    #expect(same.stdout.contains("api.intoto.json describes the release \(head.prefix(7))"))
    let other = "0123456789abcdef0123456789abcdef01234567"
    let moved = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--revision", other, "--format", "json"], in: rollup)
    #expect(moved.status == 1)
    #expect(
      moved.stdout.contains(
        "api.intoto.json: the report's record describes \(head.prefix(7)), the release is 0123456"))
    // A report from another run than its record is refused.
    var report = try Data(contentsOf: rollup.appendingPathComponent("api.json"))
    report.append(contentsOf: Array(" ".utf8))
    try report.write(to: rollup.appendingPathComponent("api.json"))
    let swapped = try GoNoGoRun(["check", ".", "--now", releaseDay, "--format", "json"], in: rollup)
    #expect(swapped.status == 1)
    #expect(swapped.stdout.contains("the record is not this report's; write both in one run"))
  }

  @Test func keygenWritesThePrivateKeyForItsOwnerOnly() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let prefix = try sample.keygen("ci", type: "ecdsa-p256")
    let attributes = try FileManager.default.attributesOfItem(atPath: prefix + ".key")
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let again = try GoNoGoRun(["keygen", "--out", prefix], in: sample.root)
    #expect(again.status == 2)
    #expect(
      again.stderr
        == "gonogo: error: \(prefix).key exists; remove it or choose another --out prefix\n")
  }

  @Test func theSigningKeyCanComeFromTheEnvironmentAsPEMText() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("ci", type: "ed25519")
    let pem = try String(contentsOfFile: key + ".key", encoding: .utf8)
    let run = try GoNoGoRun(
      ["check", ".", "--now", releaseDay, "--output", "attestation=" + sample.path("r.json")],
      in: sample.repo, environment: ["GONOGO_SIGNING_KEY": pem])
    #expect(run.status == 0)
    let verify = try GoNoGoRun(
      ["verify", sample.path("r.json"), "--key", key + ".pub"], in: sample.repo)
    #expect(verify.status == 0, "\(verify.stdout)")
  }
}

/// Independent consumers: securesystemslib checks the DSSE signature, jsonschema the statement.
@Suite struct DecisionRecordConsumerTests {
  static let script = GoNoGoRun.packageRoot.appendingPathComponent(
    "Tests/consumers/verify_record.py")

  static func python(_ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    do { try process.run() } catch { return (127, "\(error)") }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  /// True when `command` is on PATH (or in pip's user bin folder, where `.ci/run` puts it).
  static func onPath(_ command: String) -> Bool {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":" + userBin
    return path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(command)")
    }
  }

  static let userBin = FileManager.default.homeDirectoryForCurrentUser
    .appendingPathComponent(".local/bin").path

  static func has(_ module: String) -> Bool {
    python(["-c", "import \(module)"]).status == 0
  }

  @Test(
    "securesystemslib verifies gonogo's signatures and rejects a flipped payload byte",
    .enabled(if: has("securesystemslib"), "PyPI securesystemslib is not installed"),
    arguments: ["ecdsa-p256", "ed25519"])
  func securesystemslibVerifies(type: String) throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    let key = try sample.keygen("release", type: type)
    #expect(try sample.record("record.json", key: key).status == 0)
    let good = Self.python([
      Self.script.path, "signature", sample.path("record.json"), key + ".pub", try keyID(key),
    ])
    #expect(good.status == 0, "\(good.output)")
    #expect(
      good.output.hasPrefix(
        type == "ed25519"
          ? "verified with ed25519/ed25519" : "verified with ecdsa/ecdsa-sha2-nistp256"))
    var envelope = try json(String(contentsOfFile: sample.path("record.json"), encoding: .utf8))
    let encoded = try #require(envelope["payload"] as? String)
    var payload = try #require(Data(base64Encoded: encoded))
    payload[payload.count / 2] ^= 0x01
    envelope["payload"] = payload.base64EncodedString()
    try JSONSerialization.data(withJSONObject: envelope).write(
      to: URL(fileURLWithPath: sample.path("flipped.json")))
    let bad = Self.python([
      Self.script.path, "signature", sample.path("flipped.json"), key + ".pub", try keyID(key),
    ])
    #expect(bad.status == 1, "\(bad.output)")
    #expect(bad.output.hasPrefix("rejected:"))
  }

  @Test(
    "the statement is valid in-toto Statement v1 and the predicate valid against gonogo's schema",
    .enabled(if: has("jsonschema"), "PyPI jsonschema is not installed"))
  func schemasAccept() throws {
    let sample = try SampleRepository(sample: "payments-migration")
    let key = try sample.keygen("release", type: "ed25519")
    _ = try sample.record("record.json", key: key)
    let schema = GoNoGoRun.packageRoot.appendingPathComponent("gates/schemas/decision.schema.json")
    let valid = Self.python([Self.script.path, "schema", sample.path("record.json"), schema.path])
    #expect(valid.status == 0, "\(valid.output)")
    // A predicate that says more than the schema allows is refused.
    var object = try json(
      String(decoding: try statement(sample.path("record.json")), as: UTF8.self))
    var predicate = try #require(object["predicate"] as? [String: Any])
    predicate["verdict"] = "maybe"
    object["predicate"] = predicate
    try JSONSerialization.data(withJSONObject: object).write(
      to: URL(fileURLWithPath: sample.path("bad.json")))
    let invalid = Self.python([Self.script.path, "schema", sample.path("bad.json"), schema.path])
    #expect(invalid.status == 1)
    #expect(invalid.output.contains("rejected: predicate ['verdict']"))
  }

  @Test(
    "check-jsonschema accepts the statement",
    .enabled(if: onPath("check-jsonschema"), "check-jsonschema is not on PATH"))
  func checkJSONSchemaAccepts() throws {
    let sample = try SampleRepository(sample: "checkout-launch")
    _ = try sample.record("record.json", key: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = (environment["PATH"] ?? "") + ":" + Self.userBin
    process.environment = environment
    process.arguments = [
      "check-jsonschema", "--schemafile",
      GoNoGoRun.packageRoot.appendingPathComponent(
        "Tests/consumers/in-toto-statement-v1.schema.json"
      ).path,
      sample.path("record.json"),
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
  }
}

import Foundation
import Testing

@testable import GoNoGoKit

private let recordFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/record")

private func fixture(_ name: String) throws -> String {
  try String(contentsOf: recordFixtures.appendingPathComponent(name), encoding: .utf8)
}

@Suite struct DSSETests {
  @Test func thePreAuthenticationEncodingIsTheSpecsOwnExample() {
    // DSSE protocol.md, "Test vectors": PAE for this type and body.
    let pae = DSSE.pae(type: "http://example.com/HelloWorld", body: Array("hello world".utf8))
    #expect(
      String(decoding: pae, as: UTF8.self)
        == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
  }

  @Test func lengthsCountBytesNotCharacters() {
    let pae = DSSE.pae(type: "t", body: Array("é".utf8))
    #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 1 t 2 é")
  }

  @Test(arguments: RecordKeyType.allCases)
  func anEnvelopeVerifiesWithItsKeyAndNotAnother(type: RecordKeyType) throws {
    let key = RecordSigningKey.generate(type)
    let other = RecordSigningKey.generate(type)
    let envelope = try DSSE.Envelope.signed(payload: Array("{\"a\":1}".utf8), key: key)
    #expect(envelope.signatures.map(\.keyID) == [key.publicKey.keyID])
    #expect(envelope.signatures(validFor: key.publicKey).count == 1)
    #expect(envelope.signatures(validFor: other.publicKey).isEmpty)
    var flipped = envelope
    flipped.payload[2] ^= 0x01
    #expect(flipped.signatures(validFor: key.publicKey).isEmpty)
    var retyped = envelope
    retyped.payloadType = "application/json"
    #expect(retyped.signatures(validFor: key.publicKey).isEmpty)
  }
}

@Suite struct RecordKeyTests {
  @Test(arguments: RecordKeyType.allCases)
  func aKeyReadsBackFromItsOwnPEM(type: RecordKeyType) throws {
    let key = RecordSigningKey.generate(type)
    let read = try RecordSigningKey(pem: key.pem, file: "k.key")
    #expect(read.publicKey.keyID == key.publicKey.keyID)
    let publicKey = try RecordPublicKey(pem: key.publicKey.pem, file: "k.pub")
    #expect(publicKey.type == type)
    #expect(publicKey.keyID == key.publicKey.keyID)
    let message = Array("release".utf8)
    #expect(publicKey.isValidSignature(try read.signature(for: message), for: message))
  }

  @Test func opensslKeysReadWithTheKeyIDOpensslComputes() throws {
    // Key ids: `openssl pkey -pubin -in F.pub -outform DER | sha256sum`.
    let ed = try RecordPublicKey(pem: fixture("openssl-ed25519.pub"), file: "ed.pub")
    #expect(ed.type == .ed25519)
    #expect(ed.keyID == "7d3e94def169f6d83e5811876ea660c9958f8f1120b59f93171a49d4b4680f12")
    let p256 = try RecordPublicKey(pem: fixture("openssl-p256.pub"), file: "p.pub")
    #expect(p256.keyID == "f88441079f85df43b4cdad911f3810ba178e6391fcda6fb56267d8c2a37dd179")
    let sec1 = try RecordSigningKey(pem: fixture("openssl-p256-sec1.key"), file: "sec1.key")
    let pkcs8 = try RecordSigningKey(pem: fixture("openssl-p256.key"), file: "p.key")
    #expect(sec1.publicKey.keyID == p256.keyID)
    #expect(pkcs8.publicKey.keyID == p256.keyID)
    let edPrivate = try RecordSigningKey(pem: fixture("openssl-ed25519.key"), file: "ed.key")
    #expect(edPrivate.publicKey.keyID == ed.keyID)
    #expect(edPrivate.publicKey.pem == (try fixture("openssl-ed25519.pub")))
  }

  @Test func anOpensslEd25519SignatureVerifies() throws {
    // `printf hello | openssl pkeyutl -sign -inkey openssl-ed25519.key -rawin | base64`
    let signature = try #require(
      Data(
        base64Encoded:
          "cCh/2iKK2OV7djdgRInOppvZ8v/7voz/p5fDnu4WwYnvHOh9lRvnD9wRgHgB4ycjvt5QWhZqndMnUqQ7bPxACg=="
      ))
    let key = try RecordPublicKey(pem: fixture("openssl-ed25519.pub"), file: "ed.pub")
    #expect(key.isValidSignature(Array(signature), for: Array("hello".utf8)))
    #expect(!key.isValidSignature(Array(signature), for: Array("hellO".utf8)))
  }

  /// The message of the key error `body` throws; nil when it throws none.
  func refusal(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch let error as RecordKeyError {
      return error.message
    } catch {
      return "\(error)"
    }
  }

  @Test func otherAlgorithmsAndNonKeysAreRefusedWithTheFix() throws {
    let p384 = try fixture("openssl-p384.key")
    #expect(
      refusal { _ = try RecordSigningKey(pem: p384, file: "p384.key") }
        == "p384.key: the EC private key is not a P-256 key; gonogo signs with ECDSA P-256 or Ed25519"
    )
    let rsa = try fixture("openssl-rsa.key")
    let rsaRefusal = try #require(refusal { _ = try RecordSigningKey(pem: rsa, file: "rsa.key") })
    #expect(rsaRefusal.hasPrefix("rsa.key holds a key of algorithm 1.2.840.113549.1.1.1"))
    #expect(rsaRefusal.contains("gonogo keygen --type ecdsa-p256|ed25519"))
    let publicPEM = try fixture("openssl-p256.pub")
    #expect(
      refusal { _ = try RecordSigningKey(pem: publicPEM, file: "p.pub") }?.hasPrefix(
        "p.pub is a public key; signing needs the private key") == true)
    #expect(
      refusal { _ = try RecordPublicKey(pem: "not a key", file: "junk.pem") }?.hasPrefix(
        "junk.pem is not a PEM key") == true)
  }
}

@Suite struct DecisionStatementTests {
  func sampleReport() -> Report {
    var gate = GateResult(
      id: "security.scan", title: "Scan", owner: "team-sec", severity: .blocker, category: nil,
      status: .fail, evaluated: .fail, location: .init(file: "readiness.yaml", line: 3, column: 5),
      evidence: ["scan.json"], findings: [], remediation: nil, docs: nil, disabledReason: nil)
    gate.evidenceRoot = ""
    return Report(
      verdict: .noGo, now: releaseDay, program: "shop", release: "2.4.0",
      sources: ["readiness.yaml"], gates: [gate], waivers: [], diagnostics: [])
  }

  func inputs(revision: String?) -> DecisionInputs {
    DecisionInputs(
      paths: ["readiness.yaml"], root: nil, toolVersion: "0.1.0",
      release: revision.map { ReleaseIdentity(revision: $0, revisionSource: .option) } ?? .unknown,
      definitionFiles: [
        RecordedFile(path: "readiness.yaml", sha256: String(repeating: "a", count: 64), size: 10)
      ],
      evidenceFiles: [
        RecordedFile(path: "scan.json", sha256: String(repeating: "b", count: 64), size: 20)
      ],
      signoffs: [], reportSHA256: String(repeating: "c", count: 64))
  }

  @Test func theStatementIsOneSortedLineAndReadsBack() throws {
    let commit = "9b77e12aa0c8f1e0d1c2b3a4958677665544332a"
    let bytes = DecisionStatement.bytes(sampleReport(), inputs: inputs(revision: commit))
    #expect(bytes == DecisionStatement.bytes(sampleReport(), inputs: inputs(revision: commit)))
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(!text.contains("\n"))
    #expect(text.hasPrefix("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicate\":{"))
    #expect(
      text.contains(
        "\"subject\":[{\"digest\":{\"gitCommit\":\"\(commit)\"},\"name\":\"git:commit\"}]"))
    let record = try DecisionRecord.read(Data(bytes), file: "r.json").get()
    #expect(record.envelope == nil)
    #expect(record.decision.verdict == .noGo)
    #expect(record.decision.now == releaseDay)
    #expect(record.decision.gitCommit == commit)
    #expect(record.decision.release.revision == commit)
    #expect(record.decision.evidenceFiles.map(\.path) == ["scan.json"])
  }

  @Test func withoutACommitOrArtifactTheReportIsTheSubjectAndTheRecordSaysSo() throws {
    let text = String(
      decoding: DecisionStatement.bytes(sampleReport(), inputs: inputs(revision: nil)),
      as: UTF8.self)
    #expect(
      text.contains(
        "\"subject\":[{\"digest\":{\"sha256\":\"\(String(repeating: "c", count: 64))\"},\"name\":\"gonogo-report.json\"}]"
      ))
    #expect(
      text.contains(
        "\"revision\":{\"commit\":null,\"note\":\"no release revision was given\",\"source\":\"none\"}"
      ))
    let record = try DecisionRecord.read(Data(text.utf8), file: "r.json").get()
    #expect(record.decision.release.subjects.isEmpty)
  }

  @Test func otherStatementsAreNotDecisions() {
    let provenance =
      #"{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"https://slsa.dev/provenance/v1","predicate":{}}"#
    switch DecisionRecord.read(Data(provenance.utf8), file: "prov.json") {
    case .success: Issue.record("a SLSA provenance statement was read as a decision")
    case .failure(let error):
      #expect(
        error.message
          == "prov.json is an in-toto statement of predicate type 'https://slsa.dev/provenance/v1', not a gonogo decision (https://gonogo.dev/decision/v1)"
      )
    }
    switch DecisionRecord.read(Data("[1]".utf8), file: "a.json") {
    case .success: Issue.record("an array was read as a decision")
    case .failure(let error):
      #expect(error.message == "a.json is JSON but not an object; it is no decision record")
    }
  }
}

@Suite struct RevisionBindingTests {
  let release = ReleaseIdentity(
    revision: "9b77e12aa0c8f1e0d1c2b3a4958677665544332a", revisionSource: .option,
    subjects: [ReleaseSubject(name: "shop", sha256: String(repeating: "4d", count: 32))])

  func findings(_ yaml: String, _ files: [String: String]) throws -> [Finding] {
    let root = try TempRoot(files)
    let check = try decodeCheck(yaml)
    let context = EvaluationContext(cache: root.cache, now: releaseDay, release: release)
    return EvidenceBinding.evaluate(
      check, kind: type(of: check).description.kind, context: context)
  }

  func sarif(_ revision: String) -> String {
    #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"semgrep"}},"results":[],"versionControlProvenance":[{"repositoryUri":"https://example.com/shop","revisionId":"\#(revision)"}]}]}"#
  }

  @Test func aScanOfAnotherCommitFailsNamingBoth() throws {
    let found = try findings(
      "kind: vulnerabilities\nfile: scan.sarif\nmax_severity: high",
      ["scan.sarif": sarif("4f2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b")])
    #expect(found.map(\.status) == [.fail])
    #expect(
      found.first?.message
        == "scan.sarif: the scan describes 4f2a1c0, the release is 9b77e12 (runs[0].versionControlProvenance[0].revisionId); produce it again from the release commit, or set revision: false if it need not match"
    )
  }

  @Test func aShortPrefixOfTheReleaseCommitMatches() throws {
    let found = try findings(
      "kind: vulnerabilities\nfile: scan.sarif\nmax_severity: high",
      ["scan.sarif": sarif("9B77E12AA0")])
    #expect(found.map(\.status) == [.pass])
    #expect(
      found.first?.message
        == "scan.sarif describes the release 9b77e12 (runs[0].versionControlProvenance[0].revisionId)"
    )
  }

  @Test func revisionFalseAndFormatsWithoutTheFieldAreNotJudged() throws {
    #expect(
      try findings(
        "kind: vulnerabilities\nfile: scan.sarif\nmax_severity: high\nrevision: false",
        ["scan.sarif": sarif("4f2a1c0d9e8f")]
      ).isEmpty)
    #expect(
      try findings(
        "kind: vulnerabilities\nfile: scan.json\nmax_severity: high",
        ["scan.json": #"{"SchemaVersion":2,"ArtifactName":"shop:2.4.0","Results":[]}"#]
      ).isEmpty)
  }

  @Test func aTrivyImageScanMustNameASubjectDigest() throws {
    let other = String(repeating: "9a", count: 32)
    let mine = String(repeating: "4d", count: 32)
    let wrong = try findings(
      "kind: vulnerabilities\nfile: trivy.json\nmax_severity: high",
      [
        "trivy.json":
          #"{"SchemaVersion":2,"ArtifactName":"registry.example/shop:2.4.0","Metadata":{"ImageID":"sha256:\#(other)"},"Results":[]}"#
      ])
    #expect(wrong.map(\.status) == [.fail])
    #expect(
      wrong.first?.message
        == "trivy.json: the scan describes sha256:9a9a9a9a9a9a (Metadata.ImageID), the release is shop sha256:4d4d4d4d4d4d; scan the released artifact"
    )
    let right = try findings(
      "kind: vulnerabilities\nfile: trivy.json\nmax_severity: high",
      [
        "trivy.json":
          #"{"SchemaVersion":2,"ArtifactName":"shop","Metadata":{"ImageID":"sha256:\#(other)","RepoDigests":["registry.example/shop@sha256:\#(mine)"]},"Results":[]}"#
      ])
    #expect(right.map(\.status) == [.pass])
    #expect(
      right.first?.message
        == "trivy.json describes release artifact sha256:4d4d4d4d4d4d (Metadata.RepoDigests[0])")
  }

  @Test func sbomFieldsAreComparedOnlyWhenTheyLookLikeCommits() throws {
    let cyclonedx =
      #"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"name":"shop","version":"20261201","bom-ref":"pkg:generic/shop@4f2a1c0"},"properties":[{"name":"vcs:revision","value":"9b77e12"}]},"components":[]}"#
    let found = try findings("kind: sbom\nfile: bom.json", ["bom.json": cyclonedx])
    #expect(found.map(\.status) == [.fail])
    #expect(
      found.first?.message.hasPrefix(
        "bom.json: the SBOM describes 4f2a1c0, the release is 9b77e12 (metadata.component.bom-ref)")
        == true)
    let spdx =
      #"{"spdxVersion":"SPDX-2.3","documentNamespace":"https://example.com/spdx/shop-9b77e12aa0c8","documentDescribes":["SPDXRef-shop"],"packages":[{"SPDXID":"SPDXRef-shop","name":"shop","versionInfo":"2.4.0"}]}"#
    let spdxFound = try findings("kind: sbom\nfile: sbom.spdx.json", ["sbom.spdx.json": spdx])
    #expect(spdxFound.map(\.status) == [.pass])
    #expect(
      spdxFound.first?.message == "sbom.spdx.json describes the release 9b77e12 (documentNamespace)"
    )
  }

  @Test func cycloneDXXMLNamesItsReleaseInMetadata() throws {
    func bom(_ revision: String) -> String {
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
        <metadata>
          <timestamp>2026-12-01T08:00:00Z</timestamp>
          <component type="application" bom-ref="pkg:generic/shop@2.4.0">
            <name>shop</name>
            <version>2.4.0</version>
            <properties>
              <property name="build">42</property>
              <property name="vcs:revision">\(revision)</property>
            </properties>
          </component>
        </metadata>
        <components>
          <component type="library"><name>left-pad</name><version>1.3.0</version></component>
        </components>
      </bom>
      """
    }
    let wrong = try findings("kind: sbom\nfile: bom.xml", ["bom.xml": bom("4f2a1c0d9e8f")])
    #expect(wrong.map(\.status) == [.fail])
    #expect(
      wrong.first?.message.hasPrefix(
        "bom.xml: the SBOM describes 4f2a1c0, the release is 9b77e12 "
          + "(metadata.component.properties[1] (vcs:revision))") == true)
    let right = try findings("kind: sbom\nfile: bom.xml", ["bom.xml": bom("9b77e12aa0c8")])
    #expect(right.map(\.status) == [.pass])
    #expect(
      right.first?.message
        == "bom.xml describes the release 9b77e12 (metadata.component.properties[1] (vcs:revision))")
  }

  @Test func spdxTagValueNamesItsReleaseInTheNamespaceOrTheDescribedPackage() throws {
    func document(namespace: String, version: String) -> String {
      """
      SPDXVersion: SPDX-2.3
      DataLicense: CC0-1.0
      SPDXID: SPDXRef-DOCUMENT
      DocumentName: shop
      DocumentNamespace: \(namespace)
      Creator: Tool: syft-1.0.0
      Created: 2026-12-01T08:00:00Z

      PackageName: left-pad
      SPDXID: SPDXRef-left-pad
      PackageVersion: 0a1b2c3d
      PackageDownloadLocation: NOASSERTION

      PackageName: shop
      SPDXID: SPDXRef-shop
      PackageVersion: \(version)
      PackageDownloadLocation: NOASSERTION

      Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-shop
      """
    }
    let namespace = try findings(
      "kind: sbom\nfile: sbom.spdx",
      ["sbom.spdx": document(namespace: "https://example.com/spdx/shop-9b77e12aa0c8", version: "2.4.0")])
    #expect(namespace.map(\.status) == [.pass])
    #expect(namespace.first?.message == "sbom.spdx describes the release 9b77e12 (DocumentNamespace)")
    let package = try findings(
      "kind: sbom\nfile: sbom.spdx",
      ["sbom.spdx": document(namespace: "https://example.com/spdx/shop", version: "4f2a1c0")])
    #expect(package.map(\.status) == [.fail])
    #expect(
      package.first?.message.hasPrefix(
        "sbom.spdx: the SBOM describes 4f2a1c0, the release is 9b77e12 (packages[1].PackageVersion)")
        == true)
  }

  @Test func spdxJSONDescribesWithARelationshipToo() throws {
    let spdx =
      #"{"spdxVersion":"SPDX-2.3","documentNamespace":"https://example.com/spdx/shop","packages":[{"SPDXID":"SPDXRef-shop","name":"shop","versionInfo":"4f2a1c0"}],"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-shop"}]}"#
    let found = try findings("kind: sbom\nfile: sbom.spdx.json", ["sbom.spdx.json": spdx])
    #expect(found.map(\.status) == [.fail])
    #expect(
      found.first?.message.hasPrefix(
        "sbom.spdx.json: the SBOM describes 4f2a1c0, the release is 9b77e12 "
          + "(packages[0].versionInfo)") == true)
  }

  @Test func anExplicitRevisionWithoutAReleaseCommitIsAnError() throws {
    let root = try TempRoot(["scan.sarif": sarif("4f2a1c0d9e8f")])
    let check = try decodeCheck(
      "kind: vulnerabilities\nfile: scan.sarif\nmax_severity: high\nrevision: true")
    let found = EvidenceBinding.evaluate(
      check, kind: "vulnerabilities", context: EvaluationContext(cache: root.cache, now: releaseDay)
    )
    #expect(found.map(\.status) == [.error])
    #expect(
      found.first?.message
        == "scan.sarif names commit 4f2a1c0 but the release revision is unknown (no release revision was given); give --revision SHA"
    )
  }

  @Test func bindingKeysAreKnownOnlyWhereTheyMeanSomething() throws {
    let (_, diagnostics) = try decodeChecklist(
      """
      version: 1
      program: shop
      release: 2.4.0
      gates:
        - id: a
          title: A
          owner: me
          severity: blocker
          check:
            kind: junit
            file: results.xml
            revision: true
      """)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message.contains("'revision'") == true)
    #expect(diagnostics.first?.location == .checklist(12, 7))
  }
}

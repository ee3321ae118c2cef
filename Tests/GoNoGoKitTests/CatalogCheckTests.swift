import Foundation
import Testing

@testable import GoNoGoKit

@Suite struct CatalogCheckTests {
  static let catalog = "backstage/catalog-info.yaml"

  func at(_ line: Int? = nil) -> EvidenceLocation {
    EvidenceLocation(file: Self.catalog, line: line)
  }

  @Test func checkoutHasOwnerLifecycleLinksAndOnCall() throws {
    let findings = try evaluateOps(
      """
      kind: catalog
      file: \(Self.catalog)
      entity: checkout
      owner: team-checkout
      lifecycle: [production]
      links: [runbook, dashboard]
      annotations: [backstage.io/techdocs-ref]
      on_call: true
      """)
    #expect(
      findings == [
        .pass(
          "Component checkout in backstage/catalog-info.yaml: owned by "
            + "group:default/team-checkout, lifecycle production, a runbook link, a dashboard "
            + "link, annotation backstage.io/techdocs-ref and on-call through "
            + "pagerduty.com/integration-key",
          evidence: at(1))
      ])
  }

  @Test func everyComponentIsCheckedWhenNoEntityIsNamed() throws {
    let findings = try evaluateOps(
      "kind: catalog\nfile: \(Self.catalog)\nlifecycle: [production]\nlinks: [runbook]\non_call: "
        + "true"
    )
    #expect(
      findings == [
        .pass(
          "Component checkout in backstage/catalog-info.yaml: owned by "
            + "group:default/team-checkout, lifecycle production, a runbook link and on-call "
            + "through pagerduty.com/integration-key",
          evidence: at(1)),
        .fail(
          "Component checkout-worker in backstage/catalog-info.yaml has no spec.owner",
          evidence: at(41)),
        .fail(
          "Component checkout-worker in backstage/catalog-info.yaml has lifecycle experimental, "
            + "not production",
          evidence: at(49)),
        .fail(
          "Component checkout-worker in backstage/catalog-info.yaml has no runbook link "
            + "(metadata.links, by type or title)", evidence: at(41)),
        .fail(
          "Component checkout-worker in backstage/catalog-info.yaml names no on-call "
            + "integration: add one of the annotations pagerduty.com/integration-key, "
            + "pagerduty.com/service-id, opsgenie.com/team, opsgenie.com/component-selector",
          evidence: at(41)),
      ])
  }

  @Test func anExpectedOwnerMustMatchTheEntityReference() throws {
    let other = try evaluateOps(
      "kind: catalog\nfile: \(Self.catalog)\nentity: checkout-api\nowner: team-payments")
    #expect(
      other == [
        .fail(
          "API checkout-api in backstage/catalog-info.yaml is owned by team-checkout, not "
            + "team-payments",
          evidence: at(36))
      ])
    #expect(CatalogCheck.sameOwner("group:default/team-checkout", "Team-Checkout"))
    #expect(CatalogCheck.sameOwner("team-checkout", "group:team-checkout"))
    #expect(!CatalogCheck.sameOwner("user:default/dana", "dana"))
    #expect(!CatalogCheck.sameOwner("group:payments/checkout", "checkout"))
  }

  @Test func missingAnnotationsAndUnknownEntitiesFail() throws {
    let annotation = try evaluateOps(
      "kind: catalog\nfile: \(Self.catalog)\nentity: checkout\nannotations: "
        + "[sonarqube.org/project-key]"
    )
    #expect(
      annotation == [
        .fail(
          "Component checkout in backstage/catalog-info.yaml has no annotation "
            + "sonarqube.org/project-key",
          evidence: at(1))
      ])
    let unknown = try evaluateOps("kind: catalog\nfile: \(Self.catalog)\nentity: cart")
    #expect(
      unknown == [
        Finding(
          .fail,
          "backstage/catalog-info.yaml has no entity named cart: it holds Component checkout, "
            + "API checkout-api, Component checkout-worker", evidence: at(),
          measured: ["entities": 3])
      ])
  }

  @Test func opsgenieCountsAsOnCall() throws {
    let text = """
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: cart
        annotations:
          opsgenie.com/team: cart-oncall
      spec: {type: service, lifecycle: production, owner: team-cart}
      """
    let findings = try evaluate(
      "kind: catalog\nfile: catalog-info.yaml\non_call: true", files: ["catalog-info.yaml": text])
    #expect(
      findings.map(\.message) == [
        "Component cart in catalog-info.yaml: owned by team-cart and on-call through "
          + "opsgenie.com/team"
      ])
  }

  @Test func entitiesWithoutANameAreErrors() throws {
    let findings = try evaluateOps("kind: catalog\nfile: backstage/missing-name.yaml")
    #expect(
      findings == [
        .error(
          "the Component on line 1 of backstage/missing-name.yaml has no metadata.name",
          evidence: EvidenceLocation(file: "backstage/missing-name.yaml", line: 1))
      ])
  }

  @Test func malformedCatalogFilesAreErrors() throws {
    let cases: [(String, String)] = [
      (
        "name: checkout\n",
        "the document on line 1 of c.yaml is not a Backstage entity (apiVersion backstage.io/…)"
      ),
      (
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  links: "
          + "[{title: Runbook}]\n",
        "a link of Component a in c.yaml has no url"
      ),
      (
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  "
          + "annotations: [x]\n",
        "the annotations of Component a in c.yaml must be a mapping"
      ),
      (
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a, name: b}\n",
        "c.yaml is not valid YAML: duplicate key 'name'; it was already set at line 3, column 12"
      ),
    ]
    for (text, message) in cases {
      let findings = try evaluate("kind: catalog\nfile: c.yaml", files: ["c.yaml": text])
      #expect(findings.map(\.status) == [.error], "\(text)")
      #expect(findings.first?.message == message)
    }
    let empty = try evaluate("kind: catalog\nfile: c.yaml", files: ["c.yaml": "---\n"])
    #expect(
      empty == [
        Finding(
          .fail, "c.yaml has no Component: it holds no entities",
          evidence: EvidenceLocation(file: "c.yaml"), measured: ["entities": 0])
      ])
  }
}

@Suite struct CatalogSentenceTests {
  @Test func anEntityCheckedForNothingIsStillAWholeSentence() throws {
    let findings = try evaluate(
      "kind: catalog\nfile: c.yaml\nowner: false",
      files: [
        "c.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n"
      ])
    #expect(
      findings == [
        .pass(
          "Component a in c.yaml is a catalog entity",
          evidence: EvidenceLocation(file: "c.yaml", line: 1))
      ])
  }
}

"""Writes an SPDX 3.0.1 JSON-LD SBOM of checkout-api 2.4.0 with spdx-python-model."""
from datetime import datetime, timezone

from spdx_python_model import v3_0_1 as spdx

base = "https://sbom.example.com/checkout-api-2.4.0"
created = datetime(2026, 11, 20, 10, 0, 0, tzinfo=timezone.utc)
objects = spdx.SHACLObjectSet()

info = spdx.CreationInfo(_id="_:creationinfo", specVersion="3.0.1", created=created)
org = spdx.Organization(spdxId=f"{base}#org", name="Example Corp", creationInfo=info)
tool = spdx.Tool(spdxId=f"{base}#tool", name="make-spdx3.py", creationInfo=info)
info.createdBy = [org.spdxId]
info.createdUsing = [tool.spdxId]

def package(name, version, supplier=None):
    p = spdx.software_Package(
        spdxId=f"{base}#pkg-{name}", name=name, software_packageVersion=version,
        creationInfo=info)
    if supplier:
        p.suppliedBy = supplier
    return p

root = package("checkout-api", "2.4.0", org.spdxId)
deps = [package("requests", "2.32.3"), package("urllib3", "2.2.2"), package("idna", "3.7")]
relationships = [
    spdx.Relationship(
        spdxId=f"{base}#rel-{i}", creationInfo=info, from_=root.spdxId,
        relationshipType=spdx.RelationshipType.dependsOn, to=[d.spdxId])
    for i, d in enumerate(deps)
]
elements = [root, *deps, *relationships]
sbom = spdx.software_Sbom(
    spdxId=f"{base}#sbom", creationInfo=info, rootElement=[root.spdxId],
    element=[e.spdxId for e in elements], software_sbomType=[spdx.software_SbomType.build])
document = spdx.SpdxDocument(
    spdxId=f"{base}#document", creationInfo=info, rootElement=[sbom.spdxId],
    element=[sbom.spdxId, org.spdxId, tool.spdxId, *[e.spdxId for e in elements]],
    profileConformance=[spdx.ProfileIdentifierType.core, spdx.ProfileIdentifierType.software])
for item in [org, tool, document, sbom, *elements]:
    objects.add(item)
with open("spdx-3.0.1.spdx.json", "wb") as f:
    spdx.JSONLDSerializer().write(objects, f, indent=2)

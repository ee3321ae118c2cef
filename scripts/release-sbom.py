#!/usr/bin/env python3
"""Writes the CycloneDX 1.5 SBOM of a release binary built by scripts/build-release.

It lists what the binary is made of: the Swift packages pinned in Package.resolved, the Swift
runtime and Foundation of the toolchain that linked it, and every static C archive the linker
was given, each under the Debian package that ships it with that package's version (from
dpkg-query), the header-only libraries compiled in (RapidJSON), plus mimalloc when it was compiled
from Debian's source package, and glibc, the one
library the binary loads at run time. The timestamp is the commit's time, so the same commit
gives the same SBOM.

Usage: release-sbom.py --version V --revision SHA --arch ARCH --binary PATH --resolved PATH
                       --archives-from DIR [--mimalloc DEBIAN_VERSION] --epoch SECONDS
"""

import argparse
import datetime
import hashlib
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path


# Debian packages of header-only libraries the binary is compiled with (Sources/CJSONTape).
HEADER_ONLY = ["rapidjson-dev"]


def dpkg(query_format, *packages):
    """dpkg-query's answer for installed packages, one line each."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f", query_format, *packages],
        check=True, capture_output=True, text=True)
    return result.stdout


def owning_package(path):
    """The Debian package that ships a file, following symlinks (usrmerge included)."""
    for candidate in dict.fromkeys([str(path), str(Path(path).resolve())]):
        result = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    sys.exit(f"release-sbom: no Debian package ships {path}")


def debian_arch():
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                          text=True).stdout.strip()


def archives(directory):
    """The static archives build-release found for the release link, one path a line in
    DIRECTORY/archives."""
    return [line for line in Path(directory, "archives").read_text().splitlines() if line]


def debian_component(package, arch, distro, linked):
    source, version, summary = dpkg("${source:Package}\t${Version}\t${binary:Summary}",
                                    package).split("\t")
    return {
        "type": "library",
        "bom-ref": f"deb:{package}",
        "name": package,
        "version": version,
        "description": summary,
        "purl": f"pkg:deb/debian/{package}@{version}?arch={arch}&distro={distro}",
        "properties": [
            {"name": "gonogo:debian-source-package", "value": source},
            {"name": "gonogo:linkage", "value": linked},
        ],
    }


def swift_components(resolved_path):
    resolved = json.loads(Path(resolved_path).read_text())
    components = []
    for pin in sorted(resolved.get("pins", []), key=lambda pin: pin["identity"]):
        location = pin["location"]
        state = pin["state"]
        version = state.get("version") or state.get("revision")
        path = re.sub(r"^https?://", "", location).removesuffix(".git")
        components.append({
            "type": "library",
            "bom-ref": f"swift:{pin['identity']}",
            "name": pin["identity"],
            "version": version,
            "purl": f"pkg:swift/{path}@{version}",
            "externalReferences": [{"type": "vcs", "url": location}],
            "properties": [{"name": "gonogo:git-revision", "value": state.get("revision", "")},
                           {"name": "gonogo:linkage", "value": "static"}],
        })
    return components


def toolchain_component():
    result = subprocess.run(["swift", "--version"], capture_output=True, text=True)
    match = re.search(r"Swift version (\S+)", result.stdout + result.stderr)
    if not match:
        sys.exit("release-sbom: cannot read the Swift version from `swift --version`")
    return {
        "type": "library",
        "bom-ref": "swift-runtime",
        "name": "swift-runtime",
        "version": match.group(1),
        "description": "Swift standard library, Dispatch and Foundation, linked with "
                       "--static-swift-stdlib",
        "purl": f"pkg:generic/swift@{match.group(1)}",
        "properties": [{"name": "gonogo:linkage", "value": "static"}],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", required=True)
    parser.add_argument("--revision", required=True)
    parser.add_argument("--arch", required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--resolved", required=True)
    parser.add_argument("--archives-from", required=True)
    parser.add_argument("--mimalloc", default="")
    parser.add_argument("--epoch", type=int, required=True)
    options = parser.parse_args()

    binary = Path(options.binary).read_bytes()
    digest = hashlib.sha256(binary).hexdigest()
    arch = debian_arch()
    distro = "debian-" + Path("/etc/debian_version").read_text().strip().split(".")[0]

    packages = []
    for archive in archives(options.archives_from):
        package = owning_package(archive)
        if package not in packages:
            packages.append(package)
    components = swift_components(options.resolved) + [toolchain_component()]
    components += [debian_component(package, arch, distro, "static") for package in packages]
    # Header-only C++ libraries are compiled into the binary: no archive names them.
    components += [debian_component(package, arch, distro, "compiled-in")
                   for package in HEADER_ONLY]
    if options.mimalloc:
        components.append({
            "type": "library",
            "bom-ref": "deb-source:mimalloc",
            "name": "mimalloc",
            "version": options.mimalloc,
            "description": "mimalloc compiled from Debian's source package (src/static.c, "
                           "MI_MALLOC_OVERRIDE): the binary's memory allocator",
            "purl": f"pkg:deb/debian/mimalloc@{options.mimalloc}?arch=source&distro={distro}",
            "properties": [{"name": "gonogo:linkage", "value": "static"}],
        })
    libc = "libc6"
    component = debian_component(libc, arch, distro, "dynamic")
    component["description"] = "GNU C Library: the only library the binary loads at run time"
    components.append(component)

    timestamp = datetime.datetime.fromtimestamp(options.epoch, datetime.timezone.utc)
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "gonogo:" + digest)),
        "version": 1,
        "metadata": {
            "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {"components": [{
                "type": "application", "name": "gonogo build-release", "version": options.version,
            }]},
            "component": {
                "type": "application",
                "bom-ref": "gonogo",
                "name": "gonogo",
                "version": options.version,
                "description": "Readiness-gate checker for release pipelines",
                "licenses": [{"license": {"id": "Apache-2.0"}}],
                "hashes": [{"alg": "SHA-256", "content": digest}],
                "properties": [
                    {"name": "gonogo:git-revision", "value": options.revision},
                    {"name": "gonogo:architecture", "value": options.arch},
                ],
            },
            "supplier": {"name": "gonogo maintainers"},
            "authors": [{"name": "gonogo maintainers"}],
        },
        "components": components,
        "dependencies": [
            {"ref": "gonogo", "dependsOn": [c["bom-ref"] for c in components]},
        ] + [{"ref": c["bom-ref"], "dependsOn": []} for c in components],
    }
    json.dump(bom, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

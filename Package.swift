// swift-tools-version:6.0
import Foundation
import PackageDescription

// The C libraries come from Debian's -dev packages and are found where Debian installs them: each
// module map names its library (`link "yaml"`), and libxml2's headers live in a directory of their
// own. No pkg-config file is read: SwiftPM would put its -L/usr/lib/… first on the link line, and
// the release build could then not link the static archives (see `releaseLinking`).
let libxml2Headers: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]

// The release build links Debian's static archives of the C libraries, libstdc++ and libgcc, so
// that start-up loads no shared library but glibc and the allocator: loading and resolving some 20
// shared libraries (libxml2 and libical pull in ICU, libstdc++ and libdb) cost about 5 ms of every
// run. `Linking/static` holds a linker script for each -lNAME the build passes (`libyaml.so`:
// `INPUT ( libyaml.a )`); a -L directory on swiftc's command line is searched before the system's,
// so -lyaml finds the script, and the script's archive is then looked up on the usual paths.
// libstdc++ is named again last: an archive only answers what is undefined when it is read, and
// the static Foundation libraries after the first -lstdc++ need more of it.
// Where any archive is missing (a system whose -dev packages ship shared libraries only), the
// release build links the shared libraries, as a debug build always does.
let releaseLinking: [String] =
  staticArchivesInstalled()
  ? [
    "-L", Context.packageDirectory + "/Linking/static", "-Xclang-linker", "-static-libgcc",
    "-lstdc++",
  ] : []

/// True when every archive the scripts in `Linking/static` name is installed: the C libraries'
/// in a library directory, libstdc++'s and libgcc's in a GCC installation.
func staticArchivesInstalled() -> Bool {
  let files = FileManager.default
  let libraries = [
    "libyaml.a", "libcmark-gfm.a", "libcmark-gfm-extensions.a", "libxml2.a", "libicui18n.a",
    "libicuuc.a", "libicudata.a", "liblzma.a", "libz.a", "libjansson.a", "libpcre2-8.a",
    "libical.a",
  ]
  #if arch(arm64)
    let triple = "aarch64-linux-gnu"
  #else
    let triple = "x86_64-linux-gnu"
  #endif
  let directories = ["/usr/lib/" + triple, "/usr/lib64", "/usr/lib"]
  let found = libraries.allSatisfy { name in
    directories.contains { files.fileExists(atPath: $0 + "/" + name) }
  }
  let gcc = "/usr/lib/gcc"
  let compilers = (try? files.contentsOfDirectory(atPath: gcc)) ?? []
  let runtime = compilers.contains { target in
    let versions = (try? files.contentsOfDirectory(atPath: gcc + "/" + target)) ?? []
    return versions.contains { version in
      ["libstdc++.a", "libgcc_eh.a"].allSatisfy {
        files.fileExists(atPath: [gcc, target, version, $0].joined(separator: "/"))
      }
    }
  }
  return found && runtime
}

let package = Package(
  name: "gonogo",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "gonogo", targets: ["gonogo"]),
    .library(name: "GoNoGoKit", targets: ["GoNoGoKit"]),
    .library(name: "LocatedYAML", targets: ["LocatedYAML"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // Decision records are signed and verified with swift-crypto (ECDSA P-256, Ed25519); its
    // companion swift-asn1 reads the PKCS#8 / SubjectPublicKeyInfo wrapping of Ed25519 keys.
    .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CYAML",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    .systemLibrary(
      name: "CMarkGFM",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
    ),
    .systemLibrary(
      name: "CZlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .systemLibrary(
      name: "CJansson",
      providers: [.apt(["libjansson-dev"]), .brew(["jansson"])]
    ),
    .systemLibrary(
      name: "CLibXML2",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    .systemLibrary(
      name: "CPCRE2",
      providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
    ),
    .systemLibrary(
      name: "CICal",
      providers: [.apt(["libical-dev"]), .brew(["libical"])]
    ),
    // Big JSON (trend's reports, vulnerability scans) is read by RapidJSON's SAX parser (Debian's
    // header-only rapidjson-dev) into a flat list of events, in place, without a tree.
    .target(name: "CJSONTape"),
    .target(
      name: "LocatedYAML",
      dependencies: ["CYAML"]
    ),
    .target(
      name: "GoNoGoKit",
      dependencies: [
        "LocatedYAML", "CMarkGFM", "CZlib", "CLibXML2", "CPCRE2", "CJansson", "CICal", "CJSONTape",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ],
      swiftSettings: libxml2Headers
    ),
    .executableTarget(
      name: "gonogo",
      dependencies: [
        "GoNoGoKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: libxml2Headers,
      // mimalloc (Debian's libmimalloc) replaces the C library's allocator in the command: a big
      // program allocates millions of small values on both cores, and mimalloc's per-thread
      // pages make that about a tenth faster than glibc's arenas.
      // The release build links the Swift runtime and Foundation in (`-static-stdlib`, with the
      // static archives Foundation needs): loading and relocating them as shared libraries was
      // 44 % of the instructions of `gonogo --version` (`scripts/bench/run` counts them).
      // The executable is linked at a fixed address (`-no-pie`; its objects are position
      // independent either way), so the loader has no relative relocations of that runtime to
      // apply (about 89,000, each a write to a page of its own data), and it exports only what
      // shared libraries must see (`--no-export-dynamic`): the runtime's start-up `dladdr` scans
      // every exported symbol.
      linkerSettings: [
        .linkedLibrary("mimalloc", .when(platforms: [.linux])),
        .unsafeFlags(
          [
            "-static-stdlib", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims",
            "-l_FoundationCollections", "-Xclang-linker", "-no-pie", "-Xlinker",
            "--no-export-dynamic",
          ] + releaseLinking, .when(platforms: [.linux], configuration: .release)),
      ]
    ),
    .testTarget(name: "LocatedYAMLTests", dependencies: ["LocatedYAML"]),
    .testTarget(
      name: "GoNoGoKitTests",
      dependencies: ["GoNoGoKit", "LocatedYAML", "CMarkGFM"],
      exclude: ["Goldens"],
      resources: [.copy("Fixtures")],
      swiftSettings: libxml2Headers
    ),
    .testTarget(
      name: "CLITests",
      dependencies: ["gonogo"],
      resources: [.copy("Fixtures")],
      swiftSettings: libxml2Headers
    ),
  ],
  swiftLanguageModes: [.v6]
)

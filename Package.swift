// swift-tools-version:6.0
import PackageDescription

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
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    .systemLibrary(
      name: "CMarkGFM",
      pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
    ),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .systemLibrary(
      name: "CJansson",
      pkgConfig: "jansson",
      providers: [.apt(["libjansson-dev"]), .brew(["jansson"])]
    ),
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    .systemLibrary(
      name: "CPCRE2",
      pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
    ),
    .systemLibrary(
      name: "CICal",
      pkgConfig: "libical",
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
      ]
    ),
    .executableTarget(
      name: "gonogo",
      dependencies: [
        "GoNoGoKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
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
          ], .when(platforms: [.linux], configuration: .release)),
      ]
    ),
    .testTarget(name: "LocatedYAMLTests", dependencies: ["LocatedYAML"]),
    .testTarget(
      name: "GoNoGoKitTests",
      dependencies: ["GoNoGoKit", "LocatedYAML", "CMarkGFM"],
      exclude: ["Goldens"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "CLITests",
      dependencies: ["gonogo"],
      resources: [.copy("Fixtures")]
    ),
  ],
  swiftLanguageModes: [.v6]
)

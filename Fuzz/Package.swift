// swift-tools-version:5.4
// libFuzzer harnesses; built and run by scripts/fuzz, never by the main package.
import PackageDescription

let harnesses = [
  "FuzzYAML", "FuzzChecklist", "FuzzPlan", "FuzzMarkdown", "FuzzJUnit", "FuzzQuery", "FuzzSARIF",
  "FuzzSBOM", "FuzzJSON",
]

let package = Package(
  name: "gonogo-fuzz",
  platforms: [.macOS(.v10_15)],
  dependencies: [.package(name: "gonogo", path: "..")],
  targets: harnesses.map { name in
    .executableTarget(
      name: name,
      dependencies: [
        .product(name: "GoNoGoKit", package: "gonogo"),
        .product(name: "LocatedYAML", package: "gonogo"),
      ],
      // libxml2's headers live in a directory of their own; the main package names it to the
      // compiler (it reads no pkg-config file), and every module that sees GoNoGoKit needs it.
      swiftSettings: [.unsafeFlags(["-parse-as-library", "-Xcc", "-I/usr/include/libxml2"])]
    )
  },
  swiftLanguageVersions: [.v5]
)

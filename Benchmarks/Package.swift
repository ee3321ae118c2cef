// swift-tools-version:6.0
// The benchmark's Swift peer: Yams decoding the benchmark checklist. A package of its own, so that
// gonogo never depends on Yams; `scripts/bench/run` builds it with `--package-path Benchmarks`.
import PackageDescription

let package = Package(
  name: "gonogo-benchmarks",
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2")
  ],
  targets: [
    .executableTarget(
      name: "yams-decode",
      dependencies: [.product(name: "Yams", package: "Yams")]
    )
  ]
)

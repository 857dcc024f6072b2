// swift-tools-version:6.0
// SwiftChop: emulate low-precision floating-point and fixed-point arithmetic,
// checked bit-for-bit against GNU MPFR.
//
// No CPU-tuning flags live here (unsafeFlags would make the package unusable as a
// dependency); pass them on the command line instead, e.g.
//   swift build -c release -Xswiftc -target-cpu -Xswiftc native
import PackageDescription

let package = Package(
    name: "SwiftChop",
    products: [
        .library(name: "Chop", targets: ["Chop"]),
        .library(name: "ChopMPFR", targets: ["ChopMPFR"]),
        .library(name: "LogBessel", targets: ["LogBessel"]),
        .library(name: "ClimateStress", targets: ["ClimateStress"]),
        .library(name: "ScalingLaws", targets: ["ScalingLaws"]),
        .library(name: "RoundingStudies", targets: ["RoundingStudies"]),
        .library(name: "MatrixUnits", targets: ["MatrixUnits"]),
        .executable(name: "chop", targets: ["chop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        // Exact big-integer arithmetic for correctly rounded text conversion.
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        // Documentation only: `swift package generate-documentation` (scripts/build-docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The core: formats, rounding modes, the one rounding kernel, arrays,
        // typed numbers, quantization. No C dependency.
        .target(
            name: "Chop",
            dependencies: [
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "BigInt", package: "BigInt"),
            ]
        ),
        // The system GNU MPFR library (apt-get install libmpfr-dev libgmp-dev).
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libmpfr-dev", "libgmp-dev"])]
        ),
        // The MPFR reference: exact rounding to any format, per-operation
        // references, and the verifier behind `chop verify`.
        .target(name: "ChopMPFR", dependencies: ["Chop", "CMPFR"]),
        // Layers: they depend on the core, never the reverse.
        .target(
            name: "LogBessel",
            dependencies: ["Chop", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "ClimateStress",
            dependencies: ["Chop", .product(name: "RealModule", package: "swift-numerics")]
        ),
        // ScalingLaws uses the core for its parallel loop and its seedable generator.
        .target(name: "ScalingLaws", dependencies: ["Chop"]),
        // The classic rounding-error studies behind `chop study`.
        .target(name: "RoundingStudies", dependencies: ["Chop"]),
        // Matrix units: tensor-core / matrix-core GEMM numerics (block FMA).
        .target(name: "MatrixUnits", dependencies: ["Chop"]),
        // The command-line tool.
        .executableTarget(
            name: "chop",
            dependencies: [
                "Chop", "ChopMPFR", "LogBessel", "ClimateStress", "ScalingLaws", "RoundingStudies",
                "MatrixUnits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (not tests): run with
        //   swift run -c release -Xswiftc -target-cpu -Xswiftc native chop-bench
        .executableTarget(
            name: "chop-bench",
            dependencies: ["Chop", "MatrixUnits", .product(name: "RealModule", package: "swift-numerics")],
            path: "Benchmarks/ChopBenchmarks"
        ),
        .testTarget(name: "ChopTests", dependencies: ["Chop"]),
        .testTarget(name: "ChopMPFRTests", dependencies: ["Chop", "ChopMPFR"]),
        .testTarget(
            name: "LogBesselTests",
            dependencies: ["LogBessel", "Chop"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "ClimateStressTests", dependencies: ["ClimateStress", "Chop"]),
        .testTarget(name: "ScalingLawsTests", dependencies: ["ScalingLaws", "Chop"]),
        .testTarget(name: "MatrixUnitsTests", dependencies: ["MatrixUnits", "Chop"]),
        .testTarget(name: "RoundingStudiesTests", dependencies: ["RoundingStudies", "Chop", "ChopMPFR"]),
    ],
    swiftLanguageModes: [.v6]
)

import ArgumentParser
import Chop
import RoundingStudies

/// Options of `chop study dot` and `chop study matmul`.
struct StudyProductOptions: ParsableArguments {
    @Option(name: .long, help: "Accumulation format for products and sums (default: the storage format).")
    var accumulate: String?

    @Flag(name: .long, help: "Accumulate with fused multiply-adds (one rounding per term).")
    var fma = false

    @Option(name: .long, help: "Input distribution: uniform ([0,1)) or normal.")
    var inputs = "uniform"

    func study(_ kind: ProductStudy.Kind, _ options: StudyOptions, sizes: String) throws -> ProductStudy {
        try ProductStudy(
            kind: kind,
            formats: options.parsedFormats(default: "binary16,bfloat16"),
            modes: options.parsedModes(default: "nearest-even,stochastic"),
            sizes: StudyParsing.sizes(sizes, what: "--sizes"),
            accumulator: accumulate.map { try FloatFormat(named: $0) },
            fused: fma,
            distribution: TermDistribution(named: inputs),
            seed: options.parsedSeed())
    }
}

/// `chop study dot`: inner-product error versus length.
struct StudyDotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dot",
        abstract: "Inner-product error versus length and format, with optional wider accumulation.",
        discussion: """
            rel_error = |ŝ − s|/|s|; scaled_error = |ŝ − s| / Σ|xᵢyᵢ| (compare with n_u = n·u of the
            accumulation format, the first-order worst-case bound). The exact s is computed with
            exact products and an exact accumulator.

            Examples:
              chop study dot --formats bfloat16 --accumulate binary32 \\
                --sizes 100,10000
            """
    )

    @OptionGroup var options: StudyOptions
    @OptionGroup var product: StudyProductOptions

    @Option(name: .long, help: "Comma-separated vector lengths.")
    var sizes = "10,100,1000,10000,100000"

    func run() throws {
        let study = try withStudyErrors("dot", sizes: [("--sizes", sizes)]) { try product.study(.dot, options, sizes: sizes) }
        let bar = options.progressBar(label: "dot")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}

/// `chop study matmul`: matrix-product error versus size.
struct StudyMatmulCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul",
        abstract: "Matrix-product error versus size and format, with optional wider accumulation.",
        discussion: """
            C = AB for n×n A and B; max_scaled_error = maxᵢⱼ |ĉᵢⱼ − cᵢⱼ| / (|A||B|)ᵢⱼ and
            normwise_rel_error = ‖Ĉ − C‖_F / ‖C‖_F against exact entries.

            Examples:
              chop study matmul --formats e4m3fn,bfloat16 --accumulate binary32 \\
                --sizes 16,64
            """
    )

    @OptionGroup var options: StudyOptions
    @OptionGroup var product: StudyProductOptions

    @Option(name: .long, help: "Comma-separated matrix sizes n (at most 2048).")
    var sizes = "8,16,32,64"

    func run() throws {
        let study = try withStudyErrors("matmul", sizes: [("--sizes", sizes)]) { try product.study(.matmul, options, sizes: sizes) }
        let bar = options.progressBar(label: "matmul")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}

import ArgumentParser
import RoundingStudies

/// `chop study sum`: recursive, pairwise and compensated summation error versus n.
struct StudySumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sum",
        abstract: "Summation error versus the number of terms, against the exact sum.",
        discussion: """
            Sums the first n terms of a sequence (drawn in binary64, rounded to the format) with
            every addition rounded to the format, and compares with the exact sum of the same
            rounded terms. Under round-to-nearest the recursive sum stagnates once the terms fall
            below half an ulp of the sum; stochastic rounding does not.

            Examples:
              chop study sum --formats bfloat16 --modes nearest-even,stochastic \\
                --terms uniform,constant --seed 1
              chop study sum --sizes 1e3,1e6 --methods recursive,kahan --output csv
            """
    )

    @OptionGroup var options: StudyOptions

    @Option(name: .long, help: "Comma-separated term sequences: uniform, normal, constant (0.1), reciprocal (1/k).")
    var terms = "uniform"

    @Option(name: .long, help: "Comma-separated methods: recursive, pairwise, kahan.")
    var methods = "recursive"

    @Option(name: .long, help: "Comma-separated numbers of terms n (1e5 style accepted).")
    var sizes = "10,100,1000,10000,100000"

    func run() throws {
        let study = try withStudyErrors("sum", sizes: [("--sizes", sizes)]) {
            try SummationStudy(
                formats: options.parsedFormats(default: "binary16,bfloat16"),
                modes: options.parsedModes(default: "nearest-even,stochastic"),
                distributions: StudyParsing.list(terms, what: "--terms").map(TermDistribution.init(named:)),
                methods: StudyParsing.list(methods, what: "--methods").map(SummationMethod.init(named:)),
                sizes: StudyParsing.sizes(sizes, what: "--sizes"),
                seed: options.parsedSeed())
        }
        let bar = options.progressBar(label: "sum")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}

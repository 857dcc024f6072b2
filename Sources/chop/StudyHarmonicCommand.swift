import ArgumentParser
import RoundingStudies

/// `chop study harmonic`: where the harmonic series stagnates in each format and mode.
struct StudyHarmonicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonic",
        abstract: "The harmonic series: stagnation under deterministic rounding, progress under stochastic rounding.",
        discussion: """
            Computes s ← fl(s + fl(1/k)) for k = 1…N. For deterministic modes, stagnation_n is
            the first k whose term leaves the sum unchanged (it never changes again) and
            stagnation_sum the sum there. For every mode, first_unchanged and last_change are
            reported, and the sum after N terms against H_N (binary64 with exact remainders).

            Examples:
              chop study harmonic --formats binary16,bfloat16 --modes all \\
                --terms 100000
            """
    )

    @OptionGroup var options: StudyOptions

    @Option(name: .long, help: "Number of terms N (1e6 style accepted).")
    var terms = "100000"

    func run() throws {
        let study = try withStudyErrors("harmonic", sizes: [("--terms", terms)]) {
            try HarmonicStudy(
                formats: options.parsedFormats(default: "binary16,bfloat16"),
                modes: options.parsedModes(default: "nearest-even,toward-zero,toward-positive,stochastic"),
                terms: StudyParsing.sizes(terms, what: "--terms")[0],
                seed: options.parsedSeed())
        }
        let bar = options.progressBar(label: "harmonic")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}

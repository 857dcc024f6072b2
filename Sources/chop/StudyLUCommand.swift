import ArgumentParser
import Chop
import RoundingStudies

/// `chop study lu`: LU with partial pivoting in a low format, then mixed-precision
/// iterative refinement.
struct StudyLUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lu",
        abstract: "Solve Ax = b by LU with partial pivoting in the format; backward/forward errors; iterative refinement.",
        discussion: """
            A (random uniform [-1,1) or ill-conditioned randsvd with --kappa) and b = A·1 are
            rounded to the format; LU, forward and back substitution run with every operation
            rounded to the format under the mode. Then --refine-steps of LU-IR: residuals in
            --residual-format, corrections solved and added in --refine-format (round-to-nearest).
            backward_error = ‖b − Ax̂‖∞/(‖A‖∞‖x̂‖∞ + ‖b‖∞) with the residual computed exactly;
            forward_error against a binary64 solution refined with exact residuals.

            Examples:
              chop study lu --formats binary16,bfloat16 --matrix ill-conditioned \\
                --kappa 1e4
            """
    )

    @OptionGroup var options: StudyOptions

    @Option(name: .long, help: "Comma-separated matrix sizes n (at most 1000).")
    var sizes = "10,50,100"

    @Option(name: .long, help: "Matrix kind: random or ill-conditioned.")
    var matrix = "random"

    @Option(name: .long, help: "Target 2-norm condition number of ill-conditioned matrices.")
    var kappa = "1000"

    @Option(name: .long, help: "Working format of iterative refinement.")
    var refineFormat = "binary32"

    @Option(name: .long, help: "Format of the refinement residuals.")
    var residualFormat = "binary64"

    @Option(name: .long, help: "Number of refinement steps (0: none).")
    var refineSteps = "5"

    func run() throws {
        let study = try withStudyErrors("lu", sizes: [("--sizes", sizes)]) { () throws -> LUStudy in
            guard let kind = LUStudy.MatrixKind(rawValue: matrix.lowercased()) else {
                throw StudyArgumentError("invalid --matrix value '\(matrix)' (expected random or ill-conditioned)")
            }
            guard let steps = Int(refineSteps), steps >= 0 else {
                throw StudyArgumentError("invalid --refine-steps value '\(refineSteps)' (expected a non-negative integer)")
            }
            return try LUStudy(
                formats: options.parsedFormats(default: "binary16,bfloat16"),
                modes: options.parsedModes(default: "nearest-even,stochastic"),
                sizes: StudyParsing.sizes(sizes, what: "--sizes"),
                matrix: kind,
                kappa: StudyParsing.positiveReal(kappa, what: "--kappa"),
                workingFormat: FloatFormat(named: refineFormat),
                residualFormat: FloatFormat(named: residualFormat),
                refinementSteps: steps,
                seed: options.parsedSeed())
        }
        let bar = options.progressBar(label: "lu")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}

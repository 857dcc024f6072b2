import ArgumentParser
import RoundingStudies

/// `chop study ode`: stagnation of Euler's method for y′ = −y with small steps.
struct StudyODECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ode",
        abstract: "Small-step ODE integration: stagnation of the state update under round-to-nearest.",
        discussion: """
            decay: Euler for y' = -y, y(0) = 1: y ← fl(y + fl(c·y)) with c = fl(−T/n).
            rounding_error compares with the exact solution of the same recurrence, (1 + c)ⁿ;
            total_error with e^(−T). oscillator: symplectic Euler for x'' = -x, x(0) = 1,
            x'(0) = 0; references: the same recurrence in binary64, and cos T. With many small
            steps the update falls below half an ulp and round-to-nearest leaves the state at 1.

            Examples:
              chop study ode --formats bfloat16,binary16 --steps 100,10000,1000000
            """
    )

    @OptionGroup var options: StudyOptions

    @Option(name: .long, help: "The problem: decay or oscillator.")
    var problem = "decay"

    @Option(name: .long, help: "Comma-separated step counts n.")
    var steps = "10,100,1000,10000,100000"

    @Option(name: .long, help: "End time T (at most 100).")
    var endTime = "1"

    func run() throws {
        let study = try withStudyErrors("ode", sizes: [("--steps", steps)]) { () throws -> ODEStudy in
            guard let kind = ODEStudy.Problem(rawValue: problem.lowercased()) else {
                throw StudyArgumentError("invalid --problem value '\(problem)' (expected decay or oscillator)")
            }
            return try ODEStudy(
                problem: kind,
                formats: options.parsedFormats(default: "binary16,bfloat16"),
                modes: options.parsedModes(default: "nearest-even,stochastic"),
                steps: StudyParsing.sizes(steps, what: "--steps"),
                endTime: StudyParsing.positiveReal(endTime, what: "--end-time"),
                seed: options.parsedSeed())
        }
        let bar = options.progressBar(label: "ode")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}

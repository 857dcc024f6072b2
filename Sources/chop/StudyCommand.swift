import ArgumentParser

/// `chop study`: the classic rounding-error experiments, one subcommand each.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Rounding-error studies: summation, harmonic series, dot/matrix products, LU, ODE stagnation.",
        discussion: """
            Every study takes --formats and --modes (comma-separated lists), --seed, its sizes,
            and prints an aligned table (or --output csv / json). Errors are measured against exact
            or binary64 references, never against another emulated run. Progress and the time
            left are drawn on stderr when stderr is a terminal (--progress forces them,
            --no-progress turns them off).

            Examples:
              chop study harmonic --formats binary16,bfloat16 \\
                --modes nearest-even,stochastic
              chop study sum --formats bfloat16 --terms uniform --sizes 100,1000,10000 \\
                --output csv
              chop study lu --formats binary16,bfloat16 --matrix ill-conditioned \\
                --kappa 1e4
            """,
        subcommands: [
            StudySumCommand.self, StudyHarmonicCommand.self, StudyDotCommand.self, StudyMatmulCommand.self,
            StudyLUCommand.self, StudyODECommand.self, StudyZooCommand.self, StudyAccumulationCommand.self,
        ]
    )
}

import ArgumentParser

/// `chop fit`: fit scaling laws to training runs and query fitted or published laws.
/// `chop fit --law L --data runs.csv` runs the default subcommand `run`.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit scaling laws (Chinchilla, FP quantization, QAT, precision) and query them.",
        discussion: """
        Laws: \(ScalingLawNames.all). Published constants ship for chinchilla (Besiroglu et al. 2024; \
        Hoffmann et al. 2022) and fp-quant (Sun et al. 2025) only.

        Examples:
          chop fit --law chinchilla --data runs.csv --bootstrap 200 --seed 1
          chop fit predict --law chinchilla N=1e9 D=2e10
          chop fit optimal-format --bits 4...8 --output csv
          chop fit isoflop --data runs.csv --output json
        """,
        subcommands: [FitRunCommand.self, FitOptimalFormatCommand.self, FitCriticalDataCommand.self,
                      FitComputeOptimalCommand.self, FitPredictCommand.self, FitIsoFLOPCommand.self],
        defaultSubcommand: FitRunCommand.self
    )
}

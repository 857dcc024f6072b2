import ArgumentParser

/// The `chop` command-line tool: every subcommand lives in its own file.
@main
struct ChopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chop",
        abstract: "Emulate low-precision floating-point arithmetic, checked against GNU MPFR.",
        subcommands: [
            FormatsCommand.self, RoundCommand.self, VerifyCommand.self, CalcCommand.self,
            StudyCommand.self, QuantizeCommand.self, BesselCommand.self, ClimateCommand.self, FitCommand.self,
        ]
    )
}

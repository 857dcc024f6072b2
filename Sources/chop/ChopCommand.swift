import ArgumentParser

/// The `chop` command-line tool: every subcommand lives in its own file.
@main
struct ChopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chop",
        abstract: "Emulate low-precision floating-point arithmetic, checked against GNU MPFR.",
        subcommands: [
            // Each helper area registers its subcommand type here.
            FormatsCommand.self, RoundCommand.self, VerifyCommand.self, CalcCommand.self,
        ]
    )
}

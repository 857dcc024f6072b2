import ArgumentParser
import Foundation

/// The `chop` command-line tool: every subcommand lives in its own file.
@main
struct ChopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chop",
        abstract: "Emulate low-precision floating-point arithmetic, checked against GNU MPFR.",
        subcommands: [
            FormatsCommand.self, RoundCommand.self, VerifyCommand.self, CalcCommand.self,
            StudyCommand.self, QuantizeCommand.self, BesselCommand.self, ClimateCommand.self, FitCommand.self, GemmCommand.self,
        ]
    )

    /// Runs the command. Any bad input — a value a command rejects, or a malformed
    /// command line that swift-argument-parser rejects (unknown option, missing
    /// value, …) — ends with one line `chop: <problem>` on stderr, nothing on stdout,
    /// and exit status 2. `--help` and `--version` behave as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // help, clean exits
            let message = fullMessage(for: error)
            guard !message.isEmpty else { exit(withError: error) }  // already reported
            let line = message.split(separator: "\n").first.map(String.init) ?? message
            let text = line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
            FileHandle.standardError.write(Data(("chop: " + text + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

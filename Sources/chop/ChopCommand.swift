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
    /// value, …) — ends with one line `chop: error: <problem>` on stderr, nothing on
    /// stdout, and exit status 2. `--help` and `--version` behave as usual.
    ///
    /// Two command-line forms are settled before parsing: an option written with an
    /// empty value (`--seed=`) is an error (the parser would take the next argument as
    /// its value), and a negative number after an option (`--seed -1`) is that
    /// option's value (the parser would call it a missing value), so the option itself
    /// judges it.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        for argument in arguments {
            if argument == "--" { break }
            if argument.hasPrefix("--"), argument.hasSuffix("="), !argument.dropFirst(2).dropLast().contains("=") {
                fail("option '\(argument)' has an empty value")
            }
        }
        var command: ParsableCommand
        while true {
            do {
                command = try parseAsRoot(arguments)
                break
            } catch {
                if let merged = joiningNegativeValue(in: arguments, after: error) {
                    arguments = merged
                    continue
                }
                report(error)
            }
        }
        do {
            try command.run()
        } catch {
            report(error)
        }
    }

    /// For a "missing value" error on an option followed by a negative number, the
    /// arguments with the two joined as `--option=-1`.
    static func joiningNegativeValue(in arguments: [String], after error: Error) -> [String]? {
        let message = fullMessage(for: error)
        guard message.contains("Missing value for '") else { return nil }
        for (i, argument) in arguments.enumerated() where i + 1 < arguments.count {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), !argument.contains("="), message.contains("'\(argument) ") else { continue }
            let next = arguments[i + 1]
            guard next.hasPrefix("-"), next.count > 1 else { continue }
            let body = next.dropFirst().lowercased()
            guard body.first!.isNumber || body.first! == "." || body.hasPrefix("inf") || body.hasPrefix("nan") else { continue }
            var merged = arguments
            merged[i] = argument + "=" + next
            merged.remove(at: i + 1)
            return merged
        }
        return nil
    }

    static func fail(_ text: String) -> Never {
        FileHandle.standardError.write(Data(("chop: error: " + text + "\n").utf8))
        Foundation.exit(2)
    }

    static func report(_ error: Error) -> Never {
        let code = exitCode(for: error)
        if code == .success { exit(withError: error) }  // help, clean exits
        let message = fullMessage(for: error)
        guard !message.isEmpty else { exit(withError: error) }  // already reported
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        let text = line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
        FileHandle.standardError.write(Data(("chop: error: " + text + "\n").utf8))
        Foundation.exit(code == .validationFailure || code == .failure ? 2 : code.rawValue)
    }
}

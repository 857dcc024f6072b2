import ArgumentParser
import ChopMPFR
import Foundation

/// The `chop` command-line tool: every subcommand lives in its own file.
@main
struct ChopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chop",
        abstract: "Emulate low-precision floating-point arithmetic, checked against GNU MPFR.",
        discussion: """
            Conventions of every subcommand:
              --output table|csv|json  how results are printed on stdout
                                       (table for people; csv and json for programs)
              --seed N                 seed of every random number a command draws
                                       (an integer 0...18446744073709551615); without
                                       it a command that draws random numbers picks a
                                       random seed and prints `chop: seed <n>` on
                                       stderr, so --seed <n> repeats the run
              --progress               progress and time left on stderr for long runs
                                       (default: only when stderr is a terminal)
            Bad input: one line `chop: error: ...` on stderr quoting the bad value,
            nothing on stdout, exit status 2.

            Examples:
              chop formats
              chop round --format bf16 3.14159 1e-40
              chop calc --format fp16 --mode toward-zero '1/3 + 1/3'
              chop verify --format bf16 --mode nearest-even --samples 10000
            """,
        version: SwiftChopVersion.current,
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
        // `chop help NAME…` names subcommands; an unknown one is an error (the parser
        // would print the root help).
        if arguments.first == "help" {
            var command: ParsableCommand.Type = Self.self
            for name in arguments.dropFirst() where !name.hasPrefix("-") {
                guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else {
                    fail("unknown subcommand '\(name)' for `chop help` (try `chop help`)")
                }
                command = sub
            }
        }
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
        CLIError.writeErrorLine(text)
        Foundation.exit(2)
    }

    static func report(_ error: Error) -> Never {
        let code = exitCode(for: error)
        if code == .success { exit(withError: error) }  // help, clean exits
        let message = fullMessage(for: error)
        guard !message.isEmpty else { exit(withError: error) }  // already reported
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        let text = line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
        CLIError.writeErrorLine(text)
        Foundation.exit(code == .validationFailure || code == .failure ? 2 : code.rawValue)
    }
}

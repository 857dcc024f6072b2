import ArgumentParser
import Chop
import Foundation

/// `chop round`: round numbers to a format with the library's kernel.
struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Round numbers to a low-precision format.",
        discussion: """
            Values come from the arguments (put them after `--` when they start with '-') or, with no \
            arguments, one per line on stdin. A value is a decimal literal (converted to the nearest \
            binary64 first), a hex-float literal such as 0x1.8p-3 (exact), nan, inf or -inf. \
            One result per line, by default the shortest decimal that reads back to the same binary64 \
            value (inf, -inf, nan, -0.0).

            Examples:
              chop round --format bf16 --mode nearest-even 3.14159 1e-40
              chop round --format e4m3fn --output bits -- 464 472 -0.0
              printf '0.1\\n0x1p-30\\n' | chop round --format fp16 --mode stochastic --seed 7
            """
    )

    @OptionGroup var emulation: EmulationOptions

    @Option(name: .long, help: "Output style: decimal, hex, bits.")
    var output: String = "decimal"

    @Argument(help: "Values to round (default: read stdin, one per line).")
    var values: [String] = []

    func run() throws {
        let (format, mode, style, seedValue, inputs) = try validating { () throws -> (FloatFormat, RoundingMode, OutputStyle, UInt64, [Double]) in
            let (format, mode, seedValue) = try emulation.resolve(defaultSeed: UInt64.random(in: .min ... .max))
            guard let style = OutputStyle(rawValue: output.lowercased()) else {
                throw CLIError("unknown output style '\(output)' (expected decimal, hex or bits)")
            }
            var texts = values
            if texts.isEmpty {
                while let line = readLine() {
                    if !line.trimmingCharacters(in: .whitespaces).isEmpty { texts.append(line) }
                }
            }
            return (format, mode, style, seedValue, try texts.map(parseNumber))
        }
        var generator = Xoshiro256StarStar(seed: seedValue)
        var out = ""
        for x in inputs {
            let r = Chop.round(x, to: format, mode: mode, using: &generator)
            out += formatted(r, style: style, format: format) + "\n"
        }
        print(out, terminator: "")
    }
}

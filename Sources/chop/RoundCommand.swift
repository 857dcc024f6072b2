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
            arguments, one per line on stdin (blank lines are skipped; results are printed as each \
            line is read). A value is a decimal literal of any length (0.1, 1e400, \
            3.14159265358979323846264338327950288), a hex-float literal such as 0x1.8p-3, nan, inf \
            or -inf, and is rounded once from its exact value: `--mode toward-zero 0.1` gives the \
            value just below one tenth. One result per line, by default the shortest decimal that \
            reads back to the same binary64 value (inf, -inf, nan, -0.0). Stochastic modes without \
            --seed use a random seed, printed to stderr as `chop: seed <n>` (so does \
            --flip-probability, which flips one random stored significand bit of each result with \
            that probability: CPFloat's and MATLAB chop's soft errors). On a bad stdin line the \
            results of the lines before it have been printed; the error names the line.

            Examples:
              chop round --format bf16 --mode nearest-even 3.14159 1e-40
              chop round --format binary64 --mode toward-zero 0.1
              chop round --format e4m3fn --output bits -- 464 472 -0.0
              printf '0.1\\n0x1p-30\\n' | chop round --format fp16 --mode stochastic --seed 7
              chop round --format bf16 --flip-probability 0.5 --seed 1 1 2 3
            """
    )

    @OptionGroup var emulation: EmulationOptions

    @Option(name: .long, help: "Output style: decimal, hex, bits.")
    var output: String = "decimal"

    @Option(name: .long, help: "Probability in [0, 1] of flipping one random stored significand bit of each result.")
    var flipProbability: String?

    @Argument(help: "Values to round (default: read stdin, one per line).")
    var values: [String] = []

    func run() throws {
        let (format, mode, style, seedValue, announcement, flips, literals) = try validating {
            () throws -> (FloatFormat, RoundingMode, OutputStyle, UInt64, String?, SignificandBitFlips?, [NumberLiteral]) in
            var (format, mode, seedValue, announcement) = try emulation.resolveQuietly()
            guard let style = OutputStyle(rawValue: output.lowercased()) else {
                throw CLIError("unknown output style '\(output)' (expected decimal, hex or bits)")
            }
            var flips: SignificandBitFlips?
            if let text = flipProbability {
                guard let p = Double(text), let f = try? SignificandBitFlips(probability: p) else {
                    throw CLIError("--flip-probability '\(text)' is not a probability in [0, 1]")
                }
                flips = f
                if !mode.isStochastic {   // the flips need a seed of their own
                    (seedValue, announcement) = try emulation.seedOption.resolveQuietly(usesRandomness: true)
                }
            }
            return (format, mode, style, seedValue, announcement, flips, try values.map(parseLiteral))
        }
        var generator = Xoshiro256StarStar(seed: seedValue)
        /// One literal rounded, then (with --flip-probability) hit by a soft error.
        func result(_ literal: NumberLiteral) -> Double {
            let r = literal.rounded(to: format, mode: mode, using: &generator)
            return flips?.applied(to: r, format: format, using: &generator) ?? r
        }
        var out = OutputBuffer()
        if !values.isEmpty {
            if let announcement { printToStandardError(announcement) }
            for literal in literals {
                out.append(formatted(result(literal), style: style, format: format))
            }
            out.flush()
            return
        }
        // Stream stdin: each line is parsed, rounded and queued; output is flushed
        // whenever reading would block.
        var reader = LineReader(maximumLineLength: NumberLiteral.maximumLength + 2)
        var lineNumber = 0
        var pendingAnnouncement = announcement
        var failure: ExitCode?
        while try reader.next(flushing: &out, { line, out in
            lineNumber += 1
            switch line {
            case .tooLong:
                failure = CLIError.report("line \(lineNumber) of stdin is longer than \(NumberLiteral.maximumLength) bytes")
            case .line(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                do {
                    let literal = try parseLiteral(utf8: bytes)
                    if let a = pendingAnnouncement { printToStandardError(a); pendingAnnouncement = nil }
                    out.append(formatted(result(literal), style: style, format: format))
                } catch {
                    failure = CLIError.report("line \(lineNumber) of stdin: \(error)")
                }
            }
        }) {
            if failure != nil { break }
        }
        out.flush()
        if let failure { throw failure }
    }
}

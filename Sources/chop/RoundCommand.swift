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
            reads back to the same binary64 value (inf, -inf, nan, -0.0; `--notation shortest`: the shortest \
            that reads back in the format, as typed floats print). Stochastic modes without \
            --seed use a random seed, printed to stderr as `chop: seed <n>` (so does \
            --flip-probability, which flips one random stored significand bit of each result with \
            that probability: CPFloat's and MATLAB chop's soft errors). On a bad stdin line the \
            results of the lines before it have been printed; the error names the line.

            Examples:
              chop round --format bf16 --mode nearest-even 3.14159 1e-40
              chop round --format binary64 --mode toward-zero 0.1
              chop round --format e4m3fn --notation bits -- 464 472 -0.0
              printf '0.1\\n0x1p-30\\n' | chop round --format fp16 --mode stochastic --seed 7
              chop round --format bf16 --flip-probability 0.5 --seed 1 1 2 3
            """
    )

    @OptionGroup var emulation: EmulationOptions

    @Option(name: .long, help: "How to write each value: decimal (exact, binary64's shortest), shortest (the shortest decimal that reads back in the format), hex (C99 hex float) or bits (the encoding).")
    var notation: ValueNotation = .decimal

    @Option(name: .long, help: "table: one result per line; csv: input,result rows under a header; json: an array of {input, result}.")
    var output: OutputStyle = .table

    @Option(name: .long, help: "Probability in [0, 1] of flipping one random stored significand bit of each result.")
    var flipProbability: String?

    @Argument(help: "Values to round (default: read stdin, one per line).")
    var values: [String] = []

    mutating func validate() throws {
        _ = try validating { try values.map(parseLiteral) }
        _ = try validating { try bitFlips() }
    }

    /// Writes results in the `--output` style as they are produced.
    struct ResultWriter {
        let style: OutputStyle
        let notation: ValueNotation
        let format: FloatFormat
        var count = 0
        let decimals = DecimalTextCache()

        mutating func begin(_ out: inout OutputBuffer) {
            switch style {
            case .table: break
            case .csv: out.append("input,result")
            case .json: out.appendRaw("[")
            }
        }

        mutating func write(_ value: Double, input: String, _ out: inout OutputBuffer) {
            if style == .table && notation == .decimal {
                decimals.appendLine(value, to: out)
                return
            }
            let text = formatted(value, style: notation, format: format)
            switch style {
            case .table:
                out.append(text)
            case .csv:
                out.append(csvField(input) + "," + text)
            case .json:
                let result = notation == .decimal ? ResultCell.number(value).json : jsonString(text)
                out.appendRaw((count == 0 ? "\n  " : ",\n  ") + "{\"input\": \(jsonString(input)), \"result\": \(result)}")
            }
            count += 1
        }

        mutating func end(_ out: inout OutputBuffer) {
            if style == .json { out.append(count == 0 ? "]" : "\n]") }
        }
    }

    /// The `--flip-probability` soft errors, or nil without the option.
    func bitFlips() throws -> SignificandBitFlips? {
        guard let text = flipProbability else { return nil }
        guard let p = Double(text), let flips = try? SignificandBitFlips(probability: p) else {
            throw CLIError("--flip-probability '\(text)' is not a probability in [0, 1]")
        }
        return flips
    }

    func run() throws {
        // A closed pipe (`| head`) ends the command quietly with status 0 (EPIPE, see
        // OutputBuffer.flush) instead of killing it.
        signal(SIGPIPE, SIG_IGN)
        let (format, mode, modeSeed, modeAnnouncement) = try validating { try emulation.resolveQuietly() }
        var (seedValue, announcement) = (modeSeed, modeAnnouncement)
        let literals = try validating { try values.map(parseLiteral) }
        let flips = try validating { try bitFlips() }
        if flips != nil && !mode.isStochastic {   // the flips need a seed of their own
            (seedValue, announcement) = try validating { try emulation.seedOption.resolveQuietly(usesRandomness: true) }
        }
        var generator = Xoshiro256StarStar(seed: seedValue)
        /// One literal rounded, then (with --flip-probability) hit by a soft error.
        func result(_ literal: NumberLiteral) -> Double {
            let r = literal.rounded(to: format, mode: mode, using: &generator)
            return flips?.applied(to: r, format: format, using: &generator) ?? r
        }
        var out = OutputBuffer()
        var writer = ResultWriter(style: output, notation: notation, format: format)
        if !values.isEmpty {
            if let announcement { printToStandardError(announcement) }
            writer.begin(&out)
            for (literal, text) in zip(literals, values) {
                writer.write(result(literal), input: text, &out)
            }
            writer.end(&out)
            out.flush()
            return
        }
        // Stream stdin: each line is parsed, rounded and queued; output is flushed
        // whenever reading would block.
        var reader = LineReader(maximumLineLength: NumberLiteral.maximumLength + 2)
        var lineNumber = 0
        var pendingAnnouncement = announcement
        var failure: ExitCode?
        writer.begin(&out)
        let keepsInput = output != .table
        let fastPath = ShortDecimalRounding.applies(to: format, mode: mode)
        while try reader.next(flushing: &out, { line, out in
            lineNumber += 1
            switch line {
            case .tooLong:
                failure = CLIError.report("line \(lineNumber) of stdin is longer than \(NumberLiteral.maximumLength) bytes")
            case .line(let bytes):
                if fastPath, let r = ShortDecimalRounding.rounded(bytes, to: format, mode: mode, using: &generator) {
                    let input = keepsInput ? String(decoding: bytes, as: UTF8.self) : ""
                    writer.write(flips?.applied(to: r, format: format, using: &generator) ?? r, input: input, &out)
                    return
                }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                do {
                    let literal = try parseLiteral(utf8: bytes)
                    if let a = pendingAnnouncement { printToStandardError(a); pendingAnnouncement = nil }
                    let input = keepsInput ? String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces) : ""
                    writer.write(result(literal), input: input, &out)
                } catch {
                    failure = CLIError.report("line \(lineNumber) of stdin: \(error)")
                }
            }
        }) {
            if failure != nil { break }
        }
        if failure == nil { writer.end(&out) }
        out.flush()
        if let failure { throw failure }
    }
}

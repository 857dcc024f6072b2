import ArgumentParser
import Chop
import Foundation

/// `chop calc`: evaluate an expression with every operation rounded to a format.
struct CalcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calc",
        abstract: "Evaluate an expression with every operation rounded to an emulated format.",
        discussion: """
            Numbers (decimal or hex, any number of digits, each rounded once from its exact value; \
            a minus sign before a number is part of it, so -0.1 is rounded as one value), + - * / ^, parentheses, the constants pi and e, sqrt(x), fma(a,b,c) \
            (a*b+c rounded once), exp log log2 log10 log1p expm1 exp2 exp10 sin cos tan asin acos \
            atan sinh cosh tanh asinh acosh atanh erf erfc gamma lgamma abs, pow(x,y), hypot(x,y), \
            atan2(y,x), min(x,y), max(x,y). Every literal is rounded into the format once, every \
            + - * / sqrt fma is the exact result rounded once, and elementary functions are computed \
            in binary64 and rounded once. Any nesting depth is evaluated (no recursion). Stochastic \
            modes without --seed use a random seed, printed to stderr as `chop: seed <n>`. --trace prints each literal and operation with its exact \
            value and its rounding error.

            Examples:
              chop calc --format bf16 '1/3 + 1/3 + 1/3'
              chop calc --format fp16 --mode toward-zero --trace 'sqrt(2)*sqrt(2) - 2'
              chop calc --format e4m3fn --mode stochastic --seed 7 'fma(3, 5, 0.25)'
            """
    )

    @OptionGroup var emulation: EmulationOptions

    @Flag(name: .long, help: "Print every intermediate result with its rounding error.")
    var trace = false

    @OptionGroup var outputOption: OutputOption

    @Argument(help: "The expression (quote it; put it after `--` when it starts with '-').")
    var expression: String

    mutating func validate() throws {
        _ = try parsedExpression()
    }

    func parsedExpression() throws -> EmulatedExpression {
        try validating {
            do { return try EmulatedExpression(parsing: expression) } catch let error as ExpressionError {
                throw CLIError("malformed expression '\(shortened(expression))': \(error)")
            }
        }
    }

    func run() throws {
        let (format, mode, seedValue, announcement) = try validating { try emulation.resolveQuietly() }
        let parsed = try parsedExpression()
        if let announcement { printToStandardError(announcement) }
        var generator = Xoshiro256StarStar(seed: seedValue)
        var lines: [String] = []
        var steps = ResultTable(columns: ["operation", "result", "exact", "error", "error_ulps"])
        let result = parsed.evaluate(format: format, mode: mode, using: &generator, trace: trace ? { step in
            if step.error == 0 && Double(step.operation) != nil { return }   // exact literals
            let ulp = format.ulpNear(step.result)
            let inUlps = ulp > 0 && step.error.isFinite ? String(format: " (%.3g ulp)", step.error / ulp) : ""
            lines.append("\(step.operation) → \(step.result)    exact \(step.exact)    error \(step.error)\(inUlps)")
            steps.append([.text(step.operation), .number(step.result), .text("\(step.exact)"), .number(step.error),
                          ulp > 0 && step.error.isFinite ? .number(step.error / ulp) : .missing])
        } : nil)
        switch outputOption.output {
        case .table:
            for line in lines { print(line) }
            print(formatted(result, style: .decimal, format: format))
        case .csv where trace:
            steps.append([.text(expression), .number(result), .missing, .missing, .missing])
            print(steps.rendered(.csv), terminator: "")
        case .csv:
            var table = ResultTable(columns: ["expression", "result"])
            table.append([.text(expression), .number(result)])
            print(table.rendered(.csv), terminator: "")
        case .json:
            let steps = trace ? ", \"steps\": " + jsonArray(steps.rows.map(steps.jsonObject)) : ""
            print("{\"expression\": \(jsonString(expression)), \"format\": \(jsonString(format.name)), "
                  + "\"result\": \(ResultCell.number(result).json)\(steps)}")
        }
    }
}

/// `text`, or its first 40 characters and its length when it is longer than 64.
func shortened(_ text: String) -> String {
    text.count > 64 ? String(text.prefix(40)) + "… (\(text.count) characters)" : text
}

extension FloatFormat {
    /// The gap between consecutive values of the format near `x` (its quantum).
    func ulpNear(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        let m = x.magnitude
        let e = m == 0 ? emin : max(Int(m.exponent), emin)
        return Double(sign: .plus, exponent: (subnormals || m >= minNormal) ? e - significandBits : emin, significand: 1)
    }
}

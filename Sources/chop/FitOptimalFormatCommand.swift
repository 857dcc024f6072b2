import ArgumentParser
import ScalingLaws

/// `chop fit optimal-format`: the best exponent/mantissa split per total bit width.
struct FitOptimalFormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal-format",
        abstract: "Best exponent/mantissa split of each total bit width under the fp-quant law (sign bit counted)."
    )

    @Option(help: "Total bit widths: a range like 3...16 or a list like 4,8.") var bits: String = "3...16"
    @Option(help: "Constants JSON (from `chop fit --law fp-quant --json`); default: Sun et al. 2025.") var constants: String?
    @OptionGroup var outputOption: OutputOption
    var json: Bool { outputOption.output == .json }

    func run() throws {
        try runFitReportingErrors {
            let law = try FloatingPointQuantizationLaw(
                constants: try loadConstants(for: .fpQuant, path: constants, published: nil))
            let widths = try parseBitList(bits)
            var rows: [[String: Any]] = []
            var lines = ["bits  format   E* (continuous)  M* (continuous)"]
            var table = ResultTable(columns: ["bits", "format", "exponent_bits", "mantissa_bits",
                                              "continuous_exponent_bits", "continuous_mantissa_bits"])
            for p in widths {
                let (e, m) = try law.optimalFormat(totalBits: p)
                let c = law.continuousSplit(totalBits: p)
                table.append([.integer(p), .text("E\(e)M\(m)"), .integer(e), .integer(m), .number(c.exponentBits),
                              .number(c.mantissaBits)])
                rows.append(["bits": p, "format": "E\(e)M\(m)", "exponentBits": e, "mantissaBits": m,
                             "continuousExponentBits": c.exponentBits, "continuousMantissaBits": c.mantissaBits])
                lines.append("\(String(p).padding(toLength: 4, withPad: " ", startingAt: 0))  \("E\(e)M\(m)".padding(toLength: 7, withPad: " ", startingAt: 0))  \(fmt(c.exponentBits, 4).padding(toLength: 15, withPad: " ", startingAt: 0))  \(fmt(c.mantissaBits, 4))")
            }
            switch outputOption.output {
            case .json: try printJSON(["formats": rows, "constants": law.constants])
            case .csv: print(table.rendered(.csv), terminator: "")
            case .table: print(lines.joined(separator: "\n"))
            }
        }
    }
}

import ArgumentParser
import ScalingLaws

/// `chop fit critical-data`: the data size beyond which more tokens raise the loss.
struct FitCriticalDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "critical-data",
        abstract: "Critical data size (tokens) of the fp-quant law: beyond it more data hurts at this precision."
    )

    @Option(help: "Model parameters N.") var params: Double
    @Option(help: "Scaling block size B (> 1; channel-wise: 2^13.1567).") var blockSize: Double
    @Option(help: "Exponent bits E.") var exponentBits: Double
    @Option(help: "Mantissa bits M.") var mantissaBits: Double
    @Option(help: "Constants JSON (from `chop fit --law fp-quant --json`); default: Sun et al. 2025.") var constants: String?
    @OptionGroup var outputOption: OutputOption
    var json: Bool { outputOption.output == .json }

    func run() throws {
        try runFitReportingErrors {
            guard params > 0, params.isFinite else { throw FitInputError("bad --params \(params): must be positive") }
            guard blockSize > 1, blockSize.isFinite else { throw FitInputError("bad --block-size \(blockSize): must be greater than 1") }
            guard exponentBits >= 0, exponentBits.isFinite else { throw FitInputError("bad --exponent-bits \(exponentBits): must be >= 0") }
            guard mantissaBits >= 0, mantissaBits.isFinite else { throw FitInputError("bad --mantissa-bits \(mantissaBits): must be >= 0") }
            let law = try FloatingPointQuantizationLaw(
                constants: try loadConstants(for: .fpQuant, path: constants, published: nil))
            let d = law.criticalDataSize(parameters: params, exponentBits: exponentBits, mantissaBits: mantissaBits,
                                         blockSize: blockSize)
            if outputOption.output == .csv {
                var table = ResultTable(columns: ["params", "block_size", "exponent_bits", "mantissa_bits", "critical_tokens"])
                table.append([.number(params), .number(blockSize), .number(exponentBits), .number(mantissaBits), .number(d)])
                print(table.rendered(.csv), terminator: "")
            } else if json {
                try printJSON(["criticalTokens": d, "params": params, "blockSize": blockSize,
                               "exponentBits": exponentBits, "mantissaBits": mantissaBits])
            } else {
                print("\(fmt(d, 6)) tokens (\(tokensPhrase(d))) for N = \(fmt(params)), E\(fmt(exponentBits))M\(fmt(mantissaBits)), block size \(fmt(blockSize))")
            }
        }
    }
}

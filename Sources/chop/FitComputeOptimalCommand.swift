import ArgumentParser
import ScalingLaws

/// `chop fit compute-optimal`: the precision that minimises the loss for a compute budget.
struct FitComputeOptimalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute-optimal",
        abstract: "Compute-optimal precision under the fp-quant law (cost = 6·N·D·P/16 FLOPs).",
        discussion: "The published constants imply few tokens per parameter at large budgets: treat answers far from the paper's runs as extrapolations."
    )

    @Option(help: "Compute budget C in 16-bit FLOPs (cost of one run: 6·N·D·P/16).") var compute: Double
    @Option(help: "Scaling block size B (> 1).") var blockSize: Double = 128
    @Option(help: "Total bit widths to consider.") var bits: String = "3...16"
    @Option(help: "Constants JSON; default: Sun et al. 2025.") var constants: String?
    @OptionGroup var outputOption: OutputOption
    var json: Bool { outputOption.output == .json }

    func run() throws {
        try runFitReportingErrors {
            guard compute > 0, compute.isFinite else { throw FitInputError("bad --compute \(compute): must be positive") }
            guard blockSize > 1, blockSize.isFinite else { throw FitInputError("bad --block-size \(blockSize): must be greater than 1") }
            let law = try FloatingPointQuantizationLaw(
                constants: try loadConstants(for: .fpQuant, path: constants, published: nil))
            let rows = try law.computeOptimal(compute: compute, blockSize: blockSize, bits: try parseBitList(bits))
            let best = rows.min { $0.loss < $1.loss }!
            let note = "extrapolation: the published constants imply few tokens per parameter at large budgets; answers far outside the runs the law was fitted on are extrapolations"
            if outputOption.output == .csv {
                var table = ResultTable(columns: ["bits", "format", "params", "tokens", "tokens_per_param", "loss", "best"])
                for r in rows {
                    table.append([.integer(r.totalBits), .text("E\(r.exponentBits)M\(r.mantissaBits)"), .number(r.parameters),
                                  .number(r.tokens), .number(r.tokens / r.parameters), .number(r.loss),
                                  .flag(r.totalBits == best.totalBits)])
                }
                print(table.rendered(.csv), terminator: "")
            } else if json {
                try printJSON([
                    "compute": compute, "blockSize": blockSize, "note": note,
                    "best": ["bits": best.totalBits, "format": "E\(best.exponentBits)M\(best.mantissaBits)",
                             "params": best.parameters, "tokens": best.tokens, "loss": best.loss],
                    "rows": rows.map { ["bits": $0.totalBits, "format": "E\($0.exponentBits)M\($0.mantissaBits)",
                                        "params": $0.parameters, "tokens": $0.tokens, "loss": $0.loss] as [String: Any] },
                ])
            } else {
                print("bits  format  params N      tokens D      tokens/param  loss")
                for r in rows {
                    print("\(String(r.totalBits).padding(toLength: 4, withPad: " ", startingAt: 0))  \("E\(r.exponentBits)M\(r.mantissaBits)".padding(toLength: 6, withPad: " ", startingAt: 0))  \(fmt(r.parameters, 4).padding(toLength: 12, withPad: " ", startingAt: 0))  \(fmt(r.tokens, 4).padding(toLength: 12, withPad: " ", startingAt: 0))  \(fmt(r.tokens / r.parameters, 4).padding(toLength: 12, withPad: " ", startingAt: 0))  \(fmt(r.loss, 6))")
                }
                print("compute-optimal: \(best.totalBits) bits (E\(best.exponentBits)M\(best.mantissaBits)), N = \(fmt(best.parameters, 4)), D = \(fmt(best.tokens, 4))")
                print("note: \(note)")
            }
        }
    }
}

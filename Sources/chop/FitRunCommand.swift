import ArgumentParser
import Foundation
import ScalingLaws

/// `chop fit run` (the default): fit a law to a CSV of runs.
struct FitRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fit a law to runs in a CSV file (Huber loss on log residuals, bounded L-BFGS, multi-start).",
        discussion: """
        The CSV has a header. Columns: chinchilla N,D,loss; fp-quant N,D,E,M,B,loss; qat N,D,G,loss; \
        qat-error N,D,G,error; precision N,D,P,loss; precision-full N,D,Pw,Pa,Pkv,loss; \
        precision-ptq N,D,Ppost,degradation. Other columns are ignored.
        """
    )

    @Option(help: "The law: \(ScalingLawNames.all).") var law: String
    @Option(help: "CSV file of runs.") var data: String
    @Option(help: "Bootstrap replicates for confidence intervals (0: none).") var bootstrap: Int = 0
    @OptionGroup var outputOption: OutputOption
    var json: Bool { outputOption.output == .json }
    /// `--seed`: start sampling (when the grid is larger than --max-starts) and the bootstrap.
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var progressOption: ProgressOption
    @Option(help: "Most grid starts (a larger grid is sampled).") var maxStarts: Int = 512
    @Option(help: "Worker threads (default: all cores; results do not depend on it).") var threads: Int?
    @Option(help: "Objective: 'sum' of Huber losses, their 'mean' (original Chinchilla fit), or 'likelihood': the Huber negative log-likelihood with a fitted scale (the estimator behind Besiroglu et al.'s published constants).")
    var reduction: String = "sum"
    @Option(help: "Huber threshold on log residuals.") var huberDelta: Double = 1e-3
    @Option(help: "Drop the k rows with the highest response before fitting (the Chinchilla replication drops 5).")
    var dropHighest: Int = 0
    @Flag(help: "Stop with SciPy's default L-BFGS-B tolerances (gtol 1e-5, ftol 2.2e-9) instead of tight ones.")
    var scipyTolerances = false

    func run() throws {
        try runFitReportingErrors {
            let law = try ScalingLaw.named(self.law)
            guard bootstrap >= 0, bootstrap <= 100_000 else { throw FitInputError("bad --bootstrap \(bootstrap): use 0...100000") }
            guard maxStarts >= 1 else { throw FitInputError("bad --max-starts \(maxStarts): use at least 1") }
            guard huberDelta > 0, huberDelta.isFinite else { throw FitInputError("bad --huber-delta \(huberDelta): must be positive") }
            guard dropHighest >= 0 else { throw FitInputError("bad --drop-highest \(dropHighest): must be >= 0") }
            if let threads, threads < 1 { throw FitInputError("bad --threads \(threads): use at least 1") }
            guard let reduction = HuberObjective.Reduction(rawValue: reduction) else {
                throw FitInputError("bad --reduction '\(self.reduction)': use sum, mean or likelihood")
            }
            var dataset: ScalingDataset
            do {
                dataset = try ScalingDataset(csv: try readInputText(data, option: "--data"), law: law)
            } catch let error as ScalingLawError {
                throw FitInputError("--data file '\(data)': \(error)")
            }
            let grid = law.parameters.reduce(1.0) { $0 * Double($1.grid.count) }
            let seed = try seedOption.resolve(usesRandomness: bootstrap > 0 || grid > Double(maxStarts))
            if dropHighest > 0 {
                let keep = dataset.response.indices.sorted { dataset.response[$0] < dataset.response[$1] }
                    .dropLast(dropHighest).sorted()
                dataset = try ScalingDataset(law: law, rows: keep.map { dataset.rows[$0] },
                                             response: keep.map { dataset.response[$0] })
            }
            var options = FitOptions(maxStarts: maxStarts, seed: seed, huberDelta: huberDelta,
                                     reduction: reduction, bootstrap: bootstrap)
            if let threads { options.threads = threads }
            let progress = progressOption.reporter("chop fit run")
            let tasks = Double(min(Int(min(grid, 1e9)), maxStarts) + bootstrap)
            options.onTaskFinished = { progress.advance(of: tasks) }
            defer { progress.finish() }
            if scipyTolerances { options.optimizer = .scipyDefaults }
            let fit = try ScalingLawFitter.fit(law, to: dataset, options: options)
            switch outputOption.output {
            case .json: try printJSON(Self.jsonObject(fit, rows: dataset.count, reduction: reduction, delta: huberDelta))
            case .csv: print(Self.table(fit).rendered(.csv), terminator: "")
            case .table: print(Self.text(fit, rows: dataset.count))
            }
        }
    }

    static func jsonObject(_ fit: FitResult, rows: Int, reduction: HuberObjective.Reduction, delta: Double) -> [String: Any] {
        var object: [String: Any] = [
            "law": fit.law.name,
            "formula": fit.law.formula,
            "rows": rows,
            "constants": fit.constants,
            "objective": fit.objective,
            "reduction": reduction.rawValue,
            "huberDelta": delta,
            "residuals": ["rms": fit.rmsResidual, "maxAbs": fit.maxAbsResidual, "values": fit.residuals],
            "starts": fit.starts,
            "startsAtBest": fit.startsAtBest,
            "stop": fit.stop.rawValue,
            "scale": fit.scale.map { $0 as Any } ?? NSNull(),
            "parametersAtBounds": fit.parametersAtBounds,
        ]
        if let b = fit.bootstrap {
            object["bootstrap"] = [
                "replicates": b.replicates,
                "confidence": b.confidence,
                "standardErrors": b.standardErrors,
                "intervals": b.intervals.mapValues { [$0.lower, $0.upper] },
                "samples": b.samples,
            ] as [String: Any]
        }
        return object
    }

    /// The fitted constants, one row each (with bootstrap standard errors and intervals).
    static func table(_ fit: FitResult) -> ResultTable {
        var table = ResultTable(columns: ["constant", "value"] + (fit.bootstrap == nil ? [] : ["std_error", "lower", "upper"]))
        for (p, v) in zip(fit.law.parameters, fit.values) {
            if let b = fit.bootstrap {
                let ci = b.intervals[p.name]!
                table.append([.text(p.name), .number(v), .number(b.standardErrors[p.name]!), .number(ci.lower), .number(ci.upper)])
            } else {
                table.append([.text(p.name), .number(v)])
            }
        }
        return table
    }

    static func text(_ fit: FitResult, rows: Int) -> String {
        var lines = ["law \(fit.law.name): \(fit.law.summary)",
                     "rows \(rows), starts \(fit.starts) (\(fit.startsAtBest) reached the best objective), stop: \(fit.stop.rawValue)",
                     "objective (\(fit.reduction.rawValue)) \(fmt(fit.objective, 10))\(fit.scale.map { ", fitted scale s \(fmt($0, 6))" } ?? ""), log-residual rms \(fmt(fit.rmsResidual, 4)), max |r| \(fmt(fit.maxAbsResidual, 4))"]
        if let b = fit.bootstrap {
            let pct = Int((b.confidence * 100).rounded())
            lines.append("constant          value          std.err        \(pct)% interval (\(b.replicates) bootstrap replicates)")
            for (p, v) in zip(fit.law.parameters, fit.values) {
                let ci = b.intervals[p.name]!
                lines.append("\(p.name.padding(toLength: 14, withPad: " ", startingAt: 0))  \(fmt(v, 8).padding(toLength: 13, withPad: " ", startingAt: 0))  \(fmt(b.standardErrors[p.name]!, 4).padding(toLength: 13, withPad: " ", startingAt: 0))  [\(fmt(ci.lower, 6)), \(fmt(ci.upper, 6))]")
            }
        } else {
            lines.append("constant          value")
            for (p, v) in zip(fit.law.parameters, fit.values) {
                lines.append("\(p.name.padding(toLength: 14, withPad: " ", startingAt: 0))  \(fmt(v, 8))")
            }
        }
        if !fit.parametersAtBounds.isEmpty {
            lines.append("note: at a bound: \(fit.parametersAtBounds.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

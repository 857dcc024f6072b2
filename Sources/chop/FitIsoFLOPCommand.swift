import ArgumentParser
import Foundation
import ScalingLaws

/// `chop fit isoflop`: Hoffmann et al.'s approach 2 (IsoFLOP profiles).
struct FitIsoFLOPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isoflop",
        abstract: "Compute-optimal allocation by IsoFLOP profiles (Hoffmann et al. 2022, approach 2): N_opt ∝ C^a, D_opt ∝ C^b.",
        discussion: """
        The CSV has columns N, D, loss (C = 6·N·D), or N, C, loss. Each run joins the nearest budget in log C; \
        each budget with 3 or more runs gets a parabola of loss in ln N, whose minimum is N_opt(C). \
        Hoffmann et al. report a = 0.49 (0.462, 0.534), b = 0.51 (0.483, 0.529).
        """
    )

    @Option(help: "CSV file of runs (N, D, loss or N, C, loss).") var data: String
    @Option(help: "IsoFLOP budgets in FLOPs, comma-separated (default: Hoffmann et al.'s nine, 6e18 ... 3e21).")
    var budgets: String?
    @Option(help: "Bootstrap replicates for intervals of a and b (0: none).") var bootstrap: Int = 0
    /// `--seed`: the bootstrap.
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var outputOption: OutputOption
    var json: Bool { outputOption.output == .json }

    func run() throws {
        try runFitReportingErrors {
            guard (0...100_000).contains(bootstrap) else { throw FitInputError("bad --bootstrap \(bootstrap): use 0...100000") }
            var budgetList = IsoFLOPAnalysis.chinchillaBudgets
            if let b = budgets {
                budgetList = try commaSeparatedItems(b, option: "--budgets").map { t in
                    guard let v = Double(t), v > 0, v.isFinite else { throw FitInputError("bad --budgets value '\(t)': use positive numbers") }
                    return v
                }
                guard budgetList.count >= 2, budgetList.count <= 1000 else { throw FitInputError("bad --budgets '\(b)': give 2...1000 budgets") }
            }
            let (n, d, loss) = try Self.readRuns(try readInputText(data, option: "--data"), path: data)
            let seed = try seedOption.resolve(usesRandomness: bootstrap > 0)
            let r = try IsoFLOPAnalysis.fit(parameters: n, tokens: d, loss: loss, budgets: budgetList, bootstrap: bootstrap, seed: seed)
            if outputOption.output == .csv {
                var table = ResultTable(columns: ["budget", "runs", "n_opt", "d_opt", "loss", "inside"])
                for p in r.profiles {
                    table.append([.number(p.budget), .integer(p.runs), .number(p.optimalParameters), .number(p.optimalTokens),
                                  .number(p.optimalLoss), .flag(p.inside)])
                }
                print(table.rendered(.csv), terminator: "")
            } else if json {
                var object: [String: Any] = [
                    "a": r.exponentN, "b": r.exponentD, "kN": r.coefficientN, "kD": r.coefficientD,
                    "paper": ["a": 0.49, "aInterval": [0.462, 0.534], "b": 0.51, "bInterval": [0.483, 0.529],
                              "source": "Hoffmann et al. 2022, arXiv 2203.15556, Table 2 (approach 2)"] as [String: Any],
                    "profiles": r.profiles.map { p in
                        ["budget": p.budget, "runs": p.runs, "Nopt": p.optimalParameters, "Dopt": p.optimalTokens,
                         "loss": p.optimalLoss, "inside": p.inside, "c0": p.coefficients.c0, "c1": p.coefficients.c1,
                         "c2": p.coefficients.c2] as [String: Any]
                    },
                ]
                if let i = r.intervalN, let j = r.intervalD {
                    object["aInterval"] = [i.lower, i.upper]
                    object["bInterval"] = [j.lower, j.upper]
                    object["bootstrap"] = r.bootstrapReplicates
                }
                try printJSON(object)
            } else {
                print("budget C     runs  N_opt         D_opt         loss at N_opt  N_opt inside runs")
                for p in r.profiles {
                    print([fmt(p.budget, 3), String(p.runs), fmt(p.optimalParameters, 5), fmt(p.optimalTokens, 5),
                           fmt(p.optimalLoss, 5), p.inside ? "yes" : "no (extrapolated)"]
                        .enumerated().map { $1.padding(toLength: [11, 4, 12, 12, 13, 4][$0], withPad: " ", startingAt: 0) }
                        .joined(separator: "  "))
                }
                var line = "N_opt = \(fmt(r.coefficientN, 4)) C^\(fmt(r.exponentN, 4)), D_opt = \(fmt(r.coefficientD, 4)) C^\(fmt(r.exponentD, 4))"
                if let i = r.intervalN, let j = r.intervalD {
                    line += "; 95% bootstrap intervals a [\(fmt(i.lower, 4)), \(fmt(i.upper, 4))], b [\(fmt(j.lower, 4)), \(fmt(j.upper, 4))] (\(r.bootstrapReplicates) replicates)"
                }
                print(line)
                print("Hoffmann et al. 2022 (Table 2, approach 2): a = 0.49 (0.462, 0.534), b = 0.51 (0.483, 0.529)")
            }
        }
    }

    /// N, D (or C) and loss columns of a CSV with a header.
    static func readRuns(_ text: String, path: String) throws -> ([Double], [Double], [Double]) {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { throw FitInputError("data file '\(path)' is empty") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let iN = header.firstIndex(of: "N"), let iL = header.firstIndex(of: "loss") else {
            throw FitInputError("data file '\(path)' needs columns N and loss (and D or C); the header has: \(header.joined(separator: ","))")
        }
        let iD = header.firstIndex(of: "D"), iC = header.firstIndex(of: "C")
        guard iD != nil || iC != nil else { throw FitInputError("data file '\(path)' needs a column D or C; the header has: \(header.joined(separator: ","))") }
        guard lines.count <= 10_000_000 else { throw FitInputError("data file '\(path)' has more than 10000000 rows") }
        var n: [Double] = [], d: [Double] = [], loss: [Double] = []
        for (k, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func value(_ i: Int) throws -> Double {
                guard i < cells.count, let v = Double(cells[i]), v.isFinite else {
                    throw FitInputError("data file '\(path)' line \(k + 2): bad value '\(i < cells.count ? cells[i] : "")' in column \(header[i])")
                }
                return v
            }
            let nv = try value(iN)
            n.append(nv)
            d.append(try iD.map { try value($0) } ?? (try value(iC!) / (6 * nv)))
            loss.append(try value(iL))
        }
        return (n, d, loss)
    }
}

import ArgumentParser
import Chop
import Foundation
import MatrixUnits

/// `chop study accumulation`: dot-product error of matrix units versus K.
struct StudyAccumulationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accumulation",
        abstract: "Dot-product error of tensor-core / matrix-core units versus K, against the exact value.",
        discussion: """
            For each unit, length K and vector kind, draws --trials pairs of vectors in the unit's input formats, computes the dot product as the unit does (block FMAs chained along K) and as recursive summation with every product and addition rounded to nearest in the unit's accumulator format, and reports the mean and maximum relative error against the exact dot product, and the mean ratio computed/exact (below 1: lost mass, stagnation).

            Vector kinds: uniform (a, b in [0,1)), normal, constant (1·0.1, K times), adversarial (1, then K−1 products of about an ulp of 1).

            Examples:
              chop study accumulation --unit v100-fp16,h100-fp16,h100-fp8-e4m3 \\
                --k 16,256,4096,65536 --output csv
            """)

    @Option(name: .long, help: "Comma-separated units (presets, see chop gemm --list-units).")
    var unit = "v100-fp16,a100-fp16,h100-fp16,h100-fp8-e4m3,deepgemm-h100-fp8-e4m3,mi300x-fp16"

    @Option(name: .long, help: "Comma-separated dot-product lengths K (1e4 style accepted; at most 2^24).")
    var k = "16,256,4096,65536"

    @Option(name: .long, help: "Comma-separated vector kinds: uniform, normal, constant, adversarial.")
    var vectors = "uniform,normal,constant,adversarial"

    @Option(name: .long, help: "Trials per (unit, K, vectors), 1...10000.")
    var trials = 8

    @OptionGroup var seedOption: SeedOption

    @OptionGroup var outputOption: OutputOption

    @OptionGroup var progressOption: ProgressOption

    func run() throws {
        let (study, announcement) = try validating { () throws -> (AccumulationStudy, String?) in
            let units = try StudyParsing.list(unit, what: "--unit").map { name -> MatrixUnitModel in
                do { return try MatrixUnitModel(unit: name) } catch { throw CLIError("--unit '\(name)': \(error)") }
            }
            let lengths = try StudyParsing.sizes(k, what: "--k")
            let kinds = try StudyParsing.list(vectors, what: "--vectors").map { name -> AccumulationVectors in
                guard let v = AccumulationVectors(rawValue: name.lowercased()) else {
                    throw CLIError("unknown --vectors kind '\(name)' (expected uniform, normal, constant, adversarial)")
                }
                return v
            }
            if let bad = lengths.first(where: { $0 > AccumulationStudy.maximumLength }) {
                throw CLIError("invalid --k value '\(bad)' (at most \(AccumulationStudy.maximumLength))")
            }
            guard (1...10_000).contains(trials) else { throw CLIError("invalid --trials value '\(trials)' (expected 1...10000)") }
            let work = Double(units.count * kinds.count * trials) * Double(lengths.reduce(0, +))
            guard work <= 4e10 else { throw CLIError("the study would take \(work) multiply-accumulates, more than 4e10") }
            let (seed, announcement) = try seedOption.resolveQuietly()
            return (try AccumulationStudy(units: units, lengths: lengths, vectors: kinds, trials: trials, seed: seed),
                    announcement)
        }
        if let announcement { printToStandardError(announcement) }
        let bar = progressOption.reporter("chop study accumulation")
        let rows = try study.run(progress: bar.update)
        bar.finish()
        print(Self.render(rows, style: outputOption.output), terminator: "")
    }

    static let headers = ["unit", "vectors", "k", "trials", "accumulator", "unit_mean_rel_error", "unit_max_rel_error",
                          "recursive_mean_rel_error", "recursive_max_rel_error", "unit_mean_ratio", "recursive_mean_ratio"]

    static func cells(_ r: AccumulationRow) -> [String] {
        func g(_ x: Double) -> String { x == 0 ? "0" : String(format: "%.4g", x) }
        return [r.unit, r.vectors.rawValue, String(r.k), String(r.trials), r.accumulator,
                g(r.unitMeanRelativeError), g(r.unitMaxRelativeError), g(r.recursiveMeanRelativeError),
                g(r.recursiveMaxRelativeError), String(format: "%.6f", r.unitMeanRatio), String(format: "%.6f", r.recursiveMeanRatio)]
    }

    static func render(_ rows: [AccumulationRow], style: OutputStyle) -> String {
        switch style {
        case .csv:
            return ([headers.joined(separator: ",")] + rows.map { cells($0).joined(separator: ",") }).joined(separator: "\n") + "\n"
        case .json:
            let items = rows.map { r -> String in
                let c = cells(r)
                let fields = zip(headers, c).enumerated().map { i, hc in
                    (i < 2 || i == 4) ? "\"\(hc.0)\": \"\(hc.1)\"" : "\"\(hc.0)\": \(Double(hc.1)?.isFinite == true ? hc.1 : "\"\(hc.1)\"")"
                }
                return "  {" + fields.joined(separator: ", ") + "}"
            }
            return "[\n" + items.joined(separator: ",\n") + "\n]\n"
        case .table:
            var t = TablePrinter(headers: headers, rightAligned: Set(2..<headers.count).subtracting([4]))
            for r in rows { t.append(cells(r)) }
            return t.render() + "\n"
        }
    }
}

import ArgumentParser
import Chop
import ClimateStress
import Foundation

/// `chop climate`: the climate stress test of Paxton et al. (2022) for the Lorenz '63
/// system, a shallow-water channel over a ridge and a soil column.
struct ClimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "climate",
        abstract: "Test whether a model's climate in low precision (RN or SR) is indistinguishable from binary64.",
        discussion: """
            The climate of each diagnostic is the distribution of its sampled values after spin-up, pooled \
            over an ensemble. W1 is the Wasserstein-1 distance to a binary64 reference ensemble; the \
            threshold is the largest W1 of --null further binary64 ensembles (false-fail rate about \
            1/(null+1)); a precision passes when W1 <= threshold. sbits counts stored significand bits \
            (23 = binary32's significand, 52 = binary64's), with binary64's exponent range.
            """)

    @Argument(help: "Model: lorenz, shallow-water or soil.")
    var model: String

    @Option(help: "Stored significand bits: a range 4...23 and/or a list 4,8,23 (default 4,6,8,10,12,14,16,23; shallow-water 10,12,16,23).")
    var sbits: String?

    @Option(help: "Library formats instead of (or besides) --sbits, e.g. bf16,binary16,e4m3.")
    var formats: String?

    @Option(help: "Rounding modes: rn, sr or any mode name, comma-separated.")
    var modes: String = "rn,sr"

    @Option(help: "Members per ensemble (default: lorenz 50, shallow-water 4, soil 10).")
    var members: Int?

    @Option(help: "Sampled run length: lorenz time units (default 100), shallow-water days (default 60), soil years (default 10).")
    var time: Double?

    @Option(help: "Null binary64 ensembles (the threshold is the largest of their distances).")
    var null: Int = 19

    @Option(help: "Seed for initial conditions and stochastic rounding.")
    var seed: UInt64 = 1

    @Flag(help: "CSV output.") var csv = false
    @Flag(help: "JSON output.") var json = false
    @Flag(help: "Print the mean final state per case (soil: the temperature profile by depth) as CSV instead.")
    var profiles = false

    func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("chop climate: " + message + "\n").utf8))
        return ExitCode(2)
    }

    static func parseSbits(_ text: String) throws -> [Int] {
        var out: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let p = part.trimmingCharacters(in: .whitespaces)
            if let r = p.range(of: "...") ?? p.range(of: "-") {
                guard let lo = Int(p[..<r.lowerBound]), let hi = Int(p[r.upperBound...]), lo <= hi,
                      lo >= 1, hi <= 52 else { throw ClimateError.invalidSignificandBits(p) }
                out += Array(lo...hi)
            } else {
                guard let v = Int(p), (1...52).contains(v) else { throw ClimateError.invalidSignificandBits(p) }
                out.append(v)
            }
        }
        return out
    }

    func run() throws {
        if csv && json { throw fail("choose one of --csv and --json") }
        if let m = members, m < 1 { throw fail("invalid --members '\(m)': expected at least 1") }
        if let t = time, !(t > 0 && t.isFinite) { throw fail("invalid --time '\(t)': expected a positive number") }
        if null < 1 { throw fail("invalid --null '\(null)': expected at least 1") }

        var precisions: [ModelPrecision] = []
        do {
            if let s = sbits { precisions += try Self.parseSbits(s).map { try ModelPrecision.sbits($0) } }
            if let f = formats {
                for name in f.split(separator: ",") {
                    precisions.append(.format(try FloatFormat(named: String(name).trimmingCharacters(in: .whitespaces))))
                }
            }
            if sbits == nil && formats == nil {
                let defaults = model == "shallow-water" ? [10, 12, 16, 23] : [4, 6, 8, 10, 12, 14, 16, 23]
                precisions = try defaults.map { try ModelPrecision.sbits($0) }
            }
        } catch {
            throw fail("\(error)")
        }
        var modeList: [(RoundingMode, String)] = []
        for name in modes.split(separator: ",", omittingEmptySubsequences: false) {
            let n = name.trimmingCharacters(in: .whitespaces)
            do { modeList.append((try RoundingMode(named: n), n)) } catch { throw fail("\(error)") }
        }
        var cases: [(precision: ModelPrecision, mode: RoundingMode, modeName: String)] = []
        for p in precisions { for (m, n) in modeList { cases.append((p, m, n)) } }

        let progress: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let results: [ClimateResult]
        do {
            switch model {
            case "lorenz":
                results = try ClimateTest(model: Lorenz63(time: time ?? 100), members: members ?? 50,
                                          nullEnsembles: null, seed: seed).run(cases: cases, progress: progress)
            case "soil":
                results = try ClimateTest(model: SoilColumn(years: time ?? 10), members: members ?? 10,
                                          nullEnsembles: null, seed: seed).run(cases: cases, progress: progress)
            case "shallow-water":
                results = try ClimateTest(model: ShallowWater(days: time ?? 60), members: members ?? 4,
                                          nullEnsembles: null, seed: seed).run(cases: cases, progress: progress)
            default:
                throw fail("unknown model '\(model)': expected lorenz, shallow-water or soil")
            }
        } catch let e as ClimateError {
            throw fail("\(e)")
        }
        if profiles { printProfiles(results) } else if csv { printCSV(results) } else if json { printJSON(results) } else { printTable(results) }
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return String(format: "%.6g", x)
    }

    static let header = ["model", "sbits", "format", "mode", "diagnostic", "members", "null_ensembles", "time", "interval",
                         "time_unit", "samples", "w1", "threshold", "ratio", "pass", "mean_shift", "periodic_fraction",
                         "diverged", "heat_uptake_ratio"]

    static func row(_ r: ClimateResult) -> [String] {
        [r.model, r.precision.sbits.map(String.init) ?? "", r.precision.floatFormat.name, r.modeName, r.diagnostic,
         "\(r.members)", "\(r.nullEnsembles)", number(r.runLength), number(r.outputInterval), r.timeUnit, "\(r.samples)",
         number(r.w1), number(r.threshold), number(r.ratio), r.pass ? "true" : "false", number(r.meanShift),
         number(r.periodicFraction), "\(r.divergedMembers)", r.heatUptakeRatio.map(number) ?? ""]
    }

    func printCSV(_ results: [ClimateResult]) {
        print(Self.header.joined(separator: ","))
        for r in results { print(Self.row(r).map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: ",")) }
    }

    func printJSON(_ results: [ClimateResult]) {
        let numeric: Set<String> = ["members", "null_ensembles", "time", "interval", "samples", "w1", "threshold", "ratio",
                                    "mean_shift", "periodic_fraction", "diverged", "heat_uptake_ratio", "sbits"]
        var lines: [String] = []
        for r in results {
            let fields = zip(Self.header, Self.row(r)).map { key, value -> String in
                let v: String
                if value.isEmpty { v = "null" }
                else if key == "pass" { v = value }
                else if numeric.contains(key) { v = ["nan", "inf", "-inf"].contains(value) ? "null" : value }
                else { v = "\"\(value)\"" }
                return "\"\(key)\": \(v)"
            }
            lines.append("  {" + fields.joined(separator: ", ") + "}")
        }
        print("[\n" + lines.joined(separator: ",\n") + "\n]")
    }

    func printTable(_ results: [ClimateResult]) {
        guard let first = results.first else { return }
        print("\(first.model): \(first.members) members, \(first.nullEnsembles) null binary64 ensembles (threshold = their largest W1), "
              + "run \(Self.number(first.runLength)) \(first.timeUnit) sampled every \(Self.number(first.outputInterval)) \(first.timeUnit)")
        let pad = { (s: String, n: Int) in s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print(["precision", "mode", "diag", "W1", "threshold", "ratio", "pass", "mean shift", "periodic", "heat"]
            .enumerated().map { pad($1, [12, 18, 12, 12, 12, 10, 6, 12, 9, 6][$0]) }.joined())
        for r in results {
            let cells = [r.precision.description, r.modeName, r.diagnostic, Self.number(r.w1), Self.number(r.threshold),
                         Self.number(r.ratio), r.pass ? "pass" : "FAIL", Self.number(r.meanShift),
                         Self.number(r.periodicFraction), r.heatUptakeRatio.map(Self.number) ?? ""]
            print(cells.enumerated().map { pad($1, [12, 18, 12, 12, 12, 10, 6, 12, 9, 6][$0]) }.joined())
        }
    }

    func printProfiles(_ results: [ClimateResult]) {
        print("model,sbits,format,mode,index,value")
        var seen = Set<String>()
        for r in results {
            let key = "\(r.precision)|\(r.modeName)"
            if !seen.insert(key).inserted { continue }
            for (i, v) in r.meanFinalState.enumerated() {
                print("\(r.model),\(r.precision.sbits.map(String.init) ?? ""),\(r.precision.floatFormat.name),\(r.modeName),\(i),\(Self.number(v))")
            }
        }
    }
}

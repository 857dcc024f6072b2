import ArgumentParser
import Chop
import ClimateStress
import Foundation

/// `chop climate`: the climate stress test of Paxton et al. (2022) for the Lorenz '63
/// system, ShallowWaters.jl's turbulent channel over a ridge, and a soil column.
struct ClimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "climate",
        abstract: "Test whether a model's climate in low precision (RN or SR) is indistinguishable from binary64.",
        discussion: """
            The climate of each diagnostic is the distribution of its sampled values after spin-up, pooled \
            over an ensemble. W1 is the Wasserstein-1 distance to a binary64 reference ensemble. Each test \
            reports a rank p-value of W1 among --null binary64 null ensembles and a permutation p-value \
            (--permutations random subsets of the tested and null members); q-values are Benjamini-Hochberg \
            adjusted over all diagnostics x precisions x modes, and a climate is declared different when \
            q <= --fdr. --seeds N repeats the whole test for N seeds and reports means with standard errors. \
            sbits counts stored significand bits (23 = binary32's significand, 52 = binary64's), with \
            binary64's exponent range.

            Examples:
              chop climate lorenz --sbits 4...12 --modes rn,sr --members 20 --seed 1
              chop climate soil --sbits 8,10,23 --output csv
              chop climate shallow-water --formats bf16 --modes rn,sr --progress
            """)

    @Argument(help: "Model: lorenz, shallow-water or soil.")
    var model: String

    @Option(help: "Stored significand bits: a range 4...23 and/or a list 4,8,23 (default 4,6,8,10,12,14,16,23; shallow-water 10,12).")
    var sbits: String?

    @Option(help: "Library formats instead of (or besides) --sbits, e.g. bf16,binary16,e4m3.")
    var formats: String?

    @Option(help: "Rounding modes: rn, sr or any mode name, comma-separated.")
    var modes = ModeList("rn,sr")

    @Option(help: "Members per ensemble (default: lorenz 50, shallow-water 2, soil 10).")
    var members: Int?

    @Option(help: "Sampled run length: lorenz time units (default 100), shallow-water days (default 2), soil years (default 10).")
    var time: String?

    @Option(help: "Null binary64 ensembles (default: 19; shallow-water 7).")
    var null: Int?

    @Option(help: "Random subsets of the permutation test (0: decide on the rank p-value).")
    var permutations: Int = 999

    @Option(help: "False-discovery-rate level of the Benjamini-Hochberg decision.")
    var fdr: Double = 0.05

    /// `--seed`: initial conditions and stochastic rounding.
    @OptionGroup var seedOption: SeedOption

    @Option(help: "Repeat the test for this many seeds (seed, seed+1, ...) and report means with standard errors.")
    var seeds: Int = 1

    @Option(help: "Shallow water: binary64 days from rest to the turbulent state before the trajectory windows.")
    var baseDays: Double = 200


    @Option(help: "Shallow water: binary64 days that decorrelate each perturbed member.")
    var decorrelationDays: Double = 5

    @Option(help: "Shallow water: standard deviation (m) of each member's initial eta perturbation.")
    var perturbation: Double = 0.01

    @Flag(help: "Shallow water: members are disjoint windows of one binary64 trajectory instead of perturbed states.")
    var windows = false

    @Option(help: "Shallow water: discarded days in the working precision before sampling.")
    var spinUp: Double = 1

    @OptionGroup var outputOption: OutputOption

    @OptionGroup var progressOption: ProgressOption
    @Flag(help: "Print the mean final state per case (soil: the temperature profile by depth) as CSV instead.")
    var profiles = false
    @Flag(help: "Shallow water: print the final fields (u, v, eta) of member 0 of the reference and of each case as CSV instead.")
    var fields = false

    func fail(_ message: String) -> ExitCode { CLIError.report(message) }

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

    /// The most bytes of samples a run may hold: half the machine's memory.
    static var memoryBudget: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

    static func bytes(_ x: Double) -> String {
        x >= 1e12 ? String(format: "%.3g TB", x / 1e12) : x >= 1e9 ? String(format: "%.3g GB", x / 1e9) : String(format: "%.3g MB", x / 1e6)
    }

    func run() throws {
        let outputFormat = outputOption.output
        let firstSeed = try validating { try seedOption.validated() }
        guard ["lorenz", "soil", "shallow-water"].contains(model) else {
            throw fail("unknown model '\(model)': expected lorenz, shallow-water or soil")
        }
        let isShallow = model == "shallow-water"
        let members = self.members ?? (model == "lorenz" ? 50 : isShallow ? 2 : 10)
        let null = self.null ?? (isShallow ? 7 : 19)
        if members < 1 { throw fail("invalid --members '\(members)': expected at least 1") }
        var typedTime: Double?
        if let text = time {
            guard let t = try? parseNumber(text), t > 0, t.isFinite else {
                throw fail("invalid --time '\(shownName(text))': expected a positive number")
            }
            typedTime = t
        }
        if null < 1 { throw fail("invalid --null '\(null)': expected at least 1") }
        guard (0...1_000_000).contains(permutations) else { throw fail("invalid --permutations '\(permutations)': expected 0...1000000") }
        guard fdr > 0 && fdr < 1 else { throw fail("invalid --fdr '\(fdr)': expected a level in (0, 1)") }
        guard (1...1000).contains(seeds) else { throw fail("invalid --seeds '\(seeds)': expected 1...1000") }
        guard perturbation >= 0, perturbation <= 10 else { throw fail("invalid --perturbation '\(perturbation)': expected 0...10 m") }
        for (name, v) in [("--base-days", baseDays), ("--decorrelation-days", decorrelationDays), ("--spin-up", spinUp)] {
            guard v >= 0, v <= 100_000 else { throw fail("invalid \(name) '\(v)': expected 0...100000 days") }
        }

        var precisions: [ModelPrecision] = []
        do {
            if let s = sbits { precisions += try Self.parseSbits(s).map { try ModelPrecision.sbits($0) } }
            if let f = formats {
                for name in try commaSeparatedItems(f, option: "--formats") {
                    precisions.append(.format(try resolveFormat(name)))
                }
            }
            if sbits == nil && formats == nil {
                let defaults = isShallow ? [10, 12] : [4, 6, 8, 10, 12, 14, 16, 23]
                precisions = try defaults.map { try ModelPrecision.sbits($0) }
            }
        } catch {
            throw fail("\(error)")
        }
        var modeList: [(RoundingMode, String)] = []
        for n in try validating({ try commaSeparatedItems(modes.text, option: "--modes") }) {
            do { modeList.append((try RoundingMode(named: n), n)) } catch { throw fail("\(error)") }
        }
        var cases: [(precision: ModelPrecision, mode: RoundingMode, modeName: String)] = []
        for p in precisions { for (m, n) in modeList { cases.append((p, m, n)) } }

        // Bound the run by what the machine can hold: every sample of every member of the
        // reference, null and tested ensembles (8 bytes each; a Lorenz run that looks for
        // cycles keeps every state too).
        let timeValue = typedTime ?? (model == "lorenz" ? 100 : isShallow ? 2 : 10)
        let samplesPerMember: Double
        switch model {
        case "lorenz": samplesPerMember = 3 * timeValue / (0.01 * 5) * 6  // samples + stored states for cycles
        case "soil": samplesPerMember = 60 * timeValue * 365 * 86400 / 1800 / 1460
        default: samplesPerMember = 3 * 100 * 50 * timeValue
        }
        let perEnsemble = samplesPerMember * 8 * Double(members)
        if perEnsemble > Self.memoryBudget {
            let name = members > 1 && samplesPerMember * 8 <= Self.memoryBudget ? "--members" : "--time"
            let value = name == "--members" ? "\(members)" : time ?? Self.number(timeValue)
            throw fail("invalid \(name) '\(value)': one ensemble would hold \(Self.bytes(perEnsemble)) of samples, more than this machine can (\(Self.bytes(Self.memoryBudget)))")
        }
        if perEnsemble * Double(null + 2) > Self.memoryBudget {
            throw fail("invalid --null '\(null)': \(null + 2) ensembles would hold \(Self.bytes(perEnsemble * Double(null + 2))) of samples, more than this machine can (\(Self.bytes(Self.memoryBudget)))")
        }
        // Shallow water: bound the binary64 work too (a day is about 306 steps).
        if isShallow && (baseDays + Double(members * (null + 2)) * (spinUp + timeValue + decorrelationDays) * 2) > 1e7 {
            throw fail("invalid --time '\(time ?? Self.number(timeValue))': the run would integrate more than 1e7 model days")
        }

        // Every input is accepted: announce a random seed, then run.
        let baseSeed = try validating { try seedOption.resolve() }
        _ = firstSeed
        let bar = progressOption.reporter("chop climate \(model)")
        let ensembles = Double(seeds * (1 + null + cases.count))
        var started = 0.0
        // ClimateTest reports the start of each ensemble ("<model>: …").
        let progress: (String) -> Void = { message in
            if message.hasPrefix("shallow-water fields") || !message.contains(": ") { return }
            bar.update(started / ensembles)
            started += 1
        }
        var allRuns: [[ClimateResult]] = []
        defer { bar.finish() }
        do {
            for s in 0..<seeds {
                let seed = baseSeed &+ UInt64(s)
                let results: [ClimateResult]
                switch model {
                case "lorenz":
                    var test = try ClimateTest(model: Lorenz63(time: timeValue), members: members, nullEnsembles: null, seed: seed)
                    test.permutations = permutations; test.fdrLevel = fdr
                    results = test.run(cases: cases, progress: progress)
                case "soil":
                    var test = try ClimateTest(model: SoilColumn(years: timeValue), members: members, nullEnsembles: null, seed: seed)
                    test.permutations = permutations; test.fdrLevel = fdr
                    results = test.run(cases: cases, progress: progress)
                default:
                    var sw = ShallowWater(days: timeValue, spinUp: spinUp, baseSpinUpDays: baseDays,
                                          decorrelationDays: decorrelationDays)
                    sw.windows = windows
                    sw.perturbation = perturbation
                    var test = try ClimateTest(model: sw, members: members, nullEnsembles: null, seed: seed)
                    test.permutations = permutations; test.fdrLevel = fdr
                    if fields {
                        printFields(test, cases: cases, progress: progress)
                        return
                    }
                    results = test.run(cases: cases, progress: progress)
                }
                allRuns.append(results)
            }
        } catch let e as ClimateError {
            throw fail("\(e)")
        }
        if seeds > 1 {
            printSeedSummary(allRuns, format: outputFormat)
            return
        }
        let results = allRuns[0]
        if profiles { printProfiles(results) }
        else if outputFormat == .csv { printCSV(results) }
        else if outputFormat == .json { printJSON(results) }
        else { printTable(results) }
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return String(format: "%.6g", x)
    }

    static let header = ["model", "sbits", "format", "mode", "diagnostic", "members", "null_ensembles", "time", "interval",
                         "time_unit", "samples", "w1", "threshold", "ratio", "pass", "rank_p", "p", "q", "different",
                         "mean_shift", "periodic_fraction", "diverged", "heat_uptake_ratio"]

    static func row(_ r: ClimateResult) -> [String] {
        [r.model, r.precision.sbits.map(String.init) ?? "", r.precision.floatFormat.name, r.modeName, r.diagnostic,
         "\(r.members)", "\(r.nullEnsembles)", number(r.runLength), number(r.outputInterval), r.timeUnit, "\(r.samples)",
         number(r.w1), number(r.threshold), number(r.ratio), r.pass ? "true" : "false", number(r.rankPValue),
         number(r.pValue), number(r.qValue), r.rejected ? "true" : "false", number(r.meanShift),
         number(r.periodicFraction), "\(r.divergedMembers)", r.heatUptakeRatio.map(number) ?? ""]
    }

    func printCSV(_ results: [ClimateResult]) {
        print(Self.header.joined(separator: ","))
        for r in results { print(Self.row(r).map(csvField).joined(separator: ",")) }
    }

    static func jsonLines(header: [String], rows: [[String]], text: Set<String>) -> String {
        var lines: [String] = []
        for row in rows {
            let fields = zip(header, row).map { key, value -> String in
                let v: String
                if value.isEmpty { v = "null" }
                else if value == "true" || value == "false" { v = value }
                else if text.contains(key) { v = "\"\(value)\"" }
                else { v = ["nan", "inf", "-inf"].contains(value) ? "null" : value }
                return "\"\(key)\": \(v)"
            }
            lines.append("  {" + fields.joined(separator: ", ") + "}")
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]"
    }

    func printJSON(_ results: [ClimateResult]) {
        print(Self.jsonLines(header: Self.header, rows: results.map(Self.row),
                             text: ["model", "format", "mode", "diagnostic", "time_unit"]))
    }

    func printTable(_ results: [ClimateResult]) {
        guard let first = results.first else { return }
        print("\(first.model): \(first.members) members, \(first.nullEnsembles) null binary64 ensembles, "
              + "run \(Self.number(first.runLength)) \(first.timeUnit) sampled every \(Self.number(first.outputInterval)) \(first.timeUnit); "
              + "p = \(permutations > 0 ? "permutation test (\(permutations) subsets)" : "rank among the null ensembles"), "
              + "q = Benjamini-Hochberg over \(results.count) tests, different when q <= \(Self.number(fdr))")
        var t = TablePrinter(headers: ["precision", "mode", "diag", "W1", "max null W1", "ratio", "rank p", "p", "q", "climate",
                                      "mean shift", "periodic", "heat"])
        for r in results {
            t.append([r.precision.description, r.modeName, r.diagnostic, Self.number(r.w1), Self.number(r.threshold),
                      Self.number(r.ratio), Self.number(r.rankPValue), Self.number(r.pValue), Self.number(r.qValue),
                      r.rejected ? "DIFFERENT" : "same", Self.number(r.meanShift), Self.number(r.periodicFraction),
                      r.heatUptakeRatio.map(Self.number) ?? ""])
        }
        print(t.render())
    }

    /// Mean and standard error over seeds of W1/threshold and p, and the fraction of
    /// seeds in which the climate was declared different.
    func printSeedSummary(_ runs: [[ClimateResult]], format: OutputStyle) {
        let header = ["model", "precision", "mode", "diagnostic", "seeds", "ratio_mean", "ratio_se", "p_mean", "p_se",
                      "rank_p_mean", "different_fraction", "different_se"]
        var rows: [[String]] = []
        for (i, r) in runs[0].enumerated() {
            let column = runs.map { $0[i] }
            func meanSE(_ x: [Double]) -> (Double, Double) {
                let n = Double(x.count), mean = x.reduce(0, +) / n
                let v = x.count > 1 ? x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
                return (mean, (v / n).squareRoot())
            }
            let ratio = meanSE(column.map(\.ratio)), p = meanSE(column.map(\.pValue)), rank = meanSE(column.map(\.rankPValue))
            let different = meanSE(column.map { $0.rejected ? 1 : 0 })
            rows.append([r.model, r.precision.description, r.modeName, r.diagnostic, "\(runs.count)",
                         Self.number(ratio.0), Self.number(ratio.1), Self.number(p.0), Self.number(p.1), Self.number(rank.0),
                         Self.number(different.0), Self.number(different.1)])
        }
        switch format {
        case .csv:
            print(header.joined(separator: ","))
            for r in rows { print(r.map(csvField).joined(separator: ",")) }
        case .json:
            print(Self.jsonLines(header: header, rows: rows, text: ["model", "precision", "mode", "diagnostic"]))
        case .table:
            var t = TablePrinter(headers: header)
            for r in rows { t.append(r) }
            print(t.render())
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

    /// Final fields of member 0 of the tested ensemble: binary64 and every case.
    func printFields(_ test: ClimateTest<ShallowWater>, cases: [(precision: ModelPrecision, mode: RoundingMode, modeName: String)],
                     progress: (String) -> Void) {
        let sw = test.model
        let state = sw.initialState(seed: test.seed, ensemble: test.nullEnsembles + 1, member: 0)
        var runs: [(String, String, [Double])] = [("binary64", "rn", sw.runBinary64(from: state).finalState)]
        for c in cases {
            progress("shallow-water fields: \(c.precision) \(c.modeName)")
            var a = RoundingContext(format: c.precision.floatFormat, mode: c.mode, seed: test.seed,
                                    stream: UInt64(test.nullEnsembles + 1) << 32)
            runs.append((c.precision.description, c.modeName, sw.runKernel(from: state, arithmetic: &a, detectCycles: false).finalState))
        }
        print("precision,mode,field,i,j,value")
        let nx = sw.nx, ny = sw.ny, nu = nx * ny
        for (p, m, s) in runs {
            for j in 0..<ny { for i in 0..<nx { print("\(p),\(m),u,\(i),\(j),\(Self.number(s[j * nx + i]))") } }
            for j in 1..<ny { for i in 0..<nx { print("\(p),\(m),v,\(i),\(j),\(Self.number(s[nu + (j - 1) * nx + i]))") } }
            for j in 0..<ny { for i in 0..<nx { print("\(p),\(m),eta,\(i),\(j),\(Self.number(s[nu + nx * (ny - 1) + j * nx + i]))") } }
        }
    }
}

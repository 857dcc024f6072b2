import ArgumentParser
import Foundation
import Chop
import LogBessel

/// `chop bessel`: log-space modified Bessel functions and the von Mises–Fisher fit.
struct BesselCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bessel",
        abstract: "log I_v(x), log K_v(x) in binary64 without overflow, and the von Mises-Fisher fit.",
        subcommands: [BesselLogI.self, BesselLogK.self, BesselVMFFit.self, BesselBench.self, BesselStudy.self, BesselVMFSample.self]
    )
}

/// One line on stderr, exit status 2, nothing on stdout.
func besselFail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(2)
}

/// Parses a comma-separated list of finite numbers (the option's name goes in the message).
func parseBesselList(_ text: String, option: String, allowNegative: Bool) throws -> [Double] {
    var out: [Double] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
        let s = item.trimmingCharacters(in: .whitespaces)
        guard let d = Double(s), d.isFinite else { throw besselFail("\(option) value '\(s)' is not a finite number") }
        guard allowNegative || d >= 0 else { throw besselFail("\(option) value '\(s)' must be >= 0") }
        out.append(d)
    }
    return out
}

/// Prints one value, or CSV rows v,x,value when either list has more than one entry.
func printBesselTable(_ vs: [Double], _ xs: [Double], name: String, _ f: (Double, Double) -> Double) {
    if vs.count == 1 && xs.count == 1 {
        print(f(vs[0], xs[0]).description)
        return
    }
    var out = "v,x,\(name)\n"
    for v in vs { for x in xs { out += "\(v),\(x),\(f(v, x))\n" } }
    print(out, terminator: "")
}

struct BesselLogI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logi",
        abstract: "log I_v(x) as the shortest decimal that reads back to the same binary64.")
    @Option(name: .long, help: "Order v >= 0 (comma-separated list allowed).") var order: String
    @Option(name: .customLong("x"), help: "Argument x >= 0 (comma-separated list allowed).") var x: String
    func run() throws {
        let vs = try parseBesselList(order, option: "--order", allowNegative: false)
        let xs = try parseBesselList(x, option: "--x", allowNegative: false)
        printBesselTable(vs, xs, name: "logI") { logBesselI($0, $1) }
    }
}

struct BesselLogK: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logk",
        abstract: "log K_v(x) as the shortest decimal that reads back to the same binary64.")
    @Option(name: .long, help: "Order v (K is even in v; comma-separated list allowed).") var order: String
    @Option(name: .customLong("x"), help: "Argument x >= 0 (comma-separated list allowed).") var x: String
    func run() throws {
        let vs = try parseBesselList(order, option: "--order", allowNegative: true)
        let xs = try parseBesselList(x, option: "--x", allowNegative: false)
        printBesselTable(vs, xs, name: "logK") { logBesselK($0, $1) }
    }
}

struct BesselVMFFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmf-fit",
        abstract: "Maximum-likelihood von Mises-Fisher fit: prints kappa and the log-likelihood.",
        discussion: "FILE holds one unit vector per line, components separated by commas or spaces.")
    @Option(name: .long, help: "Data file (rows are unit vectors).") var data: String
    @Flag(name: .long, help: "Also print the fitted mean direction.") var mean = false
    func run() throws {
        guard let text = try? String(contentsOfFile: data, encoding: .utf8) else {
            throw besselFail("cannot read --data file '\(data)'")
        }
        var rows: [[Double]] = []
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            var row: [Double] = []
            for f in fields {
                guard let d = Double(f) else { throw besselFail("--data line \(i + 1): '\(f)' is not a number") }
                row.append(d)
            }
            rows.append(row)
        }
        let fit: VonMisesFisher.Fit
        do { fit = try VonMisesFisher.fit(rows) } catch let e as VonMisesFisherError {
            throw besselFail("--data '\(data)': \(e.description)")
        }
        print("kappa=\(fit.distribution.kappa)")
        print("log-likelihood=\(fit.logLikelihood)")
        if mean { print("mean=" + fit.distribution.mean.map { $0.description }.joined(separator: ",")) }
    }
}

/// Evaluations per second over the (v, x) points of a CSV file (first two columns).
struct BesselBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time log I and log K over the (v, x) rows of a CSV file (header line skipped).")
    @Option(name: .long, help: "CSV file whose first two columns are v and x.") var points: String
    @Option(name: .long, help: "Repetitions of the whole grid.") var repetitions: Int = 20
    func run() throws {
        guard repetitions >= 1 else { throw besselFail("--repetitions value '\(repetitions)' must be >= 1") }
        guard let text = try? String(contentsOfFile: points, encoding: .utf8) else {
            throw besselFail("cannot read --points file '\(points)'")
        }
        var vs: [Double] = [], xs: [Double] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            guard f.count >= 2, let v = Double(f[0]), let x = Double(f[1]) else {
                throw besselFail("--points line '\(line)' does not start with two numbers")
            }
            vs.append(v); xs.append(x)
        }
        func time(_ f: (Double, Double) -> Double) -> (Double, Double) {
            var sink = 0.0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<repetitions { for i in vs.indices { sink += f(vs[i], xs[i]) } }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            return (Double(repetitions * vs.count) / seconds, sink)
        }
        let (ri, si) = time { logBesselI($0, $1) }
        let (rk, sk) = time { logBesselK($0, $1) }
        print("points=\(vs.count)")
        print("logI_evals_per_second=\(ri)")
        print("logK_evals_per_second=\(rk)")
        if !(si + sk).isFinite { print("warning: non-finite value in the grid") }
    }
}

/// The precision study: the generic log-space code in binary64, binary32, bfloat16 and
/// binary16 (the last two emulated, every operation rounded once by the core kernel)
/// against the naive log of the correctly rounded function value.
struct BesselStudy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Accuracy of log I / log K in binary64, binary32, bfloat16, binary16 vs naive log(I), log(K).")
    @Option(name: .long, help: "CSV file whose first two columns are v and x (header line skipped).") var points: String
    func run() throws {
        guard let text = try? String(contentsOfFile: points, encoding: .utf8) else {
            throw besselFail("cannot read --points file '\(points)'")
        }
        var pts: [(v: Double, x: Double)] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            guard f.count >= 2, let v = Double(f[0]), let x = Double(f[1]) else {
                throw besselFail("--points line '\(line)' does not start with two numbers")
            }
            pts.append((v, x))
        }
        let rows = [
            BesselPrecisionStudy.measure(Double.self, name: "binary64", points: pts),
            BesselPrecisionStudy.measure(Float.self, name: "binary32", points: pts),
            BesselPrecisionStudy.measure(BFloat16.self, name: "bfloat16", points: pts),
            BesselPrecisionStudy.measure(Half.self, name: "binary16", points: pts),
        ]
        print("format,u,points,inputs_out_of_range,function,value_out_of_range,method,max_err_u,median_err_u,non_finite")
        for r in rows {
            for (fn, m, e) in [("logI", "log-space", r.logSpaceI), ("logI", "naive", r.naiveI),
                               ("logK", "log-space", r.logSpaceK), ("logK", "naive", r.naiveK)] {
                let unrep = fn == "logI" ? r.unrepresentableI : r.unrepresentableK
                print("\(r.format),\(r.unitRoundoff),\(r.points),\(r.outOfRange),\(fn),\(unrep),\(m),"
                      + "\(e.maxUlps),\(e.medianUlps),\(e.nonFinite)")
            }
        }
    }
}

/// Samples from a von Mises–Fisher distribution (Wood's algorithm), one vector per line.
struct BesselVMFSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmf-sample",
        abstract: "Draw unit vectors from a von Mises-Fisher distribution with mean e1 (Wood 1994).")
    @Option(name: .long, help: "Dimension p >= 2.") var dimension: Int
    @Option(name: .long, help: "Concentration kappa >= 0.") var kappa: Double
    @Option(name: .long, help: "Number of vectors.") var count: Int
    @Option(name: .long, help: "Seed of the Xoshiro256** generator.") var seed: UInt64 = 1
    func run() throws {
        guard dimension >= 2 else { throw besselFail("--dimension value '\(dimension)' must be >= 2") }
        guard kappa.isFinite && kappa >= 0 else { throw besselFail("--kappa value '\(kappa)' must be finite and >= 0") }
        guard count >= 1 else { throw besselFail("--count value '\(count)' must be >= 1") }
        var mean = [Double](repeating: 0, count: dimension)
        mean[0] = 1
        let sampler = VonMisesFisherSampler(try VonMisesFisher(mean: mean, kappa: kappa))
        var rng = Xoshiro256StarStar(seed: seed)
        var out = ""
        for _ in 0..<count {
            out += sampler.sample(using: &rng).map { $0.description }.joined(separator: ",")
            out += "\n"
            if out.utf8.count > 1 << 20 { print(out, terminator: ""); out = "" }
        }
        print(out, terminator: "")
    }
}

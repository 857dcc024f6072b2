import ArgumentParser
import Foundation
import Chop
import LogBessel

/// `chop bessel`: log-space modified Bessel functions and the von Mises–Fisher fit.
struct BesselCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bessel",
        abstract: "log I_v(x), log K_v(x) in binary64 without overflow, and the von Mises-Fisher fit.",
        discussion: """
            Examples:
              chop bessel logk --order 2.5 --x 1e-300
              chop bessel logi --order 0,1,2 --x 1,10,100 --output table
              chop bessel vmf-sample --dimension 3 --kappa 10 --count 5 --seed 1
            """,
        subcommands: [BesselLogI.self, BesselLogK.self, BesselVMFFit.self, BesselBench.self, BesselStudy.self, BesselVMFSample.self]
    )
}

/// One line on stderr (`chop: error: …`), exit status 2, nothing on stdout.
func besselFail(_ message: String) -> ExitCode {
    CLIError.report(message)
}

/// The most (v, x) points one command evaluates.
let maximumBesselPoints = 10_000_000

/// Parses one number of an option or file: the nearest binary64 of its exact value,
/// which must be finite, and nonzero unless the text is zero (`1e-400` is rejected
/// rather than silently becoming 0).
func parseBesselValue(_ text: String, option: String, allowNegative: Bool) throws -> Double {
    let literal: NumberLiteral
    do { literal = try parseLiteral(text) } catch {
        throw besselFail("\(option) value '\(shortened(text))' is not a number")
    }
    let d = literal.nearestDouble
    guard d.isFinite else { throw besselFail("\(option) value '\(shortened(text))' is not a finite binary64 number") }
    if d == 0 && !literal.isZero {
        throw besselFail("\(option) value '\(shortened(text))' underflows binary64 (its magnitude is below 2.5e-324)")
    }
    guard allowNegative || !(d < 0) else { throw besselFail("\(option) value '\(shortened(text))' must be >= 0") }
    return d
}

/// Parses a comma-separated list of finite numbers (the option's name goes in the message).
func parseBesselList(_ text: String, option: String, allowNegative: Bool) throws -> [Double] {
    var out: [Double] = []
    let items = text.split(separator: ",", omittingEmptySubsequences: false)
    for item in items {
        if item.isEmpty && items.count > 1 { throw besselFail("\(option) list '\(shortened(text))' has an empty value") }
        out.append(try parseBesselValue(String(item), option: items.count > 1 ? "\(option) list '\(shortened(text))':" : option,
                                        allowNegative: allowNegative))
    }
    return out
}

/// The (v, x) points of a file (`-` for stdin): one pair per line, `v,x` or `v x`;
/// blank lines and lines starting with `#` are skipped, and a first line `v,x` is a
/// header.
func readBesselPairs(_ path: String, option: String, allowNegativeOrder: Bool, header: Bool = false) throws -> [(Double, Double)] {
    let text = try readInputText(path, option: option)
    var points: [(Double, Double)] = []
    var first = true
    for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
        defer { first = false }
        let fields = trimmed.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        if first && (header || (fields.count >= 2 && fields[0].lowercased() == "v" && fields[1].lowercased() == "x")) {
            continue
        }
        guard fields.count >= 2, header || fields.count == 2 else {
            throw besselFail("\(option) line \(i + 1) '\(shortened(String(line)))' is not a pair v,x")
        }
        let v = try parseBesselValue(String(fields[0]), option: "\(option) line \(i + 1): v", allowNegative: allowNegativeOrder)
        let x = try parseBesselValue(String(fields[1]), option: "\(option) line \(i + 1): x", allowNegative: false)
        points.append((v, x))
        guard points.count <= maximumBesselPoints else {
            throw besselFail("\(option) '\(path)' has more than \(maximumBesselPoints) points")
        }
    }
    guard !points.isEmpty else { throw besselFail("\(option) '\(path)' has no (v, x) points") }
    return points
}

/// The points of `--order`/`--x` (their Cartesian product) or of `--pairs`.
func besselPoints(order: String?, x: String?, pairs: String?, allowNegativeOrder: Bool) throws -> (points: [(Double, Double)], single: Bool) {
    if let pairs {
        guard order == nil && x == nil else { throw besselFail("give either --pairs '\(pairs)' or --order and --x, not both") }
        return (try readBesselPairs(pairs, option: "--pairs", allowNegativeOrder: allowNegativeOrder), false)
    }
    guard let order else { throw besselFail("missing --order (or --pairs FILE)") }
    guard let x else { throw besselFail("missing --x (or --pairs FILE)") }
    let vs = try parseBesselList(order, option: "--order", allowNegative: allowNegativeOrder)
    let xs = try parseBesselList(x, option: "--x", allowNegative: false)
    guard vs.count * xs.count <= maximumBesselPoints else {
        throw besselFail("--order and --x give \(vs.count) × \(xs.count) points, more than \(maximumBesselPoints)")
    }
    var points: [(Double, Double)] = []
    points.reserveCapacity(vs.count * xs.count)
    for v in vs { for x in xs { points.append((v, x)) } }
    return (points, vs.count == 1 && xs.count == 1)
}

/// `--output` of the bessel commands: without it, their plain form (named in each help).
struct BesselOutputOption: ParsableArguments {
    @Option(name: .long, help: "How to print the results: table, csv or json (default: the plain form above).")
    var output: OutputStyle?
}

/// Prints the values at `points` in `style`; without a style one value for one point,
/// else CSV rows v,x,value.
func printBesselTable(_ points: [(Double, Double)], single: Bool, name: String, style: OutputStyle? = nil,
                      _ f: (Double, Double) -> Double) {
    if style == .table || style == .json {
        var table = ResultTable(columns: ["v", "x", name])
        for (v, x) in points { table.append([.number(v), .number(x), .number(f(v, x))]) }
        print(table.rendered(style!), terminator: "")
        return
    }
    if single && style == nil {
        print(f(points[0].0, points[0].1).description)
        return
    }
    var out = "v,x,\(name)\n"
    for (v, x) in points {
        out += "\(v),\(x),\(f(v, x))\n"
        if out.utf8.count > 1 << 20 { print(out, terminator: ""); out = "" }
    }
    print(out, terminator: "")
}

struct BesselLogI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logi",
        abstract: "log I_v(x) as the shortest decimal that reads back to the same binary64.",
        discussion: """
            The points are --order × --x (comma-separated lists, their Cartesian product), or the \
            (v, x) pairs of --pairs FILE (`-` for stdin), one `v,x` per line. Several points print \
            CSV rows v,x,logI. Numbers are read exactly and rounded to the nearest binary64; a \
            nonzero value that underflows binary64 (1e-400) is rejected.
            """)
    @Option(name: .long, help: "Order v >= 0 (comma-separated list allowed).") var order: String?
    @Option(name: .customLong("x"), help: "Argument x >= 0 (comma-separated list allowed).") var x: String?
    @Option(name: .long, help: "File of (v, x) pairs, one 'v,x' per line ('-': stdin).") var pairs: String?
    @OptionGroup var outputOption: BesselOutputOption
    func run() throws {
        let (points, single) = try besselPoints(order: order, x: x, pairs: pairs, allowNegativeOrder: false)
        printBesselTable(points, single: single, name: "logI", style: outputOption.output) { logBesselI($0, $1) }
    }
}

struct BesselLogK: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logk",
        abstract: "log K_v(x) as the shortest decimal that reads back to the same binary64.",
        discussion: """
            The points are --order × --x (comma-separated lists, their Cartesian product), or the \
            (v, x) pairs of --pairs FILE (`-` for stdin), one `v,x` per line. Several points print \
            CSV rows v,x,logK. Numbers are read exactly and rounded to the nearest binary64; a \
            nonzero value that underflows binary64 (1e-400) is rejected.
            """)
    @Option(name: .long, help: "Order v (K is even in v; comma-separated list allowed).") var order: String?
    @Option(name: .customLong("x"), help: "Argument x >= 0 (comma-separated list allowed).") var x: String?
    @Option(name: .long, help: "File of (v, x) pairs, one 'v,x' per line ('-': stdin).") var pairs: String?
    @OptionGroup var outputOption: BesselOutputOption
    func run() throws {
        let (points, single) = try besselPoints(order: order, x: x, pairs: pairs, allowNegativeOrder: true)
        printBesselTable(points, single: single, name: "logK", style: outputOption.output) { logBesselK($0, $1) }
    }
}

struct BesselVMFFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmf-fit",
        abstract: "Maximum-likelihood von Mises-Fisher fit: prints kappa and the log-likelihood.",
        discussion: "FILE holds one unit vector per line, components separated by commas or spaces.")
    @Option(name: .long, help: "Data file (rows are unit vectors).") var data: String
    @Flag(name: .long, help: "Also print the fitted mean direction.") var mean = false
    @OptionGroup var outputOption: BesselOutputOption
    func run() throws {
        let text = try validating { try readInputText(data, option: "--data") }
        var rows: [[Double]] = []
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            var row: [Double] = []
            for f in fields {
                let d = try parseBesselValue(String(f), option: "--data line \(i + 1):", allowNegative: true)
                row.append(d)
            }
            rows.append(row)
        }
        let fit: VonMisesFisher.Fit
        do { fit = try VonMisesFisher.fit(rows) } catch let e as VonMisesFisherError {
            throw besselFail("--data '\(data)': \(e.description)")
        }
        printKeyValues([("kappa", .number(fit.distribution.kappa)), ("log-likelihood", .number(fit.logLikelihood))]
                       + (mean ? [("mean", .text(fit.distribution.mean.map { $0.description }.joined(separator: ",")))] : []),
                       style: outputOption.output)
    }
}

/// Evaluations per second over the (v, x) points of a CSV file (first two columns).
struct BesselBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time log I and log K over the (v, x) rows of a CSV file (header line skipped).")
    @Option(name: .long, help: "CSV file whose first two columns are v and x.") var points: String
    @Option(name: .long, help: "Repetitions of the whole grid.") var repetitions: Int = 20
    @OptionGroup var outputOption: BesselOutputOption
    func run() throws {
        guard (1...1_000_000).contains(repetitions) else {
            throw besselFail("--repetitions value '\(repetitions)' must be in 1...1000000")
        }
        let pairs = try readBesselPairs(points, option: "--points", allowNegativeOrder: true, header: true)
        guard pairs.count * repetitions <= 1_000_000_000 else {
            throw besselFail("--repetitions \(repetitions) × \(pairs.count) points is more than 10^9 evaluations")
        }
        let vs = pairs.map(\.0), xs = pairs.map(\.1)
        func time(_ f: (Double, Double) -> Double) -> (Double, Double) {
            var sink = 0.0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<repetitions { for i in vs.indices { sink += f(vs[i], xs[i]) } }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            return (Double(repetitions * vs.count) / seconds, sink)
        }
        let (ri, si) = time { logBesselI($0, $1) }
        let (rk, sk) = time { logBesselK($0, $1) }
        if !(si + sk).isFinite { printToStandardError("chop bessel bench: warning: non-finite value in the grid") }
        printKeyValues([("points", .integer(vs.count)), ("logI_evals_per_second", .number(ri)),
                        ("logK_evals_per_second", .number(rk))], style: outputOption.output)
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
    @Option(name: .long, help: "How to print the results: table, csv or json.") var output: OutputStyle = .csv
    func run() throws {
        let pairs = try readBesselPairs(points, option: "--points", allowNegativeOrder: true, header: true)
        guard pairs.count <= 100_000 else {
            throw besselFail("--points '\(points)' has \(pairs.count) points; the study takes at most 100000")
        }
        let pts: [(v: Double, x: Double)] = pairs.map { (v: $0.0, x: $0.1) }
        let rows = [
            BesselPrecisionStudy.measure(Double.self, name: "binary64", points: pts),
            BesselPrecisionStudy.measure(Float.self, name: "binary32", points: pts),
            BesselPrecisionStudy.measure(BFloat16.self, name: "bfloat16", points: pts),
            BesselPrecisionStudy.measure(Half.self, name: "binary16", points: pts),
        ]
        var table = ResultTable(columns: ["format", "u", "points", "inputs_out_of_range", "function", "value_out_of_range",
                                          "method", "max_err_u", "median_err_u", "non_finite"])
        for r in rows {
            for (fn, m, e) in [("logI", "log-space", r.logSpaceI), ("logI", "naive", r.naiveI),
                               ("logK", "log-space", r.logSpaceK), ("logK", "naive", r.naiveK)] {
                let unrep = fn == "logI" ? r.unrepresentableI : r.unrepresentableK
                table.append([.text(r.format), .number(r.unitRoundoff), .integer(r.points), .integer(r.outOfRange), .text(fn),
                              .integer(unrep), .text(m), .number(e.maxUlps), .number(e.medianUlps), .integer(e.nonFinite)])
            }
        }
        print(table.rendered(output), terminator: "")
    }
}

/// Samples from a von Mises–Fisher distribution (Wood's algorithm), one vector per line.
struct BesselVMFSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmf-sample",
        abstract: "Draw unit vectors from a von Mises-Fisher distribution with mean e1 (Wood 1994).")
    @Option(name: .long, help: "Dimension p, 2...1000000.") var dimension: Int
    @Option(name: .long, help: "Concentration kappa >= 0.") var kappa: String
    @Option(name: .long, help: "Number of vectors, 1...100000000 (at most 10^8 numbers in all).") var count: Int
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var outputOption: BesselOutputOption
    func run() throws {
        guard (2...1_000_000).contains(dimension) else { throw besselFail("--dimension value '\(dimension)' must be in 2...1000000") }
        let kappa = try parseBesselValue(self.kappa, option: "--kappa", allowNegative: false)
        guard (1...100_000_000).contains(count) else { throw besselFail("--count value '\(count)' must be in 1...100000000") }
        guard dimension * count <= 100_000_000 else {
            throw besselFail("--dimension \(dimension) × --count \(count) is more than 10^8 numbers")
        }
        let seed = try validating { try seedOption.resolve() }
        var mean = [Double](repeating: 0, count: dimension)
        mean[0] = 1
        let sampler = VonMisesFisherSampler(try VonMisesFisher(mean: mean, kappa: kappa))
        var rng = Xoshiro256StarStar(seed: seed)
        if let style = outputOption.output, style != .csv {
            var table = ResultTable(columns: (1...dimension).map { "x\($0)" })
            for _ in 0..<count { table.append(sampler.sample(using: &rng).map(ResultCell.number)) }
            if style == .json {
                print(jsonArray(table.rows.map { "[" + $0.map(\.json).joined(separator: ", ") + "]" }))
            } else {
                print(table.rendered(style), terminator: "")
            }
            return
        }
        var out = outputOption.output == .csv ? (1...dimension).map { "x\($0)" }.joined(separator: ",") + "\n" : ""
        for _ in 0..<count {
            out += sampler.sample(using: &rng).map { $0.description }.joined(separator: ",")
            out += "\n"
            if out.utf8.count > 1 << 20 { print(out, terminator: ""); out = "" }
        }
        print(out, terminator: "")
    }
}

/// Prints named results: `name=value` lines by default (and for `table`), a
/// one-row CSV, or one JSON object.
func printKeyValues(_ pairs: [(String, ResultCell)], style: OutputStyle?) {
    switch style {
    case .csv:
        var table = ResultTable(columns: pairs.map(\.0))
        table.append(pairs.map(\.1))
        print(table.rendered(.csv), terminator: "")
    case .json:
        print("{" + pairs.map { "\(jsonString($0.0)): \($0.1.json)" }.joined(separator: ", ") + "}")
    case .table, nil:
        for (name, value) in pairs { print("\(name)=\(value.text)") }
    }
}

import ArgumentParser
import Chop
import Foundation

/// `chop quantize`: block (MX, NVFP4) and integer quantization of a matrix, with error
/// statistics per scheme.
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize a matrix to MX / NVFP4 block formats or integers and report the error.",
        discussion: """
        Reads a CSV matrix (--input; one row per line, values separated by commas) or generates test data (--generate gaussian|student-t|laplace), quantizes it with each scheme, and prints MSE, SQNR (dB), max error and the fraction of values clipped.

        Schemes: mxfp4, mxfp6-e3m2, mxfp6-e2m3, mxfp8-e4m3, mxfp8-e5m2, mxint8, nvfp4 (block formats; blocks run along rows by default, i.e. over consecutive values of a row), and int<b>/uint<b> (b = 2...16) with -g<N> (groups of N along rows), -channel (per row) or -column, optionally -affine/-sym (e.g. int8, int4-g128, uint8-channel).

        Examples:
          chop quantize --scheme mxfp4 --input W.csv --dequantized W4.csv
          chop quantize --compare --generate student-t --rows 512 --columns 512
          chop quantize --scheme mxfp4,nvfp4 --scale-rule round-up --mode stochastic
          chop quantize --scheme nvfp4 --axis tiles
          chop quantize --benchmark --threads 1
        """)

    @Option(name: .long, help: "Scheme(s), comma-separated or repeated.")
    var scheme: [String] = []

    @Flag(name: .long, help: "Run several schemes on the same data in one table (all block formats, int8, int4-g128 unless --scheme is given).")
    var compare = false

    @Option(name: .customLong("scale-rule"), help: "Block scale rule: ocp, round-up, ratio, ratio-up (default: the scheme's own).")
    var scaleRule: String?

    @Option(name: .customLong("block-size"), help: "Override the block size of block formats.")
    var blockSize: Int?

    @Option(name: .long, help: "Element rounding mode (nearest-even, stochastic, toward-zero, ...).")
    var mode = ModeName("nearest-even")

    @Option(name: .long, help: "Blocking axis for block formats: rows, columns, tiles (blockSize² tiles).")
    var axis = "rows"

    @Option(name: .long, help: "Integer scale calibration: max, percentile:<p>, mse[:<steps>].")
    var calibration = "max"

    @Option(name: .long, help: "Input matrix as CSV.")
    var input: String?

    @Option(name: .long, help: "Generate data instead: gaussian, student-t, laplace.")
    var generate: String?

    @Option(name: .long, help: "Rows of generated data.")
    var rows = 256

    @Option(name: .long, help: "Columns of generated data.")
    var columns = 256

    @Option(name: .long, help: "Degrees of freedom of generated Student-t data.")
    var nu = 3

    /// `--seed`: generated data, stochastic rounding, Hadamard signs and bit flips.
    @OptionGroup var seedOption: SeedOption

    @Option(name: .long, help: "Apply a blockwise Hadamard rotation of this size (a power of two) along rows before quantizing, and its inverse after.")
    var hadamard: Int?

    @Flag(name: .customLong("random-hadamard"), help: "Randomise the Hadamard rotation with random signs (from --seed).")
    var randomHadamard = false

    @Option(name: .customLong("flip-probability"), help: "Inject bit flips into the stored element codes with this probability per element.")
    var flipProbability: Double?

    @Option(name: .customLong("flip-bit"), help: "Flip this bit (0 = least significant) instead of a random one.")
    var flipBit: Int?

    @Option(name: .long, help: "Write the dequantized matrix (one scheme only) as CSV.")
    var dequantized: String?

    @OptionGroup var outputOption: OutputOption
    var output: OutputStyle { outputOption.output }

    @Flag(name: .long, help: "Time quantizing a generated matrix (default 4096×4096, MXFP4 and NVFP4) and print elements per second.")
    var benchmark = false

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ message: String) { description = message }
    }

    /// The seed, drawn and reported (once input has been accepted) when `--seed` is
    /// not given and the run draws random numbers.
    var seed: UInt64 { ((try? seedOption.validated()) ?? nil) ?? SeedOption.processRandomSeed }

    var usesRandomness: Bool {
        (input == nil && !benchmark) || benchmark || randomHadamard || flipProbability != nil
            || ((try? resolveMode(mode.text))?.isStochastic ?? false)
    }

    mutating func validate() throws {
        _ = try seedOption.validated()
        _ = try resolveMode(mode.text)
    }

    func run() throws {
        do {
            let text = try produce()
            print(text, terminator: "")
        } catch let error as ExitCode {
            throw error
        } catch {
            throw CLIError.report("\(error)")
        }
    }

    /// Everything is computed before anything is printed, so errors leave stdout empty.
    func produce() throws -> String {
        let roundingMode = try resolveMode(mode.text)
        guard let blockAxis = BlockAxis(rawValue: axis) else {
            throw Failure("unknown axis '\(axis)' (expected rows, columns, tiles)")
        }
        let rule = try scaleRule.map { try ScaleRule(named: $0) }
        if let blockSize, blockSize < 1 { throw Failure("invalid block size \(blockSize) (expected at least 1)") }
        let integerCalibration = try parseCalibration(calibration)
        var names = try scheme.flatMap { try commaSeparatedItems($0, option: "--scheme") }
        if names.isEmpty {
            names = benchmark ? ["mxfp4", "nvfp4"]
                : compare ? BlockFormat.builtIns.map(\.name) + ["int8", "int4-g128"] : ["mxfp4"]
        }
        let schemes = try names.map { try Scheme(name: $0, rule: rule, blockSize: blockSize, calibration: integerCalibration) }
        if dequantized != nil && schemes.count != 1 {
            throw Failure("--dequantized needs exactly one scheme, got \(schemes.count)")
        }
        if let p = flipProbability, !(p >= 0 && p <= 1) {
            throw Failure("invalid flip probability \(p) (expected 0...1)")
        }
        if let threads, !(1...VerifyLists.maximumThreads).contains(threads) {
            throw Failure("invalid thread count '\(threads)' (expected 1...\(VerifyLists.maximumThreads))")
        }
        // The random seed is announced once every input has been accepted.
        let announce = { if usesRandomness, seedOption.seed == nil { printToStandardError(SeedOption.announcement(seed)) } }
        if benchmark {
            announce()
            return try runBenchmark(schemes, mode: roundingMode)
        }

        var (matrix, r, c) = try loadMatrix()
        var rotation: HadamardRotation?
        if let n = hadamard {
            let h = try HadamardRotation(blockSize: n, seed: randomHadamard ? seed : nil)
            guard c % n == 0 else { throw Failure("--hadamard \(n) does not divide the \(c) columns") }
            rotation = h
        }
        announce()
        let original = matrix
        if let rotation { try rotation.forward(&matrix) }

        var results: [Row] = []
        var lastDequantized: [Double] = []
        for s in schemes {
            var (values, clipped, bits, flips) = try s.apply(
                matrix, rows: r, columns: c, axis: blockAxis, mode: roundingMode, seed: seed, threads: threads,
                flipProbability: flipProbability, flipBit: flipBit)
            if let rotation { try rotation.inverse(&values) }
            let stats = QuantizationErrorStatistics(original: original, dequantized: values, clippedCount: clipped)
            results.append(Row(scheme: s.label, bitsPerElement: bits, statistics: stats, flips: flips))
            lastDequantized = values
        }
        if let path = dequantized {
            try writeCSV(lastDequantized, rows: r, columns: c, to: path)
        }
        return render(results, rows: r, columns: c)
    }

    // MARK: Schemes

    enum Scheme {
        case block(BlockFormat)
        case integer(IntegerQuantizer)

        init(name: String, rule: ScaleRule?, blockSize: Int?, calibration: IntegerScaleCalibration) throws {
            if let f = try? BlockFormat(named: name) {
                var format = f
                if let rule { format = format.with(scaleRule: rule) }
                if let blockSize { format = try format.with(blockSize: blockSize) }
                self = .block(format)
            } else if name.lowercased().hasPrefix("int") || name.lowercased().hasPrefix("uint") {
                self = .integer(try IntegerQuantizer(named: name, calibration: calibration))
            } else {
                throw QuantizationError.unknownScheme(name)
            }
        }

        var label: String {
            switch self {
            case .block(let f): return f.name
            case .integer(let q): return q.description
            }
        }

        /// Dequantized values (row-major), clipped count, bits per element, flips.
        func apply(
            _ m: [Double], rows: Int, columns: Int, axis: BlockAxis, mode: RoundingMode, seed: UInt64,
            threads: Int?, flipProbability: Double?, flipBit: Int?
        ) throws -> ([Double], Int, Double, Int) {
            switch self {
            case .block(let format):
                let q = try MatrixBlockQuantization(m, rows: rows, columns: columns, format: format, axis: axis,
                                                    mode: mode, seed: seed, threads: threads)
                let bits = axis == .tiles
                    ? Double(format.element.bitWidth) + Double(format.scaleFormat.bitWidth) / Double(format.blockSize * format.blockSize)
                    : format.bitsPerElement
                guard let p = flipProbability else { return (q.dequantized, q.quantized.clippedCount, bits, 0) }
                let injector = try BitFlipInjector(
                    probability: p, bit: flipBit.map { .bit($0) } ?? .random, bitWidth: format.element.bitWidth, seed: seed)
                var faulty = q.quantized
                let flips = injector.inject(into: &faulty.elementCodes)
                return (q.dequantized(from: faulty), q.quantized.clippedCount, bits, flips.count)
            case .integer(let quantizer):
                let q = try quantizer.quantize(m, rows: rows, columns: columns, mode: mode, seed: seed)
                let groups = quantizer.groups(rows: rows, columns: columns).count
                let bits = Double(quantizer.format.bits) + (m.isEmpty ? 0 : Double(groups) * (quantizer.symmetric ? 32 : 64) / Double(m.count))
                let clipped = Int((q.statistics.fractionClipped * Double(m.count)).rounded())
                guard let p = flipProbability else { return (q.dequantized, clipped, bits, 0) }
                let injector = try BitFlipInjector(
                    probability: p, bit: flipBit.map { .bit($0) } ?? .random, bitWidth: quantizer.format.bits, seed: seed)
                var patterns = q.bitPatterns
                let flips = injector.inject(into: &patterns)
                return (q.dequantize(bitPatterns: patterns), clipped, bits, flips.count)
            }
        }
    }

    func parseCalibration(_ s: String) throws -> IntegerScaleCalibration {
        let parts = s.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first {
        case "max" where parts.count == 1: return .max
        case "percentile" where parts.count == 2:
            guard let p = Double(parts[1]), p > 0, p <= 100 else { throw Failure("invalid percentile '\(parts[1])' (expected (0, 100])") }
            return .percentile(p)
        case "mse":
            if parts.count == 1 { return .mseSearch(steps: 100) }
            guard let n = Int(parts[1]), n >= 1 else { throw Failure("invalid MSE search steps '\(parts[1])'") }
            return .mseSearch(steps: n)
        default:
            throw Failure("unknown calibration '\(s)' (expected max, percentile:<p>, mse[:<steps>])")
        }
    }

    // MARK: Data

    func loadMatrix() throws -> ([Double], Int, Int) {
        if let path = input {
            if generate != nil { throw Failure("give either --input or --generate, not both") }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure("cannot read input file '\(path)'")
            }
            var values: [Double] = []
            var width: Int?
            var rowCount = 0
            for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                let fields = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                for f in fields {
                    // Read exactly, rounded once to the nearest binary64.
                    guard let v = try? parseNumber(f) else { throw Failure("bad number '\(f)' on line \(n + 1) of \(path)") }
                    values.append(v)
                }
                if let w = width, w != fields.count {
                    throw Failure("line \(n + 1) of \(path) has \(fields.count) values, expected \(w)")
                }
                width = fields.count
                rowCount += 1
            }
            guard let w = width, rowCount > 0 else { throw Failure("input file '\(path)' holds no values") }
            return (values, rowCount, w)
        }
        guard rows >= 1, columns >= 1, rows * columns <= 1 << 28 else {
            throw Failure("invalid generated shape \(rows)×\(columns)")
        }
        guard nu >= 1 else { throw Failure("invalid degrees of freedom \(nu)") }
        let kind = generate ?? "gaussian"
        return (try TestData.generate(kind, count: rows * columns, nu: nu, seed: seed), rows, columns)
    }

    func writeCSV(_ m: [Double], rows: Int, columns: Int, to path: String) throws {
        var text = ""
        text.reserveCapacity(m.count * 12)
        for i in 0..<rows {
            text += (0..<columns).map { "\(m[i * columns + $0])" }.joined(separator: ",")
            text += "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw Failure("cannot write '\(path)'")
        }
    }

    // MARK: Output

    struct Row {
        var scheme: String
        var bitsPerElement: Double
        var statistics: QuantizationErrorStatistics
        var flips: Int
    }

    func render(_ rows: [Row], rows r: Int, columns c: Int) -> String {
        let showFlips = flipProbability != nil
        switch output {
        case .csv:
            var s = "scheme,bits_per_element,mse,sqnr_db,max_abs_error,fraction_clipped" + (showFlips ? ",flips" : "") + "\n"
            for row in rows {
                let t = row.statistics
                s += "\(row.scheme),\(row.bitsPerElement),\(t.meanSquaredError),\(t.sqnrDecibels),\(t.maxAbsoluteError),\(t.fractionClipped)"
                s += showFlips ? ",\(row.flips)\n" : "\n"
            }
            return s
        case .json:
            let items = rows.map { row -> String in
                let t = row.statistics
                func num(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
                return "{\"scheme\":\"\(row.scheme)\",\"bits_per_element\":\(num(row.bitsPerElement)),\"mse\":\(num(t.meanSquaredError)),\"sqnr_db\":\(num(t.sqnrDecibels)),\"max_abs_error\":\(num(t.maxAbsoluteError)),\"fraction_clipped\":\(num(t.fractionClipped)),\"flips\":\(row.flips)}"
            }
            return "{\"rows\":\(r),\"columns\":\(c),\"mode\":\"\(mode)\",\"axis\":\"\(axis)\",\"results\":[\(items.joined(separator: ","))]}\n"
        case .table:
            var s = "\(r)×\(c) values, mode \(mode), axis \(axis)\(hadamard.map { ", Hadamard \($0)" + (randomHadamard ? " (randomised)" : "") } ?? "")\n"
            let header = ["scheme", "bits/elem", "MSE", "SQNR dB", "max |err|", "clipped %"] + (showFlips ? ["flips"] : [])
            var table = [header]
            for row in rows {
                let t = row.statistics
                table.append([
                    row.scheme, String(format: "%.3f", row.bitsPerElement), String(format: "%.4e", t.meanSquaredError),
                    String(format: "%.2f", t.sqnrDecibels), String(format: "%.4e", t.maxAbsoluteError),
                    String(format: "%.4f", 100 * t.fractionClipped),
                ] + (showFlips ? ["\(row.flips)"] : []))
            }
            let widths = (0..<header.count).map { k in table.map { $0[k].count }.max()! }
            for line in table {
                s += zip(line, widths).enumerated().map { k, pair in
                    let pad = String(repeating: " ", count: pair.1 - pair.0.count)
                    return k == 0 ? pair.0 + pad : pad + pair.0
                }.joined(separator: "  ") + "\n"
            }
            return s
        }
    }

    // MARK: Benchmark

    func runBenchmark(_ schemes: [Scheme], mode: RoundingMode) throws -> String {
        let (r, c) = (input == nil && rows == 256 && columns == 256) ? (4096, 4096) : (rows, columns)
        let data = try TestData.generate(generate ?? "gaussian", count: r * c, nu: nu, seed: seed)
        var s = "quantize a \(r)×\(c) matrix (\(generate ?? "gaussian")), mode \(mode), threads \(threads.map(String.init) ?? "all")\n"
        for scheme in schemes {
            guard case .block(let format) = scheme else {
                throw Failure("--benchmark times block formats only, got \(scheme.label)")
            }
            _ = try format.quantize(Array(data.prefix(1 << 16)), mode: mode, seed: seed, threads: threads)  // warm-up
            var best = Double.infinity, bestCPU = Double.infinity
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                let cpuStart = Self.processCPUSeconds()
                let q = try format.quantize(data, segmentLength: c, mode: mode, seed: seed, threads: threads)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                let cpu = Self.processCPUSeconds() - cpuStart
                precondition(q.count == data.count)
                best = min(best, seconds)
                bestCPU = min(bestCPU, cpu)
            }
            let n = Double(data.count)
            s += format.name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: " wall %7.3f s  %8.2f Melem/s  %7.2f ns/elem   CPU %7.3f s  %7.2f CPU ns/elem\n",
                        best, n / best / 1e6, best * 1e9 / n, bestCPU, bestCPU * 1e9 / n)
        }
        return s
    }
}

extension QuantizeCommand {
    /// CPU time of the whole process (all threads), in seconds: robust to other load on
    /// the machine, unlike wall time.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// Seeded test matrices for `chop quantize`.
enum TestData {
    static func generate(_ kind: String, count: Int, nu: Int, seed: UInt64) throws -> [Double] {
        var g = Xoshiro256StarStar(seed: seed, stream: 0x5155_414E)
        func uniform() -> Double { (Double(g.next() >> 11) + 0.5) * 0x1p-53 }
        func gaussian() -> Double {
            (-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * Double.pi * uniform())
        }
        switch kind {
        case "gaussian", "normal":
            return (0..<count).map { _ in gaussian() }
        case "student-t", "t", "heavy-tailed":
            return (0..<count).map { _ in
                var chi2 = 0.0
                for _ in 0..<nu { let z = gaussian(); chi2 += z * z }
                return gaussian() / (chi2 / Double(nu)).squareRoot()
            }
        case "laplace":
            return (0..<count).map { _ in
                let u = uniform() - 0.5
                return u < 0 ? Foundation.log(1 + 2 * u) : -Foundation.log(1 - 2 * u)
            }
        default:
            throw QuantizeCommand.Failure("unknown distribution '\(kind)' (expected gaussian, student-t, laplace)")
        }
    }
}

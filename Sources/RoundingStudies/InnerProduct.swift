import Chop

/// How an inner product is evaluated: products and sums rounded to an accumulation
/// format (the storage format, or a wider one), optionally with fused multiply-adds.
public struct InnerProduct: Hashable, Sendable {
    /// The format every product and partial sum is rounded to.
    public var accumulator: FloatFormat
    /// The rounding mode of every product and sum.
    public var mode: RoundingMode
    /// s ← fl(s + xᵢyᵢ) with one rounding per term instead of two.
    public var fused: Bool

    /// An evaluation rounding to `accumulator` in `mode`, fused or not.
    public init(accumulator: FloatFormat, mode: RoundingMode, fused: Bool = false) {
        self.accumulator = accumulator
        self.mode = mode
        self.fused = fused
    }

    /// Σ xᵢyᵢ, left to right (the shorter length of x and y is used).
    public func evaluate<G: RandomNumberGenerator>(
        _ x: ArraySlice<Double>, _ y: ArraySlice<Double>, using g: inout G
    ) -> Double {
        var s = 0.0
        for (a, b) in zip(x, y) {
            if fused {
                s = RoundedArithmetic.fusedMultiplyAdd(a, b, s, format: accumulator, mode: mode, using: &g)
            } else {
                let p = RoundedArithmetic.multiply(a, b, format: accumulator, mode: mode, using: &g)
                s = RoundedArithmetic.add(s, p, format: accumulator, mode: mode, using: &g)
            }
        }
        return s
    }
}

/// Errors of inner products (`dot`) and matrix products (`matmul`) versus size and
/// format, with optional wider accumulation.
///
/// Inputs are drawn in binary64 and rounded to the storage format; references are
/// exact (``ExactSum`` with exact TwoProducts), rounded once to binary64.
public struct ProductStudy: Sendable {
    /// What is measured.
    public enum Kind: String, Sendable {
        /// Inner products xᵀy of length n.
        case dot
        /// Products of n × n matrices (every entry an inner product of length n).
        case matmul
    }

    /// Inner or matrix products.
    public var kind: Kind
    /// The storage formats the inputs are rounded to.
    public var formats: [FloatFormat]
    /// The rounding modes of the arithmetic.
    public var modes: [RoundingMode]
    /// Vector lengths (`dot`, 1...10⁸) or matrix sizes (`matmul`, 1...2048).
    public var sizes: [Int]
    /// Accumulation format (nil: the storage format itself).
    public var accumulator: FloatFormat?
    /// Whether products are fused with the sums (one rounding per term).
    public var fused: Bool
    /// The distribution of the inputs (uniform or normal).
    public var distribution: TermDistribution
    /// The seed of the inputs and of the stochastic modes.
    public var seed: UInt64

    /// A study of every format × mode × size.
    /// - Throws: ``StudyError/invalidSize(_:_:)`` for a size outside the kind's limit,
    ///   ``StudyError/invalidParameter(_:_:)`` for a distribution other than uniform or normal.
    public init(
        kind: Kind, formats: [FloatFormat], modes: [RoundingMode], sizes: [Int], accumulator: FloatFormat? = nil,
        fused: Bool = false, distribution: TermDistribution = .uniform, seed: UInt64 = 1
    ) throws {
        let limit = kind == .dot ? 100_000_000 : 2048
        for n in sizes where n < 1 || n > limit { throw StudyError.invalidSize(kind == .dot ? "vector length" : "matrix size", n) }
        guard distribution == .uniform || distribution == .normal else {
            throw StudyError.invalidParameter("input distribution (uniform or normal)", distribution.rawValue)
        }
        self.kind = kind
        self.formats = formats
        self.modes = modes
        self.sizes = sizes
        self.accumulator = accumulator
        self.fused = fused
        self.distribution = distribution
        self.seed = seed
    }

    /// The columns of a `dot` table.
    public static let dotColumns = [
        "format", "accumulator", "mode", "n", "computed", "exact", "rel_error", "scaled_error", "n_u",
    ]
    /// The columns of a `matmul` table.
    public static let matmulColumns = [
        "format", "accumulator", "mode", "n", "max_scaled_error", "normwise_rel_error", "n_u",
    ]

    /// Runs the study; `progress` receives the fraction done (0...1).
    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: kind == .dot ? Self.dotColumns : Self.matmulColumns)
        let work = sizes.map { kind == .dot ? Double($0) : Double($0) * Double($0) * Double($0) }.reduce(0, +)
        let total = Double(formats.count * modes.count) * work
        var done = 0.0
        for format in formats {
            let acc = accumulator ?? format
            let accName = acc.name + (fused ? "+fma" : "")
            for mode in modes {
                let product = InnerProduct(accumulator: acc, mode: mode, fused: fused)
                for n in sizes {
                    var g = Xoshiro256StarStar(seed: seed, stream: 1)
                    let count = kind == .dot ? n : n * n
                    let x = distribution.terms(count: count, format: format, seed: seed)
                    let y = distribution.terms(count: count, format: format, seed: seed &+ 0x9E37_79B9)
                    let nu = Double(n) * acc.unitRoundoff
                    switch kind {
                    case .dot:
                        let s = product.evaluate(x[...], y[...], using: &g)
                        var exact = ExactSum(), absolute = ExactSum()
                        for i in 0..<n {
                            exact.addProduct(x[i], y[i])
                            absolute.addProduct(x[i].magnitude, y[i].magnitude)
                        }
                        let e = exact.value
                        let scaled = s == e ? 0 : (s - e).magnitude / absolute.value
                        table.append([
                            .text(format.name), .text(accName), .text(mode.name), .integer(n), .real(s), .real(e),
                            .real(relativeError(s, e)), .real(scaled), .real(nu),
                        ])
                        done += Double(n)
                    case .matmul:
                        // A = x (row-major), B = y (row-major); column j of B gathered once.
                        var maxScaled = 0.0
                        var diff2 = ExactSum(), norm2 = ExactSum()
                        var column = [Double](repeating: 0, count: n)
                        for j in 0..<n {
                            for k in 0..<n { column[k] = y[k * n + j] }
                            for i in 0..<n {
                                let row = x[(i * n)..<(i * n + n)]
                                let c = product.evaluate(row, column[...], using: &g)
                                var exact = ExactSum(), absolute = ExactSum()
                                for k in 0..<n {
                                    exact.addProduct(row[i * n + k], column[k])
                                    absolute.addProduct(row[i * n + k].magnitude, column[k].magnitude)
                                }
                                let e = exact.value
                                let d = (c - e).magnitude
                                let a = absolute.value
                                if c != e { maxScaled = Swift.max(maxScaled, a == 0 ? .infinity : d / a) }
                                if c.isNaN || e.isNaN { maxScaled = .nan }
                                diff2.add(d * d)
                                norm2.add(e * e)
                            }
                        }
                        let normwise = norm2.value == 0 ? diff2.value.squareRoot() : (diff2.value / norm2.value).squareRoot()
                        table.append([
                            .text(format.name), .text(accName), .text(mode.name), .integer(n), .real(maxScaled),
                            .real(normwise), .real(nu),
                        ])
                        done += Double(n) * Double(n) * Double(n)
                    }
                    progress(done / total)
                }
            }
        }
        return table
    }
}

import Chop
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The test vectors of the accumulation study.
public enum AccumulationVectors: String, CaseIterable, Sendable {
    /// a, b uniform on [0, 1), rounded to the input formats: a positive sum, where
    /// truncation and stagnation show.
    case uniform
    /// a, b standard normal (Box–Muller), rounded to the input formats.
    case normal
    /// a = 1 everywhere, b = 0.1 rounded: the sum of K equal terms (stagnation).
    case constant
    /// One product 1, then K − 1 products y² with y = 2^⌊−p/2⌋ (p the accumulator
    /// precision; the input format's least positive value if smaller): each tiny term is
    /// about an ulp of the running sum, so truncation drops it and the exact sum grows.
    case adversarial
}

/// One line of the study: a unit, a vector kind and a length K.
public struct AccumulationRow: Sendable {
    /// The unit's preset name.
    public var unit: String
    /// The kind of test vectors.
    public var vectors: AccumulationVectors
    /// The dot-product length K.
    public var k: Int
    /// The number of trials averaged.
    public var trials: Int
    /// Mean and maximum over the trials of |D − exact| / |exact| for the unit.
    public var unitMeanRelativeError: Double, unitMaxRelativeError: Double
    /// The same for recursive summation with every product and addition rounded to
    /// nearest in the unit's accumulator format.
    public var recursiveMeanRelativeError: Double, recursiveMaxRelativeError: Double
    /// Mean of computed / exact (below 1: the sum lost mass, e.g. by stagnation).
    public var unitMeanRatio: Double, recursiveMeanRatio: Double
    /// The accumulator format of the recursive sum.
    public var accumulator: String
}

/// The relative error of dot products of length K computed by matrix units, against
/// the exact value (the exact dot product, rounded once to binary64), next to
/// round-to-nearest recursive summation in the unit's accumulator format.
///
/// Each trial draws its vectors from its own random stream (seed, trial), so results
/// do not depend on the number of threads.
public struct AccumulationStudy: Sendable {
    /// The matrix-unit models compared.
    public var units: [MatrixUnitModel]
    /// The dot-product lengths K, each in `1...maximumLength`.
    public var lengths: [Int]
    /// The kinds of test vectors.
    public var vectors: [AccumulationVectors]
    /// Trials per unit, vector kind and length (`1...10000`).
    public var trials: Int
    /// The seed of the trials' random streams.
    public var seed: UInt64
    /// Worker threads (`nil`: every core); results do not depend on it.
    public var workers: Int?

    /// Largest K accepted.
    public static let maximumLength = 1 << 24

    /// A study of `units` at every length of `lengths`, for each kind of `vectors`.
    ///
    /// - Throws: ``MatrixUnitError/invalidModel(_:)`` when `units`, `lengths` or
    ///   `vectors` is empty; ``MatrixUnitError/shapeMismatch(_:)`` for a length outside
    ///   `1...maximumLength` or a trial count outside `1...10000`.
    public init(units: [MatrixUnitModel], lengths: [Int], vectors: [AccumulationVectors] = AccumulationVectors.allCases,
                trials: Int = 16, seed: UInt64 = 1, workers: Int? = nil) throws {
        guard !units.isEmpty, !lengths.isEmpty, !vectors.isEmpty else { throw MatrixUnitError.invalidModel("empty study") }
        if let bad = lengths.first(where: { !(1...Self.maximumLength).contains($0) }) {
            throw MatrixUnitError.shapeMismatch("K = \(bad) is outside 1...\(Self.maximumLength)")
        }
        guard (1...10_000).contains(trials) else { throw MatrixUnitError.shapeMismatch("trials = \(trials) is outside 1...10000") }
        self.units = units
        self.lengths = lengths
        self.vectors = vectors
        self.trials = trials
        self.seed = seed
        self.workers = workers
    }

    /// The accumulator of the recursive sum: the promotion format when the unit
    /// promotes, else its output format.
    static func accumulator(_ u: MatrixUnitModel) -> FloatFormat {
        u.promotionInterval != nil ? u.promotionFormat : u.output
    }

    /// The vectors of one trial.
    static func draw(_ kind: AccumulationVectors, k: Int, unit: MatrixUnitModel, rng: inout Xoshiro256StarStar) -> ([Double], [Double]) {
        let fa = unit.inputA, fb = unit.inputB
        func uniform01() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        func normal() -> Double {
            let u1 = max(uniform01(), 0x1p-60), u2 = uniform01()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        func inFormat(_ x: Double, _ f: FloatFormat) -> Double { Chop.round(x, to: f, mode: .nearestEven) }
        switch kind {
        case .uniform:
            return ((0..<k).map { _ in inFormat(uniform01(), fa) }, (0..<k).map { _ in inFormat(uniform01(), fb) })
        case .normal:
            return ((0..<k).map { _ in inFormat(normal(), fa) }, (0..<k).map { _ in inFormat(normal(), fb) })
        case .constant:
            return ([Double](repeating: 1, count: k), [Double](repeating: inFormat(0.1, fb), count: k))
        case .adversarial:
            let p = accumulator(unit).precision
            let target = Double(sign: .plus, exponent: -(p / 2), significand: 1)
            let ya = max(inFormat(target, fa), fa.minPositive), yb = max(inFormat(target, fb), fb.minPositive)
            var a = [Double](repeating: ya, count: k), b = [Double](repeating: yb, count: k)
            a[0] = 1; b[0] = 1
            return (a, b)
        }
    }

    /// Runs the study; `progress` receives the fraction done (from the calling thread).
    public func run(progress: (Double) -> Void = { _ in }) throws -> [AccumulationRow] {
        var rows: [AccumulationRow] = []
        let steps = units.count * lengths.count * vectors.count
        var done = 0
        for unit in units {
            let acc = Self.accumulator(unit)
            let exactModel = try MatrixUnitModel.exactReference(inputA: unit.inputA, inputB: unit.inputB, output: .binary64)
            for k in lengths {
                for kind in vectors {
                    final class Results: @unchecked Sendable {
                        var values: [(Double, Double, Double)]  // unit, recursive, exact
                        init(_ n: Int) { values = Array(repeating: (0, 0, 0), count: n) }
                    }
                    let results = Results(trials)
                    let seed = self.seed
                    let kindIndex = UInt64(AccumulationVectors.allCases.firstIndex(of: kind)!)
                    parallelFor(trials, workers: workers) { t in
                        var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(t) &* 64 &+ kindIndex)
                        let (a, b) = Self.draw(kind, k: k, unit: unit, rng: &rng)
                        let A = try! Matrix(rows: 1, columns: k, values: a)
                        let B = try! Matrix(rows: k, columns: 1, values: b)
                        // Inputs are values of the input formats by construction.
                        let d = (try? gemm(unit, A, B, seed: seed &+ UInt64(t), workers: 1))?.values[0] ?? .nan
                        let exact = (try? gemm(exactModel, A, B, workers: 1))?.values[0] ?? .nan
                        var g = Xoshiro256StarStar(seed: seed, stream: UInt64(t))
                        var s = 0.0
                        for i in 0..<k {
                            let p = RoundedArithmetic.multiply(a[i], b[i], format: acc, mode: .nearestEven, using: &g)
                            s = RoundedArithmetic.add(s, p, format: acc, mode: .nearestEven, using: &g)
                        }
                        results.values[t] = (d, s, exact)
                    }
                    func relative(_ x: Double, _ e: Double) -> Double { e == 0 ? (x == 0 ? 0 : .infinity) : abs(x - e) / abs(e) }
                    let ue = results.values.map { relative($0.0, $0.2) }, re = results.values.map { relative($0.1, $0.2) }
                    let ur = results.values.map { $0.2 == 0 ? 1 : $0.0 / $0.2 }, rr = results.values.map { $0.2 == 0 ? 1 : $0.1 / $0.2 }
                    let n = Double(trials)
                    rows.append(AccumulationRow(
                        unit: unit.name, vectors: kind, k: k, trials: trials,
                        unitMeanRelativeError: ue.reduce(0, +) / n, unitMaxRelativeError: ue.max() ?? 0,
                        recursiveMeanRelativeError: re.reduce(0, +) / n, recursiveMaxRelativeError: re.max() ?? 0,
                        unitMeanRatio: ur.reduce(0, +) / n, recursiveMeanRatio: rr.reduce(0, +) / n,
                        accumulator: acc.name))
                    done += 1
                    progress(Double(done) / Double(steps))
                }
            }
        }
        return rows
    }
}

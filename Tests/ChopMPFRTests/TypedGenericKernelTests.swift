import XCTest
import Chop
import ChopMPFR

// Numerical kernels written once against BinaryFloatingPoint, run in several
// emulated formats and every deterministic mode, and compared bit for bit with the
// same algorithm evaluated operation by operation with GNU MPFR (each operation
// computed exactly by MPFR and rounded into the format by the MPFR reference).

/// Horner evaluation of c₀ + c₁x + … + cₙxⁿ (coefficients lowest first).
func horner<T: BinaryFloatingPoint>(_ coefficients: [T], at x: T) -> T {
    var r = T.zero
    for c in coefficients.reversed() { r = r * x + c }
    return r
}

/// The dot product, accumulated left to right.
func dot<T: BinaryFloatingPoint>(_ x: [T], _ y: [T]) -> T {
    var s = T.zero
    for i in x.indices { s += x[i] * y[i] }
    return s
}

/// Solves A·x = b by LU factorisation with partial pivoting (Doolittle, in place),
/// then forward and back substitution. Returns nil for a singular pivot.
func luSolve<T: BinaryFloatingPoint>(_ a: [[T]], _ b: [T]) -> [T]? {
    var a = a, b = b
    let n = b.count
    for k in 0..<n {
        var p = k
        for i in (k + 1)..<n where a[i][k].magnitude > a[p][k].magnitude { p = i }
        if a[p][k] == 0 { return nil }
        a.swapAt(k, p); b.swapAt(k, p)
        for i in (k + 1)..<n {
            let l = a[i][k] / a[k][k]
            a[i][k] = l
            for j in (k + 1)..<n { a[i][j] = a[i][j] - l * a[k][j] }
            b[i] = b[i] - l * b[k]
        }
    }
    var x = [T](repeating: .zero, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = b[i]
        for j in (i + 1)..<n { s = s - a[i][j] * x[j] }
        x[i] = s / a[i][i]
    }
    return x
}

/// The same three algorithms on Doubles holding format values, every operation
/// evaluated by MPFR and rounded into `format` under `mode` by the MPFR reference.
struct MPFRKernels {
    let mpfr: MPFRReference
    let format: FloatFormat
    let mode: RoundingMode

    func op(_ o: ReferenceOperation, _ x: Double, _ y: Double) -> Double {
        try! mpfr.evaluate(o, x, y, format: format, mode: mode)
    }
    func add(_ x: Double, _ y: Double) -> Double { op(.add, x, y) }
    func sub(_ x: Double, _ y: Double) -> Double { op(.subtract, x, y) }
    func mul(_ x: Double, _ y: Double) -> Double { op(.multiply, x, y) }
    func div(_ x: Double, _ y: Double) -> Double { op(.divide, x, y) }

    func horner(_ c: [Double], at x: Double) -> Double {
        var r = 0.0
        for ci in c.reversed() { r = add(mul(r, x), ci) }
        return r
    }

    func dot(_ x: [Double], _ y: [Double]) -> Double {
        var s = 0.0
        for i in x.indices { s = add(s, mul(x[i], y[i])) }
        return s
    }

    func luSolve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var a = a, b = b
        let n = b.count
        for k in 0..<n {
            var p = k
            for i in (k + 1)..<n where abs(a[i][k]) > abs(a[p][k]) { p = i }
            if a[p][k] == 0 { return nil }
            a.swapAt(k, p); b.swapAt(k, p)
            for i in (k + 1)..<n {
                let l = div(a[i][k], a[k][k])
                a[i][k] = l
                for j in (k + 1)..<n { a[i][j] = sub(a[i][j], mul(l, a[k][j])) }
                b[i] = sub(b[i], mul(l, b[k]))
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = b[i]
            for j in (i + 1)..<n { s = sub(s, mul(a[i][j], x[j])) }
            x[i] = div(s, a[i][i])
        }
        return x
    }
}

enum WideP10Spec: EmulatedFormatSpec {
    /// 10 significand bits with binary64's exponent range (the climate studies' kind).
    static let format = try! FloatFormat(exponentBits: 11, significandBits: 9)
}

final class TypedGenericKernelTests: XCTestCase {
    func same(_ a: Double, _ b: Double) -> Bool { (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern }

    func run<S: EmulatedFormatSpec>(_: S.Type, seed: UInt64) {
        for mode in RoundingMode.deterministic {
            mode.withSpec(KernelCheck<S>(seed: seed, test: self))
        }
    }

    /// Generic Horner, dot and LU in `Emulated<S, M>` against the same kernels in MPFR.
    struct KernelCheck<S: EmulatedFormatSpec>: RoundingModeVisitor {
        let seed: UInt64
        let test: TypedGenericKernelTests
        func visit<M: RoundingModeSpec>(_: M.Type) {
            typealias T = Emulated<S, M>
            let mode = M.mode
            let reference = MPFRKernels(mpfr: MPFRReference(), format: S.format, mode: mode)
            var random = Xoshiro256StarStar(seed: seed)
            func uniform() -> Double { Double(random.next() >> 11) * 0x1p-53 * 2 - 1 }
            func same(_ a: Double, _ b: Double) -> Bool { test.same(a, b) }
            // Inputs are format values (rounded once on the way in).
            let coefficients = (0..<9).map { _ in T(uniform() * 4) }
            let xs = (0..<5).map { _ in T(uniform() * 1.5) }
            for x in xs {
                let got = horner(coefficients, at: x).doubleValue
                let want = reference.horner(coefficients.map(\.doubleValue), at: x.doubleValue)
                XCTAssertTrue(same(got, want), "\(S.format.name) \(mode) horner(\(x)): \(got) vs MPFR \(want)")
            }
            let u = (0..<64).map { _ in T(uniform()) }, v = (0..<64).map { _ in T(uniform() * 3) }
            let d = dot(u, v).doubleValue
            let dr = reference.dot(u.map(\.doubleValue), v.map(\.doubleValue))
            XCTAssertTrue(same(d, dr), "\(S.format.name) \(mode) dot: \(d) vs MPFR \(dr)")
            let n = 6
            let a = (0..<n).map { i in (0..<n).map { j in T(uniform() + (i == j ? 2 : 0)) } }
            let b = (0..<n).map { _ in T(uniform() * 10) }
            let x = luSolve(a, b)?.map(\.doubleValue)
            let xr = reference.luSolve(a.map { $0.map(\.doubleValue) }, b.map(\.doubleValue))
            XCTAssertEqual(x == nil, xr == nil)
            if let x, let xr {
                XCTAssertTrue(zip(x, xr).allSatisfy { same($0, $1) }, "\(S.format.name) \(mode) LU: \(x) vs MPFR \(xr)")
            }
        }
    }

    func testKernelsMatchMPFRInEveryFormatAndMode() {
        run(BFloat16Spec.self, seed: 1)
        run(Binary16Spec.self, seed: 2)
        run(TF32Spec.self, seed: 3)
        run(Float8E4M3FNSpec.self, seed: 4)
        run(Float8E5M2Spec.self, seed: 5)
        run(Float6E2M3Spec.self, seed: 6)
        run(WideP10Spec.self, seed: 7)
        run(Binary32Spec.self, seed: 8)
        run(Binary64Spec.self, seed: 9)
    }

    /// A run-time format through a `RoundingContext`: Horner against the same
    /// algorithm evaluated by MPFR. The operands are not values of the format: each
    /// operation is rounded once from its exact result, whatever its operands.
    func testContextKernelsMatchMPFR() throws {
        let mpfr = MPFRReference()
        let format = try FloatFormat(exponentBits: 11, significandBits: 6)
        for mode in RoundingMode.deterministic {
            let reference = MPFRKernels(mpfr: mpfr, format: format, mode: mode)
            var context = RoundingContext(format: format, mode: mode)
            let c = [0.3, -1.7, 2.2, 0.9, -0.4]
            for x in [0.5, -1.25, 3.0, 0.1] {
                var got = 0.0
                for k in c.reversed() { got = context.add(context.multiply(got, x), k) }
                let want = reference.horner(c, at: x)
                XCTAssertTrue(same(got, want), "\(mode) \(got) vs MPFR \(want)")
            }
        }
    }

    /// Operands that are not values of the format are rounded once with the operation
    /// (the double roundings of the old run-time-format type), against MPFR.
    func testContextRoundsOperationsOnceWhateverTheOperands() {
        let mpfr = MPFRReference()
        var nearest = RoundingContext(format: .bfloat16, mode: .nearestEven)
        let a = 1 + 0x1p-8, b = 0x1p-60
        XCTAssertEqual(nearest.add(a, b), 1.0078125)
        XCTAssertEqual(nearest.add(a, b), try! mpfr.evaluate(.add, a, b, format: .bfloat16, mode: .nearestEven))
        var down = RoundingContext(format: .bfloat16, mode: .towardZero)
        let x = 1 + 0x1p-52, y = 1 - 0x1p-52
        XCTAssertEqual(down.multiply(x, y), 0.99609375)
        XCTAssertEqual(down.multiply(x, y), try! mpfr.evaluate(.multiply, x, y, format: .bfloat16, mode: .towardZero))
    }
}

/// Stochastic rounding through the typed API against MPFR's exact probabilities.
final class TypedStochasticTests: XCTestCase {
    /// For a few divisions, square roots and fused multiply–adds in bfloat16, every
    /// stochastic result is one of MPFR's two neighbours, and over 20000 seeded draws
    /// the frequency of the one away from zero is within 6 standard deviations of
    /// MPFR's probability (false-failure rate below 1e-8 per check; seeds are fixed).
    func testFrequenciesMatchMPFRProbabilities() {
        let mpfr = MPFRReference()
        let f = FloatFormat.bfloat16
        let cases: [(ReferenceOperation, Double, Double, Double)] = [
            (.divide, 1, 3, 0), (.divide, 2, 7, 0), (.squareRoot, 2, 0, 0), (.squareRoot, 3, 0, 0),
            (.fusedMultiplyAdd, 1.0078125, 0.9921875, 0x1p-20), (.add, 1, 0x1p-12, 0), (.multiply, 1.0078125, 1.0078125, 0),
        ]
        for (i, (op, x, y, z)) in cases.enumerated() {
            let ref = mpfr.stochastic(op, x, y, z, format: f, mode: .stochastic())
            let a = StochasticBFloat16(x), b = StochasticBFloat16(y), c = StochasticBFloat16(z)
            XCTAssertEqual(a.doubleValue, x); XCTAssertEqual(b.doubleValue, y); XCTAssertEqual(c.doubleValue, z)
            let n = 20000
            var away = 0
            StochasticRounding.withSeed(UInt64(100 + i)) {
                for _ in 0..<n {
                    let r: StochasticBFloat16
                    switch op {
                    case .divide: r = a / b
                    case .squareRoot: r = a.squareRoot()
                    case .fusedMultiplyAdd: r = c.addingProduct(a, b)
                    case .add: r = a + b
                    case .multiply: r = a * b
                    case .subtract: r = a - b
                    }
                    if r.doubleValue == ref.awayFromZero { away += 1 } else {
                        XCTAssertEqual(r.doubleValue, ref.towardZero, "\(op) \(x) \(y) \(z)")
                    }
                }
            }
            let p = ref.probabilityAway
            let sigma = (Double(n) * p * (1 - p)).squareRoot()
            XCTAssertLessThan(abs(Double(away) - Double(n) * p), 6 * sigma + 1, "\(op) \(x) \(y) \(z): p = \(p), got \(away)/\(n)")
        }
    }
}

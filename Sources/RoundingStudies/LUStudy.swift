import Foundation
import Chop

/// A square matrix stored row-major in binary64.
public struct Matrix: Hashable, Sendable {
    /// The dimension.
    public let n: Int
    /// The n² entries, row-major.
    public var entries: [Double]

    /// An n × n matrix with the given row-major entries (traps unless there are n² of them).
    public init(n: Int, entries: [Double]) {
        precondition(entries.count == n * n)
        self.n = n
        self.entries = entries
    }

    /// The entry in row `i`, column `j` (0-based).
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { entries[i * n + j] }
        set { entries[i * n + j] = newValue }
    }

    /// ‖A‖∞ (max row sum), in binary64.
    public var infinityNorm: Double {
        (0..<n).map { i in (0..<n).reduce(0.0) { $0 + self[i, $1].magnitude } }.max() ?? 0
    }
}

/// LU factors with partial pivoting: PA = LU, L unit lower triangular (stored below
/// the diagonal), U upper triangular, `pivots[k]` the row swapped into row k.
public struct LUFactors: Sendable {
    /// L (below the diagonal, unit diagonal implied) and U (on and above it) in one matrix.
    public var packed: Matrix
    /// The row swapped into row k at step k.
    public var pivots: [Int]
    /// Whether a zero pivot was met (the factors are then unusable).
    public var isSingular: Bool

    /// Factors `a` with every operation rounded to `format` under `mode`:
    /// l = fl(a_ik / a_kk), a_ij ← fl(a_ij − fl(l·a_kj)).
    public init<G: RandomNumberGenerator>(_ a: Matrix, format: FloatFormat, mode: RoundingMode, using g: inout G) {
        var m = a
        let n = a.n
        pivots = Array(0..<n)
        isSingular = false
        for k in 0..<n {
            var p = k
            for i in (k + 1)..<max(n, k + 1) where m[i, k].magnitude > m[p, k].magnitude { p = i }
            pivots[k] = p
            if p != k { for j in 0..<n { let t = m[k, j]; m[k, j] = m[p, j]; m[p, j] = t } }
            let pivot = m[k, k]
            if pivot == 0 || !pivot.isFinite { isSingular = true; continue }
            for i in (k + 1)..<max(n, k + 1) {
                let l = RoundedArithmetic.divide(m[i, k], pivot, format: format, mode: mode, using: &g)
                m[i, k] = l
                for j in (k + 1)..<n {
                    let p = RoundedArithmetic.multiply(l, m[k, j], format: format, mode: mode, using: &g)
                    m[i, j] = RoundedArithmetic.subtract(m[i, j], p, format: format, mode: mode, using: &g)
                }
            }
        }
        packed = m
    }

    /// Solves A x = b with the factors, every operation rounded to `format` under
    /// `mode` (the factors' entries are used as they are).
    public func solve<G: RandomNumberGenerator>(
        _ b: [Double], format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> [Double] {
        let n = packed.n
        var x = b
        for k in 0..<n where pivots[k] != k { x.swapAt(k, pivots[k]) }
        for i in 0..<n {
            var s = x[i]
            for j in 0..<i {
                let p = RoundedArithmetic.multiply(packed[i, j], x[j], format: format, mode: mode, using: &g)
                s = RoundedArithmetic.subtract(s, p, format: format, mode: mode, using: &g)
            }
            x[i] = s
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = x[i]
            for j in (i + 1)..<max(n, i + 1) {
                let p = RoundedArithmetic.multiply(packed[i, j], x[j], format: format, mode: mode, using: &g)
                s = RoundedArithmetic.subtract(s, p, format: format, mode: mode, using: &g)
            }
            x[i] = RoundedArithmetic.divide(s, packed[i, i], format: format, mode: mode, using: &g)
        }
        return x
    }
}

/// Reference quantities computed in binary64 with exact residuals: never from an
/// emulated run.
public enum LinearSystemReference {
    /// The residual b − A x, each component exact then rounded once to binary64.
    public static func residual(_ a: Matrix, _ x: [Double], _ b: [Double]) -> [Double] {
        (0..<a.n).map { i in
            var s = ExactSum()
            s.add(b[i])
            for j in 0..<a.n { s.addProduct(-a[i, j], x[j]) }
            return s.value
        }
    }

    /// The solution of A x = b: binary64 LU with partial pivoting plus iterative
    /// refinement with exact residuals (accurate to about κ(A)·2⁻¹⁰⁶ + 2⁻⁵³).
    public static func solve(_ a: Matrix, _ b: [Double]) -> [Double] {
        var g = Xoshiro256StarStar(seed: 0)
        let lu = LUFactors(a, format: .binary64, mode: .nearestEven, using: &g)
        var x = lu.solve(b, format: .binary64, mode: .nearestEven, using: &g)
        for _ in 0..<10 {
            let r = residual(a, x, b)
            let d = lu.solve(r, format: .binary64, mode: .nearestEven, using: &g)
            x = zip(x, d).map { $0 + $1 }
        }
        return x
    }

    /// κ∞(A) = ‖A‖∞‖A⁻¹‖∞ with A⁻¹ from binary64 LU.
    public static func conditionNumber(_ a: Matrix) -> Double {
        var g = Xoshiro256StarStar(seed: 0)
        let lu = LUFactors(a, format: .binary64, mode: .nearestEven, using: &g)
        if lu.isSingular { return .infinity }
        var rowSums = [Double](repeating: 0, count: a.n)
        for j in 0..<a.n {
            var e = [Double](repeating: 0, count: a.n)
            e[j] = 1
            let col = lu.solve(e, format: .binary64, mode: .nearestEven, using: &g)
            for i in 0..<a.n { rowSums[i] += col[i].magnitude }
        }
        return a.infinityNorm * (rowSums.max() ?? 0)
    }

    /// The normwise backward error ‖b − A x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) (Rigal–Gaches).
    public static func backwardError(_ a: Matrix, _ x: [Double], _ b: [Double]) -> Double {
        if x.contains(where: { !$0.isFinite }) { return .nan }
        let r = residual(a, x, b).map(\.magnitude).max() ?? 0
        let denominator = a.infinityNorm * (x.map(\.magnitude).max() ?? 0) + (b.map(\.magnitude).max() ?? 0)
        return denominator == 0 ? r : r / denominator
    }

    /// ‖x − x*‖∞ / ‖x*‖∞.
    public static func forwardError(_ x: [Double], _ reference: [Double]) -> Double {
        if x.contains(where: { !$0.isFinite }) { return .nan }
        let d = zip(x, reference).map { ($0 - $1).magnitude }.max() ?? 0
        let r = reference.map(\.magnitude).max() ?? 0
        return r == 0 ? d : d / r
    }
}

/// Solving A x = b by LU with partial pivoting in an emulated format, then
/// mixed-precision iterative refinement (LU-IR: factor in the low format, residuals
/// in `residualFormat`, corrections solved and applied in `workingFormat`, both with
/// round-to-nearest-even).
public struct LUStudy: Sendable {
    /// The test matrices.
    public enum MatrixKind: String, CaseIterable, Sendable {
        /// Entries uniform on [−1, 1).
        case random
        /// randsvd-style: A = H₁ Σ H₂ with random Householder reflectors and singular
        /// values spaced geometrically from 1 to 1/κ.
        case illConditioned = "ill-conditioned"
    }

    /// The formats A is factored in.
    public var formats: [FloatFormat]
    /// The rounding modes of the factorisation and the solves.
    public var modes: [RoundingMode]
    /// Matrix sizes n (1...1000).
    public var sizes: [Int]
    /// The kind of test matrix.
    public var matrix: MatrixKind
    /// The target κ₂ for ``MatrixKind/illConditioned``.
    public var kappa: Double
    /// The format corrections are solved and applied in during refinement.
    public var workingFormat: FloatFormat
    /// The format residuals are computed in during refinement.
    public var residualFormat: FloatFormat
    /// The number of refinement steps (0...100).
    public var refinementSteps: Int
    /// The seed of the matrices, right-hand sides and stochastic modes.
    public var seed: UInt64

    /// A study of every format × mode × size.
    /// - Throws: ``StudyError/invalidSize(_:_:)`` for a size outside 1...1000 or more than
    ///   100 refinement steps, ``StudyError/invalidParameter(_:_:)`` for κ < 1 or not finite.
    public init(
        formats: [FloatFormat], modes: [RoundingMode], sizes: [Int] = [10, 50, 100], matrix: MatrixKind = .random,
        kappa: Double = 1e3, workingFormat: FloatFormat = .binary32, residualFormat: FloatFormat = .binary64,
        refinementSteps: Int = 5, seed: UInt64 = 1
    ) throws {
        for n in sizes where n < 1 || n > 1000 { throw StudyError.invalidSize("matrix size", n) }
        guard kappa >= 1, kappa.isFinite else { throw StudyError.invalidParameter("condition number", "\(kappa)") }
        guard (0...100).contains(refinementSteps) else { throw StudyError.invalidSize("refinement steps", refinementSteps) }
        self.formats = formats
        self.modes = modes
        self.sizes = sizes
        self.matrix = matrix
        self.kappa = kappa
        self.workingFormat = workingFormat
        self.residualFormat = residualFormat
        self.refinementSteps = refinementSteps
        self.seed = seed
    }

    /// The binary64 test matrix of size n.
    public static func makeMatrix(_ kind: MatrixKind, n: Int, kappa: Double, seed: UInt64) -> Matrix {
        var g = Xoshiro256StarStar(seed: seed, stream: 2)
        switch kind {
        case .random:
            return Matrix(n: n, entries: (0..<(n * n)).map { _ in StudyRandom.symmetric(using: &g) })
        case .illConditioned:
            func reflector() -> [Double] {
                let v = (0..<n).map { _ in StudyRandom.normal(using: &g) }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return v.map { $0 / norm }
            }
            let u = reflector(), v = reflector()
            // (I − 2uuᵀ) Σ (I − 2vvᵀ)
            let sigma = (0..<n).map { i in n == 1 ? 1 : Foundation.pow(kappa, -Double(i) / Double(n - 1)) }
            var m = Matrix(n: n, entries: [Double](repeating: 0, count: n * n))
            // S = Σ(I − 2vvᵀ): row i is σᵢ(eᵢ − 2vᵢv).
            var s = m
            for i in 0..<n { for j in 0..<n { s[i, j] = sigma[i] * ((i == j ? 1 : 0) - 2 * v[i] * v[j]) } }
            // (I − 2uuᵀ) S = S − 2u(uᵀS).
            var uS = [Double](repeating: 0, count: n)
            for j in 0..<n { for i in 0..<n { uS[j] += u[i] * s[i, j] } }
            for i in 0..<n { for j in 0..<n { m[i, j] = s[i, j] - 2 * u[i] * uS[j] } }
            return m
        }
    }

    /// The columns of the table.
    public static let columns = [
        "format", "mode", "matrix", "n", "kappa", "backward_error", "forward_error", "ir_format",
        "ir_steps", "ir_backward_error", "ir_forward_error", "unit_roundoff",
    ]

    /// Runs the study; `progress` receives the fraction done (0...1).
    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: Self.columns)
        let total = Double(formats.count * modes.count) * sizes.map { Double($0 * $0 * $0) }.reduce(0, +)
        var done = 0.0
        for n in sizes {
            let a64 = Self.makeMatrix(matrix, n: n, kappa: kappa, seed: seed)
            for format in formats {
                var rng = Xoshiro256StarStar(seed: 0)
                let a = Matrix(n: n, entries: a64.entries.map { Chop.round($0, to: format, mode: .nearestEven, using: &rng) })
                // b = A·1 rounded to the format.
                let b = (0..<n).map { i -> Double in
                    var s = ExactSum()
                    for j in 0..<n { s.add(a[i, j]) }
                    return Chop.round(s.value, to: format, mode: .nearestEven, using: &rng)
                }
                let reference = LinearSystemReference.solve(a, b)
                let kappaA = LinearSystemReference.conditionNumber(a)
                for mode in modes {
                    var g = Xoshiro256StarStar(seed: seed, stream: 1)
                    let lu = LUFactors(a, format: format, mode: mode, using: &g)
                    var x = lu.solve(b, format: format, mode: mode, using: &g)
                    let backward = lu.isSingular ? .nan : LinearSystemReference.backwardError(a, x, b)
                    let forward = lu.isSingular ? .nan : LinearSystemReference.forwardError(x, reference)
                    var irBackward = backward, irForward = forward
                    if !lu.isSingular && refinementSteps > 0 {
                        for _ in 0..<refinementSteps {
                            // r = b − A x in the residual format.
                            let r = (0..<n).map { i -> Double in
                                var s = b[i]
                                for j in 0..<n {
                                    let p = RoundedArithmetic.multiply(a[i, j], x[j], format: residualFormat, mode: .nearestEven, using: &g)
                                    s = RoundedArithmetic.subtract(s, p, format: residualFormat, mode: .nearestEven, using: &g)
                                }
                                return s
                            }
                            let rw = r.map { Chop.round($0, to: workingFormat, mode: .nearestEven, using: &g) }
                            let d = lu.solve(rw, format: workingFormat, mode: .nearestEven, using: &g)
                            x = (0..<n).map { RoundedArithmetic.add(x[$0], d[$0], format: workingFormat, mode: .nearestEven, using: &g) }
                        }
                        irBackward = LinearSystemReference.backwardError(a, x, b)
                        irForward = LinearSystemReference.forwardError(x, reference)
                    }
                    table.append([
                        .text(format.name), .text(mode.name), .text(matrix.rawValue), .integer(n), .real(kappaA),
                        .real(backward), .real(forward), .text(workingFormat.name), .integer(refinementSteps),
                        .real(irBackward), .real(irForward), .real(format.unitRoundoff),
                    ])
                    done += Double(n * n * n)
                    progress(done / total)
                }
            }
        }
        return table
    }
}

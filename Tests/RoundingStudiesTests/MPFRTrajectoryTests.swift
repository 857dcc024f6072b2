import Chop
import ChopMPFR
import RoundingStudies
import XCTest

/// The studies' algorithms replayed step by step with GNU MPFR doing every rounding
/// (MPFRReference: exact result, rounded once into the format), compared bit for bit
/// with the studies' runs on RoundedArithmetic.
final class MPFRTrajectoryTests: XCTestCase {
    let mpfr = MPFRReference()

    func testHarmonicSeriesInEveryDeterministicMode() throws {
        for format in [FloatFormat.binary16, .bfloat16, .e4m3] {
            for mode in RoundingMode.deterministic {
                var s = 0.0
                var firstUnchanged: Int?
                var lastChange = 0
                for k in 1...3000 {
                    let t = try mpfr.evaluate(.divide, 1, Double(k), format: format, mode: mode)
                    let next = try mpfr.evaluate(.add, s, t, format: format, mode: mode)
                    if next == s { firstUnchanged = firstUnchanged ?? k } else { lastChange = k }
                    s = next
                    if !s.isFinite { break }
                }
                var g = Xoshiro256StarStar(seed: 1)
                let o = HarmonicStudy.sum(terms: 3000, format: format, mode: mode, using: &g)
                XCTAssertEqual(o.firstUnchanged, firstUnchanged, "\(format) \(mode)")
                XCTAssertEqual(o.lastChange, lastChange, "\(format) \(mode)")
                XCTAssertEqual(o.sum, s, "\(format) \(mode)")
            }
        }
    }

    func testKahanSummation() throws {
        for mode in [RoundingMode.nearestEven, .towardZero, .toOdd] {
            let x = TermDistribution.normal.terms(count: 500, format: .bfloat16, seed: 3)
            var s = 0.0, c = 0.0
            for v in x {
                let y = try mpfr.evaluate(.subtract, v, c, format: .bfloat16, mode: mode)
                let t = try mpfr.evaluate(.add, s, y, format: .bfloat16, mode: mode)
                c = try mpfr.evaluate(.subtract, try mpfr.evaluate(.subtract, t, s, format: .bfloat16, mode: mode), y,
                                      format: .bfloat16, mode: mode)
                s = t
            }
            var g = Xoshiro256StarStar(seed: 1)
            XCTAssertEqual(SummationMethod.kahan.sum(x[...], format: .bfloat16, mode: mode, using: &g), s, "\(mode)")
        }
    }

    func testLUFactorsAndSolve() throws {
        let n = 8
        for (format, mode) in [(FloatFormat.binary16, RoundingMode.nearestEven), (.bfloat16, .towardNegative)] {
            var rn = Xoshiro256StarStar(seed: 0)
            let a64 = LUStudy.makeMatrix(.random, n: n, kappa: 1, seed: 9)
            let a = Matrix(n: n, entries: a64.entries.map { Chop.round($0, to: format, mode: .nearestEven, using: &rn) })
            let b = (0..<n).map { Double($0 + 1) }
            // GEPP with MPFR arithmetic.
            var m = a
            var piv = Array(0..<n)
            for k in 0..<n {
                let p = (k..<n).max { m[$0, k].magnitude < m[$1, k].magnitude || ($0 > $1 && m[$0, k].magnitude == m[$1, k].magnitude) }!
                piv[k] = p
                for j in 0..<n { let t = m[k, j]; m[k, j] = m[p, j]; m[p, j] = t }
                for i in (k + 1)..<max(n, k + 1) {
                    let l = try mpfr.evaluate(.divide, m[i, k], m[k, k], format: format, mode: mode)
                    m[i, k] = l
                    for j in (k + 1)..<n {
                        let prod = try mpfr.evaluate(.multiply, l, m[k, j], format: format, mode: mode)
                        m[i, j] = try mpfr.evaluate(.subtract, m[i, j], prod, format: format, mode: mode)
                    }
                }
            }
            var g = Xoshiro256StarStar(seed: 1)
            let lu = LUFactors(a, format: format, mode: mode, using: &g)
            XCTAssertEqual(lu.pivots, piv)
            XCTAssertEqual(lu.packed.entries, m.entries, "\(format) \(mode)")
            // Substitutions with MPFR arithmetic.
            var x = b
            for k in 0..<n where piv[k] != k { x.swapAt(k, piv[k]) }
            for i in 0..<n {
                for j in 0..<i {
                    let p = try mpfr.evaluate(.multiply, m[i, j], x[j], format: format, mode: mode)
                    x[i] = try mpfr.evaluate(.subtract, x[i], p, format: format, mode: mode)
                }
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in (i + 1)..<max(n, i + 1) {
                    let p = try mpfr.evaluate(.multiply, m[i, j], x[j], format: format, mode: mode)
                    x[i] = try mpfr.evaluate(.subtract, x[i], p, format: format, mode: mode)
                }
                x[i] = try mpfr.evaluate(.divide, x[i], m[i, i], format: format, mode: mode)
            }
            XCTAssertEqual(lu.solve(b, format: format, mode: mode, using: &g), x, "\(format) \(mode)")
        }
    }

    func testEulerDecay() throws {
        for mode in [RoundingMode.nearestEven, .towardNegative, .nearestAway] {
            let c = try mpfr.evaluate(.divide, -1, 300, format: .binary16, mode: .nearestEven)
            var y = 1.0
            for _ in 0..<300 {
                let u = try mpfr.evaluate(.multiply, c, y, format: .binary16, mode: mode)
                y = try mpfr.evaluate(.add, y, u, format: .binary16, mode: mode)
            }
            var g = Xoshiro256StarStar(seed: 1)
            let r = ODEStudy.integrate(steps: 300, endTime: 1, format: .binary16, mode: mode, using: &g)
            XCTAssertEqual(r.c, c)
            XCTAssertEqual(r.y, y, "\(mode)")
        }
    }
}

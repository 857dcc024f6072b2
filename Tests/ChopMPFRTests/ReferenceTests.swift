import CMPFR
import Chop
@testable import ChopMPFR
import XCTest

/// The MPFR reference on values fixed by the format specifications (FORMATS.md, OCP
/// FP8/MX, IEEE 754), its hygiene, and the verifier's power to catch a wrong library.
final class ReferenceTests: XCTestCase {
    let reference = MPFRReference()

    func r(_ x: Double, _ f: FloatFormat, _ m: RoundingMode = .nearestEven) -> Double {
        try! reference.round(x, to: f, mode: m)
    }

    func testSpecificationValues() throws {
        XCTAssertEqual(r(65520, .binary16), .infinity)          // tie between max and 2¹⁶ → even → ∞
        XCTAssertEqual(r(65519.99, .binary16), 65504)
        XCTAssertEqual(r(1e6, .binary16, .towardZero), 65504)
        XCTAssertEqual(r(1e6, .binary16, .toOdd), 65504)
        XCTAssertEqual(r(-1e6, .binary16, .towardPositive), -65504)
        XCTAssertEqual(r(-1e6, .binary16, .towardNegative), -.infinity)
        XCTAssertEqual(r(464, .e4m3fn), 448)                     // tie with the NaN slot → 448
        XCTAssertTrue(r(472, .e4m3fn).isNaN)
        XCTAssertEqual(r(472, FloatFormat.e4m3fn.saturating()), 448)
        XCTAssertTrue(r(.infinity, .e4m3fn).isNaN)
        XCTAssertEqual(r(61440, .e5m2), .infinity)
        XCTAssertEqual(r(59392, .e5m2), 57344)
        XCTAssertEqual(r(1e9, FloatFormat.e5m2.saturating()), 57344)
        XCTAssertEqual(r(1 + 0x1p-8 + 0x1p-40, .bfloat16), 1.0078125)
        XCTAssertEqual(r(1.5, .e8m0fnu), 2)                      // E8M0 ties round up
        XCTAssertTrue(r(0, .e8m0fnu).isNaN)
        XCTAssertTrue(r(-4, .e8m0fnu).isNaN)
        XCTAssertEqual(r(-0.0, .e4m3fnuz).bitPattern, (0.0).bitPattern)
        XCTAssertEqual(r(-1e-30, .binary16, .towardPositive).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(r(1e30, .e2m1fn), 6)
        XCTAssertEqual(r(-.infinity, .e3m2fn), -28)
        XCTAssertEqual(r(2.5, .e2m1fn, .nearestEven), 2)
        XCTAssertEqual(r(2.5, .e2m1fn, .nearestAway), 3)
        XCTAssertEqual(r(-2.5, .e2m1fn, .nearestAway), -3)
        XCTAssertEqual(r(2.25, .e2m1fn, .toOdd), 3)
        XCTAssertEqual(r(0x1p-25, .binary16), 0)                  // min subnormal/2 → 0 (tie, even)
        XCTAssertEqual(r(0x1p-25 * (1 + 0x1p-40), .binary16), 0x1p-24)
        XCTAssertEqual(r(0x1p-15, FloatFormat.binary16.withoutSubnormals()), 0)  // tie 0 / 2⁻¹⁴
        XCTAssertEqual(r(0x1p-15, FloatFormat.binary16.withoutSubnormals(), .nearestAway), 0x1p-14)
        XCTAssertEqual(r(0x1p-1074, .binary64), 0x1p-1074)
        XCTAssertEqual(r(0x1p-1074, .binary32, .towardPositive), 0x1p-149)
    }

    func testOperationsOnSpecificationValues() throws {
        func e(_ op: ReferenceOperation, _ x: [Double], _ f: FloatFormat, _ m: RoundingMode = .nearestEven) -> Double {
            let v = x + [0, 0]
            return try! reference.evaluate(op, v[0], v[1], v[2], format: f, mode: m)
        }
        XCTAssertEqual(e(.add, [1, 0x1p-11], .binary16), 1)             // tie → even
        XCTAssertEqual(e(.add, [1, 0x1p-11], .binary16, .nearestAway), 1 + 0x1p-10)
        XCTAssertEqual(e(.subtract, [1, 1], .binary16, .towardNegative).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(e(.subtract, [1, 1], .binary16, .towardPositive).bitPattern, (0.0).bitPattern)
        XCTAssertEqual(e(.multiply, [1e308, 10], .binary64, .towardZero), .greatestFiniteMagnitude)
        XCTAssertEqual(e(.multiply, [1e308, 10], .binary64), .infinity)
        XCTAssertEqual(e(.divide, [1, 3], .e2m1fn), 0.5)
        XCTAssertEqual(e(.divide, [1, 0], .e2m1fn), 6)                  // ∞ saturates in FP4
        XCTAssertTrue(e(.divide, [0, 0], .binary16).isNaN)
        XCTAssertEqual(e(.squareRoot, [2], .bfloat16), 1.4140625)
        XCTAssertEqual(e(.squareRoot, [-0.0], .binary16).bitPattern, (-0.0).bitPattern)
        XCTAssertTrue(e(.squareRoot, [-1], .binary16).isNaN)
        XCTAssertEqual(e(.fusedMultiplyAdd, [1 + 0x1p-10, 1 - 0x1p-10, -1], .binary16), -0x1p-20)
    }

    func testStochasticModeIsRejectedByDeterministicEntryPoints() {
        XCTAssertThrowsError(try reference.round(1, to: .binary16, mode: .stochastic())) { error in
            XCTAssertEqual(error as? MPFRReferenceError, .stochasticMode("stochastic"))
        }
    }

    /// Every call restores MPFR's exponent range, and the range is thread-local.
    func testExponentRangeRestoredAndThreadLocal() {
        XCTAssertNotEqual(mpfr_buildopt_tls_p(), 0, "MPFR must be built with thread-local storage")
        let emin = mpfr_get_emin(), emax = mpfr_get_emax()
        _ = reference.results(rounding: 0x1p-30, to: .e4m3fn)
        _ = reference.results(.divide, 1, 3, format: FloatFormat.binary16.withoutSubnormals())
        _ = reference.stochastic(rounding: 0.3, to: .e2m1fn, mode: .stochastic())
        XCTAssertEqual(mpfr_get_emin(), emin)
        XCTAssertEqual(mpfr_get_emax(), emax)
    }

    /// The verifier finds a library that is wrong in one mode only.
    func testVerifierCatchesWrongDeterministicLibrary() {
        let verifier = Verifier(seed: 5, threads: 2)
        // Ties-away implemented as ties-to-even: wrong exactly on ties.
        let source = verifier.roundingSource(format: .e4m3fn, samples: 2000)
        let rows = verifier.verify(source: source, format: .e4m3fn, modes: [.nearestEven, .nearestAway], name: "round") {
            c, format, mode, g in
            Chop.round(c.x, to: format, mode: mode == .nearestAway ? .nearestEven : mode, using: &g)
        }
        XCTAssertEqual(rows[0].mismatches, 0)
        XCTAssertGreaterThan(rows[1].mismatches, 0)
        XCTAssertNotNil(rows[1].firstMismatch)
    }

    /// The verifier finds a stochastic rounding whose probabilities are slightly off
    /// (4 random bits instead of all), and one that is biased by 5% on every input.
    func testVerifierCatchesWrongStochasticLibrary() {
        var verifier = Verifier(seed: 6, threads: 2)
        verifier.trialsPerInput = 1000
        verifier.maximumTestedInputs = 200
        let source = verifier.roundingSource(format: .bfloat16, samples: 4000)
        var rows = verifier.verify(source: source, format: .bfloat16, modes: [.stochastic()], name: "round") {
            c, format, _, g in
            Chop.round(c.x, to: format, mode: .stochastic(randomBits: 4), using: &g)
        }
        XCTAssertGreaterThan(rows[0].mismatches, 0, rows[0].note ?? "")
        rows = verifier.verify(source: source, format: .bfloat16, modes: [.stochastic()], name: "round") {
            c, format, _, g in
            // Round toward zero 5% of the time regardless, else proportionally.
            if g.next() % 20 == 0 { return Chop.round(c.x, to: format, mode: .towardZero, using: &g) }
            return Chop.round(c.x, to: format, mode: .stochastic(), using: &g)
        }
        XCTAssertGreaterThan(rows[0].mismatches, 0, rows[0].note ?? "")
    }

    func testStatisticalBound() {
        // Variance 0: only the Bernstein range term remains, log(2e9)/3·2 ≈ 14.3.
        XCTAssertEqual(StatisticalBound.threshold(variance: 0), 2 * log(2e9) / 3, accuracy: 1e-9)
        // Large variance: ≈ √(2 v log(2/α)).
        let v = 1e8
        XCTAssertEqual(StatisticalBound.threshold(variance: v) / (2 * v * log(2e9)).squareRoot(), 1, accuracy: 1e-3)
    }
}

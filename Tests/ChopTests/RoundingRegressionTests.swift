import Chop
import XCTest

/// Named regression tests for the classic pitfalls of low-precision rounding. Every
/// expected value is written from the format specifications (IEEE 754, OCP FP8/MX,
/// FORMATS.md) by hand, not taken from the library's output.
final class RoundingRegressionTests: XCTestCase {
    func r(_ x: Double, _ f: FloatFormat, _ m: RoundingMode = .nearestEven) -> Double {
        Chop.round(x, to: f, mode: m)
    }

    func assertBits(_ a: Double, _ b: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.bitPattern, b.bitPattern, "\(a) vs \(b) \(message)", file: file, line: line)
    }

    /// 65520 is the midpoint of 65504 (odd significand) and 2¹⁶: ties-to-even goes up,
    /// and 2¹⁶ overflows, so the result is ∞. Just below the midpoint stays at max.
    func testBinary16OverflowThreshold() {
        XCTAssertEqual(r(65520, .binary16), .infinity)
        XCTAssertEqual(r(65519.99, .binary16), 65504)
        XCTAssertEqual(r(-65520, .binary16), -.infinity)
        XCTAssertEqual(r(65520, .binary16, .nearestAway), .infinity)
    }

    /// Values in [2¹⁶, 2¹⁷) overflow to ∞ (an exponent wrap-around would give 0 or a
    /// tiny number).
    func testBinary16AboveRangeIsInfinityNeverZero() {
        for x in [65536.0, 65537, 98304, 131071.99, 0x1.fffp16] {
            XCTAssertEqual(r(x, .binary16), .infinity, "\(x)")
            XCTAssertEqual(r(-x, .binary16), -.infinity, "\(-x)")
            XCTAssertEqual(r(x, .binary16, .towardZero), 65504, "\(x)")
        }
    }

    /// Toward +∞ rounds a tiny negative number to −0, not +0.
    func testTowardPositiveOfTinyNegativeIsNegativeZero() {
        assertBits(r(-1e-30, .binary16, .towardPositive), -0.0)
        assertBits(r(-1e-30, .e4m3fn, .towardZero), -0.0)
        assertBits(r(-1e-50, .bfloat16, .towardPositive), -0.0)
        XCTAssertEqual(r(-1e-30, .binary16, .towardNegative), -0x1p-24)
    }

    /// E4M3FN: 464 is the tie between 448 (significand 1.110) and the NaN slot 480;
    /// ties-to-even picks 448. 472 rounds to 480 and is NaN (non-saturating).
    func testE4M3FNTopBinade() {
        XCTAssertEqual(r(464, .e4m3fn), 448)
        XCTAssertTrue(r(472, .e4m3fn).isNaN)
        XCTAssertEqual(r(472, FloatFormat.e4m3fn.saturating()), 448)
        XCTAssertTrue(r(.infinity, .e4m3fn).isNaN)
        XCTAssertEqual(r(-464, .e4m3fn), -448)
    }

    /// E5M2: 61440 is the tie between 57344 (1.11·2¹⁵, odd) and 2¹⁶ → ∞; 59392 is below
    /// the tie.
    func testE5M2Overflow() {
        XCTAssertEqual(r(61440, .e5m2), .infinity)
        XCTAssertEqual(r(59392, .e5m2), 57344)
        XCTAssertEqual(r(61440, FloatFormat.e5m2.saturating()), 57344)
    }

    /// bfloat16 (8 bits): 1 + 2⁻⁸ + 2⁻⁴⁰ is just above the tie between 1 and 1 + 2⁻⁷,
    /// so it rounds up (double rounding through binary32 would not change it here, but a
    /// kernel that drops bits below 2⁻²⁴ would see an exact tie and round to 1).
    func testBFloat16JustAboveTie() {
        XCTAssertEqual(r(1 + 0x1p-8 + 0x1p-40, .bfloat16), 1.0078125)
        XCTAssertEqual(r(1 + 0x1p-8, .bfloat16), 1)
        XCTAssertEqual(r(1 + 0x1p-8 - 0x1p-40, .bfloat16), 1)
    }

    /// Round-to-odd leaves exact values alone (also those with an even last bit) and
    /// makes inexact ones odd.
    func testToOddLeavesExactValuesAlone() {
        XCTAssertEqual(r(2, .binary16, .toOdd), 2)
        XCTAssertEqual(r(1.5, .binary16, .toOdd), 1.5)
        XCTAssertEqual(r(4, .e2m1fn, .toOdd), 4)
        XCTAssertEqual(r(1 + 0x1p-12, .binary16, .toOdd), 1 + 0x1p-10)
        XCTAssertEqual(r(1 + 0x1p-10 + 0x1p-12, .binary16, .toOdd), 1 + 0x1p-10)
        // 4.5 lies between 4 (significand 1.0, even) and 6 (1.1, odd).
        XCTAssertEqual(r(4.5, .e2m1fn, .toOdd), 6)
        XCTAssertEqual(r(-4.5, .e2m1fn, .toOdd), -6)
    }

    /// Ties-away is symmetric: negative ties go away from zero too.
    func testNearestAwayIsSymmetric() {
        XCTAssertEqual(r(2.5, .e2m1fn, .nearestAway), 3)
        XCTAssertEqual(r(-2.5, .e2m1fn, .nearestAway), -3)
        XCTAssertEqual(r(-(1 + 0x1p-11), .binary16, .nearestAway), -(1 + 0x1p-10))
        XCTAssertEqual(r(-(1 + 0x1p-11), .binary16, .nearestEven), -1)
        XCTAssertEqual(r(-0x1p-25, .binary16, .nearestAway), -0x1p-24)
    }

    /// Near-ties in the subnormal range use the subnormal quantum 2⁻²⁴ (binary16).
    func testSubnormalNearTies() {
        XCTAssertEqual(r(0x1p-25, .binary16), 0)                          // min/2: tie → 0 (even)
        XCTAssertEqual(r(0x1p-25 * (1 + 0x1p-40), .binary16), 0x1p-24)
        XCTAssertEqual(r(0x1p-25 * (1 - 0x1p-40), .binary16), 0)
        XCTAssertEqual(r(1.5 * 0x1p-24, .binary16), 0x1p-23)              // tie 1 (odd) / 2 (even)
        XCTAssertEqual(r(2.5 * 0x1p-24, .binary16), 0x1p-23)              // tie 2 (even) / 3
        XCTAssertEqual(r(2.5 * 0x1p-24 * (1 + 0x1p-40), .binary16), 3 * 0x1p-24)
        XCTAssertEqual(r(0x1p-14 - 0x1p-26, .binary16), 0x1p-14)         // top of the subnormals
        XCTAssertEqual(r(0x1p-14 - 0x1p-26, .binary16, .towardZero), 0x1p-14 - 0x1p-24)
    }

    /// The smallest binary64 subnormal as input.
    func testSmallestDoubleAsInput() {
        XCTAssertEqual(r(0x1p-1074, .binary64), 0x1p-1074)
        XCTAssertEqual(r(0x1p-1074, .binary16), 0)
        XCTAssertEqual(r(0x1p-1074, .binary16, .towardPositive), 0x1p-24)
        XCTAssertEqual(r(0x1p-1074, .binary32, .towardPositive), 0x1p-149)
        XCTAssertEqual(r(-0x1p-1074, .bfloat16, .towardNegative), -0x1p-133)
        XCTAssertEqual(r(0x1p-1074, .binary16, .toOdd), 0x1p-24)
    }

    /// Toward zero never overflows to ∞: 10⁶ in binary16 is max.
    func testTowardZeroSaturatesAtMax() {
        XCTAssertEqual(r(1e6, .binary16, .towardZero), 65504)
        XCTAssertEqual(r(-1e6, .binary16, .towardZero), -65504)
        XCTAssertEqual(r(1e6, .binary16, .towardNegative), 65504)
        XCTAssertEqual(r(1e6, .binary16, .towardPositive), .infinity)
    }

    /// FNUZ formats have no −0: −0 and tiny negatives give +0.
    func testFNUZNegativeZeroBecomesPositiveZero() {
        assertBits(r(-0.0, .e4m3fnuz), 0.0)
        assertBits(r(-1e-10, .e5m2fnuz), 0.0)
        assertBits(r(-1e-10, .e4m3b11fnuz, .towardZero), 0.0)
        XCTAssertTrue(r(1e10, .e4m3fnuz).isNaN)
    }

    /// E8M0: powers of two only; ties round up (1.5 → 2, as ml_dtypes and the OCP MX
    /// scale rule); zero and negatives are NaN.
    func testE8M0() {
        XCTAssertEqual(r(1.5, .e8m0fnu), 2)
        XCTAssertEqual(r(3, .e8m0fnu), 4)
        XCTAssertEqual(r(0.75, .e8m0fnu), 1)
        XCTAssertEqual(r(1.4, .e8m0fnu), 1)
        XCTAssertTrue(r(0, .e8m0fnu).isNaN)
        XCTAssertTrue(r(-1, .e8m0fnu).isNaN)
        XCTAssertEqual(r(0x1p-127, .e8m0fnu), 0x1p-127)
        XCTAssertEqual(r(0x1p127, .e8m0fnu), 0x1p127)
    }

    /// FP4 E2M1: the non-negative values are 0, 0.5, 1, 1.5, 2, 3, 4, 6; ties to even;
    /// overflow and ∞ saturate at ±6.
    func testFP4Values() {
        let values: [Double] = [0, 0.5, 1, 1.5, 2, 3, 4, 6]
        for (code, v) in values.enumerated() {
            XCTAssertEqual(FloatFormat.e2m1fn.decode(UInt64(code)), v)
            XCTAssertEqual(FloatFormat.e2m1fn.decode(UInt64(code) | 8), -v)
            XCTAssertEqual(r(v, .e2m1fn), v)
        }
        XCTAssertEqual(r(0.25, .e2m1fn), 0)
        XCTAssertEqual(r(0.75, .e2m1fn), 1)
        XCTAssertEqual(r(1.25, .e2m1fn), 1)
        XCTAssertEqual(r(2.5, .e2m1fn), 2)
        XCTAssertEqual(r(3.5, .e2m1fn), 4)
        XCTAssertEqual(r(5, .e2m1fn), 4)
        XCTAssertEqual(r(5.01, .e2m1fn), 6)
        XCTAssertEqual(r(7, .e2m1fn), 6)
        XCTAssertEqual(r(1e300, .e2m1fn), 6)
        XCTAssertEqual(r(-.infinity, .e2m1fn), -6)
    }
}

import CMPFR
import Chop
@testable import ChopMPFR
import XCTest

/// bfloat16 without exponent limits at the type level.
enum BFloat16Binary64RangeSpec: EmulatedFormatSpec {
    typealias Storage = UInt32
    static let format = FloatFormat.bfloat16.withoutExponentLimits()
}

/// ``FloatFormat/withoutExponentLimits()``: the significand rounded to p bits and
/// nothing else. Reference: MPFR with precision p and MPFR's own (practically
/// unbounded) exponent range, `mpfr_set_d` in the direction of the mode — no format
/// range is involved — for every binary64-normal result; and the full MPFR format
/// reference (all modes, overflow and subnormals) on the derived format.
final class ExponentLimitsTests: XCTestCase {
    let reference = MPFRReference()

    /// `x` rounded to `p` significant bits in direction `rnd`, binary64's range not
    /// applied (nil when the result is not a finite binary64 value).
    func significandRounded(_ x: Double, bits p: Int, _ rnd: mpfr_rnd_t) -> Double? {
        var y = mpfr_t()
        mpfr_init2(&y, mpfr_prec_t(p))
        defer { mpfr_clear(&y) }
        mpfr_set_d(&y, x, rnd)
        let e = mpfr_get_exp(&y)
        guard mpfr_number_p(&y) != 0, mpfr_zero_p(&y) == 0, e >= -1021, e <= 1024 else { return nil }
        return mpfr_get_d(&y, MPFR_RNDN)   // exact: p ≤ 53 bits, normal range
    }

    /// Random values over binary64's range, and values just beyond each format's
    /// largest finite value and below its least normal.
    func inputs(for format: FloatFormat, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        var xs: [Double] = [format.maxFinite * 1.5, format.maxFinite * 2, format.maxFinite * 1e10,
                            format.minNormal / 3, format.minPositive / 7, format.minNormal * 0x1p-100,
                            1e300, -1e300, 1e-300, 0x1.fffffffffffffp1023, 0x1p-1022, 0x1.8p-1030]
        for _ in 0..<3000 {
            let significand = 1 + Double(g.next() >> 12) * 0x1p-52
            let exponent = Int(g.next() % 2046) - 1022
            let x = Double(sign: g.next() & 1 == 0 ? .plus : .minus, exponent: exponent, significand: significand)
            xs.append(x)
        }
        return xs
    }

    func testSignificandOnlyRoundingAgainstMPFR() {
        let directions: [(RoundingMode, mpfr_rnd_t)] = [
            (.nearestEven, MPFR_RNDN), (.towardZero, MPFR_RNDZ), (.towardPositive, MPFR_RNDU),
            (.towardNegative, MPFR_RNDD)]
        var beyondRange = 0
        for (index, base) in ([FloatFormat.binary16, .bfloat16, .tf32, .binary32, .e4m3fn, .e5m2, .e5m2fnuz, .e2m1fn,
                               .e8m0fnu, try! FloatFormat(exponentBits: 6, significandBits: 40)]).enumerated() {
            let format = base.withoutExponentLimits()
            XCTAssertEqual(format.precision, base.precision)
            XCTAssertEqual(format.emax, 1023)
            XCTAssertEqual(format.emin, -1022)
            let xs = inputs(for: base, seed: UInt64(index))
            for x in xs {
                let all = reference.results(rounding: x, to: format)
                for mode in RoundingMode.deterministic {
                    let ours = round(x, to: format, mode: mode)
                    XCTAssertTrue(ours.bitPattern == all[mode].bitPattern, "\(format.name) \(mode.name) \(x): \(ours) vs \(all[mode])")
                }
                for (mode, rnd) in directions {
                    guard let want = significandRounded(x, bits: base.precision, rnd) else { continue }
                    let ours = round(x, to: format, mode: mode)
                    if ours != want { XCTFail("\(format.name) \(mode.name) \(x): \(ours), p-bit rounding \(want)"); return }
                    if x.magnitude > base.maxFinite * 2 || x.magnitude < base.minNormal { beyondRange += 1 }
                }
            }
            // Arrays use the same format data.
            let arrayResult = xs.rounded(to: format, mode: .towardZero)
            XCTAssertEqual(arrayResult.map(\.bitPattern), xs.map { round($0, to: format, mode: .towardZero).bitPattern })
        }
        XCTAssertGreaterThan(beyondRange, 10_000)   // most inputs lie outside the original ranges
    }

    /// Typed arithmetic over the derived format: products far beyond bfloat16's range.
    func testTypedFloatsHonourIt() {
        typealias Wide = Emulated<BFloat16Binary64RangeSpec, Rounding.NearestEven>
        let a = Wide(1e30), b = Wide(3e30)
        XCTAssertEqual((a * b).doubleValue, significandRounded(a.doubleValue * b.doubleValue, bits: 8, MPFR_RNDN))
        XCTAssertEqual(Wide(1e-300).doubleValue, significandRounded(1e-300, bits: 8, MPFR_RNDN))
        XCTAssertEqual(BFloat16(1e30 * 3e30).doubleValue, .infinity)   // the limited format overflows
        XCTAssertEqual((Wide(0x1p1000) * Wide(0x1p100)).doubleValue, .infinity)   // binary64's own overflow
    }
}

import CMPFR
import Chop
@testable import ChopMPFR
import XCTest

/// ``FloatFormat/shortestDecimal(_:)`` for the formats Swift has no type for, against
/// MPFR: every value's string, read by `mpfr_strtofr` and rounded to the format to
/// nearest-even, is the value again; and no decimal with fewer significant digits
/// reads back — the only candidates are the value rounded down and up to k digits,
/// which MPFR's `mpfr_get_str` produces exactly.
final class ShortestDecimalReadBackTests: XCTestCase {
    let reference = MPFRReference()

    /// The exact value rounded to nearest-even in `format` after MPFR parses `text`.
    func readBack(_ text: String, _ format: FloatFormat) -> Double {
        reference.evaluateAll(format: format) { y, rnd in mpfr_strtofr(y, text, nil, 10, rnd) }.nearestEven
    }

    /// `v` rounded to `k` significant decimal digits in direction `rnd`, as text.
    func decimal(_ v: Double, digits k: Int, _ rnd: mpfr_rnd_t) -> String {
        var x = mpfr_t()
        mpfr_init2(&x, 64)
        defer { mpfr_clear(&x) }
        mpfr_set_d(&x, v, MPFR_RNDN)
        var exponent: mpfr_exp_t = 0
        let s = mpfr_get_str(nil, &exponent, 10, k, &x, rnd)!
        defer { mpfr_free_str(s) }
        var digits = String(cString: s)
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        return (negative ? "-" : "") + "0." + digits + "e\(exponent)"
    }

    /// Significant digits of a printed decimal (`0.00012` → 2, `3.39e+38` → 3).
    func significantDigits(_ s: String) -> Int {
        let mantissa = s.split(separator: "e").first!
        let digits = mantissa.filter(\.isNumber).drop(while: { $0 == "0" })
        return max(1, String(digits.reversed()).drop(while: { $0 == "0" }).count)
    }

    func check(_ format: FloatFormat, codes: [UInt64]) -> (checked: Int, failures: [String]) {
        var failures: [String] = []
        var checked = 0
        let p = format.precision
        for code in codes {
            let v = format.decode(code)
            // Finite nonzero values of the format (subnormal codes are not values of a
            // format without subnormals).
            guard v.isFinite, v != 0, Chop.round(v, to: format).bitPattern == v.bitPattern else { continue }
            let s = format.shortestDecimal(v)
            checked += 1
            if readBack(s, format).bitPattern != v.bitPattern {
                failures.append("\(format.name) \(v): '\(s)' reads back as \(readBack(s, format))")
                continue
            }
            let magnitude = v.magnitude
            if magnitude >= Double(sign: .plus, exponent: p, significand: 1)
                && magnitude <= Double(sign: .plus, exponent: max(p, 16), significand: 1) {
                // Plain form of an integer ≥ 2^p: all its digits, by design (as Float16).
                if Double(s) != v { failures.append("\(format.name) \(v): '\(s)' is not the integer") }
                continue
            }
            // Documented ends of the interval: the largest finite value of a saturating
            // format (every larger decimal reads back as it) and the least value of E8M0
            // (no zero: every smaller decimal reads back as it).
            let isSaturatedMax = format.overflow == .saturate && magnitude == format.maxFinite
            let isUnboundedMin = !format.hasZero && magnitude == format.minPositive
            for k in 1..<significantDigits(s) {
                let down = decimal(v, digits: k, MPFR_RNDD), up = decimal(v, digits: k, MPFR_RNDU)
                let towardZero = v > 0 ? down : up, awayFromZero = v > 0 ? up : down
                if !isUnboundedMin && readBack(towardZero, format).bitPattern == v.bitPattern {
                    failures.append("\(format.name) \(v): shorter '\(towardZero)' reads back, printed '\(s)'")
                }
                if !isSaturatedMax && readBack(awayFromZero, format).bitPattern == v.bitPattern {
                    failures.append("\(format.name) \(v): shorter '\(awayFromZero)' reads back, printed '\(s)'")
                }
            }
        }
        return (checked, failures)
    }

    /// bfloat16 exhaustively (65 536 encodings) and every encoding of the 8-, 6- and
    /// 4-bit formats; the parts of the variants where they differ: binary16 without
    /// subnormals near its least normal, saturating bfloat16 near its maximum, and all
    /// of saturating E5M2.
    func testExhaustiveNarrowFormats() {
        var cases = FloatFormat.builtIns.filter { $0.bitWidth <= 16 && $0.name != "binary16" }.map {
            ($0, (0..<(UInt64(1) << UInt64($0.bitWidth))).map { $0 })
        }
        let bothSigns = { (codes: [UInt64], signBit: UInt64) in codes + codes.map { $0 | signBit } }
        cases.append((FloatFormat.binary16.withoutSubnormals(), bothSigns(Array(0..<0x0c00), 0x8000)))
        cases.append((FloatFormat.bfloat16.saturating(), bothSigns(Array(0x7e00..<0x7f80), 0x8000)))
        cases.append((FloatFormat.e5m2.saturating(), Array(0..<256)))
        var total = 0
        for (format, codes) in cases {
            let (checked, failures) = check(format, codes: codes)
            total += checked
            XCTAssertEqual(failures.count, 0, "\(format.name): " + failures.prefix(10).joined(separator: "; "))
        }
        XCTAssertGreaterThan(total, 65_000 + 2 * 0x0400)
    }

    /// TF32 (19 bits) on a random sample of encodings.
    func testTF32Sample() {
        var g = Xoshiro256StarStar(seed: 19)
        let codes = (0..<20_000).map { _ in g.next() & ((1 << 19) - 1) }
        let (checked, failures) = check(.tf32, codes: codes)
        XCTAssertGreaterThan(checked, 19_000)
        XCTAssertEqual(failures.count, 0, failures.prefix(10).joined(separator: "; "))
    }
}

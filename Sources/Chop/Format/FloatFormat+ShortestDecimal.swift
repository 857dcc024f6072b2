// The shortest decimal that reads back as the same value of a format.
//
// Method: a positive value v of the format has a rounding interval [lo, hi] — the
// midpoints to its neighbours in the format — and a decimal reads back as v under
// round-to-nearest-even exactly when it lies strictly inside, or on an endpoint that
// itself rounds to v (the kernel, the same rounding as text conversion, decides each
// endpoint, so ties, the asymmetric interval at a power of two, the bottom of a format
// without subnormals and every overflow policy are handled by the format's own rule).
// For k = 1, 2, … significant digits, the only k-digit decimals that can lie in the
// interval are the two nearest v: ⌊v⌋ₖ and ⌈v⌉ₖ; the first k for which one of them
// lies in the interval gives the answer (the nearer of the two when both do, the even
// one on a tie). Every comparison is exact: v, lo and hi are integers times a common
// power of two (they need at most p + 3 ≤ 55 bits), and the candidates are integers
// times a power of ten, compared by cross-multiplication in big integers (BigInt).
// One departure from "shortest", taken from Swift's Float16: in plain form a value
// of at least 2^p (an integer) prints all its digits.
//
// The printed form follows Swift's own `Float`/`Double`: `0.1`, `1.0`, `100.0`,
// `0.0001`, `1e-05`, `3.3554432e+07`, `-0.0`, `inf`, `nan`.

import BigInt

extension FloatFormat {
    /// The shortest decimal string that reads back as `value` in this format, printed
    /// as Swift prints `Float` and `Double`.
    ///
    /// "Reads back" means: the exact decimal, rounded once to the format to nearest
    /// (ties to even) — as ``NumberLiteral/rounded(to:mode:using:)``,
    /// `round(parsing:to:mode:using:)` and the typed floats' `init?(_:)` in a nearest
    /// mode do — gives `value` again. Among the shortest such decimals the one nearest
    /// `value` is printed (the even last digit on a tie). `BFloat16(0.1)` prints `0.1`,
    /// not its exact value 0.10009765625.
    ///
    /// - Form: plain decimal with at least one digit after the point (`1.0`, `0.001`,
    ///   `65504.0`) when the decimal exponent is at least −4 and |value| ≤ 2^max(p, 16)
    ///   (p the precision: 2^24 for binary32 and 2^53 for binary64, as Swift's `Float`
    ///   and `Double`; 2^16 for the narrower formats, which covers binary16's range as
    ///   `Float16` does); otherwise exponent form with a signed, at least two-digit
    ///   exponent (`1e-05`, `3.39e+38`). In plain form a value of at least 2^p, which is
    ///   an integer, prints all its digits, as `Float16` prints 8208 as `8208.0` rather
    ///   than the shorter `8210.0` that would also read back.
    /// - Edge cases: ±0 print `0.0` and `-0.0`; ±∞ print `inf` and `-inf`; NaN prints
    ///   `nan`. The largest finite value's interval ends at the midpoint to the value
    ///   the next exponent would give (so in a saturating format, where every larger
    ///   decimal reads back as the maximum, the string is still a nearby number, and it
    ///   reads back under every overflow policy); the least value of a format without
    ///   zero (E8M0) likewise ends at the midpoint below it. Subnormals need no special
    ///   case. Formats of binary64's precision (p = 53) print `Double`'s description,
    ///   which is the same rule for binary64.
    /// - A `value` that is not a value of the format is first rounded to it (to
    ///   nearest, ties to even).
    public func shortestDecimal(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if precision > 52 { return value.description }
        var v = value
        if Chop.round(value, to: self, mode: .nearestEven).bitPattern != value.bitPattern {
            v = Chop.round(value, to: self, mode: .nearestEven)
            if v.isNaN { return "nan" }
        }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == 0 { return v.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = v.magnitude
        let exponentialAbove = Double(sign: .plus, exponent: max(precision, 16), significand: 1)
        let integral = Double(sign: .plus, exponent: precision, significand: 1)
        if magnitude >= integral && magnitude <= exponentialAbove {
            // Every value from 2^p up is an integer; printed in full, as `Float16` does.
            return (v.sign == .minus ? "-" : "") + String(UInt64(magnitude)) + ".0"
        }
        let digits = ShortestDecimal.digits(of: magnitude, in: self)
        return ShortestDecimal.format(
            negative: v.sign == .minus, digits: digits.significand, exponent: digits.exponent,
            exponential: magnitude > exponentialAbove)
    }
}

/// The digit search and the printed form behind ``FloatFormat/shortestDecimal(_:)``.
enum ShortestDecimal {
    /// `x = n · 2^e` with an integer n (x finite, positive).
    static func integerTimesPowerOfTwo(_ x: Double) -> (n: UInt64, e: Int) {
        let width = x.significandWidth
        let n = UInt64(x.significand * Double(sign: .plus, exponent: width, significand: 1))
        return (n, Int(x.exponent) - width)
    }

    /// The rounding interval of the positive format value `v`: its endpoints (exact
    /// binary64 values, since p ≤ 52) and whether each reads back as `v`.
    static func interval(of v: Double, in format: FloatFormat) -> (low: Double, lowIn: Bool, high: Double, highIn: Bool) {
        let leading = Int(v.exponent)
        let m = format.significandBits
        let quantum = format.subnormals ? max(leading, format.emin) - m : leading - m
        let halfGap = Double(sign: .plus, exponent: quantum - 1, significand: 1)
        let isPowerOfTwo = v.significandBitPattern == 0 && leading >= format.emin
        let low: Double
        if isPowerOfTwo && leading == format.emin && !format.subnormals && format.hasZero {
            low = v / 2                    // the least normal without subnormals: 0 is next
        } else if isPowerOfTwo && (leading > format.emin || !format.hasZero) {
            low = v - halfGap / 2          // the binade below has half the gap
        } else {
            low = v - halfGap
        }
        let high = v + halfGap
        let lowIn = Chop.round(low, to: format, mode: .nearestEven).bitPattern == v.bitPattern
        let highIn = Chop.round(high, to: format, mode: .nearestEven).bitPattern == v.bitPattern
        return (low, lowIn, high, highIn)
    }

    /// The shortest decimal `significand · 10^exponent` in the rounding interval of the
    /// positive format value `v` (the significand without trailing zeros).
    static func digits(of v: Double, in format: FloatFormat) -> (significand: UInt64, exponent: Int) {
        let range = interval(of: v, in: format)
        let (nv, ev) = integerTimesPowerOfTwo(v)
        let (nl, el) = integerTimesPowerOfTwo(range.low)
        let (nh, eh) = integerTimesPowerOfTwo(range.high)
        let f = min(ev, el, eh)
        // v, low and high as integers times 2^f (at most 55 bits each).
        let b = nv << UInt64(ev - f), a = nl << UInt64(el - f), c = nh << UInt64(eh - f)
        // An estimate of ⌊log₁₀ v⌋, corrected below by the first digit.
        var leadingDecimal = Int((Double(Int(v.exponent)) * 0.30102999566398120).rounded(.down))
        var k = 1
        while k <= 17 {
            let x = leadingDecimal - (k - 1)   // the candidates are D · 10^x
            var scale = Scale(binaryExponent: f, decimalExponent: x)
            let (q, exact) = scale.quotient(b)   // v / 10^x = q + remainder/den
            if k == 1 {
                if q >= 10 { leadingDecimal += 1; continue }
                if q == 0 { leadingDecimal -= 1; continue }
            }
            if exact { return normalized(q, x) }   // v itself has k digits
            let lowSign = scale.compare(candidate: q, with: a)
            let lowInside = lowSign > 0 || (lowSign == 0 && range.lowIn)
            let highSign = scale.compare(candidate: q + 1, with: c)
            let highInside = highSign < 0 || (highSign == 0 && range.highIn)
            if lowInside && highInside {
                let toHigh = scale.compareRemainderToHalf()
                if toHigh > 0 || (toHigh == 0 && q & 1 == 1) { return normalized(q + 1, x) }
                return normalized(q, x)
            }
            if lowInside { return normalized(q, x) }
            if highInside { return normalized(q + 1, x) }
            k += 1
        }
        // Unreachable for p ≤ 52: 17 digits separate all binary64 values.
        preconditionFailure("no decimal of 17 digits reads back as \(v)")
    }

    static func normalized(_ d: UInt64, _ x: Int) -> (significand: UInt64, exponent: Int) {
        var d = d, x = x
        while d % 10 == 0 { d /= 10; x += 1 }
        return (d, x)
    }

    /// Exact comparisons of D · 10^x with N · 2^f: both sides scaled to integers,
    /// `N · factor` and `D · den` with factor = 2^max(f, 0) · 10^max(−x, 0) and
    /// den = 2^max(−f, 0) · 10^max(x, 0).
    struct Scale {
        let factor: BigUInt
        let den: BigUInt
        var remainder: BigUInt = 0

        init(binaryExponent f: Int, decimalExponent x: Int) {
            var factor = BigUInt(1) << max(f, 0)
            var den = BigUInt(1) << max(-f, 0)
            if x < 0 { factor *= BigUInt(10).power(-x) } else { den *= BigUInt(10).power(x) }
            self.factor = factor
            self.den = den
        }

        /// ⌊N·2^f / 10^x⌋ and whether the division is exact (the remainder is kept
        /// for ``compareRemainderToHalf()``).
        mutating func quotient(_ n: UInt64) -> (UInt64, Bool) {
            let (q, r) = (BigUInt(n) * factor).quotientAndRemainder(dividingBy: den)
            remainder = r
            return (UInt64(q), r.isZero)
        }

        /// The sign of D·10^x − N·2^f.
        func compare(candidate d: UInt64, with n: UInt64) -> Int {
            let lhs = BigUInt(d) * den, rhs = BigUInt(n) * factor
            return lhs < rhs ? -1 : lhs > rhs ? 1 : 0
        }

        /// The sign of r/den − ½ for the last quotient's remainder.
        func compareRemainderToHalf() -> Int {
            let twice = remainder << 1
            return twice < den ? -1 : twice > den ? 1 : 0
        }
    }

    /// Swift's `Float`/`Double` layout of `±digits · 10^exponent`.
    /// Exponent form when `exponential` or when the decimal exponent is below −4.
    static func format(negative: Bool, digits d: UInt64, exponent x: Int, exponential: Bool) -> String {
        let text = String(d)
        let n = text.count
        let e10 = x + n - 1   // scientific exponent
        var out = negative ? "-" : ""
        if e10 < -4 || exponential {
            out.append(text.first!)
            if n > 1 { out += "." + text.dropFirst() }
            out += e10 < 0 ? "e-" : "e+"
            let magnitudeText = String(abs(e10))
            if magnitudeText.count < 2 { out += "0" }
            out += magnitudeText
        } else if e10 < 0 {
            out += "0." + String(repeating: "0", count: -e10 - 1) + text
        } else if n <= e10 + 1 {
            out += text + String(repeating: "0", count: e10 + 1 - n) + ".0"
        } else {
            out += text.prefix(e10 + 1) + "." + text.dropFirst(e10 + 1)
        }
        return out
    }
}

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
// times a power of ten, compared by cross-multiplication in 128-bit integers, or in
// big integers (BigInt) when 128 bits overflow.
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
            var step: Step? = nil
            if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *),
               var small = SmallScale(binaryExponent: f, decimalExponent: x) {
                step = decide(&small, k: k, v: b, low: a, high: c, range: range)
            }
            if step == nil {
                var big = BigScale(binaryExponent: f, decimalExponent: x)
                step = decide(&big, k: k, v: b, low: a, high: c, range: range)
            }
            switch step! {
            case .leadingDigitTooLow: leadingDecimal -= 1
            case .leadingDigitTooHigh: leadingDecimal += 1
            case .found(let d): return normalized(d, x)
            case .moreDigits: k += 1
            }
        }
        // Unreachable for p ≤ 52: 17 digits separate all binary64 values.
        preconditionFailure("no decimal of 17 digits reads back as \(v)")
    }

    /// What one digit count k tells: the answer, or go on.
    enum Step { case leadingDigitTooLow, leadingDigitTooHigh, found(UInt64), moreDigits }

    /// The decision for the candidates D·10^x around v = b·2^f (low = a·2^f, high =
    /// c·2^f), or nil when `scale` cannot do the arithmetic (128-bit overflow).
    static func decide<S: DecimalScale>(
        _ scale: inout S, k: Int, v b: UInt64, low a: UInt64, high c: UInt64,
        range: (low: Double, lowIn: Bool, high: Double, highIn: Bool)
    ) -> Step? {
        guard let (q, exact) = scale.quotient(b) else { return nil }   // v / 10^x = q + remainder/den
        if k == 1 {
            if q >= 10 { return .leadingDigitTooHigh }
            if q == 0 { return .leadingDigitTooLow }
        }
        if exact { return .found(q) }   // v itself has k digits
        guard let lowSign = scale.compare(candidate: q, with: a),
              let highSign = scale.compare(candidate: q + 1, with: c) else { return nil }
        let lowInside = lowSign > 0 || (lowSign == 0 && range.lowIn)
        let highInside = highSign < 0 || (highSign == 0 && range.highIn)
        if lowInside && highInside {
            let toHigh = scale.compareRemainderToHalf()
            return .found(toHigh > 0 || (toHigh == 0 && q & 1 == 1) ? q + 1 : q)
        }
        if lowInside { return .found(q) }
        if highInside { return .found(q + 1) }
        return .moreDigits
    }

    static func normalized(_ d: UInt64, _ x: Int) -> (significand: UInt64, exponent: Int) {
        var d = d, x = x
        while d % 10 == 0 { d /= 10; x += 1 }
        return (d, x)
    }

    /// Exact comparisons of D · 10^x with N · 2^f: both sides scaled to integers,
    /// `N · factor` and `D · den`, with the common powers of two cancelled:
    /// factor = 2^max(f − x, 0) · 5^max(−x, 0) and den = 2^max(x − f, 0) · 5^max(x, 0).
    /// Methods return nil when the arithmetic does not fit (the 128-bit scale), and the
    /// caller retries with big integers.
    protocol DecimalScale {
        /// ⌊N·2^f / 10^x⌋ and whether the division is exact (the remainder is kept
        /// for ``compareRemainderToHalf()``).
        mutating func quotient(_ n: UInt64) -> (UInt64, Bool)?
        /// The sign of D·10^x − N·2^f.
        func compare(candidate d: UInt64, with n: UInt64) -> Int?
        /// The sign of remainder/den − ½ for the last quotient.
        func compareRemainderToHalf() -> Int
    }

    /// The scale in 128-bit integers, for the common magnitudes.
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    struct SmallScale: DecimalScale {
        let factor: UInt128
        let den: UInt128
        var remainder: UInt128 = 0

        /// Nil when factor or den needs more than 128 bits.
        init?(binaryExponent f: Int, decimalExponent x: Int) {
            guard let factor = Self.powers(two: max(f - x, 0), five: max(-x, 0)),
                  let den = Self.powers(two: max(x - f, 0), five: max(x, 0)) else { return nil }
            self.factor = factor
            self.den = den
        }

        static func powers(two: Int, five: Int) -> UInt128? {
            guard five <= 55 else { return nil }   // 5^55 < 2^128
            var r: UInt128 = 1
            for _ in 0..<five { r &*= 5 }
            guard two < r.leadingZeroBitCount else { return nil }
            return r << two
        }

        mutating func quotient(_ n: UInt64) -> (UInt64, Bool)? {
            let (product, overflow) = UInt128(n).multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            let (q, r) = product.quotientAndRemainder(dividingBy: den)
            guard q <= UInt128(UInt64.max) else { return nil }
            remainder = r
            return (UInt64(q), r == 0)
        }

        func compare(candidate d: UInt64, with n: UInt64) -> Int? {
            let (lhs, o1) = UInt128(d).multipliedReportingOverflow(by: den)
            let (rhs, o2) = UInt128(n).multipliedReportingOverflow(by: factor)
            guard !o1 && !o2 else { return nil }
            return lhs < rhs ? -1 : lhs > rhs ? 1 : 0
        }

        func compareRemainderToHalf() -> Int {
            // remainder < den ≤ 2^128: compare remainder with den − remainder.
            let rest = den - remainder
            return remainder < rest ? -1 : remainder > rest ? 1 : 0
        }
    }

    /// The scale in arbitrary precision (never nil).
    struct BigScale: DecimalScale {
        let factor: BigUInt
        let den: BigUInt
        var remainder: BigUInt = 0

        init(binaryExponent f: Int, decimalExponent x: Int) {
            factor = (BigUInt(5).power(max(-x, 0))) << max(f - x, 0)
            den = (BigUInt(5).power(max(x, 0))) << max(x - f, 0)
        }

        mutating func quotient(_ n: UInt64) -> (UInt64, Bool)? {
            let (q, r) = (BigUInt(n) * factor).quotientAndRemainder(dividingBy: den)
            remainder = r
            return (UInt64(q), r.isZero)
        }

        func compare(candidate d: UInt64, with n: UInt64) -> Int? {
            let lhs = BigUInt(d) * den, rhs = BigUInt(n) * factor
            return lhs < rhs ? -1 : lhs > rhs ? 1 : 0
        }

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

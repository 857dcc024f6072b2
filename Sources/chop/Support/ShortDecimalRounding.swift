import Chop

/// A fast path of `chop round`'s stream for short plain decimals (`-12.375`, `3e-7`):
/// the same result as the exact path (``NumberLiteral/rounded(to:mode:using:)``), by the
/// argument below, or `nil` to send the text to the exact path.
///
/// The text is s·10^k with an integer s < 10¹⁵ (≤ 15 significant digits, so s is a
/// binary64 integer) and |k| ≤ 22 (so 10^|k| is a binary64 value). One correctly rounded
/// binary64 operation gives q = RN₆₄(s·10^k) (a product or a quotient), and a fused
/// multiply-add gives its exact residual (s·10^k − q for a product, s − q·10^−k for a
/// quotient: both are representable), which is zero exactly when q is the value.
/// - q exact: the kernel rounds q itself, so the result is exact.
/// - q inexact: the decimal's value v and q lie on the same side of every binary64
///   number, since q is the binary64 nearest v. The rounding of v to a format with at
///   most 51 significand bits depends only on where v lies among the format's
///   "boundaries" — its values and the midpoints between them, all binary64 numbers
///   below its largest finite value. So if q is not itself a boundary, no boundary lies
///   between q and v (or at either), and every deterministic mode rounds v and q alike;
///   the kernel rounds q. If q is a boundary (the double-rounding hazard: a decimal a
///   hair off a midpoint), or above the largest finite value, or below the smallest
///   normal, the exact path decides.
///
/// Stochastic modes always take the exact path (their probability is the exact
/// discarded fraction of v).
enum ShortDecimalRounding {
    /// 10⁰ … 10²², each exact in binary64.
    static let powersOfTen: [Double] = {
        var p: [Double] = [1]
        for _ in 1...22 { p.append(p.last! * 10) }
        return p
    }()

    /// Whether the fast path may answer for `format` and `mode` at all.
    static func applies(to format: FloatFormat, mode: RoundingMode) -> Bool {
        !mode.isStochastic && format.significandBits <= 51 && format.isSigned
    }

    /// `bytes` (a whole line, no blanks) rounded into `format`, or nil (see above).
    @inline(__always)
    static func rounded<G: RandomNumberGenerator>(
        _ bytes: UnsafeBufferPointer<UInt8>, to format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double? {
        let n = bytes.count
        var i = 0
        var negative = false
        if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var s: UInt64 = 0
        var digits = 0, fraction = 0
        var any = false, point = false
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                if point { return nil }
                point = true
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                any = true
                if point { fraction += 1 }
                if s != 0 || c != UInt8(ascii: "0") {
                    digits += 1
                    if digits > 15 { return nil }
                    s = s * 10 + UInt64(c - UInt8(ascii: "0"))
                }
            } else {
                break
            }
            i += 1
        }
        guard any, s != 0 else { return nil }
        var written = 0
        if i < n {
            guard bytes[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            var exponentNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < n, i - start < 4, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                written = written * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > start, i == n else { return nil }
            if exponentNegative { written = -written }
        }
        let k = written - fraction
        guard k >= -22 && k <= 22 else { return nil }
        let x = Double(s)
        let q: Double, exact: Bool
        if k >= 0 {
            let p = powersOfTen[k]
            q = x * p
            exact = (-q).addingProduct(x, p) == 0  // s·10^k − q
        } else {
            let d = powersOfTen[-k]
            q = x / d
            exact = x.addingProduct(-q, d) == 0  // s − q·10^−k
        }
        let magnitude = q
        if !exact {
            guard magnitude < format.maxFinite, magnitude >= format.minNormal else { return nil }
            // q is a boundary when it is a multiple of half the format's quantum at q.
            let halfQuantumExponent = Int(magnitude.exponent) - format.significandBits - 1
            let scaled = Double(sign: .plus, exponent: -halfQuantumExponent, significand: magnitude)
            if scaled == scaled.rounded(.towardZero) { return nil }
        }
        return Chop.round(negative ? -q : q, to: format, mode: mode, using: &generator)
    }
}

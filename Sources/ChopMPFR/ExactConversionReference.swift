import Chop

/// The reference for converting a binary64 value into a narrower format, computed by
/// exact integer reasoning on the bit pattern, without MPFR and without the library's
/// kernel (the exhaustive conversion spaces use it to avoid 2³² MPFR calls).
///
/// |x| = sig·2^e2 with an integer sig < 2⁵³. With the leading-bit exponent E, the
/// format's quantum is 2^q with q = max(E, emin) − m (m stored significand bits); the
/// kept quanta are ⌊sig / 2^(q − e2)⌋ and the remainder is compared, as an integer,
/// with half a quantum. Each mode then picks the lower or upper neighbour from that
/// comparison, the sign and the parity of the kept quanta.
///
/// The cases this reasoning does not cover return nil, and the caller asks MPFR:
/// NaN, ±∞, ±0, a result above `FloatFormat/maxFinite` (the overflow policies),
/// values below 2^emin in formats without subnormals, unsigned formats, formats
/// without a zero (E8M0) and formats wider than 53 bits of precision.
public enum ExactConversionReference {
    /// The results in every deterministic mode of rounding `x` into `format`, or nil
    /// where MPFR must decide (see the type's documentation).
    @inlinable
    public static func results(rounding x: Double, to format: FloatFormat) -> DeterministicResults? {
        guard x.isFinite, x != 0, format.isSigned, format.hasZero, format.precision <= 53 else { return nil }
        let negative = x.sign == .minus
        let bits = x.bitPattern
        let field = Int((bits >> 52) & 0x7FF)
        let sig: UInt64 = field == 0 ? bits & ((1 << 52) - 1) : (bits & ((1 << 52) - 1)) | (1 << 52)
        let e2 = field == 0 ? -1074 : field - 1075
        let leading = e2 + 63 - sig.leadingZeroBitCount
        let m = format.significandBits
        if leading < format.emin && !format.subnormals { return nil }
        let q = max(leading, format.emin) - m
        let magnitude = x.magnitude
        if q <= e2 {
            // Exact.
            guard magnitude <= format.maxFinite else { return nil }
            return DeterministicResults(all: x)
        }
        let shift = q - e2
        let kept: UInt64
        let comparison: Int  // sign(remainder − half a quantum)
        if shift >= 60 {
            kept = 0
            comparison = -1  // sig < 2⁵³ ≤ 2^(shift − 1)
        } else {
            kept = sig >> UInt64(shift)
            let remainder = sig & ((UInt64(1) << UInt64(shift)) - 1)
            if remainder == 0 {
                let value = Double(sign: .plus, exponent: q, significand: Double(kept))
                guard value <= format.maxFinite else { return nil }
                return DeterministicResults(all: x)
            }
            let half = UInt64(1) << UInt64(shift - 1)
            comparison = remainder > half ? 1 : (remainder < half ? -1 : 0)
        }
        let lower = Double(sign: .plus, exponent: q, significand: Double(kept))
        let upper = Double(sign: .plus, exponent: q, significand: Double(kept + 1))
        guard upper <= format.maxFinite else { return nil }
        let keptIsOdd = kept & 1 == 1
        func signed(_ v: Double) -> Double {
            if v == 0 { return negative && format.hasNegativeZero ? -0.0 : 0.0 }
            return negative ? -v : v
        }
        let nearestEven = comparison > 0 || (comparison == 0 && keptIsOdd) ? upper : lower
        let nearestAway = comparison >= 0 ? upper : lower
        return DeterministicResults(
            nearestEven: signed(nearestEven),
            nearestAway: signed(nearestAway),
            towardZero: signed(lower),
            towardPositive: signed(negative ? lower : upper),
            towardNegative: signed(negative ? upper : lower),
            toOdd: signed(keptIsOdd ? lower : upper))
    }
}

// Correctly rounded arithmetic on Doubles that hold values of a format.
//
// Every operation computes its exact result as an unevaluated sum hi + tail and
// hands it to the one kernel, round(_:tail:to:mode:using:), which rounds it once.
//
// How the exact result is obtained:
//   a ± b     TwoSum: a + b = s + e exactly.
//   a × b     TwoProduct with an FMA: a·b = p + e exactly.
//   a ÷ b     q = RN(a/b); the remainder r = fma(−q, b, a) = a − q·b is exact, so
//             a/b = q + r/b. The tail r/b is not a double: we pass t = RN(r/b) plus a
//             second correction v = RN(fma(−t, b, r)/b), so hi + tail approximates a/b
//             with a relative error of the tail below 2⁻¹⁰⁰.
//   √a        s = RN(√a); r = fma(−s, s, a) = a − s² is exact and √a = s + δ with
//             δ = (r − δ²)/(2s); we pass t = RN(r/(2s)) and the correction
//             v = RN((fma(−t, 2s, r) − t²)/(2s)), again with relative error below 2⁻¹⁰⁰.
//   a·b + c   TwoProduct then two TwoSums give the exact three-term sum p + e + c,
//             compressed into hi + tail by ErrorFreeTransforms.renormalize.
//
// Why an approximate tail is enough for ÷ and √ (binary64 and every narrower
// format): the kernel needs (1) |tail| ≤ ulp(hi)/2, (2) the exact sign of the
// residual, (3) no false tie, and (4) for stochastic rounding the probability
// fraction + tail/quantum to within a negligible relative error.
//   (1), (2): RN is monotonic and cannot change the sign of a nonzero value that does
//   not underflow (the fast paths below keep every intermediate above 2⁻¹⁰¹⁰).
//   (3): a quotient or square root of format values is never a midpoint between two
//   binary64 numbers (a midpoint needs a 54-bit odd significand, which a ratio or a
//   square root of ≤ 53-bit numbers cannot have unless it is exact), and its distance
//   from any midpoint is at least about 2⁻⁵⁶·ulp(hi) (|a − m·b| and |a − m²| are
//   nonzero multiples of a small power of two). The tail we pass is within
//   2⁻¹⁰⁰·|tail| of the true one, so it stays on the same side of every midpoint;
//   renormalize additionally never reports half a gap unless that is exact. Format
//   midpoints are binary64 numbers or binary64 midpoints (p ≤ 53).
//   (4): the probability is f = fh + tail/Q where fh is exact and Q ≥ ulp(hi). If the
//   tail has the sign of fh (or fh = 0), f ≥ |tail|/Q and the relative error of f is
//   at most that of the tail, < 2⁻¹⁰⁰; if it has the opposite sign, fh ≥ ulp(hi)/Q ≥
//   2|tail|/Q so f ≥ |tail|/Q again (and symmetrically for 1 − f when hi is a format
//   value and the kernel takes its predecessor). So the probability's relative error
//   is below 2⁻⁹⁹, far under the 2⁻⁵⁰ we promise and the kernel's own 2⁻⁶⁴ resolution.
//
// Range. The fast paths run entirely in binary64 when no intermediate leaves
// [2⁻⁷⁶⁰, 2¹⁰⁰⁰] (far wider than any format narrower than binary64 can reach, except
// custom formats with 10–11 exponent bits). Otherwise the operands are split into
// significand and exponent, the exact result is formed as (hi + tail)·2ᵏ, and rounded
// through the same kernel on a copy of the format whose exponent range is shifted by
// k (a "proxy" format with identical significand grid, subnormal spacing, overflow
// policy and special values). So results that overflow binary64 or fall below 2⁻¹⁰⁷⁴
// are still rounded exactly, including binary64 itself (no double rounding at its
// subnormal boundary). Two documented approximations remain, both invisible to the
// deterministic modes: (i) a tail smaller than 2⁻¹⁰²² after scaling, or a summand of
// a fused multiply–add more than 2⁹⁵⁰ times smaller than the largest, is replaced by
// one of the same sign and a magnitude at that threshold; (ii) an exact result more
// than 2³⁰⁰ times below the format's least positive value is replaced by one of the
// same sign 2³⁰⁰ times below it. Both only change stochastic-rounding probabilities
// that are already below 2⁻²⁰⁰.

/// Correctly rounded +, −, ×, ÷, √ and fused multiply–add on `Double`s holding
/// values of a ``FloatFormat``.
///
/// Each function returns the exact real result of the operation rounded once to
/// `format` under `mode` by ``round(_:tail:to:mode:using:)`` (the library's only
/// rounding kernel). Stochastic modes draw their random bits from `generator`, and
/// their probabilities come from the exact result, not from a binary64 value that was
/// already rounded.
///
/// Operands are normally values of `format`; any finite `Double`s work (the exact
/// result of the operation on them is rounded).
///
/// Edge cases (IEEE 754 semantics, then the format's own specials as the kernel
/// applies them — see ``round(_:tail:to:mode:using:)``):
/// - NaN operands and invalid operations (∞ − ∞, 0 × ∞, 0 ÷ 0, ∞ ÷ ∞, √ of a negative
///   number) give NaN.
/// - Division of a nonzero number by ±0 gives ±∞ (then the format's mapping of ∞:
///   ±max for saturating finite formats, NaN otherwise).
/// - An exact zero sum (x + (−x), or a·b + c = 0) is +0 in every mode except toward
///   −∞, where it is −0; (−0) + (−0) = −0; √(−0) = −0. Formats without −0 give +0.
/// - Overflow and underflow follow the kernel, applied to the exact result, also when
///   that result lies outside binary64's range.
public enum RoundedArithmetic {
    // Bounds of the binary64-only fast paths.
    @usableFromInline static let fastLow: Double = 0x1p-760
    @usableFromInline static let fastHigh: Double = 0x1p1000

    /// `a + b`, rounded once to `format` under `mode`.
    @inlinable
    public static func add<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        let s = a + b
        if s.isFinite {
            if s == 0 {
                let zero: Double = (a == 0 && b == 0 && a.sign == b.sign) ? a : exactZero(mode)
                return Chop.round(zero, to: format, mode: mode, using: &generator)
            }
            let (sum, error) = ErrorFreeTransforms.twoSum(a, b)
            return Chop.round(sum, tail: error, to: format, mode: mode, using: &generator)
        }
        if !a.isFinite || !b.isFinite {
            return Chop.round(s, to: format, mode: mode, using: &generator)
        }
        // The exact sum exceeds binary64's range: both operands are at least 2⁹⁷⁰ in
        // magnitude, so halving them is exact.
        let (half, error) = ErrorFreeTransforms.twoSum(a * 0.5, b * 0.5)
        return roundScaled(half, error, exponent: 1, format: format, mode: mode, using: &generator)
    }

    /// `a − b`, rounded once to `format` under `mode` (the same as `add(a, −b)`).
    @inlinable
    public static func subtract<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        add(a, -b, format: format, mode: mode, using: &generator)
    }

    /// `a × b`, rounded once to `format` under `mode`.
    @inlinable
    public static func multiply<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        let p = a * b
        if !a.isFinite || !b.isFinite || a == 0 || b == 0 {
            return Chop.round(p, to: format, mode: mode, using: &generator)
        }
        let magnitude = p.magnitude
        if magnitude >= fastLow && magnitude <= fastHigh {
            let (product, error) = ErrorFreeTransforms.twoProduct(a, b)
            return Chop.round(product, tail: error, to: format, mode: mode, using: &generator)
        }
        return multiplySlow(a, b, format: format, mode: mode, using: &generator)
    }

    @usableFromInline
    static func multiplySlow<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        let (ma, ea) = split(a), (mb, eb) = split(b)
        let (product, error) = ErrorFreeTransforms.twoProduct(ma, mb)
        return roundScaled(product, error, exponent: ea + eb, format: format, mode: mode, using: &generator)
    }

    /// `a ÷ b`, rounded once to `format` under `mode`.
    @inlinable
    public static func divide<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        let q = a / b
        if !a.isFinite || !b.isFinite || a == 0 || b == 0 {
            return Chop.round(q, to: format, mode: mode, using: &generator)
        }
        let am = a.magnitude, qm = q.magnitude
        if am >= fastLow && am <= fastHigh && qm >= fastLow && qm <= fastHigh {
            let (hi, tail) = quotient(q, a, b)
            return Chop.round(hi, tail: tail, to: format, mode: mode, using: &generator)
        }
        return divideSlow(a, b, format: format, mode: mode, using: &generator)
    }

    /// The exact quotient a/b as hi + tail, given q = RN(a/b) (no under/overflow).
    @inlinable @inline(__always)
    static func quotient(_ q: Double, _ a: Double, _ b: Double) -> (hi: Double, tail: Double) {
        let r = (a).addingProduct(-q, b)          // a − q·b, exact
        if r == 0 { return (q, 0) }
        let t = r / b
        let v = (r).addingProduct(-t, b) / b       // (r − t·b)/b; r − t·b exact
        return ErrorFreeTransforms.renormalize(q, t, v)
    }

    @usableFromInline
    static func divideSlow<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        let (ma, ea) = split(a), (mb, eb) = split(b)
        let (hi, tail) = quotient(ma / mb, ma, mb)
        return roundScaled(hi, tail, exponent: ea - eb, format: format, mode: mode, using: &generator)
    }

    /// `√a`, rounded once to `format` under `mode`. √(−0) = −0; negative `a` gives NaN.
    @inlinable
    public static func squareRoot<G: RandomNumberGenerator>(
        _ a: Double, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        if !(a > 0) || a.isInfinite {
            return Chop.round(a.squareRoot(), to: format, mode: mode, using: &generator)
        }
        if a >= fastLow && a <= fastHigh {
            let (hi, tail) = root(a)
            return Chop.round(hi, tail: tail, to: format, mode: mode, using: &generator)
        }
        var (m, e) = split(a)
        if e & 1 != 0 { m *= 2; e -= 1 }
        let (hi, tail) = root(m)
        return roundScaled(hi, tail, exponent: e / 2, format: format, mode: mode, using: &generator)
    }

    /// The exact square root of a > 0 as hi + tail (no under/overflow).
    @inlinable @inline(__always)
    static func root(_ a: Double) -> (hi: Double, tail: Double) {
        let s = a.squareRoot()
        let r = (a).addingProduct(-s, s)           // a − s², exact
        if r == 0 { return (s, 0) }
        let d = 2 * s
        let t = r / d
        let v = ((r).addingProduct(-t, d) - t * t) / d
        return ErrorFreeTransforms.renormalize(s, t, v)
    }

    /// `a × b + c` computed exactly and rounded once to `format` under `mode`.
    @inlinable
    public static func fusedMultiplyAdd<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, _ c: Double, format: FloatFormat, mode: RoundingMode,
        using generator: inout G
    ) -> Double {
        if !a.isFinite || !b.isFinite || !c.isFinite {
            return Chop.round(c.addingProduct(a, b), to: format, mode: mode, using: &generator)
        }
        if a == 0 || b == 0 {
            if c != 0 { return Chop.round(c, to: format, mode: mode, using: &generator) }
            let productNegative = (a.sign == .minus) != (b.sign == .minus)
            let zero: Double = productNegative == (c.sign == .minus) ? c : exactZero(mode)
            return Chop.round(zero, to: format, mode: mode, using: &generator)
        }
        let pm = (a * b).magnitude
        if pm >= fastLow && pm <= fastHigh && c.magnitude <= fastHigh {
            let (p, e) = ErrorFreeTransforms.twoProduct(a, b)
            let (s, t) = ErrorFreeTransforms.twoSum(p, c)
            let (u, v) = ErrorFreeTransforms.twoSum(t, e)
            let (hi, tail) = ErrorFreeTransforms.renormalize(s, u, v)
            if hi == 0 { return Chop.round(exactZero(mode), to: format, mode: mode, using: &generator) }
            return Chop.round(hi, tail: tail, to: format, mode: mode, using: &generator)
        }
        return fusedMultiplyAddSlow(a, b, c, format: format, mode: mode, using: &generator)
    }

    @usableFromInline
    static func fusedMultiplyAddSlow<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, _ c: Double, format: FloatFormat, mode: RoundingMode,
        using generator: inout G
    ) -> Double {
        let (ma, ea) = split(a), (mb, eb) = split(b)
        let (ph, pl) = ErrorFreeTransforms.twoProduct(ma, mb)   // |ph| < 4
        let kp = ea + eb
        if c == 0 {
            let (hi, tail) = ErrorFreeTransforms.renormalize(ph, pl, 0)
            return roundScaled(hi, tail, exponent: kp, format: format, mode: mode, using: &generator)
        }
        let (mc, ec) = split(c)
        // A common frame 2^K in which the largest summand is about 1; summands that
        // would drop below 2⁻⁹⁶⁰ there are negligible (see the file comment).
        let k = max(kp + 1, ec)
        // The product is clamped as a whole (its sign is ph's), never term by term.
        let productNegligible = Int(ph.exponent) + kp - k < -960
        let x = clampedScale(ph, kp - k), z = clampedScale(mc, ec - k)
        let y = productNegligible ? 0 : clampedScale(pl, kp - k)
        let (s, t) = ErrorFreeTransforms.twoSum(x, z)
        let (u, v) = ErrorFreeTransforms.twoSum(t, y)
        let (hi, tail) = ErrorFreeTransforms.renormalize(s, u, v)
        if hi == 0 { return Chop.round(exactZero(mode), to: format, mode: mode, using: &generator) }
        return roundScaled(hi, tail, exponent: k, format: format, mode: mode, using: &generator)
    }

    // MARK: Helpers

    /// The sign of an exact zero sum of nonzero (or oppositely signed zero) terms.
    @inlinable @inline(__always)
    static func exactZero(_ mode: RoundingMode) -> Double {
        mode == .towardNegative ? -0.0 : 0.0
    }

    /// A finite nonzero x as m·2ᵉ with |m| ∈ [1, 2) carrying x's sign (exact, also
    /// for subnormal x).
    @inlinable @inline(__always)
    static func split(_ x: Double) -> (Double, Int) {
        let e = Int(x.exponent)
        return (Double(sign: x.sign, exponent: 0, significand: x.significand), e)
    }

    /// x·2ˢ, exact, except that a nonzero result below 2⁻⁹⁶⁰ is replaced by ±2⁻⁹⁶⁰.
    @inlinable @inline(__always)
    static func clampedScale(_ x: Double, _ s: Int) -> Double {
        if x == 0 { return 0 }
        if Int(x.exponent) + s < -960 { return Double(sign: x.sign, exponent: -960, significand: 1) }
        return Double(sign: .plus, exponent: s, significand: x)
    }

    /// Rounds the exact value (hi + tail)·2ᵏ, where hi is a nonzero normal double and
    /// |tail| ≤ half a gap of hi (as produced by the error-free transforms).
    @usableFromInline
    static func roundScaled<G: RandomNumberGenerator>(
        _ hi: Double, _ tail: Double, exponent k: Int, format: FloatFormat, mode: RoundingMode,
        using generator: inout G
    ) -> Double {
        var hi = hi, tail = tail
        var e = Int(hi.exponent) + k
        if e >= -760 && e <= 1000 {
            return Chop.round(
                Double(sign: .plus, exponent: k, significand: hi),
                tail: scaledTail(tail, k), to: format, mode: mode, using: &generator)
        }
        if e > 1000 {
            // Near or beyond binary64's overflow threshold. A value at 2^(emax+2) or
            // above overflows in every mode: any such value gives the same result.
            if e >= format.emax + 2 {
                hi = Double(sign: hi.sign, exponent: 0, significand: 1)
                tail = 0
                e = format.emax + 2
            }
            let shift = format.emax - 500
            let proxy = proxyFormat(format, emax: 500)
            let scale = e - Int(hi.exponent) - shift     // k, or the clamped value's
            let r = Chop.round(
                Double(sign: .plus, exponent: scale, significand: hi),
                tail: scaledTail(tail, scale), to: proxy, mode: mode, using: &generator)
            return Double(sign: .plus, exponent: shift, significand: r)
        }
        // Far below binary64's normal range.
        let leastExponent = format.subnormals ? format.emin - format.significandBits : format.emin
        if e < leastExponent - 300 {
            hi = Double(sign: hi.sign, exponent: 0, significand: 1)
            tail = 0
            e = leastExponent - 300
            let s = -100 - e
            let proxy = proxyFormat(format, emin: format.emin + s)
            let r = Chop.round(
                Double(sign: .plus, exponent: -100, significand: hi), to: proxy, mode: mode,
                using: &generator)
            return Double(sign: .plus, exponent: -s, significand: r)
        }
        let s = -100 - e                        // brings the value to about 2⁻¹⁰⁰
        let proxy = proxyFormat(format, emin: format.emin + s)
        let r = Chop.round(
            Double(sign: .plus, exponent: k + s, significand: hi),
            tail: scaledTail(tail, k + s), to: proxy, mode: mode, using: &generator)
        return Double(sign: .plus, exponent: -s, significand: r)
    }

    /// tail·2ˢ, exact unless it would fall below 2⁻¹⁰²² (then ±2⁻¹⁰²², same sign).
    @inlinable @inline(__always)
    static func scaledTail(_ tail: Double, _ s: Int) -> Double {
        if tail == 0 { return 0 }
        if Int(tail.exponent) + s < -1022 { return Double(sign: tail.sign, exponent: -1022, significand: 1) }
        return Double(sign: .plus, exponent: s, significand: tail)
    }

    /// A copy of `format` with 9 exponent bits whose normal range starts at `emin`
    /// (the same precision, subnormals, specials and overflow policy).
    @usableFromInline
    static func proxyFormat(_ format: FloatFormat, emin: Int) -> FloatFormat {
        let bias = format.specials == .unsignedExponentOnly ? -emin : 1 - emin
        return makeProxy(format, bias: bias)
    }

    /// A copy of `format` with 9 exponent bits whose largest exponent is `emax` (the
    /// same top binade, maximum significand, specials and overflow policy).
    @usableFromInline
    static func proxyFormat(_ format: FloatFormat, emax: Int) -> FloatFormat {
        let fieldMax = 511
        let bias: Int
        switch format.specials {
        case .ieee, .unsignedExponentOnly: bias = fieldMax - 1 - emax
        case .finiteAllOnesNaN, .fnuz, .finite: bias = fieldMax - emax
        }
        return makeProxy(format, bias: bias)
    }

    @usableFromInline
    static func makeProxy(_ format: FloatFormat, bias: Int) -> FloatFormat {
        do {
            return try FloatFormat(
                name: format.name, exponentBits: 9, significandBits: format.significandBits, bias: bias,
                specials: format.specials, subnormals: format.subnormals, overflow: format.overflow)
        } catch {
            // The callers keep the shifted range within [−414, 761]: always valid.
            preconditionFailure("internal error: proxy format rejected: \(error)")
        }
    }
}

// The one rounding kernel. Every feature of the library (arrays, typed numbers,
// quantizers, the CLI) rounds through `round(_:tail:to:mode:using:)`.
//
// Method: take the binary64 value apart into an integer significand `sig` and
// exponent `e2` (value = sig·2^e2), find the quantum 2^q of the target format at that
// magnitude (q = max(E, emin) − m with subnormals, where E is the exponent of the
// leading bit), split sig into the kept integer `kept = sig >> (q − e2)` and the
// discarded fraction f ∈ [0, 1) of one quantum, decide up/down from f and the mode,
// and rebuild (kept + up)·2^q exactly. Ties are detected exactly (f == ½ with no
// tolerance). Overflow, underflow and the format's special encodings are applied to
// the rounded magnitude afterwards, as IEEE 754 defines overflow ("the result rounded
// with an unbounded exponent range exceeds the largest finite number").

/// Rounds `x` (plus an optional exact `tail`) to `format` under `mode`.
///
/// The value rounded is the exact real number `x + tail`. Pass `tail` when the
/// exact result of an operation is known as an unevaluated sum (from TwoSum, an
/// FMA-based TwoProduct, or an exact remainder), so that ties, directed modes and
/// stochastic probabilities all see the exact value; `tail` must satisfy
/// `|tail| ≤ ulp(x)/2` and is ignored when `x` is infinite or NaN. A NaN or infinite
/// `tail` with a finite `x` is invalid input and gives NaN.
///
/// - Edge cases:
///   - NaN in gives NaN out, also for formats without a NaN encoding (FP6/FP4); a
///     caller that must encode the result decides what a NaN becomes there
///     (``FloatFormat/encode(_:)`` reports it as not representable).
///   - ±∞ stay ±∞ in formats with infinities; elsewhere they become ±max when the
///     format saturates and NaN otherwise.
///   - ±0 keep their sign in every mode; a nonzero value that rounds to zero keeps
///     the sign of the value. Formats without −0 (FNUZ) give +0. E8M0 has no zero:
///     0 and negative values give NaN, and positive values below 2⁻¹²⁷ give 2⁻¹²⁷.
///   - Overflow: the value is rounded with an unbounded exponent range first. If
///     the result exceeds ``FloatFormat/maxFinite``: with ``FloatFormat/OverflowPolicy/infinity``
///     the IEEE 754 rules apply (±∞ for the nearest and stochastic modes, ±max
///     toward zero and to odd, and ∞ only on the side a directed mode points to);
///     with ``FloatFormat/OverflowPolicy/nan`` the result is NaN; with
///     ``FloatFormat/OverflowPolicy/saturate`` it is ±max.
///   - Subnormals: with ``FloatFormat/subnormals`` the quantum below 2^emin is
///     2^(emin − m); without, results round onto {0, ±2^emin, normals}.
/// - Stochastic modes: ``RoundingMode/stochastic(randomBits:)`` with `nil` bits
///   rounds away from zero with probability equal to the exact discarded fraction f,
///   resolved to within 2⁻⁶⁴ absolute and 2⁻³² relative however small f is (random
///   words are drawn until f is resolved); with `r` bits the probability is
///   ⌊f·2ʳ⌋/2ʳ. ``RoundingMode/stochasticEqual`` rounds an inexact value either way
///   with probability ½. Exact values draw no random bits.
@inlinable @inline(__always)
public func round<G: RandomNumberGenerator>(
    _ x: Double, tail: Double = 0, to format: FloatFormat, mode: RoundingMode,
    using generator: inout G
) -> Double {
    roundingKernel(x, tail: tail, to: format.core, mode: mode, using: &generator)
}

/// The body of ``round(_:tail:to:mode:using:)`` (the one kernel), on the format's
/// numeric fields only so that no reference-counted name is copied on the hot path.
@inlinable @inline(__always)
func roundingKernel<G: RandomNumberGenerator>(
    _ x: Double, tail: Double, to format: FloatFormat.Core, mode: RoundingMode,
    using generator: inout G
) -> Double {
    // Fast path: the common case decided on the bit pattern (see
    // `roundNormalFast`), inlined into the caller; everything it declines goes to the
    // general path before any random bits are drawn.
    if let r = roundNormalFast(x, tail: tail, to: format, mode: mode, using: &generator) { return r }
    return roundingKernelGeneral(x, tail: tail, to: format, mode: mode, using: &generator)
}

/// The general path of the kernel: every input, every format and mode (see the
/// file comment). Kept out of line so that the fast path inlines cheaply.
@inlinable @inline(never)
func roundingKernelGeneral<G: RandomNumberGenerator>(
    _ x: Double, tail: Double, to format: FloatFormat.Core, mode: RoundingMode,
    using generator: inout G
) -> Double {
    // Specials first.
    if !x.isFinite {
        if x.isNaN { return .nan }
        if format.hasInfinity { return x }
        if format.overflow == .saturate {
            if x < 0 && !format.isSigned { return .nan }
            return x < 0 ? -format.maxFinite : format.maxFinite
        }
        return .nan
    }
    // A tail that is not finite is invalid input (the exact value x + tail is not a
    // finite number with |tail| ≤ ulp(x)/2): NaN rather than a guess.
    if !tail.isFinite { return .nan }
    let negative = x.sign == .minus
    if !format.isSigned && (negative || x == 0) { return .nan }
    if x == 0 {
        return negative && format.hasNegativeZero ? -0.0 : 0.0
    }

    // Take |x| apart: |x| = sig · 2^e2.
    let bits = x.bitPattern
    let fractionMask: UInt64 = (1 << 52) - 1
    let exponentField = Int((bits >> 52) & 0x7FF)
    let sig: UInt64
    let e2: Int
    if exponentField == 0 {
        sig = bits & fractionMask
        e2 = -1074
    } else {
        sig = (bits & fractionMask) | (1 << 52)
        e2 = exponentField - 1075
    }
    let leadingExponent = e2 + 63 - sig.leadingZeroBitCount
    let m = format.significandBits
    let q: Int
    if leadingExponent >= format.emin {
        q = leadingExponent - m
    } else {
        q = format.subnormals ? format.emin - m : format.emin
    }
    let shift = q - e2  // ≥ 0 for every format narrower than or equal to binary64

    // Split into kept quanta and the discarded fraction fh ∈ [0, 1) (exact).
    var kept: UInt64
    var fractionHigh: Double
    if shift == 0 {
        kept = sig
        fractionHigh = 0
    } else if shift < 64 {
        kept = sig >> UInt64(shift)
        let rem = sig & ((1 << UInt64(shift)) - 1)
        fractionHigh = Double(sign: .plus, exponent: -shift, significand: Double(rem))
    } else {
        kept = 0
        fractionHigh = Double(sign: .plus, exponent: -q, significand: x.magnitude)
    }
    // Formats whose least quantum is far above |x| (a custom bias, least quantum
    // 2^490 say): f = |x|·2^−q can be below binary64's range. Then f is carried as
    // fractionHigh·2^(−32·scaledWords) with fractionHigh ≥ 2⁻⁹⁹⁰; only an exact
    // stochastic draw looks at f that closely (it first needs `scaledWords` random
    // 32-bit chunks of zeros, as `bernoulli` would draw them), every other mode sees
    // a positive fraction far below ½, which is all that matters to it.
    var scaledWords = 0
    if fractionHigh < 0x1p-990 && kept == 0 {
        while Double(sign: .plus, exponent: -q + 32 * scaledWords, significand: x.magnitude) < 0x1p-990 {
            scaledWords += 1
        }
        fractionHigh = Double(sign: .plus, exponent: -q + 32 * scaledWords, significand: x.magnitude)
    }

    // The tail, relative to |x|, in units of the quantum.
    var fractionLow: Double = 0
    var truncated = Double(sign: .plus, exponent: q, significand: Double(kept))
    var gap = Double(sign: .plus, exponent: q, significand: 1)
    var keptIsOdd = kept & 1 == 1
    if tail != 0 {
        let relativeTail = (tail.sign == x.sign) ? tail.magnitude : -tail.magnitude
        if fractionHigh == 0 && relativeTail < 0 {
            // |x| is representable and the exact value lies just below it: the lower
            // neighbour is the predecessor of |x| in the format, possibly in the
            // binade below (finer quantum) or zero.
            let magnitude = x.magnitude
            let isPowerOfTwo = sig & (sig &- 1) == 0
            let predecessor: Double
            if isPowerOfTwo && leadingExponent > format.emin {
                predecessor = magnitude - Double(sign: .plus, exponent: leadingExponent - 1 - m, significand: 1)
                keptIsOdd = true  // the all-ones significand of the binade below
            } else if isPowerOfTwo && leadingExponent == format.emin && !format.subnormals {
                predecessor = 0
                keptIsOdd = false
            } else {
                predecessor = magnitude - gap
                keptIsOdd = !keptIsOdd
            }
            gap = magnitude - predecessor
            truncated = predecessor
            fractionHigh = 1
            fractionLow = relativeTail / gap  // ∈ [−½, 0): exact up to underflow
            if fractionLow == 0 { fractionLow = -Double.leastNonzeroMagnitude }
        } else {
            fractionLow = Double(sign: .plus, exponent: -q + 32 * scaledWords, significand: relativeTail)
            // A tail far below the quantum can underflow when scaled; only its sign
            // matters then (it breaks ties and marks inexactness), so keep that.
            if fractionLow == 0 {
                fractionLow = relativeTail > 0 ? Double.leastNonzeroMagnitude : -Double.leastNonzeroMagnitude
            }
        }
    }
    let inexact = fractionHigh != 0 || tail != 0

    var roundUp = false
    if inexact {
        switch mode {
        case .nearestEven, .nearestAway:
            // sign(f − ½), exact: see the file comment.
            let d = (fractionHigh - 0.5) + fractionLow
            roundUp = d > 0 || (d == 0 && (mode == .nearestAway || keptIsOdd))
        case .towardZero:
            roundUp = false
        case .towardPositive:
            roundUp = !negative
        case .towardNegative:
            roundUp = negative
        case .toOdd:
            roundUp = !keptIsOdd
        case .stochastic(let randomBits):
            // Bit counts outside 1...63 are clamped (64 or more means all bits).
            let bits = randomBits.flatMap { $0 >= 64 ? nil : max($0, 1) }
            if bits == nil && scaledWords > 0 {
                // f < 2^(−32·scaledWords): each leading 32-bit chunk must be zero.
                var zeros = true
                for _ in 0..<scaledWords where zeros { zeros = generator.next() >> 32 == 0 }
                if !zeros { break }
            }
            roundUp = stochasticRoundsUp(
                fractionHigh: fractionHigh, fractionLow: fractionLow, randomBits: bits,
                using: &generator)
        case .stochasticEqual:
            roundUp = generator.next() >> 63 == 1
        }
    }
    var result = roundUp ? truncated + gap : truncated

    // Overflow, judged on the rounded magnitude.
    if result > format.maxFinite {
        switch format.overflow {
        case .saturate:
            result = format.maxFinite
        case .nan:
            return .nan
        case .infinity:
            switch mode {
            case .towardZero, .toOdd: result = format.maxFinite
            case .towardPositive: result = negative ? format.maxFinite : .infinity
            case .towardNegative: result = negative ? .infinity : format.maxFinite
            default: result = .infinity
            }
        }
    }
    if result == 0 {
        if !format.hasZero { return format.minPositive }
        return negative && format.hasNegativeZero ? -0.0 : 0.0
    }
    return negative ? -result : result
}

/// Whether proportional stochastic rounding rounds up, for a discarded fraction
/// f = fractionHigh + fractionLow ∈ (0, 1].
@inlinable
func stochasticRoundsUp<G: RandomNumberGenerator>(
    fractionHigh: Double, fractionLow: Double, randomBits: Int?, using generator: inout G
) -> Bool {
    if fractionHigh == 1 {
        // f = 1 − g with g = −fractionLow ∈ (0, ½]: round down with probability g.
        let g = -fractionLow
        if let r = randomBits {
            // P(up) = ⌊(1 − g)·2ʳ⌋ / 2ʳ = (2ʳ − ⌈g·2ʳ⌉) / 2ʳ.
            let down = UInt64((Double(sign: .plus, exponent: r, significand: g)).rounded(.up))
            let u = generator.next() >> UInt64(64 - r)
            return u < (UInt64(1) << UInt64(r)) - down
        }
        return !bernoulli(g, 0, using: &generator)
    }
    if let r = randomBits {
        // P(up) = ⌊f·2ʳ⌋ / 2ʳ; the tail can only lower an exact multiple of 2⁻ʳ.
        let a = Double(sign: .plus, exponent: r, significand: fractionHigh)
        var threshold = a.rounded(.down)
        if threshold == a && fractionLow < 0 { threshold -= 1 }
        let u = generator.next() >> UInt64(64 - r)
        return u < UInt64(threshold)
    }
    return bernoulli(fractionHigh, fractionLow, using: &generator)
}

/// A Bernoulli draw with probability p = high + low, where 0 ≤ high < 1 and
/// |low| is far below the last bit of high (or high is 0 and low > 0).
///
/// Draws 32 leading random bits at a time while p < 2⁻³² (they must all be zero
/// for a success), then compares a 64-bit word with p·2⁶⁴; the probability is
/// therefore exact to within 2⁻⁶⁴ absolute and 2⁻³² relative.
@inlinable
func bernoulli<G: RandomNumberGenerator>(_ high: Double, _ low: Double, using generator: inout G) -> Bool {
    var high = high, low = low
    while high + low < 0x1p-32 {
        if high + low <= 0 { return false }
        if generator.next() >> 32 != 0 { return false }
        high *= 0x1p32
        low *= 0x1p32
    }
    // p·2⁶⁴ as a 65-bit comparison: floor(high·2⁶⁴) is exact up to 2⁶⁴ − 2¹¹.
    let scaledHigh = high * 0x1p64
    let scaledLow = low * 0x1p64
    let u = generator.next()
    if scaledHigh >= 0x1p64 { return true }
    let integral = UInt64(scaledHigh)
    let threshold = Double(integral) == scaledHigh
        ? (scaledLow >= 0 ? integral &+ UInt64(min(scaledLow, 0x1p63).rounded(.down))
                          : integral &- UInt64(min(-scaledLow, 0x1p63).rounded(.up)))
        : integral
    return u < threshold
}

/// Rounds `x` to `format` under a deterministic `mode`.
///
/// The same as ``round(_:tail:to:mode:using:)``; stochastic modes draw from the
/// system generator here (not reproducible). Pass a seeded generator, e.g.
/// ``Xoshiro256StarStar``, to reproduce stochastic results.
@inlinable
public func round(_ x: Double, tail: Double = 0, to format: FloatFormat, mode: RoundingMode = .nearestEven) -> Double {
    var generator = SystemRandomNumberGenerator()
    return round(x, tail: tail, to: format, mode: mode, using: &generator)
}

/// Rounds a binary32 value (converted exactly to binary64 first) to `format`.
@inlinable
public func round<G: RandomNumberGenerator>(
    _ x: Float, to format: FloatFormat, mode: RoundingMode, using generator: inout G
) -> Double {
    round(Double(x), to: format, mode: mode, using: &generator)
}

/// Rounds a binary32 value to `format` under a deterministic `mode` (see
/// ``round(_:tail:to:mode:)``).
@inlinable
public func round(_ x: Float, to format: FloatFormat, mode: RoundingMode = .nearestEven) -> Double {
    round(Double(x), to: format, mode: mode)
}

/// The kernel's fast path, part of ``round(_:tail:to:mode:using:)`` and only called
/// from it: the same algorithm as the general path, carried out on the binary64 bit
/// pattern for the common case, returning `nil` (having drawn no random bits) for
/// every input it does not cover.
///
/// Covered: a signed format with fewer than 52 stored bits, x finite with
/// 2^emin ≤ |x| and a truncated magnitude below ``FloatFormat/maxFinite`` (so the
/// result is normal and cannot overflow), and either `tail == 0`, or a nonzero
/// discarded part with: a deterministic mode and a discarded part other than exactly
/// half a quantum (then |tail| ≤ ulp(x)/2 cannot move the exact value across a
/// representable number or a midpoint, so the tail does not change the result), or a
/// stochastic mode (the tail enters the probability exactly as in the general path). For normal x the quantum is
/// the last kept bit of x's own significand: with s = 52 − m discarded bits, the
/// truncated magnitude is the pattern with the low s bits cleared, and rounding up
/// adds 2^s to it (a carry into the exponent field is exactly the step to the next
/// binade). Stochastic modes draw exactly the words the general path would draw
/// (one word; fractions below 2⁻³², for which the general path draws more, are
/// declined).
@inlinable @inline(__always)
func roundNormalFast<G: RandomNumberGenerator>(
    _ x: Double, tail: Double, to format: FloatFormat.Core, mode: RoundingMode,
    using generator: inout G
) -> Double? {
    guard format.significandBits < 52 && format.isSigned else { return nil }
    let c = DecisionConstants<UInt64>(significandBits: format.significandBits, mode: mode)
    switch mode {
    case .nearestEven: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, NearestEvenDecision.self, using: &generator)
    case .nearestAway: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, NearestAwayDecision.self, using: &generator)
    case .towardZero: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, TowardZeroDecision.self, using: &generator)
    case .towardPositive: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, DirectedDecision<True>.self, using: &generator)
    case .towardNegative: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, DirectedDecision<False>.self, using: &generator)
    case .toOdd: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, ToOddDecision.self, using: &generator)
    case .stochastic: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, StochasticDecision.self, using: &generator)
    case .stochasticEqual: return roundNormalFast(x, tail: tail, to: format, mode: mode, c, StochasticEqualDecision.self, using: &generator)
    }
}

/// The fast path with the mode's decision `D` (which must be `mode`'s) and its
/// constants `c` chosen by the caller: callers that round many values in one format
/// and mode (the block quantizers) choose them once.
///
/// - Precondition: `format` is signed with fewer than 52 stored bits.
@inlinable @inline(__always)
func roundNormalFast<D: ModeDecision, G: RandomNumberGenerator>(
    _ x: Double, tail: Double, to format: FloatFormat.Core, mode: RoundingMode,
    _ c: DecisionConstants<UInt64>, _: D.Type, using generator: inout G
) -> Double? {
    let m = format.significandBits
    let bits = x.bitPattern
    let magnitude = bits & 0x7FFF_FFFF_FFFF_FFFF
    let field = Int(magnitude >> 52)
    // Finite and at least 2^emin (emin ≥ −1022, so x is a normal double).
    guard field != 0x7FF && field - 1023 >= format.emin else { return nil }
    let s = UInt64(52 - m)
    let unit: UInt64 = 1 << s
    let discard = unit &- 1
    let rem = magnitude & discard
    let truncated = magnitude & ~discard
    guard truncated < format.maxFinite.bitPattern else { return nil }
    let signBit = bits & (1 << 63)

    if tail != 0 {
        // Where the tail cannot matter: a nonzero discarded part other than exactly half
        // a quantum, in every mode but proportional stochastic rounding (then
        // |tail| ≤ ulp(x)/2 cannot move the exact value across a representable number or
        // a midpoint). With rem = 0 the general path steps to the predecessor when the
        // tail is negative.
        guard rem != 0, tail.isFinite else { return nil }
        if case .stochastic(let randomBits) = mode {
            // The tail refines the discarded fraction: f = rem/2^s + fractionLow with
            // fractionLow = tail/quantum, as the general path scales it; declined where
            // that scaling underflows.
            let relativeTail = (tail.sign == x.sign) ? tail.magnitude : -tail.magnitude
            let q = field - 1023 - m
            let fractionLow = Double(sign: .plus, exponent: -q, significand: relativeTail)
            guard fractionLow.isNormal else { return nil }
            let increment: UInt64
            if let requested = randomBits, requested < 64 {
                // As `stochasticRoundsUp`: ⌊f·2ʳ⌋, lowered by one when f·2ʳ without
                // the tail is an integer and the tail is negative.
                let r = UInt64(max(requested, 1))
                var threshold: UInt64
                let exactMultiple: Bool
                if r >= s {
                    threshold = rem << (r - s)
                    exactMultiple = true
                } else {
                    threshold = rem >> (s - r)
                    exactMultiple = rem & ((1 << (s - r)) - 1) == 0
                }
                if exactMultiple && fractionLow < 0 { threshold -= 1 }
                increment = generator.next() >> (64 - r) < threshold ? unit : 0
            } else {
                // As `bernoulli`: one word when f ≥ 2⁻³² however the tail falls, compared
                // with f·2⁶⁴ = rem·2^(64−s) ± the tail's whole part.
                if rem <= (s >= 32 ? 1 << (s - 32) : 0) { return nil }
                let integral = rem << (64 - s)
                let scaledLow = fractionLow * 0x1p64     // |scaledLow| < 2^(63−s)
                let threshold = scaledLow >= 0
                    ? integral &+ UInt64(scaledLow.rounded(.down))
                    : integral &- UInt64((-scaledLow).rounded(.up))
                increment = generator.next() < threshold ? unit : 0
            }
            return Double(bitPattern: signBit | (truncated &+ increment))
        }
        if rem == unit >> 1 && !mode.isStochastic { return nil }
    }
    // The mode's decision (ModeDecision.swift, shared with the array lanes). Exact
    // values draw no random bits; inputs whose decision needs more than one word go to
    // the general path before any is drawn.
    var word: UInt64 = 0
    if D.drawsRandomWords {
        if rem == 0 { return x }
        if D.needsGeneralPath(magnitude, c) >> 63 != 0 { return nil }
        word = generator.next()
    }
    return Double(bitPattern: signBit | D.round(magnitude, negative: signBit >> 63, words: word, c))
}

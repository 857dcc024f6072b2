// Each rounding mode's decision, written once, generic over a scalar binary64 bit
// pattern (`UInt64`) and four SIMD lanes (`SIMD4<UInt64>`): the kernel's fast path
// (`roundNormalFast`), the array lanes (`ArrayRounding`) and, through the kernel, the
// typed floats and the block quantizers all use these functions (CPFloat shares one
// macro per mode between its scalar and vector loops in the same way).
//
// The common case they decide: a finite input |x| ≥ 2^emin of a signed format with
// fewer than 52 stored bits. Then the quantum is the last kept bit of x's own
// significand: with s = 52 − m discarded bits, the truncated magnitude is the pattern
// with the low s bits cleared, the discarded fraction is those s bits over 2^s, and
// rounding up adds 2^s to the pattern (a carry into the exponent field is exactly the
// step to the next binade). Conditions are carried in a word's sign bit (every
// quantity compared is below 2⁶²), which keeps the code branch-free and vectorisable
// on plain SSE2 as well as AVX2. The kernel's general path handles every other input
// and is what MPFR checks; differential tests check these decisions against it.

/// A binary64 bit pattern, or several in SIMD lanes.
@usableFromInline
protocol PatternWord {
    static func &+ (a: Self, b: Self) -> Self
    static func &- (a: Self, b: Self) -> Self
    static func & (a: Self, b: Self) -> Self
    static func | (a: Self, b: Self) -> Self
    static func ^ (a: Self, b: Self) -> Self
    static func &>> (a: Self, b: UInt64) -> Self
    static func &<< (a: Self, b: UInt64) -> Self
    /// Every lane equal to `value`.
    init(broadcasting value: UInt64)
}

extension UInt64: PatternWord {
    @inlinable @inline(__always) init(broadcasting value: UInt64) { self = value }
}

extension SIMD4: PatternWord where Scalar == UInt64 {
    @inlinable @inline(__always) init(broadcasting value: UInt64) { self.init(repeating: value) }
}

/// The per-format, per-mode constants of the decisions, broadcast to every lane.
@usableFromInline
struct DecisionConstants<W: PatternWord> {
    // Shift counts are scalars, so that the compiler sees one count for all lanes.
    /// s = 52 − significandBits, the number of discarded bits.
    @usableFromInline let shift: UInt64
    /// 2^s − 1: the discarded bits.
    @usableFromInline let discardMask: W
    /// ~(2^s − 1).
    @usableFromInline let keepMask: W
    /// 2^(s−1) − 1: the round-to-nearest-even increment for a zero last kept bit.
    @usableFromInline let halfMinusOne: W
    /// 1 in every lane when the format stores no significand bit (the last kept bit is
    /// the implicit leading 1), else 0.
    @usableFromInline let implicitLastKept: W
    /// 64 − t for stochastic rounding with t random bits compared.
    @usableFromInline let randomShift: UInt64
    /// s − t: the discarded bits truncated to their top t bits.
    @usableFromInline let remainderShift: UInt64
    /// Nonzero discarded bits below this (a fraction under 2⁻³² with exact
    /// probabilities) make the general path draw more than one word: such inputs are
    /// left to it.
    @usableFromInline let minimumRemainder: W

    /// Constants for a format with `significandBits` < 52 stored bits under `mode`.
    @inlinable @inline(__always)
    init(significandBits m: Int, mode: RoundingMode) {
        let s = UInt64(52 - m)
        shift = s
        discardMask = W(broadcasting: (1 << s) &- 1)
        keepMask = W(broadcasting: ~((1 << s) &- 1))
        halfMinusOne = W(broadcasting: (1 << (s &- 1)) &- 1)
        implicitLastKept = W(broadcasting: m == 0 ? 1 : 0)
        // The general path clamps the bit count to 1...63 and treats 64 or more as exact.
        var t = s
        var minimum: UInt64 = 0
        if case .stochastic(let bits) = mode, let r = bits, r < 64 {
            t = min(s, UInt64(max(r, 1)))
        } else {
            minimum = s > 32 ? 1 << (s - 32) : 1
        }
        randomShift = 64 - t
        remainderShift = s - t
        minimumRemainder = W(broadcasting: minimum)
    }

    /// The last kept bit of each magnitude (0 or 1).
    @inlinable @inline(__always)
    func lastKept(_ a: W) -> W { ((a &>> shift) & W(broadcasting: 1)) | implicitLastKept }
}

/// 1 in lanes where `v` is nonzero, else 0 (for v < 2⁶³).
@inlinable @inline(__always)
func isNonzero<W: PatternWord>(_ v: W) -> W { (W(broadcasting: 0) &- v) &>> 63 }

/// One rounding mode's decision on the bit patterns of magnitudes.
@usableFromInline
protocol ModeDecision {
    /// Whether the mode consumes random words (one per inexact input).
    static var drawsRandomWords: Bool { get }
    /// The rounded magnitudes of `a` (normal-range inputs; the caller checks overflow).
    /// `negative` is 1 in lanes of negative inputs, 0 elsewhere; `words` are the
    /// inputs' random words (ignored by deterministic modes).
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W
    /// A word whose sign bit marks the inputs whose decision needs more random bits
    /// than one word gives (left to the general path).
    static func needsGeneralPath<W: PatternWord>(_ a: W, _ c: DecisionConstants<W>) -> W
}

extension ModeDecision {
    @inlinable @inline(__always)
    static func needsGeneralPath<W: PatternWord>(_ a: W, _ c: DecisionConstants<W>) -> W { W(broadcasting: 0) }
}

/// Round to nearest, ties to even: add half a quantum, less one unless the last kept
/// bit is odd, and truncate.
@usableFromInline enum NearestEvenDecision: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { false }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        (a &+ c.halfMinusOne &+ c.lastKept(a)) & c.keepMask
    }
}

/// Round to nearest, ties away from zero: add half a quantum and truncate.
@usableFromInline enum NearestAwayDecision: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { false }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        (a &+ c.halfMinusOne &+ W(broadcasting: 1)) & c.keepMask
    }
}

/// Round toward zero: truncate.
@usableFromInline enum TowardZeroDecision: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { false }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        a & c.keepMask
    }
}

/// Round toward +∞ (`Positive`) or −∞: magnitudes on the side the mode points to
/// round away from zero (add 2^s − 1, then truncate).
@usableFromInline enum DirectedDecision<Positive: BooleanConstant>: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { false }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        let one = W(broadcasting: 1), zero = W(broadcasting: 0)
        let away = Positive.value ? negative &- one : zero &- negative   // all ones or zero
        return (a &+ (c.discardMask & away)) & c.keepMask
    }
}

/// A type-level Boolean (for ``DirectedDecision``).
@usableFromInline protocol BooleanConstant { static var value: Bool { get } }
@usableFromInline enum True: BooleanConstant { @inlinable static var value: Bool { true } }
@usableFromInline enum False: BooleanConstant { @inlinable static var value: Bool { false } }

/// Round to odd: truncate, and make the last kept bit odd when inexact.
@usableFromInline enum ToOddDecision: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { false }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        let inexact = isNonzero(a & c.discardMask)
        let increment = (inexact & (c.lastKept(a) ^ W(broadcasting: 1))) &<< c.shift
        return (a & c.keepMask) &+ increment
    }
}

/// Stochastic rounding, proportional: round up iff the random word, as a fraction of
/// 2⁶⁴, is below the discarded fraction f — compared on the top t bits of both
/// ((word >> (64 − t)) < (discarded >> (s − t)), both below 2⁵³); for t = s that is
/// exactly word·2⁻⁶⁴ < f, and with r random bits it gives P(up) = ⌊f·2ʳ⌋/2ʳ.
@usableFromInline enum StochasticDecision: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { true }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        let discarded = a & c.discardMask
        let up = ((words &>> c.randomShift) &- (discarded &>> c.remainderShift)) &>> 63
        return (a & c.keepMask) &+ (up &<< c.shift)
    }
    /// 0 < discarded < minimumRemainder: the general path would draw more words.
    @inlinable @inline(__always)
    static func needsGeneralPath<W: PatternWord>(_ a: W, _ c: DecisionConstants<W>) -> W {
        let discarded = a & c.discardMask
        return (discarded &- c.minimumRemainder) & (W(broadcasting: 0) &- discarded)
    }
}

/// Stochastic rounding with equal probabilities: an inexact value rounds up iff its
/// word's top bit is set.
@usableFromInline enum StochasticEqualDecision: ModeDecision {
    @inlinable static var drawsRandomWords: Bool { true }
    @inlinable @inline(__always)
    static func round<W: PatternWord>(_ a: W, negative: W, words: W, _ c: DecisionConstants<W>) -> W {
        let up = ((W(broadcasting: 0) &- (a & c.discardMask)) & words) &>> 63
        return (a & c.keepMask) &+ (up &<< c.shift)
    }
}

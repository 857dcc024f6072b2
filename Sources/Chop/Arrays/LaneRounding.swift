// The array fast path: the kernel's algorithm applied to four binary64 bit
// patterns at once with SIMD integer operations.
//
// For a finite input |x| ≥ 2^emin, the kernel's quantum is 2^(E − m) where E is the
// exponent of x, so the quantum is the last kept bit of x's own significand: with
// s = 52 − m discarded bits, "kept" is |x|'s pattern with the low s bits cleared and
// the discarded fraction is those s bits over 2^s. Rounding up adds 2^s to the
// pattern (a carry into the exponent field is exactly the step to the next binade).
// Every lane whose input is below 2^emin, NaN or ±∞, or whose rounded magnitude
// exceeds maxFinite (overflow), and every lane a rule cannot decide from one random
// word, is recomputed by calling the scalar kernel, so results are bit-identical to
// the kernel by construction; ArrayRoundingFastPathTests check it.

typealias LaneBits = SIMD4<UInt64>
typealias LaneMask = SIMDMask<SIMD4<Int64>>

/// Per-format, per-mode constants of the fast path, broadcast to all lanes.
struct LaneConstants {
    // Shift counts are scalars, so that the compiler sees one count for all lanes
    // (a single `psrlq` on SSE2 rather than a per-lane variable shift).
    /// s = 52 − significandBits, the number of discarded bits.
    let shift: UInt64
    /// 2^s: one quantum in the bit pattern.
    let unit: LaneBits
    /// 2^s − 1: the discarded bits.
    let discardMask: LaneBits
    /// ~(2^s − 1).
    let keepMask: LaneBits
    /// 2^(s−1) − 1: the round-to-nearest-even increment for a zero last kept bit.
    let halfMinusOne: LaneBits
    /// The pattern of 2^emin: smaller magnitudes take the kernel (subnormal range).
    let minNormalBits: LaneBits
    /// The pattern of maxFinite: larger rounded magnitudes take the kernel (overflow).
    let maxFiniteBits: LaneBits
    /// 64 − t for stochastic rounding with t random bits compared.
    let randomShift: UInt64
    /// s − t: the discarded bits truncated to their top t bits.
    let remainderShift: UInt64
    /// Nonzero discarded bits below this (a fraction under 2⁻³² with exact
    /// probabilities) make the kernel draw more than one word: those lanes take it.
    let minimumRemainder: LaneBits

    /// Constants for `format` and `mode`; for a format the fast path does not cover
    /// (unsigned formats, binary64 itself) every lane is sent to the kernel.
    init(format: FloatFormat, mode: RoundingMode) {
        let eligible = format.isSigned && format.significandBits < 52
        let s = UInt64(eligible ? 52 - format.significandBits : 1)
        shift = s
        unit = LaneBits(repeating: 1 << s)
        discardMask = LaneBits(repeating: (1 << s) - 1)
        keepMask = LaneBits(repeating: ~((1 << s) - 1))
        halfMinusOne = LaneBits(repeating: (1 << (s - 1)) - 1)
        // 2⁶³ (not a magnitude) sends every lane to the kernel.
        minNormalBits = LaneBits(repeating: eligible ? format.minNormal.bitPattern : 1 << 63)
        maxFiniteBits = LaneBits(repeating: format.maxFinite.bitPattern)
        // The kernel clamps the bit count to 1...63 and treats 64 or more as exact.
        var t = s
        var minimum: UInt64 = 0
        if case .stochastic(let bits) = mode, let r = bits, r < 64 {
            t = min(s, UInt64(max(r, 1)))
        } else {
            minimum = s > 32 ? 1 << (s - 32) : 1
        }
        randomShift = 64 - t
        remainderShift = s - t
        minimumRemainder = LaneBits(repeating: minimum)
    }
}

// The rules below use integer arithmetic only, no vector comparisons: a condition
// is carried in a lane's sign bit (all quantities compared are below 2⁶²), which
// keeps the code branch-free and vectorisable on plain SSE2 as well as AVX2.

/// 1 in lanes where `v` is nonzero, else 0 (for v < 2⁶³).
@inline(__always) func isNonzero(_ v: LaneBits) -> LaneBits { (0 &- v) &>> 63 }

/// Whether any lane of `v` has its sign bit set.
@inline(__always) func anySignBitSet(_ v: LaneBits) -> Bool {
    let halves = v.lowHalf | v.highHalf
    return (halves[0] | halves[1]) >> 63 != 0
}

/// One rounding mode on the bit patterns of four magnitudes.
protocol LaneRule {
    /// Whether the rule consumes the elements' random words.
    static var drawsRandomWords: Bool { get }
    /// The rounded magnitudes of `magnitude` (exact for normal-range lanes), and a
    /// vector whose sign bit marks the lanes the rule leaves to the kernel.
    /// `negative` is 1 in lanes of negative inputs, 0 elsewhere.
    static func round(
        _ magnitude: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants
    ) -> (rounded: LaneBits, needsKernel: LaneBits)
}

enum NearestEvenLanes: LaneRule {
    static var drawsRandomWords: Bool { false }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        // Add half a quantum, less one unless the last kept bit is odd, and truncate.
        let lastKept = (a &>> c.shift) & 1
        return ((a &+ c.halfMinusOne &+ lastKept) & c.keepMask, LaneBits())
    }
}

enum NearestAwayLanes: LaneRule {
    static var drawsRandomWords: Bool { false }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        ((a &+ c.halfMinusOne &+ 1) & c.keepMask, LaneBits())
    }
}

enum TowardZeroLanes: LaneRule {
    static var drawsRandomWords: Bool { false }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        (a & c.keepMask, LaneBits())
    }
}

/// Toward +∞ (magnitudes of positive values round up) or −∞ (negative values).
enum DirectedLanes<Positive: BooleanConstant>: LaneRule {
    static var drawsRandomWords: Bool { false }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        // Lanes rounding away from zero add 2^s − 1 before truncating.
        let awayLanes = Positive.value ? negative &- 1 : 0 &- negative  // all ones or zero
        return ((a &+ (c.discardMask & awayLanes)) & c.keepMask, LaneBits())
    }
}

protocol BooleanConstant { static var value: Bool { get } }
enum True: BooleanConstant { static var value: Bool { true } }
enum False: BooleanConstant { static var value: Bool { false } }

enum ToOddLanes: LaneRule {
    static var drawsRandomWords: Bool { false }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        // Inexact: set the last kept bit (kept + 1 when it is even, kept when odd).
        let inexact = isNonzero(a & c.discardMask)
        return ((a & c.keepMask) | (inexact &<< c.shift), LaneBits())
    }
}

enum StochasticLanes: LaneRule {
    static var drawsRandomWords: Bool { true }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        // The kernel rounds up iff word·2⁻⁶⁴ < f, compared on the top t bits:
        // (word >> (64 − t)) < (discarded >> (s − t)); both sides are below 2⁵³.
        let discarded = a & c.discardMask
        let up = ((words &>> c.randomShift) &- (discarded &>> c.remainderShift)) &>> 63
        let rounded = (a & c.keepMask) &+ (up &<< c.shift)
        // 0 < discarded < minimumRemainder: the kernel would draw more words.
        let needsKernel = (discarded &- c.minimumRemainder) & (0 &- discarded)
        return (rounded, needsKernel)
    }
}

enum StochasticEqualLanes: LaneRule {
    static var drawsRandomWords: Bool { true }
    @inline(__always)
    static func round(_ a: LaneBits, negative: LaneBits, words: LaneBits, _ c: LaneConstants)
        -> (rounded: LaneBits, needsKernel: LaneBits)
    {
        // The kernel rounds an inexact value up iff the word's top bit is set.
        let up = ((0 &- (a & c.discardMask)) & words) &>> 63
        return ((a & c.keepMask) &+ (up &<< c.shift), LaneBits())
    }
}

extension ArrayRounding {
    /// Rounds `count` elements from `source` into `destination` (which may be the
    /// same memory) with the stream of `chunk`.
    static func roundChunk(
        _ source: UnsafePointer<Double>, into destination: UnsafeMutablePointer<Double>, count: Int,
        format: FloatFormat, mode: RoundingMode, seed: UInt64, chunk: UInt64
    ) {
        let c = LaneConstants(format: format, mode: mode)
        switch mode {
        case .nearestEven:
            roundLanes(NearestEvenLanes.self, source, destination, count, format, mode, seed, chunk, c)
        case .nearestAway:
            roundLanes(NearestAwayLanes.self, source, destination, count, format, mode, seed, chunk, c)
        case .towardZero:
            roundLanes(TowardZeroLanes.self, source, destination, count, format, mode, seed, chunk, c)
        case .towardPositive:
            roundLanes(DirectedLanes<True>.self, source, destination, count, format, mode, seed, chunk, c)
        case .towardNegative:
            roundLanes(DirectedLanes<False>.self, source, destination, count, format, mode, seed, chunk, c)
        case .toOdd:
            roundLanes(ToOddLanes.self, source, destination, count, format, mode, seed, chunk, c)
        case .stochastic:
            roundLanes(StochasticLanes.self, source, destination, count, format, mode, seed, chunk, c)
        case .stochasticEqual:
            roundLanes(StochasticEqualLanes.self, source, destination, count, format, mode, seed, chunk, c)
        }
    }

    @inline(__always)
    static func roundLanes<Rule: LaneRule>(
        _ rule: Rule.Type, _ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>,
        _ count: Int, _ format: FloatFormat, _ mode: RoundingMode, _ seed: UInt64, _ chunk: UInt64,
        _ c: LaneConstants
    ) {
        var words = LaneRandomWords(seed: seed, chunk: chunk)
        let signBit = LaneBits(repeating: 1 << 63)
        let input = UnsafeRawPointer(source)
        let output = UnsafeMutableRawPointer(destination)
        // Eight elements (two vectors) per iteration: one test for the rare lanes.
        var i = 0
        while i + 8 <= count {
            let bits0 = input.loadUnaligned(fromByteOffset: i &* 8, as: LaneBits.self)
            let bits1 = input.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: LaneBits.self)
            let random0 = Rule.drawsRandomWords ? words.next() : LaneBits()
            let random1 = Rule.drawsRandomWords ? words.next() : LaneBits()
            let sign0 = bits0 & signBit, sign1 = bits1 & signBit
            let magnitude0 = bits0 ^ sign0, magnitude1 = bits1 ^ sign1
            let (rounded0, needsKernel0) = Rule.round(magnitude0, negative: sign0 &>> 63, words: random0, c)
            let (rounded1, needsKernel1) = Rule.round(magnitude1, negative: sign1 &>> 63, words: random1, c)
            output.storeBytes(of: rounded0 | sign0, toByteOffset: i &* 8, as: LaneBits.self)
            output.storeBytes(of: rounded1 | sign1, toByteOffset: (i &+ 4) &* 8, as: LaneBits.self)
            // Sign bits mark: below 2^emin (or a zero), overflow (or NaN/∞), kernel lanes.
            let exceptional0 = (magnitude0 &- c.minNormalBits) | (c.maxFiniteBits &- rounded0) | needsKernel0
            let exceptional1 = (magnitude1 &- c.minNormalBits) | (c.maxFiniteBits &- rounded1) | needsKernel1
            if anySignBitSet(exceptional0 | exceptional1) {
                for lane in 0..<4 where exceptional0[lane] >> 63 != 0 {
                    destination[i &+ lane] = roundWithKernel(bits0[lane], random0[lane], format, mode)
                }
                for lane in 0..<4 where exceptional1[lane] >> 63 != 0 {
                    destination[i &+ 4 &+ lane] = roundWithKernel(bits1[lane], random1[lane], format, mode)
                }
            }
            i &+= 8
        }
        while i + 4 <= count {
            let bits = input.loadUnaligned(fromByteOffset: i &* 8, as: LaneBits.self)
            let random = Rule.drawsRandomWords ? words.next() : LaneBits()
            let sign = bits & signBit
            let magnitude = bits ^ sign
            let (rounded, needsKernel) = Rule.round(magnitude, negative: sign &>> 63, words: random, c)
            output.storeBytes(of: rounded | sign, toByteOffset: i &* 8, as: LaneBits.self)
            let exceptional = (magnitude &- c.minNormalBits) | (c.maxFiniteBits &- rounded) | needsKernel
            if anySignBitSet(exceptional) {
                for lane in 0..<4 where exceptional[lane] >> 63 != 0 {
                    destination[i &+ lane] = roundWithKernel(bits[lane], random[lane], format, mode)
                }
            }
            i &+= 4
        }
        if i < count {
            let random = Rule.drawsRandomWords ? words.next() : LaneBits()
            for lane in 0..<(count - i) {
                let bits = input.loadUnaligned(fromByteOffset: (i + lane) * 8, as: UInt64.self)
                destination[i + lane] = roundWithKernel(bits, random[lane], format, mode)
            }
        }
    }

    /// The scalar kernel on one element, with that element's random word.
    @inline(never)
    static func roundWithKernel(_ bits: UInt64, _ word: UInt64, _ format: FloatFormat, _ mode: RoundingMode)
        -> Double
    {
        var generator = ElementRandomSource(word: word)
        return Chop.round(Double(bitPattern: bits), to: format, mode: mode, using: &generator)
    }
}

// The array fast path: the modes' decisions (ModeDecision.swift, the same functions
// the kernel's fast path calls) applied to four binary64 bit patterns at once with
// SIMD integer operations. Every lane whose input is below 2^emin, NaN or ±∞, or
// whose rounded magnitude exceeds maxFinite (overflow), and every lane a decision
// cannot make from one random word, is recomputed by calling the scalar kernel, so
// results are the kernel's by construction; ArrayRoundingFastPathTests check it.

typealias LaneBits = SIMD4<UInt64>

/// The array-specific constants: which lanes the decisions cover.
struct LaneBounds {
    /// The pattern of 2^emin: smaller magnitudes take the kernel (subnormal range).
    let minNormalBits: LaneBits
    /// The pattern of maxFinite: larger rounded magnitudes take the kernel (overflow).
    let maxFiniteBits: LaneBits

    /// For a format the decisions do not cover (unsigned formats, binary64 itself)
    /// every lane is sent to the kernel.
    init(format: FloatFormat) {
        // 2⁶³ (not a magnitude) sends every lane to the kernel.
        minNormalBits = LaneBits(repeating: Self.isCovered(format) ? format.minNormal.bitPattern : 1 << 63)
        maxFiniteBits = LaneBits(repeating: format.maxFinite.bitPattern)
    }

    static func isCovered(_ format: FloatFormat) -> Bool { format.isSigned && format.significandBits < 52 }
}

/// Whether any lane of `v` has its sign bit set.
@inline(__always) func anySignBitSet(_ v: LaneBits) -> Bool {
    let halves = v.lowHalf | v.highHalf
    return (halves[0] | halves[1]) >> 63 != 0
}

extension ArrayRounding {
    /// Rounds `count` elements from `source` into `destination` (which may be the
    /// same memory) with the stream of `chunk`.
    static func roundChunk(
        _ source: UnsafePointer<Double>, into destination: UnsafeMutablePointer<Double>, count: Int,
        format: FloatFormat, mode: RoundingMode, seed: UInt64, chunk: UInt64
    ) {
        let c = DecisionConstants<LaneBits>(
            significandBits: LaneBounds.isCovered(format) ? format.significandBits : 51, mode: mode)
        let b = LaneBounds(format: format)
        switch mode {
        case .nearestEven:
            roundLanes(NearestEvenDecision.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .nearestAway:
            roundLanes(NearestAwayDecision.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .towardZero:
            roundLanes(TowardZeroDecision.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .towardPositive:
            roundLanes(DirectedDecision<True>.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .towardNegative:
            roundLanes(DirectedDecision<False>.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .toOdd:
            roundLanes(ToOddDecision.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .stochastic:
            roundLanes(StochasticDecision.self, source, destination, count, format, mode, seed, chunk, c, b)
        case .stochasticEqual:
            roundLanes(StochasticEqualDecision.self, source, destination, count, format, mode, seed, chunk, c, b)
        }
    }

    @inline(__always)
    static func roundLanes<Rule: ModeDecision>(
        _ rule: Rule.Type, _ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>,
        _ count: Int, _ format: FloatFormat, _ mode: RoundingMode, _ seed: UInt64, _ chunk: UInt64,
        _ c: DecisionConstants<LaneBits>, _ b: LaneBounds
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
            let rounded0 = Rule.round(magnitude0, negative: sign0 &>> 63, words: random0, c)
            let rounded1 = Rule.round(magnitude1, negative: sign1 &>> 63, words: random1, c)
            let needsKernel0 = Rule.needsGeneralPath(magnitude0, c)
            let needsKernel1 = Rule.needsGeneralPath(magnitude1, c)
            output.storeBytes(of: rounded0 | sign0, toByteOffset: i &* 8, as: LaneBits.self)
            output.storeBytes(of: rounded1 | sign1, toByteOffset: (i &+ 4) &* 8, as: LaneBits.self)
            // Sign bits mark: below 2^emin (or a zero), overflow (or NaN/∞), kernel lanes.
            let exceptional0 = (magnitude0 &- b.minNormalBits) | (b.maxFiniteBits &- rounded0) | needsKernel0
            let exceptional1 = (magnitude1 &- b.minNormalBits) | (b.maxFiniteBits &- rounded1) | needsKernel1
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
            let rounded = Rule.round(magnitude, negative: sign &>> 63, words: random, c)
            let needsKernel = Rule.needsGeneralPath(magnitude, c)
            output.storeBytes(of: rounded | sign, toByteOffset: i &* 8, as: LaneBits.self)
            let exceptional = (magnitude &- b.minNormalBits) | (b.maxFiniteBits &- rounded) | needsKernel
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

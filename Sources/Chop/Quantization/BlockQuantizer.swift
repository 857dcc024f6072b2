// Quantizing to a block format. The recipe, per block of consecutive values:
//   1. amax = the largest finite magnitude in the block.
//   2. the block scale X from amax and the scale rule (ScaleRule), encoded in the
//      scale format; with a tensor scale (NVFP4) amax is first brought to the encode
//      scale's units in FP32 (see `blockScale`).
//   3. each element x ↦ P = round(x / X) onto the element grid (the one kernel, any
//      mode, saturating at ±max_elem); its code is stored.
// Dequantization is P·X (÷ s for a tensor scale).

extension BlockFormat {
    /// Random streams: blocks are grouped into chunks of about this many values, and
    /// chunk *k* draws from `Xoshiro256StarStar(seed:stream: k)`, so stochastic results
    /// depend on the seed only, not on the number of threads.
    public static let valuesPerRandomStream = 1 << 14

    /// Quantizes `values` to this block format.
    ///
    /// Blocks run over consecutive values. With `segmentLength` (the row length of a
    /// row-major matrix), blocks restart at every segment boundary, and the last block
    /// of each segment may be shorter than ``blockSize``.
    ///
    /// - Parameters:
    ///   - values: the values to quantize (any count).
    ///   - segmentLength: the length of the segments that blocks must not cross (`nil`:
    ///     one segment).
    ///   - mode: the rounding of elements (nearest-even by default; stochastic for
    ///     gradients). Scales are always chosen by the scale rule, not by `mode`.
    ///   - seed: the seed of the random streams of stochastic modes (`nil`: fresh
    ///     entropy, so repeated unseeded calls differ).
    ///   - threads: worker threads (`nil`: all cores for large inputs).
    /// - Edge cases:
    ///   - A block whose largest magnitude is 0 gets the smallest scale; its elements
    ///     are ±0 (signs kept where the element format has −0).
    ///   - Subnormal-scale blocks: power-of-two scales below the scale format's smallest
    ///     power of two (2⁻¹²⁷ for E8M0) are clamped to it; the elements then round as
    ///     the element format's subnormals (or to 0). A ratio scale may round to 0 in a
    ///     scale format with a zero (E4M3): the block is then flushed to ±0.
    ///   - NaN or ±∞ inside a block: when the scale format has a NaN (E8M0, E4M3) the
    ///     block's scale is NaN and the whole block dequantizes to NaN (as the OCP
    ///     reference code does); the element codes are then those of the values where
    ///     the element format can hold them and 0 otherwise. With a scale format without
    ///     NaN, non-finite values are left out of amax, ±∞ clamp to ±max_elem·X and NaN
    ///     stays NaN only where the element format has one.
    ///   - Clipping: an element with |x / X| > max_elem is counted in
    ///     ``BlockQuantized/clippedCount`` and clamped to ±max_elem.
    ///   - Tensor scale (NVFP4): values are read as FP32 (values beyond FP32's range
    ///     become ±∞ there).
    /// - Throws: ``QuantizationError/shapeMismatch(_:)`` when `segmentLength` is not
    ///   positive or does not divide the count.
    public func quantize(
        _ values: [Double], segmentLength: Int? = nil, mode: RoundingMode = .nearestEven,
        seed: UInt64? = nil, threads: Int? = nil
    ) throws -> BlockQuantized {
        let n = values.count
        let segment = segmentLength ?? max(n, 1)
        guard segment >= 1, n % segment == 0 else {
            throw QuantizationError.shapeMismatch("segment length \(segment) does not divide \(n) values")
        }
        var result = BlockQuantized(
            format: self, count: n, segmentLength: segment, tensorScale: 1,
            scaleCodes: [], elementCodes: [UInt8](repeating: 0, count: n), clippedCount: 0)
        let blocks = result.blockCount
        result.scaleCodes = [UInt64](repeating: 0, count: blocks)
        let encodeScale: Float? = tensorScale ? tensorEncodeScale(values) : nil
        if let encodeScale { result.tensorScale = encodeScale }
        let blocksPerChunk = max(1, Self.valuesPerRandomStream / blockSize)
        let chunks = (blocks + blocksPerChunk - 1) / blocksPerChunk
        var clippedPerChunk = [Int](repeating: 0, count: chunks)
        let layout = result
        let encoder = ElementEncoder(element)
        let seed = ArrayRounding.resolvedSeed(seed, mode)
        values.withUnsafeBufferPointer { input in
            result.elementCodes.withUnsafeMutableBufferPointer { codes in
                result.scaleCodes.withUnsafeMutableBufferPointer { scales in
                    clippedPerChunk.withUnsafeMutableBufferPointer { clipped in
                        // Each chunk writes its own blocks' codes and scales only.
                        let buffers = QuantizerBuffers(input: input, codes: codes, scales: scales, clipped: clipped)
                        let workers = threads ?? (n >= ArrayRounding.parallelThreshold ? ProcessorCount.active : 1)
                        parallelFor(chunks, workers: workers) { chunk in
                            var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(chunk))
                            var count = 0
                            let first = chunk * blocksPerChunk
                            for b in first..<min(blocks, first + blocksPerChunk) {
                                let range = layout.blockRange(b)
                                let (scale, c) = quantizeBlock(
                                    buffers.input, range: range, encodeScale: encodeScale, mode: mode,
                                    encoder: encoder, codes: buffers.codes, using: &generator)
                                buffers.scales[b] = scale
                                count += c
                            }
                            buffers.clipped[chunk] = count
                        }
                    }
                }
            }
        }
        result.clippedCount = clippedPerChunk.reduce(0, +)
        return result
    }

    /// NVFP4's per-tensor FP32 encode scale `s = max_scale · max_elem / amax_tensor`
    /// (2688 / amax for NVFP4), computed in FP32 from the largest finite magnitude read
    /// as FP32; 1 when that amax is 0 or s is not a positive finite FP32 value, and
    /// clamped to the largest FP32 value when the division overflows.
    public func tensorEncodeScale(_ values: [Double]) -> Float {
        var amax = 0.0
        for v in values where v.isFinite { amax = Swift.max(amax, v.magnitude) }
        let a = Float(amax)
        guard a > 0, a.isFinite else { return 1 }
        var s = Float(scaleFormat.maxFinite) * Float(element.maxValue) / a
        if s.isInfinite { s = .greatestFiniteMagnitude }
        return s > 0 ? s : 1
    }

    /// The block scale (a value of ``scaleFormat``, or NaN) for a block whose largest
    /// finite magnitude is `amax`, under ``scaleRule``.
    ///
    /// With a tensor encode scale `s` the computation follows NVFP4 in FP32: the
    /// power-of-two rules use `amax·s`, the ratio rules round `(amax / max_elem)·s`
    /// (two FP32 operations, in that order) to the scale format. Without one, the ratio
    /// `amax / max_elem` is rounded exactly (FMA-corrected quotient).
    public func blockScale(amax: Double, encodeScale s: Float? = nil) -> Double {
        let saturatingScale = scaleFormat.saturating()
        switch scaleRule {
        case .ocp, .roundUp:
            let minExponent = Int(scaleFormat.minPositive.exponent)
            var a = amax
            if let s { a = Double(Float(amax) * s) }
            if a == 0 { return scaleFormat.minPositive }
            if !a.isFinite { return scaleFormat.hasNaN ? .nan : Self.largestPowerOfTwo(scaleFormat) }
            var e: Int
            let m = element.maxValue
            if scaleRule == .ocp {
                e = Int(a.exponent) - element.emax
            } else {
                // Smallest k with a ≤ m·2^k: compare significands.
                e = Int(a.exponent) - Int(m.exponent) + (a.significand > m.significand ? 1 : 0)
            }
            if e < minExponent { e = minExponent }
            let maxPower = Self.largestPowerOfTwo(scaleFormat)
            if e > Int(maxPower.exponent) { return scaleFormat.hasNaN ? .nan : maxPower }
            return Double(sign: .plus, exponent: e, significand: 1)
        case .ratio, .ratioRoundUp:
            let rounding: RoundingMode = scaleRule == .ratio ? .nearestEven : .towardPositive
            if amax == 0 { return scaleFormat.minPositive }
            if let s {
                let raw = Float(amax) / Float(element.maxValue) * s
                return Chop.round(Double(raw), to: saturatingScale, mode: rounding)
            }
            let (q, t) = exactQuotient(amax, element.maxValue)
            return Chop.round(q, tail: t, to: saturatingScale, mode: rounding)
        }
    }

    private static func largestPowerOfTwo(_ f: FloatFormat) -> Double {
        Double(sign: .plus, exponent: Int(f.maxFinite.exponent), significand: 1)
    }

    /// Quantizes one block into `codes[range]`; returns the scale code and the number
    /// of clipped elements.
    @inline(__always)
    func quantizeBlock<G: RandomNumberGenerator>(
        _ input: UnsafeBufferPointer<Double>, range: Range<Int>, encodeScale: Float?,
        mode: RoundingMode, encoder: ElementEncoder, codes: UnsafeMutableBufferPointer<UInt8>,
        using generator: inout G
    ) -> (scaleCode: UInt64, clipped: Int) {
        var amax = 0.0
        var nonFinite = false
        for i in range {
            let v = input[i]
            if v.isFinite { amax = Swift.max(amax, v.magnitude) } else { nonFinite = true }
        }
        let core = element.grid.core   // the kernel on the numeric fields: no name copied per element
        if nonFinite && scaleFormat.hasNaN {
            for i in range { codes[i] = element.encode(input[i].isFinite ? 0 : input[i]) }
            return ((try? scaleFormat.encode(.nan)) ?? 0, 0)
        }
        let scale = blockScale(amax: amax, encodeScale: encodeScale)
        let scaleCode = (try? scaleFormat.encode(scale)) ?? 0
        if scale.isNaN {
            for i in range { codes[i] = element.encode(input[i].isFinite ? 0 : input[i]) }
            return (scaleCode, 0)
        }
        if scale == 0 {
            for i in range { codes[i] = element.encode(input[i].sign == .minus ? -0.0 : 0.0) }
            return (scaleCode, 0)
        }
        let covered = core.isSigned && core.significandBits < 52
        let c = DecisionConstants<UInt64>(significandBits: covered ? core.significandBits : 51, mode: mode)
        let block = ElementBlock(
            input: input, range: range, encodeScale: encodeScale, scale: scale, core: core, covered: covered,
            mode: mode, constants: c, encoder: encoder, codes: codes)
        let clipped: Int
        switch mode {
        case .nearestEven: clipped = block.round(NearestEvenDecision.self, using: &generator)
        case .nearestAway: clipped = block.round(NearestAwayDecision.self, using: &generator)
        case .towardZero: clipped = block.round(TowardZeroDecision.self, using: &generator)
        case .towardPositive: clipped = block.round(DirectedDecision<True>.self, using: &generator)
        case .towardNegative: clipped = block.round(DirectedDecision<False>.self, using: &generator)
        case .toOdd: clipped = block.round(ToOddDecision.self, using: &generator)
        case .stochastic: clipped = block.round(StochasticDecision.self, using: &generator)
        case .stochasticEqual: clipped = block.round(StochasticEqualDecision.self, using: &generator)
        }
        return (scaleCode, clipped)
    }
}

/// One block's elements, scaled and rounded onto the element grid by the kernel (its
/// fast path with the mode's decision chosen once per block, its general path for the
/// rest), and encoded.
struct ElementBlock {
    let input: UnsafeBufferPointer<Double>
    let range: Range<Int>
    let encodeScale: Float?
    let scale: Double
    let core: FloatFormat.Core
    let covered: Bool
    let mode: RoundingMode
    let constants: DecisionConstants<UInt64>
    let encoder: ElementEncoder
    let codes: UnsafeMutableBufferPointer<UInt8>

    /// The element `v + t` rounded onto the grid: the kernel, with `D` = `mode`'s decision.
    @inline(__always)
    func element<D: ModeDecision, G: RandomNumberGenerator>(_ v: Double, _ t: Double, _: D.Type, using g: inout G) -> Double {
        if covered, let r = roundNormalFast(v, tail: t, to: core, mode: mode, constants, D.self, using: &g) { return r }
        return roundingKernelGeneral(v, tail: t, to: core, mode: mode, using: &g)
    }

    /// Rounds and encodes every element; returns the number clipped.
    @inline(__always)
    func round<D: ModeDecision, G: RandomNumberGenerator>(_: D.Type, using generator: inout G) -> Int {
        var clipped = 0
        let maxElement = core.maxFinite
        if let s = encodeScale {
            // NVFP4 in FP32: decode scale d/s, then x / (d/s), then the kernel.
            let decode = Float(scale) / s
            for i in range {
                let x = input[i]
                let v = Double(Float(x) / decode)
                if v.magnitude > maxElement && x.isFinite { clipped += 1 }
                codes[i] = encoder.encode(element(v, 0, D.self, using: &generator))
            }
            return clipped
        }
        let powerOfTwo = scale.significand == 1
        let inverse = 1 / scale
        for i in range {
            let x = input[i]
            var v: Double
            var t = 0.0
            if !x.isFinite {
                v = x
            } else if powerOfTwo {
                v = x * inverse
                if v.magnitude < 0x1p-1022 && x != 0 { (v, t) = exactQuotient(x, scale) }
            } else {
                (v, t) = exactQuotient(x, scale)
            }
            if v.magnitude > maxElement && x.isFinite { clipped += 1 }
            codes[i] = encoder.encode(element(v, t, D.self, using: &generator))
        }
        return clipped
    }
}

/// The buffers of one quantization, shared by the workers of ``parallelFor(_:workers:_:)``,
/// each of which writes disjoint elements.
struct QuantizerBuffers: @unchecked Sendable {
    let input: UnsafeBufferPointer<Double>
    let codes: UnsafeMutableBufferPointer<UInt8>
    let scales: UnsafeMutableBufferPointer<UInt64>
    let clipped: UnsafeMutableBufferPointer<Int>
}

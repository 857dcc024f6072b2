/// Rounding whole buffers with the one kernel, vectorised and on all cores for
/// large inputs.
///
/// Every element is rounded exactly as the scalar kernel
/// ``round(_:tail:to:mode:using:)`` rounds it. Finite elements whose result is a
/// normal number of the format take a SIMD fast path that applies the kernel's
/// algorithm to the binary64 bit patterns (integer add and mask, four lanes at a
/// time); every other element (zeros, subnormal results, overflow, NaN, ±∞, and
/// formats the fast path does not cover) calls the kernel itself.
///
/// Stream layout of the stochastic modes: work is split into fixed chunks of
/// ``chunkLength`` elements. Element *i* of chunk *c* (index `c·chunkLength + i` in
/// the buffer) gets one 64-bit word, the output number `i / 4` (counting from 0) of
/// `Xoshiro256StarStar(seed: seed, stream: 4·c + i % 4)`, and its result is
/// exactly `round(x, to: format, mode: mode, using: &ElementRandomSource(word: word))`.
/// A seed therefore gives the same result whatever the thread count, and whether
/// the buffer is rounded in place or out of place. Optional soft errors
/// (``SignificandBitFlips``) are applied to each chunk's results afterwards, from
/// streams of their own (see there), equally independent of the thread count.
public enum ArrayRounding {
    /// Elements per chunk (and per group of four random streams).
    public static let chunkLength = 1 << 14
    /// Inputs shorter than this are rounded on the calling thread.
    public static let parallelThreshold = 1 << 17

    /// Rounds `buffer` in place.
    ///
    /// - Parameters:
    ///   - buffer: the values, replaced by their roundings.
    ///   - format: the target format.
    ///   - mode: the rounding mode.
    ///   - threads: the number of worker threads; `nil` uses every core for inputs of
    ///     ``parallelThreshold`` elements or more and one thread below that. Values
    ///     below 1 count as 1. The result does not depend on it.
    ///   - seed: the seed of the stochastic modes' and the flips' random streams
    ///     (ignored otherwise); `nil` draws a fresh seed from the system's entropy, so
    ///     repeated unseeded calls differ. Pass a seed (or use a ``RoundingContext``)
    ///     to reproduce a run.
    ///   - flips: soft errors applied to every rounded result (none by default).
    ///
    /// Edge cases (NaN, ±∞, ±0, subnormals, overflow) are those of
    /// ``round(_:tail:to:mode:using:)``.
    public static func round(
        _ buffer: UnsafeMutableBufferPointer<Double>, to format: FloatFormat, mode: RoundingMode,
        seed: UInt64? = nil, threads: Int? = nil, flips: SignificandBitFlips? = nil
    ) {
        guard let base = buffer.baseAddress else { return }
        roundChunks(UnsafePointer(base), into: base, count: buffer.count, format: format, mode: mode,
                    seed: resolvedSeed(seed, mode, flips), threads: threads, flips: flips)
    }

    /// Rounds `source` into `destination`, leaving `source` unchanged (the two may
    /// also be the same memory).
    ///
    /// - Precondition: `source.count == destination.count`.
    /// Parameters and edge cases as for the in-place `round(_:to:mode:seed:threads:flips:)`.
    public static func round(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>,
        to format: FloatFormat, mode: RoundingMode, seed: UInt64? = nil, threads: Int? = nil,
        flips: SignificandBitFlips? = nil
    ) {
        precondition(source.count == destination.count, "source and destination counts differ")
        guard let s = source.baseAddress, let d = destination.baseAddress else { return }
        roundChunks(s, into: d, count: source.count, format: format, mode: mode,
                    seed: resolvedSeed(seed, mode, flips), threads: threads, flips: flips)
    }

    /// The seed to use: the caller's, or fresh entropy for an unseeded call that draws
    /// random bits (a stochastic mode, or flips).
    static func resolvedSeed(_ seed: UInt64?, _ mode: RoundingMode, _ flips: SignificandBitFlips? = nil) -> UInt64 {
        if let seed { return seed }
        guard mode.isStochastic || flips != nil else { return 0 }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    static func roundChunks(
        _ source: UnsafePointer<Double>, into destination: UnsafeMutablePointer<Double>, count n: Int,
        format: FloatFormat, mode: RoundingMode, seed: UInt64, threads: Int?, flips: SignificandBitFlips?
    ) {
        let source = UnsafeSendablePointers(source: source, destination: destination)
        forEachChunk(of: n, threads: threads) { start, count, chunk in
            roundChunk(source.source + start, into: source.destination + start, count: count,
                       format: format, mode: mode, seed: seed, chunk: UInt64(chunk))
            flips?.apply(to: source.destination + start, count: count, format: format, seed: seed, chunk: chunk)
        }
    }

    /// Calls `body(start, count, chunk)` for every chunk of ``chunkLength`` elements of
    /// `n`, on `threads` workers (`nil`: every core from ``parallelThreshold`` elements
    /// on). Each worker takes a contiguous run of chunks; results do not depend on the split.
    static func forEachChunk(of n: Int, threads: Int?, _ body: @Sendable (Int, Int, Int) -> Void) {
        guard n > 0 else { return }
        let chunks = (n + chunkLength - 1) / chunkLength
        let workers = min(chunks, max(1, threads ?? (n >= parallelThreshold ? ProcessorCount.active : 1)))
        parallelFor(chunks, workers: workers) { chunk in
            let start = chunk * chunkLength
            body(start, min(n, start + chunkLength) - start, chunk)
        }
    }

}

/// Rounding whole arrays of `Double`s: the kernel applied to every element, on all
/// cores for large arrays (see ``ArrayRounding``).
extension Array where Element == Double {
    /// A copy with every element rounded to `format` (see ``ArrayRounding``), with
    /// optional soft errors (`flips`, see ``SignificandBitFlips``).
    public func rounded(
        to format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64? = nil, threads: Int? = nil,
        flips: SignificandBitFlips? = nil
    ) -> [Double] {
        let n = count
        return withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: n) { destination, initialized in
                ArrayRounding.round(source, into: destination, to: format, mode: mode, seed: seed, threads: threads,
                                    flips: flips)
                initialized = n
            }
        }
    }

    /// Rounds every element to `format` in place (see ``ArrayRounding``), with optional
    /// soft errors (`flips`, see ``SignificandBitFlips``).
    public mutating func round(
        to format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64? = nil, threads: Int? = nil,
        flips: SignificandBitFlips? = nil
    ) {
        withUnsafeMutableBufferPointer {
            ArrayRounding.round($0, to: format, mode: mode, seed: seed, threads: threads, flips: flips)
        }
    }
}

/// A source and a destination pointer handed to the workers of ``parallelFor(_:workers:_:)``:
/// each worker touches its own disjoint range of elements.
struct UnsafeSendablePointers<Element>: @unchecked Sendable {
    let source: UnsafePointer<Element>
    let destination: UnsafeMutablePointer<Element>
}

import Dispatch

/// Rounding whole buffers with the one kernel, on all cores for large inputs.
///
/// Work is split into fixed chunks of ``chunkLength`` elements. For stochastic modes
/// chunk *i* draws its random bits from `Xoshiro256StarStar(seed: seed, stream: i)`,
/// so a seed gives the same result whatever the number of threads.
public enum ArrayRounding {
    /// Elements per chunk (and per random stream).
    public static let chunkLength = 1 << 14
    /// Inputs shorter than this are rounded on the calling thread.
    public static let parallelThreshold = 1 << 17

    /// Rounds `buffer` in place.
    ///
    /// - Parameters:
    ///   - threads: the number of worker threads; `nil` uses every core for inputs of
    ///     ``parallelThreshold`` elements or more and one thread below that.
    ///   - seed: the seed of the stochastic modes' random streams (ignored otherwise).
    /// Edge cases are those of ``round(_:tail:to:mode:using:)``.
    public static func round(
        _ buffer: UnsafeMutableBufferPointer<Double>, to format: FloatFormat, mode: RoundingMode,
        seed: UInt64 = 0, threads: Int? = nil
    ) {
        let n = buffer.count
        guard n > 0, let base = buffer.baseAddress else { return }
        let chunks = (n + chunkLength - 1) / chunkLength
        let workers = min(chunks, max(1, threads ?? (n >= parallelThreshold ? activeProcessorCount : 1)))
        let work: (Int) -> Void = { chunk in
            let start = chunk * chunkLength
            let end = min(n, start + chunkLength)
            roundChunk(base + start, count: end - start, format: format, mode: mode, seed: seed, stream: UInt64(chunk))
        }
        if workers == 1 {
            for chunk in 0..<chunks { work(chunk) }
        } else {
            // Workers take chunks round-robin; results do not depend on the split.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var chunk = worker
                while chunk < chunks {
                    work(chunk)
                    chunk += workers
                }
            }
        }
    }

    /// Rounds `source` into `destination` (same count), leaving `source` unchanged.
    public static func round(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>,
        to format: FloatFormat, mode: RoundingMode, seed: UInt64 = 0, threads: Int? = nil
    ) {
        precondition(source.count == destination.count, "source and destination counts differ")
        guard let s = source.baseAddress, let d = destination.baseAddress else { return }
        if s != UnsafePointer(d) { d.update(from: s, count: source.count) }
        round(destination, to: format, mode: mode, seed: seed, threads: threads)
    }

    @inline(__always)
    static func roundChunk(
        _ p: UnsafeMutablePointer<Double>, count: Int, format: FloatFormat, mode: RoundingMode,
        seed: UInt64, stream: UInt64
    ) {
        var generator = Xoshiro256StarStar(seed: seed, stream: stream)
        for i in 0..<count {
            p[i] = Chop.round(p[i], to: format, mode: mode, using: &generator)
        }
    }

    static var activeProcessorCount: Int {
        ProcessInfoShim.activeProcessorCount
    }
}

extension Array where Element == Double {
    /// A copy with every element rounded to `format` (see ``ArrayRounding``).
    public func rounded(
        to format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64 = 0, threads: Int? = nil
    ) -> [Double] {
        var copy = self
        copy.round(to: format, mode: mode, seed: seed, threads: threads)
        return copy
    }

    /// Rounds every element to `format` in place (see ``ArrayRounding``).
    public mutating func round(
        to format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64 = 0, threads: Int? = nil
    ) {
        withUnsafeMutableBufferPointer {
            ArrayRounding.round($0, to: format, mode: mode, seed: seed, threads: threads)
        }
    }
}

/// An element type whose buffers ``ArrayRounding`` rounds besides `Double`: `Float`
/// and `Float16`.
///
/// Each element is converted exactly to binary64, rounded by the same kernel and with
/// the same random-stream layout as a `Double` buffer (so a `[Float]` and the `[Double]`
/// of the same values give the same results for a seed), and converted back. The last
/// step is exact because the target format must fit in the element type (see
/// ``ArrayRounding/requireFits(_:in:)``): a result is never rounded twice.
public protocol ArrayRoundingElement: BinaryFloatingPoint, Sendable {
    /// The element type's own format (binary32 for `Float`, binary16 for `Float16`).
    static var elementFormat: FloatFormat { get }
}

/// `[Float]` and `Float` buffers round like `[Double]` (formats that fit in binary32).
extension Float: ArrayRoundingElement {
    public static var elementFormat: FloatFormat { .binary32 }
}

#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
/// `[Float16]` and `Float16` buffers round like `[Double]` (formats that fit in binary16).
extension Float16: ArrayRoundingElement {
    public static var elementFormat: FloatFormat { .binary16 }
}
#endif

extension FloatFormat {
    /// Whether every value of this format (including ±∞ when it has them; NaN always
    /// maps to NaN) is also a value of `other`: no more precision, no larger exponent,
    /// and nothing finer than `other`'s least quantum (or, when `other` has no
    /// subnormals, no binade below its least normal).
    public func fits(in other: FloatFormat) -> Bool {
        guard precision <= other.precision, emax <= other.emax else { return false }
        let lowestQuantum = emin - significandBits
        if other.subnormals {
            return lowestQuantum >= other.emin - other.significandBits
        }
        let lowestBinade = subnormals ? emin - significandBits : emin
        return lowestBinade >= other.emin
    }
}

extension ArrayRounding {
    /// Throws unless every value of `format` is a value of `Element`.
    /// - Throws: ``FormatError/notRepresentable(_:)`` naming both formats.
    public static func requireFits<Element: ArrayRoundingElement>(_ format: FloatFormat, in element: Element.Type) throws {
        guard format.fits(in: Element.elementFormat) else {
            throw FormatError.notRepresentable(
                "\(format.name) does not fit in \(Element.self) (\(Element.elementFormat.name)): "
                    + "its results would be rounded a second time; round a Double buffer instead")
        }
    }

    /// Rounds a `Float` or `Float16` buffer in place.
    ///
    /// Every element is rounded exactly as the `Double` of its value is by
    /// the `Double` `round(_:to:mode:seed:threads:flips:)` (same kernel, same stream layout, so the
    /// result does not depend on `threads`), then stored back exactly.
    /// - Throws: ``FormatError/notRepresentable(_:)`` when `format` does not fit in
    ///   `Element` (e.g. binary32 into `Float16`, or binary64 into `Float`); nothing is
    ///   changed then.
    public static func round<Element: ArrayRoundingElement>(
        _ buffer: UnsafeMutableBufferPointer<Element>, to format: FloatFormat, mode: RoundingMode,
        seed: UInt64? = nil, threads: Int? = nil, flips: SignificandBitFlips? = nil
    ) throws {
        try requireFits(format, in: Element.self)
        guard let base = buffer.baseAddress else { return }
        roundElementChunks(UnsafePointer(base), into: base, count: buffer.count, format: format, mode: mode,
                           seed: resolvedSeed(seed, mode, flips), threads: threads, flips: flips)
    }

    /// Rounds a `Float` or `Float16` buffer into another of the same count (they may be
    /// the same memory); see the in-place `round(_:to:mode:seed:threads:flips:)`.
    /// - Precondition: `source.count == destination.count`.
    /// - Throws: ``FormatError/notRepresentable(_:)`` when `format` does not fit in `Element`.
    public static func round<Element: ArrayRoundingElement>(
        _ source: UnsafeBufferPointer<Element>, into destination: UnsafeMutableBufferPointer<Element>,
        to format: FloatFormat, mode: RoundingMode, seed: UInt64? = nil, threads: Int? = nil, flips: SignificandBitFlips? = nil
    ) throws {
        precondition(source.count == destination.count, "source and destination counts differ")
        try requireFits(format, in: Element.self)
        guard let s = source.baseAddress, let d = destination.baseAddress else { return }
        roundElementChunks(s, into: d, count: source.count, format: format, mode: mode,
                           seed: resolvedSeed(seed, mode, flips), threads: threads, flips: flips)
    }

    /// The chunks of ``roundChunks(_:into:count:format:mode:seed:threads:)``, each
    /// widened into a binary64 scratch chunk, rounded there, and narrowed back.
    static func roundElementChunks<Element: ArrayRoundingElement>(
        _ source: UnsafePointer<Element>, into destination: UnsafeMutablePointer<Element>, count n: Int,
        format: FloatFormat, mode: RoundingMode, seed: UInt64, threads: Int?, flips: SignificandBitFlips?
    ) {
        let pointers = UnsafeSendablePointers(source: source, destination: destination)
        forEachChunk(of: n, threads: threads) { start, count, chunk in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { scratch in
                let wide = scratch.baseAddress!
                for i in 0..<count { wide[i] = Double(pointers.source[start + i]) }
                roundChunk(wide, into: wide, count: count, format: format, mode: mode, seed: seed, chunk: UInt64(chunk))
                flips?.apply(to: wide, count: count, format: format, seed: seed, chunk: chunk)
                for i in 0..<count { pointers.destination[start + i] = Element(wide[i]) }
            }
        }
    }
}

/// Rounding `[Float]` and `[Float16]` in place and out of place, with the `[Double]` kernel.
extension Array where Element: ArrayRoundingElement {
    /// A copy with every element rounded to `format` (see
    /// ``ArrayRoundingElement``).
    /// - Throws: ``FormatError/notRepresentable(_:)`` when `format` does not fit in `Element`.
    public func rounded(
        to format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64? = nil, threads: Int? = nil,
        flips: SignificandBitFlips? = nil
    ) throws -> [Element] {
        try ArrayRounding.requireFits(format, in: Element.self)
        let n = count
        return try withUnsafeBufferPointer { source in
            try [Element](unsafeUninitializedCapacity: n) { destination, initialized in
                try ArrayRounding.round(source, into: destination, to: format, mode: mode, seed: seed, threads: threads,
                                        flips: flips)
                initialized = n
            }
        }
    }

    /// Rounds every element to `format` in place.
    /// - Throws: ``FormatError/notRepresentable(_:)`` when `format` does not fit in
    ///   `Element`; the array is unchanged then.
    public mutating func round(
        to format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64? = nil, threads: Int? = nil, flips: SignificandBitFlips? = nil
    ) throws {
        try withUnsafeMutableBufferPointer {
            try ArrayRounding.round($0, to: format, mode: mode, seed: seed, threads: threads)
        }
    }
}

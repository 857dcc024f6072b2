/// Everything that decides how a value is rounded, as one value: a format, a mode and
/// (for the stochastic modes) a random source.
///
/// A context is plain data that you pass: there is no ambient rounding state in the
/// library. Run-time formats (a format named on the command line, a sweep over
/// significand widths) use a context; statically typed code can use the typed floats
/// (``Emulated``), whose format and mode are part of the type.
///
/// ```swift
/// var context = RoundingContext(format: .bfloat16, mode: .stochastic(), seed: 42)
/// var sum = 0.0
/// for x in xs { sum = context.add(sum, x) }      // every addition rounded once, stochastically
/// let ys = context.rounded(xs)                    // a whole array, multi-core, reproducible
/// ```
///
/// Every operation computes its exact result and rounds it once with the library's
/// one kernel (``round(_:tail:to:mode:using:)``); see ``RoundedArithmetic`` for the
/// arithmetic and the kernel for the edge cases (NaN, ±0, overflow, subnormals).
///
/// Stochastic modes draw from ``generator``: a context seeded the same way gives the
/// same results. Give each concurrent worker its own context, e.g.
/// `RoundingContext(format:mode:seed:stream:)` with the worker's item index as the
/// stream, so results do not depend on the thread count or on scheduling. A context
/// is a value: copying it copies the generator state, so two copies draw the same
/// random words.
@frozen
public struct RoundingContext: Sendable {
    /// The format every result is rounded to.
    public var format: FloatFormat
    /// The rounding mode.
    public var mode: RoundingMode
    /// The source of random bits of the stochastic modes (unused by the others) and of
    /// ``bitFlips``.
    public var generator: Xoshiro256StarStar
    /// Soft errors applied to every result the context rounds, scalars and arrays
    /// (none by default). Scalar operations draw the flips from ``generator`` right
    /// after the rounding; array calls pass them to ``ArrayRounding`` with the call's
    /// seed.
    public var bitFlips: SignificandBitFlips? = nil

    /// A context whose generator is `Xoshiro256StarStar(seed: seed, stream: stream)`.
    ///
    /// - Parameters:
    ///   - format: the target format.
    ///   - mode: the rounding mode (nearest-even by default).
    ///   - seed: the seed of the stochastic modes' random stream.
    ///   - stream: one of many independent streams for the same seed (a worker's or an
    ///     ensemble member's index).
    @inlinable
    public init(format: FloatFormat, mode: RoundingMode = .nearestEven, seed: UInt64, stream: UInt64 = 0) {
        self.format = format
        self.mode = mode
        self.generator = Xoshiro256StarStar(seed: seed, stream: stream)
    }

    /// A context for a deterministic mode, or a stochastic one seeded from the
    /// system's entropy (different on every call; pass a seed to reproduce a run).
    @inlinable
    public init(format: FloatFormat, mode: RoundingMode = .nearestEven) {
        var system = SystemRandomNumberGenerator()
        self.init(format: format, mode: mode, seed: mode.isStochastic ? system.next() : 0)
    }

    /// A context with the given generator.
    @inlinable
    public init(format: FloatFormat, mode: RoundingMode, generator: Xoshiro256StarStar) {
        self.format = format
        self.mode = mode
        self.generator = generator
    }

    /// The same context with another format (the generator continues).
    @inlinable public func with(format: FloatFormat) -> RoundingContext {
        var c = self
        c.format = format
        return c
    }

    /// The same context with another mode (the generator continues).
    @inlinable public func with(mode: RoundingMode) -> RoundingContext {
        var c = self
        c.mode = mode
        return c
    }

    /// The same context with soft errors after every rounding (the generator continues).
    @inlinable public func with(bitFlips: SignificandBitFlips?) -> RoundingContext {
        var c = self
        c.bitFlips = bitFlips
        return c
    }

    /// `result` with ``bitFlips`` applied (unchanged when there are none).
    @inlinable @inline(__always)
    mutating func faulted(_ result: Double) -> Double {
        guard let flips = bitFlips else { return result }
        return flips.applied(to: result, format: format, using: &generator)
    }

    // MARK: Rounding

    /// The exact value `x + tail` rounded once (see ``round(_:tail:to:mode:using:)``
    /// for the requirement on `tail` and the edge cases).
    @inlinable @inline(__always)
    public mutating func round(_ x: Double, tail: Double = 0) -> Double {
        faulted(Chop.round(x, tail: tail, to: format, mode: mode, using: &generator))
    }

    /// A binary32 value rounded once.
    @inlinable public mutating func round(_ x: Float) -> Double { round(Double(x)) }

    // MARK: Arithmetic (operands are any binary64 values; one rounding each)

    /// `a + b`, rounded once.
    @inlinable public mutating func add(_ a: Double, _ b: Double) -> Double {
        faulted(RoundedArithmetic.add(a, b, format: format, mode: mode, using: &generator))
    }
    /// `a − b`, rounded once.
    @inlinable public mutating func subtract(_ a: Double, _ b: Double) -> Double {
        faulted(RoundedArithmetic.subtract(a, b, format: format, mode: mode, using: &generator))
    }
    /// `a × b`, rounded once.
    @inlinable public mutating func multiply(_ a: Double, _ b: Double) -> Double {
        faulted(RoundedArithmetic.multiply(a, b, format: format, mode: mode, using: &generator))
    }
    /// `a ÷ b`, rounded once (x/±0 gives ±∞ or NaN as in IEEE 754, then the format's
    /// handling of those values).
    @inlinable public mutating func divide(_ a: Double, _ b: Double) -> Double {
        faulted(RoundedArithmetic.divide(a, b, format: format, mode: mode, using: &generator))
    }
    /// √a, rounded once (√−0 = −0; negative values give NaN).
    @inlinable public mutating func squareRoot(_ a: Double) -> Double {
        faulted(RoundedArithmetic.squareRoot(a, format: format, mode: mode, using: &generator))
    }
    /// `a × b + c`, rounded once.
    @inlinable public mutating func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double) -> Double {
        faulted(RoundedArithmetic.fusedMultiplyAdd(a, b, c, format: format, mode: mode, using: &generator))
    }

    // MARK: Arrays

    /// A fresh seed for one array operation, drawn from ``generator``: repeated array
    /// calls on one context use different random streams, and a seeded context
    /// reproduces all of them.
    @inlinable mutating func arraySeed() -> UInt64 {
        mode.isStochastic || bitFlips != nil ? generator.next() : 0
    }

    /// Rounds every element of `buffer` in place (see ``ArrayRounding`` for the
    /// stream layout: the result does not depend on `threads`).
    public mutating func round(_ buffer: UnsafeMutableBufferPointer<Double>, threads: Int? = nil) {
        ArrayRounding.round(buffer, to: format, mode: mode, seed: arraySeed(), threads: threads, flips: bitFlips)
    }

    /// Rounds `source` into `destination` (same count; they may be the same memory).
    public mutating func round(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>,
        threads: Int? = nil
    ) {
        ArrayRounding.round(source, into: destination, to: format, mode: mode, seed: arraySeed(), threads: threads,
                            flips: bitFlips)
    }

    /// A copy of `values` with every element rounded (multi-core for large arrays).
    public mutating func rounded(_ values: [Double], threads: Int? = nil) -> [Double] {
        let seed = arraySeed()
        return values.rounded(to: format, mode: mode, seed: seed, threads: threads, flips: bitFlips)
    }

    /// Rounds every element of `values` in place.
    public mutating func round(_ values: inout [Double], threads: Int? = nil) {
        let seed = arraySeed()
        values.round(to: format, mode: mode, seed: seed, threads: threads, flips: bitFlips)
    }

    /// A copy of a `[Float]` or `[Float16]` with every element rounded (see
    /// ``ArrayRoundingElement``: the same results as the `[Double]` of the same values).
    /// - Throws: ``FormatError/notRepresentable(_:)`` when ``format`` does not fit in
    ///   `Element`.
    public mutating func rounded<Element: ArrayRoundingElement>(_ values: [Element], threads: Int? = nil) throws -> [Element] {
        try ArrayRounding.requireFits(format, in: Element.self)
        let seed = arraySeed()
        return try values.rounded(to: format, mode: mode, seed: seed, threads: threads, flips: bitFlips)
    }

    /// Rounds every element of a `[Float]` or `[Float16]` in place.
    /// - Throws: ``FormatError/notRepresentable(_:)`` when ``format`` does not fit in
    ///   `Element` (the array and the generator are unchanged then).
    public mutating func round<Element: ArrayRoundingElement>(_ values: inout [Element], threads: Int? = nil) throws {
        try ArrayRounding.requireFits(format, in: Element.self)
        let seed = arraySeed()
        try values.round(to: format, mode: mode, seed: seed, threads: threads, flips: bitFlips)
    }
}

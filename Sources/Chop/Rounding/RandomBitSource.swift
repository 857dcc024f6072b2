/// SplitMix64: a tiny generator used to expand one 64-bit seed into the state of
/// ``Xoshiro256StarStar`` and to derive independent streams.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state: a counter advanced by a fixed odd constant per word.
    public var state: UInt64

    /// A generator starting from `seed` (every seed, including 0, is valid).
    @inlinable public init(seed: UInt64) { state = seed }

    /// The next 64-bit word.
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a bijective avalanche mix), also used to
    /// derive independent seeds: seeds that differ by the generator's increment
    /// would otherwise give shifted copies of one stream.
    @inlinable public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna): a fast, seedable generator of 64-bit words,
/// the default source of random bits for stochastic rounding.
///
/// The same seed (and stream) always gives the same sequence, on every platform.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator whose state is expanded from `seed` with SplitMix64.
    ///
    /// `stream` selects one of many independent sequences for the same seed; the
    /// array routines use one stream per fixed-size chunk, so results do not depend
    /// on the number of threads.
    @inlinable public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        if stream != 0 { _ = sm.next() }
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64-bit word.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }
}

/// The random source of the deterministic modes, which never draw: it yields zeros.
/// Passing it instead of a real generator lets the compiler drop all generator state.
@frozen
public struct NoRandomBits: RandomNumberGenerator, Sendable {
    /// The generator (it has no state).
    @inlinable public init() {}
    /// Always 0.
    @inlinable public mutating func next() -> UInt64 { 0 }
}

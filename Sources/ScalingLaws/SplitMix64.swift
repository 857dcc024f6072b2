#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014): the small seedable generator used for
/// start-grid sampling, bootstrap resampling and synthetic noise. Deterministic
/// for a seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state: a counter advanced by a fixed odd constant per word.
    public var state: UInt64
    /// A generator starting from `seed` (every seed is valid).
    public init(seed: UInt64) { state = seed }
    /// The next 64-bit word.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
    /// The SplitMix64 output function (a bijective avalanche mix), also used to
    /// derive independent seeds: seeds that differ by the generator's increment
    /// would otherwise give shifted copies of one stream.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// A standard normal deviate (Box–Muller).
    public mutating func nextGaussian() -> Double {
        let u1 = 1 - nextUnit(), u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

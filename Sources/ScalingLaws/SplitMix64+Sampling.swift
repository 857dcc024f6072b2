#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import Chop

/// Sampling helpers on the core's `SplitMix64` (Steele, Lea & Flood 2014), the
/// small seedable generator used for start-grid sampling, bootstrap resampling and
/// synthetic noise. Deterministic for a seed on every platform.
extension SplitMix64 {
    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// A standard normal deviate (Box–Muller).
    public mutating func nextGaussian() -> Double {
        let u1 = 1 - nextUnit(), u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

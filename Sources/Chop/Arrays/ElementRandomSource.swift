/// The random bits that array rounding hands the kernel for one element.
///
/// ``ArrayRounding`` gives element *i* of chunk *c* its own 64-bit word *w* (see
/// ``ArrayRounding`` for the stream layout) and rounds it exactly as
/// `round(x, to: format, mode: mode, using: &ElementRandomSource(word: w))` does:
/// the first word drawn is *w*; the rare elements that need more bits (a discarded
/// fraction below 2⁻³² under ``RoundingMode/stochastic(randomBits:)`` with `nil`
/// bits) continue with `SplitMix64(seed: w)`.
///
/// Because each element owns its word, the result for an element depends only on
/// the seed, its index and its value: not on the thread count, nor on how many
/// words other elements consumed.
public struct ElementRandomSource: RandomNumberGenerator, Sendable {
    @usableFromInline var first: UInt64
    @usableFromInline var firstUsed = false
    @usableFromInline var continuation: SplitMix64

    /// A source that yields `word` first, then the output of `SplitMix64(seed: word)`.
    @inlinable public init(word: UInt64) {
        first = word
        continuation = SplitMix64(seed: word)
    }

    /// The element's word on the first call, then the words of `SplitMix64(seed: word)`.
    @inlinable public mutating func next() -> UInt64 {
        if !firstUsed {
            firstUsed = true
            return first
        }
        return continuation.next()
    }
}

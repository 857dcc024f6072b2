/// Soft errors in rounded results, as CPFloat's and MATLAB chop's `flip`/`p` options:
/// with probability ``probability``, one uniformly random bit of the trailing
/// significand field of a rounded result's encoding is flipped.
///
/// Where it applies: pass it to the array routines (``ArrayRounding``,
/// `Array.rounded(to:mode:seed:threads:flips:)`) or set
/// ``RoundingContext/bitFlips`` to apply it after every rounding a context does.
///
/// - Which bits: the format's ``FloatFormat/significandBits`` stored bits (bit 0 the
///   least significant), in the result's own encoding, so the flipped value is the
///   format's value with that one stored bit changed (a subnormal stays in the
///   subnormal field; a flip can produce E4M3FN's or the FNUZ formats' NaN pattern).
///   Formats without stored significand bits (E8M0) are never changed.
/// - NaN and ±∞ results are left alone (their trailing field holds no digits); ±0 can
///   be hit and becomes a subnormal pattern (which in a format without subnormals
///   decodes to the pattern's subnormal value, as ``FloatFormat/decode(_:)`` reads it).
/// - Random bits: each result draws one word w; it is hit when w < ⌊p·2⁶⁴⌋ (p = 1:
///   always), and a hit draws the bit position uniformly (`Int.random(in:using:)`).
///   Arrays draw from `Xoshiro256StarStar(seed: s ^ flipStreamKey, stream: c)` for chunk
///   c of ``ArrayRounding/chunkLength`` elements (s the array call's seed), element by
///   element, so a seed gives the same flips whatever the thread count; a context
///   draws from its own generator after each rounding.
public struct SignificandBitFlips: Hashable, Sendable {
    /// The probability that a result is hit, in [0, 1].
    public let probability: Double
    /// ⌊p·2⁶⁴⌋, the threshold a word is compared with.
    @usableFromInline let threshold: UInt64
    @usableFromInline let always: Bool

    /// - Throws: ``QuantizationError/invalidParameter(_:)`` for a probability outside
    ///   [0, 1] (or NaN), quoting it.
    public init(probability: Double) throws {
        guard probability >= 0 && probability <= 1 else {
            throw QuantizationError.invalidParameter("flip probability must be in [0, 1], got \(probability)")
        }
        self.probability = probability
        always = probability == 1
        threshold = always ? .max : UInt64(probability * 0x1p64)
    }

    /// Mixed into an array call's seed for the flip streams, so that they are not the
    /// rounding streams of the same seed.
    public static let flipStreamKey: UInt64 = 0x5EED_F11B_B175_0001

    /// `value` (a value of `format`, the result of a rounding) with one stored
    /// significand bit flipped when the draw from `generator` hits; one word is drawn
    /// for every value, a second one for a hit.
    @inlinable
    public func applied<G: RandomNumberGenerator>(to value: Double, format: FloatFormat, using generator: inout G) -> Double {
        let word = generator.next()
        guard always || word < threshold else { return value }
        let m = format.significandBits
        guard m > 0, value.isFinite, let code = try? format.encode(value) else { return value }
        let bit = Int.random(in: 0..<m, using: &generator)
        return format.decode(code ^ (UInt64(1) << UInt64(bit)))
    }

    /// The flips of ``ArrayRounding`` for chunk `chunk`: `count` results, in place.
    func apply(to results: UnsafeMutablePointer<Double>, count: Int, format: FloatFormat, seed: UInt64, chunk: Int) {
        var generator = Xoshiro256StarStar(seed: seed ^ Self.flipStreamKey, stream: UInt64(chunk))
        for i in 0..<count { results[i] = applied(to: results[i], format: format, using: &generator) }
    }
}

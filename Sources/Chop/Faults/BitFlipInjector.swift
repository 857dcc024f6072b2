/// Soft-error injection into stored encodings, for fault studies.
///
/// Each code is hit independently with probability ``probability``; a hit flips one
/// bit: the chosen ``BitChoice/bit(_:)``, or a uniformly random bit of the code's
/// ``bitWidth`` low bits. A seed reproduces the same faults: code *i* draws from
/// stream ⌊i / 16384⌋ of `Xoshiro256StarStar(seed:)`, so results do not depend on how
/// the codes are split.
public struct BitFlipInjector: Hashable, Sendable {
    /// Which bit a hit flips.
    public enum BitChoice: Hashable, Sendable {
        /// Bit `k` (0 = least significant).
        case bit(Int)
        /// A uniformly random bit.
        case random
    }

    /// One injected fault.
    public struct Flip: Hashable, Sendable {
        /// The index of the code hit.
        public var index: Int
        /// The bit flipped.
        public var bit: Int
    }

    /// The probability that a code is hit (0…1).
    public let probability: Double
    /// Which bit a hit flips.
    public let bitChoice: BitChoice
    /// The width of a code in bits (1…64).
    public let bitWidth: Int
    /// The seed of the random streams.
    public let seed: UInt64

    /// - Throws: ``QuantizationError/invalidParameter(_:)`` for a probability outside
    ///   [0, 1], a width outside 1…64, or a chosen bit outside the width.
    public init(probability: Double, bit: BitChoice = .random, bitWidth: Int, seed: UInt64 = 0) throws {
        guard probability >= 0 && probability <= 1 else {
            throw QuantizationError.invalidParameter("flip probability must be in [0, 1], got \(probability)")
        }
        guard (1...64).contains(bitWidth) else {
            throw QuantizationError.invalidParameter("code width must be in 1...64 bits, got \(bitWidth)")
        }
        if case .bit(let k) = bit, !(0..<bitWidth).contains(k) {
            throw QuantizationError.invalidParameter("bit \(k) is outside a \(bitWidth)-bit code")
        }
        self.probability = probability
        self.bitChoice = bit
        self.bitWidth = bitWidth
        self.seed = seed
    }

    /// Codes per random stream.
    public static let codesPerStream = 1 << 14

    /// Flips bits in `codes` in place and returns the flips made, in index order.
    public func inject<C: FixedWidthInteger & UnsignedInteger>(into codes: inout [C]) -> [Flip] {
        var flips: [Flip] = []
        // P(hit) = ⌊p·2⁶⁴⌋ / 2⁶⁴ (p = 1 always hits).
        let always = probability >= 1
        let threshold = always ? UInt64.max : UInt64(probability * 0x1p64)
        var generator = Xoshiro256StarStar(seed: seed, stream: 0)
        for i in codes.indices {
            if i % Self.codesPerStream == 0 {
                generator = Xoshiro256StarStar(seed: seed, stream: UInt64(i / Self.codesPerStream))
            }
            let u = generator.next()
            guard always || u < threshold else { continue }
            let bit: Int
            switch bitChoice {
            case .bit(let k): bit = k
            case .random: bit = Int(generator.next() % UInt64(bitWidth))
            }
            codes[i] ^= C(truncatingIfNeeded: UInt64(1) << UInt64(bit))
            flips.append(Flip(index: i, bit: bit))
        }
        return flips
    }

    /// Encodes `values` (values of `format`, e.g. already rounded) and flips bits in the
    /// encodings; returns the decoded faulty values and the flips.
    ///
    /// A flip may produce NaN or ±∞ where the format has them (that is the point of a
    /// fault study). Values that are not values of `format` are rounded to nearest-even
    /// first; a NaN in a format without NaN is encoded as +0.
    /// - Throws: ``QuantizationError/invalidParameter(_:)`` when ``bitWidth`` differs
    ///   from the format's.
    public func inject(into values: [Double], format: FloatFormat) throws -> (values: [Double], flips: [Flip]) {
        guard format.bitWidth == bitWidth else {
            throw QuantizationError.invalidParameter("injector width \(bitWidth) differs from \(format.name)'s \(format.bitWidth) bits")
        }
        var codes: [UInt64] = values.map { x in
            let v = Chop.round(x, to: format, mode: .nearestEven)
            return (try? format.encode(v)) ?? 0
        }
        let flips = inject(into: &codes)
        return (codes.map { format.decode($0) }, flips)
    }
}

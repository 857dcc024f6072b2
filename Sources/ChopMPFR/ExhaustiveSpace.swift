import Chop

/// A finite input space checked case by case against the reference: every encoding
/// of a source format converted into a target format, every operand pair (or triple)
/// of a format for an arithmetic operation, or every input of a format for an
/// elementary function — each in a list of rounding modes.
///
/// Cases are numbered 0..<``count``; case i's operands are decoded from i (the first
/// operand's encoding is the lowest bits), so any range of indices is a well-defined,
/// reproducible part of the space (``ShardSpec``).
public struct ExhaustiveSpace: Hashable, Sendable {
    /// What is checked.
    public enum Kind: Hashable, Sendable {
        /// Every encoding of `source` (≤ 32 bits) rounded into `target`.
        case convert(source: FloatFormat, target: FloatFormat)
        /// Every operand set of `format` (≤ 16 bits) for `operation`.
        case operation(ReferenceOperation, FloatFormat)
        /// Every input of `format` (≤ 16 bits; pairs for `pow`) for `function`.
        case elementary(ElementaryFunction, FloatFormat)
    }

    /// The largest source width of a conversion space.
    public static let maximumConvertBits = 32
    /// The largest format width of an operation or elementary space.
    public static let maximumOperandBits = 16
    /// FMA triples are complete by default up to this width; wider formats take every
    /// (a, b) pair with c from ``fmaAddends(_:)`` unless complete triples are asked for
    /// (``completeTriples``; at most 8 bits: 2²⁴ triples).
    public static let completeTripleBits = 6

    /// What is enumerated: conversions, operations or elementary functions.
    public var kind: Kind
    /// The rounding modes checked on every case (elementary spaces: deterministic only).
    public var modes: [RoundingMode]
    /// FMA spaces: every triple (true) or every pair with the addends of
    /// ``fmaAddends(_:)`` (false).
    public var completeTriples: Bool
    /// Elementary spaces: check this many random encodings instead of every input
    /// (formats of up to 32 bits); case i is the encoding SplitMix64(seed, i) (two for
    /// `pow`), so shards of a sampled space are as reproducible as exhaustive ones.
    public var randomSamples: UInt64?
    /// The seed of ``randomSamples``.
    public var seed: UInt64

    /// A space of `kind` checked in `modes`.
    ///
    /// - Parameters:
    ///   - kind: what is enumerated, with its formats.
    ///   - modes: the rounding modes checked on every case.
    ///   - completeTriples: FMA spaces: every triple (formats of at most 8 bits);
    ///     nil: complete up to ``completeTripleBits``.
    ///   - randomSamples: elementary spaces only: random encodings instead of every input.
    ///   - seed: the seed of `randomSamples`.
    /// - Throws: ``ExhaustiveSpaceError`` for a format too wide for the kind of space.
    public init(
        _ kind: Kind, modes: [RoundingMode], completeTriples: Bool? = nil, randomSamples: UInt64? = nil,
        seed: UInt64 = 1
    ) throws {
        self.randomSamples = randomSamples
        self.seed = seed
        switch kind {
        case .elementary(_, let format) where randomSamples != nil:
            guard format.bitWidth <= Self.maximumConvertBits else {
                throw ExhaustiveSpaceError.tooWide(format.name, Self.maximumConvertBits, "a sampled operand format")
            }
        case .convert(let source, _):
            guard source.bitWidth <= Self.maximumConvertBits else {
                throw ExhaustiveSpaceError.tooWide(source.name, Self.maximumConvertBits, "a conversion source")
            }
        case .operation(_, let format), .elementary(_, let format):
            guard format.bitWidth <= Self.maximumOperandBits else {
                throw ExhaustiveSpaceError.tooWide(format.name, Self.maximumOperandBits, "an operand format")
            }
        }
        self.kind = kind
        let width = { () -> Int in
            if case .operation(_, let f) = kind { return f.bitWidth }
            return 0
        }()
        if completeTriples == true && width > 8 {
            throw ExhaustiveSpaceError.tooWide("\(kind)", 8, "complete FMA triples")
        }
        self.completeTriples = completeTriples ?? (width <= Self.completeTripleBits)
        if case .elementary = kind {
            self.modes = modes.filter { !$0.isStochastic }
        } else {
            self.modes = modes
        }
    }

    /// The number of cases.
    public var count: UInt64 {
        switch kind {
        case .convert(let source, _):
            return UInt64(1) << UInt64(source.bitWidth)
        case .operation(let op, let format):
            let w = UInt64(format.bitWidth)
            switch op.arity {
            case 1: return 1 << w
            case 2: return 1 << (2 * w)
            default:
                return completeTriples
                    ? 1 << (3 * w) : (1 << (2 * w)) * UInt64(Self.fmaAddends(format).count)
            }
        case .elementary(let f, let format):
            if let randomSamples { return randomSamples }
            return UInt64(1) << UInt64(format.bitWidth * f.arity)
        }
    }

    /// A stable name: `convert binary16>e4m3fn`, `ops e4m3fn add`, `elementary binary16 exp`,
    /// with the modes appended.
    public var name: String {
        let modeList = modes.map(\.name).joined(separator: ",")
        switch kind {
        case .convert(let s, let t): return "convert \(s.name)>\(t.name) [\(modeList)]"
        case .operation(let op, let f):
            let subset = op == .fusedMultiplyAdd ? (completeTriples ? " complete" : " addend-subset") : ""
            return "ops \(f.name) \(op.shortName)\(subset) [\(modeList)]"
        case .elementary(let fn, let f):
            if let randomSamples { return "elementary-random \(f.name) \(fn.rawValue) \(randomSamples) seed \(seed) [\(modeList)]" }
            return "elementary \(f.name) \(fn.rawValue) [\(modeList)]"
        }
    }

    /// Whether this is an elementary-function space.
    public var isElementary: Bool {
        if case .elementary = kind { return true }
        return false
    }

    /// The format the operands are decoded from.
    public var operandFormat: FloatFormat {
        switch kind {
        case .convert(let s, _): return s
        case .operation(_, let f), .elementary(_, let f): return f
        }
    }

    /// The operands of case `index` (unused ones are 0).
    @inlinable
    public func operands(_ index: UInt64) -> (Double, Double, Double) {
        let format = operandFormat
        let w = UInt64(format.bitWidth)
        let mask = (UInt64(1) << w) - 1
        switch kind {
        case .convert:
            return (format.decode(index), 0, 0)
        case .operation(let op, _):
            let a = format.decode(index & mask)
            if op.arity == 1 { return (a, 0, 0) }
            let b = format.decode((index >> w) & mask)
            if op.arity == 2 { return (a, b, 0) }
            if completeTriples {
                return (a, b, format.decode(index >> (2 * w)))
            }
            let addends = Self.fmaAddends(format)
            return (a, b, addends[Int(index >> (2 * w))])
        case .elementary(let f, _):
            if randomSamples != nil {
                let a = format.decode(Self.mix(seed, 2 * index) & mask)
                return f.arity == 1 ? (a, 0, 0) : (a, format.decode(Self.mix(seed, 2 * index + 1) & mask), 0)
            }
            let a = format.decode(index & mask)
            return f.arity == 1 ? (a, 0, 0) : (a, format.decode(index >> w), 0)
        }
    }

    /// SplitMix64's output function on seed + i·γ: a bijection of i for each seed.
    @inlinable
    static func mix(_ seed: UInt64, _ i: UInt64) -> UInt64 {
        var z = seed &+ (i &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The addends c of the FMA subset for formats wider than ``completeTripleBits``:
    /// ±0, ±the least subnormal, ±1, ±the largest finite value, ±2^emin, and ±(1 + ε).
    public static func fmaAddends(_ format: FloatFormat) -> [Double] {
        let values = [0.0, format.minPositive, 1, format.maxFinite, format.minNormal, 1 + format.epsilon]
        return values.flatMap { format.isSigned ? [$0, -$0] : [$0] }
    }
}

/// A space that cannot be built.
public enum ExhaustiveSpaceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A format too wide for its role in the space: its name, the most bits allowed and
    /// the role (for example `a conversion source`).
    case tooWide(String, Int, String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .tooWide(let name, let bits, let role):
            return "format '\(name)' is too wide for \(role) of an exhaustive space (at most \(bits) bits)"
        }
    }
}

/// One of N deterministic, disjoint parts of a space: part `index` (0-based) of
/// `count` covers the cases ⌊size·index/count⌋ ..< ⌊size·(index+1)/count⌋.
public struct ShardSpec: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The largest number of shards.
    public static let maximumCount = 1_000_000

    /// The shard's 0-based position, `0 ..< count`.
    public var index: Int
    /// The number of shards, `1 ... maximumCount`.
    public var count: Int

    /// The whole space.
    public static let whole = ShardSpec(index: 0, count: 1)

    /// Shard `index` of `count`, not validated (``init(parsing:)`` checks
    /// `0 ≤ index < count ≤ maximumCount`).
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 0 ≤ K < N ≤ ``maximumCount``; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]),
              n >= 1, n <= Self.maximumCount, k >= 0, k < n else { return nil }
        self.init(index: k, count: n)
    }

    /// `K/N`, as init(parsing:) reads it.
    public var description: String { "\(index)/\(count)" }

    /// The case indices of this shard in a space of `size` cases.
    public func range(in size: UInt64) -> Range<UInt64> {
        func boundary(_ k: Int) -> UInt64 {
            let product = size.multipliedFullWidth(by: UInt64(k))
            return UInt64(count).dividingFullWidth(product).quotient
        }
        return boundary(index)..<boundary(index + 1)
    }
}

/// A floating-point number of an emulated format, with the format (`Spec`) and the
/// rounding mode (`Mode`) named at the type level.
///
/// A value is stored as its encoding in the format (`Spec.Storage`, e.g. one byte for
/// ``Float8E4M3FN``), and every operation computes its exact result and rounds it
/// once to the format in `Mode.mode` through the library's one kernel
/// (``round(_:tail:to:mode:using:)``) — see ``RoundedArithmetic``. Nothing but the
/// type decides how a value rounds; stochastic modes draw their random bits from
/// ``StochasticRounding``'s current stream (seed it with
/// ``StochasticRounding/withSeed(_:stream:_:)-808dr`` to reproduce a run).
///
/// ```swift
/// let x: BFloat16 = 1.1                                   // 1.1015625
/// let y = x * 3 + 0.5                                     // every operation rounded to bfloat16
/// let z = StochasticRounding.withSeed(7) { StochasticBFloat16(1) / 3 }
/// let w = BFloat16.Rounded<Rounding.TowardZero>(1) / 3    // any format × mode in one line
/// ```
///
/// Every value of every format is a `Double`, so `Double(x)` is exact. Formats without
/// infinities (E4M3FN, the FNUZ formats, FP6, FP4) have no true ∞: `.infinity` is what
/// the format makes of ∞ (NaN, or ±max in the saturating FP6/FP4 formats). Formats
/// without a NaN encoding (FP6, FP4) represent NaN by a storage pattern outside the
/// format's bit width (``EmulatedFormatSpec/nanMarker``), so invalid operations still
/// give NaN in Swift, but such a NaN has no encoding in the format.
@frozen
public struct Emulated<Spec: EmulatedFormatSpec, Mode: RoundingModeSpec>: Sendable {
    /// The encoding of the value in `Spec.format` (low ``FloatFormat/bitWidth`` bits).
    public var bitPattern: Spec.Storage

    /// The same format with another rounding mode: `BFloat16.Rounded<Rounding.TowardZero>`.
    public typealias Rounded<OtherMode: RoundingModeSpec> = Emulated<Spec, OtherMode>

    /// The value with the given encoding.
    @inlinable public init(bitPattern: Spec.Storage) { self.bitPattern = bitPattern }

    /// A value known to belong to the format (or NaN): no rounding.
    @inlinable @inline(__always)
    init(exactly value: Double, unchecked: Void) { bitPattern = Spec.encode(value) }

    /// The exact value as a `Double`.
    @inlinable public var doubleValue: Double { Spec.decode(bitPattern) }

    /// The format of this type.
    @inlinable public static var format: FloatFormat { Spec.format }

    /// The rounding mode of this type.
    @inlinable public static var roundingMode: RoundingMode { Mode.mode }

    /// Runs one rounding operation with the type's format and mode; stochastic modes
    /// draw from the current stream (``StochasticRounding``), deterministic ones read
    /// no state at all.
    @inlinable @inline(__always)
    static func rounding(_ operation: (FloatFormat, RoundingMode, inout Xoshiro256StarStar) -> Double) -> Self {
        let mode = Mode.mode
        if mode.isStochastic {
            return StochasticRounding.withCurrentGenerator { g in
                Self(exactly: operation(Spec.format, mode, &g), unchecked: ())
            }
        }
        var unused = Xoshiro256StarStar(seed: 0)   // deterministic modes draw no bits
        return Self(exactly: operation(Spec.format, mode, &unused), unchecked: ())
    }

    /// The exact value `hi + tail` (|tail| ≤ ulp(hi)/2) rounded once by the kernel on
    /// the format's numeric fields: its fast path inline, its general path (and, for
    /// deterministic modes, everything it needs) out of line, so the common case
    /// stores nothing.
    @inlinable @inline(__always)
    static func kernel(_ hi: Double, tail: Double) -> Self {
        let mode = Mode.mode
        if mode.isStochastic {
            return StochasticRounding.withCurrentGenerator { g in
                Self(exactly: roundingKernel(hi, tail: tail, to: Spec.codec.core, mode: mode, using: &g), unchecked: ())
            }
        }
        var none = NoRandomBits()   // deterministic modes draw no bits
        if let r = roundNormalFast(hi, tail: tail, to: Spec.codec.core, mode: mode, using: &none) {
            return Self(exactly: r, unchecked: ())
        }
        return kernelGeneral(hi, tail: tail)
    }

    /// The kernel's general path for a deterministic mode.
    @inlinable @inline(never)
    static func kernelGeneral(_ hi: Double, tail: Double) -> Self {
        var none = NoRandomBits()
        return Self(exactly: roundingKernelGeneral(hi, tail: tail, to: Spec.codec.core, mode: Mode.mode, using: &none),
                    unchecked: ())
    }

    /// Like ``rounding(_:)``, but in the nearest modes on formats where that is exact
    /// (``FormatCodec/nearestFromBinary64IsExact``: p ≤ 25, range within 2^±500) the
    /// kernel rounds the binary64 result `approximate` instead of the exact pair: the
    /// exact result of + − × ÷ √ on such operands is never so close to a midpoint of the
    /// format that its binary64 rounding lands on the other side (Figueroa, "When is
    /// double rounding innocuous?", 1995). Still one rounding by the one kernel.
    @inlinable @inline(__always)
    static func rounding(
        approximate: Double, _ operation: (FloatFormat, RoundingMode, inout Xoshiro256StarStar) -> Double
    ) -> Self {
        switch Mode.mode {
        case .nearestEven, .nearestAway:
            if Spec.codec.nearestFromBinary64IsExact { return kernel(approximate, tail: 0) }
        default: break
        }
        return rounding(operation)
    }

    /// The exact value `hi + tail` (finite, nonzero, |tail| ≤ ulp(hi)/2) rounded once.
    /// In the nearest modes on formats where ``FormatCodec/nearestFromBinary64IsExact``
    /// holds and `hi` is the binary64 rounding of + − × of two format values, `hi`
    /// alone rounds correctly (see ``rounding(approximate:_:)``), so the tail is
    /// dropped there.
    @inlinable @inline(__always)
    static func rounding(exact hi: Double, tail: Double) -> Self {
        switch Mode.mode {
        case .nearestEven, .nearestAway:
            return kernel(hi, tail: Spec.codec.nearestFromBinary64IsExact ? 0 : tail)
        default:
            return kernel(hi, tail: tail)
        }
    }

    /// `value` rounded once to the format in the type's mode.
    @inlinable
    public init(_ value: Double) {
        self = Self.kernel(value, tail: 0)
    }

    /// `value` rounded to the format in `mode` (instead of the type's mode; stochastic
    /// modes draw from the current stream).
    @inlinable
    public init(_ value: Double, rounding mode: RoundingMode) {
        let r = StochasticRounding.withCurrentGenerator { g in Chop.round(value, to: Spec.format, mode: mode, using: &g) }
        self.init(exactly: r, unchecked: ())
    }

    /// The exact value `hi + tail` (|tail| ≤ ulp(hi)/2) rounded once.
    @inlinable
    init(hi: Double, tail: Double) {
        self = Self.kernel(hi, tail: tail)
    }

    /// A value of another emulated type, rounded once to this one (exact through
    /// `Double`; no generic conversion).
    @inlinable
    public init<OtherSpec, OtherMode>(_ value: Emulated<OtherSpec, OtherMode>) {
        self.init(value.doubleValue)
    }
}

// MARK: Arithmetic

extension Emulated {
    /// The exactly rounded sum.
    @inlinable @inline(__always)
    public static func + (lhs: Self, rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue
        if Spec.codec.nearestFromBinary64IsExact {
            // Operands within 2^±500: TwoSum is exact (no overflow in its steps).
            let (s, e) = ErrorFreeTransforms.twoSum(a, b)
            if s.isFinite && s != 0 { return rounding(exact: s, tail: e) }
        }
        return rounding(approximate: a + b) { f, m, g in RoundedArithmetic.add(a, b, format: f, mode: m, using: &g) }
    }

    /// The exactly rounded difference.
    @inlinable @inline(__always)
    public static func - (lhs: Self, rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue
        if Spec.codec.nearestFromBinary64IsExact {
            let (s, e) = ErrorFreeTransforms.twoSum(a, -b)
            if s.isFinite && s != 0 { return rounding(exact: s, tail: e) }
        }
        return rounding(approximate: a - b) { f, m, g in RoundedArithmetic.subtract(a, b, format: f, mode: m, using: &g) }
    }

    /// The exactly rounded product.
    @inlinable @inline(__always)
    public static func * (lhs: Self, rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue
        if Spec.codec.nearestFromBinary64IsExact {
            // p ≤ 25 and operands within 2^±500: the binary64 product is exact.
            let p = a * b
            if p.isFinite && p != 0 { return rounding(exact: p, tail: 0) }
        }
        return rounding(approximate: a * b) { f, m, g in RoundedArithmetic.multiply(a, b, format: f, mode: m, using: &g) }
    }

    /// The exactly rounded quotient.
    @inlinable @inline(__always)
    public static func / (lhs: Self, rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue
        return rounding(approximate: a / b) { f, m, g in RoundedArithmetic.divide(a, b, format: f, mode: m, using: &g) }
    }

    /// Replaces `lhs` with `lhs + rhs`, rounded once.
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    /// Replaces `lhs` with `lhs − rhs`, rounded once.
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    /// Replaces `lhs` with `lhs × rhs`, rounded once.
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    /// Replaces `lhs` with `lhs ÷ rhs`, rounded once.
    @inlinable public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }

    /// The exactly rounded square root (√−0 = −0; negative values give NaN).
    @inlinable
    public func squareRoot() -> Self {
        let a = doubleValue
        return Self.rounding(approximate: a.squareRoot()) { f, m, g in
            RoundedArithmetic.squareRoot(a, format: f, mode: m, using: &g)
        }
    }

    /// Replaces `self` with its square root, rounded once (see ``squareRoot()``).
    @inlinable public mutating func formSquareRoot() { self = squareRoot() }

    /// `self + lhs × rhs` computed exactly and rounded once.
    @inlinable
    public func addingProduct(_ lhs: Self, _ rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue, c = doubleValue
        return Self.rounding { f, m, g in RoundedArithmetic.fusedMultiplyAdd(a, b, c, format: f, mode: m, using: &g) }
    }

    /// Replaces `self` with `self + lhs·rhs`, rounded once (see ``addingProduct(_:_:)``).
    @inlinable public mutating func formAddingProduct(_ lhs: Self, _ rhs: Self) { self = addingProduct(lhs, rhs) }
    /// Adds `lhs × rhs` to `self`, rounded once (see ``addingProduct(_:_:)``).
    @inlinable public mutating func addProduct(_ lhs: Self, _ rhs: Self) { self = addingProduct(lhs, rhs) }

    /// The IEEE remainder `self − n·other` (n the integer nearest `self/other`, ties to
    /// even). It is exact for operands of the format (as in IEEE 754), so no rounding
    /// occurs except that a zero takes the format's zero.
    @inlinable
    public mutating func formRemainder(dividingBy other: Self) {
        let r = doubleValue.remainder(dividingBy: other.doubleValue)
        self = Self.rounding { f, m, g in Chop.round(r, to: f, mode: m, using: &g) }
    }

    /// The truncating remainder `self − n·other` (n = trunc(self/other)); exact.
    @inlinable
    public mutating func formTruncatingRemainder(dividingBy other: Self) {
        let r = doubleValue.truncatingRemainder(dividingBy: other.doubleValue)
        self = Self.rounding { f, m, g in Chop.round(r, to: f, mode: m, using: &g) }
    }

    /// The negation; exact (−0 becomes +0 in formats without −0; in unsigned formats
    /// the negation of a positive value is NaN).
    @inlinable
    public static prefix func - (x: Self) -> Self {
        let v = -x.doubleValue
        return rounding { f, m, g in Chop.round(v, to: f, mode: m, using: &g) }
    }

    /// Replaces `self` with `-self` (exact; see ``-(_:)``).
    @inlinable public mutating func negate() { self = -self }

    /// Rounds to an integral value with `rule`; exact, so the result is a format value.
    @inlinable
    public mutating func round(_ rule: FloatingPointRoundingRule) {
        let v = doubleValue.rounded(rule)
        self = Self.rounding { f, m, g in Chop.round(v, to: f, mode: m, using: &g) }
    }
}

/// A typed float is its encoding: copying one copies the bits (needed by
/// ``Emulated``'s `SIMDScalar` conformance).
extension Emulated: BitwiseCopyable where Spec.Storage: BitwiseCopyable {}

/// A floating-point number of an emulated format, named at the type level by `Spec`.
///
/// A value is stored as its encoding in the format (`Spec.Storage`, e.g. one byte for
/// ``Float8E4M3FN``), and every operation computes its exact result and rounds it
/// once to the format through the library's one kernel
/// (``round(_:tail:to:mode:using:)``) — see ``RoundedArithmetic``. The rounding mode
/// is the type's (`Spec.roundingMode`, nearest-even unless the spec says otherwise)
/// or the one set by an enclosing ``EmulationScope/with(format:mode:seed:stream:_:)``
/// on the current thread; stochastic modes draw from the thread's seedable generator.
///
/// ```swift
/// let x: BFloat16 = 1.1              // 1.1015625
/// let y = x * 3 + 0.5                // every operation rounded to bfloat16
/// let z = EmulationScope.with(mode: .stochastic(), seed: 7) { x / 3 }
/// print(Double(y), z)
/// ```
///
/// Every value of every format is a `Double`, so `Double(x)` is exact. Formats without
/// infinities (E4M3FN, the FNUZ formats, FP6, FP4) have no true ∞: `.infinity` is what
/// the format makes of ∞ (NaN, or ±max in the saturating FP6/FP4 formats). Formats
/// without a NaN encoding (FP6, FP4) represent NaN by a storage pattern outside the
/// format's bit width (``EmulatedFormatSpec/nanMarker``), so invalid operations still
/// give NaN in Swift, but such a NaN has no encoding in the format.
@frozen
public struct Emulated<Spec: EmulatedFormatSpec>: Sendable {
    /// The encoding of the value in `Spec.format` (low ``FloatFormat/bitWidth`` bits).
    public var bitPattern: Spec.Storage

    /// The value with the given encoding.
    @inlinable public init(bitPattern: Spec.Storage) { self.bitPattern = bitPattern }

    /// A value known to belong to the format (or NaN): no rounding.
    @inlinable @inline(__always)
    init(exactly value: Double, unchecked: Void) { bitPattern = Spec.encode(value) }

    /// The exact value as a `Double`.
    @inlinable public var doubleValue: Double { Spec.decode(bitPattern) }

    /// The format of this type (for ``ScopedFormat``, the current scope's).
    @inlinable public static var format: FloatFormat { Spec.format }

    /// The rounding mode in effect for this type on the current thread: the
    /// ``EmulationScope`` override if any, else `Spec.roundingMode`.
    @inlinable public static var roundingMode: RoundingMode {
        EmulationThreadState.current.modeOverride ?? Spec.roundingMode
    }

    /// Runs one rounding operation with the thread's format, mode and generator.
    @inlinable @inline(__always)
    static func rounding(_ operation: (FloatFormat, RoundingMode, inout Xoshiro256StarStar) -> Double) -> Self {
        EmulationThreadState.withCurrent { state in
            let mode = state.modeOverride ?? Spec.roundingMode
            return Self(exactly: operation(Spec.format, mode, &state.generator), unchecked: ())
        }
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
        EmulationThreadState.withCurrent { state in
            let mode = state.modeOverride ?? Spec.roundingMode
            switch mode {
            case .nearestEven, .nearestAway:
                if Spec.codec.nearestFromBinary64IsExact {
                    // Only the numeric fields: no copy of the format's name.
                    return Self(
                        exactly: roundingKernel(
                            approximate, tail: 0, to: Spec.format.core, mode: mode, using: &state.generator),
                        unchecked: ())
                }
            default: break
            }
            return Self(exactly: operation(Spec.format, mode, &state.generator), unchecked: ())
        }
    }

    /// The exact value `hi + tail` (finite, nonzero, |tail| ≤ ulp(hi)/2) rounded once in
    /// the current mode. In the nearest modes on formats where
    /// ``FormatCodec/nearestFromBinary64IsExact`` holds and `hi` is the binary64
    /// rounding of + − × of two format values, `hi` alone rounds correctly (see
    /// ``rounding(approximate:_:)``), so the tail is dropped there.
    @inlinable @inline(__always)
    static func rounding(exact hi: Double, tail: Double) -> Self {
        EmulationThreadState.withCurrent { state in
            let mode = state.modeOverride ?? Spec.roundingMode
            let t: Double
            switch mode {
            case .nearestEven, .nearestAway: t = Spec.codec.nearestFromBinary64IsExact ? 0 : tail
            default: t = tail
            }
            return Self(
                exactly: roundingKernel(hi, tail: t, to: Spec.format.core, mode: mode, using: &state.generator),
                unchecked: ())
        }
    }

    /// `value` rounded to the format in the current mode.
    @inlinable
    public init(_ value: Double) {
        self = Self.rounding { f, m, g in Chop.round(value, to: f, mode: m, using: &g) }
    }

    /// `value` rounded to the format in `mode` (ignoring the type's and the scope's
    /// mode; stochastic modes use the thread's generator).
    @inlinable
    public init(_ value: Double, rounding mode: RoundingMode) {
        let state = EmulationThreadState.current
        self.init(exactly: Chop.round(value, to: Spec.format, mode: mode, using: &state.generator), unchecked: ())
    }

    /// The exact value `hi + tail` (|tail| ≤ ulp(hi)/2) rounded once.
    @inlinable
    init(hi: Double, tail: Double) {
        self = Self.rounding { f, m, g in Chop.round(hi, tail: tail, to: f, mode: m, using: &g) }
    }
}

// MARK: Arithmetic

extension Emulated {
    /// The exactly rounded sum.
    @inlinable
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
    @inlinable
    public static func - (lhs: Self, rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue
        if Spec.codec.nearestFromBinary64IsExact {
            let (s, e) = ErrorFreeTransforms.twoSum(a, -b)
            if s.isFinite && s != 0 { return rounding(exact: s, tail: e) }
        }
        return rounding(approximate: a - b) { f, m, g in RoundedArithmetic.subtract(a, b, format: f, mode: m, using: &g) }
    }

    /// The exactly rounded product.
    @inlinable
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
    @inlinable
    public static func / (lhs: Self, rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue
        return rounding(approximate: a / b) { f, m, g in RoundedArithmetic.divide(a, b, format: f, mode: m, using: &g) }
    }

    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    @inlinable public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }

    /// The exactly rounded square root (√−0 = −0; negative values give NaN).
    @inlinable
    public func squareRoot() -> Self {
        let a = doubleValue
        return Self.rounding(approximate: a.squareRoot()) { f, m, g in
            RoundedArithmetic.squareRoot(a, format: f, mode: m, using: &g)
        }
    }

    @inlinable public mutating func formSquareRoot() { self = squareRoot() }

    /// `self + lhs × rhs` computed exactly and rounded once.
    @inlinable
    public func addingProduct(_ lhs: Self, _ rhs: Self) -> Self {
        let a = lhs.doubleValue, b = rhs.doubleValue, c = doubleValue
        return Self.rounding { f, m, g in RoundedArithmetic.fusedMultiplyAdd(a, b, c, format: f, mode: m, using: &g) }
    }

    @inlinable public mutating func formAddingProduct(_ lhs: Self, _ rhs: Self) { self = addingProduct(lhs, rhs) }
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

    @inlinable public mutating func negate() { self = -self }

    /// Rounds to an integral value with `rule`; exact, so the result is a format value.
    @inlinable
    public mutating func round(_ rule: FloatingPointRoundingRule) {
        let v = doubleValue.rounded(rule)
        self = Self.rounding { f, m, g in Chop.round(v, to: f, mode: m, using: &g) }
    }
}

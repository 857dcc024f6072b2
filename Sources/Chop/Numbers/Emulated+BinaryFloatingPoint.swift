// FloatingPoint and BinaryFloatingPoint for Emulated: classification, constants,
// the encoding view (exponent and significand bit patterns), comparisons and
// conversions. Arithmetic lives in Emulated.swift.

extension Emulated: Equatable {
    /// IEEE equality: NaN is unequal to everything, +0 == −0.
    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.doubleValue == rhs.doubleValue }
}

extension Emulated: Hashable {
    /// Hashes the value (so +0 and −0 hash alike, as they compare equal).
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(doubleValue) }
}

extension Emulated: Comparable {
    /// Whether `lhs < rhs` (false when either is NaN; −0 < +0 is false).
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.doubleValue < rhs.doubleValue }
    /// Whether `lhs ≤ rhs` (false when either is NaN; −0 ≤ +0 is true).
    @inlinable public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.doubleValue <= rhs.doubleValue }
    /// Whether `lhs > rhs` (false when either is NaN).
    @inlinable public static func > (lhs: Self, rhs: Self) -> Bool { lhs.doubleValue > rhs.doubleValue }
    /// Whether `lhs ≥ rhs` (false when either is NaN).
    @inlinable public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.doubleValue >= rhs.doubleValue }
}

extension Emulated: ExpressibleByIntegerLiteral {
    /// An integer literal, rounded once to the format in the type's mode.
    @inlinable public init(integerLiteral value: Int64) { self.init(integer: value) }
}

extension Emulated: ExpressibleByFloatLiteral {
    /// A float literal. Swift parses the literal to a `Double` first (round to
    /// nearest), which is then rounded to the format: exact for literals that are
    /// binary64 numbers (e.g. 0.5, 1.25, 0x1.8p-3), otherwise a double rounding that
    /// differs from a single rounding of the decimal only in rare near-tie cases. Use
    /// ``init(_:)-(String)`` for a string parsed without that caveat in
    /// directed modes.
    @inlinable @_disfavoredOverload public init(floatLiteral value: Double) { self.init(value) }
}

extension Emulated: AdditiveArithmetic {
    /// +0.
    @inlinable public static var zero: Self { Self(exactly: 0, unchecked: ()) }
}

extension Emulated: Numeric {
    /// The magnitude of an emulated number is an emulated number of the same type.
    public typealias Magnitude = Self

    /// The absolute value; exact.
    @inlinable public var magnitude: Self {
        let v = doubleValue.magnitude
        return Self(exactly: v, unchecked: ())
    }

    /// `source` if the format holds it exactly.
    @inlinable
    public init?<Source: BinaryInteger>(exactly source: Source) {
        guard let d = Double(exactly: source) else { return nil }
        let r = Chop.round(d, to: Spec.format, mode: .towardZero)
        guard r == d else { return nil }
        self.init(exactly: r, unchecked: ())
    }
}

extension Emulated: SignedNumeric {}

extension Emulated: Strideable {
    /// Distances between emulated numbers are emulated numbers of the same type.
    public typealias Stride = Self
    /// `other − self`, rounded in the current mode.
    @inlinable public func distance(to other: Self) -> Self { other - self }
    /// `self + n`, rounded in the current mode.
    @inlinable public func advanced(by n: Self) -> Self { self + n }
}

extension Emulated: FloatingPoint {
    /// Exponents are `Int`s (the true exponent, independent of the format's bias).
    public typealias Exponent = Int

    /// `value` rounded once to the format: every integer of up to 64 bits is split
    /// exactly into `hi + tail` first, so no double rounding occurs. Wider integers
    /// keep their top 64 bits and a sticky bit (exact for the deterministic modes).
    @inlinable
    public init<Source: BinaryInteger>(_ value: Source) { self.init(integer: value) }

    /// The body of the integer conversions (one rounding, see ``init(_:)-(Source)``).
    @inlinable
    init<Source: BinaryInteger>(integer value: Source) {
        let negative = value < 0
        var magnitude: UInt64
        var extra = 0
        if value.magnitude.bitWidth <= 64 || value.magnitude <= UInt64.max {
            magnitude = UInt64(truncatingIfNeeded: value.magnitude)
        } else {
            let m = value.magnitude
            let words = Array(m.words)
            let top = words.lastIndex(where: { $0 != 0 }) ?? 0
            let bitLength = top * UInt.bitWidth + UInt.bitWidth - words[top].leadingZeroBitCount
            let shift = bitLength - 64
            let sticky: UInt64 = (m & ((Source.Magnitude(1) << shift) - 1)) != 0 ? 1 : 0
            magnitude = UInt64(truncatingIfNeeded: m >> shift) | sticky
            extra = shift
        }
        let (hi, tail) = Self.split(magnitude)
        let s: Double = negative ? -1 : 1
        if extra == 0 || hi == 0 {
            self.init(hi: s * hi, tail: s * tail)
        } else {
            // (hi + tail)·2^extra, rounded exactly whatever its size.
            self = Self.rounding { f, m, g in
                RoundedArithmetic.roundScaled(s * hi, s * tail, exponent: extra, format: f, mode: m, using: &g)
            }
        }
    }

    /// A 64-bit magnitude as an exact unevaluated sum hi + tail with |tail| ≤ ulp(hi)/2.
    @inlinable
    static func split(_ m: UInt64) -> (Double, Double) {
        let width = 64 - m.leadingZeroBitCount
        if width <= 53 { return (Double(m), 0) }
        let shift = width - 53
        let top = Double(m >> UInt64(shift)) * Double(sign: .plus, exponent: shift, significand: 1)
        let low = Double(m & ((1 << UInt64(shift)) - 1))
        let (hi, tail) = ErrorFreeTransforms.twoSum(top, low)
        return (hi, tail)
    }

    /// `sign · significand · 2^exponent`, rounded once to the format (exactly, also
    /// when the scaled value leaves binary64's range).
    @inlinable
    public init(sign: FloatingPointSign, exponent: Int, significand: Self) {
        let m = Double(sign: sign, exponent: 0, significand: significand.doubleValue)
        if m == 0 || !m.isFinite {
            self.init(m)
            return
        }
        let e = Swift.max(Swift.min(exponent, 1 << 20), -(1 << 20)) + Int(m.exponent)
        let normalized = Double(sign: .plus, exponent: -Int(m.exponent), significand: m)   // |·| ∈ [1, 2)
        self = Self.rounding { f, mode, g in
            RoundedArithmetic.roundScaled(normalized, 0, exponent: e, format: f, mode: mode, using: &g)
        }
    }

    /// 2: every format is binary.
    @inlinable public static var radix: Int { 2 }

    /// A quiet NaN (for FP6/FP4, the NaN marker; see ``Emulated``).
    @inlinable public static var nan: Self { Self(exactly: .nan, unchecked: ()) }
    /// Same as ``nan``: the emulation does not distinguish signaling NaNs.
    @inlinable public static var signalingNaN: Self { nan }
    /// +∞ where the format has it; otherwise what the format makes of ∞ (NaN, or the
    /// largest finite value when the format saturates).
    @inlinable public static var infinity: Self {
        Self(exactly: Chop.round(.infinity, to: Spec.format, mode: .nearestEven), unchecked: ())
    }
    /// The format's largest finite value (``FloatFormat/maxFinite``: 448 for E4M3FN,
    /// 6 for E2M1, 65504 for binary16).
    @inlinable public static var greatestFiniteMagnitude: Self { Self(exactly: Spec.format.maxFinite, unchecked: ()) }
    /// π rounded toward zero (as the standard library's types do).
    @inlinable public static var pi: Self {
        // π = Double.pi + 1.2246467991473532e-16 (the next term of its expansion).
        Self(exactly: Chop.round(.pi, tail: 1.2246467991473532e-16, to: Spec.format, mode: .towardZero), unchecked: ())
    }
    /// The format's least positive normal value 2^emin.
    @inlinable public static var leastNormalMagnitude: Self { Self(exactly: Spec.format.minNormal, unchecked: ()) }
    /// The format's least positive value: the least subnormal 2^(emin − m), or 2^emin
    /// in a format without subnormals.
    @inlinable public static var leastNonzeroMagnitude: Self { Self(exactly: Spec.format.minPositive, unchecked: ()) }
    /// The gap between 1 and the next larger value, 2^(−m) (the format's epsilon);
    /// E8M0's is 1 (its values are powers of two).
    @inlinable public static var ulpOfOne: Self { Self(exactly: Spec.format.epsilon, unchecked: ()) }

    /// The gap between `|self|` and the next larger-magnitude value of the format
    /// (with an unbounded exponent, so `greatestFiniteMagnitude.ulp` is the gap in the
    /// top binade); NaN for NaN and ∞.
    @inlinable public var ulp: Self {
        let v = doubleValue
        guard v.isFinite else { return .nan }
        let f = Spec.format
        let e = v == 0 ? f.emin : max(Int(v.exponent), f.emin)
        let q = f.subnormals || v.magnitude >= f.minNormal ? e - f.significandBits : f.emin
        if v == 0 && !f.subnormals { return Self(exactly: f.minNormal, unchecked: ()) }
        return Self(exactly: Double(sign: .plus, exponent: q, significand: 1), unchecked: ())
    }

    /// The sign bit of the value (`.minus` for −0 and for negative NaNs; `.plus` for
    /// every value of an unsigned format).
    @inlinable public var sign: FloatingPointSign { doubleValue.sign }

    /// The exponent of the value (as for `Double`: the true exponent also for
    /// subnormals); `Int.min` for zero and `Int.max` for ∞ and NaN.
    @inlinable public var exponent: Int { Int(doubleValue.exponent) }

    /// The significand in [1, 2) (as for `Double`).
    @inlinable public var significand: Self { Self(exactly: doubleValue.significand, unchecked: ()) }

    /// The least format value greater than `self` (∞ after the largest finite value
    /// where the format has ∞; otherwise what the format makes of ∞).
    @inlinable
    public var nextUp: Self {
        let v = doubleValue
        if v.isNaN || v == .infinity { return self }
        let f = Spec.format
        if v == -.infinity { return Self(exactly: -f.maxFinite, unchecked: ()) }
        if v == 0 { return Self(exactly: f.minPositive, unchecked: ()) }
        // v plus a positive amount smaller than any gap of the format, rounded up.
        let tail = v.ulp * 0.25
        if tail == 0 { return Self(exactly: v.nextUp, unchecked: ()) }  // binary64 subnormals
        return Self(exactly: Chop.round(v, tail: tail, to: f, mode: .towardPositive), unchecked: ())
    }

    /// IEEE equality: false when either is NaN; +0 equals −0.
    @inlinable public func isEqual(to other: Self) -> Bool { doubleValue == other.doubleValue }
    /// IEEE less-than: false when either is NaN; −0 is not less than +0.
    @inlinable public func isLess(than other: Self) -> Bool { doubleValue < other.doubleValue }
    /// Whether `self ≤ other` (false if either is NaN; −0 ≤ +0 and +0 ≤ −0 are both true).
    @inlinable public func isLessThanOrEqual(to other: Self) -> Bool { doubleValue <= other.doubleValue }
    /// Whether `self ≤ other` (false if either is NaN; −0 ≤ +0 and +0 ≤ −0 are both true).
    @inlinable public func isLessThanOrEqualTo(_ other: Self) -> Bool { doubleValue <= other.doubleValue }
    /// IEEE totalOrder on the values: −NaN < −∞ < … < −0 < +0 < … < +∞ < +NaN.
    @inlinable public func isTotallyOrdered(belowOrEqualTo other: Self) -> Bool {
        doubleValue.isTotallyOrdered(belowOrEqualTo: other.doubleValue)
    }

    /// Whether the value is finite with magnitude at least 2^emin (false for zero,
    /// subnormals, ±∞ and NaN).
    @inlinable public var isNormal: Bool {
        let v = doubleValue.magnitude
        return v.isFinite && v >= Spec.format.minNormal
    }
    /// Whether the value is neither ±∞ nor NaN.
    @inlinable public var isFinite: Bool { doubleValue.isFinite }
    /// Whether the value is ±0.
    @inlinable public var isZero: Bool { doubleValue == 0 }
    /// Whether the value is nonzero with magnitude below 2^emin (always false in a format
    /// without subnormals).
    @inlinable public var isSubnormal: Bool {
        let v = doubleValue.magnitude
        return v != 0 && v < Spec.format.minNormal
    }
    /// Whether the value is ±∞ (never in formats without infinities).
    @inlinable public var isInfinite: Bool { doubleValue.isInfinite }
    /// Whether the value is NaN (including the NaN marker of FP6/FP4, which have no
    /// NaN encoding).
    @inlinable public var isNaN: Bool { doubleValue.isNaN }
    /// Always false: the emulation does not distinguish signaling NaNs.
    @inlinable public var isSignalingNaN: Bool { false }
    /// Always true: every stored value is the canonical encoding of its value.
    @inlinable public var isCanonical: Bool { true }
}

extension Emulated: BinaryFloatingPoint {
    /// Stored significand fields are read into a `UInt64`.
    public typealias RawSignificand = UInt64
    /// Exponent fields are read into a `UInt`.
    public typealias RawExponent = UInt

    /// The format's exponent field width.
    @inlinable public static var exponentBitCount: Int { Spec.format.exponentBits }
    /// The format's stored significand bits.
    @inlinable public static var significandBitCount: Int { Spec.format.significandBits }

    /// The exponent field of the encoding (biased with the format's own bias), read
    /// from the stored encoding.
    @inlinable public var exponentBitPattern: UInt {
        let c = Spec.codec
        let bits = UInt64(truncatingIfNeeded: bitPattern)
        return UInt((bits >> UInt64(c.significandBits)) & ((1 << UInt64(c.exponentBits)) - 1))
    }

    /// The stored significand field of the encoding.
    @inlinable public var significandBitPattern: UInt64 {
        UInt64(truncatingIfNeeded: bitPattern) & ((1 << UInt64(Spec.codec.significandBits)) - 1)
    }

    /// The value with the given fields (the format's own bias and specials).
    @inlinable
    public init(sign: FloatingPointSign, exponentBitPattern: UInt, significandBitPattern: UInt64) {
        let f = Spec.format
        let m = UInt64(f.significandBits)
        var pattern = (UInt64(exponentBitPattern) & ((1 << UInt64(f.exponentBits)) - 1)) << m
            | significandBitPattern & ((1 << m) - 1)
        if sign == .minus && f.isSigned { pattern |= 1 << UInt64(f.exponentBits + f.significandBits) }
        self.init(exactly: f.decode(pattern), unchecked: ())
    }

    /// A binary32 value, rounded once to the format (every `Float` is a `Double`
    /// exactly, so there is no double rounding).
    @inlinable public init(_ value: Float) { self.init(Double(value)) }

    #if !(os(Windows) || os(Android) || ($Embedded)) && (arch(i386) || arch(x86_64))
    /// A `Float80`, rounded once (its exact value is split into two doubles).
    @inlinable public init(_ value: Float80) {
        let hi = Double(value)
        if !hi.isFinite || !value.isFinite { self.init(hi); return }
        let tail = Double(value - Float80(hi))
        self.init(hi: hi, tail: tail)
    }
    #endif

    /// Any binary floating-point value, rounded once: formats of up to 53 bits of
    /// precision convert to `Double` exactly first; wider ones are split into two
    /// doubles.
    @inlinable
    public init<Source: BinaryFloatingPoint>(_ value: Source) {
        if let e = value as? Self { self = e; return }
        let hi = Double(value)
        if Source.significandBitCount <= 52 || !hi.isFinite || !value.isFinite {
            self.init(hi)
        } else {
            self.init(hi: hi, tail: Double(value - Source(hi)))
        }
    }

    /// `value` if the format holds it exactly.
    @inlinable
    public init?<Source: BinaryFloatingPoint>(exactly value: Source) {
        if value.isNaN { return nil }
        guard let d = Double(exactly: value) else { return nil }
        let r = Chop.round(d, to: Spec.format, mode: .towardZero)
        guard r == d || (r.isNaN && d.isNaN) else { return nil }
        self.init(exactly: r, unchecked: ())
    }

    /// The power of two 2^⌊log₂|self|⌋ with the sign of `self` (±0 for ±0; NaN for NaN
    /// and ±∞).
    @inlinable public var binade: Self {
        let v = doubleValue
        guard v.isFinite else { return .nan }
        return Self(exactly: v.binade, unchecked: ())
    }

    /// The number of significand bits after the leading one that are needed to hold
    /// the value (−1 for zero).
    @inlinable public var significandWidth: Int {
        let v = doubleValue
        guard v.isFinite else { return -1 }
        return v.significandWidth
    }
}

// Direct conversions out of and between emulated types: the exact value, rounded
// once by the target (no generic BinaryFloatingPoint conversion).

/// Exact conversions from emulated numbers.
extension Double {
    /// The exact value of an emulated number (every format's values are binary64 values).
    @inlinable public init<S, M>(_ value: Emulated<S, M>) { self = value.doubleValue }
}

/// Conversions from emulated numbers, rounded once.
extension Float {
    /// An emulated number rounded once to binary32 (nearest, ties to even).
    @inlinable public init<S, M>(_ value: Emulated<S, M>) { self.init(value.doubleValue) }
}

#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
/// Conversions from emulated numbers, rounded once.
extension Float16 {
    /// An emulated number rounded once to binary16 (nearest, ties to even).
    @inlinable public init<S, M>(_ value: Emulated<S, M>) { self.init(value.doubleValue) }
}
#endif

/// What a fixed-point result outside the representable range becomes.
public enum FixedPointOverflow: String, Hashable, Sendable, CaseIterable {
    /// Clamp to the nearest end of the range (NaN-free: x/0 gives ±max, 0/0 gives 0).
    case saturate
    /// Two's-complement wrap-around modulo 2^(total bits) (the rounded exact result,
    /// reduced), as integer hardware does.
    case wrap
}

/// Names a fixed-point format Qm.n at the type level, for ``FixedPoint``.
///
/// Convention (the ARM/TI "Q" notation): a signed Qm.n number has one sign bit, `m`
/// integer bits and `n` fraction bits (1 + m + n bits in all), an unsigned UQm.n
/// number has m + n bits; the value of the stored integer `raw` is `raw · 2⁻ⁿ`. So
/// Q0.15 (`Q15`) holds [−1, 1 − 2⁻¹⁵] in an `Int16`, Q15.16 holds
/// [−32768, 32768 − 2⁻¹⁶] in an `Int32`, and UQ8.8 holds [0, 256 − 2⁻⁸] in a
/// `UInt16`. Signedness follows `Storage`. `m + n` must not exceed 51 and the bits
/// must fit `Storage`.
///
/// Declaring one takes a line:
/// ```swift
/// enum Q3_12: FixedPointSpec { typealias Storage = Int16; static let integerBits = 3; static let fractionBits = 12 }
/// ```
public protocol FixedPointSpec {
    /// The integer type holding `raw`; it must have at least `integerBits + fractionBits`
    /// bits (+1 for a signed spec), checked at the first use.
    associatedtype Storage: FixedWidthInteger & Sendable
    /// m: integer bits, not counting the sign bit.
    static var integerBits: Int { get }
    /// n: fraction bits.
    static var fractionBits: Int { get }
    /// Overflow policy (default: saturate).
    static var overflow: FixedPointOverflow { get }
    /// The rounding mode of every operation (default: nearest-even). Stochastic modes
    /// draw from ``StochasticRounding``'s current stream.
    static var roundingMode: RoundingMode { get }
}

extension FixedPointSpec {
    @inlinable public static var overflow: FixedPointOverflow { .saturate }
    @inlinable public static var roundingMode: RoundingMode { .nearestEven }

    /// The floating-point format whose subnormal grid is this format's grid: quantum
    /// 2⁻ⁿ for every magnitude below 2^(m+1), so the kernel rounds onto the
    /// fixed-point grid in any mode. Only values within the range are read from it.
    /// Named `Qm.n` (`UQm.n` when unsigned).
    public static var gridFormat: FloatFormat {
        checkSpec()
        return try! FloatFormat(
            name: "\(Storage.isSigned ? "Q" : "UQ")\(integerBits).\(fractionBits)", exponentBits: 2,
            significandBits: integerBits + fractionBits + 1, bias: -integerBits, specials: .ieee, subnormals: true,
            overflow: .infinity)
    }

    /// The numeric fields of ``gridFormat``, built without its name or validation
    /// (the operations' path; constant-folded for a concrete spec).
    @inlinable static var gridCore: FloatFormat.Core {
        checkSpec()
        let m = integerBits, n = fractionBits
        let significandBits = m + n + 1
        return FloatFormat.Core(
            exponentBits: 2, significandBits: significandBits, bias: -m, specials: .ieee, subnormals: true,
            overflow: .infinity, precision: significandBits + 1, emin: 1 + m, emax: 2 + m,
            maxFinite: Double(sign: .plus, exponent: 2 + m, significand: 2 - Double(sign: .plus, exponent: -significandBits, significand: 1)))
    }

    /// Stops with a message naming the type when the spec cannot work: m, n ≥ 0,
    /// m + n ≤ 51, and the bits fit `Storage`.
    @inlinable @inline(__always) static func checkSpec() {
        precondition(
            integerBits >= 0 && fractionBits >= 0 && integerBits + fractionBits <= 51
                && bitCount <= Storage.bitWidth,
            "FixedPointSpec \(Self.self): Q\(integerBits).\(fractionBits) needs m, n ≥ 0, m + n ≤ 51 and \(bitCount) bits in a \(Storage.bitWidth)-bit Storage")
    }

    /// The total number of bits (1 + m + n signed, m + n unsigned).
    @inlinable public static var bitCount: Int { (Storage.isSigned ? 1 : 0) + integerBits + fractionBits }
}

/// A fixed-point number Qm.n (see ``FixedPointSpec`` for the convention).
///
/// Every operation computes its exact result (integer arithmetic for + and −, an
/// exact double-double for ×, ÷ and √) and rounds it once onto the grid 2⁻ⁿ with the
/// library's kernel in the type's rounding mode (all modes; stochastic ones draw from
/// ``StochasticRounding``'s current stream), then applies the
/// overflow policy. Storage is the raw integer in `Spec.Storage`.
///
/// ```swift
/// let a: Q15 = 0.5, b: Q15 = 0.75
/// let c = a * b            // 0.375
/// let d = a + b            // saturates to 1 − 2⁻¹⁵
/// ```
@frozen
public struct FixedPoint<Spec: FixedPointSpec>: Sendable {
    /// The stored integer; the value is `raw · 2^(−fractionBits)`.
    public var raw: Spec.Storage

    /// The number whose stored integer is `raw`, i.e. the value `raw · 2^(−fractionBits)`
    /// (no rounding, no range check).
    @inlinable public init(raw: Spec.Storage) { self.raw = raw }

    /// The exact value.
    @inlinable public var doubleValue: Double {
        Double(sign: .plus, exponent: -Spec.fractionBits, significand: Double(raw))
    }

    @inlinable static var rawMax: Int64 { (Int64(1) << Int64(Spec.integerBits + Spec.fractionBits)) - 1 }
    @inlinable static var rawMin: Int64 { Spec.Storage.isSigned ? -(Int64(1) << Int64(Spec.integerBits + Spec.fractionBits)) : 0 }

    /// The largest value, 2^m − 2⁻ⁿ.
    @inlinable public static var max: Self { Self(raw: Spec.Storage(rawMax)) }
    /// The smallest value, −2^m (signed) or 0.
    @inlinable public static var min: Self { Self(raw: Spec.Storage(rawMin)) }
    /// The resolution 2⁻ⁿ.
    @inlinable public static var resolution: Self { Self(raw: 1) }

    /// The rounding mode of this type.
    @inlinable public static var roundingMode: RoundingMode { Spec.roundingMode }

    /// Rounds the exact value hi + tail (|tail| ≤ ulp(hi)/2) onto the grid in `mode`,
    /// then applies the overflow policy. NaN gives 0.
    @inlinable
    static func make(hi: Double, tail: Double, mode: RoundingMode? = nil) -> Self {
        if hi.isNaN { return Self(raw: 0) }
        let mode = mode ?? Spec.roundingMode
        let n = Spec.fractionBits
        if hi.isInfinite { return hi > 0 ? max : min }
        var x = hi, t = tail
        if Spec.overflow == .wrap {
            // Reduce modulo the range width 2^(bits): exact, keeps the sign, and the
            // grid is periodic with that period, so rounding commutes with it.
            let period = Double(sign: .plus, exponent: Spec.bitCount - n, significand: 1)
            if x.magnitude >= period {
                x = x.truncatingRemainder(dividingBy: period)
                (x, t) = ErrorFreeTransforms.twoSum(x, t)   // restore |t| ≤ ulp(x)/2
            }
        }
        let r: Double
        if mode.isStochastic {
            r = StochasticRounding.withCurrentGenerator { g in
                roundingKernel(x, tail: t, to: Spec.gridCore, mode: mode, using: &g)
            }
        } else {
            var unused = Xoshiro256StarStar(seed: 0)   // deterministic modes draw no bits
            r = roundingKernel(x, tail: t, to: Spec.gridCore, mode: mode, using: &unused)
        }
        // r is k·2⁻ⁿ with |k| < 2^(bits) + 1 (or ±∞ beyond the grid format).
        if !r.isFinite { return r > 0 ? max : min }
        let k = Int64(Double(sign: .plus, exponent: n, significand: r))
        if k > rawMax || k < rawMin {
            switch Spec.overflow {
            case .saturate: return k > rawMax ? max : min
            case .wrap:
                let width = Int64(1) << Int64(Spec.bitCount)
                var w = ((k - rawMin) % width + width) % width + rawMin
                if w > rawMax { w -= width }
                return Self(raw: Spec.Storage(w))
            }
        }
        return Self(raw: Spec.Storage(k))
    }

    /// `value` rounded onto the grid in the current mode; out-of-range values follow
    /// the overflow policy; NaN gives 0, ±∞ saturate (also in wrapping formats).
    @inlinable public init(_ value: Double) { self = Self.make(hi: value, tail: 0) }

    /// `value` rounded onto the grid in `mode`.
    @inlinable public init(_ value: Double, rounding mode: RoundingMode) {
        self = Self.make(hi: value, tail: 0, mode: mode)
    }

    /// Any binary floating-point value (e.g. an ``Emulated`` one), rounded once.
    @inlinable public init<Source: BinaryFloatingPoint>(_ value: Source) {
        let hi = Double(value)
        if Source.significandBitCount <= 52 || !hi.isFinite {
            self.init(hi)
        } else {
            self = Self.make(hi: hi, tail: Double(value - Source(hi)))
        }
    }

    /// An integer, exact when in range (else the overflow policy).
    @inlinable public init<Source: BinaryInteger>(_ value: Source) {
        if let v = Int64(exactly: value), let hi = Double(exactly: v) {
            self = Self.make(hi: hi, tail: 0)
        } else {
            let d = Double(value)
            self = Self.make(hi: d, tail: 0)
        }
    }
}

// MARK: Arithmetic

extension FixedPoint {
    /// The raw integer `k` (an exact result on the grid), with the overflow policy
    /// only: integer arithmetic, no rounding.
    @inlinable @inline(__always)
    static func exactInteger(_ k: Int64) -> Self {
        if k >= rawMin && k <= rawMax { return Self(raw: Spec.Storage(truncatingIfNeeded: k)) }
        switch Spec.overflow {
        case .saturate: return k > rawMax ? max : min
        case .wrap:
            let width = Int64(1) << Int64(Spec.bitCount)
            var w = ((k - rawMin) % width + width) % width + rawMin
            if w > rawMax { w -= width }
            return Self(raw: Spec.Storage(truncatingIfNeeded: w))
        }
    }

    /// The exact sum, with the overflow policy.
    @inlinable public static func + (a: Self, b: Self) -> Self { exactInteger(Int64(a.raw) + Int64(b.raw)) }
    /// The exact difference, with the overflow policy.
    @inlinable public static func - (a: Self, b: Self) -> Self { exactInteger(Int64(a.raw) - Int64(b.raw)) }
    /// The negation (−min saturates or wraps).
    @inlinable public static prefix func - (a: Self) -> Self { exactInteger(-Int64(a.raw)) }

    /// The product rounded once onto the grid.
    @inlinable public static func * (a: Self, b: Self) -> Self {
        let x = a.doubleValue, y = b.doubleValue
        let (p, e) = ErrorFreeTransforms.twoProduct(x, y)   // exact: ≤ 104 bits, no underflow
        return make(hi: p, tail: e)
    }

    /// The quotient rounded once onto the grid; x/0 saturates to ±max (0/0 is 0).
    @inlinable public static func / (a: Self, b: Self) -> Self {
        let x = a.doubleValue, y = b.doubleValue
        if y == 0 { return x == 0 ? Self(raw: 0) : (x > 0 ? max : min) }
        if x == 0 { return Self(raw: 0) }
        let (hi, tail) = RoundedArithmetic.quotient(x / y, x, y)
        return make(hi: hi, tail: tail)
    }

    /// Replaces `a` with `a + b` (exact on the grid; overflow follows the spec's policy).
    @inlinable public static func += (a: inout Self, b: Self) { a = a + b }
    /// Replaces `a` with `a − b` (exact on the grid; overflow follows the spec's policy).
    @inlinable public static func -= (a: inout Self, b: Self) { a = a - b }
    /// Replaces `a` with `a × b`, rounded once in the spec's mode.
    @inlinable public static func *= (a: inout Self, b: Self) { a = a * b }
    /// Replaces `a` with `a / b`, rounded once in the spec's mode (`x/0` saturates to
    /// ±max, `0/0` is 0).
    @inlinable public static func /= (a: inout Self, b: Self) { a = a / b }

    /// The square root rounded once onto the grid (negative values give 0).
    @inlinable public func squareRoot() -> Self {
        let x = doubleValue
        if x <= 0 { return Self(raw: 0) }
        let (hi, tail) = RoundedArithmetic.root(x)
        return Self.make(hi: hi, tail: tail)
    }

    /// `self + a·b` computed exactly and rounded once.
    @inlinable public func addingProduct(_ a: Self, _ b: Self) -> Self {
        let (p, e) = ErrorFreeTransforms.twoProduct(a.doubleValue, b.doubleValue)
        let (s, t) = ErrorFreeTransforms.twoSum(p, doubleValue)
        let (u, v) = ErrorFreeTransforms.twoSum(t, e)
        let (hi, tail) = ErrorFreeTransforms.renormalize(s, u, v)
        return Self.make(hi: hi, tail: tail)
    }
}

// MARK: Protocols

extension FixedPoint: Equatable, Hashable, Comparable {
    /// Compares the stored integers (the values are `raw · 2^(−n)`).
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
}

extension FixedPoint: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// An integer literal, exact when in range (else the spec's overflow policy).
    @inlinable public init(integerLiteral value: Int64) { self.init(value) }
    /// A literal (parsed to `Double` first, then rounded once onto the grid).
    @inlinable @_disfavoredOverload public init(floatLiteral value: Double) { self.init(value) }
}

extension FixedPoint: SignedNumeric where Spec.Storage: SignedInteger {}

extension FixedPoint: AdditiveArithmetic {
    /// 0.
    @inlinable public static var zero: Self { Self(raw: 0) }
}

extension FixedPoint: Numeric {
    /// The magnitude of a fixed-point number has the same type.
    public typealias Magnitude = Self
    /// |self| (|min| saturates or wraps).
    @inlinable public var magnitude: Self { raw < 0 ? -self : self }
    /// `source` if the spec holds it exactly (nil when out of range).
    @inlinable public init?<Source: BinaryInteger>(exactly source: Source) {
        guard let v = Int64(exactly: source) else { return nil }
        let k = v << Int64(Spec.fractionBits)
        guard k >> Int64(Spec.fractionBits) == v, k <= Self.rawMax, k >= Self.rawMin else { return nil }
        self.init(raw: Spec.Storage(k))
    }
}

extension FixedPoint: Strideable where Spec.Storage: SignedInteger {
    /// Distances between fixed-point numbers are fixed-point numbers of the same type.
    public typealias Stride = Self
    /// `other − self` (overflow follows the spec's policy).
    @inlinable public func distance(to other: Self) -> Self { other - self }
    /// `self + n` (overflow follows the spec's policy).
    @inlinable public func advanced(by n: Self) -> Self { self + n }
}

extension FixedPoint: CustomStringConvertible, LosslessStringConvertible {
    /// The exact value in decimal (every fixed-point value is a short binary fraction).
    public var description: String { doubleValue.description }
    /// Parses a decimal or hex literal of any length (``NumberLiteral``) and rounds its
    /// exact value once onto the grid in the spec's mode; values of magnitude 2^(m+1)
    /// or more (far out of range) take the overflow policy from their nearest binary64.
    /// Returns nil for NaN and text that is not a number.
    public init?(_ text: String) { self.init(parsing: text) }

    /// As `init?(_ text: String)`, reading the substring in place (no copy).
    public init?(_ text: Substring) { self.init(parsing: text) }

    init?(parsing text: some StringProtocol) {
        guard let literal = try? NumberLiteral(text), !literal.isNaN else { return nil }
        let d = literal.nearestDouble
        guard d.magnitude < Double(sign: .plus, exponent: Spec.integerBits + 1, significand: 1) else {
            self.init(d)
            return
        }
        // The grid format's quantum is 2⁻ⁿ below 2^(m+1): one exact rounding onto the
        // grid, then the (exact) grid value through the range rules.
        let mode = Spec.roundingMode
        let r = StochasticRounding.withCurrentGenerator { g in literal.rounded(to: Spec.gridFormat, mode: mode, using: &g) }
        self.init(r)
    }
}

extension FixedPoint: Codable {
    /// Encodes the exact value as a number.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(doubleValue)
    }
    /// Decodes a number that must lie on the grid and in range.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let d = try c.decode(Double.self)
        let x = Self(d, rounding: .towardZero)
        guard x.doubleValue == d else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(d) is not a value of \(Spec.gridFormat.name)")
        }
        self = x
    }
}

// MARK: Built-in Q formats

/// Q0.7 in an `Int8`: [−1, 1 − 2⁻⁷].
public enum Q7Spec: FixedPointSpec { public typealias Storage = Int8; public static let integerBits = 0; public static let fractionBits = 7 }
/// Q0.15 in an `Int16`: [−1, 1 − 2⁻¹⁵].
public enum Q15Spec: FixedPointSpec { public typealias Storage = Int16; public static let integerBits = 0; public static let fractionBits = 15 }
/// Q0.31 in an `Int32`: [−1, 1 − 2⁻³¹].
public enum Q31Spec: FixedPointSpec { public typealias Storage = Int32; public static let integerBits = 0; public static let fractionBits = 31 }
/// Q7.8 in an `Int16`: [−128, 128 − 2⁻⁸].
public enum Q7_8Spec: FixedPointSpec { public typealias Storage = Int16; public static let integerBits = 7; public static let fractionBits = 8 }
/// Q15.16 in an `Int32`: [−32768, 32768 − 2⁻¹⁶].
public enum Q15_16Spec: FixedPointSpec { public typealias Storage = Int32; public static let integerBits = 15; public static let fractionBits = 16 }
/// UQ8.8 in a `UInt16`: [0, 256 − 2⁻⁸].
public enum UQ8_8Spec: FixedPointSpec { public typealias Storage = UInt16; public static let integerBits = 8; public static let fractionBits = 8 }
/// UQ0.8 in a `UInt8`: [0, 1 − 2⁻⁸].
public enum UQ0_8Spec: FixedPointSpec { public typealias Storage = UInt8; public static let integerBits = 0; public static let fractionBits = 8 }
/// UQ16.16 in a `UInt32`: [0, 65536 − 2⁻¹⁶].
public enum UQ16_16Spec: FixedPointSpec { public typealias Storage = UInt32; public static let integerBits = 16; public static let fractionBits = 16 }

/// Signed Q0.7 fixed point (see ``Q7Spec``).
public typealias Q7 = FixedPoint<Q7Spec>
/// Signed Q0.15 fixed point (see ``Q15Spec``).
public typealias Q15 = FixedPoint<Q15Spec>
/// Signed Q0.31 fixed point (see ``Q31Spec``).
public typealias Q31 = FixedPoint<Q31Spec>
/// Signed Q7.8 fixed point (see ``Q7_8Spec``).
public typealias Q7_8 = FixedPoint<Q7_8Spec>
/// Signed Q15.16 fixed point (see ``Q15_16Spec``).
public typealias Q15_16 = FixedPoint<Q15_16Spec>
/// Unsigned UQ8.8 fixed point (see ``UQ8_8Spec``).
public typealias UQ8_8 = FixedPoint<UQ8_8Spec>
/// Unsigned UQ0.8 fixed point (see ``UQ0_8Spec``).
public typealias UQ0_8 = FixedPoint<UQ0_8Spec>
/// Unsigned UQ16.16 fixed point (see ``UQ16_16Spec``).
public typealias UQ16_16 = FixedPoint<UQ16_16Spec>

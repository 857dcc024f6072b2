/// Names a floating-point format at the type level, for ``Emulated``.
///
/// A spec gives the format, the rounding mode the type uses by default, and the
/// unsigned integer that stores one encoding. Declaring a custom format takes one
/// line; the mode defaults to nearest-even and the storage to `UInt64`:
///
/// ```swift
/// enum E3M4Spec: EmulatedFormatSpec { static let format = try! FloatFormat(exponentBits: 3, significandBits: 4) }
/// typealias MyFloat = Emulated<E3M4Spec>
/// ```
///
/// Add `typealias Storage = UInt8` (the smallest type that holds
/// ``FloatFormat/bitWidth`` bits) to store one byte per value, and
/// The rounding mode is the second type parameter of ``Emulated``
/// (``RoundingModeSpec``), e.g. `Emulated<E3M4Spec, Rounding.Stochastic>`.
public protocol EmulatedFormatSpec {
    /// The unsigned integer holding one encoding (the low ``FloatFormat/bitWidth`` bits).
    associatedtype Storage: FixedWidthInteger & UnsignedInteger & Sendable = UInt64
    /// The emulated format.
    static var format: FloatFormat { get }
    /// Encoding constants of ``format`` for the fast paths (default: computed from
    /// ``format`` on each use; the built-in specs store them).
    static var codec: FormatCodec { get }
    /// The encoding of `value`, a value of ``format`` (or NaN).
    static func encode(_ value: Double) -> Storage
    /// The value of an encoding.
    static func decode(_ bits: Storage) -> Double
}

extension EmulatedFormatSpec {
    @inlinable public static var codec: FormatCodec { FormatCodec(format) }

    /// The pattern that stands for NaN in formats without a NaN encoding (FP6, FP4): a
    /// storage value with bits above ``FloatFormat/bitWidth``, so it decodes to NaN
    /// and is never produced by the format itself. When the storage has no spare bit
    /// it is all ones.
    @inlinable public static var nanMarker: Storage { ~Storage(0) }

    /// Encodes a value of ``format`` (a conversion to `Float` for formats that are a
    /// prefix of binary32, bit manipulation of the binary64 encoding for the normal
    /// numbers of the others; ``FloatFormat/encode(_:)`` for the rest).
    ///
    /// - Precondition: `Storage` holds ``FloatFormat/bitWidth`` bits (checked on use,
    ///   with a message naming the spec).
    @inlinable @inline(__always)
    public static func encode(_ value: Double) -> Storage {
        let c = codec
        checkStorage(c)
        if c.layout == .binary32Prefix {
            // Exact: a value of the format is a binary32 value, and its encoding is the
            // top bits of binary32's (NaN becomes the canonical quiet NaN).
            return Storage(truncatingIfNeeded: Float(value).bitPattern >> UInt32(31 - c.exponentBits - c.significandBits))
        }
        let bits = value.bitPattern
        let field = Int((bits >> 52) & 0x7FF) - 1023
        if field >= c.emin && field <= c.emax {
            let m = UInt64(c.significandBits)
            let sign: UInt64 = (c.isSigned && bits >> 63 == 1) ? 1 << UInt64(c.exponentBits + c.significandBits) : 0
            let pattern = sign | UInt64(field + c.bias) << m | (bits & ((1 << 52) - 1)) >> (52 - m)
            return Storage(truncatingIfNeeded: pattern)
        }
        return encodeSlowly(value)
    }

    /// Stops with a message naming the spec when `Storage` is too narrow for the format.
    @inlinable @inline(__always)
    static func checkStorage(_ c: FormatCodec) {
        precondition(Storage.bitWidth >= c.bitWidth,
                     "\(Self.self): a \(c.bitWidth)-bit format needs a Storage of at least \(c.bitWidth) bits, not \(Storage.self)")
    }

    @inlinable @inline(never)
    static func encodeSlowly(_ value: Double) -> Storage {
        if let pattern = try? format.encode(value) { return Storage(truncatingIfNeeded: pattern) }
        return nanMarker
    }

    /// Decodes an encoding (bit manipulation for normal numbers,
    /// ``FloatFormat/decode(_:)`` for the rest). Patterns with bits above the format's
    /// width are NaN.
    @inlinable @inline(__always)
    public static func decode(_ bits: Storage) -> Double {
        let c = codec
        checkStorage(c)
        let pattern = UInt64(truncatingIfNeeded: bits)
        if c.bitWidth < Storage.bitWidth && pattern >> UInt64(c.bitWidth) != 0 { return .nan }
        if c.layout == .binary32Prefix {
            return Double(Float(bitPattern: UInt32(truncatingIfNeeded: pattern) << UInt32(31 - c.exponentBits - c.significandBits)))
        }
        let m = UInt64(c.significandBits)
        let fieldAllOnes = (UInt64(1) << UInt64(c.exponentBits)) - 1
        let field = (pattern >> m) & fieldAllOnes
        if field != 0 && field != fieldAllOnes && c.hasSignedNormalEncoding {
            let negative = c.isSigned && (pattern >> UInt64(c.exponentBits + c.significandBits)) & 1 == 1
            let e = UInt64(Int(field) - c.bias + 1023)
            let fraction = (pattern & ((1 << m) - 1)) << (52 - m)
            return Double(bitPattern: (negative ? 1 << 63 : 0) | e << 52 | fraction)
        }
        return decodeSlowly(pattern)
    }

    @inlinable @inline(never)
    static func decodeSlowly(_ pattern: UInt64) -> Double { format.decode(pattern) }
}

/// The constants of a format's encoding that the typed fast paths need, as plain
/// integers (no string, no reference counting): the format's numeric description
/// and what follows from it.
///
/// The built-in specs spell their codec out so that it folds to constants; a custom
/// spec gets `FormatCodec(format)` on each use unless it stores one
/// (`static let codec = FormatCodec(format)`), which is faster.
@frozen
public struct FormatCodec: Hashable, Sendable {
    /// The format's numeric fields (everything but its name).
    @usableFromInline let core: FloatFormat.Core
    /// How the encoding maps onto a native type's, for the fastest conversions.
    @usableFromInline let layout: Layout

    @usableFromInline
    enum Layout: Hashable, Sendable {
        /// IEEE specials and binary32's 8 exponent bits: the encoding is the top
        /// `bitWidth` bits of the binary32 encoding of the same value.
        case binary32Prefix
        /// Anything else (decoded and encoded on the binary64 pattern).
        case other
    }

    /// Stored significand bits (the format's precision minus one).
    @inlinable public var significandBits: Int { core.significandBits }
    /// Exponent field width.
    @inlinable public var exponentBits: Int { core.exponentBits }
    /// The exponent bias.
    @inlinable public var bias: Int { core.bias }
    /// Normal binary64 exponents that are normal values of the format.
    @inlinable public var emin: Int { core.emin }
    /// The largest normal exponent.
    @inlinable public var emax: Int { core.emax }
    /// Bits per encoding: sign (if any) + exponent + significand.
    @inlinable public var bitWidth: Int { (core.isSigned ? 1 : 0) + core.exponentBits + core.significandBits }
    /// Whether the format has a sign bit (false only for E8M0).
    @inlinable public var isSigned: Bool { core.isSigned }
    /// Whether every pattern with an exponent field strictly between 0 and all ones is
    /// a normal number (false only for E8M0).
    @inlinable public var hasSignedNormalEncoding: Bool { core.specials != .unsignedExponentOnly }
    /// Whether rounding the binary64 result of + − × ÷ √ on values of the format to
    /// the nearest value of the format gives the correctly rounded result (ties either
    /// way): precision p ≤ 25 (so 53 ≥ 2p + 2, Figueroa 1995) and a range within
    /// 2^±500 (so binary64 neither underflows nor overflows on such operands).
    @inlinable public var nearestFromBinary64IsExact: Bool {
        core.precision <= 25 && core.emin - core.significandBits >= -500 && core.emax <= 500
    }

    /// The codec of a format given by its raw description (the parameters of
    /// ``FloatFormat/init(name:exponentBits:significandBits:bias:specials:subnormals:overflow:)``,
    /// assumed valid).
    @inlinable
    public init(
        exponentBits: Int, significandBits: Int, bias: Int, specials: FloatFormat.Specials, subnormals: Bool,
        overflow: FloatFormat.OverflowPolicy
    ) {
        self.init(core: FloatFormat.Core(
            exponentBits: exponentBits, significandBits: significandBits, bias: bias, specials: specials,
            subnormals: subnormals, overflow: overflow))
    }

    /// The codec of `format`.
    @inlinable public init(_ format: FloatFormat) { self.init(core: format.core) }

    @inlinable
    init(core: FloatFormat.Core) {
        self.core = core
        layout = core.specials == .ieee && core.exponentBits == 8 && core.bias == 127 ? .binary32Prefix : .other
    }
}

// MARK: Built-in specs

/// IEEE binary16 at the type level.
public enum Binary16Spec: EmulatedFormatSpec {
    public typealias Storage = UInt16
    public static let format = FloatFormat.binary16
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 5, significandBits: 10, bias: 15, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// bfloat16 at the type level.
public enum BFloat16Spec: EmulatedFormatSpec {
    public typealias Storage = UInt16
    public static let format = FloatFormat.bfloat16
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 8, significandBits: 7, bias: 127, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// TF32 at the type level (19 bits, stored in a `UInt32`).
public enum TF32Spec: EmulatedFormatSpec {
    public typealias Storage = UInt32
    public static let format = FloatFormat.tf32
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 8, significandBits: 10, bias: 127, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// IEEE binary32 at the type level.
public enum Binary32Spec: EmulatedFormatSpec {
    public typealias Storage = UInt32
    public static let format = FloatFormat.binary32
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 8, significandBits: 23, bias: 127, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// IEEE binary64 at the type level (useful to run the same generic code in every
/// mode, e.g. binary64 with stochastic rounding).
public enum Binary64Spec: EmulatedFormatSpec {
    public typealias Storage = UInt64
    public static let format = FloatFormat.binary64
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 11, significandBits: 52, bias: 1023, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// OCP FP8 E5M2 at the type level.
public enum Float8E5M2Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e5m2
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 5, significandBits: 2, bias: 15, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// OCP FP8 E4M3FN at the type level.
public enum Float8E4M3FNSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3fn
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 4, significandBits: 3, bias: 7, specials: .finiteAllOnesNaN, subnormals: true, overflow: .nan) }
}
/// IEEE-style E4M3 (with ±∞) at the type level.
public enum Float8E4M3Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 4, significandBits: 3, bias: 7, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// E4M3FNUZ at the type level.
public enum Float8E4M3FNUZSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3fnuz
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 4, significandBits: 3, bias: 8, specials: .fnuz, subnormals: true, overflow: .nan) }
}
/// E5M2FNUZ at the type level.
public enum Float8E5M2FNUZSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e5m2fnuz
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 5, significandBits: 2, bias: 16, specials: .fnuz, subnormals: true, overflow: .nan) }
}
/// E4M3B11FNUZ at the type level.
public enum Float8E4M3B11FNUZSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3b11fnuz
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 4, significandBits: 3, bias: 11, specials: .fnuz, subnormals: true, overflow: .nan) }
}
/// E3M4 at the type level.
public enum Float8E3M4Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e3m4
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 3, significandBits: 4, bias: 3, specials: .ieee, subnormals: true, overflow: .infinity) }
}
/// OCP E8M0FNU (unsigned powers of two) at the type level.
public enum Float8E8M0FNUSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e8m0fnu
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 8, significandBits: 0, bias: 127, specials: .unsignedExponentOnly, subnormals: false, overflow: .nan) }
}
/// OCP FP6 E3M2 at the type level (6 bits in a `UInt8`).
public enum Float6E3M2Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e3m2fn
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 3, significandBits: 2, bias: 3, specials: .finite, subnormals: true, overflow: .saturate) }
}
/// OCP FP6 E2M3 at the type level (6 bits in a `UInt8`).
public enum Float6E2M3Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e2m3fn
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 2, significandBits: 3, bias: 1, specials: .finite, subnormals: true, overflow: .saturate) }
}
/// OCP FP4 E2M1 at the type level (4 bits in a `UInt8`).
public enum Float4E2M1Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e2m1fn
    @inlinable public static var codec: FormatCodec { .init(exponentBits: 2, significandBits: 1, bias: 1, specials: .finite, subnormals: true, overflow: .saturate) }
}

/// IEEE binary16, emulated, rounding to nearest (ties to even).
public typealias Half = Emulated<Binary16Spec, Rounding.NearestEven>
/// bfloat16, emulated.
public typealias BFloat16 = Emulated<BFloat16Spec, Rounding.NearestEven>
/// NVIDIA TensorFloat-32, emulated.
public typealias TF32 = Emulated<TF32Spec, Rounding.NearestEven>
/// IEEE binary32, emulated (every mode, unlike `Float`).
public typealias Binary32 = Emulated<Binary32Spec, Rounding.NearestEven>
/// IEEE binary64, emulated (every mode, unlike `Double`).
public typealias Binary64 = Emulated<Binary64Spec, Rounding.NearestEven>
/// OCP FP8 E5M2.
public typealias Float8E5M2 = Emulated<Float8E5M2Spec, Rounding.NearestEven>
/// OCP FP8 E4M3FN.
public typealias Float8E4M3FN = Emulated<Float8E4M3FNSpec, Rounding.NearestEven>
/// IEEE-style FP8 E4M3 (with ±∞).
public typealias Float8E4M3 = Emulated<Float8E4M3Spec, Rounding.NearestEven>
/// FP8 E4M3FNUZ.
public typealias Float8E4M3FNUZ = Emulated<Float8E4M3FNUZSpec, Rounding.NearestEven>
/// FP8 E5M2FNUZ.
public typealias Float8E5M2FNUZ = Emulated<Float8E5M2FNUZSpec, Rounding.NearestEven>
/// FP8 E4M3B11FNUZ.
public typealias Float8E4M3B11FNUZ = Emulated<Float8E4M3B11FNUZSpec, Rounding.NearestEven>
/// FP8 E3M4.
public typealias Float8E3M4 = Emulated<Float8E3M4Spec, Rounding.NearestEven>
/// OCP E8M0FNU scale format.
public typealias Float8E8M0FNU = Emulated<Float8E8M0FNUSpec, Rounding.NearestEven>
/// OCP FP6 E3M2.
public typealias Float6E3M2 = Emulated<Float6E3M2Spec, Rounding.NearestEven>
/// OCP FP6 E2M3.
public typealias Float6E2M3 = Emulated<Float6E2M3Spec, Rounding.NearestEven>
/// OCP FP4 E2M1.
public typealias Float4E2M1 = Emulated<Float4E2M1Spec, Rounding.NearestEven>

/// bfloat16 with stochastic rounding (exact probabilities; see ``StochasticRounding``).
public typealias StochasticBFloat16 = Emulated<BFloat16Spec, Rounding.Stochastic>
/// IEEE binary16 with stochastic rounding (exact probabilities; see ``StochasticRounding``).
public typealias StochasticHalf = Emulated<Binary16Spec, Rounding.Stochastic>
/// IEEE binary32 with stochastic rounding (exact probabilities; see ``StochasticRounding``).
public typealias StochasticBinary32 = Emulated<Binary32Spec, Rounding.Stochastic>

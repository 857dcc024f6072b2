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
/// `static let roundingMode = RoundingMode.stochastic()` to round stochastically by
/// default. A scope can still override the mode (``EmulationScope``).
public protocol EmulatedFormatSpec {
    /// The unsigned integer holding one encoding (the low ``FloatFormat/bitWidth`` bits).
    associatedtype Storage: FixedWidthInteger & UnsignedInteger & Sendable = UInt64
    /// The emulated format.
    static var format: FloatFormat { get }
    /// The type's rounding mode when no ``EmulationScope`` overrides it.
    static var roundingMode: RoundingMode { get }
    /// The encoding of `value`, a value of ``format`` (or NaN).
    static func encode(_ value: Double) -> Storage
    /// The value of an encoding.
    static func decode(_ bits: Storage) -> Double
}

extension EmulatedFormatSpec {
    @inlinable public static var roundingMode: RoundingMode { .nearestEven }

    /// The pattern that stands for NaN in formats without a NaN encoding (FP6, FP4): a
    /// storage value with bits above ``FloatFormat/bitWidth``, so it decodes to NaN
    /// and is never produced by the format itself. When the storage has no spare bit
    /// it is all ones.
    @inlinable public static var nanMarker: Storage { ~Storage(0) }

    /// Encodes a value of ``format`` (bit manipulation of the binary64 encoding for
    /// normal numbers; ``FloatFormat/encode(_:)`` for the rest).
    @inlinable
    public static func encode(_ value: Double) -> Storage {
        let f = format
        let bits = value.bitPattern
        let field = Int((bits >> 52) & 0x7FF) - 1023
        if field >= f.emin && field <= f.emax && value.isFinite {
            let m = UInt64(f.significandBits)
            let sign: UInt64 = (f.isSigned && bits >> 63 == 1) ? 1 << UInt64(f.exponentBits + f.significandBits) : 0
            let pattern = sign | UInt64(field + f.bias) << m | (bits & ((1 << 52) - 1)) >> (52 - m)
            return Storage(truncatingIfNeeded: pattern)
        }
        if let pattern = try? f.encode(value) { return Storage(truncatingIfNeeded: pattern) }
        return nanMarker
    }

    /// Decodes an encoding (bit manipulation for normal numbers,
    /// ``FloatFormat/decode(_:)`` for the rest). Patterns with bits above the format's
    /// width are NaN.
    @inlinable
    public static func decode(_ bits: Storage) -> Double {
        let f = format
        let pattern = UInt64(truncatingIfNeeded: bits)
        if f.bitWidth < 64 && pattern >> UInt64(f.bitWidth) != 0 { return .nan }
        let m = UInt64(f.significandBits)
        let fieldAllOnes = (UInt64(1) << UInt64(f.exponentBits)) - 1
        let field = (pattern >> m) & fieldAllOnes
        if field != 0 && field != fieldAllOnes && f.specials != .unsignedExponentOnly {
            let negative = f.isSigned && (pattern >> UInt64(f.exponentBits + f.significandBits)) & 1 == 1
            if !(negative && f.specials == .fnuz && field == 0) {
                let e = UInt64(Int(field) - f.bias + 1023)
                let fraction = (pattern & ((1 << m) - 1)) << (52 - m)
                return Double(bitPattern: (negative ? 1 << 63 : 0) | e << 52 | fraction)
            }
        }
        return f.decode(pattern)
    }
}

/// A format taken from the calling thread's ``EmulationScope`` at each operation, for
/// formats chosen at run time (a format named on the command line, "p significand
/// bits with binary64's exponent range", …).
///
/// Values are stored as their binary64 bit pattern (`UInt64`), so a value keeps its
/// meaning when the scope changes; each operation rounds its exact result to the
/// format in effect at that moment (``FloatFormat/binary64`` outside any scope).
public enum ScopedFormat: EmulatedFormatSpec {
    public typealias Storage = UInt64
    @inlinable public static var format: FloatFormat { EmulationThreadState.current.format }
    @inlinable public static func encode(_ value: Double) -> UInt64 { value.bitPattern }
    @inlinable public static func decode(_ bits: UInt64) -> Double { Double(bitPattern: bits) }
}

// MARK: Built-in specs

/// IEEE binary16 at the type level.
public enum Binary16Spec: EmulatedFormatSpec {
    public typealias Storage = UInt16
    public static let format = FloatFormat.binary16
}
/// bfloat16 at the type level.
public enum BFloat16Spec: EmulatedFormatSpec {
    public typealias Storage = UInt16
    public static let format = FloatFormat.bfloat16
}
/// TF32 at the type level (19 bits, stored in a `UInt32`).
public enum TF32Spec: EmulatedFormatSpec {
    public typealias Storage = UInt32
    public static let format = FloatFormat.tf32
}
/// IEEE binary32 at the type level.
public enum Binary32Spec: EmulatedFormatSpec {
    public typealias Storage = UInt32
    public static let format = FloatFormat.binary32
}
/// IEEE binary64 at the type level (useful to run the same generic code in every
/// mode, e.g. binary64 with stochastic rounding).
public enum Binary64Spec: EmulatedFormatSpec {
    public typealias Storage = UInt64
    public static let format = FloatFormat.binary64
}
/// OCP FP8 E5M2 at the type level.
public enum Float8E5M2Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e5m2
}
/// OCP FP8 E4M3FN at the type level.
public enum Float8E4M3FNSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3fn
}
/// IEEE-style E4M3 (with ±∞) at the type level.
public enum Float8E4M3Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3
}
/// E4M3FNUZ at the type level.
public enum Float8E4M3FNUZSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3fnuz
}
/// E5M2FNUZ at the type level.
public enum Float8E5M2FNUZSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e5m2fnuz
}
/// E4M3B11FNUZ at the type level.
public enum Float8E4M3B11FNUZSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e4m3b11fnuz
}
/// E3M4 at the type level.
public enum Float8E3M4Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e3m4
}
/// OCP E8M0FNU (unsigned powers of two) at the type level.
public enum Float8E8M0FNUSpec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e8m0fnu
}
/// OCP FP6 E3M2 at the type level (6 bits in a `UInt8`).
public enum Float6E3M2Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e3m2fn
}
/// OCP FP6 E2M3 at the type level (6 bits in a `UInt8`).
public enum Float6E2M3Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e2m3fn
}
/// OCP FP4 E2M1 at the type level (4 bits in a `UInt8`).
public enum Float4E2M1Spec: EmulatedFormatSpec {
    public typealias Storage = UInt8
    public static let format = FloatFormat.e2m1fn
}

/// IEEE binary16, emulated (round-to-nearest-even unless a scope overrides it).
public typealias Half = Emulated<Binary16Spec>
/// bfloat16, emulated.
public typealias BFloat16 = Emulated<BFloat16Spec>
/// NVIDIA TensorFloat-32, emulated.
public typealias TF32 = Emulated<TF32Spec>
/// IEEE binary32, emulated (every mode, unlike `Float`).
public typealias Binary32 = Emulated<Binary32Spec>
/// IEEE binary64, emulated (every mode, unlike `Double`).
public typealias Binary64 = Emulated<Binary64Spec>
/// OCP FP8 E5M2.
public typealias Float8E5M2 = Emulated<Float8E5M2Spec>
/// OCP FP8 E4M3FN.
public typealias Float8E4M3FN = Emulated<Float8E4M3FNSpec>
/// IEEE-style FP8 E4M3 (with ±∞).
public typealias Float8E4M3 = Emulated<Float8E4M3Spec>
/// FP8 E4M3FNUZ.
public typealias Float8E4M3FNUZ = Emulated<Float8E4M3FNUZSpec>
/// FP8 E5M2FNUZ.
public typealias Float8E5M2FNUZ = Emulated<Float8E5M2FNUZSpec>
/// FP8 E4M3B11FNUZ.
public typealias Float8E4M3B11FNUZ = Emulated<Float8E4M3B11FNUZSpec>
/// FP8 E3M4.
public typealias Float8E3M4 = Emulated<Float8E3M4Spec>
/// OCP E8M0FNU scale format.
public typealias Float8E8M0FNU = Emulated<Float8E8M0FNUSpec>
/// OCP FP6 E3M2.
public typealias Float6E3M2 = Emulated<Float6E3M2Spec>
/// OCP FP6 E2M3.
public typealias Float6E2M3 = Emulated<Float6E2M3Spec>
/// OCP FP4 E2M1.
public typealias Float4E2M1 = Emulated<Float4E2M1Spec>

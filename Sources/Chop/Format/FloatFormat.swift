/// A binary floating-point encoding, described as plain data.
///
/// A format is more than a precision and an exponent range: it also says which
/// bit patterns are infinities and NaNs, whether −0 exists, what the largest finite
/// value is, and what happens on overflow. That is what lets one kernel emulate the
/// IEEE formats, bfloat16, TF32, the OCP FP8/FP6/FP4 encodings, the FNUZ variants and
/// the E8M0 scale format alike.
///
/// Values of a format are described with `p = significandBits + 1` bits of precision
/// (the implicit leading bit counts), normal exponents `emin...emax`, and, when
/// `subnormals` is true, the subnormal numbers `k · 2^(emin − significandBits)` below
/// `2^emin`. Every value of every format is exactly representable as a `Double`.
///
/// Create built-ins with the static members (``binary16``, ``bfloat16``, …), by name
/// with ``init(named:)``, or a custom IEEE-style format with
/// ``init(exponentBits:significandBits:subnormals:overflow:)``. Impossible parameters
/// throw ``FormatError``; nothing traps.
public struct FloatFormat: Hashable, Sendable, CustomStringConvertible {
    /// How the format spends its bit patterns on infinities, NaNs and signed zeros.
    public enum Specials: String, Hashable, Sendable, CaseIterable {
        /// IEEE 754: the all-ones exponent field holds ±∞ (zero fraction) and NaNs.
        case ieee
        /// OCP E4M3FN style: no infinities; the all-ones exponent field is a normal
        /// binade except for the single NaN pattern S.1…1.1…1; −0 exists.
        case finiteAllOnesNaN
        /// FNUZ (finite, NaN, unsigned zero): no infinities, no −0; the pattern of
        /// −0 (sign bit alone) is the only NaN; every other pattern is finite.
        case fnuz
        /// No infinities and no NaNs (OCP FP6 and FP4): every pattern is finite.
        case finite
        /// OCP E8M0 scale format: no sign, no zero, no subnormals; value 2^(code − 127);
        /// the all-ones pattern is NaN.
        case unsignedExponentOnly
    }

    /// What a finite result too large for the format becomes.
    public enum OverflowPolicy: String, Hashable, Sendable, CaseIterable {
        /// IEEE 754 overflow: ±∞ for round-to-nearest and stochastic rounding; toward
        /// zero and to odd give ±max; toward ±∞ give ∞ on their side and ±max on the
        /// other. Only valid for formats with infinities.
        case infinity
        /// Overflow gives NaN (OCP E4M3FN and the FNUZ formats without saturation).
        case nan
        /// Overflow (and ±∞ where the format has no infinity) gives ±max.
        case saturate
    }

    /// A short name (`binary16`, `e4m3fn`, `ieee-e3m2`, …).
    public var name: String
    /// The numeric description. Kept apart from ``name`` so that it is trivially
    /// copyable: the kernel and the typed numbers pass it around without reference
    /// counting.
    @usableFromInline var core: Core

    /// Width of the exponent field in bits.
    @inlinable public var exponentBits: Int { core.exponentBits }
    /// Stored (trailing) significand bits; the precision is `significandBits + 1`.
    @inlinable public var significandBits: Int { core.significandBits }
    /// The exponent bias of the encoding.
    @inlinable public var bias: Int { core.bias }
    /// Which patterns are infinities, NaNs and signed zeros.
    @inlinable public var specials: Specials { core.specials }
    /// Whether numbers below `2^emin` (subnormals) exist. When false, the format
    /// holds zero and the normal numbers only, and results round onto that set (so
    /// values in `(0, minNormal)` round to 0 or ±minNormal according to the mode).
    @inlinable public var subnormals: Bool {
        get { core.subnormals }
        set { core.subnormals = newValue }
    }
    /// What a too-large result becomes.
    @inlinable public var overflow: OverflowPolicy {
        get { core.overflow }
        set { core.overflow = newValue }
    }

    // MARK: Derived quantities (stored for speed).

    /// Precision in bits, counting the implicit leading bit.
    @inlinable public var precision: Int { core.precision }
    /// Smallest normal exponent: the smallest normal number is `2^emin`.
    @inlinable public var emin: Int { core.emin }
    /// Largest exponent of a finite number.
    @inlinable public var emax: Int { core.emax }
    /// The largest finite value.
    @inlinable public var maxFinite: Double { core.maxFinite }

    /// Whether the format has a sign bit.
    @inlinable public var isSigned: Bool { core.isSigned }
    /// Whether ±∞ are encodable.
    @inlinable public var hasInfinity: Bool { core.hasInfinity }
    /// Whether a NaN is encodable.
    @inlinable public var hasNaN: Bool { specials != .finite }
    /// Whether −0 is encodable (it is not in FNUZ formats, and E8M0 has no zero).
    @inlinable public var hasNegativeZero: Bool { core.hasNegativeZero }
    /// Whether zero is encodable (false only for E8M0).
    @inlinable public var hasZero: Bool { core.hasZero }
    /// Total width of an encoding in bits.
    @inlinable public var bitWidth: Int { (isSigned ? 1 : 0) + exponentBits + significandBits }
    /// The smallest positive normal number, `2^emin`.
    @inlinable public var minNormal: Double { core.minNormal }
    /// The smallest positive number: the least subnormal, or ``minNormal`` without
    /// subnormals.
    @inlinable public var minPositive: Double { core.minPositive }
    /// The unit roundoff `2^−p` of round-to-nearest.
    @inlinable public var unitRoundoff: Double { Double(sign: .plus, exponent: -precision, significand: 1) }
    /// The machine epsilon `2^(1−p)`: the gap between 1 and the next larger number.
    @inlinable public var epsilon: Double { Double(sign: .plus, exponent: 1 - precision, significand: 1) }

    /// The numeric fields of a format (everything but the name), as plain data.
    @usableFromInline
    struct Core: Hashable, Sendable {
        @usableFromInline let exponentBits: Int
        @usableFromInline let significandBits: Int
        @usableFromInline let bias: Int
        @usableFromInline let specials: Specials
        @usableFromInline var subnormals: Bool
        @usableFromInline var overflow: OverflowPolicy
        @usableFromInline let precision: Int
        @usableFromInline let emin: Int
        @usableFromInline let emax: Int
        @usableFromInline let maxFinite: Double

        @usableFromInline
        init(
            exponentBits: Int, significandBits: Int, bias: Int, specials: Specials, subnormals: Bool,
            overflow: OverflowPolicy, precision: Int, emin: Int, emax: Int, maxFinite: Double
        ) {
            self.exponentBits = exponentBits
            self.significandBits = significandBits
            self.bias = bias
            self.specials = specials
            self.subnormals = subnormals
            self.overflow = overflow
            self.precision = precision
            self.emin = emin
            self.emax = emax
            self.maxFinite = maxFinite
        }

        /// The derived fields (precision, exponent range, largest finite value) of a
        /// raw description, computed on integers only so that constant descriptions fold
        /// to constants. The description is assumed valid (see ``FloatFormat``'s
        /// throwing initializer, which checks it).
        @inlinable
        init(
            exponentBits: Int, significandBits: Int, bias: Int, specials: Specials, subnormals: Bool,
            overflow: OverflowPolicy
        ) {
            let fieldMax = (1 << exponentBits) - 1
            var emin = 1 - bias, emax = fieldMax - bias
            // The fraction bits of the largest finite value, placed in binary64's field.
            let allOnes: UInt64 = significandBits == 0 ? 0 : ((1 << UInt64(significandBits)) - 1) << UInt64(52 - significandBits)
            var fraction = allOnes
            switch specials {
            case .ieee: emax -= 1
            case .finiteAllOnesNaN: fraction = allOnes &- (1 << UInt64(52 - significandBits))   // S.1…1.1…1 is NaN
            case .fnuz, .finite: break
            case .unsignedExponentOnly:
                emin = -bias
                emax -= 1
                fraction = 0
            }
            // Outside binary64's range (an invalid description, rejected by the caller).
            let field = emax + 1023
            let maxFinite = field < 1 ? 0 : field > 2046 ? .infinity : Double(bitPattern: UInt64(field) << 52 | fraction)
            self.init(
                exponentBits: exponentBits, significandBits: significandBits, bias: bias, specials: specials,
                subnormals: subnormals, overflow: overflow, precision: significandBits + 1, emin: emin, emax: emax,
                maxFinite: maxFinite)
        }

        @inlinable var isSigned: Bool { specials != .unsignedExponentOnly }
        @inlinable var hasInfinity: Bool { specials == .ieee }
        @inlinable var hasNegativeZero: Bool {
            specials == .ieee || specials == .finiteAllOnesNaN || specials == .finite
        }
        @inlinable var hasZero: Bool { specials != .unsignedExponentOnly }
        @inlinable var minNormal: Double { Double(sign: .plus, exponent: emin, significand: 1) }
        @inlinable var minPositive: Double {
            subnormals ? Double(sign: .plus, exponent: emin - significandBits, significand: 1) : minNormal
        }
    }

    /// Creates a format from its raw description, validating it.
    ///
    /// - Parameters:
    ///   - name: a short name for tables and messages.
    ///   - exponentBits: 1...11 (2...11 for signed IEEE-style formats).
    ///   - significandBits: stored significand bits, 0...52.
    ///   - bias: the exponent bias; defaults to `2^(exponentBits−1) − 1`.
    ///   - specials: how infinities, NaNs and zeros are encoded.
    ///   - subnormals: whether subnormal numbers exist.
    ///   - overflow: the overflow policy; defaults to ∞ for ``Specials/ieee``, NaN for
    ///     formats that encode a NaN but no ∞, and saturation otherwise.
    /// - Throws: ``FormatError`` when the parameters describe no valid format (for
    ///   instance a range wider than binary64's, or an overflow policy the encoding
    ///   cannot represent).
    public init(
        name: String,
        exponentBits: Int,
        significandBits: Int,
        bias: Int? = nil,
        specials: Specials = .ieee,
        subnormals: Bool = true,
        overflow: OverflowPolicy? = nil
    ) throws {
        guard (1...11).contains(exponentBits) else {
            throw FormatError.invalidParameter("exponent bits must be in 1...11, got \(exponentBits)")
        }
        guard (0...52).contains(significandBits) else {
            throw FormatError.invalidParameter("stored significand bits must be in 0...52, got \(significandBits)")
        }
        let bias = bias ?? ((1 << (exponentBits - 1)) - 1)
        switch specials {
        case .ieee:
            guard exponentBits >= 2 else {
                throw FormatError.invalidParameter("an IEEE-style format needs at least 2 exponent bits, got \(exponentBits)")
            }
        case .finiteAllOnesNaN:
            guard significandBits >= 1 else {
                throw FormatError.invalidParameter("an E4M3FN-style format needs at least 1 significand bit")
            }
        case .fnuz, .finite:
            break
        case .unsignedExponentOnly:
            guard significandBits == 0 else {
                throw FormatError.invalidParameter("an exponent-only format has no significand bits, got \(significandBits)")
            }
            guard !subnormals else {
                throw FormatError.invalidParameter("an exponent-only format has no subnormals")
            }
        }
        let policy = overflow ?? {
            switch specials {
            case .ieee: return .infinity
            case .finiteAllOnesNaN, .fnuz, .unsignedExponentOnly: return .nan
            case .finite: return .saturate
            }
        }()
        if policy == .infinity && specials != .ieee {
            throw FormatError.invalidParameter("overflow to infinity needs a format with infinities")
        }
        if policy == .nan && specials == .finite {
            throw FormatError.invalidParameter("overflow to NaN needs a format with a NaN")
        }
        // Every value must be a binary64 value: normal exponents and, with
        // subnormals, the least subnormal within binary64's range.
        let core = Core(
            exponentBits: exponentBits, significandBits: significandBits, bias: bias, specials: specials,
            subnormals: subnormals, overflow: policy)
        guard core.emax <= 1023, core.emin >= -1022, core.emin <= core.emax else {
            throw FormatError.invalidParameter("exponent range \(core.emin)...\(core.emax) (bias \(bias)) is outside binary64's")
        }
        if subnormals && core.emin - significandBits < -1074 {
            throw FormatError.invalidParameter("subnormals down to 2^\(core.emin - significandBits) are below binary64's")
        }
        self.name = name
        self.core = core
    }

    /// A custom IEEE-style format: `exponentBits` (2...11) and `significandBits`
    /// (0...52) stored bits, bias `2^(exponentBits−1) − 1`, ±∞ and NaNs in the
    /// all-ones exponent field. Named `ieee-e<E>m<M>`.
    public init(
        exponentBits: Int, significandBits: Int,
        subnormals: Bool = true, overflow: OverflowPolicy = .infinity
    ) throws {
        guard (2...11).contains(exponentBits) else {
            throw FormatError.invalidParameter("custom IEEE-style formats take 2...11 exponent bits, got \(exponentBits)")
        }
        try self.init(
            name: "ieee-e\(exponentBits)m\(significandBits)", exponentBits: exponentBits,
            significandBits: significandBits, specials: .ieee, subnormals: subnormals, overflow: overflow)
    }

    /// The same format without subnormal numbers (values round onto zero and the
    /// normal numbers).
    public func withoutSubnormals() -> FloatFormat {
        var f = self
        f.subnormals = false
        return f
    }

    /// The same format saturating on overflow: too-large finite results, and ±∞ where
    /// the format has no infinity, become ±max. Formats with infinities keep ±∞ as
    /// inputs exact (∞ rounds to ∞).
    public func saturating() -> FloatFormat {
        var f = self
        f.overflow = .saturate
        return f
    }

    /// The same precision with binary64's exponent range: the significand is rounded
    /// to ``precision`` bits and nothing else — no overflow at this format's maximum,
    /// no underflow at its least normal (MATLAB chop's and CPFloat's `explim = 0`).
    ///
    /// The result is an ordinary format, so every path (the kernel, arrays, the
    /// arithmetic, typed floats over a custom spec) honours it: an IEEE-style format
    /// with 11 exponent bits and this format's ``significandBits``, named
    /// `<name>-binary64-range`. Its values are those of binary64 with `p` bits:
    /// normal numbers from 2^−1022 to (2 − 2^(1−p))·2^1023, subnormals with quantum
    /// 2^(−1022−m) below 2^−1022, ±0, ±∞ beyond binary64's overflow threshold (IEEE
    /// overflow rules by mode), and NaN. The encoding-specific features of this
    /// format go with its exponent field: E4M3FN's and the FNUZ formats' NaN patterns,
    /// saturation, the missing −0 or ∞, and E8M0's lack of sign and zero (it becomes
    /// the signed 1-bit-precision format of powers of two). binary64 gives a format
    /// with binary64's values.
    public func withoutExponentLimits() -> FloatFormat {
        // Valid by construction: 11 exponent bits and 0...52 significand bits.
        try! FloatFormat(
            name: "\(name)-binary64-range", exponentBits: 11, significandBits: significandBits, specials: .ieee,
            subnormals: true, overflow: .infinity)
    }

    /// The format's name.
    public var description: String { name }
}

/// An invalid format description or an unknown format name.
public enum FormatError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Impossible parameters for a custom format (exponent bits outside 1...11, stored
    /// significand bits outside 0...52, an IEEE-style format with 1 exponent bit,
    /// overflow to ∞ without infinities, …); the message names the parameter.
    case invalidParameter(String)
    /// A format name that ``FloatFormat/init(named:)`` does not know (the payload is the name).
    case unknownName(String)
    /// A value that has no encoding in the format (NaN in FP6/FP4, zero or a negative
    /// value in E8M0), thrown by ``FloatFormat/encode(_:)``.
    case notRepresentable(String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .invalidParameter(let m): return "invalid format: \(m)"
        case .unknownName(let n): return "unknown format '\(n)' (try `chop formats`, or ieee-e<E>m<M>)"
        case .notRepresentable(let m): return m
        }
    }
}

import RealModule

/// The elementary functions of the typed floats, named so that they can be passed
/// around as values (the verifier's exhaustive spaces, ``CorrectlyRoundedElementary``).
///
/// ``binary64(_:_:)`` evaluates the function with the platform's libm in binary64
/// (through swift-numerics' `Double` implementation), exactly as the typed floats do
/// before rounding to their format.
public enum ElementaryFunction: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Exponentials and logarithms: eˣ, eˣ − 1, ln x, ln(1 + x), log₂ x, log₁₀ x, 2ˣ
    /// (NaN outside the domain, ±∞ and ±0 as in C99 Annex F, e.g. log 0 = −∞).
    case exp, expm1, log, log1p, log2, log10, exp2
    /// Trigonometric functions and their inverses, in radians (NaN outside the domain
    /// and for infinite arguments of sin, cos, tan; sin, tan, asin and atan of ±0 are ±0).
    case sin, cos, tan, asin, acos, atan
    /// Hyperbolic functions and their inverses (atanh(±1) = ±∞, NaN outside the domain).
    case sinh, cosh, tanh, asinh, acosh, atanh
    /// The error function and its complement (erf(±∞) = ±1, erfc(+∞) = +0, erfc(−∞) = 2).
    case erf, erfc
    /// xʸ (two operands) with swift-numerics' `Real.pow` domain: NaN for x < 0, for
    /// x = NaN and for 0⁰; C99 Annex F special cases elsewhere.
    case pow

    /// The number of operands (2 for `pow`, 1 otherwise).
    public var arity: Int { self == .pow ? 2 : 1 }

    /// The function's name (`exp`, `log1p`, …), as the CLI spells it.
    public var description: String { rawValue }

    /// Parses a name (`exp`, …, `pow`); nil for anything else.
    public init?(named name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The function evaluated in binary64 by libm (`y` is used by `pow` only).
    ///
    /// Not correctly rounded: libm's error is a few binary64 ulps at most (see
    /// ``CorrectlyRoundedElementary/libmErrorBound``).
    @inlinable
    public func binary64(_ x: Double, _ y: Double = 0) -> Double {
        switch self {
        case .exp: return Double.exp(x)
        case .expm1: return Double.expMinusOne(x)
        case .log: return Double.log(x)
        case .log1p: return Double.log(onePlus: x)
        case .log2: return Double.log2(x)
        case .log10: return Double.log10(x)
        case .exp2: return Double.exp2(x)
        case .sin: return Double.sin(x)
        case .cos: return Double.cos(x)
        case .tan: return Double.tan(x)
        case .asin: return Double.asin(x)
        case .acos: return Double.acos(x)
        case .atan: return Double.atan(x)
        case .sinh: return Double.sinh(x)
        case .cosh: return Double.cosh(x)
        case .tanh: return Double.tanh(x)
        case .asinh: return Double.asinh(x)
        case .acosh: return Double.acosh(x)
        case .atanh: return Double.atanh(x)
        case .erf: return Double.erf(x)
        case .erfc: return Double.erfc(x)
        case .pow: return Double.pow(x, y)
        }
    }
}

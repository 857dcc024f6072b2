import RealModule

// swift-numerics' Real for Emulated: every elementary function is evaluated on the
// exact operand in binary64 (swift-numerics' `Double` implementation, i.e. the
// platform libm), and ``CorrectlyRoundedElementary`` rounds it to the format: it
// decides from libm's value and its error bound when that is enough, and resolves the
// remaining cases exactly (exact values, binary64 overflow/underflow, accurate
// head + tail forms near the values the functions approach). Verified exhaustively
// against MPFR for every input of every format of ≤ 16 bits in every deterministic
// mode (validation/exhaustive/). exp10, gamma, logGamma, atan2, hypot, root and
// pow(x, n) are libm's value rounded once (libm's error can then land on the wrong
// side of a boundary when the exact result is within about 2⁻⁵² relative of it).
// Stochastic probabilities come from the binary64 value.

extension Emulated {
    /// f(self) evaluated in binary64, rounded once to the format (for the functions
    /// ``ElementaryFunction`` does not name).
    @inlinable @inline(__always)
    static func elementary(_ x: Self, _ f: (Double) -> Double) -> Self {
        Self(f(x.doubleValue))
    }
}

extension Emulated {
    /// f(x) (or pow(x, y)) correctly rounded to the format in the current mode.
    @inlinable @inline(__always)
    static func elementary(_ f: ElementaryFunction, _ x: Self, _ y: Double = 0) -> Self {
        rounding { format, mode, g in
            CorrectlyRoundedElementary.evaluate(f, x.doubleValue, y, format: format, mode: mode, using: &g)
        }
    }
}

extension Emulated: AlgebraicField {}

extension Emulated: ElementaryFunctions {
    /// eˣ rounded through ``CorrectlyRoundedElementary`` (e^−∞ = +0, e^+∞ = +∞ or the format's overflow
    /// value; overflow follows the format's policy).
    @inlinable public static func exp(_ x: Self) -> Self { elementary(.exp, x) }
    /// eˣ − 1 rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0; −1 for −∞).
    @inlinable public static func expMinusOne(_ x: Self) -> Self { elementary(.expm1, x) }
    /// cosh x rounded through ``CorrectlyRoundedElementary`` (≥ 1; overflow follows the format's policy).
    @inlinable public static func cosh(_ x: Self) -> Self { elementary(.cosh, x) }
    /// sinh x rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0).
    @inlinable public static func sinh(_ x: Self) -> Self { elementary(.sinh, x) }
    /// tanh x rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0; ±1 for ±∞).
    @inlinable public static func tanh(_ x: Self) -> Self { elementary(.tanh, x) }
    /// cos x (radians) rounded through ``CorrectlyRoundedElementary`` (NaN for ±∞).
    @inlinable public static func cos(_ x: Self) -> Self { elementary(.cos, x) }
    /// sin x (radians) rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0; NaN for ±∞).
    @inlinable public static func sin(_ x: Self) -> Self { elementary(.sin, x) }
    /// tan x (radians) rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0; NaN for ±∞).
    @inlinable public static func tan(_ x: Self) -> Self { elementary(.tan, x) }
    /// ln x rounded through ``CorrectlyRoundedElementary`` (−∞ for ±0, NaN for x < 0).
    @inlinable public static func log(_ x: Self) -> Self { elementary(.log, x) }
    /// ln(1 + x) rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0; −∞ for −1, NaN below −1).
    @inlinable public static func log(onePlus x: Self) -> Self { elementary(.log1p, x) }
    /// acosh x rounded through ``CorrectlyRoundedElementary`` (NaN for x < 1).
    @inlinable public static func acosh(_ x: Self) -> Self { elementary(.acosh, x) }
    /// asinh x rounded through ``CorrectlyRoundedElementary`` (keeps the sign of ±0).
    @inlinable public static func asinh(_ x: Self) -> Self { elementary(.asinh, x) }
    /// atanh x rounded through ``CorrectlyRoundedElementary`` (±∞ for ±1, NaN for |x| > 1; keeps the sign of ±0).
    @inlinable public static func atanh(_ x: Self) -> Self { elementary(.atanh, x) }
    /// acos x rounded through ``CorrectlyRoundedElementary``, in [0, π] (NaN for |x| > 1).
    @inlinable public static func acos(_ x: Self) -> Self { elementary(.acos, x) }
    /// asin x rounded through ``CorrectlyRoundedElementary``, in [−π/2, π/2] (NaN for |x| > 1; keeps the sign of ±0).
    @inlinable public static func asin(_ x: Self) -> Self { elementary(.asin, x) }
    /// atan x rounded through ``CorrectlyRoundedElementary``, in [−π/2, π/2] (keeps the sign of ±0).
    @inlinable public static func atan(_ x: Self) -> Self { elementary(.atan, x) }
    /// xʸ rounded through ``CorrectlyRoundedElementary``, with swift-numerics' domain: NaN for x < 0, for x = NaN
    /// and for 0⁰; C99 Annex F special cases elsewhere.
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self { elementary(.pow, x, y.doubleValue) }
    /// xⁿ: libm's binary64 value rounded once (not always correctly rounded when the
    /// exact result is within about 2⁻⁵² relative of a rounding boundary).
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self { Self(Double.pow(x.doubleValue, n)) }
    /// The square root, correctly rounded in every mode (not through libm).
    @inlinable public static func sqrt(_ x: Self) -> Self { x.squareRoot() }
    /// The n-th root: libm's binary64 value rounded once (NaN for an even root of a
    /// negative value).
    @inlinable public static func root(_ x: Self, _ n: Int) -> Self { Self(Double.root(x.doubleValue, n)) }
}

extension Emulated: RealFunctions {
    /// The angle of (x, y) in (−π, π]: libm's binary64 value rounded once (signs of
    /// zeros as in C99 Annex F).
    @inlinable public static func atan2(y: Self, x: Self) -> Self { Self(Double.atan2(y: y.doubleValue, x: x.doubleValue)) }
    /// erf x rounded through ``CorrectlyRoundedElementary`` (±1 for ±∞; keeps the sign of ±0).
    @inlinable public static func erf(_ x: Self) -> Self { elementary(.erf, x) }
    /// erfc x rounded through ``CorrectlyRoundedElementary`` (2 for −∞, +0 for +∞).
    @inlinable public static func erfc(_ x: Self) -> Self { elementary(.erfc, x) }
    /// 2ˣ rounded through ``CorrectlyRoundedElementary`` (+0 for −∞; overflow follows the format's policy).
    @inlinable public static func exp2(_ x: Self) -> Self { elementary(.exp2, x) }
    /// 10ˣ: libm's binary64 value rounded once.
    @inlinable public static func exp10(_ x: Self) -> Self { elementary(x, Double.exp10) }
    /// √(x² + y²) without intermediate overflow: libm's binary64 value rounded once
    /// (C99 Annex F special cases, then the format's handling of ∞).
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { Self(Double.hypot(x.doubleValue, y.doubleValue)) }
    /// Γ(x): libm's binary64 value rounded once (NaN for negative integers; ±∞ at ±0).
    @inlinable public static func gamma(_ x: Self) -> Self { elementary(x, Double.gamma) }
    /// log₂ x rounded through ``CorrectlyRoundedElementary`` (exact k for x = 2ᵏ; −∞ for ±0, NaN for x < 0).
    @inlinable public static func log2(_ x: Self) -> Self { elementary(.log2, x) }
    /// log₁₀ x rounded through ``CorrectlyRoundedElementary`` (−∞ for ±0, NaN for x < 0).
    @inlinable public static func log10(_ x: Self) -> Self { elementary(.log10, x) }
    /// log |Γ(x)|: libm's binary64 value rounded once (+∞ at non-positive integers).
    @inlinable public static func logGamma(_ x: Self) -> Self { elementary(x, Double.logGamma) }
    /// The sign of Γ(x) (`.plus` where Γ is not defined).
    @inlinable public static func signGamma(_ x: Self) -> FloatingPointSign { Double.signGamma(x.doubleValue) }
    /// a·b + c, fused (rounded once).
    @inlinable public static func _mulAdd(_ a: Self, _ b: Self, _ c: Self) -> Self { c.addingProduct(a, b) }
}

extension Emulated: Real {}

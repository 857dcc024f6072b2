import RealModule

// swift-numerics' Real for Emulated: every elementary function is evaluated on the
// exact operand in binary64 (swift-numerics' `Double` implementation, i.e. the
// platform libm) and that binary64 result is rounded once to the format.
//
// Accuracy caveat: libm is not correctly rounded (errors up to about one binary64
// ulp), so the binary64 value can lie on the wrong side of a rounding boundary of
// the format when the exact result is within about 2⁻⁵² relative of that boundary.
// For formats of p ≤ 24 bits this is rare (the boundary must be hit to within
// 2^(p − 53) of a format ulp); for binary64 itself the results are libm's, then
// rounded in the chosen mode. Stochastic probabilities come from the binary64 value.

extension Emulated {
    /// f(self) evaluated in binary64, rounded once to the format.
    @inlinable @inline(__always)
    static func elementary(_ x: Self, _ f: (Double) -> Double) -> Self {
        Self(f(x.doubleValue))
    }
}

extension Emulated: AlgebraicField {}

extension Emulated: ElementaryFunctions {
    @inlinable public static func exp(_ x: Self) -> Self { elementary(x, Double.exp) }
    @inlinable public static func expMinusOne(_ x: Self) -> Self { elementary(x, Double.expMinusOne) }
    @inlinable public static func cosh(_ x: Self) -> Self { elementary(x, Double.cosh) }
    @inlinable public static func sinh(_ x: Self) -> Self { elementary(x, Double.sinh) }
    @inlinable public static func tanh(_ x: Self) -> Self { elementary(x, Double.tanh) }
    @inlinable public static func cos(_ x: Self) -> Self { elementary(x, Double.cos) }
    @inlinable public static func sin(_ x: Self) -> Self { elementary(x, Double.sin) }
    @inlinable public static func tan(_ x: Self) -> Self { elementary(x, Double.tan) }
    @inlinable public static func log(_ x: Self) -> Self { elementary(x, { Double.log($0) }) }
    @inlinable public static func log(onePlus x: Self) -> Self { elementary(x, { Double.log(onePlus: $0) }) }
    @inlinable public static func acosh(_ x: Self) -> Self { elementary(x, Double.acosh) }
    @inlinable public static func asinh(_ x: Self) -> Self { elementary(x, Double.asinh) }
    @inlinable public static func atanh(_ x: Self) -> Self { elementary(x, Double.atanh) }
    @inlinable public static func acos(_ x: Self) -> Self { elementary(x, Double.acos) }
    @inlinable public static func asin(_ x: Self) -> Self { elementary(x, Double.asin) }
    @inlinable public static func atan(_ x: Self) -> Self { elementary(x, Double.atan) }
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self {
        Self(Double.pow(x.doubleValue, y.doubleValue))
    }
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self { Self(Double.pow(x.doubleValue, n)) }
    /// The square root, correctly rounded in every mode (not through libm).
    @inlinable public static func sqrt(_ x: Self) -> Self { x.squareRoot() }
    @inlinable public static func root(_ x: Self, _ n: Int) -> Self { Self(Double.root(x.doubleValue, n)) }
}

extension Emulated: RealFunctions {
    @inlinable public static func atan2(y: Self, x: Self) -> Self { Self(Double.atan2(y: y.doubleValue, x: x.doubleValue)) }
    @inlinable public static func erf(_ x: Self) -> Self { elementary(x, Double.erf) }
    @inlinable public static func erfc(_ x: Self) -> Self { elementary(x, Double.erfc) }
    @inlinable public static func exp2(_ x: Self) -> Self { elementary(x, Double.exp2) }
    @inlinable public static func exp10(_ x: Self) -> Self { elementary(x, Double.exp10) }
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { Self(Double.hypot(x.doubleValue, y.doubleValue)) }
    @inlinable public static func gamma(_ x: Self) -> Self { elementary(x, Double.gamma) }
    @inlinable public static func log2(_ x: Self) -> Self { elementary(x, Double.log2) }
    @inlinable public static func log10(_ x: Self) -> Self { elementary(x, Double.log10) }
    @inlinable public static func logGamma(_ x: Self) -> Self { elementary(x, Double.logGamma) }
    @inlinable public static func signGamma(_ x: Self) -> FloatingPointSign { Double.signGamma(x.doubleValue) }
    /// a·b + c, fused (rounded once).
    @inlinable public static func _mulAdd(_ a: Self, _ b: Self, _ c: Self) -> Self { c.addingProduct(a, b) }
}

extension Emulated: Real {}

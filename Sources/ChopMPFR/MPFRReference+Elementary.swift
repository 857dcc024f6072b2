import CMPFR
import Chop

extension MPFRReference {
    /// The reference results of `function` at `x` (and `y` for `pow`) rounded once into
    /// `format` in every deterministic mode, from MPFR's correctly rounded functions
    /// (`mpfr_exp`, …, `mpfr_pow`) at the format's precision, then the format's
    /// exponent range, subnormal quantum and overflow rule (see the type's
    /// documentation).
    ///
    /// Invalid inputs give NaN; poles give the exact infinity (treated like an ∞
    /// input). `pow` has the typed floats' domain (swift-numerics' `Real.pow`: NaN for
    /// x < 0, x = NaN and 0⁰) and follows C99 Annex F (`mpfr_pow`) elsewhere.
    public func results(_ function: ElementaryFunction, _ x: Double, _ y: Double = 0, format: FloatFormat) -> DeterministicResults {
        if function == .pow && (x.isNaN || x < 0 || (x == 0 && y == 0)) { return DeterministicResults(all: .nan) }
        setOperands(x, y, 0)
        return evaluateAll(format: format, compute(function))
    }

    func compute(_ function: ElementaryFunction) -> Computation {
        let a = self.a, b = self.b
        switch function {
        case .exp: return { y, r in mpfr_exp(y, a, r) }
        case .expm1: return { y, r in mpfr_expm1(y, a, r) }
        case .log: return { y, r in mpfr_log(y, a, r) }
        case .log1p: return { y, r in mpfr_log1p(y, a, r) }
        case .log2: return { y, r in mpfr_log2(y, a, r) }
        case .log10: return { y, r in mpfr_log10(y, a, r) }
        case .exp2: return { y, r in mpfr_exp2(y, a, r) }
        case .sin: return { y, r in mpfr_sin(y, a, r) }
        case .cos: return { y, r in mpfr_cos(y, a, r) }
        case .tan: return { y, r in mpfr_tan(y, a, r) }
        case .asin: return { y, r in mpfr_asin(y, a, r) }
        case .acos: return { y, r in mpfr_acos(y, a, r) }
        case .atan: return { y, r in mpfr_atan(y, a, r) }
        case .sinh: return { y, r in mpfr_sinh(y, a, r) }
        case .cosh: return { y, r in mpfr_cosh(y, a, r) }
        case .tanh: return { y, r in mpfr_tanh(y, a, r) }
        case .asinh: return { y, r in mpfr_asinh(y, a, r) }
        case .acosh: return { y, r in mpfr_acosh(y, a, r) }
        case .atanh: return { y, r in mpfr_atanh(y, a, r) }
        case .erf: return { y, r in mpfr_erf(y, a, r) }
        case .erfc: return { y, r in mpfr_erfc(y, a, r) }
        case .pow: return { y, r in mpfr_pow(y, a, b, r) }
        }
    }
}

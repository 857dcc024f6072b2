import RealModule

/// Elementary functions rounded correctly into a format, from libm's binary64 value.
///
/// libm is not correctly rounded, so rounding its binary64 result once to a format
/// can land on the wrong side of a rounding boundary of the format (a midpoint in the
/// nearest modes, a value of the format in the directed modes and round-to-odd) when
/// the exact result lies within libm's error of that boundary. ``decide(_:_:_:format:mode:)``
/// therefore:
///
/// 1. returns the exact result when it is known exactly (`exp(0) = 1`, `log(1) = 0`,
///    `sin(±0) = ±0`, `log2(2ᵏ) = k`, `log10(10ᵏ) = k`, `exp2(n) = 2ⁿ`, the infinite
///    limits, and every `pow(x, y)` whose value is a dyadic rational, found by exact
///    square roots and exact products). By Lindemann–Weierstrass (and
///    Gelfond–Schneider for `exp2`/`pow`), every other value of these functions at a
///    nonzero dyadic input is irrational, hence never exactly a boundary;
/// 2. replaces a binary64 overflow (±∞ from a finite input) by ±`greatestFiniteMagnitude`
///    and a binary64 underflow to 0 (of exp, exp2, erfc, pow) or to a subnormal by
///    ±`leastNonzeroMagnitude`: for every format narrower than binary64 (least positive
///    value ≥ 2⁻¹⁰⁰⁰ for the subnormal case) both round exactly as the true value;
/// 3. encloses the true value in [v − 16 ulp(v), v + 16 ulp(v)] around libm's value v
///    (``libmErrorBound``; glibc documents at most a few ulps for these functions) and,
///    rounding being monotone in every deterministic mode, returns the common rounding of
///    both ends when they agree;
/// 4. otherwise re-evaluates the function as an unevaluated sum head + tail whose tail is
///    computed accurately to about 2⁻⁵² relative where the function approaches a
///    representable value: f(x) = x + c·x³ (or x + c·x²) for |x| < 2⁻²⁰ (sin, tan, asin,
///    atan, sinh, tanh, asinh, atanh, expm1, log1p); 1 + expm1(x), 1 + expm1(x·ln 2),
///    1 − 2 sin²(x/2), 1 + 2 sinh²(x/2), 1 − erf(x), 1 + expm1(y·log x) near 1 (exp, exp2,
///    cos, cosh, erfc, pow); ±1 ∓ 2/(e^{2|x|}+1), ±1 ∓ erfc(|x|), −1 + eˣ, 2 − erfc(−x)
///    near their limits (tanh, erf, expm1, erfc). The kernel rounds head + tail exactly;
/// 5. if none applies the case is *undecided*: libm's value is rounded (the old
///    behaviour) and the ``Decision`` says so.
///
/// The exhaustive verification against MPFR (`chop verify --exhaustive elementary`,
/// validation/exhaustive/) finds no undecided case and no mismatch for every input of
/// binary16, bfloat16 and the 8-bit and smaller formats in every deterministic mode.
///
/// Stochastic modes round libm's value (after step 2): the probabilities come from the
/// binary64 value.
///
/// - Edge cases: NaN (and every invalid input, e.g. `log(−1)`, `asin(2)`) gives NaN;
///   poles give the exact infinity (`log(0) = −∞`, `atanh(1) = +∞`), which the format
///   then makes ±∞, ±max or NaN as the kernel does; signed zeros follow C99 Annex F.
public enum CorrectlyRoundedElementary {
    /// The error bound assumed for libm's binary64 result, in ulps of that result.
    public static let libmErrorBound = 16.0

    /// How a result was decided.
    public enum Decision: String, Sendable, Hashable {
        /// The exact value is known (an exact case, NaN, or an infinite limit).
        case exact
        /// Binary64 overflow or underflow of a finite, nonzero true value.
        case outOfRange
        /// libm's value with its error bound decides the rounding.
        case interval
        /// A head + tail re-evaluation decided the rounding.
        case asymptotic
        /// Nothing decided it; libm's value was rounded.
        case undecided
    }

    /// `f(x)` (or `pow(x, y)`) rounded into `format` under `mode`; stochastic modes draw
    /// from `generator`. See the type's documentation for the method and edge cases.
    @inlinable
    public static func evaluate<G: RandomNumberGenerator>(
        _ f: ElementaryFunction, _ x: Double, _ y: Double = 0, format: FloatFormat, mode: RoundingMode,
        using generator: inout G
    ) -> Double {
        if mode.isStochastic {
            let v = f.binary64(x, y)
            return round(inRange(f, x, y, v, format) ?? v, to: format, mode: mode, using: &generator)
        }
        return decide(f, x, y, format: format, mode: mode).value
    }

    /// `f(x)` (or `pow(x, y)`) rounded into `format` under a deterministic `mode`, and how
    /// it was decided. (A stochastic mode would draw from the system generator, as
    /// ``round(_:tail:to:mode:)`` does: use ``evaluate(_:_:_:format:mode:using:)``.)
    public static func decide(
        _ f: ElementaryFunction, _ x: Double, _ y: Double = 0, format: FloatFormat, mode: RoundingMode
    ) -> (value: Double, decision: Decision) {
        let v = f.binary64(x, y)
        if v.isNaN { return (.nan, .exact) }
        if let e = exactValue(f, x, y, libm: v) {
            return (round(e, to: format, mode: mode), .exact)
        }
        if let w = inRange(f, x, y, v, format) { return (round(w, to: format, mode: mode), .outOfRange) }
        let bound = libmErrorBound * v.ulp
        let low = round((v - bound).nextDown, to: format, mode: mode)
        let high = round((v + bound).nextUp, to: format, mode: mode)
        if low.bitPattern == high.bitPattern || (low.isNaN && high.isNaN) { return (low, .interval) }
        if let (head, tail) = asymptotic(f, x, y) {
            let s = head + tail
            let e = tail - (s - head)
            return (round(s, tail: e, to: format, mode: mode), .asymptotic)
        }
        if !x.isFinite || !y.isFinite { return (round(v, to: format, mode: mode), .exact) }
        return (round(v, to: format, mode: mode), .undecided)
    }

    // MARK: Exact values

    /// The exact value of f at the input when it is known exactly (a binary64 number),
    /// else nil.
    static func exactValue(_ f: ElementaryFunction, _ x: Double, _ y: Double, libm v: Double) -> Double? {
        if f == .pow { return powExact(x, y, libm: v) }
        if x.isInfinite { return f == .atan ? nil : v }  // the limits are exact, but ±π/2
        if x == 0 {
            switch f {
            case .exp, .exp2, .cos, .cosh, .erfc: return 1
            case .log, .log2, .log10: return -.infinity
            case .acos, .acosh: return nil  // π/2; NaN
            default: return x  // odd functions: ±0
            }
        }
        if x == 1 {
            switch f {
            case .log, .log2, .log10, .acos, .acosh: return 0
            case .atanh: return .infinity
            default: break
            }
        }
        if x == -1 && (f == .atanh || f == .log1p) { return -.infinity }
        switch f {
        case .log2 where x > 0 && x.significand == 1:
            return Double(x.exponent)
        case .log10 where x >= 10:
            var p = 10.0
            for k in 1...22 {
                if p == x { return Double(k) }
                p *= 10  // exact up to 10²²
            }
            return nil
        case .exp2 where x == x.rounded() && x >= -1074 && x <= 1023:
            return Double(sign: .plus, exponent: Int(x), significand: 1)
        default:
            return nil
        }
    }

    /// The exact value of xʸ when it is a binary64 number that exact square roots and
    /// exact products find (y = n·2⁻ʲ: the 2ʲ-th root of x exactly, then its n-th power),
    /// and the C99 special cases (zero, infinite, NaN operands; x = 1; y = 0), which libm
    /// returns exactly.
    static func powExact(_ x: Double, _ y: Double, libm v: Double) -> Double? {
        if !x.isFinite || !y.isFinite || x == 0 || y == 0 || x == 1 { return v }
        var n = y
        var j = 0
        while n != n.rounded() {
            n *= 2
            j += 1
        }
        var r = x
        for _ in 0..<j {
            guard r > 0x1p-900 else { return nil }
            let s = r.squareRoot()
            guard (-r).addingProduct(s, s) == 0 else { return nil }
            r = s
        }
        let m = n.magnitude
        if m > 64 {
            // Only a power of two raised this far can be exact and in range.
            guard r.significand == 1, m < 0x1p20 else { return nil }
            let e = Int(r.exponent) * Int(m) * (n < 0 ? -1 : 1)
            guard e >= -1074 && e <= 1023 else { return nil }
            let negative = r < 0 && Int(m) % 2 == 1
            return Double(sign: negative ? .minus : .plus, exponent: e, significand: 1)
        }
        var p = 1.0
        for _ in 0..<Int(m) {
            let q = p * r
            guard q.isFinite, q.magnitude >= 0x1p-900, (-q).addingProduct(p, r) == 0 else { return nil }
            p = q
        }
        if n < 0 {
            let q = 1 / p
            guard q.isFinite, q.magnitude >= 0x1p-900, (-1.0).addingProduct(q, p) == 0 else { return nil }
            p = q
        }
        return p
    }

    // MARK: Out of binary64's range

    /// libm's value with a binary64 overflow of a finite true value replaced by
    /// ±greatestFiniteMagnitude, and an underflow to 0 of a nonzero true value by
    /// ±leastNonzeroMagnitude (every narrower format rounds them as the true value).
    /// A binary64 subnormal result (whose libm error is not small relative to it) is
    /// replaced by ±leastNonzeroMagnitude too when the format's least positive value is
    /// at least 2⁻¹⁰⁰⁰: every value of (0, 2⁻¹⁰²²) rounds there as 2⁻¹⁰⁷⁴ does.
    @inlinable
    /// Nil when no replacement applies.
    static func inRange(_ f: ElementaryFunction, _ x: Double, _ y: Double, _ v: Double, _ format: FloatFormat) -> Double? {
        guard x.isFinite && y.isFinite else { return nil }
        if v != 0 && v.isSubnormal && format.minPositive >= 0x1p-1000 {
            return v < 0 ? -.leastNonzeroMagnitude : .leastNonzeroMagnitude
        }
        if v.isInfinite {
            switch f {
            case .exp, .expm1, .exp2, .sinh, .cosh:
                return v < 0 ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude
            case .pow where x != 0:
                return v < 0 ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude
            default:
                return nil
            }
        }
        if v == 0 {
            switch f {
            case .exp, .exp2, .erfc:
                return .leastNonzeroMagnitude
            case .pow where x != 0 && x != 1:
                return v.sign == .minus ? -.leastNonzeroMagnitude : .leastNonzeroMagnitude
            default:
                return nil
            }
        }
        return nil
    }

    // MARK: Asymptotic re-evaluation

    /// f(x) as head + tail with an accurate tail where f approaches a representable
    /// value (see the type's documentation); nil elsewhere.
    static func asymptotic(_ f: ElementaryFunction, _ x: Double, _ y: Double) -> (Double, Double)? {
        let ax = x.magnitude
        let small = ax < 0x1p-20
        let nearOne = ax < 0x1p-10
        let x2 = x * x, x3 = x * x * x
        /// A correction that is nonzero in exact arithmetic: keep its sign if it underflows.
        func nonzero(_ t: Double, negative: Bool) -> Double {
            t != 0 ? t : (negative ? -Double.leastNonzeroMagnitude : .leastNonzeroMagnitude)
        }
        let s: Double = x < 0 ? -1 : 1
        switch f {
        case .sin where small: return (x, -x3 / 6)
        case .tan where small: return (x, x3 / 3)
        case .asin where small: return (x, x3 / 6)
        case .atan where small: return (x, -x3 / 3)
        case .sinh where small: return (x, x3 / 6)
        case .asinh where small: return (x, -x3 / 6)
        case .atanh where small: return (x, x3 / 3)
        case .tanh where small: return (x, -x3 / 3)
        case .tanh where ax > 1:
            return (s, nonzero(-s * 2 / (Double.exp(2 * ax) + 1), negative: x > 0))
        case .expm1 where small: return (x, x2 / 2)
        case .expm1 where x < -1: return (-1, nonzero(Double.exp(x), negative: false))
        case .log1p where small: return (x, -x2 / 2)
        case .exp where nearOne: return (1, Double.expMinusOne(x))
        case .exp2 where nearOne: return (1, Double.expMinusOne(x * Double.log(2.0)))
        case .cos where nearOne:
            let h = Double.sin(x / 2)
            return (1, -2 * h * h)
        case .cosh where nearOne:
            let h = Double.sinh(x / 2)
            return (1, 2 * h * h)
        case .erf where ax > 1: return (s, nonzero(-s * Double.erfc(ax), negative: x > 0))
        case .erfc where nearOne: return (1, -Double.erf(x))
        case .erfc where x < -1: return (2, nonzero(-Double.erfc(ax), negative: true))
        case .pow where x > 0:
            let t = y * Double.log(x)
            guard t.magnitude < 0x1p-10 else { return nil }
            return (1, Double.expMinusOne(t))
        default: return nil
        }
    }
}

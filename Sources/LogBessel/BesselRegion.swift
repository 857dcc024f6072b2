import RealModule

/// The method used to evaluate log I_v(x) or log K_v(x) at one point.
///
/// Chosen per point by `BesselRegion.init(order:argument:)`; each expansion also checks its
/// own truncation error a posteriori and hands over to `.seriesOrIntegral` when the error
/// estimate is not below the format's unit roundoff (so the choice never costs accuracy).
public enum BesselRegion: String, Sendable, CaseIterable {
    /// x = 0, x = +inf, or a NaN / negative input.
    case limit
    /// Large-argument expansion, DLMF 10.40.1–2 (x > 30 and v² < 2x).
    case largeArgument
    /// Uniform (Debye) large-order expansion, DLMF 10.41.3–4, up to u₁₃.
    case uniform
    /// Ascending power series (I); for K, Temme's series (x ≤ 2) or the trapezoid rule on the
    /// integral 10.32.9 (x > 2).
    case seriesOrIntegral

    /// The first region whose a-priori condition holds (first match wins):
    ///
    /// 1. `.largeArgument` when x > 30 and v² < 2x: the term ratio
    ///    |μ − (2k−1)²| / (8kx), μ = 4v², then stays below max(1/k, k/2x), so the terms fall
    ///    below 2⁻⁵³ of the sum within 40 terms (the remainder of the K series is bounded by
    ///    the first omitted term, DLMF 10.40.10; the I series differs from it by a relative
    ///    e^(−2x) < 1e−26).
    /// 2. `.uniform` when v > 0.7 and (v > 12.6964 or x > 19.6931) (the paper's U₁₃ row).
    ///    The bound max_p |u₁₄(p)| / v¹⁴ < 2⁻⁵³ holds for v > 20.26 whatever x
    ///    (validation/logbessel/debye_coefficients.py --bounds); between, the last term is
    ///    checked at run time.
    /// 3. `.seriesOrIntegral` otherwise (v ≤ 12.7 and x ≤ 30, or v ≤ 0.7 and x ≤ 30).
    @inlinable
    public init<T: Real & BinaryFloatingPoint>(order v: T, argument x: T) {
        if !(x > 0) || !(v >= 0) || x.isInfinite || v.isInfinite {
            self = .limit
        } else if x > 30 && v * v < 2 * x {
            self = .largeArgument
        } else if v > T(0.7) && (v > T(12.6964) || x > T(19.6931)) {
            self = .uniform
        } else {
            self = .seriesOrIntegral
        }
    }
}

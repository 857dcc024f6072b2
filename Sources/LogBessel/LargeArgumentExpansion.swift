import RealModule

/// Hankel's large-argument expansions (DLMF 10.40.1–2), in log space:
///
///     I_v(x) ~ eˣ / √(2πx) Σ (−1)ᵏ aₖ(v) / xᵏ,   K_v(x) ~ √(π/2x) e⁻ˣ Σ aₖ(v) / xᵏ,
///
/// with aₖ/aₖ₋₁ = (μ − (2k−1)²) / (8k), μ = 4v². Terms are added until one falls below
/// half the unit roundoff of the partial sum (at most `maxTerms`); `nil` when that does not
/// happen or the terms start to grow (the caller then uses another method).
@usableFromInline
struct LargeArgumentExpansion<T: Real & BinaryFloatingPoint> {
    @usableFromInline static var maxTerms: Int { 40 }

    /// log Σ (±1)ᵏ aₖ/xᵏ, alternating signs for I.
    @inlinable
    static func logSum(_ v: T, _ x: T, alternating: Bool) -> T? {
        let mu = 4 * v * v
        let tol = T.ulpOfOne / 4
        var term: T = 1
        var sum: T = 1
        var previous = T.infinity
        for k in 1...maxTerms {
            let kk = T(k)
            let odd = 2 * kk - 1
            term *= (mu - odd * odd) / (8 * kk * x)
            if alternating { term = -term }
            sum += term
            let size = abs(term)
            if size <= tol * abs(sum) { return sum > 0 ? T.log(onePlus: sum - 1) : nil }
            if size > previous { return nil }
            previous = size
        }
        return nil
    }

    /// log I_v(x), or nil when the expansion has not converged.
    @inlinable
    static func logI(_ v: T, _ x: T) -> T? {
        guard let s = logSum(v, x, alternating: true) else { return nil }
        return x - (T.log(2 * T.pi * x)) / 2 + s
    }

    /// log K_v(x), or nil when the expansion has not converged.
    @inlinable
    static func logK(_ v: T, _ x: T) -> T? {
        guard let s = logSum(v, x, alternating: false) else { return nil }
        return -x + (T.log(T.pi / (2 * x))) / 2 + s
    }
}

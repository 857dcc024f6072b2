import RealModule

/// The uniform large-order (Debye) expansions (DLMF 10.41.3–4), in log space. With
/// z = x/v, r = √(1+z²), p = 1/r, η = r + log(z/(1+r)):
///
///     I_v(x) ~ e^(vη) / (√(2πv) (1+z²)^¼) Σ uₖ(p)/vᵏ,
///     K_v(x) ~ √(π/2v) e^(−vη) / (1+z²)^¼ Σ (−1)ᵏ uₖ(p)/vᵏ,   k = 0 … 13.
///
/// r, p and η are evaluated without overflow for any z (z = 1e−305 or 1e305). The sum stops
/// when a term is below half the unit roundoff of the partial sum; `nil` when u₁₃ is reached
/// without that (the caller falls back to the series / integral).
@usableFromInline
struct DebyeExpansion<T: Real & BinaryFloatingPoint> {
    /// (log Σ uₖ/vᵏ, log Σ (−1)ᵏ uₖ/vᵏ, vη, log(1+z²)/4), or nil when not converged.
    @inlinable
    static func parts(_ v: T, _ x: T, wantI: Bool) -> (sum: T, vEta: T, quarterLog: T)? {
        // r = √(1+z²) = √(v²+x²)/v; p = v/√(v²+x²). Use hypot to avoid overflow.
        let h = T.hypot(v, x)
        let p = v / h
        // η·v = √(v²+x²) + v log(x / (v + √(v²+x²))) = √(v²+x²) − v asinh(v/x); the asinh
        // form has about 5 times less rounding error at large v (one rounded quotient instead
        // of two logarithms of large magnitude); the log form only where v/x overflows.
        let q = v / x
        let vEta: T
        if let near = turningPointVEta(v, x) {
            vEta = near
        } else {
            vEta = q.isFinite ? h - v * T.asinh(q) : h + v * (T.log(x) - T.log(v + h))
        }
        // log(1+z²)/4 = (log(√(v²+x²)) − log v)/2
        let quarterLog = (T.log(h) - T.log(v)) / 2
        let p2 = p * p
        let tol = T.ulpOfOne / 4
        var sum: T = 1
        var pk: T = 1       // p^k
        var vk: T = 1       // v^k
        for k in 1..<debyeCoefficients.count {
            pk *= p
            vk *= v
            let c = debyeCoefficients[k]
            var poly = T(c[c.count - 1])
            var i = c.count - 2
            while i >= 0 { poly = poly * p2 + T(c[i]); i -= 1 }
            var term = poly * pk / vk
            if !wantI && k % 2 == 1 { term = -term }
            sum += term
            if abs(term) <= tol * abs(sum) {
                guard sum > 0 else { return nil }
                return (T.log(onePlus: sum - 1), vEta, quarterLog)
            }
        }
        return nil
    }

    /// v·η near the turning point z = x/v ≈ z₀ = 0.66274…, where η(z₀) = 0 and the
    /// difference √(v²+x²) − v·asinh(v/x) of two numbers near 1.2v loses about v·u:
    /// there η = ∫_{z₀}^{z} √(1+t²)/t dt (η′ = √(1+z²)/z, DLMF 10.20.2's η for order
    /// v·z), with z − z₀ = (x − z₀v)/v formed from a two-part z₀ by one FMA, and the
    /// integral by 8-point Gauss–Legendre (the integrand is analytic within 0.56 of the
    /// interval, so the rule is exact to the unit roundoff for |z − z₀| ≤ 0.1). The
    /// error is then about u·|vη| instead of u·v. `nil` away from the turning point.
    @inlinable
    static func turningPointVEta(_ v: T, _ x: T) -> T? {
        // z₀ = 0.662743419349181580974742097109… (mpmath), as hi + lo in T.
        let z0 = 0.6627434193491816, z0Tail = 8.155323790501267e-18
        let hi = T(z0)
        let lo = T((z0 - Double(hi)) + z0Tail)
        let gap = x.addingProduct(-hi, v) - lo * v   // x − z₀v
        let delta = gap / v
        guard delta.isFinite, abs(delta) <= T(0.1) else { return nil }
        let half = delta / 2
        let mid = hi + half
        @inline(__always) func f(_ t: T) -> T { (1 + t * t).squareRoot() / t }
        @inline(__always) func pair(_ node: Double, _ weight: Double) -> T {
            T(weight) * (f(mid - half * T(node)) + f(mid + half * T(node)))
        }
        let sum = pair(0.9602898564975363, 0.1012285362903763) + pair(0.7966664774136267, 0.2223810344533745)
            + pair(0.5255324099163290, 0.3137066458778873) + pair(0.1834346424956498, 0.3626837833783620)
        return v * (half * sum)
    }

    /// log I_v(x), or nil when the expansion has not converged. Requires v > 0, x > 0.
    @inlinable
    static func logI(_ v: T, _ x: T) -> T? {
        guard let (s, vEta, q) = parts(v, x, wantI: true) else { return nil }
        // log(2πv)/2 as (log 2π + log v)/2: 2πv overflows for v near the largest finite.
        return vEta - (T.log(2 * T.pi) + T.log(v)) / 2 - q + s
    }

    /// log K_v(x), or nil when the expansion has not converged. Requires v > 0, x > 0.
    @inlinable
    static func logK(_ v: T, _ x: T) -> T? {
        guard let (s, vEta, q) = parts(v, x, wantI: false) else { return nil }
        // log(π/2v)/2 as (log(π/2) − log v)/2: 2v overflows for v near the largest finite.
        return -vEta + (T.log(T.pi / 2) - T.log(v)) / 2 - q + s
    }
}

import RealModule

/// log K_v(x) for small arguments (x ≤ 2) by Temme's series (Temme 1975; the form of
/// Numerical Recipes' `bessik`) for K_μ and K_{μ+1}, μ = v − round(v) ∈ [−½, ½), followed by
/// the forward recurrence K_{μ+k+1} = (2(μ+k)/x) K_{μ+k} + K_{μ+k−1}, which is stable for K
/// (all terms positive) and is run on log ratios, so nothing overflows for x down to the
/// smallest subnormal.
///
/// The Temme coefficients Γ₁(μ) = (1/Γ(1−μ) − 1/Γ(1+μ))/(2μ) and Γ₂(μ) = (1/Γ(1−μ) +
/// 1/Γ(1+μ))/2 come from the Taylor series of 1/Γ(1+z) (26 terms, mpmath, truncation error
/// < 3e−26 for |z| ≤ ½), so there is no cancellation at μ → 0. The series has terms
/// (x²/4)ⁱ/i! and stops when a term is below a quarter of the unit roundoff of the sum.
@usableFromInline
struct TemmeSeries<T: Real & BinaryFloatingPoint> {
    @inlinable
    static func logK(_ v: T, _ x: T) -> T {
        let n = Int((v + T(0.5)).rounded(.down))
        let mu = v - T(n)
        // Γ₁ = −Σ_{k odd} a_k μ^(k−1), Γ₂ = Σ_{k even} a_k μ^k (Horner in μ²)
        let c = reciprocalGammaCoefficients
        let mu2 = mu * mu
        var gam1: T = 0, gam2: T = 0
        var k = c.count - 1
        if k % 2 == 0 { k -= 1 }
        while k >= 1 { gam1 = gam1 * mu2 - T(c[k]); k -= 2 }
        k = c.count - 1
        if k % 2 == 1 { k -= 1 }
        while k >= 0 { gam2 = gam2 * mu2 + T(c[k]); k -= 2 }
        let gampl = gam2 - mu * gam1   // 1/Γ(1+μ)
        let gammi = gam2 + mu * gam1   // 1/Γ(1−μ)
        let logX = T.log(x)
        let logHalfX = logX - T.log(T(2))
        let d = -logHalfX
        let pimu = T.pi * mu
        let fact = abs(pimu) < T.ulpOfOne ? 1 : pimu / T.sin(pimu)
        let e = mu * d
        let fact2 = abs(e) < T.ulpOfOne ? 1 : T.sinh(e) / e
        var ff = fact * (gam1 * T.cosh(e) + gam2 * fact2 * d)
        let ee = T.exp(e)
        var p = ee / (2 * gampl)
        var q = 1 / (2 * ee * gammi)
        var cc: T = 1
        let halfX = x / 2
        let dd = halfX * halfX
        var sum = ff
        var sum1 = p
        let tol = T.ulpOfOne / 4
        var i = 1
        while i <= 200 {
            let ti = T(i)
            ff = (ti * ff + p + q) / (ti * ti - mu2)
            cc *= dd / ti
            p /= ti - mu
            q /= ti + mu
            let del = cc * ff
            sum += del
            let del1 = cc * (p - ti * ff)
            sum1 += del1
            if abs(del) <= tol * abs(sum) && abs(del1) <= tol * abs(sum1) { break }
            i += 1
        }
        // log K_μ, and log(K_{μ+1}/K_μ) = log(sum1/sum) − log(x/2)
        var logK = T.log(sum)
        if n == 0 { return logK }
        // (sum1/sum itself can be subnormal for subnormal x: take the logs apart.)
        var logRatio = T.log(sum1) - T.log(sum) - logHalfX
        logK += logRatio
        var j = 1
        while j < n {
            // r_j = 2(μ+j)/x + 1/r_{j−1}, in logs
            let a = T.log(2 * (mu + T(j))) - logX
            logRatio = a + T.log(onePlus: T.exp(-logRatio - a))
            logK += logRatio
            j += 1
        }
        return logK
    }
}

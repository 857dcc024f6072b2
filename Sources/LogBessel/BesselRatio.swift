import RealModule

/// The ratio I_{v+1}(x) / I_v(x) for v ≥ 0, x ≥ 0, accurate to a few units of the unit
/// roundoff (not just of its logarithm).
///
/// - Where the large-argument expansion converges for both orders (x > 30, (v+1)² < 2x): the
///   ratio of the two Hankel sums (the prefactors eˣ/√(2πx) cancel exactly).
/// - Otherwise Gauss's continued fraction I_{v+1}/I_v = 1/(b₀ + 1/(b₁ + …)), bₖ = 2(v+1+k)/x
///   (DLMF 10.33.1), by the modified Lentz algorithm; it needs about √(37x) terms when x ≫ v
///   and far fewer otherwise (about 40 at v = 16383, x = 33000).
/// - If the fraction has not converged in 100000 terms (x > 1e8 with v > 10⁴ or so), it falls
///   back to exp(log I_{v+1} − log I_v), whose relative error is about |log I_v| ulps.
///
/// Used by the von Mises–Fisher fit (A_p(κ) = I_{p/2}(κ)/I_{p/2−1}(κ)). The result is in
/// [0, 1). Edge cases: x = 0 gives 0; x = +∞ gives 1; NaN or negative inputs give NaN.
@inlinable
public func besselIRatio<T: Real & BinaryFloatingPoint>(_ v: T, _ x: T) -> T {
    if x.isNaN || v.isNaN || x < 0 || v < 0 { return .nan }
    if x == 0 { return 0 }
    if x.isInfinite { return 1 }
    if x > 30 && (v + 1) * (v + 1) < 2 * x,
       let s1 = LargeArgumentExpansion<T>.logSum(v + 1, x, alternating: true),
       let s0 = LargeArgumentExpansion<T>.logSum(v, x, alternating: true) {
        return T.exp(s1 - s0)
    }
    // modified Lentz for f = b0 + 1/(b1 + 1/(b2 + ...)); ratio = 1/f
    let tiny = T.leastNormalMagnitude.squareRoot()
    let twoOverX = 2 / x
    var f = (v + 1) * twoOverX
    if f == 0 { f = tiny }
    if f.isInfinite { return 0 }
    var c = f
    var d: T = 0
    var k = 1
    while k <= 100_000 {
        let b = (v + 1 + T(k)) * twoOverX
        d = b + d
        if d == 0 { d = tiny }
        c = b + 1 / c
        if c == 0 { c = tiny }
        d = 1 / d
        let delta = c * d
        f *= delta
        if abs(delta - 1) <= T.ulpOfOne / 2 { return 1 / f }
        k += 1
    }
    return T.exp(logBesselI(v + 1, x) - logBesselI(v, x))
}

import RealModule

/// K_v(x) = ½ ∫ exp(v t − x cosh t) dt over the real line (DLMF 10.32.9, symmetrised),
/// by the trapezoid rule on a grid through the maximum t* = asinh(v/x) of the exponent
/// g(t) = v t − x cosh t, summed as exp(g(t) − g(t*)) so that nothing overflows:
///
///     log K = log(h/2) + g(t*) + log Σ exp(g(t* + jh) − g(t*)).
///
/// The integrand is entire and decays in the strip |Im t| < π/2; on the line Im t = d = 1
/// it is at most exp(x(1 − cos 1) + v log(1/cos 1)) times larger, so the trapezoid error is
/// below exp(−2π/h + 0.46x + 0.62v) relative. The step h = 2π/(L + 0.46x + 0.62v), with
/// L = −log(unit roundoff) + 3, makes that below the unit roundoff. The sum runs outward
/// until the integrand is below a quarter of the unit roundoff of the sum.
///
/// Valid for every v ≥ 0, x > 0 (x cosh t is evaluated as exp(log(x/2) ± t), which never
/// overflows); used where v ≤ 20 and x ≤ 30, where it needs 30 to 600 nodes for
/// x ≥ 1e−10 (about 9000 at x = 1e−300, where the plateau of the integrand is wide).
@usableFromInline
struct KIntegral<T: Real & BinaryFloatingPoint> {
    @inlinable
    static func logK(_ v: T, _ x: T) -> T {
        let logHalfX = T.log(x) - T.log(T(2))
        // t* = asinh(v/x), without overflowing v/x.
        let tStar: T
        if v <= x {
            tStar = T.log(v / x + T.sqrt(1 + (v / x) * (v / x)))
        } else {
            let r = x / v
            tStar = T.log(v) - T.log(x) + T.log(1 + T.sqrt(1 + r * r))
        }
        @inline(__always) func g(_ t: T) -> T {
            v * t - T.exp(logHalfX + t) - T.exp(logHalfX - t)
        }
        let gStar = g(tStar)
        let bigL = -T.log(T.ulpOfOne) + 3
        let h = 2 * T.pi / (bigL + T(0.46) * x + T(0.62) * v)
        let tol = T.ulpOfOne / 8
        var sum: T = 1
        var j = 1
        while true {  // right of the maximum
            let f = T.exp(g(tStar + T(j) * h) - gStar)
            sum += f
            if !(f > tol * sum) || j >= 1_000_000 { break }
            j += 1
        }
        j = 1
        while true {  // left of the maximum
            let f = T.exp(g(tStar - T(j) * h) - gStar)
            sum += f
            if !(f > tol * sum) || j >= 1_000_000 { break }
            j += 1
        }
        return T.log(h / 2) + gStar + T.log(sum)
    }
}

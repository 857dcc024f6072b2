import RealModule

/// K_v(x) = ½ ∫ exp(v t − x cosh t) dt over the real line (DLMF 10.32.9, symmetrised),
/// by the trapezoid rule on a grid through the maximum t* = asinh(v/x) of the exponent
/// g(t) = v t − x cosh t, summed as exp(g(t) − g(t*)) so that nothing overflows:
///
///     log K = log(h/2) + g(t*) + log Σ exp(g(t* + jh) − g(t*)).
///
/// The integrand is entire; on the line Im t = d (0 < d < π/2) its modulus is
/// exp(v t − x cos(d) cosh t), whose integral is K_v(x cos d) ≤ K_v(x) exp(x(1 − cos d) +
/// v log(1/cos d)) (up to a factor below e³ for v < ½), so the trapezoid error is below
/// exp(−2πd/h + x(1 − cos d) + v log(1/cos d)) relative. For each point the step is
/// h = max over d ∈ {0.6, 0.8, 1.0, 1.15, 1.3} of 2πd/(L + x(1 − cos d) + v log(1/cos d)),
/// L = −log(unit roundoff) + 3, which makes that bound below the unit roundoff. The sum runs
/// outward until the integrand is below u/8 of the sum (for v = 0 the grid is symmetric and
/// one side is summed twice). x cosh t is evaluated as exp(log(x/2) + t) + (x/2)²/exp(log(x/2) + t)
/// (or two exponentials when (x/2)² would underflow), which never overflows.
///
/// Valid for every v ≥ 0, x > 0; used for 2 < x ≤ 30 (v ≤ 20), where it needs 20 to 60
/// nodes (Temme's series serves x ≤ 2: here about 300 nodes at x = 1e−10 and 6000 at
/// x = 1e−300, where the integrand has a plateau of width 2 log(2/x)).
@usableFromInline
struct KIntegral<T: Real & BinaryFloatingPoint> {
    @inlinable
    static func logK(_ v: T, _ x: T) -> T {
        let logHalfX = T.log(x) - T.log(T(2))
        let halfX = x / 2
        let halfXSquared = halfX * halfX
        let useDivision = halfXSquared >= T.leastNormalMagnitude
        // t* = asinh(v/x), without overflowing v/x.
        let tStar: T
        if v <= x {
            tStar = T.log(v / x + T.sqrt(1 + (v / x) * (v / x)))
        } else {
            let r = x / v
            tStar = T.log(v) - T.log(x) + T.log(1 + T.sqrt(1 + r * r))
        }
        @inline(__always) func g(_ t: T) -> T {
            let e = T.exp(logHalfX + t)
            let f = useDivision ? halfXSquared / e : T.exp(logHalfX - t)
            return v * t - e - f
        }
        let gStar = g(tStar)
        let bigL = -T.log(T.ulpOfOne) + 3
        // (d, 1 − cos d, −log cos d) for d = 0.6, 0.8, 1.0, 1.15, 1.3
        @inline(__always) func step(_ d: Double, _ oneMinusCos: Double, _ logSec: Double) -> T {
            2 * T.pi * T(d) / (bigL + T(oneMinusCos) * x + T(logSec) * v)
        }
        let h = max(max(step(0.6, 0.17466438509032167, 0.19196516941943767),
                        step(0.8, 0.30329329065283461, 0.36139074681134375)),
                    max(step(1.0, 0.45969769413186023, 0.61562647038601415),
                        max(step(1.15, 0.59151255911584255, 0.89529410962432732),
                            step(1.3, 0.7325011713754126, 1.3186400916291687))))
        let tol = T.ulpOfOne / 8
        var right: T = 0
        var j = 1
        while true {  // right of the maximum
            let f = T.exp(g(tStar + T(j) * h) - gStar)
            right += f
            if !(f > tol * (1 + right)) || j >= 1_000_000 { break }
            j += 1
        }
        var left: T = 0
        if v == 0 {
            left = right  // t* = 0 and the integrand is even
        } else {
            j = 1
            while true {  // left of the maximum
                let f = T.exp(g(tStar - T(j) * h) - gStar)
                left += f
                if !(f > tol * (1 + left + right)) || j >= 1_000_000 { break }
                j += 1
            }
        }
        return T.log(h / 2) + gStar + T.log(1 + right + left)
    }
}

import RealModule

/// The ascending series I_v(x) = Σₖ (x/2)^(2k+v) / (k! Γ(k+v+1)) (DLMF 10.25.2), summed in
/// log space: the largest term, k* = round((√(v²+x²) − v)/2), is evaluated once through
/// logGamma; the others relative to it by the ratio (x/2)² / (k (k+v)), outward in both
/// directions until a term is below half the unit roundoff of the sum; the result is
/// log term(k*) + log1p(rest), so log I₀(1e−10) = 2.5e−21 keeps its digits.
///
/// Valid for every v ≥ 0, x > 0; used where v ≤ 20 and x ≤ 30 (the number of terms grows
/// like √x beyond k*, about 60 at x = 30).
@usableFromInline
struct AscendingSeries<T: Real & BinaryFloatingPoint> {
    @inlinable
    static func logI(_ v: T, _ x: T) -> T {
        let halfX = x / 2
        let logHalfX = T.log(x) - T.log(T(2))  // x/2 may underflow
        let q = halfX * halfX
        let kStar = max(0, ((T.hypot(v, x) - v) / 2).rounded())
        let tol = T.ulpOfOne / 4
        // log of the largest term
        let logMax = (2 * kStar + v) * logHalfX - T.logGamma(kStar + 1) - T.logGamma(kStar + v + 1)
        var rest: T = 0
        // upward
        var term: T = 1
        var n = 0
        while true {
            let k = kStar + T(n)
            term *= q / ((k + 1) * (k + 1 + v))
            n += 1
            rest += term
            if !(term > tol * (1 + rest)) || n > 100_000 { break }
        }
        // downward
        term = 1
        n = 0
        while T(n) < kStar {
            let k = kStar - T(n)
            term *= (k * (k + v)) / q
            n += 1
            rest += term
            if !(term > tol * (1 + rest)) { break }
        }
        return logMax + T.log(onePlus: rest)
    }
}

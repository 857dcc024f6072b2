import RealModule

/// Draws unit vectors from a von Mises–Fisher distribution with Wood's (1994) rejection
/// algorithm: the component w = μᵀx from the envelope
/// w = (1 − (1+b)z)/(1 − (1−b)z), z ~ Beta((p−1)/2, (p−1)/2), accepted when
/// κw + (p−1) log(1 − x₀w) − c ≥ log u, with b = (p−1)/(2κ + √(4κ² + (p−1)²)) (the stable
/// form), x₀ = (1−b)/(1+b), c = κx₀ + (p−1) log(1 − x₀²); the tangent part is uniform on the
/// sphere orthogonal to μ, and a Householder reflection maps e₁ to μ.
///
/// Deterministic for a given generator state (use `Xoshiro256StarStar(seed:)` from Chop).
/// κ = 0 gives the uniform distribution on the sphere.
public struct VonMisesFisherSampler: Sendable {
    /// The distribution sampled.
    public let distribution: VonMisesFisher
    let b: Double, x0: Double, c: Double, alpha: Double

    /// A sampler for `distribution` (the envelope constants are computed once, without
    /// overflow for any finite κ).
    public init(_ distribution: VonMisesFisher) {
        self.distribution = distribution
        let pm1 = Double(distribution.dimension - 1)
        let k = distribution.kappa
        // b = (p−1)/(2κ + √(4κ² + (p−1)²)) without overflow for any finite κ.
        let h = pm1 / 2
        b = k == 0 ? 1 : h / (k + Double.hypot(k, h))
        x0 = (1 - b) / (1 + b)
        c = k * x0 + pm1 * Double.log(1 - x0 * x0)
        alpha = pm1 / 2
        kb = k == 0 ? 0 : h / (1 + Double.hypot(1, h / k))   // κ·b
    }

    /// κ·b (= (p−1)/4 in the limit κ → ∞).
    let kb: Double

    /// One sample w = μᵀx.
    public func sampleProjection<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        let pm1 = Double(distribution.dimension - 1)
        while true {
            let z = Self.beta(alpha, alpha, using: &rng)
            let w = (1 - (1 + b) * z) / (1 - (1 - b) * z)
            let u = Self.uniformOpen(using: &rng)
            // κw + (p−1) log(1 − x₀w) − c, in a form that stays exact when b is tiny
            // (large κ, where 1 − x₀w and 1 − x₀² cancel): with d = 1 − (1−b)z,
            // κ(w − x₀) = 2κb(1 − 2z)/((1+b)d) and
            // log(1 − x₀w) − log(1 − x₀²) = log(1+b) − log 2 − log d.
            let d = 1 - (1 - b) * z
            let test = 2 * kb * (1 - 2 * z) / ((1 + b) * d)
                + pm1 * (Double.log(onePlus: b) - Double.log(2) - Double.log(d))
            if test >= Double.log(u) { return w }
        }
    }

    /// One unit vector.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> [Double] {
        let p = distribution.dimension
        let w = sampleProjection(using: &rng)
        // v uniform on S^(p-2), in coordinates 1..p-1
        var x = [Double](repeating: 0, count: p)
        var n2 = 0.0
        repeat {
            n2 = 0
            for j in 1..<p { let g = Self.normal(using: &rng); x[j] = g; n2 += g * g }
        } while n2 == 0
        let s = (max(0, 1 - w * w)).squareRoot() / n2.squareRoot()
        for j in 1..<p { x[j] *= s }
        x[0] = w
        // Householder: H = I − 2uuᵀ/(uᵀu), u = e₁ − μ, maps e₁ to μ.
        let mu = distribution.mean
        var u = mu.map { -$0 }
        u[0] += 1
        let uu = u.reduce(0) { $0 + $1 * $1 }
        if uu > 1e-300 {
            var dot = 0.0
            for j in 0..<p { dot += u[j] * x[j] }
            let f = 2 * dot / uu
            for j in 0..<p { x[j] -= f * u[j] }
        }
        return x
    }

    /// n unit vectors.
    public func samples<G: RandomNumberGenerator>(_ n: Int, using rng: inout G) -> [[Double]] {
        (0..<n).map { _ in sample(using: &rng) }
    }

    // MARK: variates

    static func uniformOpen<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        // (0, 1): 53 random bits, offset by half an ulp
        (Double(rng.next() >> 11) + 0.5) * 0x1p-53
    }

    static func normal<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        // Box–Muller (one of the pair)
        let u1 = uniformOpen(using: &rng), u2 = uniformOpen(using: &rng)
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }

    /// Gamma(a, 1) by Marsaglia & Tsang (2000); a < 1 through Gamma(a+1)·U^(1/a).
    static func gamma<G: RandomNumberGenerator>(_ a: Double, using rng: inout G) -> Double {
        if a < 1 {
            return gamma(a + 1, using: &rng) * Double.pow(uniformOpen(using: &rng), 1 / a)
        }
        let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(using: &rng); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniformOpen(using: &rng)
            if Double.log(u) < 0.5 * x * x + d - d * v + d * Double.log(v) { return d * v }
        }
    }

    static func beta<G: RandomNumberGenerator>(_ a: Double, _ b: Double, using rng: inout G) -> Double {
        let x = gamma(a, using: &rng), y = gamma(b, using: &rng)
        return x / (x + y)
    }
}

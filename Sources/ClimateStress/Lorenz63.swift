import Chop

/// The Lorenz (1963) system ẋ = σ(y − x), ẏ = x(ρ − z) − y, ż = xy − βz, integrated
/// with the classical fourth-order Runge–Kutta method, every operation rounded.
///
/// Initial conditions: a random point in the box x, y ∈ [−10, 10], z ∈ [10, 40]
/// integrated in binary64 for ``initialSpinUp`` time units, which puts it on the
/// attractor. A member then runs ``spinUp`` time units in the working precision
/// (discarded) and samples x, y, z every ``outputEvery`` steps for ``time`` units.
///
/// Deterministic low-precision runs can fall onto an exactly periodic orbit (the
/// state space of a p-bit format is finite); with `detectCycles` the run records every
/// post-spin-up state and reports the first exact repetition.
public struct Lorenz63: ClimateModel {
    /// The parameters σ, ρ, β (Lorenz's 10, 28, 8/3).
    public var sigma = 10.0, rho = 28.0, beta = 8.0 / 3.0
    /// Time step.
    public var dt = 0.01
    /// Sampled run length (time units).
    public var time: Double
    /// Discarded spin-up in the working precision (time units).
    public var spinUp: Double
    /// Binary64 spin-up that puts the random initial point on the attractor.
    public var initialSpinUp: Double = 20
    /// Output every this many steps.
    public var outputEvery: Int

    /// A run sampling `time` units after `spinUp` units of working-precision spin-up,
    /// with output every `outputEvery` steps.
    public init(time: Double = 100, spinUp: Double = 10, outputEvery: Int = 5) {
        self.time = time
        self.spinUp = spinUp
        self.outputEvery = outputEvery
    }

    public var name: String { "lorenz" }
    public var diagnostics: [String] { ["x", "y", "z"] }
    public var runLength: Double { time }
    public var outputInterval: Double { dt * Double(outputEvery) }
    public var timeUnit: String { "model time units" }

    struct Key: Hashable { let x, y, z: UInt64 }

    public func initialState(seed: UInt64, ensemble: Int, member: Int) -> [Double] {
        var g = SplitMix64(seed: memberSeed(seed, ensemble, member))
        var s = (-10 + 20 * uniform01(&g), -10 + 20 * uniform01(&g), 10 + 30 * uniform01(&g))
        var a = NativeArithmetic<Double>()
        let c = constants(&a)
        for _ in 0..<Int((initialSpinUp / dt).rounded()) { s = step(s, c, &a) }
        return [s.0, s.1, s.2]
    }

    struct Constants<S> { let sigma, rho, beta, dt, halfDt, sixthDt: S }

    func constants<A: ModelArithmetic>(_ a: inout A) -> Constants<A.Scalar> {
        Constants(sigma: a.constant(sigma), rho: a.constant(rho), beta: a.constant(beta),
                  dt: a.constant(dt), halfDt: a.constant(dt / 2), sixthDt: a.constant(dt / 6))
    }

    @inline(__always)
    func tendency<A: ModelArithmetic>(_ s: (A.Scalar, A.Scalar, A.Scalar), _ c: Constants<A.Scalar>, _ a: inout A)
        -> (A.Scalar, A.Scalar, A.Scalar)
    {
        let dx = a.multiply(c.sigma, a.subtract(s.1, s.0))
        let dy = a.subtract(a.multiply(s.0, a.subtract(c.rho, s.2)), s.1)
        let dz = a.subtract(a.multiply(s.0, s.1), a.multiply(c.beta, s.2))
        return (dx, dy, dz)
    }

    @inline(__always)
    func step<A: ModelArithmetic>(_ s: (A.Scalar, A.Scalar, A.Scalar), _ c: Constants<A.Scalar>, _ a: inout A)
        -> (A.Scalar, A.Scalar, A.Scalar)
    {
        @inline(__always) func axpy(_ h: A.Scalar, _ k: (A.Scalar, A.Scalar, A.Scalar), _ a: inout A) -> (A.Scalar, A.Scalar, A.Scalar) {
            (a.add(s.0, a.multiply(h, k.0)), a.add(s.1, a.multiply(h, k.1)), a.add(s.2, a.multiply(h, k.2)))
        }
        let k1 = tendency(s, c, &a)
        let k2 = tendency(axpy(c.halfDt, k1, &a), c, &a)
        let k3 = tendency(axpy(c.halfDt, k2, &a), c, &a)
        let k4 = tendency(axpy(c.dt, k3, &a), c, &a)
        @inline(__always) func combine(_ k1: A.Scalar, _ k2: A.Scalar, _ k3: A.Scalar, _ k4: A.Scalar, _ a: inout A) -> A.Scalar {
            let sum = a.add(a.add(a.add(k1, a.add(k2, k2)), a.add(k3, k3)), k4)
            return sum
        }
        let kx = combine(k1.0, k2.0, k3.0, k4.0, &a)
        let ky = combine(k1.1, k2.1, k3.1, k4.1, &a)
        let kz = combine(k1.2, k2.2, k3.2, k4.2, &a)
        return axpy(c.sixthDt, (kx, ky, kz), &a)
    }

    public func runBinary64(from state: [Double]) -> MemberRun {
        var a = NativeArithmetic<Double>()
        return run(from: state, arithmetic: &a, detectCycles: true)
    }

    public func runKernel(from state: [Double], arithmetic: inout RoundingContext, detectCycles: Bool) -> MemberRun {
        run(from: state, arithmetic: &arithmetic, detectCycles: detectCycles)
    }

    public func run<A: ModelArithmetic>(from state: [Double], arithmetic a: inout A, detectCycles: Bool) -> MemberRun {
        let c = constants(&a)
        var s = (a.constant(state[0]), a.constant(state[1]), a.constant(state[2]))
        for _ in 0..<Int((spinUp / dt).rounded()) { s = step(s, c, &a) }
        let steps = Int((time / dt).rounded())
        var xs: [Double] = [], ys: [Double] = [], zs: [Double] = []
        let count = steps / outputEvery
        xs.reserveCapacity(count); ys.reserveCapacity(count); zs.reserveCapacity(count)
        var seen: [Key: Int] = [:]
        var period: Int? = nil
        if detectCycles { seen.reserveCapacity(steps) }
        for n in 1...max(steps, 1) {
            s = step(s, c, &a)
            if detectCycles && period == nil {
                let key = Key(x: a.value(s.0).bitPattern, y: a.value(s.1).bitPattern, z: a.value(s.2).bitPattern)
                if let first = seen[key] { period = n - first; seen = [:] } else { seen[key] = n }
            }
            if n % outputEvery == 0 {
                xs.append(a.value(s.0)); ys.append(a.value(s.1)); zs.append(a.value(s.2))
            }
        }
        return MemberRun(samples: [xs, ys, zs], periodic: period != nil, period: period,
                         finalState: [a.value(s.0), a.value(s.1), a.value(s.2)])
    }
}

import Chop

/// One-dimensional heat diffusion in a soil column, ∂T/∂t = D ∂²T/∂z², with forward
/// Euler in time and centred differences in depth (as in Paxton et al.'s heat-solver
/// experiment): the surface is held at ``surfaceTemperature``, the bottom is insulated
/// (zero flux, mirror ghost node), and the column starts at ``initialTemperature``.
///
/// With D = 7e−7 m² s⁻¹, Δt = 1800 s and Δz = 1 m, ξ = DΔt/Δz² ≈ 1.26e−3: in most of
/// the column each update ξ·(T₋ − 2T + T₊) is smaller than half a unit in the last place
/// of T ≈ 273 K at binary32-like precision, so round-to-nearest discards it and the
/// column stagnates, while stochastic rounding keeps the expected update.
///
/// Ensemble members differ by independent N(0, ``initialNoise``²) perturbations of the
/// initial temperature of each layer (the model is not chaotic, so this is what makes
/// binary64 members differ for the null distribution).
///
/// Diagnostic `temperature`: the temperature of every layer at every output time
/// (monthly by default), pooled. The final state is the temperature profile at
/// depths Δz, 2Δz, …
public struct SoilColumn: ClimateModel {
    /// The thermal diffusivity D (m²/s).
    public var diffusivity = 7e-7
    /// The time step Δt (s).
    public var dt = 1800.0
    /// The layer thickness Δz (m).
    public var dz = 1.0
    /// The number of layers.
    public var layers = 60
    /// The temperature held at the surface (K).
    public var surfaceTemperature = 280.0
    /// The initial temperature of every layer before the member's perturbation (K).
    public var initialTemperature = 273.15
    /// Standard deviation (K) of the per-layer initial perturbation of each member.
    public var initialNoise = 0.01
    /// Run length in years (365 days).
    public var years: Double
    /// Output every this many steps (1460 steps ≈ 30.4 days).
    public var outputEvery: Int

    /// A run of `years` years with output every `outputEvery` steps.
    public init(years: Double = 10, outputEvery: Int = 1460) {
        self.years = years
        self.outputEvery = outputEvery
    }

    public var name: String { "soil" }
    public var diagnostics: [String] { ["temperature"] }
    public var runLength: Double { years }
    public var outputInterval: Double { dt * Double(outputEvery) / (365 * 86400) }
    public var timeUnit: String { "years" }
    /// ξ = DΔt/Δz².
    public var xi: Double { diffusivity * dt / (dz * dz) }
    /// Number of time steps.
    public var steps: Int { Int((years * 365 * 86400 / dt).rounded()) }

    public func initialState(seed: UInt64, ensemble: Int, member: Int) -> [Double] {
        var g = SplitMix64(seed: memberSeed(seed, ensemble, member))
        return (0..<layers).map { _ in initialTemperature + initialNoise * standardNormal(&g) }
    }

    public func runBinary64(from state: [Double]) -> MemberRun {
        var a = NativeArithmetic<Double>()
        return run(from: state, arithmetic: &a, detectCycles: false)
    }

    public func runKernel(from state: [Double], arithmetic: inout RoundingContext, detectCycles: Bool) -> MemberRun {
        run(from: state, arithmetic: &arithmetic, detectCycles: detectCycles)
    }

    public func run<A: ModelArithmetic>(from state: [Double], arithmetic a: inout A, detectCycles: Bool) -> MemberRun {
        let n = layers
        let xiS = a.constant(xi)
        let surface = a.constant(surfaceTemperature)
        var t = state.map { a.constant($0) }
        var new = t
        var samples: [Double] = []
        samples.reserveCapacity(n * (steps / outputEvery + 1))
        for step in 1...max(steps, 1) {
            for i in 0..<n {
                let above = i == 0 ? surface : t[i - 1]
                let below = i == n - 1 ? t[n - 2] : t[i + 1]  // insulated bottom: mirror node
                let curvature = a.subtract(a.add(above, below), a.add(t[i], t[i]))
                new[i] = a.add(t[i], a.multiply(xiS, curvature))
            }
            swap(&t, &new)
            if step % outputEvery == 0 { for v in t { samples.append(a.value(v)) } }
        }
        return MemberRun(samples: [samples], finalState: t.map { a.value($0) })
    }
}

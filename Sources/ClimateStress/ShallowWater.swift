import Chop
import RealModule

/// Wind-driven shallow-water flow over a ridge in a zonally periodic channel, after the
/// setup of ShallowWaters.jl used by Paxton et al. (2022) and Klöwer et al.: an
/// Arakawa C-grid, fourth-order Runge–Kutta, a Gaussian ridge across the channel, a
/// zonal wind stress with a cos² profile, quadratic bottom drag and biharmonic
/// diffusion of momentum, on a β-plane. Every arithmetic operation is rounded.
///
/// Equations (vector-invariant form, h = H + η, q = (f + ζ)/h, p = gη + ½|u|²):
///   ∂u/∂t = q·hv − ∂p/∂x + (τ/ρ − c_D|u|u)/h − ν∇⁴u
///   ∂v/∂t = −q·hu − ∂p/∂y − c_D|v|v/h − ν∇⁴v
///   ∂η/∂t = −∂(hu)/∂x − ∂(hv)/∂y
/// Walls at y = 0 and y = Ly are free-slip (v = 0, ζ = 0); x is periodic.
///
/// Grid: `nx × ny` cells of `dx = Lx/nx` (square cells). The state is stored as
/// [u (nx·ny), v (nx·(ny+1), walls included), η (nx·ny)], row-major in y.
///
/// Initial conditions: rest plus N(0, (0.1 m)²) noise in η, integrated in binary64
/// for ``initialSpinUp`` days (to reach the statistically steady flow); a member then
/// runs ``spinUp`` days in the working precision (discarded) and samples η, u and v at
/// every grid point once per ``outputDays`` for ``days`` days.
public struct ShallowWater: ClimateModel {
    public var nx: Int
    public var ny: Int
    public var lx = 2000e3
    public var ly = 1000e3
    public var depth = 500.0
    public var ridgeHeight = 50.0
    public var ridgeWidth = 300e3
    public var windStress = 0.12
    public var density = 1000.0
    public var gravity = 9.81
    public var f0 = 1e-4
    public var beta = 1.6e-11
    /// Quadratic bottom-drag coefficient c_D (dimensionless).
    public var dragCoefficient = 1e-4
    /// Damping time (days) of the grid-scale mode by the biharmonic diffusion.
    public var diffusionDays = 10.0
    /// Time steps per day.
    public var stepsPerDay: Int
    /// Sampled days.
    public var days: Double
    /// Discarded days in the working precision.
    public var spinUp: Double
    /// Binary64 days that bring the initial state onto the attractor.
    public var initialSpinUp: Double
    /// Output interval in days.
    public var outputDays: Int = 1

    public init(nx: Int = 20, ny: Int = 10, days: Double = 100, spinUp: Double = 10, initialSpinUp: Double = 100,
                stepsPerDay: Int = 60) {
        self.nx = nx
        self.ny = ny
        self.days = days
        self.spinUp = spinUp
        self.initialSpinUp = initialSpinUp
        self.stepsPerDay = stepsPerDay
    }

    public var name: String { "shallow-water" }
    public var diagnostics: [String] { ["eta", "u", "v"] }
    public var runLength: Double { days }
    public var outputInterval: Double { Double(outputDays) }
    public var timeUnit: String { "days" }
    public var dx: Double { lx / Double(nx) }
    public var dt: Double { 86400 / Double(stepsPerDay) }
    var nu: Int { nx * ny }
    var nv: Int { nx * (ny + 1) }

    public func initialState(seed: UInt64, ensemble: Int, member: Int) -> [Double] {
        var g = SplitMix64(seed: memberSeed(seed, ensemble, member))
        var state = [Double](repeating: 0, count: nu + nv + nu)
        for k in 0..<nu { state[nu + nv + k] = 0.1 * standardNormal(&g) }
        // Zero-mean perturbation: the mean of η is conserved, so a nonzero mean would
        // shift a member's whole η climate.
        let meanEta = state[(nu + nv)...].reduce(0, +) / Double(nu)
        for k in 0..<nu { state[nu + nv + k] -= meanEta }
        var a = NativeArithmetic<Double>()
        var s = Fields(state: state, model: self, a: &a)
        let c = constants(&a)
        var w = Workspace<Double>(model: self, zero: 0)
        for _ in 0..<Int(initialSpinUp * Double(stepsPerDay)) { step(&s, c, &w, &a) }
        return s.u + s.v + s.eta
    }

    struct Fields<S> {
        var u: [S], v: [S], eta: [S]
        init<A: ModelArithmetic>(state: [Double], model: ShallowWater, a: inout A) where A.Scalar == S {
            u = state[0..<model.nu].map { a.constant($0) }
            v = state[model.nu..<(model.nu + model.nv)].map { a.constant($0) }
            eta = state[(model.nu + model.nv)...].map { a.constant($0) }
        }
    }

    struct Constants<S> {
        let zero, half, quarter, four, gravity, rdx, drag, nu4, dt, halfDt, sixthDt: S
        let bottom: [S]    // H(x) at T points
        let coriolis: [S]  // f at corner rows j = 0...ny
        let wind: [S]      // τ/ρ at u rows j = 0..<ny
    }

    func constants<A: ModelArithmetic>(_ a: inout A) -> Constants<A.Scalar> {
        let d = dx
        var bottom: [A.Scalar] = []
        for _ in 0..<ny {
            for i in 0..<nx {
                let x = (Double(i) + 0.5) * d - lx / 2
                bottom.append(a.constant(depth - ridgeHeight * Double.exp(-(x / ridgeWidth) * (x / ridgeWidth))))
            }
        }
        let coriolis = (0...ny).map { a.constant(f0 + beta * (Double($0) * d - ly / 2)) }
        let wind = (0..<ny).map { j -> A.Scalar in
            let c = Double.cos(Double.pi * ((Double(j) + 0.5) * d / ly - 0.5))
            return a.constant(windStress / density * c * c)
        }
        // Biharmonic viscosity: the grid-scale mode (eigenvalue 64/dx⁴ of ∇⁴) decays in diffusionDays.
        let nu4 = 1 / (diffusionDays * 86400 * 64)  // times the undivided ∇⁴ (dx⁴ cancels)
        return Constants(zero: a.constant(0), half: a.constant(0.5), quarter: a.constant(0.25), four: a.constant(4),
                         gravity: a.constant(gravity), rdx: a.constant(1 / d), drag: a.constant(dragCoefficient),
                         nu4: a.constant(nu4), dt: a.constant(dt), halfDt: a.constant(dt / 2), sixthDt: a.constant(dt / 6),
                         bottom: bottom, coriolis: coriolis, wind: wind)
    }

    struct Scratch<S> {
        var h, hu, uflux, vflux, hv, p, q, lap, lap2: [S]
    }

    struct Workspace<S> {
        var scratch: Scratch<S>
        var k1, k2, k3, k4: (u: [S], v: [S], eta: [S])
        var stage: (u: [S], v: [S], eta: [S])
        init(model m: ShallowWater, zero: S) {
            let t = [S](repeating: zero, count: m.nu), vv = [S](repeating: zero, count: m.nv)
            scratch = Scratch(h: t, hu: t, uflux: t, vflux: vv, hv: vv, p: t,
                              q: [S](repeating: zero, count: m.nx * (m.ny + 1)), lap: vv, lap2: vv)
            k1 = (t, vv, t); k2 = k1; k3 = k1; k4 = k1; stage = k1
        }
    }

    /// The tendencies of (u, v, η).
    func tendency<A: ModelArithmetic>(_ u: [A.Scalar], _ v: [A.Scalar], _ eta: [A.Scalar], _ c: Constants<A.Scalar>,
                                      _ w: inout Scratch<A.Scalar>, _ out: inout (u: [A.Scalar], v: [A.Scalar], eta: [A.Scalar]),
                                      _ a: inout A) {
        let nx = self.nx, ny = self.ny
        @inline(__always) func west(_ i: Int) -> Int { i == 0 ? nx - 1 : i - 1 }
        @inline(__always) func east(_ i: Int) -> Int { i == nx - 1 ? 0 : i + 1 }
        // Layer thickness, transports, Bernoulli potential.
        for k in 0..<nu { w.h[k] = a.add(c.bottom[k], eta[k]) }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i
                w.hu[k] = a.multiply(c.half, a.add(w.h[j * nx + west(i)], w.h[k]))
                w.uflux[k] = a.multiply(u[k], w.hu[k])
            }
        }
        for i in 0..<nx { w.vflux[i] = c.zero; w.vflux[ny * nx + i] = c.zero; w.hv[i] = c.zero; w.hv[ny * nx + i] = c.zero }
        for j in 1..<ny {
            for i in 0..<nx {
                let k = j * nx + i
                w.hv[k] = a.multiply(c.half, a.add(w.h[k - nx], w.h[k]))
                w.vflux[k] = a.multiply(v[k], w.hv[k])
            }
        }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i, ke = j * nx + east(i)
                let uu = a.add(a.multiply(u[k], u[k]), a.multiply(u[ke], u[ke]))
                let vv = a.add(a.multiply(v[k], v[k]), a.multiply(v[k + nx], v[k + nx]))
                w.p[k] = a.add(a.multiply(c.gravity, eta[k]), a.multiply(c.quarter, a.add(uu, vv)))
            }
        }
        // Potential vorticity at corners (free slip: ζ = 0 on the walls).
        for j in 0...ny {
            for i in 0..<nx {
                let k = j * nx + i, iw = west(i)
                if j == 0 || j == ny {
                    let jj = j == 0 ? 0 : ny - 1
                    let hq = a.multiply(c.half, a.add(w.h[jj * nx + iw], w.h[jj * nx + i]))
                    w.q[k] = a.divide(c.coriolis[j], hq)
                } else {
                    let zeta = a.multiply(c.rdx, a.subtract(a.subtract(v[k], v[j * nx + iw]), a.subtract(u[k], u[k - nx])))
                    let hq = a.multiply(c.quarter, a.add(a.add(w.h[(j - 1) * nx + iw], w.h[k - nx]),
                                                         a.add(w.h[j * nx + iw], w.h[k])))
                    w.q[k] = a.divide(a.add(c.coriolis[j], zeta), hq)
                }
            }
        }
        // Biharmonic diffusion of u: ∇²(∇²u), undivided, mirror ghosts at the walls.
        func laplacianU(_ f: [A.Scalar], _ g: inout [A.Scalar], _ a: inout A) {
            for j in 0..<ny {
                for i in 0..<nx {
                    let k = j * nx + i
                    let s = j == 0 ? f[k] : f[k - nx], n = j == ny - 1 ? f[k] : f[k + nx]
                    let sum = a.add(a.add(f[j * nx + west(i)], f[j * nx + east(i)]), a.add(s, n))
                    g[k] = a.subtract(sum, a.multiply(c.four, f[k]))
                }
            }
        }
        laplacianU(u, &w.lap, &a)
        laplacianU(w.lap, &w.lap2, &a)
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i, iw = west(i)
                let qbar = a.multiply(c.half, a.add(w.q[k], w.q[k + nx]))
                let vbar = a.multiply(c.quarter, a.add(a.add(w.vflux[j * nx + iw], w.vflux[k]),
                                                       a.add(w.vflux[(j + 1) * nx + iw], w.vflux[k + nx])))
                let gradient = a.multiply(c.rdx, a.subtract(w.p[k], w.p[j * nx + iw]))
                let stress = a.divide(a.subtract(c.wind[j], a.multiply(c.drag, a.multiply(a.magnitude(u[k]), u[k]))), w.hu[k])
                out.u[k] = a.subtract(a.add(a.subtract(a.multiply(qbar, vbar), gradient), stress), a.multiply(c.nu4, w.lap2[k]))
            }
        }
        // Biharmonic diffusion of v (v = 0 on the walls, odd ghosts beyond them).
        func laplacianV(_ f: [A.Scalar], _ g: inout [A.Scalar], _ a: inout A) {
            for i in 0..<nx { g[i] = c.zero; g[ny * nx + i] = c.zero }
            for j in 1..<ny {
                for i in 0..<nx {
                    let k = j * nx + i
                    let sum = a.add(a.add(f[j * nx + west(i)], f[j * nx + east(i)]), a.add(f[k - nx], f[k + nx]))
                    g[k] = a.subtract(sum, a.multiply(c.four, f[k]))
                }
            }
        }
        laplacianV(v, &w.lap, &a)
        laplacianV(w.lap, &w.lap2, &a)
        for i in 0..<nx { out.v[i] = c.zero; out.v[ny * nx + i] = c.zero }
        for j in 1..<ny {
            for i in 0..<nx {
                let k = j * nx + i, ie = east(i)
                let qbar = a.multiply(c.half, a.add(w.q[k], w.q[j * nx + ie]))
                let ubar = a.multiply(c.quarter, a.add(a.add(w.uflux[k - nx], w.uflux[(j - 1) * nx + ie]),
                                                       a.add(w.uflux[k], w.uflux[j * nx + ie])))
                let gradient = a.multiply(c.rdx, a.subtract(w.p[k], w.p[k - nx]))
                let drag = a.divide(a.multiply(c.drag, a.multiply(a.magnitude(v[k]), v[k])), w.hv[k])
                out.v[k] = a.subtract(a.subtract(a.subtract(c.zero, a.multiply(qbar, ubar)), a.add(gradient, drag)),
                                      a.multiply(c.nu4, w.lap2[k]))
            }
        }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i
                let divergence = a.add(a.subtract(w.uflux[j * nx + east(i)], w.uflux[k]), a.subtract(w.vflux[k + nx], w.vflux[k]))
                out.eta[k] = a.subtract(c.zero, a.multiply(c.rdx, divergence))
            }
        }
    }

    /// One RK4 step.
    func step<A: ModelArithmetic>(_ s: inout Fields<A.Scalar>, _ c: Constants<A.Scalar>, _ w: inout Workspace<A.Scalar>, _ a: inout A) {
        func axpy(_ h: A.Scalar, _ k: (u: [A.Scalar], v: [A.Scalar], eta: [A.Scalar]), _ out: inout (u: [A.Scalar], v: [A.Scalar], eta: [A.Scalar]), _ a: inout A) {
            for i in 0..<nu { out.u[i] = a.add(s.u[i], a.multiply(h, k.u[i])) }
            for i in 0..<nv { out.v[i] = a.add(s.v[i], a.multiply(h, k.v[i])) }
            for i in 0..<nu { out.eta[i] = a.add(s.eta[i], a.multiply(h, k.eta[i])) }
        }
        tendency(s.u, s.v, s.eta, c, &w.scratch, &w.k1, &a)
        axpy(c.halfDt, w.k1, &w.stage, &a)
        tendency(w.stage.u, w.stage.v, w.stage.eta, c, &w.scratch, &w.k2, &a)
        axpy(c.halfDt, w.k2, &w.stage, &a)
        tendency(w.stage.u, w.stage.v, w.stage.eta, c, &w.scratch, &w.k3, &a)
        axpy(c.dt, w.k3, &w.stage, &a)
        tendency(w.stage.u, w.stage.v, w.stage.eta, c, &w.scratch, &w.k4, &a)
        @inline(__always) func combine(_ x: A.Scalar, _ k1: A.Scalar, _ k2: A.Scalar, _ k3: A.Scalar, _ k4: A.Scalar, _ a: inout A) -> A.Scalar {
            let sum = a.add(a.add(a.add(k1, a.add(k2, k2)), a.add(k3, k3)), k4)
            return a.add(x, a.multiply(c.sixthDt, sum))
        }
        for i in 0..<nu { s.u[i] = combine(s.u[i], w.k1.u[i], w.k2.u[i], w.k3.u[i], w.k4.u[i], &a) }
        for i in 0..<nv { s.v[i] = combine(s.v[i], w.k1.v[i], w.k2.v[i], w.k3.v[i], w.k4.v[i], &a) }
        for i in 0..<nu { s.eta[i] = combine(s.eta[i], w.k1.eta[i], w.k2.eta[i], w.k3.eta[i], w.k4.eta[i], &a) }
    }

    public func runBinary64(from state: [Double]) -> MemberRun {
        var a = NativeArithmetic<Double>()
        return run(from: state, arithmetic: &a, detectCycles: false)
    }

    public func runKernel(from state: [Double], arithmetic: inout KernelArithmetic, detectCycles: Bool) -> MemberRun {
        run(from: state, arithmetic: &arithmetic, detectCycles: detectCycles)
    }

    public func run<A: ModelArithmetic>(from state: [Double], arithmetic a: inout A, detectCycles: Bool) -> MemberRun {
        let c = constants(&a)
        var s = Fields(state: state, model: self, a: &a)
        var w = Workspace(model: self, zero: c.zero)
        for _ in 0..<Int(spinUp * Double(stepsPerDay)) { step(&s, c, &w, &a) }
        var etas: [Double] = [], us: [Double] = [], vs: [Double] = []
        let steps = Int(days * Double(stepsPerDay)), every = outputDays * stepsPerDay
        for n in 1...max(steps, 1) {
            step(&s, c, &w, &a)
            if n % every == 0 {
                etas += s.eta.map { a.value($0) }
                us += s.u.map { a.value($0) }
                for j in 1..<ny { for i in 0..<nx { vs.append(a.value(s.v[j * nx + i])) } }
            }
        }
        return MemberRun(samples: [etas, us, vs], finalState: (s.u + s.v + s.eta).map { a.value($0) })
    }
}

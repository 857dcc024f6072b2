import Chop
import RealModule

/// Wind-driven turbulent shallow-water flow over a ridge in a zonally periodic channel:
/// the configuration of ShallowWaters.jl's defaults (`src/DefaultParameters.jl`), which
/// Paxton et al. (2022) used for their shallow-water experiment, with its numerics.
///
/// - Domain: `nx = 100` cells across `Lx = 2000 km` (Δ = 20 km), aspect ratio 2, so
///   `ny = 50`; periodic in x, solid walls at y = 0 and y = Ly.
/// - Physics: g = 10 m/s², H = 500 m, ρ = 1000 kg/m³, f = f₀ + β(y − Ly/2) at 45°N
///   (Ω = 2π/day, R = 6371 km); "channel" wind stress τ = 0.12 Pa · cos²(π(y/Ly − ½));
///   a meridional Gaussian "ridge" H(x) = 500 m − 50 m · exp(−(x − Lx/2)²/(2·(300 km)²));
///   no-slip walls (α = 2: tangential ghost velocity −u); quadratic bottom drag
///   −c_D |u| u / h with c_D = 1e−5 and the speed |u| = √(u² + v²) from a rounded square
///   root; constant biharmonic viscosity ν_B = 500/30000 (dimensionless, i.e.
///   ν = Δ³/60 ≈ 1.3e11 m⁴/s).
/// - Numerics as in ShallowWaters.jl: Arakawa C-grid, dimensionless (undivided)
///   differences with Δ folded into the constants, energy-and-enstrophy-conserving
///   advection of potential vorticity after Arakawa and Hsu (1990), fourth-order
///   Runge–Kutta for advection, Coriolis, pressure gradient, wind and continuity, and a
///   semi-implicit Euler step for drag and diffusion after each RK4 step; time step
///   Δt = ⌊CFL · Δ/√(gH)⌋ s = 282 s (CFL 1).
///
/// Every arithmetic operation — including the square root of the drag and each RK
/// update — goes through the ``ModelArithmetic``, so each result is rounded once.
///
/// State layout: [u (nx·ny, u at west cell faces), v (nx·(ny−1), interior south faces
/// j = 1…ny−1; v = 0 on the walls), η (nx·ny)], row-major in y.
///
/// Initial conditions: rest, integrated in binary64 for ``baseSpinUpDays`` (once, in
/// ``prepared(ensembles:members:seed:)``). Two ensemble designs:
/// - perturbations (default): a member is the spun-up state plus N(0, ``perturbation``²)
///   noise in η (zero mean), integrated ``decorrelationDays`` in binary64. The separation
///   of two members grows by e in about 28 days (measured, <doc:ClimateStressTest>), so in a
///   short run the null spread is the growth of small initial-condition errors, and the
///   test measures how far the rounding takes the flow beyond that;
/// - ``windows``: one binary64 trajectory continues from the spun-up state and is cut
///   into consecutive, non-overlapping windows of ``windowDays``, assigned to the
///   (ensemble, member) slots by a random permutation drawn from the seed: ensembles
///   sample the flow at disjoint times (a climate in the strict sense, whose null spread
///   in a few days is the flow's own variability).
/// A member runs ``spinUp`` days in the working precision (discarded) and samples η, u
/// and v at every grid point every ``outputDays`` for ``days`` days.
public struct ShallowWater: ClimateModel {
    /// Grid cells along the channel (x).
    public var nx: Int
    /// The channel length Lx (m).
    public var lx: Double
    /// Lx/Ly.
    public var aspectRatio: Double = 2
    /// Gravitational acceleration g (m/s²).
    public var gravity = 10.0
    /// The layer depth H (m).
    public var depth = 500.0
    /// Water density ρ (kg/m³).
    public var density = 1000.0
    /// The latitude of the β-plane centre (degrees).
    public var latitude = 45.0
    /// Earth's rotation rate Ω (rad/s).
    public var rotation = 2 * Double.pi / 86400
    /// Earth's radius (m).
    public var earthRadius = 6.371e6
    /// Wind stress amplitude Fx0 (Pa).
    public var windStress = 0.12
    /// The height of the bottom ridge (m).
    public var ridgeHeight = 50.0
    /// The width of the bottom ridge (m).
    public var ridgeWidth = 300e3
    /// Quadratic bottom-drag coefficient c_D (dimensionless).
    public var dragCoefficient = 1e-5
    /// Biharmonic viscosity scaling ν_B (m²/s, scaled by 1/30000 as in ShallowWaters.jl).
    public var viscosity = 500.0
    /// Tangential boundary condition: 0 free slip, 2 no slip.
    public var slip = 2.0
    /// The Courant number of the time step.
    public var cfl = 1.0
    /// Sampled days.
    public var days: Double
    /// Discarded days in the working precision.
    public var spinUp: Double
    /// Binary64 days from rest to the turbulent state (shared by all members).
    public var baseSpinUpDays: Double
    /// Binary64 days that decorrelate a perturbed member from the shared state.
    public var decorrelationDays: Double
    /// Output interval in days.
    public var outputDays: Double = 1
    /// The shared spun-up binary64 state (set by ``prepared(ensembles:members:seed:)``;
    /// computed on demand otherwise).
    public var baseState: [Double]? = nil
    /// Members start from disjoint windows of one binary64 trajectory (``prepared(ensembles:members:seed:)``)
    /// instead of perturbations of the spun-up state.
    public var windows = false
    /// Standard deviation (m) of the η perturbation of a member (perturbation design).
    public var perturbation = 0.01
    /// Window start states by (ensemble, member) slot `ensemble · members + member`.
    public var windowStarts: [[Double]]? = nil
    var windowMembers = 0
    /// The length of a trajectory window in days (at least spinUp + days).
    public var windowDays: Double { max(spinUp + days, 1) }

    /// A channel of `nx` cells and length `lx` sampled for `days` days after `spinUp`
    /// working-precision days; the binary64 base state is spun up for `baseSpinUpDays`,
    /// and perturbed members are decorrelated for `decorrelationDays`.
    public init(nx: Int = 100, lx: Double = 2000e3, days: Double = 10, spinUp: Double = 1,
                baseSpinUpDays: Double = 200, decorrelationDays: Double = 5) {
        self.nx = nx
        self.lx = lx
        self.days = days
        self.spinUp = spinUp
        self.baseSpinUpDays = baseSpinUpDays
        self.decorrelationDays = decorrelationDays
    }

    public var name: String { "shallow-water" }
    public var diagnostics: [String] { ["eta", "u", "v"] }
    public var runLength: Double { days }
    public var outputInterval: Double { outputDays }
    public var timeUnit: String { "days" }
    /// Grid spacing Δ = Lx/nx.
    public var dx: Double { lx / Double(nx) }
    /// Cells across the channel: round(Lx/aspect/Δ).
    public var ny: Int { max(2, Int((lx / aspectRatio / dx).rounded())) }
    /// The channel width Ly = ny·Δ (m).
    public var ly: Double { Double(ny) * dx }
    /// Time step in seconds: ⌊CFL·Δ/√(gH)⌋ (282 s for the defaults).
    public var dt: Double { max(1, (cfl * dx / (gravity * depth).squareRoot()).rounded(.down)) }
    /// Steps in `days` days.
    public func steps(_ days: Double) -> Int { Int((days * 86400 / dt).rounded()) }
    var nu: Int { nx * ny }
    var nv: Int { nx * (ny - 1) }
    /// The number of state variables: the u, v and η grid values.
    public var stateCount: Int { 2 * nu + nv }

    /// The model with its shared binary64 base state computed.
    public func withBaseState() -> ShallowWater {
        if baseState != nil { return self }
        var m = self
        var s = [Double](repeating: 0, count: stateCount)
        m.integrateBinary64(&s, steps: steps(baseSpinUpDays))
        m.baseState = s
        return m
    }

    /// The model with the spun-up state and the trajectory windows of `ensembles ×
    /// members` slots (assigned by a permutation drawn from `seed`).
    public func prepared(ensembles: Int, members: Int, seed: UInt64) -> ShallowWater {
        var m = withBaseState()
        guard windows else { return m }
        let count = ensembles * members
        var state = m.baseState!
        var starts: [[Double]] = []
        starts.reserveCapacity(count)
        for w in 0..<count {
            if w > 0 { m.integrateBinary64(&state, steps: steps(windowDays)) }
            starts.append(state)
        }
        var g = SplitMix64(seed: seed ^ 0x5AA1_0F0F_1234_8765)
        for i in stride(from: count - 1, to: 0, by: -1) {
            starts.swapAt(i, Int(g.next() % UInt64(i + 1)))
        }
        m.windowStarts = starts
        m.windowMembers = members
        return m
    }

    func integrateBinary64(_ state: inout [Double], steps n: Int) {
        var a = NativeArithmetic<Double>()
        let c = constants(&a)
        var f = Fields(state: state, model: self, a: &a)
        var w = Workspace<Double>(model: self, zero: 0)
        for _ in 0..<n { step(&f, c, &w, &a) }
        state = f.u + f.v + f.eta
    }

    public func initialState(seed: UInt64, ensemble: Int, member: Int) -> [Double] {
        if let starts = windowStarts, member < windowMembers, ensemble * windowMembers + member < starts.count {
            return starts[ensemble * windowMembers + member]
        }
        var state = baseState ?? withBaseState().baseState!
        var g = SplitMix64(seed: memberSeed(seed, ensemble, member))
        var noise = (0..<nu).map { _ in perturbation * standardNormal(&g) }
        let mean = noise.reduce(0, +) / Double(nu)  // η's mean is conserved: keep it
        for k in 0..<nu { noise[k] -= mean }
        for k in 0..<nu { state[nu + nv + k] += noise[k] }
        integrateBinary64(&state, steps: steps(decorrelationDays))
        return state
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
        let zero, half, quarter, four, twelfth, gravity, drag, nuB, oneMinusAlpha, diffDt: S
        let rkA: [S], rkB: [S]
        let bottom: [S]    // H at T points (row-major)
        let coriolis: [S]  // Δ·f at corner rows j = 0…ny
        let wind: [S]      // Δ·Fx0/(ρH)·cos²(…) at u rows j = 0..<ny
    }

    func constants<A: ModelArithmetic>(_ a: inout A) -> Constants<A.Scalar> {
        let d = dx, ly = self.ly
        var bottom: [A.Scalar] = []
        bottom.reserveCapacity(nu)
        for _ in 0..<ny {
            for i in 0..<nx {
                let x = (Double(i) + 0.5) * d - lx / 2
                bottom.append(a.constant(depth - ridgeHeight * Double.exp(-(x * x) / (2 * ridgeWidth * ridgeWidth))))
            }
        }
        let phi = latitude * Double.pi / 180
        let f0 = 2 * rotation * Double.sin(phi), beta = 2 * rotation / earthRadius * Double.cos(phi)
        let coriolis = (0...ny).map { a.constant(d * (f0 + beta * (Double($0) * d - ly / 2))) }
        let wind = (0..<ny).map { j -> A.Scalar in
            let c = Double.cos(Double.pi * ((Double(j) + 0.5) * d / ly - 0.5))
            return a.constant(d * windStress / density / depth * c * c)
        }
        let r = dt / d
        return Constants(zero: a.constant(0), half: a.constant(0.5), quarter: a.constant(0.25), four: a.constant(4),
                         twelfth: a.constant(1.0 / 12), gravity: a.constant(gravity), drag: a.constant(-d * dragCoefficient),
                         nuB: a.constant(-viscosity / 30000), oneMinusAlpha: a.constant(1 - slip), diffDt: a.constant(r),
                         rkA: [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6].map { a.constant($0 * r) },
                         rkB: [0.5, 0.5, 1.0].map { a.constant($0 * r) },
                         bottom: bottom, coriolis: coriolis, wind: wind)
    }

    /// Scratch arrays of one tendency evaluation.
    struct Scratch<S> {
        var h, hu, U, p, qa, qb, qc, qd, ke: [S]  // T/u-grid sized (nx·ny)
        var hv, V: [S]                           // interior v grid (nx·(ny−1))
        var q: [S]                               // corners (nx·(ny+1))
        var lu: [S]                              // ∇²u on rows −1…ny (nx·(ny+2))
        var lv: [S]                              // ∇²v on rows 0…ny (nx·(ny+1))
        var sx, sy: [S]                          // viscous fluxes
    }

    struct Workspace<S> {
        var scratch: Scratch<S>
        var du, dv, deta: [S]
        var u0, v0, eta0, u1, v1, eta1: [S]
        init(model m: ShallowWater, zero: S) {
            let t = [S](repeating: zero, count: m.nu), vv = [S](repeating: zero, count: m.nv)
            let corners = [S](repeating: zero, count: m.nx * (m.ny + 1))
            scratch = Scratch(h: t, hu: t, U: t, p: t, qa: t, qb: t, qc: t, qd: t, ke: t, hv: vv, V: vv, q: corners,
                              lu: [S](repeating: zero, count: m.nx * (m.ny + 2)), lv: corners,
                              sx: [S](repeating: zero, count: m.nx * (m.ny + 2)), sy: [S](repeating: zero, count: m.nx * (m.ny + 2)))
            du = t; dv = vv; deta = t
            u0 = t; v0 = vv; eta0 = t; u1 = t; v1 = vv; eta1 = t
        }
    }

    /// The tendencies (du, dv, dη) of the non-diffusive right-hand side, in
    /// ShallowWaters.jl's dimensionless units (multiply by Δt/Δ to step).
    func tendency<A: ModelArithmetic>(_ u: [A.Scalar], _ v: [A.Scalar], _ eta: [A.Scalar], _ c: Constants<A.Scalar>,
                                      _ w: inout Scratch<A.Scalar>, _ du: inout [A.Scalar], _ dv: inout [A.Scalar],
                                      _ deta: inout [A.Scalar], _ a: inout A) {
        let nx = self.nx, ny = self.ny
        @inline(__always) func west(_ i: Int) -> Int { i == 0 ? nx - 1 : i - 1 }
        @inline(__always) func east(_ i: Int) -> Int { i == nx - 1 ? 0 : i + 1 }
        // v at (i, j), j = 0…ny (walls 0).
        @inline(__always) func vAt(_ v: [A.Scalar], _ i: Int, _ j: Int) -> A.Scalar? { j <= 0 || j >= ny ? nil : v[(j - 1) * nx + i] }
        // Thickness, interpolations, fluxes.
        for k in 0..<nu { w.h[k] = a.add(eta[k], c.bottom[k]) }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i
                w.hu[k] = a.multiply(c.half, a.add(w.h[j * nx + west(i)], w.h[k]))
                w.U[k] = a.multiply(u[k], w.hu[k])
            }
        }
        for j in 1..<ny {
            for i in 0..<nx {
                let k = (j - 1) * nx + i
                w.hv[k] = a.multiply(c.half, a.add(w.h[(j - 1) * nx + i], w.h[j * nx + i]))
                w.V[k] = a.multiply(v[k], w.hv[k])
            }
        }
        // Potential vorticity at the corners: q = (Δf + ∂v/∂x − ∂u/∂y) / h_q, with the
        // tangential ghost velocity (1 − α)·u beyond the walls.
        for j in 0...ny {
            for i in 0..<nx {
                let iw = west(i)
                let dvdx: A.Scalar
                if let vE = vAt(v, i, j), let vW = vAt(v, iw, j) { dvdx = a.subtract(vE, vW) } else { dvdx = c.zero }
                let dudy: A.Scalar, hq: A.Scalar
                if j == 0 {
                    dudy = a.subtract(u[i], a.multiply(c.oneMinusAlpha, u[i]))
                    hq = a.multiply(c.half, a.add(w.h[iw], w.h[i]))
                } else if j == ny {
                    let k = (ny - 1) * nx + i
                    dudy = a.subtract(a.multiply(c.oneMinusAlpha, u[k]), u[k])
                    hq = a.multiply(c.half, a.add(w.h[(ny - 1) * nx + iw], w.h[k]))
                } else {
                    dudy = a.subtract(u[j * nx + i], u[(j - 1) * nx + i])
                    hq = a.multiply(c.quarter, a.add(a.add(w.h[(j - 1) * nx + iw], w.h[(j - 1) * nx + i]),
                                                     a.add(w.h[j * nx + iw], w.h[j * nx + i])))
                }
                w.q[j * nx + i] = a.divide(a.subtract(a.add(c.coriolis[j], dvdx), dudy), hq)
            }
        }
        // Arakawa–Hsu triangle sums per T cell (corners SW, SE, NW, NE):
        // qa = SW+NW+NE, qb = SE+NE+NW, qc = SE+SW+NE, qd = SW+NW+SE, each /12.
        for j in 0..<ny {
            for i in 0..<nx {
                let sw = w.q[j * nx + i], se = w.q[j * nx + east(i)], nw = w.q[(j + 1) * nx + i], ne = w.q[(j + 1) * nx + east(i)]
                let k = j * nx + i
                w.qa[k] = a.multiply(c.twelfth, a.add(a.add(sw, nw), ne))
                w.qb[k] = a.multiply(c.twelfth, a.add(a.add(se, ne), nw))
                w.qc[k] = a.multiply(c.twelfth, a.add(a.add(se, sw), ne))
                w.qd[k] = a.multiply(c.twelfth, a.add(a.add(sw, nw), se))
            }
        }
        // Bernoulli potential p = ½(KE_u + KE_v) + gη, KE_u = ½(u_w² + u_e²), KE_v likewise.
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i, ke = j * nx + east(i)
                let keu = a.multiply(c.half, a.add(a.multiply(u[k], u[k]), a.multiply(u[ke], u[ke])))
                let vs = vAt(v, i, j), vn = vAt(v, i, j + 1)
                let vs2 = vs.map { a.multiply($0, $0) }, vn2 = vn.map { a.multiply($0, $0) }
                let kev: A.Scalar
                switch (vs2, vn2) {
                case let (s?, n?): kev = a.multiply(c.half, a.add(s, n))
                case let (s?, nil): kev = a.multiply(c.half, s)
                case let (nil, n?): kev = a.multiply(c.half, n)
                default: kev = c.zero
                }
                w.p[k] = a.add(a.multiply(c.half, a.add(keu, kev)), a.multiply(c.gravity, eta[k]))
            }
        }
        // Momentum: du = qhv − ∂p/∂x + Fx; dv = −qhu − ∂p/∂y.
        @inline(__always) func vFlux(_ i: Int, _ j: Int) -> A.Scalar? { j <= 0 || j >= ny ? nil : w.V[(j - 1) * nx + i] }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i, iw = west(i), kw = j * nx + iw
                var qhv = c.zero
                var first = true
                for (coef, flux) in [(w.qa[k], vFlux(i, j + 1)), (w.qb[kw], vFlux(iw, j + 1)),
                                     (w.qc[kw], vFlux(iw, j)), (w.qd[k], vFlux(i, j))] {
                    guard let f = flux else { continue }
                    let term = a.multiply(coef, f)
                    qhv = first ? term : a.add(qhv, term)
                    first = false
                }
                let dpdx = a.subtract(w.p[k], w.p[kw])
                du[k] = a.add(a.subtract(qhv, dpdx), c.wind[j])
            }
        }
        for j in 1..<ny {
            for i in 0..<nx {
                let ie = east(i), ks = (j - 1) * nx + i, kn = j * nx + i
                let t1 = a.multiply(w.qa[ks], w.U[ks]), t2 = a.multiply(w.qb[ks], w.U[(j - 1) * nx + ie])
                let t3 = a.multiply(w.qc[kn], w.U[j * nx + ie]), t4 = a.multiply(w.qd[kn], w.U[kn])
                let qhu = a.add(a.add(a.add(t1, t2), t3), t4)
                let dpdy = a.subtract(w.p[kn], w.p[ks])
                dv[(j - 1) * nx + i] = a.subtract(a.subtract(c.zero, qhu), dpdy)
            }
        }
        // Continuity: dη = −(∂U/∂x + ∂V/∂y).
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i
                let dUdx = a.subtract(w.U[j * nx + east(i)], w.U[k])
                let vn = vFlux(i, j + 1), vs = vFlux(i, j)
                let dVdy: A.Scalar
                switch (vn, vs) {
                case let (n?, s?): dVdy = a.subtract(n, s)
                case let (n?, nil): dVdy = n
                case let (nil, s?): dVdy = a.subtract(c.zero, s)
                default: dVdy = c.zero
                }
                deta[k] = a.subtract(c.zero, a.add(dUdx, dVdy))
            }
        }
    }

    /// Bottom drag and biharmonic diffusion evaluated at the new state, added
    /// semi-implicitly: u += Δt/Δ · (B_u + ∂x(ν_B ∂x∇²u) + ∂y(ν_B ∂y∇²u)), v likewise.
    func dragAndDiffusion<A: ModelArithmetic>(_ u: inout [A.Scalar], _ v: inout [A.Scalar], _ eta: [A.Scalar],
                                              _ c: Constants<A.Scalar>, _ w: inout Scratch<A.Scalar>, _ a: inout A) {
        let nx = self.nx, ny = self.ny
        @inline(__always) func west(_ i: Int) -> Int { i == 0 ? nx - 1 : i - 1 }
        @inline(__always) func east(_ i: Int) -> Int { i == nx - 1 ? 0 : i + 1 }
        // u on rows −2…ny+1 with tangential ghosts (1 − α)·(mirror).
        @inline(__always) func uAt(_ i: Int, _ j: Int, _ a: inout A) -> A.Scalar {
            if j < 0 { return a.multiply(c.oneMinusAlpha, u[(-1 - j) * nx + i]) }
            if j >= ny { return a.multiply(c.oneMinusAlpha, u[(2 * ny - 1 - j) * nx + i]) }
            return u[j * nx + i]
        }
        @inline(__always) func vAt(_ i: Int, _ j: Int) -> A.Scalar { j <= 0 || j >= ny ? c.zero : v[(j - 1) * nx + i] }
        // Thickness and speed at T points.
        for k in 0..<nu { w.h[k] = a.add(eta[k], c.bottom[k]) }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i, ke = j * nx + east(i)
                let keu = a.multiply(c.half, a.add(a.multiply(u[k], u[k]), a.multiply(u[ke], u[ke])))
                let vs = vAt(i, j), vn = vAt(i, j + 1)
                let kev = a.multiply(c.half, a.add(a.multiply(vs, vs), a.multiply(vn, vn)))
                w.ke[k] = a.squareRoot(a.add(keu, kev))
            }
        }
        // ∇²u on rows −1…ny (stored at row + 1).
        for j in -1...ny {
            for i in 0..<nx {
                let centre = uAt(i, j, &a)
                let sum = a.add(a.add(uAt(west(i), j, &a), uAt(east(i), j, &a)), a.add(uAt(i, j - 1, &a), uAt(i, j + 1, &a)))
                w.lu[(j + 1) * nx + i] = a.subtract(sum, a.multiply(c.four, centre))
            }
        }
        // ∇²v on rows 0…ny (v = 0 on and beyond the walls).
        for j in 0...ny {
            for i in 0..<nx {
                let sum = a.add(a.add(vAt(west(i), j), vAt(east(i), j)), a.add(vAt(i, j - 1), vAt(i, j + 1)))
                w.lv[j * nx + i] = a.subtract(sum, a.multiply(c.four, vAt(i, j)))
            }
        }
        // u: viscous fluxes S11 = ν_B ∂x(∇²u) at T points (east of u(i)), S12 = ν_B ∂y(∇²u) at corners.
        for j in 0..<ny {
            for i in 0..<nx {
                w.sx[j * nx + i] = a.multiply(c.nuB, a.subtract(w.lu[(j + 1) * nx + east(i)], w.lu[(j + 1) * nx + i]))
            }
        }
        for j in 0...ny {
            for i in 0..<nx {
                w.sy[j * nx + i] = a.multiply(c.nuB, a.subtract(w.lu[(j + 1) * nx + i], w.lu[j * nx + i]))
            }
        }
        var newU = u
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * nx + i, kw = j * nx + west(i)
                let hu = a.multiply(c.half, a.add(w.h[kw], w.h[k]))
                let speed = a.multiply(c.half, a.add(w.ke[kw], w.ke[k]))
                let drag = a.divide(a.multiply(a.multiply(c.drag, speed), u[k]), hu)
                let ll1 = a.subtract(w.sx[k], w.sx[kw])
                let ll2 = a.subtract(w.sy[(j + 1) * nx + i], w.sy[j * nx + i])
                newU[k] = a.add(u[k], a.multiply(c.diffDt, a.add(a.add(drag, ll1), ll2)))
            }
        }
        // v: S21 = ν_B ∂x(∇²v) at corners (west of v(i)), S22 = ν_B ∂y(∇²v) at T points.
        for j in 0...ny {
            for i in 0..<nx {
                w.sx[j * nx + i] = a.multiply(c.nuB, a.subtract(w.lv[j * nx + i], w.lv[j * nx + west(i)]))
            }
        }
        for j in 0..<ny {
            for i in 0..<nx {
                w.sy[j * nx + i] = a.multiply(c.nuB, a.subtract(w.lv[(j + 1) * nx + i], w.lv[j * nx + i]))
            }
        }
        for j in 1..<ny {
            for i in 0..<nx {
                let kv = (j - 1) * nx + i, ks = (j - 1) * nx + i, kn = j * nx + i
                let hv = a.multiply(c.half, a.add(w.h[ks], w.h[kn]))
                let speed = a.multiply(c.half, a.add(w.ke[ks], w.ke[kn]))
                let drag = a.divide(a.multiply(a.multiply(c.drag, speed), v[kv]), hv)
                let ll1 = a.subtract(w.sx[j * nx + east(i)], w.sx[j * nx + i])
                let ll2 = a.subtract(w.sy[kn], w.sy[ks])
                v[kv] = a.add(v[kv], a.multiply(c.diffDt, a.add(a.add(drag, ll1), ll2)))
            }
        }
        u = newU
    }

    /// One time step: RK4 of the non-diffusive terms, then drag and diffusion.
    func step<A: ModelArithmetic>(_ s: inout Fields<A.Scalar>, _ c: Constants<A.Scalar>, _ w: inout Workspace<A.Scalar>, _ a: inout A) {
        w.u0 = s.u; w.v0 = s.v; w.eta0 = s.eta
        w.u1 = s.u; w.v1 = s.v; w.eta1 = s.eta
        for rk in 0..<4 {
            tendency(w.u1, w.v1, w.eta1, c, &w.scratch, &w.du, &w.dv, &w.deta, &a)
            if rk < 3 {
                let b = c.rkB[rk]
                for k in 0..<nu { w.u1[k] = a.add(s.u[k], a.multiply(b, w.du[k])) }
                for k in 0..<nv { w.v1[k] = a.add(s.v[k], a.multiply(b, w.dv[k])) }
                for k in 0..<nu { w.eta1[k] = a.add(s.eta[k], a.multiply(b, w.deta[k])) }
            }
            let r = c.rkA[rk]
            for k in 0..<nu { w.u0[k] = a.add(w.u0[k], a.multiply(r, w.du[k])) }
            for k in 0..<nv { w.v0[k] = a.add(w.v0[k], a.multiply(r, w.dv[k])) }
            for k in 0..<nu { w.eta0[k] = a.add(w.eta0[k], a.multiply(r, w.deta[k])) }
        }
        dragAndDiffusion(&w.u0, &w.v0, w.eta0, c, &w.scratch, &a)
        swap(&s.u, &w.u0); swap(&s.v, &w.v0); swap(&s.eta, &w.eta0)
    }

    public func runBinary64(from state: [Double]) -> MemberRun {
        var a = NativeArithmetic<Double>()
        return run(from: state, arithmetic: &a, detectCycles: false)
    }

    public func runKernel(from state: [Double], arithmetic: inout RoundingContext, detectCycles: Bool) -> MemberRun {
        run(from: state, arithmetic: &arithmetic, detectCycles: detectCycles)
    }

    public func run<A: ModelArithmetic>(from state: [Double], arithmetic a: inout A, detectCycles: Bool) -> MemberRun {
        let c = constants(&a)
        var s = Fields(state: state, model: self, a: &a)
        var w = Workspace(model: self, zero: c.zero)
        for _ in 0..<steps(spinUp) { step(&s, c, &w, &a) }
        var etas: [Double] = [], us: [Double] = [], vs: [Double] = []
        let total = max(steps(days), 1), every = max(1, steps(outputDays))
        for n in 1...total {
            step(&s, c, &w, &a)
            if n % every == 0 {
                etas += s.eta.map { a.value($0) }
                us += s.u.map { a.value($0) }
                vs += s.v.map { a.value($0) }
            }
        }
        return MemberRun(samples: [etas, us, vs], finalState: (s.u + s.v + s.eta).map { a.value($0) })
    }
}

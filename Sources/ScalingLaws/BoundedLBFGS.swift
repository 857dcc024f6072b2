/// Limited-memory BFGS with box bounds (a projected variant of L-BFGS-B):
/// the two-loop direction is computed on the free variables (those not held at
/// a bound by the gradient), the step is projected onto the box, and a
/// backtracking Armijo search along the projected path accepts it.
///
/// Stopping rules follow SciPy's L-BFGS-B so results can be compared:
/// the projected gradient's largest component ≤ `gradientTolerance`, or the
/// relative decrease `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ functionTolerance`.
public struct BoundedLBFGS: Sendable {
    /// Stopping and memory settings (the defaults are tighter than SciPy's, see ``scipyDefaults``).
    public struct Options: Sendable, Equatable {
        /// The number of correction pairs kept (the "m" of L-BFGS).
        public var memory: Int = 10
        /// The most iterations before stopping with ``BoundedLBFGS/Stop/iterations``.
        public var maxIterations: Int = 3000
        /// Stop when the projected gradient's largest component is at most this.
        public var gradientTolerance: Double = 1e-11
        /// Stop when the relative decrease of f is at most this.
        public var functionTolerance: Double = 1e-15
        /// Options with the given settings.
        public init(memory: Int = 10, maxIterations: Int = 3000,
                    gradientTolerance: Double = 1e-11, functionTolerance: Double = 1e-15) {
            self.memory = memory
            self.maxIterations = maxIterations
            self.gradientTolerance = gradientTolerance
            self.functionTolerance = functionTolerance
        }
        /// SciPy's defaults for `minimize(method="L-BFGS-B")`: gtol 1e-5, ftol ≈ 2.2e-9.
        public static let scipyDefaults = Options(memory: 10, maxIterations: 15000,
                                                  gradientTolerance: 1e-5, functionTolerance: 2.220446049250313e-09)
    }

    /// Why the minimisation stopped.
    public enum Stop: String, Sendable {
        /// The projected gradient fell below ``Options/gradientTolerance`` (converged).
        case gradient
        /// The relative decrease fell below ``Options/functionTolerance`` (converged).
        case function
        /// ``Options/maxIterations`` were taken.
        case iterations
        /// The line search found no decrease along the projected path.
        case lineSearch
        /// f was not finite at the start.
        case nonFinite
    }

    /// The outcome of a minimisation.
    public struct Result: Sendable {
        /// The best point found (inside the box).
        public var x: [Double]
        /// f at ``x``.
        public var value: Double
        /// The iterations taken.
        public var iterations: Int
        /// The evaluations of f (and its gradient).
        public var evaluations: Int
        /// Why the minimisation stopped.
        public var stop: Stop
    }

    /// The stopping and memory settings.
    public var options: Options
    /// A minimiser with `options`.
    public init(options: Options = Options()) { self.options = options }

    /// Minimises `f` (returning the value and writing the gradient) over the box.
    /// A start outside the box is projected into it; a start where `f` is not
    /// finite returns at once with ``Stop/nonFinite``.
    public func minimize(_ f: ([Double], inout [Double]) -> Double, start: [Double],
                         lower: [Double], upper: [Double]) -> Result {
        let n = start.count
        func project(_ x: [Double]) -> [Double] { (0..<n).map { min(max(x[$0], lower[$0]), upper[$0]) } }
        var x = project(start)
        var g = [Double](repeating: 0, count: n)
        var fx = f(x, &g)
        var evaluations = 1
        guard fx.isFinite else { return Result(x: x, value: fx, iterations: 0, evaluations: 1, stop: .nonFinite) }
        var S: [[Double]] = [], Y: [[Double]] = [], rho: [Double] = []
        var gNew = g
        for iteration in 0..<options.maxIterations {
            // Projected gradient and the set of variables held at a bound.
            var pgMax = 0.0
            var free = [Bool](repeating: true, count: n)
            for i in 0..<n {
                let pg = min(max(x[i] - g[i], lower[i]), upper[i]) - x[i]
                pgMax = max(pgMax, abs(pg))
                if (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0) { free[i] = false }
            }
            if pgMax <= options.gradientTolerance {
                return Result(x: x, value: fx, iterations: iteration, evaluations: evaluations, stop: .gradient)
            }
            var attempt = 0
            var accepted = false
            var xNew = x, fNew = fx
            while attempt < 2 && !accepted {
                attempt += 1
                // Two-loop recursion on the free variables.
                var q = (0..<n).map { free[$0] ? g[$0] : 0 }
                var alphas = [Double](repeating: 0, count: S.count)
                for k in stride(from: S.count - 1, through: 0, by: -1) {
                    var a = 0.0
                    for i in 0..<n where free[i] { a += S[k][i] * q[i] }
                    a *= rho[k]
                    alphas[k] = a
                    for i in 0..<n where free[i] { q[i] -= a * Y[k][i] }
                }
                if let s = S.last, let y = Y.last {
                    var sy = 0.0, yy = 0.0
                    for i in 0..<n where free[i] { sy += s[i] * y[i]; yy += y[i] * y[i] }
                    if sy > 0 && yy > 0 { for i in 0..<n { q[i] *= sy / yy } }
                }
                for k in 0..<S.count {
                    var b = 0.0
                    for i in 0..<n where free[i] { b += Y[k][i] * q[i] }
                    b *= rho[k]
                    for i in 0..<n where free[i] { q[i] += S[k][i] * (alphas[k] - b) }
                }
                var d = (0..<n).map { free[$0] ? -q[$0] : 0 }
                var slope = 0.0
                for i in 0..<n { slope += d[i] * g[i] }
                if !(slope < 0) || S.isEmpty {
                    // Steepest descent, scaled so the first trial step is modest.
                    let gMax = (0..<n).reduce(0.0) { max($0, free[$1] ? abs(g[$1]) : 0) }
                    let scale = S.isEmpty ? min(1, 1 / max(gMax, 1e-300)) : 1
                    d = (0..<n).map { free[$0] ? -g[$0] * scale : 0 }
                }
                var t = 1.0
                for _ in 0..<60 {
                    let trial = project((0..<n).map { x[$0] + t * d[$0] })
                    var decrease = 0.0
                    for i in 0..<n { decrease += g[i] * (trial[i] - x[i]) }
                    let ft = f(trial, &gNew)
                    evaluations += 1
                    if ft.isFinite && ft <= fx + 1e-4 * decrease && trial != x {
                        xNew = trial; fNew = ft; accepted = true
                        break
                    }
                    t *= 0.5
                }
                if !accepted { S.removeAll(); Y.removeAll(); rho.removeAll() }
            }
            if !accepted {
                return Result(x: x, value: fx, iterations: iteration, evaluations: evaluations, stop: .lineSearch)
            }
            let s = (0..<n).map { xNew[$0] - x[$0] }
            let y = (0..<n).map { gNew[$0] - g[$0] }
            var sy = 0.0, yy = 0.0
            for i in 0..<n { sy += s[i] * y[i]; yy += y[i] * y[i] }
            if sy > 1e-10 * yy && sy > 0 {
                S.append(s); Y.append(y); rho.append(1 / sy)
                if S.count > options.memory { S.removeFirst(); Y.removeFirst(); rho.removeFirst() }
            }
            let relative = (fx - fNew) / max(abs(fx), abs(fNew), 1)
            x = xNew; g = gNew
            let fOld = fx
            fx = fNew
            if relative <= options.functionTolerance && fOld >= fNew {
                return Result(x: x, value: fx, iterations: iteration + 1, evaluations: evaluations, stop: .function)
            }
        }
        return Result(x: x, value: fx, iterations: options.maxIterations, evaluations: evaluations, stop: .iterations)
    }
}

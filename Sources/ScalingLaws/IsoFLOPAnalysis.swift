#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import Chop

/// Hoffmann et al.'s (2022) approach 2, IsoFLOP profiles: the runs of each compute
/// budget C give a parabola of the final loss in log N; its minimum is the
/// compute-optimal model size N_opt(C), with D_opt = C/(6 N_opt); least squares of
/// log N_opt and log D_opt on log C give the exponents a and b of N_opt ∝ C^a and
/// D_opt ∝ C^b (the paper: a = 0.49, b = 0.51, Table 2).
public enum IsoFLOPAnalysis {
    /// The nine IsoFLOP budgets of Hoffmann et al.'s Figure 3 (FLOPs).
    public static let chinchillaBudgets: [Double] = [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21]

    /// One IsoFLOP profile.
    public struct Profile: Sendable {
        /// The budget C (FLOPs).
        public var budget: Double
        /// Runs in this profile.
        public var runs: Int
        /// loss ≈ c0 + c1·ln N + c2·(ln N)² (least squares).
        public var coefficients: (c0: Double, c1: Double, c2: Double)
        /// The minimum of the parabola: N_opt = exp(−c1/(2 c2)).
        public var optimalParameters: Double
        /// D_opt = C/(6 N_opt).
        public var optimalTokens: Double
        /// The parabola's loss at N_opt.
        public var optimalLoss: Double
        /// N_opt lies inside the range of the profile's runs (else an extrapolation).
        public var inside: Bool
    }

    /// The result of approach 2.
    public struct Result: Sendable {
        /// The kept IsoFLOP profiles, one per budget.
        public var profiles: [Profile]
        /// N_opt = k_N · C^a.
        public var exponentN: Double
        /// k_N of N_opt = k_N · C^a.
        public var coefficientN: Double
        /// D_opt = k_D · C^b (b = 1 − a when D = C/(6N)).
        public var exponentD: Double
        /// k_D of D_opt = k_D · C^b.
        public var coefficientD: Double
        /// Percentile bootstrap intervals of a and b (rows resampled within each profile).
        public var intervalN: (lower: Double, upper: Double)?
        /// The bootstrap interval of b (nil without bootstrap).
        public var intervalD: (lower: Double, upper: Double)?
        /// The number of bootstrap replicates (0: none).
        public var bootstrapReplicates: Int
    }

    /// Runs approach 2.
    /// - Parameters:
    ///   - parameters: N of each run (N > 0);
    ///   - tokens: D of each run (D > 0), as many as `parameters`;
    ///   - loss: the final loss of each run (finite), as many;
    ///   - budgets: the IsoFLOP budgets; each run joins the budget nearest to C = 6ND in
    ///     log C. Profiles with fewer than 3 runs or a concave parabola are dropped.
    ///   - bootstrap: replicates for the intervals of a and b (0: none).
    ///   - confidence: the two-sided coverage of the bootstrap intervals.
    ///   - seed: the seed of the bootstrap resampling.
    /// - Throws: ``ScalingLawError/invalidArgument(_:)`` when fewer than two usable
    ///   profiles remain or the inputs are malformed.
    public static func fit(parameters: [Double], tokens: [Double], loss: [Double],
                           budgets: [Double] = chinchillaBudgets, bootstrap: Int = 0, confidence: Double = 0.95,
                           seed: UInt64 = 0) throws -> Result {
        guard parameters.count == tokens.count, tokens.count == loss.count, !loss.isEmpty else {
            throw ScalingLawError.invalidArgument("IsoFLOP: N, D and loss need the same, nonzero number of rows")
        }
        guard budgets.count >= 2, budgets.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ScalingLawError.invalidArgument("IsoFLOP: give at least two positive budgets")
        }
        for i in loss.indices where !(parameters[i] > 0 && tokens[i] > 0 && parameters[i].isFinite && tokens[i].isFinite && loss[i].isFinite) {
            throw ScalingLawError.invalidArgument("IsoFLOP: row \(i + 1) needs N > 0, D > 0 and a finite loss")
        }
        let logBudgets = budgets.map { log($0) }
        var groups = [[Int]](repeating: [], count: budgets.count)
        for i in loss.indices {
            let lc = log(6 * parameters[i] * tokens[i])
            var best = 0
            for b in budgets.indices where abs(logBudgets[b] - lc) < abs(logBudgets[best] - lc) { best = b }
            groups[best].append(i)
        }
        func analyse(_ groups: [[Int]]) -> ([Profile], Double, Double, Double, Double)? {
            var profiles: [Profile] = []
            for (b, rows) in groups.enumerated() where rows.count >= 3 {
                let x = rows.map { log(parameters[$0]) }, y = rows.map { loss[$0] }
                guard let c = quadraticFit(x, y), c.2 > 0 else { continue }
                let xOpt = -c.1 / (2 * c.2)
                let nOpt = exp(xOpt)
                profiles.append(Profile(budget: budgets[b], runs: rows.count, coefficients: (c.0, c.1, c.2),
                                        optimalParameters: nOpt, optimalTokens: budgets[b] / (6 * nOpt),
                                        optimalLoss: c.0 + c.1 * xOpt + c.2 * xOpt * xOpt,
                                        inside: xOpt >= x.min()! && xOpt <= x.max()!))
            }
            guard profiles.count >= 2 else { return nil }
            let lc = profiles.map { log($0.budget) }
            let (aN, kN) = linearFit(lc, profiles.map { log($0.optimalParameters) })
            let (aD, kD) = linearFit(lc, profiles.map { log($0.optimalTokens) })
            return (profiles, aN, exp(kN), aD, exp(kD))
        }
        guard let main = analyse(groups) else {
            throw ScalingLawError.invalidArgument("IsoFLOP: fewer than two budgets have 3 or more runs with a convex profile")
        }
        var result = Result(profiles: main.0, exponentN: main.1, coefficientN: main.2, exponentD: main.3,
                            coefficientD: main.4, intervalN: nil, intervalD: nil, bootstrapReplicates: 0)
        if bootstrap > 0 {
            var rng = SplitMix64(seed: SplitMix64.mix(seed &+ 0x150F))
            var aNs: [Double] = [], aDs: [Double] = []
            for _ in 0..<bootstrap {
                let resampled = groups.map { g in g.isEmpty ? g : g.map { _ in g[Int(rng.next() % UInt64(g.count))] } }
                if let r = analyse(resampled) { aNs.append(r.1); aDs.append(r.3) }
            }
            if aNs.count >= 2 {
                aNs.sort(); aDs.sort()
                let tail = (1 - confidence) / 2
                result.intervalN = (ScalingLawFitter.quantile(aNs, tail), ScalingLawFitter.quantile(aNs, 1 - tail))
                result.intervalD = (ScalingLawFitter.quantile(aDs, tail), ScalingLawFitter.quantile(aDs, 1 - tail))
            }
            result.bootstrapReplicates = aNs.count
        }
        return result
    }

    /// Least-squares y ≈ c0 + c1 x + c2 x² (centred for conditioning); nil when singular.
    static func quadraticFit(_ x: [Double], _ y: [Double]) -> (Double, Double, Double)? {
        let n = Double(x.count), mx = x.reduce(0, +) / n
        let u = x.map { $0 - mx }
        var s = [Double](repeating: 0, count: 5), t = [Double](repeating: 0, count: 3)
        for (ui, yi) in zip(u, y) {
            var p = 1.0
            for k in 0..<5 { s[k] += p; if k < 3 { t[k] += p * yi }; p *= ui }
        }
        // Normal equations [s0 s1 s2; s1 s2 s3; s2 s3 s4] d = t, solved by Cramer's rule.
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let a = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
        let d = det(a)
        guard d.isFinite, abs(d) > 1e-300 else { return nil }
        var coef = [Double](repeating: 0, count: 3)
        for k in 0..<3 {
            var m = a
            for r in 0..<3 { m[r][k] = t[r] }
            coef[k] = det(m) / d
        }
        // Back from the centred variable: c2 u² + c1 u + c0 with u = x − mx.
        let (d0, d1, d2) = (coef[0], coef[1], coef[2])
        return (d0 - d1 * mx + d2 * mx * mx, d1 - 2 * d2 * mx, d2)
    }

    /// Least-squares y ≈ slope·x + intercept.
    static func linearFit(_ x: [Double], _ y: [Double]) -> (slope: Double, intercept: Double) {
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
        let slope = sxy / sxx
        return (slope, my - slope * mx)
    }
}

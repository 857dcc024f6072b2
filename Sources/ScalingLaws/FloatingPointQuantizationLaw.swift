#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The floating-point quantization training law of Sun et al. (arXiv 2501.02423)
/// with concrete constants, and the quantities the paper derives from it.
///
/// L(N, D, E, M, B) = n/N^α + d/D^β + ε + (D^β/N^α) · log₂B / (γ (E+½)^δ (M+½)^ν)
///
/// N parameters, D training tokens, E exponent bits, M mantissa bits, B the
/// scaling block size (channel-wise scaling: log₂B ≈ 13.1567). A format of P
/// total bits has E + M = P − 1 (one sign bit).
public struct FloatingPointQuantizationLaw: Sendable, Equatable {
    /// The law's constants, in the paper's symbols: n, α, d, β, ε, γ, δ, ν.
    public var n, alpha, d, beta, epsilon, gamma, delta, nu: Double

    /// A law with the given constants.
    public init(n: Double, alpha: Double, d: Double, beta: Double, epsilon: Double,
                gamma: Double, delta: Double, nu: Double) {
        self.n = n; self.alpha = alpha; self.d = d; self.beta = beta
        self.epsilon = epsilon; self.gamma = gamma; self.delta = delta; self.nu = nu
    }

    /// From constants keyed by the paper's symbols (`n alpha d beta epsilon gamma delta nu`).
    /// - Throws: ``ScalingLawError/missingConstant(_:)``.
    public init(constants c: [String: Double]) throws {
        func get(_ k: String) throws -> Double {
            guard let v = c[k] else { throw ScalingLawError.missingConstant(k) }
            return v
        }
        self.init(n: try get("n"), alpha: try get("alpha"), d: try get("d"), beta: try get("beta"),
                  epsilon: try get("epsilon"), gamma: try get("gamma"), delta: try get("delta"), nu: try get("nu"))
    }

    /// The constants published by Sun et al. (2025).
    public static let published = try! FloatingPointQuantizationLaw(constants: ScalingLaw.fpQuant.published[0].values)

    /// log₂ of the block size the paper uses for channel-wise scaling.
    public static let channelWiseLog2BlockSize = 13.1567

    /// The constants keyed by the paper's symbols (as read by ``init(constants:)``).
    public var constants: [String: Double] {
        ["n": n, "alpha": alpha, "d": d, "beta": beta, "epsilon": epsilon, "gamma": gamma, "delta": delta, "nu": nu]
    }

    /// The predicted loss. Non-positive N, D or B ≤ 1 give NaN or a loss without
    /// the quantization term (B = 1: log₂B = 0).
    public func loss(parameters N: Double, tokens D: Double, exponentBits E: Double,
                     mantissaBits M: Double, blockSize B: Double) -> Double {
        n / pow(N, alpha) + d / pow(D, beta) + epsilon
            + pow(D, beta) / pow(N, alpha) * log2(B) / (gamma * pow(E + 0.5, delta) * pow(M + 0.5, nu))
    }

    /// The continuous optimum of the split of P total bits (sign included):
    /// E = δP/(δ+ν) − ½, M = νP/(δ+ν) − ½ (maximises (E+½)^δ (M+½)^ν with E + M = P − 1).
    public func continuousSplit(totalBits P: Int) -> (exponentBits: Double, mantissaBits: Double) {
        let p = Double(P)
        return (delta * p / (delta + nu) - 0.5, nu * p / (delta + nu) - 0.5)
    }

    /// The best integer split of P total bits: the E ≥ 1, M ≥ 0 with E + M = P − 1
    /// that minimises the quantization term (independent of N, D and B).
    /// - Throws: ``ScalingLawError/invalidArgument(_:)`` for P < 2.
    public func optimalFormat(totalBits P: Int) throws -> (exponentBits: Int, mantissaBits: Int) {
        guard P >= 2 else { throw ScalingLawError.invalidArgument("total bits must be at least 2 (sign + 1 exponent bit), got \(P)") }
        var best = (1, P - 2)
        var bestScore = -Double.infinity
        for e in 1...(P - 1) {
            let m = P - 1 - e
            let score = delta * log(Double(e) + 0.5) + nu * log(Double(m) + 0.5)
            if score > bestScore { bestScore = score; best = (e, m) }
        }
        return best
    }

    /// The critical data size: the D that minimises the loss for fixed N and
    /// format; beyond it more data raises the loss.
    /// D_crit = (d γ N^α (E+½)^δ (M+½)^ν / log₂B)^(1/(2β)). B = 1 (no quantization
    /// term) gives +infinity.
    public func criticalDataSize(parameters N: Double, exponentBits E: Double, mantissaBits M: Double,
                                 blockSize B: Double) -> Double {
        pow(d * gamma * pow(N, alpha) * pow(E + 0.5, delta) * pow(M + 0.5, nu) / log2(B), 1 / (2 * beta))
    }

    /// One row of a compute-optimal search.
    public struct ComputeOptimum: Sendable, Equatable {
        /// The total bits P of the format (sign included).
        public var totalBits: Int
        /// The exponent bits E.
        public var exponentBits: Int
        /// The mantissa bits M = P − 1 − E.
        public var mantissaBits: Int
        /// The compute-optimal parameter count N.
        public var parameters: Double
        /// The compute-optimal token count D.
        public var tokens: Double
        /// The predicted loss at (N, D, E, M).
        public var loss: Double
    }

    /// For a compute budget C (in FLOPs of 16-bit training, cost C = k·N·D·P/16
    /// with k = 6 by default, i.e. cost proportional to bit width), the best
    /// loss at each precision in `bits` (with its best E/M split), minimising over
    /// N with D = 16·C/(k·N·P). Returns the rows sorted by total bits; the
    /// compute-optimal precision is the row of least loss. The loss is convex in
    /// log N, so a golden-section search is exact to the tolerance.
    /// - Throws: ``ScalingLawError/invalidArgument(_:)`` for a non-positive budget or bits < 2.
    public func computeOptimal(compute C: Double, blockSize B: Double, bits: [Int],
                               flopsPerParameterToken k: Double = 6) throws -> [ComputeOptimum] {
        guard C > 0, C.isFinite else { throw ScalingLawError.invalidArgument("compute budget must be positive, got \(C)") }
        return try bits.sorted().map { P in
            let (e, m) = try optimalFormat(totalBits: P)
            let K = 16 * C / (k * Double(P))   // N·D at this precision
            func f(_ u: Double) -> Double {
                let N = exp(u)
                return loss(parameters: N, tokens: K / N, exponentBits: Double(e), mantissaBits: Double(m), blockSize: B)
            }
            var a = 0.0, b = log(K)
            let r = (5.0.squareRoot() - 1) / 2
            var c = b - r * (b - a), dd = a + r * (b - a)
            var fc = f(c), fd = f(dd)
            while b - a > 1e-10 {
                if fc < fd { b = dd; dd = c; fd = fc; c = b - r * (b - a); fc = f(c) }
                else { a = c; c = dd; fc = fd; dd = a + r * (b - a); fd = f(dd) }
            }
            let N = exp((a + b) / 2)
            return ComputeOptimum(totalBits: P, exponentBits: e, mantissaBits: m, parameters: N, tokens: K / N,
                                  loss: f((a + b) / 2))
        }
    }
}

import RealModule

/// Errors from the von Mises–Fisher routines (one-line messages).
public enum VonMisesFisherError: Error, Equatable, CustomStringConvertible {
    /// A dimension p below 2 (the payload).
    case dimensionTooSmall(Int)
    /// Fewer than 2 samples (the payload is the count).
    case notEnoughSamples(Int)
    /// A row (1-based) whose number of components differs from the first row's.
    case raggedData(row: Int, expected: Int, got: Int)
    /// A row (1-based) whose norm differs from 1 by more than 10⁻⁶.
    case notAUnitVector(row: Int, norm: Double)
    /// A row (1-based) with a NaN or infinite component.
    case nonFinite(row: Int)
    /// A concentration κ that is negative, NaN or infinite.
    case invalidConcentration(Double)
    /// A mean direction (or a resultant Σxᵢ) of zero length, or not finite.
    case noMeanDirection

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .dimensionTooSmall(let p): return "dimension \(p) is too small: the von Mises–Fisher fit needs p >= 2"
        case .notEnoughSamples(let n): return "\(n) sample(s): the fit needs at least 2"
        case .raggedData(let row, let expected, let got):
            return "row \(row) has \(got) components, expected \(expected)"
        case .notAUnitVector(let row, let norm): return "row \(row) is not a unit vector (norm \(norm))"
        case .nonFinite(let row): return "row \(row) has a non-finite component"
        case .invalidConcentration(let k): return "concentration \(k) must be finite and >= 0"
        case .noMeanDirection: return "the samples sum to zero: no mean direction"
        }
    }
}

/// The von Mises–Fisher distribution on the unit sphere S^(p−1) ⊂ ℝᵖ, with density
/// C_p(κ) exp(κ μᵀx) for unit μ and concentration κ ≥ 0.
public struct VonMisesFisher: Sendable, Equatable {
    /// The mean direction μ (unit vector).
    public var mean: [Double]
    /// The concentration κ ≥ 0.
    public var kappa: Double
    /// The dimension p of the ambient space (the sphere is S^(p−1)).
    public var dimension: Int { mean.count }

    /// A distribution with mean direction `mean` (normalised to unit length) and
    /// concentration `kappa`.
    ///
    /// - Throws: ``VonMisesFisherError/dimensionTooSmall(_:)`` for fewer than 2
    ///   components, ``VonMisesFisherError/invalidConcentration(_:)`` for a negative,
    ///   NaN or infinite κ, ``VonMisesFisherError/noMeanDirection`` when `mean` has zero
    ///   or non-finite length.
    public init(mean: [Double], kappa: Double) throws {
        guard mean.count >= 2 else { throw VonMisesFisherError.dimensionTooSmall(mean.count) }
        guard kappa.isFinite && kappa >= 0 else { throw VonMisesFisherError.invalidConcentration(kappa) }
        let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm.isFinite && norm > 0 else { throw VonMisesFisherError.noMeanDirection }
        self.mean = mean.map { $0 / norm }
        self.kappa = kappa
    }

    /// log C_p(κ) = (p/2 − 1) log κ − (p/2) log 2π − log I_{p/2−1}(κ).
    ///
    /// Finite for every p ≥ 2 and κ > 0 (e.g. p = 32768, κ = 1e−3 or 1e6). At κ = 0 it is the
    /// limit, minus the log area of the sphere: log Γ(p/2) − log 2 − (p/2) log π.
    /// NaN for p < 2, κ < 0 or NaN.
    public static func logNormalizer(dimension p: Int, kappa: Double) -> Double {
        guard p >= 2, kappa >= 0 else { return .nan }
        let half = Double(p) / 2
        if kappa == 0 { return Double.logGamma(half) - Double.log(2) - half * Double.log(Double.pi) }
        return (half - 1) * Double.log(kappa) - half * Double.log(2 * Double.pi) - logBesselI(half - 1, kappa)
    }

    /// A_p(κ) = I_{p/2}(κ) / I_{p/2−1}(κ) = E[μᵀx], the mean resultant length.
    public static func meanResultantLength(dimension p: Int, kappa: Double) -> Double {
        besselIRatio(Double(p) / 2 - 1, kappa)
    }

    /// Log-likelihood of unit vectors with resultant Σxᵢ whose projection on μ is `projection`:
    /// n log C_p(κ) + κ μᵀΣxᵢ.
    public static func logLikelihood(dimension p: Int, kappa: Double, count n: Int, projection: Double) -> Double {
        Double(n) * logNormalizer(dimension: p, kappa: kappa) + kappa * projection
    }

    /// The result of `fit(_:)`.
    public struct Fit: Sendable, Equatable {
        /// The fitted distribution (μ̂, κ̂).
        public var distribution: VonMisesFisher
        /// R̄ = |Σxᵢ| / n.
        public var meanResultantLength: Double
        /// The log-likelihood of the samples at the fitted parameters.
        public var logLikelihood: Double
        /// The Newton steps taken for κ̂.
        public var newtonIterations: Int
    }

    /// Maximum-likelihood fit to unit vectors (rows) in p ≥ 2 dimensions.
    ///
    /// μ̂ = Σxᵢ/|Σxᵢ|, and κ̂ solves A_p(κ) = R̄ by Newton's method on
    /// A'(κ) = 1 − A² − (p−1)A/κ (Sra 2012), started from Banerjee et al.'s
    /// R̄(p − R̄²)/(1 − R̄²), with A from `besselIRatio` (log-space Bessel functions, so any
    /// p up to 32768 and beyond works). Rows must be unit vectors to within 1e−6.
    ///
    /// Throws `VonMisesFisherError` for fewer than 2 rows, p < 2, ragged or non-finite rows,
    /// rows that are not unit vectors, or a zero resultant. R̄ = 1 (all rows equal) would
    /// make κ̂ infinite; it is reported as `invalidConcentration(.infinity)`.
    public static func fit(_ rows: [[Double]]) throws -> Fit {
        guard rows.count >= 2 else { throw VonMisesFisherError.notEnoughSamples(rows.count) }
        let p = rows[0].count
        guard p >= 2 else { throw VonMisesFisherError.dimensionTooSmall(p) }
        var sum = [Double](repeating: 0, count: p)
        for (i, row) in rows.enumerated() {
            guard row.count == p else { throw VonMisesFisherError.raggedData(row: i + 1, expected: p, got: row.count) }
            var n2 = 0.0
            for j in 0..<p {
                let c = row[j]
                guard c.isFinite else { throw VonMisesFisherError.nonFinite(row: i + 1) }
                n2 += c * c
                sum[j] += c
            }
            guard abs(n2.squareRoot() - 1) <= 1e-6 else {
                throw VonMisesFisherError.notAUnitVector(row: i + 1, norm: n2.squareRoot())
            }
        }
        let n = Double(rows.count)
        let length = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 0 else { throw VonMisesFisherError.noMeanDirection }
        let rBar = min(length / n, 1)
        guard rBar < 1 else { throw VonMisesFisherError.invalidConcentration(.infinity) }
        let pd = Double(p)
        var kappa = rBar * (pd - rBar * rBar) / (1 - rBar * rBar)
        var iterations = 0
        for _ in 0..<50 {
            let a = meanResultantLength(dimension: p, kappa: kappa)
            let da = 1 - a * a - (pd - 1) / kappa * a
            guard da > 0 else { break }
            var next = kappa - (a - rBar) / da
            if !(next > 0) { next = kappa / 2 }
            iterations += 1
            let done = abs(next - kappa) <= 1e-13 * kappa
            kappa = next
            if done { break }
        }
        let dist = try VonMisesFisher(mean: sum, kappa: kappa)
        let ll = logLikelihood(dimension: p, kappa: kappa, count: rows.count, projection: length)
        return Fit(distribution: dist, meanResultantLength: rBar, logLikelihood: ll, newtonIterations: iterations)
    }
}

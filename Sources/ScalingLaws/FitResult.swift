/// A fitted law: constants, objective, residuals and (optionally) bootstrap
/// uncertainty.
public struct FitResult: Sendable {
    public struct Interval: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
    }

    public struct Bootstrap: Sendable {
        public var replicates: Int
        public var confidence: Double
        /// Standard deviation of each constant over the replicates.
        public var standardErrors: [String: Double]
        /// Percentile intervals at ``confidence``.
        public var intervals: [String: Interval]
        /// Replicate constants, one dictionary per replicate.
        public var samples: [[String: Double]]
    }

    public var law: ScalingLaw
    /// Parameter values in the law's parameter order.
    public var values: [Double]
    /// The minimised objective (Huber sum or mean).
    public var objective: Double
    /// Log-space residuals `log(prediction) − log(observed)`, per row.
    public var residuals: [Double]
    public var starts: Int
    /// Starts whose final objective is within 1e-9 (relative) of the best.
    public var startsAtBest: Int
    public var stop: BoundedLBFGS.Stop
    public var iterations: Int
    public var bootstrap: Bootstrap?
    /// The objective that was minimised.
    public var reduction: HuberObjective.Reduction = .sum
    /// The fitted scale s of the Huber likelihood (nil for the Huber-loss objectives).
    public var scale: Double? = nil

    /// Constants by symbol.
    public var constants: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(law.parameters.map(\.name), values))
    }

    public var rmsResidual: Double {
        (residuals.reduce(0) { $0 + $1 * $1 } / Double(max(residuals.count, 1))).squareRoot()
    }

    public var maxAbsResidual: Double { residuals.reduce(0) { max($0, abs($1)) } }

    /// Constants at a bound of the fit (a sign that the bounds or the data limit the fit).
    public var parametersAtBounds: [String] {
        zip(law.parameters, values).filter { p, v in
            abs(v - p.lower) <= 1e-9 * max(abs(p.lower), 1e-300) || abs(v - p.upper) <= 1e-9 * max(abs(p.upper), 1e-300)
                || (!p.logScale && (abs(v - p.lower) <= 1e-12 || abs(v - p.upper) <= 1e-12))
        }.map { $0.0.name }
    }
}

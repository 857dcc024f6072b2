/// A fitted law: constants, objective, residuals and (optionally) bootstrap
/// uncertainty.
public struct FitResult: Sendable {
    /// A closed interval of a constant's values.
    public struct Interval: Sendable, Equatable {
        /// The lower end.
        public var lower: Double
        /// The upper end.
        public var upper: Double
    }

    /// Bootstrap uncertainty of the constants.
    public struct Bootstrap: Sendable {
        /// The number of bootstrap replicates.
        public var replicates: Int
        /// The two-sided coverage of the ``intervals``.
        public var confidence: Double
        /// Standard deviation of each constant over the replicates.
        public var standardErrors: [String: Double]
        /// Percentile intervals at ``confidence``.
        public var intervals: [String: Interval]
        /// Replicate constants, one dictionary per replicate.
        public var samples: [[String: Double]]
    }

    /// The law that was fitted.
    public var law: ScalingLaw
    /// Parameter values in the law's parameter order.
    public var values: [Double]
    /// The minimised objective (Huber sum or mean).
    public var objective: Double
    /// Log-space residuals `log(prediction) − log(observed)`, per row.
    public var residuals: [Double]
    /// The number of grid starts minimised.
    public var starts: Int
    /// Starts whose final objective is within 1e-9 (relative) of the best.
    public var startsAtBest: Int
    /// Why the best start's minimisation stopped.
    public var stop: BoundedLBFGS.Stop
    /// The iterations of the best start's minimisation.
    public var iterations: Int
    /// Bootstrap uncertainty, when replicates were asked for.
    public var bootstrap: Bootstrap?
    /// The objective that was minimised.
    public var reduction: HuberObjective.Reduction = .sum
    /// The fitted scale s of the Huber likelihood (nil for the Huber-loss objectives).
    public var scale: Double? = nil

    /// Constants by symbol.
    public var constants: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(law.parameters.map(\.name), values))
    }

    /// The root-mean-square log residual (0 for no rows).
    public var rmsResidual: Double {
        (residuals.reduce(0) { $0 + $1 * $1 } / Double(max(residuals.count, 1))).squareRoot()
    }

    /// The largest |log residual| (0 for no rows).
    public var maxAbsResidual: Double { residuals.reduce(0) { max($0, abs($1)) } }

    /// Constants at a bound of the fit (a sign that the bounds or the data limit the fit).
    public var parametersAtBounds: [String] {
        zip(law.parameters, values).filter { p, v in
            abs(v - p.lower) <= 1e-9 * max(abs(p.lower), 1e-300) || abs(v - p.upper) <= 1e-9 * max(abs(p.upper), 1e-300)
                || (!p.logScale && (abs(v - p.lower) <= 1e-12 || abs(v - p.upper) <= 1e-12))
        }.map { $0.0.name }
    }
}

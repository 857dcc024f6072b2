/// How ``ScalingLawFitter`` fits a law.
public struct FitOptions: Sendable {
    /// At most this many grid starts; a larger grid is sampled without
    /// replacement, deterministically for ``seed``.
    public var maxStarts: Int = 512
    /// The seed of start sampling and of the bootstrap resampling.
    public var seed: UInt64 = 0
    /// Worker threads for the multi-start grid and the bootstrap (results do
    /// not depend on it).
    public var threads: Int = ScalingLawFitter.availableCores
    /// The settings of each local minimisation.
    public var optimizer = BoundedLBFGS.Options()
    /// Huber threshold δ on log residuals.
    public var huberDelta: Double = 1e-3
    /// The objective: Huber sum, Huber mean, or Huber likelihood.
    public var reduction: HuberObjective.Reduction = .sum
    /// Bootstrap replicates (0: none). Each resamples the rows with
    /// replacement and refits from the best fit.
    public var bootstrap: Int = 0
    /// Two-sided coverage of the percentile bootstrap intervals.
    public var confidence: Double = 0.95
    /// Called from the worker threads each time one start's optimisation or one
    /// bootstrap replicate finishes (there are `min(grid size, maxStarts)` starts and
    /// ``bootstrap`` replicates), for progress reports; it does not affect the fit.
    public var onTaskFinished: (@Sendable () -> Void)?

    /// Options with the given settings (the defaults are the papers' choices).
    public init(maxStarts: Int = 512, seed: UInt64 = 0, threads: Int = ScalingLawFitter.availableCores,
                optimizer: BoundedLBFGS.Options = BoundedLBFGS.Options(), huberDelta: Double = 1e-3,
                reduction: HuberObjective.Reduction = .sum, bootstrap: Int = 0, confidence: Double = 0.95) {
        self.maxStarts = maxStarts
        self.seed = seed
        self.threads = threads
        self.optimizer = optimizer
        self.huberDelta = huberDelta
        self.reduction = reduction
        self.bootstrap = bootstrap
        self.confidence = confidence
    }
}

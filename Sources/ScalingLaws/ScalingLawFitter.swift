import Chop
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Fits a ``ScalingLaw`` to a ``ScalingDataset``: Huber loss on log residuals,
/// bounded L-BFGS from a grid of starts (run on all cores), best start wins
/// (ties broken by grid order, so the result does not depend on the thread
/// count), then optional bootstrap intervals.
public enum ScalingLawFitter {
    /// Online processor count (at least 1).
    public static var availableCores: Int { ProcessorCount.active }

    /// The grid starts, in optimiser coordinates, that a fit with `options` uses.
    public static func starts(for law: ScalingLaw, options: FitOptions) -> [[Double]] {
        let grids = law.parameters.map { p in p.grid.map { min(max($0, p.lower), p.upper) } }
        let total = grids.reduce(1.0) { $0 * Double($1.count) }
        var indices: [Int]
        if total <= Double(options.maxStarts) {
            indices = Array(0..<Int(total))
        } else {
            let count = Int(total)
            var rng = SplitMix64(seed: options.seed ^ 0x5CA1_AB1E)
            var chosen = Set<Int>()
            indices = []
            while indices.count < options.maxStarts {
                let k = Int(rng.next() % UInt64(count))
                if chosen.insert(k).inserted { indices.append(k) }
            }
            indices.sort()
        }
        return indices.map { flat in
            var k = flat
            return zip(law.parameters, grids).map { p, g in
                let v = g[k % g.count]
                k /= g.count
                return p.logScale ? log(v) : v
            }
        }
    }

    /// Fits the law.
    /// - Throws: ``ScalingLawError/invalidArgument(_:)`` when no start gives a finite
    ///   objective (e.g. a user law undefined on the data).
    public static func fit(_ law: ScalingLaw, to data: ScalingDataset, options: FitOptions = FitOptions()) throws -> FitResult {
        var tuned = options
        if tuned.reduction == .likelihood && tuned.optimizer == BoundedLBFGS.Options() {
            // The likelihood is L1-like at its optimum (fitted scale ≈ δ·mean|r|, so almost every
            // standardised residual is beyond δ): a relative decrease of 1e-13 is the
            // achievable stopping point, not the default 1e-15.
            tuned.optimizer.functionTolerance = 1e-13
            tuned.optimizer.gradientTolerance = 1e-7
        }
        let options = tuned
        let objective = HuberObjective(law: law, data: data, delta: options.huberDelta, reduction: options.reduction)
        let starts = starts(for: law, options: options).map { objective.start(fromLawCoordinates: $0) }
        let results = parallelMap(starts.count, threads: options.threads) { i in
            defer { options.onTaskFinished?() }
            return minimize(objective, from: starts[i], options: options.optimizer)
        }
        var best = 0
        for i in results.indices where results[i].value < results[best].value { best = i }
        let winner = results[best]
        guard winner.value.isFinite else {
            throw ScalingLawError.invalidArgument("no start gives a finite objective: the law is undefined on these data")
        }
        let atBest = results.filter { abs($0.value - winner.value) <= 1e-9 * max(abs(winner.value), 1e-300) }.count
        let values = objective.parameters(fromCoordinates: winner.x)
        var result = FitResult(law: law, values: values, objective: winner.value,
                               residuals: objective.residuals(parameters: values), starts: starts.count,
                               startsAtBest: atBest, stop: winner.stop, iterations: winner.iterations, bootstrap: nil)
        result.scale = objective.scale(atCoordinates: winner.x)
        result.reduction = options.reduction
        if options.bootstrap > 0 {
            result.bootstrap = bootstrap(law, data: data, from: winner.x, options: options)
        }
        return result
    }

    static func minimize(_ objective: HuberObjective, from start: [Double], options: BoundedLBFGS.Options) -> BoundedLBFGS.Result {
        let bounds = objective.coordinateBounds
        return BoundedLBFGS(options: options).minimize({ objective.value(at: $0, gradient: &$1) },
                                                       start: start, lower: bounds.lower, upper: bounds.upper)
    }

    static func bootstrap(_ law: ScalingLaw, data: ScalingDataset, from start: [Double], options: FitOptions) -> FitResult.Bootstrap {
        let n = data.count
        let fits = parallelMap(options.bootstrap, threads: options.threads) { r -> [Double] in
            defer { options.onTaskFinished?() }
            // Independent stream per replicate: an avalanche-mixed seed (consecutive
            // SplitMix64 seeds spaced by its increment would give shifted copies of one stream).
            var rng = SplitMix64(seed: SplitMix64.mix(options.seed &+ SplitMix64.mix(UInt64(r) &+ 0xB007)))
            let sample = data.subset((0..<n).map { _ in Int(rng.next() % UInt64(n)) })
            let objective = HuberObjective(law: law, data: sample, delta: options.huberDelta, reduction: options.reduction)
            return objective.parameters(fromCoordinates: minimize(objective, from: start, options: options.optimizer).x)
        }
        var se: [String: Double] = [:]
        var intervals: [String: FitResult.Interval] = [:]
        let tail = (1 - options.confidence) / 2
        for (k, p) in law.parameters.enumerated() {
            let column = fits.map { $0[k] }.sorted()
            let mean = column.reduce(0, +) / Double(column.count)
            se[p.name] = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(column.count - 1, 1))).squareRoot()
            intervals[p.name] = FitResult.Interval(lower: quantile(column, tail), upper: quantile(column, 1 - tail))
        }
        let names = law.parameters.map(\.name)
        return FitResult.Bootstrap(replicates: options.bootstrap, confidence: options.confidence, standardErrors: se,
                                   intervals: intervals,
                                   samples: fits.map { Dictionary(uniqueKeysWithValues: zip(names, $0)) })
    }

    /// Linear-interpolation quantile (NumPy's default) of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let h = q * Double(sorted.count - 1)
        let i = Int(h.rounded(.down))
        return i + 1 < sorted.count ? sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    /// `body(0..<count)` on `threads` workers; the output is in index order.
    static func parallelMap<T>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let box = ResultBox<T>(count)
        parallelFor(count, workers: threads) { i in box.store(body(i), at: i) }
        return box.values()
    }
}

/// Slots written by distinct workers at distinct indices.
private final class ResultBox<T>: @unchecked Sendable {
    private var slots: UnsafeMutablePointer<T?>
    private let count: Int
    init(_ count: Int) {
        self.count = count
        slots = .allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil, count: max(count, 1))
    }
    func store(_ value: T, at i: Int) { slots[i] = value }
    func values() -> [T] { (0..<count).map { slots[$0]! } }
    deinit {
        slots.deinitialize(count: max(count, 1))
        slots.deallocate()
    }
}

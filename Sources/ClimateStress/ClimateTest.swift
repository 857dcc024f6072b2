import Chop
import Dispatch

/// One (model, precision, mode, diagnostic) outcome of the climate test.
public struct ClimateResult: Sendable {
    /// The model's name (`lorenz`, `shallow-water`, `soil`).
    public var model: String
    /// The working precision tested.
    public var precision: ModelPrecision
    /// The mode name as given by the caller (e.g. `rn`, `sr`, `toward-zero`).
    public var modeName: String
    /// The rounding mode tested.
    public var mode: RoundingMode
    /// The diagnostic compared (`x`, `eta`, `temperature`, …).
    public var diagnostic: String
    /// Members per ensemble, null ensembles, sampled run length, output interval.
    public var members: Int
    /// The number of binary64 null ensembles K.
    public var nullEnsembles: Int
    /// The sampled run length, in ``timeUnit``.
    public var runLength: Double
    /// The output interval, in ``timeUnit``.
    public var outputInterval: Double
    /// The model's unit of time (`model time units`, `days`, `years`).
    public var timeUnit: String
    /// Pooled sample size of the tested ensemble.
    public var samples: Int
    /// W1 distance between the tested climate and the binary64 reference.
    public var w1: Double
    /// The largest W1 distance of a binary64 null ensemble to the reference.
    public var threshold: Double
    /// w1 / threshold.
    public var ratio: Double { threshold > 0 ? w1 / threshold : (w1 == 0 ? 0 : .infinity) }
    /// Passes when w1 ≤ threshold (false-fail rate of a binary64 ensemble ≈ 1/(K+1)).
    public var pass: Bool { w1 <= threshold }
    /// Mean of the tested climate minus the mean of the reference climate.
    public var meanShift: Double
    /// Fraction of tested members that fell onto an exactly periodic orbit
    /// (deterministic modes of models that look for cycles; otherwise 0).
    public var periodicFraction: Double
    /// Members whose run produced NaN or ±∞ (such an ensemble fails).
    public var divergedMembers: Int
    /// Soil column: the heat taken up by the tested members relative to the
    /// reference (1 = as in binary64); nil for other models.
    public var heatUptakeRatio: Double?
    /// Mean final state over the tested members (the soil-column temperature profile).
    public var meanFinalState: [Double]
    /// The W1 distance of each binary64 null ensemble to the reference.
    public var nullDistances: [Double] = []
    /// Rank p-value of ``w1`` among ``nullDistances``: (1 + #{null ≥ w1}) / (K + 1).
    public var rankPValue: Double = 1
    /// The p-value used for the decision: the permutation p-value (tested members
    /// against the pool of null members, ``ClimateTest/permutations`` random subsets)
    /// when permutations > 0, else ``rankPValue``.
    public var pValue: Double = 1
    /// Benjamini–Hochberg adjusted p-value over every result of the run
    /// (diagnostics × precisions × modes).
    public var qValue: Double = 1
    /// The false-discovery-rate level of the decision.
    public var fdrLevel: Double = 0.05
    /// The climate is declared different from binary64: qValue ≤ fdrLevel.
    public var rejected: Bool { qValue <= fdrLevel }
}

/// The climate test of Paxton et al. (2022): W1 distance between the climate of a
/// low-precision ensemble and a binary64 reference ensemble, judged against the W1
/// distances of ``nullEnsembles`` further binary64 ensembles started from other
/// initial conditions. The threshold is the maximum of the null distances, so a
/// binary64 ensemble fails with probability about 1/(K+1).
///
/// Ensembles: index 0 is the reference, 1…K the null ensembles, K+1 the tested
/// ensembles (the same initial conditions for every precision and mode). Members run
/// in parallel; each member's initial condition and stochastic-rounding stream are
/// derived from (seed, ensemble, member), so results do not depend on scheduling.
public struct ClimateTest<Model: ClimateModel>: Sendable {
    /// The model, prepared for the test's ensembles.
    public var model: Model
    /// Members per ensemble (at least 1).
    public var members: Int
    /// The number of binary64 null ensembles K (at least 1); a binary64 ensemble fails
    /// with probability about 1/(K+1).
    public var nullEnsembles: Int
    /// The seed of the initial conditions and of every member's stochastic-rounding stream.
    public var seed: UInt64
    /// Worker threads (0: every core); results do not depend on it.
    public var threads: Int
    /// Random subsets of the permutation test (0: use the rank p-value against the null ensembles).
    public var permutations: Int = 999
    /// False-discovery-rate level of the Benjamini–Hochberg decision.
    public var fdrLevel: Double = 0.05

    /// - Throws: ``ClimateError`` when members < 1 or nullEnsembles < 1.
    public init(model: Model, members: Int, nullEnsembles: Int = 19, seed: UInt64 = 1, threads: Int = 0) throws {
        guard members >= 1 else { throw ClimateError.invalidParameter("members must be at least 1, got \(members)") }
        guard nullEnsembles >= 1 else { throw ClimateError.invalidParameter("null ensembles must be at least 1, got \(nullEnsembles)") }
        self.model = model.prepared(ensembles: nullEnsembles + 2, members: members, seed: seed)
        self.members = members
        self.nullEnsembles = nullEnsembles
        self.seed = seed
        self.threads = threads
    }

    /// Runs one ensemble (`ensemble` selects the initial conditions) in a precision and mode.
    public func ensemble(_ ensemble: Int, precision: ModelPrecision, mode: RoundingMode) -> [MemberRun] {
        let model = self.model, seed = self.seed
        let results = UnsafeMutableBufferPointer<MemberRun?>.allocate(capacity: members)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let slots = MemberSlots(results)
        let workers = threads > 0 ? threads : ProcessorCount.active
        parallelFor(members, workers: workers) { m in
            let state = model.initialState(seed: seed, ensemble: ensemble, member: m)
            let run: MemberRun
            switch precision {
            case .binary64 where mode == .nearestEven:
                run = model.runBinary64(from: state)
            default:
                var a = RoundingContext(format: precision.floatFormat, mode: mode, seed: seed,
                                         stream: UInt64(ensemble) << 32 | UInt64(m))
                run = model.runKernel(from: state, arithmetic: &a, detectCycles: !mode.isStochastic)
            }
            slots.base[m] = run
        }
        return results.map { $0! }
    }

    /// Pooled, sorted samples of diagnostic `d`; nil when a value is not finite.
    static func pooled(_ runs: [MemberRun], _ d: Int) -> [Double]? {
        var all: [Double] = []
        for r in runs { all.append(contentsOf: r.samples[d]) }
        if all.contains(where: { !$0.isFinite }) { return nil }
        all.sort()
        return all
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    /// Runs the reference, the null ensembles and every case, and returns one result per
    /// (case, diagnostic). `cases` pairs a precision with a mode and the mode's display name.
    /// p-values: rank among the null distances and (with ``permutations`` > 0) a
    /// permutation test against the pool of null members; q-values: Benjamini–Hochberg
    /// over all returned results.
    public func run(cases: [(precision: ModelPrecision, mode: RoundingMode, modeName: String)],
                    progress: (String) -> Void = { _ in }) -> [ClimateResult] {
        progress("\(model.name): binary64 reference ensemble (\(members) members)")
        let reference = ensemble(0, precision: .binary64, mode: .nearestEven)
        let diagnostics = model.diagnostics
        let referenceSamples = diagnostics.indices.map { Self.pooled(reference, $0)! }
        var nullDistances = [[Double]](repeating: [], count: diagnostics.count)
        var nullMembers = [[[Double]]](repeating: [], count: diagnostics.count)
        for k in 1...nullEnsembles {
            progress("\(model.name): binary64 null ensemble \(k)/\(nullEnsembles)")
            let null = ensemble(k, precision: .binary64, mode: .nearestEven)
            for d in diagnostics.indices {
                nullDistances[d].append(Wasserstein.distance(sorted: Self.pooled(null, d)!, referenceSamples[d]))
                if permutations > 0 { nullMembers[d] += null.map { $0.samples[d] } }
            }
        }
        let referenceHeat = model is SoilColumn ? heatUptake(reference, ensemble: 0) : nil
        var out: [ClimateResult] = []
        for (caseIndex, c) in cases.enumerated() {
            progress("\(model.name): \(c.precision) \(c.modeName)")
            let runs = ensemble(nullEnsembles + 1, precision: c.precision, mode: c.mode)
            let diverged = runs.filter { r in r.samples.contains { $0.contains { !$0.isFinite } } || r.finalState.contains { !$0.isFinite } }.count
            let periodic = Double(runs.filter(\.periodic).count) / Double(runs.count)
            var meanFinal = [Double](repeating: 0, count: runs[0].finalState.count)
            for r in runs { for i in meanFinal.indices { meanFinal[i] += r.finalState[i] / Double(runs.count) } }
            let heat: Double? = referenceHeat.map { heatUptake(runs, ensemble: nullEnsembles + 1) / $0 }
            for d in diagnostics.indices {
                let pooled = Self.pooled(runs, d)
                let w1 = pooled.map { Wasserstein.distance(sorted: $0, referenceSamples[d]) } ?? .infinity
                let shift = pooled.map { Self.mean($0) - Self.mean(referenceSamples[d]) } ?? .nan
                var result = ClimateResult(
                    model: model.name, precision: c.precision, modeName: c.modeName, mode: c.mode,
                    diagnostic: diagnostics[d], members: members, nullEnsembles: nullEnsembles,
                    runLength: model.runLength, outputInterval: model.outputInterval, timeUnit: model.timeUnit,
                    samples: runs.reduce(0) { $0 + $1.samples[d].count }, w1: w1, threshold: nullDistances[d].max() ?? 0,
                    meanShift: shift, periodicFraction: periodic, divergedMembers: diverged,
                    heatUptakeRatio: heat, meanFinalState: meanFinal)
                result.nullDistances = nullDistances[d]
                result.rankPValue = ClimateStatistics.rankPValue(w1, null: nullDistances[d])
                if permutations > 0 {
                    let permutationSeed = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(caseIndex * diagnostics.count + d)
                    result.pValue = pooled == nil ? 1 / Double(permutations + 1)
                        : ClimateStatistics.permutationPValue(tested: runs.map { $0.samples[d] }, null: nullMembers[d],
                                                              reference: referenceSamples[d], permutations: permutations,
                                                              seed: permutationSeed) ?? 1
                } else {
                    result.pValue = result.rankPValue
                }
                result.fdrLevel = fdrLevel
                out.append(result)
            }
        }
        let q = ClimateStatistics.benjaminiHochberg(out.map(\.pValue))
        for i in out.indices { out[i].qValue = q[i] }
        return out
    }

    /// Mean heat uptake of soil-column members: Σ (T_final − T_initial) · Δz over layers
    /// (K·m, per unit heat capacity and area), each member against its own binary64
    /// initial state (so the initial perturbations cancel).
    func heatUptake(_ runs: [MemberRun], ensemble: Int) -> Double {
        guard let soil = model as? SoilColumn else { return .nan }
        var total = 0.0
        for (m, r) in runs.enumerated() {
            let initial = soil.initialState(seed: seed, ensemble: ensemble, member: m)
            for (t, t0) in zip(r.finalState, initial) { total += (t - t0) * soil.dz }
        }
        return total / Double(runs.count)
    }
}

/// The members' result slots, written by ``parallelFor(_:workers:_:)``'s workers at
/// distinct indices.
struct MemberSlots: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<MemberRun?>
    init(_ base: UnsafeMutableBufferPointer<MemberRun?>) { self.base = base }
}

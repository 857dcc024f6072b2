import Chop

/// The statistics of the climate test: rank-based p-values of a tested W1 distance
/// against binary64 null distances, a permutation test on the same distance, and
/// Benjamini–Hochberg control of the false discovery rate across many tests.
public enum ClimateStatistics {
    /// The rank p-value of `tested` among `null` statistics (larger = further from the
    /// reference): (1 + #{k : null_k ≥ tested}) / (K + 1).
    ///
    /// When the tested statistic and the K null statistics are exchangeable (a binary64
    /// ensemble tested against binary64 null ensembles), P(p ≤ α) ≤ α for every α, with
    /// equality at α = j/(K+1). The smallest possible value is 1/(K+1).
    /// - Edge cases: an infinite or NaN tested value (a diverged ensemble) gives
    ///   1/(K+1); an empty `null` gives 1.
    public static func rankPValue(_ tested: Double, null: [Double]) -> Double {
        if null.isEmpty { return 1 }
        if !tested.isFinite { return 1 / Double(null.count + 1) }
        let atLeast = null.filter { $0 >= tested }.count
        return Double(1 + atLeast) / Double(null.count + 1)
    }

    /// Benjamini–Hochberg adjusted p-values (q-values): q_(i) = min_{j ≥ i} m·p_(j)/j,
    /// capped at 1, in the input order. Rejecting every test with q ≤ α controls the
    /// false discovery rate at α for independent or positively dependent tests.
    /// - Edge cases: NaN p-values are treated as 1.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        if m == 0 { return [] }
        let clean = p.map { $0.isNaN ? 1 : min(max($0, 0), 1) }
        let order = clean.indices.sorted { clean[$0] < clean[$1] || (clean[$0] == clean[$1] && $0 < $1) }
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for r in stride(from: m - 1, through: 0, by: -1) {
            let i = order[r]
            running = min(running, clean[i] * Double(m) / Double(r + 1))
            q[i] = min(running, 1)
        }
        return q
    }

    /// A Monte Carlo permutation test of "the tested members come from the same
    /// distribution as the binary64 null members", with the W1 distance to the reference
    /// as statistic (evaluated exactly in integers on a fixed grid of `bins` cells, so
    /// that ties are exact).
    ///
    /// Under the null hypothesis the tested members and the null members are
    /// exchangeable, so the tested ensemble is a uniformly random M-subset of the pool;
    /// `permutations` random M-subsets give p = (1 + #{T(S_b) ≥ T(tested)}) / (B + 1),
    /// which satisfies P(p ≤ α) ≤ α (Phipson and Smyth 2010). Subsets are drawn from a
    /// generator seeded by `seed`, so the p-value is reproducible.
    ///
    /// - Parameters:
    ///   - tested: each tested member's samples (finite);
    ///   - null: each binary64 null member's samples (finite; all members the same size);
    ///   - reference: the pooled, sorted reference samples.
    ///   - permutations: the number B of random subsets (at least 1).
    ///   - bins: the cells of the grid on which W1 is evaluated.
    ///   - seed: the seed of the subset generator.
    /// - Returns: the p-value, or nil when a sample is empty or not finite, or
    ///   `permutations` is below 1.
    public static func permutationPValue(tested: [[Double]], null: [[Double]], reference: [Double],
                                         permutations: Int, bins: Int = 1024, seed: UInt64) -> Double? {
        let members = tested + null
        let m = tested.count
        guard m > 0, permutations > 0, !reference.isEmpty, let n = members.first?.count, n > 0,
              members.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }) else { return nil }
        var lo = reference.first!, hi = reference.last!
        for s in members { for x in s { lo = Swift.min(lo, x); hi = Swift.max(hi, x) } }
        if !(hi > lo) { return 1 }
        let width = (hi - lo) / Double(bins)
        let mids = (0..<bins).map { lo + (Double($0) + 0.5) * width }
        // counts[member][g] = #{samples ≤ mids[g]}
        func cumulative(_ sorted: [Double]) -> [Int64] {
            var out = [Int64](repeating: 0, count: bins)
            var k = 0
            for g in 0..<bins {
                while k < sorted.count && sorted[k] <= mids[g] { k += 1 }
                out[g] = Int64(k)
            }
            return out
        }
        let counts = members.map { cumulative($0.sorted()) }
        let ref = cumulative(reference)
        let nR = Int64(reference.count), nS = Int64(m * n)
        var sum = [Int64](repeating: 0, count: bins)
        func statistic(_ subset: ArraySlice<Int>) -> Int64 {
            for g in 0..<bins { sum[g] = 0 }
            for i in subset { let c = counts[i]; for g in 0..<bins { sum[g] += c[g] } }
            var t: Int64 = 0
            for g in 0..<bins { t += abs(nR * sum[g] - nS * ref[g]) }
            return t
        }
        let observed = statistic(Array(0..<m)[...])
        var rng = SplitMix64(seed: seed)
        var pool = Array(0..<members.count)
        var atLeast = 0
        for _ in 0..<permutations {
            for i in 0..<m {  // partial Fisher–Yates: the first m entries are a uniform subset
                let j = i + Int(rng.next() % UInt64(pool.count - i))
                pool.swapAt(i, j)
            }
            if statistic(pool[0..<m]) >= observed { atLeast += 1 }
        }
        return Double(1 + atLeast) / Double(permutations + 1)
    }
}

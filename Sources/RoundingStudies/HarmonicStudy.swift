import Chop

/// The harmonic series Σ 1/k summed in an emulated format: s ← fl(s + fl(1/k)).
///
/// Under a deterministic mode the partial sum stagnates: from some term n on,
/// fl(1/k) is too small to change s, and s stays put for ever (for round-to-nearest
/// this is Higham & Pranesh's 2019 demonstration: n = 513, s = 7.0859375 in binary16).
/// Stochastic rounding keeps the sum moving and, in expectation, tracking the exact
/// partial sums.
public struct HarmonicStudy: Sendable {
    /// The formats the series is summed in.
    public var formats: [FloatFormat]
    /// The rounding modes of every addition and division.
    public var modes: [RoundingMode]
    /// Number of terms N summed in every run.
    public var terms: Int
    /// The seed of the stochastic modes (stream 1 of `Xoshiro256StarStar(seed:stream:)`).
    public var seed: UInt64

    /// The largest N accepted.
    public static let maxTerms = 1_000_000_000

    /// A study of every format × mode summing `terms` terms.
    /// - Throws: ``StudyError/invalidSize(_:_:)`` for `terms` outside `1...maxTerms`.
    public init(formats: [FloatFormat], modes: [RoundingMode], terms: Int = 100_000, seed: UInt64 = 1) throws {
        guard terms >= 1, terms <= Self.maxTerms else { throw StudyError.invalidSize("number of terms", terms) }
        self.formats = formats
        self.modes = modes
        self.terms = terms
        self.seed = seed
    }

    /// One run of the series.
    public struct Outcome: Hashable, Sendable {
        /// The first k at which adding fl(1/k) left the sum unchanged (nil if none).
        public var firstUnchanged: Int?
        /// The sum at that point.
        public var sumAtFirstUnchanged: Double?
        /// The last k whose addition changed the sum (0 if none did).
        public var lastChange: Int
        /// The sum after N terms.
        public var sum: Double
    }

    /// Sums N terms in `format` under `mode`.
    ///
    /// A sum that becomes ∞ or NaN stops the run (its later terms cannot change it).
    public static func sum<G: RandomNumberGenerator>(
        terms: Int, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Outcome {
        var s = 0.0
        var outcome = Outcome(firstUnchanged: nil, sumAtFirstUnchanged: nil, lastChange: 0, sum: 0)
        var k = 1
        while k <= terms {
            let t = RoundedArithmetic.divide(1, Double(k), format: format, mode: mode, using: &g)
            let next = RoundedArithmetic.add(s, t, format: format, mode: mode, using: &g)
            if next == s {
                if outcome.firstUnchanged == nil {
                    outcome.firstUnchanged = k
                    outcome.sumAtFirstUnchanged = s
                }
            } else {
                outcome.lastChange = k
            }
            s = next
            if !s.isFinite { break }
            k += 1
        }
        outcome.sum = s
        return outcome
    }

    /// H_N = Σ_{k ≤ N} 1/k in binary64, each 1/k carried with its exact remainder so
    /// the result is the correctly rounded value up to a few units of 2⁻¹⁰⁶.
    public static func exactPartialSum(_ n: Int) -> Double {
        var acc = ExactSum()
        for k in 1...max(n, 1) where k <= n {
            let d = Double(k)
            let q = 1 / d
            acc.add(q)
            acc.add(1.0.addingProduct(-q, d) / d)
        }
        return acc.value
    }

    /// The columns of the table.
    public static let columns = [
        "format", "mode", "terms", "stagnation_n", "stagnation_sum", "first_unchanged", "last_change",
        "sum", "exact", "rel_error",
    ]

    /// Runs the study. `stagnation_n`/`stagnation_sum` are given for deterministic
    /// modes only (where the first unchanged step is provably final: the terms
    /// decrease and the sum never does); stochastic modes report `first_unchanged` and
    /// `last_change` instead.
    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: Self.columns)
        let exact = Self.exactPartialSum(terms)
        let total = Double(formats.count * modes.count)
        var done = 0.0
        for format in formats {
            for mode in modes {
                var g = Xoshiro256StarStar(seed: seed, stream: 1)
                let o = Self.sum(terms: terms, format: format, mode: mode, using: &g)
                let deterministic = !mode.isStochastic
                table.append([
                    .text(format.name), .text(mode.name), .integer(terms),
                    deterministic ? (o.firstUnchanged.map { .integer($0) } ?? .missing) : .missing,
                    deterministic ? (o.sumAtFirstUnchanged.map { .real($0) } ?? .missing) : .missing,
                    o.firstUnchanged.map { .integer($0) } ?? .missing,
                    .integer(o.lastChange), .real(o.sum), .real(exact), .real(relativeError(o.sum, exact)),
                ])
                done += 1
                progress(done / total)
            }
        }
        return table
    }
}

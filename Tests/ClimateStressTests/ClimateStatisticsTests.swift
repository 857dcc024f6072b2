import XCTest
import Chop
@testable import ClimateStress

/// The W1 test's statistics against exact values worked by hand and against their
/// defining property (a p-value of a true null hypothesis is uniform), tested
/// statistically with stated false-failure rates.
final class ClimateStatisticsTests: XCTestCase {
    func testRankPValueCountsNullDistancesAtLeastAsLarge() {
        // (1 + #{null ≥ 2}) / (4 + 1) = (1 + 3)/5.
        XCTAssertEqual(ClimateStatistics.rankPValue(2, null: [1, 3, 2, 5]), 0.8)
        XCTAssertEqual(ClimateStatistics.rankPValue(9, null: [1, 3, 2, 5]), 0.2)
        XCTAssertEqual(ClimateStatistics.rankPValue(.infinity, null: [1, 3, 2, 5]), 0.2)
        XCTAssertEqual(ClimateStatistics.rankPValue(0, null: [1, 3, 2, 5]), 1)
    }

    func testBenjaminiHochbergAgainstHandComputedQValues() {
        // Sorted p: 0.005, 0.01, 0.03, 0.04 (m = 4); m·p/rank = 0.02, 0.02, 0.04, 0.04;
        // running minimum from the top gives q = 0.02, 0.02, 0.04, 0.04.
        let q = ClimateStatistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.005])
        for (got, want) in zip(q, [0.02, 0.04, 0.04, 0.02]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        // Monotone step: 0.01·3/1 = 0.03 but the running minimum from 0.02·3/2 = 0.03 and 0.9·3/3.
        let r = ClimateStatistics.benjaminiHochberg([0.9, 0.02, 0.01])
        for (got, want) in zip(r, [0.9, 0.03, 0.03]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        XCTAssertEqual(ClimateStatistics.benjaminiHochberg([]), [])
        XCTAssertEqual(ClimateStatistics.benjaminiHochberg([.nan]), [1])
    }

    /// Members of standard normal samples (the null hypothesis holds) or shifted ones.
    func members(_ count: Int, size: Int, shift: Double, _ g: inout SplitMix64) -> [[Double]] {
        (0..<count).map { _ in (0..<size).map { _ in shift + standardNormal(&g) } }
    }

    func testPermutationPValueIsUniformUnderTheNullAndPowerfulUnderAShift() throws {
        // 300 replications, B = 49: under H0, P(p ≤ 0.1) ≤ 0.1, so #{p ≤ 0.1} is at most
        // Binomial(300, 0.1) (mean 30, sd 5.2); failing above 52 has probability < 1e-4.
        // The test is not conservative to uselessness: #{p ≤ 0.5} ≥ 120 (Binomial(300, 0.5)
        // has mean 150, sd 8.7; P(< 120) < 3e-4).
        var g = SplitMix64(seed: 2024)
        var small = 0, half = 0
        for r in 0..<300 {
            let reference = members(4, size: 30, shift: 0, &g).flatMap { $0 }.sorted()
            let tested = members(4, size: 30, shift: 0, &g), null = members(16, size: 30, shift: 0, &g)
            let p = try XCTUnwrap(ClimateStatistics.permutationPValue(tested: tested, null: null, reference: reference,
                                                                     permutations: 49, bins: 128, seed: UInt64(r)))
            if p <= 0.1 { small += 1 }
            if p <= 0.5 { half += 1 }
        }
        XCTAssertLessThanOrEqual(small, 52)
        XCTAssertGreaterThanOrEqual(half, 120)
        // A shift of one standard deviation: p = 1/50 (every permuted subset is closer).
        let reference = members(4, size: 30, shift: 0, &g).flatMap { $0 }.sorted()
        let p = try XCTUnwrap(ClimateStatistics.permutationPValue(tested: members(4, size: 30, shift: 1, &g),
                                                                 null: members(16, size: 30, shift: 0, &g),
                                                                 reference: reference, permutations: 49, bins: 128, seed: 1))
        XCTAssertEqual(p, 0.02)
    }

    func testPermutationPValueIsReproducibleForASeed() throws {
        var g = SplitMix64(seed: 7)
        let reference = members(3, size: 20, shift: 0, &g).flatMap { $0 }.sorted()
        let tested = members(3, size: 20, shift: 0.2, &g), null = members(9, size: 20, shift: 0, &g)
        let a = ClimateStatistics.permutationPValue(tested: tested, null: null, reference: reference, permutations: 99, seed: 5)
        let b = ClimateStatistics.permutationPValue(tested: tested, null: null, reference: reference, permutations: 99, seed: 5)
        XCTAssertEqual(a, b)
        XCTAssertNil(ClimateStatistics.permutationPValue(tested: [[.nan]], null: [[1]], reference: [0], permutations: 9, seed: 1))
    }

    /// The test's size: a binary64 ensemble run as the tested case is a true null. Over
    /// 60 seeds of a small Lorenz test (5 members, 19 null ensembles), the rank p-value of
    /// x is uniform on {1/20, …, 1}, so P(p ≤ 0.1) = 0.1 exactly: the count is
    /// Binomial(60, 0.1) (mean 6); failing at ≥ 17 has probability 1.2e-4. With
    /// Benjamini–Hochberg at q = 0.1 over (x, y, z), a seed declares a difference with
    /// probability ≤ 0.1 (positively dependent tests); failing at ≥ 17 seeds likewise
    /// has probability ≤ 1.2e-4. And the test is not vacuous: at least one seed of 60
    /// has p ≤ 0.1 (P(none) = 0.9⁶⁰ = 1.8e-3). Total false-failure rate < 2.1e-3.
    func testBinary64TestedEnsemblePassesAtTheNominalRate() throws {
        var smallX = 0, declared = 0
        for seed in 1...60 {
            var test = try ClimateTest(model: Lorenz63(time: 10, spinUp: 2, outputEvery: 10), members: 5,
                                       nullEnsembles: 19, seed: UInt64(seed), threads: 1)
            test.permutations = 0
            test.fdrLevel = 0.1
            let results = test.run(cases: [(.binary64, .nearestEven, "rn")])
            XCTAssertEqual(results.count, 3)
            if results[0].pValue <= 0.1 { smallX += 1 }
            if results.contains(where: \.rejected) { declared += 1 }
        }
        XCTAssertLessThan(smallX, 17)
        XCTAssertGreaterThan(smallX, 0)
        XCTAssertLessThan(declared, 17)
    }

    /// Same seed, same p-values, whatever the thread count.
    func testClimateTestIsReproducibleAcrossThreadCounts() throws {
        func run(_ threads: Int) throws -> [Double] {
            var t = try ClimateTest(model: Lorenz63(time: 5, spinUp: 1, outputEvery: 10), members: 4, nullEnsembles: 5,
                                    seed: 3, threads: threads)
            t.permutations = 19
            return t.run(cases: [(try .sbits(6), .stochastic(), "sr")]).flatMap { [$0.w1, $0.pValue, $0.qValue] }
        }
        XCTAssertEqual(try run(1), try run(2))
    }
}

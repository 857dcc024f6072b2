import Chop
import RoundingStudies
import XCTest

final class SummationStudyTests: XCTestCase {
    /// Exact reasoning: summing ones, the sum stops at 2^p (2^p + 1 is a tie between
    /// 2^p and 2^p + 2, and ties go to the even 2^p): 256 in bfloat16, 2048 in binary16.
    func testConstantOnesStagnateAtTwoToThePrecision() {
        var g = Xoshiro256StarStar(seed: 1)
        let ones = [Double](repeating: 1, count: 5000)
        XCTAssertEqual(SummationMethod.recursive.sum(ones[...], format: .bfloat16, mode: .nearestEven, using: &g), 256)
        XCTAssertEqual(SummationMethod.recursive.sum(ones[...], format: .binary16, mode: .nearestEven, using: &g), 2048)
        // Pairwise sums of 4096 ones are exact (every partial sum is a power of two).
        XCTAssertEqual(SummationMethod.pairwise.sum(ones[..<4096], format: .bfloat16, mode: .nearestEven, using: &g), 4096)
    }

    /// Kahan: |ŝ − s| ≤ (2u + O(nu²))Σ|xᵢ| (Higham, ASNA 2nd ed., (4.9)); checked with a
    /// factor 3u + 2nu² against the exact sum. Pairwise: |ŝ − s| ≤ γ_{⌈log₂n⌉}Σ|xᵢ|.
    func testErrorBoundsAgainstExactSum() {
        for format in [FloatFormat.binary16, .bfloat16] {
            for dist in [TermDistribution.uniform, .normal] {
                let n = 3000
                let x = dist.terms(count: n, format: format, seed: 5)
                var exact = ExactSum(), absolute = ExactSum()
                for v in x { exact.add(v); absolute.add(v.magnitude) }
                let u = format.unitRoundoff
                var g = Xoshiro256StarStar(seed: 1)
                let kahan = SummationMethod.kahan.sum(x[...], format: format, mode: .nearestEven, using: &g)
                XCTAssertLessThanOrEqual((kahan - exact.value).magnitude,
                                         (3 * u + 2 * Double(n) * u * u) * absolute.value, "\(format) \(dist)")
                let pairwise = SummationMethod.pairwise.sum(x[...], format: format, mode: .nearestEven, using: &g)
                let levels = Double(Int.bitWidth - (n - 1).leadingZeroBitCount)
                XCTAssertLessThanOrEqual((pairwise - exact.value).magnitude,
                                         levels * u / (1 - levels * u) * absolute.value, "\(format) \(dist)")
            }
        }
    }

    /// Stochastic rounding is unbiased: the mean over 400 seeds of the bfloat16 sum of
    /// 2000 terms 0.1 (rounded: 0.10009765625) is within 4 standard errors of the exact
    /// sum (false-failure rate < 1e-4 by the normal approximation; the per-run standard
    /// deviation is estimated from the same runs). Round-to-nearest stagnates at 32.
    func testStochasticSummationIsUnbiasedWhileNearestStagnates() {
        let x = TermDistribution.constant.terms(count: 2000, format: .bfloat16, seed: 0)
        XCTAssertEqual(x[0], 0.10009765625)
        let exact = 2000 * 0.10009765625
        var sums: [Double] = []
        for seed in 1...400 as ClosedRange<UInt64> {
            var g = Xoshiro256StarStar(seed: seed)
            sums.append(SummationMethod.recursive.sum(x[...], format: .bfloat16, mode: .stochastic(), using: &g))
        }
        let mean = sums.reduce(0, +) / Double(sums.count)
        let variance = sums.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sums.count - 1)
        XCTAssertLessThanOrEqual((mean - exact).magnitude, 4 * (variance / Double(sums.count)).squareRoot() + 1e-12)
        var g = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual(SummationMethod.recursive.sum(x[...], format: .bfloat16, mode: .nearestEven, using: &g), 32)
    }

    func testStudyTableAndValidation() throws {
        let study = try SummationStudy(formats: [.bfloat16], modes: [.nearestEven], distributions: [.constant],
                                       methods: [.recursive, .kahan], sizes: [10, 1000])
        let t = study.run()
        XCTAssertEqual(t.rows.count, 4)
        XCTAssertEqual(t.column("exact"), [.real(10 * 0.10009765625), .real(1000 * 0.10009765625),
                                           .real(10 * 0.10009765625), .real(1000 * 0.10009765625)])
        XCTAssertThrowsError(try SummationStudy(formats: [.bfloat16], modes: [.nearestEven], sizes: [0]))
        XCTAssertThrowsError(try TermDistribution(named: "cauchy"))
        XCTAssertThrowsError(try SummationMethod(named: "sorted"))
    }
}

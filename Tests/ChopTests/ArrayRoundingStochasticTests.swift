import XCTest
@testable import Chop

/// Statistics, reproducibility and thread-count independence of array rounding.
final class ArrayRoundingStochasticTests: XCTestCase {
    /// The fraction of elements rounded up matches the exact probabilities:
    /// f for proportional rounding, ⌊f·2ʳ⌋/2ʳ with r bits, ½ for equal probability.
    /// Bound: 6 binomial standard deviations on n = 400 000 draws per case, a
    /// false-failure rate below 2·10⁻⁹ per case.
    func testRoundUpFrequenciesMatchTheProbabilities() {
        let n = 400_000
        // (format, magnitude base, its ulp, sign, mode, discarded fraction f, P(up)).
        let cases: [(FloatFormat, Double, Double, Double, RoundingMode, Double, Double)] = [
            (.binary16, 1, 0x1p-10, 1, .stochastic(), 0.3, 0.3),
            (.binary16, 1, 0x1p-10, 1, .stochastic(randomBits: 2), 0.3, 0.25),    // ⌊0.3·4⌋/4
            (.binary16, 1, 0x1p-10, -1, .stochastic(), 0.7, 0.7),
            (.bfloat16, 3, 0x1p-6, 1, .stochastic(), 0.3, 0.3),
            (.bfloat16, 3, 0x1p-6, -1, .stochasticEqual, 0.3, 0.5),
            (.e4m3fn, 1, 0x1p-3, 1, .stochastic(), 0.3, 0.3),
            (.binary16, 1, 0x1p-10, 1, .stochastic(), 0.999, 0.999),
        ]
        for (format, base, ulp, sign, mode, fraction, p) in cases {
            let value = sign * (base + fraction * ulp)
            let x = [Double](repeating: value, count: n)
            let y = x.rounded(to: format, mode: mode, seed: 42)
            XCTAssert(y.allSatisfy { $0 == sign * base || $0 == sign * (base + ulp) }, "\(format) \(mode)")
            let ups = y.filter { $0.magnitude > base }.count
            let sd = (p * (1 - p) / Double(n)).squareRoot()
            XCTAssertEqual(Double(ups) / Double(n), p, accuracy: 6 * sd, "\(format) \(mode) value \(value)")
        }
    }

    /// The same seed gives the same result for any thread count, in place or out
    /// of place; a different seed gives a different result.
    func testResultsDoNotDependOnTheThreadCount() {
        let n = ArrayRounding.parallelThreshold + 3 * ArrayRounding.chunkLength + 5
        var g = Xoshiro256StarStar(seed: 3)
        let x = (0..<n).map { _ in Double(g.next() >> 11) * 0x1p-53 * 8 - 4 }
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 8), .stochasticEqual, .nearestEven] {
            let reference = x.rounded(to: .bfloat16, mode: mode, seed: 99, threads: 1)
            for threads in [2, 3, 7, 0, nil] as [Int?] {
                let got = x.rounded(to: .bfloat16, mode: mode, seed: 99, threads: threads)
                XCTAssert(got.elementsEqual(reference, by: sameDouble), "\(mode) threads \(String(describing: threads))")
            }
            var inPlace = x
            inPlace.round(to: .bfloat16, mode: mode, seed: 99, threads: 2)
            XCTAssert(inPlace.elementsEqual(reference, by: sameDouble), "\(mode) in place")
            if mode.isStochastic {
                let other = x.rounded(to: .bfloat16, mode: mode, seed: 100, threads: 2)
                XCTAssertFalse(other.elementsEqual(reference, by: sameDouble), "\(mode): seeds 99 and 100 agree")
            }
        }
    }

    /// Stochastic results are unbiased on average over a smooth input: the mean
    /// error over 200 000 uniform values in [1, 2) stays within 6 standard errors
    /// of zero (each error is bounded by one ulp 2⁻¹⁰, so its sd is below 2⁻¹¹).
    func testStochasticRoundingIsUnbiased() {
        let n = 200_000
        var g = Xoshiro256StarStar(seed: 5)
        let x = (0..<n).map { _ in 1 + Double(g.next() >> 11) * 0x1p-53 }
        let y = x.rounded(to: .binary16, mode: .stochastic(), seed: 8)
        let meanError = zip(x, y).map { $1 - $0 }.reduce(0, +) / Double(n)
        XCTAssertEqual(meanError, 0, accuracy: 6 * 0x1p-11 / Double(n).squareRoot())
        let nearest = x.rounded(to: .binary16, mode: .towardZero)
        let truncationBias = zip(x, nearest).map { $1 - $0 }.reduce(0, +) / Double(n)
        XCTAssertLessThan(truncationBias, -0x1p-13)  // the test can tell a biased rounding apart
    }
}

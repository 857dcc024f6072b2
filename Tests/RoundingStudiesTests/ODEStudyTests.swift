import Chop
import RoundingStudies
import XCTest

final class ODEStudyTests: XCTestCase {
    /// Exact reasoning: below 1 the bfloat16 spacing is 2⁻⁸, so y + c·y with
    /// |c| < 2⁻⁹ rounds back to 1 under round-to-nearest: y never moves.
    func testNearestStagnatesAtOne() {
        var g = Xoshiro256StarStar(seed: 1)
        let r = ODEStudy.integrate(steps: 1000, endTime: 1, format: .bfloat16, mode: .nearestEven, using: &g)
        XCTAssertEqual(r.y, 1)
        XCTAssertLessThan(r.c.magnitude, 0x1p-9)
    }

    /// Stochastic rounding follows (1 + c)ⁿ: mean over 100 seeds within 4 standard
    /// errors (normal approximation; false-failure rate < 1e-4).
    func testStochasticFollowsTheDiscreteSolution() {
        var ys: [Double] = []
        var c = 0.0
        for seed in 1...100 as ClosedRange<UInt64> {
            var g = Xoshiro256StarStar(seed: seed)
            let r = ODEStudy.integrate(steps: 1000, endTime: 1, format: .bfloat16, mode: .stochastic(), using: &g)
            ys.append(r.y)
            c = r.c
        }
        let exact = 1 / 0.36789766362507115 == 0 ? 0 : pow1p(c, 1000)
        let mean = ys.reduce(0, +) / 100
        let sd = (ys.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 99).squareRoot()
        XCTAssertLessThanOrEqual((mean - exact).magnitude, 4 * sd / 10 + 1e-12)
        XCTAssertEqual(exact, 0.36789766362507115, accuracy: 1e-12)
    }

    /// (1 + c)ⁿ by repeated squaring in exact-enough binary64 (independent of the study).
    private func pow1p(_ c: Double, _ n: Int) -> Double {
        var result = 1.0, base = 1 + c, k = n
        while k > 0 { if k & 1 == 1 { result *= base }; base *= base; k >>= 1 }
        return result
    }
}

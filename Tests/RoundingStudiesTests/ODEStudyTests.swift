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

    /// Exact reasoning for the oscillator in bfloat16, 1000 steps of h ≈ 10⁻³: |h·v| ≤
    /// h·n·h·(1 + ε) ≈ 10⁻³ < 2⁻⁹ = half the spacing below 1, so x never leaves 1
    /// under round-to-nearest, while cos 1 = 0.5403. SR: mean over 100 seeds within 4
    /// standard errors of the binary64 recurrence (false-failure rate < 1e-4).
    func testOscillatorStagnatesUnderNearestAndNotUnderStochastic() throws {
        var g = Xoshiro256StarStar(seed: 1)
        let rn = ODEStudy.oscillate(steps: 1000, endTime: 1, format: .bfloat16, mode: .nearestEven, using: &g)
        XCTAssertEqual(rn.x, 1)
        var xs: [Double] = []
        for seed in 1...100 as ClosedRange<UInt64> {
            var g = Xoshiro256StarStar(seed: seed)
            xs.append(ODEStudy.oscillate(steps: 1000, endTime: 1, format: .bfloat16, mode: .stochastic(), using: &g).x)
        }
        let reference = ODEStudy.oscillatorReference(steps: 1000, h: rn.h)
        XCTAssertEqual(reference, 0.5403, accuracy: 2e-3)  // cos 1 plus O(h) discretization error
        let mean = xs.reduce(0, +) / 100
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 99).squareRoot()
        XCTAssertLessThanOrEqual((mean - reference).magnitude, 4 * sd / 10 + 1e-12)
        let t = try ODEStudy(problem: .oscillator, formats: [.bfloat16], modes: [.nearestEven], steps: [1000]).run()
        XCTAssertEqual(t.column("computed"), [.real(1)])
    }
}

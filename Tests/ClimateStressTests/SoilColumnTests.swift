import XCTest
import Chop
import Foundation
@testable import ClimateStress

/// The soil column: binary64 against the analytic solution, round-to-nearest
/// stagnation at 23 stored bits, and its removal by stochastic rounding.
final class SoilColumnTests: XCTestCase {
    /// Two years keep the debug test fast; the front (√(Dt) ≈ 6.6 m) stays far from
    /// the insulated bottom at 60 m, so the half-space solution applies.
    let model = SoilColumn(years: 2, outputEvery: 1460)

    func testBinary64MatchesHalfSpaceErfSolution() {
        var m = model
        m.initialNoise = 0
        let run = m.runBinary64(from: m.initialState(seed: 1, ensemble: 0, member: 0))
        let t = Double(m.steps) * m.dt
        // T(z, t) = Ts + (T0 − Ts)·erf(z / (2√(D t))) for a half-space with a step at the surface.
        var worst = 0.0
        for (i, v) in run.finalState.enumerated() {
            let z = Double(i + 1) * m.dz
            let exact = m.surfaceTemperature + (m.initialTemperature - m.surfaceTemperature) * erf(z / (2 * (m.diffusivity * t).squareRoot()))
            worst = max(worst, abs(v - exact))
        }
        // FTCS with Δz = 1 m against a front of width ≈ 6.6 m: discretisation error ≈ 1e-2 K.
        XCTAssertLessThan(worst, 0.03)
    }

    func testRoundToNearestStagnatesOverTenYearsAt23Bits() {
        // Hardware binary32 round-to-nearest (an implementation independent of the
        // kernel) over the full 10 years: the paper's stagnation. Measured: ≈ 0.67 of
        // the binary64 heat uptake; binary64 is within 1e-9 of itself by construction.
        var m = SoilColumn(years: 10)
        m.initialNoise = 0
        let state = m.initialState(seed: 1, ensemble: 0, member: 0)
        func uptake(_ r: MemberRun) -> Double { r.finalState.reduce(0) { $0 + ($1 - m.initialTemperature) } }
        let reference = uptake(m.runBinary64(from: state))
        var float = NativeArithmetic<Float>()
        let rn = uptake(m.run(from: state, arithmetic: &float, detectCycles: false))
        XCTAssertLessThan(rn / reference, 0.8)
        XCTAssertGreaterThan(rn / reference, 0.3)
    }

    func testStochasticRoundingRemovesTheStagnationAt23Bits() throws {
        // Two years (debug-build budget): RN through the kernel and in hardware agree
        // bit for bit and already lose heat; SR's deficit must be at least 10× smaller.
        var m = model
        m.initialNoise = 0
        let state = m.initialState(seed: 1, ensemble: 0, member: 0)
        func uptake(_ r: MemberRun) -> Double { r.finalState.reduce(0) { $0 + ($1 - m.initialTemperature) } }
        let reference = uptake(m.runBinary64(from: state))
        var float = NativeArithmetic<Float>()
        let rnRun = m.run(from: state, arithmetic: &float, detectCycles: false)
        var rnKernel = RoundingContext(format: try ModelPrecision.sbits(23).floatFormat, mode: .nearestEven, seed: 0, stream: 0)
        XCTAssertEqual(m.runKernel(from: state, arithmetic: &rnKernel, detectCycles: false).finalState, rnRun.finalState)
        let rnDeficit = 1 - uptake(rnRun) / reference
        var sr = RoundingContext(format: try ModelPrecision.sbits(23).floatFormat, mode: .stochastic(), seed: 42, stream: 0)
        let srDeficit = 1 - uptake(m.runKernel(from: state, arithmetic: &sr, detectCycles: false)) / reference
        XCTAssertGreaterThan(rnDeficit, 0.01)
        XCTAssertLessThan(abs(srDeficit), rnDeficit / 10)
    }

    func testClimateTestFlagsRNAndPassesSR() throws {
        // Three members, three null ensembles, one year: RN at 23 bits fails, SR passes.
        var m = SoilColumn(years: 1, outputEvery: 1460)
        m.initialNoise = 0.01
        let test = try ClimateTest(model: m, members: 3, nullEnsembles: 3, seed: 9)
        let results = test.run(cases: [(try .sbits(23), .nearestEven, "rn"), (try .sbits(23), .stochastic(), "sr")])
        let rn = results[0], sr = results[1]
        // Measured: RN ratio ≈ 2.4 and heat ratio ≈ 0.989 after one year.
        XCTAssertGreaterThan(rn.ratio, 1.5)
        XCTAssertLessThan(rn.heatUptakeRatio!, 0.995)
        XCTAssertLessThan(abs(sr.heatUptakeRatio! - 1), (1 - rn.heatUptakeRatio!) / 10)
        XCTAssertLessThan(sr.ratio, 1.5)
    }
}

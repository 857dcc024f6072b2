import XCTest
import Chop
@testable import ClimateStress

/// The shallow-water model against ShallowWaters.jl's defaults (numbers worked by hand
/// from `DefaultParameters.jl` and `Grid.jl`) and against exact properties of its
/// discretisation.
final class ShallowWaterTests: XCTestCase {
    func testGridAndTimeStepAreShallowWatersDefaults() {
        let m = ShallowWater()
        XCTAssertEqual(m.nx, 100)
        XCTAssertEqual(m.ny, 50)           // round(2000 km / 2 / 20 km)
        XCTAssertEqual(m.dx, 20e3)
        XCTAssertEqual(m.dt, 282)          // ⌊1.0 · 20000 / √(10 · 500)⌋ = ⌊282.84⌋
        XCTAssertEqual(m.dragCoefficient, 1e-5)
        XCTAssertEqual(m.slip, 2)          // no slip
        XCTAssertEqual(m.stateCount, 100 * 50 * 2 + 100 * 49)
    }

    /// ∂η/∂t = −(∂U/∂x + ∂V/∂y) telescopes to zero over the periodic channel with V = 0 on
    /// the walls, so Σ η is conserved up to the rounding of the sums (binary64).
    func testMassIsConserved() {
        let m = ShallowWater(nx: 16, lx: 320e3, days: 1, spinUp: 0, baseSpinUpDays: 3, decorrelationDays: 0)
        let prepared = m.withBaseState()
        let state = prepared.initialState(seed: 1, ensemble: 0, member: 0)
        let run = prepared.runBinary64(from: state)
        let eta = Array(run.finalState[(16 * 8 + 16 * 7)...])  // after u (16·8) and v (16·7)
        XCTAssertEqual(eta.count, 16 * 8)
        let initialSum = state[(16 * 8 + 16 * 7)...].reduce(0, +)
        XCTAssertEqual(eta.reduce(0, +), initialSum, accuracy: 1e-9)
        // And the wind has spun up a flow.
        XCTAssertGreaterThan(run.finalState[0..<(16 * 8)].map(\.magnitude).max()!, 1e-3)
    }

    /// Every operation, including the drag's square root, rounds once: a binary32
    /// RoundingContext run equals the same model in hardware Float, bit for bit.
    func testBinary32ThroughTheCoreMatchesHardwareFloat() {
        let m = ShallowWater(nx: 8, lx: 160e3, days: 0.25, spinUp: 0, baseSpinUpDays: 2, decorrelationDays: 0.25).withBaseState()
        let state = m.initialState(seed: 4, ensemble: 0, member: 0)
        var hardware = NativeArithmetic<Float>()
        let expected = m.run(from: state, arithmetic: &hardware, detectCycles: false)
        var context = RoundingContext(format: .binary32, mode: .nearestEven, seed: 1)
        let got = m.runKernel(from: state, arithmetic: &context, detectCycles: false)
        XCTAssertEqual(got.finalState.map(\.bitPattern), expected.finalState.map(\.bitPattern))
    }
}

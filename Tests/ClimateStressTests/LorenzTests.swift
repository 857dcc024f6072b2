import XCTest
import Chop
@testable import ClimateStress

/// Lorenz '63: the climate test on a small ensemble, with margins that hold for any seed.
final class LorenzTests: XCTestCase {
    func testBinary64TrajectoryStaysOnTheAttractor() {
        // Published bounds of the Lorenz attractor: |x| < 20, |y| < 28, 0 < z < 50, and the
        // long-run mean of z ≈ 23.5 (e.g. Sparrow 1982); 100 time units of one member.
        let model = Lorenz63(time: 100, spinUp: 1)
        let run = model.runBinary64(from: model.initialState(seed: 1, ensemble: 0, member: 0))
        XCTAssertLessThan(run.samples[0].map(abs).max()!, 21)
        XCTAssertLessThan(run.samples[1].map(abs).max()!, 29)
        let z = run.samples[2]
        XCTAssertEqual(z.reduce(0, +) / Double(z.count), 23.5, accuracy: 1.0)
        XCTAssertFalse(run.periodic)
    }

    func testLowPrecisionFailsAndHighPrecisionPasses() throws {
        let test = try ClimateTest(model: Lorenz63(time: 30, spinUp: 5), members: 8, nullEnsembles: 9, seed: 2024)
        let results = test.run(cases: [
            (try .sbits(4), .nearestEven, "rn"),
            (try .sbits(6), .nearestEven, "rn"),
            (try .sbits(6), .stochastic(), "sr"),
            (try .sbits(23), .nearestEven, "rn"),
            (try .sbits(23), .stochastic(), "sr"),
        ])
        func z(_ sbits: Int, _ mode: String) -> ClimateResult {
            results.first { $0.precision.sbits == sbits && $0.modeName == mode && $0.diagnostic == "z" }!
        }
        // RN at 4 bits: the climate of z is far off (measured ratio ≫ 5).
        XCTAssertGreaterThan(z(4, "rn").ratio, 5)
        // RN at 6 bits falls onto exactly periodic orbits; SR never reports one.
        XCTAssertGreaterThanOrEqual(z(6, "rn").periodicFraction, 0.5)
        XCTAssertEqual(z(6, "sr").periodicFraction, 0)
        // 23 bits: indistinguishable from binary64. A binary64 ensemble itself exceeds the
        // threshold with probability ≈ 1/(K+1); a ratio above 2 would be a real failure.
        for mode in ["rn", "sr"] {
            for r in results where r.precision.sbits == 23 && r.modeName == mode {
                XCTAssertLessThan(r.ratio, 2, "\(mode) \(r.diagnostic)")
                XCTAssertEqual(r.periodicFraction, 0)
            }
        }
    }

    func testEnsembleDoesNotDependOnThreads() throws {
        let model = Lorenz63(time: 2, spinUp: 1)
        let one = try ClimateTest(model: model, members: 4, seed: 5, threads: 1)
            .ensemble(3, precision: try .sbits(8), mode: .stochastic())
        let many = try ClimateTest(model: model, members: 4, seed: 5, threads: 2)
            .ensemble(3, precision: try .sbits(8), mode: .stochastic())
        XCTAssertEqual(one.map { $0.samples[2] }, many.map { $0.samples[2] })
    }

    func testBadParametersThrow() {
        XCTAssertThrowsError(try ModelPrecision.sbits(0))
        XCTAssertThrowsError(try ModelPrecision.sbits(53))
        XCTAssertThrowsError(try ClimateTest(model: Lorenz63(), members: 0))
        XCTAssertThrowsError(try ClimateTest(model: Lorenz63(), members: 2, nullEnsembles: 0))
    }
}

import XCTest
import ScalingLaws

/// (b) Synthetic data from each law with known constants plus noise is refit,
/// and the constants are recovered within stated tolerances.
final class FitRecoveryTests: XCTestCase {
    func relErr(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    func testChinchillaNoiseFreeRecoveryIsExact() throws {
        let law = ScalingLaw.chinchilla
        let truth = law.published[0].values
        let data = try SyntheticData.make(law, constants: truth, points: SyntheticData.chinchillaDesign, noise: 0, seed: 1)
        let fit = try ScalingLawFitter.fit(law, to: data, options: FitOptions(maxStarts: 24, seed: 3))
        for (k, v) in truth { XCTAssertLessThan(relErr(fit.constants[k]!, v), 1e-5, k) }
        XCTAssertLessThan(fit.maxAbsResidual, 1e-8)
    }
}

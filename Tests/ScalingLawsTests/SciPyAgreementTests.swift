import XCTest
import ScalingLaws

/// (c) The same synthetic data fitted by SciPy's L-BFGS-B
/// (validation/scaling-laws/compare_scipy.py, committed optimum): the Swift
/// fitter reaches the same optimum.
final class SciPyAgreementTests: XCTestCase {
    func testSameOptimumAsSciPy() throws {
        for c in SciPyReference.cases {
            let law = try ScalingLaw.named(c.law)
            let data = try ScalingDataset(law: law, rows: c.rows, response: c.response)
            let fit = try ScalingLawFitter.fit(law, to: data, options: FitOptions(maxStarts: c.law == "fp-quant" ? 1 : 3, seed: 0))
            XCTAssertEqual(fit.objective, c.objective, accuracy: 1e-7 * c.objective, c.law)
            for (k, v) in c.constants {
                XCTAssertEqual(fit.constants[k]!, v, accuracy: 1e-4 * abs(v), "\(c.law) \(k)")
            }
        }
    }
}

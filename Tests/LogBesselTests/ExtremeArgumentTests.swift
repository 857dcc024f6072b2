import Chop
import XCTest
@testable import LogBessel

/// Inputs at the edge of binary64 (found by the CLI fuzzer, issue 12).
final class ExtremeArgumentTests: XCTestCase {
    /// log K_v(x) ≈ v log(2v/(ex)) exceeds binary64 for v = 1e308: +∞ (it was NaN from
    /// log(π/(2v)) with 2v overflowing); log I_v(x) → −∞ there.
    func testOverflowingLogarithmsAreInfinite() {
        XCTAssertEqual(logBesselK(1e308, 1e-308), .infinity)
        XCTAssertEqual(logBesselK(Double.greatestFiniteMagnitude, 1), .infinity)
        XCTAssertEqual(logBesselI(1e308, 1e-308), -.infinity)
    }

    /// Wood's sampler for an enormous concentration: the acceptance test is written so
    /// that 1 − x₀w and 1 − x₀² never cancel; it used to loop forever on NaN. Every
    /// sample is the mean direction to binary64 precision (the spread is ~1/√κ).
    func testHugeConcentrationTerminatesAtTheMean() throws {
        for kappa in [1e12, 1e200, 1e308, Double.greatestFiniteMagnitude] {
            let sampler = VonMisesFisherSampler(try VonMisesFisher(mean: [0, 1, 0], kappa: kappa))
            var g = Xoshiro256StarStar(seed: 3)
            for _ in 0..<20 {
                let x = sampler.sample(using: &g)
                XCTAssertEqual(x[1], 1, accuracy: 1e-5, "kappa \(kappa)")
            }
        }
    }
}

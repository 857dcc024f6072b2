import Chop
import Foundation
import XCTest
@testable import LogBessel

final class VonMisesFisherTests: XCTestCase {
    /// p = 3 has the closed form C_3(κ) = κ / (4π sinh κ).
    func testLogNormalizerClosedFormInThreeDimensions() {
        for k in [1e-6, 0.1, 1.0, 10.0, 300.0, 1e4] {
            // log sinh k = k + log1p(-e^{-2k}) - log 2
            let logSinh = k < 1 ? Foundation.log(sinh(k)) : k + Foundation.log1p(-Foundation.exp(-2 * k)) - Foundation.log(2.0)
            let want = Foundation.log(k) - Foundation.log(4 * Double.pi) - logSinh
            let got = VonMisesFisher.logNormalizer(dimension: 3, kappa: k)
            XCTAssertEqual(got, want, accuracy: 4e-15 * max(1, abs(want)), "kappa=\(k)")
        }
        // kappa = 0: 1 / area of S^2 = 1/(4 pi)
        XCTAssertEqual(VonMisesFisher.logNormalizer(dimension: 3, kappa: 0), -Foundation.log(4 * Double.pi),
                       accuracy: 1e-15)
        XCTAssertTrue(VonMisesFisher.logNormalizer(dimension: 32768, kappa: 1e-3).isFinite)
        XCTAssertTrue(VonMisesFisher.logNormalizer(dimension: 32768, kappa: 1e6).isFinite)
    }

    /// Samples from known distributions, then the fit. The fitted κ̂ is biased upwards by the
    /// tangential random walk: R̄² ≈ A² + (1 − A²)/n, which for A ≈ 0.62 and n ≥ 150 moves κ̂ by
    /// about +1.2 % (dlog κ/dlog A ≈ 2.2 at κ = p); the sampling standard deviation of the
    /// projection mean is below 0.1 %. A 4 % bound therefore fails with negligible probability
    /// (more than 30 standard deviations away); the seeds are fixed anyway.
    func testFitRecoversKnownDistributionsInHighDimensions() throws {
        for (p, n, seed) in [(2048, 300, UInt64(1)), (8192, 200, 2), (32768, 150, 3)] {
            var rng = Xoshiro256StarStar(seed: seed)
            var mu = (0..<p).map { _ in VonMisesFisherSampler.normal(using: &rng) }
            let norm = mu.reduce(0) { $0 + $1 * $1 }.squareRoot()
            mu = mu.map { $0 / norm }
            let kappa = Double(p)
            let truth = try VonMisesFisher(mean: mu, kappa: kappa)
            let data = VonMisesFisherSampler(truth).samples(n, using: &rng)
            for row in data { XCTAssertEqual(row.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-12) }
            // the projections have mean A_p(kappa)
            let proj = data.map { row in zip(row, mu).reduce(0) { $0 + $1.0 * $1.1 } }
            let meanW = proj.reduce(0, +) / Double(n)
            let sd = (proj.map { ($0 - meanW) * ($0 - meanW) }.reduce(0, +) / Double(n - 1)).squareRoot()
            let a = VonMisesFisher.meanResultantLength(dimension: p, kappa: kappa)
            XCTAssertEqual(meanW, a, accuracy: 5 * sd / Double(n).squareRoot(), "p=\(p): sampler mean")
            let fit = try VonMisesFisher.fit(data)
            let dot = zip(fit.distribution.mean, mu).reduce(0) { $0 + $1.0 * $1.1 }
            print("p=\(p) n=\(n): kappa-hat/kappa = \(fit.distribution.kappa / kappa), mu-hat.mu = \(dot), "
                  + "Newton iterations \(fit.newtonIterations), log-likelihood \(fit.logLikelihood)")
            XCTAssertEqual(fit.distribution.kappa / kappa, 1, accuracy: 0.04, "p=\(p)")
            XCTAssertGreaterThan(dot, 0.98, "p=\(p)")
            // the fit solves A(kappa-hat) = R-bar
            XCTAssertEqual(VonMisesFisher.meanResultantLength(dimension: p, kappa: fit.distribution.kappa),
                           fit.meanResultantLength, accuracy: 1e-12)
            // the MLE beats the truth on its own data
            let llTruth = VonMisesFisher.logLikelihood(
                dimension: p, kappa: kappa, count: n,
                projection: zip(data.reduce(into: [Double](repeating: 0, count: p)) { s, r in
                    for j in 0..<p { s[j] += r[j] } }, mu).reduce(0) { $0 + $1.0 * $1.1 })
            XCTAssertGreaterThanOrEqual(fit.logLikelihood, llTruth)
        }
    }

    func testFitInTwoDimensions() throws {
        var rng = Xoshiro256StarStar(seed: 7)
        let truth = try VonMisesFisher(mean: [0.6, 0.8], kappa: 4)
        let data = VonMisesFisherSampler(truth).samples(4000, using: &rng)
        let fit = try VonMisesFisher.fit(data)
        // asymptotic sd of kappa-hat for p = 2, kappa = 4, n = 4000 is about 0.09; 5 sd bound
        XCTAssertEqual(fit.distribution.kappa, 4, accuracy: 0.45)
    }

    func testBadInputThrows() {
        XCTAssertThrowsError(try VonMisesFisher.fit([[1, 0]])) {
            XCTAssertEqual($0 as? VonMisesFisherError, .notEnoughSamples(1))
        }
        XCTAssertThrowsError(try VonMisesFisher.fit([[1, 0], [0, 1, 0]]))
        XCTAssertThrowsError(try VonMisesFisher.fit([[1, 0], [2, 0]]))
        XCTAssertThrowsError(try VonMisesFisher.fit([[1, 0], [-1, 0]]))
        XCTAssertThrowsError(try VonMisesFisher.fit([[1, 0], [.nan, 0]]))
        XCTAssertThrowsError(try VonMisesFisher(mean: [1, 0], kappa: -1))
        XCTAssertEqual(VonMisesFisherError.raggedData(row: 2, expected: 2, got: 3).description,
                       "row 2 has 3 components, expected 2")
    }
}

import Foundation
import XCTest
@testable import LogBessel

/// Temme's series and the trapezoid quadrature are independent methods for K at x ≤ 2;
/// both are checked against mpmath in ReferenceTableTests, and here against each other on a
/// dense grid, including integer and half-integer orders and x down to 1e−300.
final class SmallArgumentKTests: XCTestCase {
    func testTemmeAgreesWithQuadrature() {
        var worst = (0.0, 0.0, 0.0)
        var v = 0.0
        while v <= 20 {
            for x in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.9, 1, 1.5, 1.99, 2] {
                let a = TemmeSeries<Double>.logK(v, x), b = KIntegral<Double>.logK(v, x)
                let e = abs(a - b) / max(1, abs(b))
                if e > worst.0 { worst = (e, v, x) }
            }
            v += 0.25
        }
        for v in [1e-9, 0.4999999, 0.5000001, 0.9999999, 1.0000001] {
            for x in [1e-10, 0.5, 2] {
                let a = TemmeSeries<Double>.logK(v, x), b = KIntegral<Double>.logK(v, x)
                let e = abs(a - b) / max(1, abs(b))
                if e > worst.0 { worst = (e, v, x) }
            }
        }
        print("Temme vs quadrature: worst relative difference \(worst.0) at v=\(worst.1) x=\(worst.2)")
        XCTAssertLessThanOrEqual(worst.0, 4e-15)
    }
}

/// The committed 1/Γ(1+z) Taylor coefficients reproduce libm's Γ (an independent source).
final class ReciprocalGammaCoefficientTests: XCTestCase {
    func testAgainstLibmGamma() {
        XCTAssertEqual(reciprocalGammaCoefficients[1], 0.57721566490153286, accuracy: 1e-17)  // Euler's γ
        for z in stride(from: -0.5, through: 0.5, by: 0.0625) {
            var s = 0.0
            for c in reciprocalGammaCoefficients.reversed() { s = s * z + c }
            XCTAssertEqual(s, 1 / tgamma(1 + z), accuracy: 4e-16, "z=\(z)")
        }
    }
}

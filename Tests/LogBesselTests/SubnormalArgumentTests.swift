import Foundation
import XCTest
@testable import LogBessel

/// log K_v(x) for subnormal x (issue 12): at half-integer orders Temme's ratio
/// sum1/sum is itself subnormal there and lost up to a factor 2 (log K_{2.5}(5e−324)
/// was 1863.1177…, off by log 2). Reference: the closed form of K_{n+½} (DLMF 10.49.12)
/// and mpmath.besselk at 60 digits, validation/logbessel/make_subnormal.py.
final class SubnormalArgumentTests: XCTestCase {
    func testAgainstClosedFormAndMPMath() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "logbessel_subnormal", withExtension: "csv", subdirectory: "Resources"))
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 100)
        var worst = 0.0
        for line in rows {
            let f = line.split(separator: ",").map { Double(String($0))! }
            let got = logBesselK(f[0], f[1])
            let e = abs(got - f[2]) / max(1, abs(f[2]))
            worst = max(worst, e)
            XCTAssertLessThanOrEqual(e, 1e-14, "v=\(f[0]) x=\(f[1]): \(got) vs \(f[2])")
        }
        print("subnormal x: worst relative error \(worst)")
        XCTAssertEqual(logBesselK(2.5, .leastNonzeroMagnitude), 1862.42458344476599290902658897, accuracy: 1e-11)
    }
}

import Foundation
import XCTest
@testable import LogBessel

/// The turning point x ≈ 0.6627·v of large orders (issue 12): log I and log K are
/// O(1)…O(100) there while v·η is a difference of two numbers near 1.2v, which cost
/// 1e−13…2e−12 before v·η was integrated from the turning point. Reference: mpmath at
/// 45 digits (log K by quadrature, log I by besseli, Wronskian-checked),
/// validation/logbessel/make_turning.py; v from 10³ to 10⁵, |x/v − z₀| from 0 to 0.1.
final class TurningPointTests: XCTestCase {
    func testWithinOneE14OfMPMath() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "logbessel_turning", withExtension: "csv", subdirectory: "Resources"))
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 75)
        var worst = (0.0, 0.0, 0.0)
        for line in rows {
            let f = line.split(separator: ",").map { Double(String($0))! }
            for (got, want) in [(logBesselI(f[0], f[1]), f[2]), (logBesselK(f[0], f[1]), f[3])] {
                let e = abs(got - want) / max(1, abs(want))
                if e > worst.0 { worst = (e, f[0], f[1]) }
            }
        }
        print("turning points: worst relative error \(worst.0) at v=\(worst.1) x=\(worst.2)")
        XCTAssertLessThanOrEqual(worst.0, 1e-14)
    }
}

import Foundation
import XCTest
@testable import LogBessel

/// The committed Double literals against exact rationals of u_k (DLMF 10.41.10 and the
/// table in DLMF 10.41.10–11; u13's extreme coefficients from the exact recurrence).
final class DebyeCoefficientTests: XCTestCase {
    func testAgainstExactRationals() {
        // (k, index into the row, numerator, denominator)
        let exact: [(Int, Int, String, String)] = [
            (1, 0, "1", "8"), (1, 1, "-5", "24"),
            (2, 0, "9", "128"), (2, 1, "-231", "576"), (2, 2, "385", "1152"),
            (3, 0, "75", "1024"), (3, 1, "-4563", "5120"), (3, 2, "17017", "9216"), (3, 3, "-85085", "82944"),
            (13, 0, "10278202593831046875", "562949953421312"),
            (13, 13, "-3201522602103470169172796946923125", "218098346237011918061568"),
        ]
        XCTAssertEqual(debyeCoefficients.count, 14)
        for (k, i, n, d) in exact {
            let want = Double(n)! / Double(d)!  // two correctly rounded steps: within 1 ulp
            let got = debyeCoefficients[k][i]
            XCTAssertEqual(got, want, accuracy: want.magnitude.ulp, "u_\(k) coefficient \(i)")
        }
        for k in 0..<14 { XCTAssertEqual(debyeCoefficients[k].count, k + 1) }
    }
}

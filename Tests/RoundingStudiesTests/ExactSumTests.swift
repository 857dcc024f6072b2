import Chop
import RoundingStudies
import XCTest

final class ExactSumTests: XCTestCase {
    /// Terms k·2^-20 with |k| < 2^40: the exact sum is an Int64 multiple of 2^-20 and
    /// Double(Int) is correctly rounded, which gives an independent reference.
    func testAgainstIntegerArithmetic() {
        var g = Xoshiro256StarStar(seed: 7)
        for trial in 0..<200 {
            var acc = ExactSum()
            var integer = 0
            let n = 1 + trial * 5
            for _ in 0..<n {
                let k = Int(truncatingIfNeeded: g.next() >> 24) - (1 << 39)
                integer += k
                acc.add(Double(k) * 0x1p-20)
            }
            XCTAssertEqual(acc.value, Double(integer) * 0x1p-20)
        }
    }

    func testCancellationAndTies() {
        var acc = ExactSum()
        for x in [1e100, 1.0, -1e100, 0x1p-60] { acc.add(x) }
        XCTAssertEqual(acc.value, 1.0)  // 1 + 2^-60 rounds to 1 in binary64
        // Exactly half-way between 1 and 1 + 2^-52, pushed up by a tiny partial.
        var tie = ExactSum()
        for x in [1.0, 0x1p-53, 0x1p-200] { tie.add(x) }
        XCTAssertEqual(tie.value, 1.0 + 0x1p-52)
        var even = ExactSum()
        for x in [1.0, 0x1p-53] { even.add(x) }
        XCTAssertEqual(even.value, 1.0)
        var product = ExactSum()
        product.addProduct(1 + 0x1p-30, 1 - 0x1p-30)  // 1 − 2^-60 exactly
        product.add(-1)
        XCTAssertEqual(product.value, -0x1p-60)
    }

    func testSpecials() {
        var a = ExactSum()
        a.add(.infinity); a.add(1)
        XCTAssertEqual(a.value, .infinity)
        a.add(-.infinity)
        XCTAssertTrue(a.value.isNaN)
        XCTAssertEqual(ExactSum().value, 0)
    }
}

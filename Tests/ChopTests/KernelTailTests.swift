import XCTest
import Chop

/// The kernel rounds the exact value x + tail. These cases have a tail so far
/// below the format's quantum that measuring it in quanta underflows binary64: only
/// its sign matters then, and it must still break the tie. Expected values are
/// worked out by hand from the definition of each mode.
final class KernelTailTests: XCTestCase {
    let p10 = try! FloatFormat(exponentBits: 11, significandBits: 9)

    func testTinyTailBreaksATieAtHugeMagnitude() {
        // 0x1.874p489 is the midpoint of 0x1.870p489 and 0x1.878p489 (quantum 2⁻⁹·2⁴⁸⁹).
        XCTAssertEqual(round(0x1.874p489, tail: 0x1p-1000, to: p10, mode: .nearestEven), 0x1.878p489)
        XCTAssertEqual(round(0x1.874p489, tail: -0x1p-1000, to: p10, mode: .nearestEven), 0x1.870p489)
        XCTAssertEqual(round(0x1.874p489, tail: -0x1p-1000, to: p10, mode: .nearestAway), 0x1.870p489)
        XCTAssertEqual(round(0x1.874p489, tail: 0, to: p10, mode: .nearestEven), 0x1.870p489)  // tie → even
    }

    func testTinyTailMakesAnExactValueInexact() {
        XCTAssertEqual(round(0x1.870p489, tail: 0x1p-1000, to: p10, mode: .towardPositive), 0x1.878p489)
        XCTAssertEqual(round(0x1.870p489, tail: 0x1p-1000, to: p10, mode: .towardZero), 0x1.870p489)
        XCTAssertEqual(round(0x1.870p489, tail: -0x1p-1000, to: p10, mode: .towardZero), 0x1.868p489)
        // 0x1.870 keeps the stored bits 100001110 (last bit even); 0x1.878 ends in 1.
        XCTAssertEqual(round(0x1.870p489, tail: 0x1p-1000, to: p10, mode: .toOdd), 0x1.878p489)
        XCTAssertEqual(round(0x1.870p489, tail: -0x1p-1000, to: p10, mode: .toOdd), 0x1.868p489)
    }
}

/// Invalid tails never trap: a non-finite tail with a finite value gives NaN in every mode.
final class KernelInvalidTailTests: XCTestCase {
    func testNonFiniteTailGivesNaN() {
        var g = Xoshiro256StarStar(seed: 3)
        for mode in RoundingMode.all + [.stochastic(randomBits: 8)] {
            for tail in [Double.nan, .infinity, -.infinity] {
                for x in [1.0, 1.0 + 0x1p-12, 0x1p-20, 3.0e38] {
                    XCTAssertTrue(round(x, tail: tail, to: .binary16, mode: mode, using: &g).isNaN, "\(mode) \(x) \(tail)")
                }
            }
        }
        // An infinite or NaN x still ignores its tail.
        XCTAssertEqual(round(.infinity, tail: .nan, to: .binary16, mode: .nearestEven, using: &g), .infinity)
    }
}

import Chop
import ChopMPFR
import XCTest

/// Operand sets on which `chop verify --ops` found the library and MPFR disagreeing.
/// Expected values come from MPFR (the reference), not from the library.
final class OperationRegressionTests: XCTestCase {
    /// binary64 add near the top of the range: TwoSum's intermediate s − a overflows to
    /// ∞, the error term becomes NaN, directed modes round the wrong way, and the
    /// stochastic path traps (`UInt64(NaN)` in the kernel's Bernoulli draw).
    /// Found by `chop verify --format binary64 --ops add`; fixed in `RoundedArithmetic.add`.
    func testBinary64AddNearOverflowTwoSum() throws {
        let a = -0x1.22ec78619f7f7p+1022, b = 0x1.fffffffffffffp+1023
        let reference = MPFRReference()
        let expected = reference.results(.add, a, b, format: .binary64)
        // The exact sum is the midpoint of 0x1.6e89c3cf30403p+1023 and …404 (checked with exact
        // rational arithmetic): ties-to-even gives …404, toward zero …403.
        XCTAssertEqual(expected.nearestEven, 0x1.6e89c3cf30404p+1023)
        XCTAssertEqual(expected.nearestAway, 0x1.6e89c3cf30404p+1023)
        XCTAssertEqual(expected.towardZero, 0x1.6e89c3cf30403p+1023)
        XCTAssertEqual(expected.towardPositive, 0x1.6e89c3cf30404p+1023)
        var g = Xoshiro256StarStar(seed: 1)
        for mode in RoundingMode.deterministic {
            let lib = RoundedArithmetic.add(a, b, format: .binary64, mode: mode, using: &g)
            XCTAssertTrue(sameResult(lib, expected[mode]), "\(mode): \(hexFloat(lib)) vs MPFR \(hexFloat(expected[mode]))")
        }
        let s = reference.stochastic(.add, a, b, format: .binary64, mode: .stochastic())
        let lib = RoundedArithmetic.add(a, b, format: .binary64, mode: .stochastic(), using: &g)
        XCTAssertTrue(sameResult(lib, s.towardZero) || sameResult(lib, s.awayFromZero))
    }
}

import XCTest
@testable import Chop

/// The typed numbers' text initializers round the literal's exact value once (issue
/// 12). Expected values by hand: 0x1.ffffffffffffffffffffp0 lies between bfloat16's
/// 0x1.fep0 and 2; 0.1 is above 1/10, so toward zero binary64 gives its predecessor;
/// Q7.8's quantum is 2⁻⁸ = 0.00390625, so a literal one unit in the 24th digit below it
/// truncates to 0 and rounds to nearest to 2⁻⁸.
final class TextInitializerTests: XCTestCase {
    enum Q7_8In<M: RoundingModeSpec>: FixedPointSpec {
        typealias Storage = Int16
        static var integerBits: Int { 7 }
        static var fractionBits: Int { 8 }
        static var roundingMode: RoundingMode { M.mode }
    }

    func testEmulatedFromText() {
        XCTAssertEqual(Emulated<BFloat16Spec, Rounding.TowardZero>("0x1.ffffffffffffffffffffp0")?.doubleValue, 0x1.fep0)
        XCTAssertEqual(Emulated<BFloat16Spec, Rounding.NearestEven>("0x1.ffffffffffffffffffffp0")?.doubleValue, 2)
        XCTAssertEqual(Emulated<Binary64Spec, Rounding.TowardZero>("0.1")?.doubleValue, 0.1.nextDown)
        XCTAssertEqual(Emulated<Binary64Spec, Rounding.TowardZero>("1e400")?.doubleValue, .greatestFiniteMagnitude)
        XCTAssertEqual(Emulated<BFloat16Spec, Rounding.TowardPositive>("-0.1")?.doubleValue, -0.099609375)
        XCTAssertEqual(BFloat16("0.1")?.doubleValue, 0.10009765625)
        XCTAssertNil(BFloat16("2 3"))
        XCTAssertNil(BFloat16("0x"))
        XCTAssertTrue(BFloat16("nan")?.isNaN ?? false)
    }

    func testFixedPointFromText() {
        let justBelow = "0.003906249999999999999999"
        XCTAssertEqual(FixedPoint<Q7_8In<Rounding.TowardZero>>(justBelow)?.raw, 0)
        XCTAssertEqual(FixedPoint<Q7_8In<Rounding.NearestEven>>(justBelow)?.raw, 1)
        XCTAssertEqual(FixedPoint<Q7_8In<Rounding.TowardZero>>("-1.5")?.raw, -384)
        XCTAssertEqual(FixedPoint<Q7_8In<Rounding.NearestEven>>("1e30")?.raw, Int16.max)   // saturates
        XCTAssertNil(FixedPoint<Q7_8In<Rounding.NearestEven>>("nan"))
        XCTAssertNil(FixedPoint<Q7_8In<Rounding.NearestEven>>("one"))
    }
}

import XCTest
import Chop

/// The README's first examples, compiled and checked. Expected values come from
/// the format definitions (FORMATS.md) and exact reasoning, not from running the code.
final class ReadmeExamplesTests: XCTestCase {
    func testKernelExamples() {
        var rng = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual(round(65520, to: .binary16), .infinity)
        XCTAssertEqual(round(1e6, to: .binary16, mode: .towardZero), 65504)
        XCTAssertEqual(round(464, to: .e4m3fn), 448)
        // bfloat16 neighbours of 0.1: 0x1.98p-4 = 0.099609375 and 0x1.9ap-4 = 0.10009765625.
        let s = round(0.1, to: .bfloat16, mode: .stochastic(), using: &rng)
        XCTAssertTrue(s == 0.099609375 || s == 0.10009765625)
        let f = round(2.9, to: .e2m1fn, mode: .stochastic(randomBits: 4), using: &rng)
        XCTAssertTrue(f == 2 || f == 3)
        let y = [0.1, 0.2, 0.3].rounded(to: .bfloat16, mode: .stochastic(), seed: 7)
        XCTAssertEqual(y.count, 3)
    }

    func testTypedExamples() {
        let x: BFloat16 = 1.1
        XCTAssertEqual(Double(x), 1.1015625)  // 1.1 = 0x1.1999…p0 → 0x1.1ap0 with 7 stored bits
        // x·3 = 3.3046875 = 211.5·2⁻⁶ (a tie in [2, 4)) → 212·2⁻⁶ = 3.3125; + 0.5 = 3.8125
        // exactly; √3.8125 = 1.95256… = 249.93·2⁻⁷ → 250·2⁻⁷ = 1.953125.
        let z = (x * 3 + 0.5).squareRoot()
        XCTAssertEqual(Double(z), 1.953125)
        func horner<T: BinaryFloatingPoint>(_ c: [T], _ x: T) -> T { c.reversed().reduce(0) { $0 * x + $1 } }
        // 1 + 2·0.5 + 3·0.25 = 2.75, exactly representable in E4M3FN (1.011b·2¹).
        XCTAssertEqual(Double(horner([1, 2, 3] as [Float8E4M3FN], 0.5)), 2.75)
    }
}

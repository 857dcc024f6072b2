import XCTest
import RealModule
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

    /// The tour's typed-float block: generic Horner in three types. The results are
    /// within each format's rounding error of the binary64 value (four operations, each
    /// with relative error at most ε = 2^(1−p), on terms below 1.2).
    func testTourHornerInThreeTypes() {
        func horner<T: Real & BinaryFloatingPoint>(_ c: [T], at x: T) -> T {
            var r = T.zero
            for ci in c.reversed() { r = r * x + ci }
            return r
        }
        let c: [Double] = [1, -0.5, 1.0 / 6, -1.0 / 24]
        let exact = ((c[3] * 0.3 + c[2]) * 0.3 + c[1]) * 0.3 + c[0]
        let half = horner(c.map(Half.init), at: Half(0.3))
        let fp8 = horner(c.map(Float8E4M3FN.init), at: Float8E4M3FN(0.3))
        typealias BF16Down = BFloat16.Rounded<Rounding.TowardZero>
        let down = horner(c.map(BF16Down.init), at: BF16Down(0.3))
        XCTAssertEqual(Double(half), exact, accuracy: 10 * 0x1p-10)
        XCTAssertEqual(Double(fp8), exact, accuracy: 10 * 0x1p-3)
        XCTAssertEqual(Double(down), exact, accuracy: 10 * 0x1p-7)
        // Toward zero never rounds up: the result is at most the nearest-even one.
        XCTAssertLessThanOrEqual(Double(down), Double(horner(c.map(BFloat16.init), at: BFloat16(0.3))))
    }

    /// The tour's seed block: the same seed gives the same sum; stochastic rounding
    /// tracks 256 + 1000 = 1256 where nearest-even stagnates (each +1 at 256 is a tie).
    /// The sum of 1000 independent roundings has standard deviation below √1000·4 ≈ 126,
    /// so |error| < 600 fails with probability below 10⁻⁶ (Hoeffding).
    func testTourSeededStochasticSum() {
        let a = StochasticRounding.withSeed(42) { (0..<1000).reduce(StochasticBFloat16(256)) { s, _ in s + 1 } }
        let b = StochasticRounding.withSeed(42) { (0..<1000).reduce(StochasticBFloat16(256)) { s, _ in s + 1 } }
        XCTAssertEqual(a, b)
        XCTAssertLessThan(abs(Double(a) - 1256), 600)
        XCTAssertEqual(Double((0..<1000).reduce(BFloat16(256)) { s, _ in s + 1 }), 256)
    }

    /// The tour's context block: ieee-e8m9 has 10 bits of precision, so v = v² + 1/4
    /// from 0.1 stays within a few units of 2⁻¹⁰ of the binary64 iteration's fixed
    /// point region (it converges to 1/2 from below, where the map is contracting).
    func testTourRoundingContext() throws {
        var context = RoundingContext(format: try FloatFormat(named: "ieee-e8m9"), mode: .stochastic(), seed: 1)
        var v = 0.1
        for _ in 0..<100 { v = context.add(context.multiply(v, v), 0.25) }
        XCTAssertEqual(context.format.precision, 10)
        XCTAssertTrue(v > 0.4 && v <= 0.5, "\(v)")
        XCTAssertEqual(round(v, to: context.format, mode: .towardZero), v)   // a value of the format
        let zs = context.rounded([0.1, 0.2])
        XCTAssertEqual(zs.count, 2)
    }
}

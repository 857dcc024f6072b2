import XCTest
@testable import Chop

/// Integer rounding through the kernel and integer quantization. Expected values are
/// derived by hand (exact rational arithmetic) in the comments.
final class QuantizationIntegerTests: XCTestCase {
    func testRoundToIntegerEveryDeterministicMode() {
        // (x, [RNE, RNA, RZ, RU, RD, RO])
        let cases: [(Double, [Double])] = [
            (2.5, [2, 3, 2, 3, 2, 3]),
            (-2.5, [-2, -3, -2, -2, -3, -3]),
            (3.5, [4, 4, 3, 4, 3, 3]),
            (0.3, [0, 0, 0, 1, 0, 1]),
            (-0.7, [-1, -1, -0.0, -0.0, -1, -1]),
            (7, [7, 7, 7, 7, 7, 7]),
            (1e-300, [0, 0, 0, 1, 0, 1]),
            (0x1p52 - 0.5, [0x1p52, 0x1p52, 0x1p52 - 1, 0x1p52, 0x1p52 - 1, 0x1p52 - 1]),
            (123456.75, [123457, 123457, 123456, 123457, 123456, 123457]),
        ]
        for (x, expected) in cases {
            for (mode, e) in zip(RoundingMode.deterministic, expected) {
                let r = roundToInteger(x, mode: mode)
                XCTAssertEqual(r, e, "\(x) \(mode)")
                XCTAssertEqual(r.sign, e.sign, "sign of \(x) \(mode)")
            }
        }
        XCTAssertEqual(roundToInteger(0x1p52 + 1, mode: .towardZero), 0x1p52 + 1)
        XCTAssertEqual(roundToInteger(-0.0, mode: .towardPositive).sign, .minus)
        XCTAssertTrue(roundToInteger(.nan).isNaN)
        XCTAssertEqual(roundToInteger(-.infinity), -.infinity)
    }

    func testRoundToIntegerSeesTheTail() {
        // 3 − 10⁻²⁰ lies just below 3.
        XCTAssertEqual(roundToInteger(3, tail: -1e-20, mode: .towardNegative), 2)
        XCTAssertEqual(roundToInteger(3, tail: -1e-20, mode: .towardZero), 2)
        XCTAssertEqual(roundToInteger(3, tail: -1e-20, mode: .nearestEven), 3)
        XCTAssertEqual(roundToInteger(2.5, tail: 1e-20, mode: .nearestEven), 3)
        XCTAssertEqual(roundToInteger(2.5, tail: -1e-20, mode: .nearestAway), 2)
    }

    func testQuotientIsRoundedExactly() throws {
        // fl(0.1) = 3602879701896397·2⁻⁵⁵ > 1/10, so 1/fl(0.1) < 10 although 1/fl(0.1)
        // rounds to 10.0 in binary64: toward −∞ the code must be 9.
        let q = try IntegerQuantizer(format: IntegerFormat(bits: 8))
        var g = SplitMix64(seed: 1)
        XCTAssertEqual(q.code(1.0, scale: 0.1, zeroPoint: 0, mode: .towardNegative, using: &g).0, 9)
        XCTAssertEqual(q.code(1.0, scale: 0.1, zeroPoint: 0, mode: .towardZero, using: &g).0, 9)
        XCTAssertEqual(q.code(1.0, scale: 0.1, zeroPoint: 0, mode: .nearestEven, using: &g).0, 10)
        XCTAssertEqual(q.code(1.0, scale: 0.1, zeroPoint: 0, mode: .towardPositive, using: &g).0, 10)
    }

    func testStochasticIntegerRoundingIsUnbiased() {
        // P(0.25 → 1) = 1/4. 200 000 draws: σ of the fraction = 0.00097; bound 6σ
        // (false-failure rate about 2·10⁻⁹ for a fresh seed; the seed is fixed).
        var g = Xoshiro256StarStar(seed: 42)
        var ups = 0
        let n = 200_000
        for _ in 0..<n where roundToInteger(0.25, mode: .stochastic(), using: &g) == 1 { ups += 1 }
        XCTAssertEqual(Double(ups) / Double(n), 0.25, accuracy: 0.0058)
    }

    func testSymmetricInt8PerTensor() throws {
        // amax = 127 → s = 1 exactly; codes are the rounded values.
        let x: [Double] = [127, -127, 63.5, 62.5, -0.5, 0.5, 1.5, -100.25]
        let q = try IntegerQuantizer(named: "int8").quantize(x, rows: 1, columns: x.count)
        XCTAssertEqual(q.scales, [1])
        XCTAssertEqual(q.zeroPoints, [0])
        XCTAssertEqual(q.codes, [127, -127, 64, 62, 0, 0, 2, -100])
        XCTAssertEqual(q.dequantized, [127, -127, 64, 62, 0, 0, 2, -100])
        XCTAssertEqual(q.statistics.fractionClipped, 0)
        let down = try IntegerQuantizer(named: "int8").quantize(x, rows: 1, columns: x.count, mode: .towardNegative)
        XCTAssertEqual(down.codes, [127, -127, 63, 62, -1, 0, 1, -101])
        XCTAssertEqual(q.bitPatterns[1], 0x81)  // −127 in two's complement
        XCTAssertEqual(q.dequantize(bitPatterns: q.bitPatterns), q.dequantized)
        // Flipping the sign bit of 127 (0x7F → 0xFF) gives −1.
        var patterns = q.bitPatterns
        patterns[0] ^= 0x80
        XCTAssertEqual(q.dequantize(bitPatterns: patterns)[0], -1)
    }

    func testAffineUInt8() throws {
        // Range [−1, 3]: s = 4/255, z = −round(−1/s) = −round(−63.75) = 64.
        let x: [Double] = [-1, 0, 3, 1]
        let q = try IntegerQuantizer(named: "uint8").quantize(x, rows: 1, columns: 4)
        XCTAssertEqual(q.scales, [4.0 / 255])
        XCTAssertEqual(q.zeroPoints, [64])
        // 1/s = 63.75 → 64 (+64 = 128); 3/s = 191.25 → 191 (+64 = 255).
        XCTAssertEqual(q.codes, [0, 64, 255, 128])
        XCTAssertEqual(q.dequantized[1], 0)  // zero is exact under affine quantization
    }

    func testGranularities() throws {
        // 2×8 matrix, int4 (qmax 7): groups of 4 along rows give 4 scales amax/7.
        let x: [Double] = [7, 1, 2, 3, 14, 1, 1, 1,
                           -3.5, 0, 0, 0, 0.7, 0, 0, 0]
        let g = try IntegerQuantizer(named: "int4-g4").quantize(x, rows: 2, columns: 8)
        let sevenths: [Double] = [7, 14, 3.5, 0.7]
        let expectedScales: [Double] = sevenths.map { $0 / 7 }  // amax/7 per group
        XCTAssertEqual(g.scales, expectedScales)
        let expectedCodes: [Int] = [7, 1, 2, 3, 7, 0, 0, 0, -7, 0, 0, 0, 7, 0, 0, 0]
        XCTAssertEqual(g.codes, expectedCodes)
        let rows = try IntegerQuantizer(named: "int4-channel").quantize(x, rows: 2, columns: 8)
        XCTAssertEqual(rows.scales, [2, 0.5])
        let columns = try IntegerQuantizer(named: "int4-column").quantize(x, rows: 2, columns: 8)
        XCTAssertEqual(columns.scales.count, 8)
        XCTAssertEqual(columns.scales[0], 1)
        let tensor = try IntegerQuantizer(named: "int4").quantize(x, rows: 2, columns: 8)
        XCTAssertEqual(tensor.scales, [2])
    }

    func testPercentileClipsAndMSESearchNeverLoses() throws {
        var g = Xoshiro256StarStar(seed: 7)
        // Gaussian-ish data with outliers (sum of uniforms, plus a few large values).
        var x = (0..<2048).map { _ in (0..<12).map { _ in Double(g.next() >> 11) * 0x1p-53 }.reduce(0, +) - 6 }
        for i in stride(from: 0, to: 2048, by: 256) { x[i] = 12 }
        let byMax = try IntegerQuantizer(named: "int4").quantize(x, rows: 1, columns: x.count)
        let byPercentile = try IntegerQuantizer(named: "int4", calibration: .percentile(99)).quantize(x, rows: 1, columns: x.count)
        let byMSE = try IntegerQuantizer(named: "int4", calibration: .mseSearch(steps: 64)).quantize(x, rows: 1, columns: x.count)
        XCTAssertEqual(byMax.statistics.fractionClipped, 0)
        // The 8 outliers (0.39%) lie beyond the 99th percentile, and at most 1% of the
        // values do (nearest rank: 20 of 2048).
        XCTAssertGreaterThanOrEqual(byPercentile.statistics.fractionClipped, 8.0 / 2048)
        XCTAssertLessThanOrEqual(byPercentile.statistics.fractionClipped, 20.0 / 2048)
        // c = 1 is one of the candidates, so the search cannot do worse than max.
        XCTAssertLessThanOrEqual(byMSE.statistics.meanSquaredError, byMax.statistics.meanSquaredError)
        XCTAssertLessThan(byMSE.statistics.meanSquaredError, byMax.statistics.meanSquaredError)
    }

    func testBadIntegerParametersThrow() {
        XCTAssertThrowsError(try IntegerFormat(bits: 1))
        XCTAssertThrowsError(try IntegerQuantizer(named: "int9x"))
        XCTAssertThrowsError(try IntegerQuantizer(named: "int4-g0"))
        XCTAssertThrowsError(try IntegerQuantizer(named: "int4", calibration: .percentile(0)))
        XCTAssertThrowsError(try IntegerQuantizer(named: "int8").quantize([1, 2, 3], rows: 2, columns: 2))
    }
}

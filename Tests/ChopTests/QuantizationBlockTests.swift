import XCTest
@testable import Chop

/// Block formats: scale rules, clipping, special values, packing, matrices, stochastic
/// element rounding, and the Hadamard rotation.
final class QuantizationBlockTests: XCTestCase {
    func block(_ values: [Double], size: Int = 32) -> [Double] {
        values + [Double](repeating: 0, count: size - values.count)
    }

    /// OCP rule: X = 2^(⌊log₂ 7.99⌋ − 2) = 1 and 7.99 clamps to 6 (error 24.9%, the
    /// bound is 25% as amax → 8X). Round-up rule: X = 2^⌈log₂(7.99/6)⌉ = 2, 3.995 → 4.
    func testOCPClippingOfE2M1AndItsAbsenceUnderRoundUp() throws {
        let x = block([7.99, 1, -0.5])
        let ocp = try BlockFormat.mxfp4.quantize(x)
        XCTAssertEqual(ocp.scale(ofBlock: 0), 1)
        XCTAssertEqual(ocp.dequantized()[0], 6)
        XCTAssertEqual(ocp.clippedCount, 1)
        XCTAssertEqual((7.99 - 6) / 7.99, 0.249, accuracy: 0.001)
        let up = try BlockFormat.mxfp4.with(scaleRule: .roundUp).quantize(x)
        XCTAssertEqual(up.scale(ofBlock: 0), 2)
        XCTAssertEqual(up.dequantized()[0], 8)
        XCTAssertEqual(up.clippedCount, 0)
    }

    /// E4M3FN: 511 with X = 2^(8 − 8) = 1 clamps to 448 (12.3%; bound 12.5%); round-up
    /// gives X = 2 and 255.5 → 256.
    func testOCPClippingOfE4M3() throws {
        let x = block([511, 3])
        let ocp = try BlockFormat.mxfp8E4M3.quantize(x)
        XCTAssertEqual(ocp.dequantized()[0], 448)
        XCTAssertEqual(ocp.clippedCount, 1)
        let up = try BlockFormat.mxfp8E4M3.with(scaleRule: .roundUp).quantize(x)
        XCTAssertEqual(up.dequantized()[0], 512)
        XCTAssertEqual(up.clippedCount, 0)
    }

    /// Over many random blocks the worst clipping error of the OCP rule approaches but
    /// never exceeds the bound, and the round-up rule clips nothing.
    func testClippingBoundsOverRandomBlocks() throws {
        var g = Xoshiro256StarStar(seed: 3)
        let x = (0..<(32 * 4000)).map { _ in Double(Int64(bitPattern: g.next()) >> 11) * 0x1p-40 }
        for (format, bound) in [(BlockFormat.mxfp4, 0.25), (.mxfp8E4M3, 0.125)] {
            let q = try format.quantize(x)
            let y = q.dequantized()
            var worst = 0.0
            for b in 0..<q.blockCount {
                let r = q.blockRange(b)
                let s = q.scale(ofBlock: b)
                for i in r where x[i].magnitude > format.element.maxValue * s {
                    worst = max(worst, (x[i] - y[i]).magnitude / x[i].magnitude)
                }
            }
            XCTAssertLessThan(worst, bound, format.name)
            XCTAssertGreaterThan(worst, 0.8 * bound, format.name)
            XCTAssertGreaterThan(q.clippedCount, 0)
            XCTAssertEqual(try format.with(scaleRule: .roundUp).quantize(x).clippedCount, 0)
        }
    }

    func testZeroSubnormalAndSpecialBlocks() throws {
        var x = [Double](repeating: 0, count: 128)
        x[1] = -0.0                                   // block 0: zeros
        for i in 32..<64 { x[i] = 0x1p-140 * Double(i - 40) }  // block 1: below E8M0's range
        x[64] = 1; x[65] = .nan                       // block 2: NaN
        x[96] = 2; x[97] = -.infinity                 // block 3: −∞
        let q = try BlockFormat.mxfp4.quantize(x)
        XCTAssertEqual(q.scaleCodes, [0, 0, 0xFF, 0xFF])
        let y = q.dequantized()
        XCTAssertEqual(y[0], 0)
        XCTAssertEqual(y[1].sign, .minus)
        XCTAssertEqual(q.elementCodes[1], 0x8)
        // Scale clamped to 2⁻¹²⁷: 23·2⁻¹⁴⁰ = 23·2⁻¹³·X → 0 (below 2⁻²·X = 0.25X).
        XCTAssertTrue(y[32..<64].allSatisfy { $0 == 0 })
        XCTAssertTrue(y[64..<128].allSatisfy(\.isNaN))
        // With E5M2 elements the infinity is stored as such under the NaN scale.
        let e5 = try BlockFormat.mxfp8E5M2.quantize(x)
        XCTAssertEqual(e5.elementCodes[97], 0xFC)
        XCTAssertEqual(e5.elementCodes[65] & 0x7C, 0x7C)
        // A subnormal-scale block that still holds values: 3·2⁻¹³⁰ = 3·2⁻³·X → 0.375 → 0.5.
        let tiny = try BlockFormat.mxfp4.quantize(block([3 * 0x1p-130]))
        XCTAssertEqual(tiny.dequantized()[0], 0x1p-128)
    }

    func testScaleOverflowUnderflowAndFlush() throws {
        // amax = 2²⁰⁰: ⌊log₂ amax⌋ − 2 = 198 > 127, beyond E8M0: the block is NaN.
        let big = try BlockFormat.mxfp4.quantize(block([0x1p200, 1]))
        XCTAssertEqual(big.scaleCodes, [0xFF])
        XCTAssertTrue(big.dequantized().allSatisfy(\.isNaN))
        // A scale format without NaN saturates instead: E5M0 (finite) tops out at 2¹⁶,
        // so 2⁴⁰ clamps to 6·2¹⁶.
        let e5m0 = try FloatFormat(name: "e5m0", exponentBits: 5, significandBits: 0, specials: .finite)
        let f = try BlockFormat(name: "fp4-e5m0", element: .float(.e2m1fn), blockSize: 4, scaleFormat: e5m0, scaleRule: .ocp)
        let saturated = try f.quantize([0x1p40, 1, 0, 0])
        XCTAssertEqual(saturated.scale(ofBlock: 0), 0x1p16)
        XCTAssertEqual(saturated.dequantized()[0], 6 * 0x1p16)
        XCTAssertEqual(saturated.clippedCount, 1)
        // NVFP4: tensor amax 2688 gives s = 1; a block with amax 10⁻⁴ has a raw scale
        // 1.7·10⁻⁵ below half of E4M3's least subnormal 2⁻⁹, so it is flushed to ±0.
        var x = [Double](repeating: 1, count: 32)
        x[0] = 2688
        for i in 16..<32 { x[i] = i % 2 == 0 ? 1e-4 : -1e-4 }
        let q = try BlockFormat.nvfp4.quantize(x)
        XCTAssertEqual(q.tensorScale, 1)
        XCTAssertEqual(q.scaleCodes[1], 0)
        XCTAssertTrue(q.dequantized()[16...].allSatisfy { $0 == 0 })
        XCTAssertEqual(q.elementCodes[17], 0x8)  // −0
    }

    func testTableEncoderAgreesWithFormatEncoding() {
        for element in BlockFormat.builtIns.map(\.element) {
            let encoder = ElementEncoder(element)
            for code in 0..<(1 << element.bitWidth) {
                let v = element.decode(UInt8(code))
                guard !v.isNaN else { continue }
                XCTAssertEqual(encoder.encode(v), element.encode(v), "\(element) \(v)")
                XCTAssertEqual(element.decode(encoder.encode(v)), v, "\(element) \(v)")
            }
        }
    }

    func testPackingOrder() throws {
        XCTAssertEqual(PackedCodes.pack([1, 2, 3], bitWidth: 4), [0x21, 0x03])
        // FP6: values 0x3F, 0x00, 0x15, 0x01 as a little-endian bit stream.
        XCTAssertEqual(PackedCodes.pack([0x3F, 0, 0x15, 1], bitWidth: 6), [0x3F, 0x50, 0x05])
        XCTAssertEqual(PackedCodes.unpack([0x3F, 0x50, 0x05], bitWidth: 6, count: 4), [0x3F, 0, 0x15, 1])
        var g = Xoshiro256StarStar(seed: 5)
        let x = (0..<200).map { _ in Double(Int64(bitPattern: g.next()) >> 20) * 0x1p-30 }
        for format in BlockFormat.builtIns {
            let q = try format.quantize(x, segmentLength: 100)
            let packed = q.packedElements
            XCTAssertEqual(packed.count, (200 * format.element.bitWidth + 7) / 8)
            let back = try BlockQuantized(format: format, count: 200, segmentLength: 100, tensorScale: q.tensorScale,
                                          packedScales: q.packedScales, packedElements: packed)
            XCTAssertEqual(back.elementCodes, q.elementCodes, format.name)
            XCTAssertEqual(back.dequantized(), q.dequantized(), format.name)
        }
        XCTAssertThrowsError(try BlockQuantized(format: .mxfp4, count: 4, packedScales: [0], packedElements: [0]))
    }

    func testStochasticElementRoundingIsUnbiased() throws {
        // X = 1 (amax 5); 2.5 lies halfway between 2 and 3, 2.25 a quarter of the way.
        // 31 values × 400 seeds per case; σ of the mean ≤ 0.5/√12400 = 0.0045, bound 6σ.
        for (value, _) in [(2.5, 0.5), (2.25, 0.25)] {
            var sum = 0.0
            for seed in 0..<400 {
                let y = try BlockFormat.mxfp4.quantize([5] + [Double](repeating: value, count: 31),
                                                       mode: .stochastic(), seed: UInt64(seed)).dequantized()
                sum += y[1...].reduce(0, +)
            }
            XCTAssertEqual(sum / (31 * 400), value, accuracy: 0.027)
        }
    }

    func testStochasticResultsDoNotDependOnThreads() throws {
        var g = Xoshiro256StarStar(seed: 9)
        let x = (0..<(1 << 18)).map { _ in Double(Int64(bitPattern: g.next()) >> 11) * 0x1p-50 }
        for format in [BlockFormat.mxfp4, .nvfp4] {
            let a = try format.quantize(x, mode: .stochastic(), seed: 11, threads: 1)
            let b = try format.quantize(x, mode: .stochastic(), seed: 11, threads: 2)
            XCTAssertEqual(a.elementCodes, b.elementCodes)
            XCTAssertEqual(a.scaleCodes, b.scaleCodes)
        }
    }

    func testMatrixAxes() throws {
        var g = Xoshiro256StarStar(seed: 13)
        let (r, c) = (32, 48)
        let m = (0..<(r * c)).map { _ in Double(Int64(bitPattern: g.next()) >> 11) * 0x1p-50 }
        var t = [Double](repeating: 0, count: r * c)
        for i in 0..<r { for j in 0..<c { t[j * r + i] = m[i * c + j] } }
        let byColumns = try MatrixBlockQuantization(m, rows: r, columns: c, format: .mxfp4, axis: .columns)
        let transposedRows = try MatrixBlockQuantization(t, rows: c, columns: r, format: .mxfp4, axis: .rows)
        for i in 0..<r { for j in 0..<c {
            XCTAssertEqual(byColumns.dequantized[i * c + j], transposedRows.dequantized[j * r + i])
        } }
        let tiles = try MatrixBlockQuantization(m, rows: r, columns: c, format: .nvfp4, axis: .tiles)
        XCTAssertEqual(tiles.quantized.scaleCodes.count, (32 / 16) * (48 / 16))
        // Every value of a tile is a multiple of its tile's element quantum: the tile's
        // dequantized values share one scale.
        XCTAssertGreaterThan(tiles.statistics.sqnrDecibels, 10)
        XCTAssertThrowsError(try MatrixBlockQuantization(m, rows: 24, columns: 64, format: .nvfp4, axis: .tiles))
        XCTAssertThrowsError(try MatrixBlockQuantization(m, rows: 3, columns: 3, format: .nvfp4))
        // Rows: 48 columns = one block of 32 and a short block of 16 per row.
        let rows = try MatrixBlockQuantization(m, rows: r, columns: c, format: .mxfp4)
        XCTAssertEqual(rows.quantized.blockCount, 2 * r)
        XCTAssertEqual(rows.quantized.blockRange(1), 32..<48)
    }

    func testMatrixProductUsesDequantizedOperands() throws {
        let a: [Double] = [1, 2, 3, 7.99]   // 1×4
        let b: [Double] = [1, 1, 1, 1]      // 4×1
        let (p, qa, _) = try blockQuantizedMatrixProduct(a, b, m: 1, k: 4, n: 1, formatA: .mxfp4, formatB: .mxfp4)
        // X = 1 for A: 1, 2, 3, 6 (7.99 clipped).
        XCTAssertEqual(qa.dequantized, [1, 2, 3, 6])
        XCTAssertEqual(p, [12])
    }

    func testErrorStatistics() {
        let s = QuantizationErrorStatistics(original: [1, 2, .nan], dequantized: [1, 1, 0], clippedCount: 1)
        XCTAssertEqual(s.count, 2)
        XCTAssertEqual(s.nonFiniteCount, 1)
        XCTAssertEqual(s.meanSquaredError, 0.5)
        XCTAssertEqual(s.sqnrDecibels, 10 * Foundation.log10(5.0), accuracy: 1e-12)
        XCTAssertEqual(s.maxAbsoluteError, 1)
        XCTAssertEqual(s.fractionClipped, 1.0 / 3)
    }

    func testCustomBlockFormats() throws {
        // A UE5M3-style unsigned scale: 5 exponent bits, 3 stored bits, finite, no sign.
        // Modelled as a signed finite format (scales are positive).
        let ue5m3 = try FloatFormat(name: "ue5m3", exponentBits: 5, significandBits: 3, specials: .finite)
        let f = try BlockFormat(name: "fp4-ue5m3", element: .float(.e2m1fn), blockSize: 8,
                                scaleFormat: ue5m3, scaleRule: .ratioRoundUp)
        // amax 9 → 9/6 = 1.5 exactly (a UE5M3 value) → 9/1.5 = 6.
        let q = try f.quantize([9, 1.5, -3, 0, 0, 0, 0, 0])
        XCTAssertEqual(q.scale(ofBlock: 0), 1.5)
        XCTAssertEqual(q.dequantized()[0..<3], [9, 1.5, -3])
        XCTAssertThrowsError(try BlockFormat.mxfp4.with(blockSize: 0))
        XCTAssertThrowsError(try BlockFormat(named: "mxfp3"))
        XCTAssertThrowsError(try ScaleRule(named: "upward"))
    }

    func testHadamardMatchesSylvesterMatrix() throws {
        // H₁ = [1], H₂ₙ = [[H, H], [H, −H]]; n = 16 so 1/√n = 1/4 is exact.
        var h: [[Double]] = [[1]]
        while h.count < 16 { h = h.map { $0 + $0 } + h.map { $0 + $0.map { -$0 } } }
        let rotation = try HadamardRotation(blockSize: 16, seed: 99)
        XCTAssertTrue(rotation.signs.contains(-1) && rotation.signs.contains(1))
        let x = (0..<32).map { Double($0 % 7) - 3 }
        var y = x
        try rotation.forward(&y)
        for blockStart in [0, 16] {
            for i in 0..<16 {
                var e = 0.0
                for j in 0..<16 { e += h[i][j] * rotation.signs[j] * x[blockStart + j] }
                XCTAssertEqual(y[blockStart + i], e / 4)
            }
        }
        try rotation.inverse(&y)
        XCTAssertEqual(y, x)
        XCTAssertThrowsError(try HadamardRotation(blockSize: 12))
        var short = [1.0, 2.0]
        XCTAssertThrowsError(try rotation.forward(&short))
    }

    func testHadamardHelpsOutlierBlocksUnderMXFP4() throws {
        var g = Xoshiro256StarStar(seed: 21)
        var x = (0..<4096).map { _ in (0..<12).map { _ in Double(g.next() >> 11) * 0x1p-53 }.reduce(0, +) - 6 }
        for i in stride(from: 3, to: 4096, by: 32) { x[i] = 40 }   // one outlier per block
        let plain = try MatrixBlockQuantization(x, rows: 1, columns: 4096, format: .mxfp4)
        let rotation = try HadamardRotation(blockSize: 32, seed: 1)
        var r = x
        try rotation.forward(&r)
        var y = try BlockFormat.mxfp4.quantize(r).dequantized()
        try rotation.inverse(&y)
        let rotated = QuantizationErrorStatistics(original: x, dequantized: y)
        XCTAssertGreaterThan(rotated.sqnrDecibels, plain.statistics.sqnrDecibels + 3)
    }
}

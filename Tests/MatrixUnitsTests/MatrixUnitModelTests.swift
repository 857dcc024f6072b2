import Chop
import XCTest
@testable import MatrixUnits

/// Every preset against the independent exact reference (ReferenceModel.swift), on
/// random matrices whose K spans several blocks and a short last block.
final class MatrixUnitReferenceTests: XCTestCase {
    func inputExponents(_ f: FloatFormat) -> ClosedRange<Int> {
        // Keep the exact sums inside Int128 for the wide-range formats.
        f.exponentBits >= 8 ? -20...20 : f.emin...f.emax
    }

    func check(_ model: MatrixUnitModel, seed: UInt64, m: Int = 3, n: Int = 3, kMultiplier: Int = 2,
               cExponents: ClosedRange<Int> = -20...6, file: StaticString = #filePath, line: UInt = #line) throws {
        var gen = ValueGenerator(rng: Xoshiro256StarStar(seed: seed))
        let k = model.blockSize == 0 ? 37 : model.blockSize * kMultiplier + 3
        let A = gen.matrix(m, k, model.inputA, exponents: inputExponents(model.inputA))
        let B = gen.matrix(k, n, model.inputB, exponents: inputExponents(model.inputB))
        let cf = model.inputC
        let C = gen.matrix(m, n, cf, exponents: max(cf.emin, cExponents.lowerBound)...min(cf.emax, cExponents.upperBound))
        let D = try gemm(model, Matrix(A), Matrix(B), Matrix(C), workers: 2)
        let R = ReferenceModel(model: model).gemm(A, B, C)
        for i in 0..<m {
            for j in 0..<n where !(D[i, j] == R[i][j] || (D[i, j].isNaN && R[i][j].isNaN)) {
                XCTFail("\(model.name) seed \(seed): D[\(i),\(j)] = \(D[i, j]) (\(D[i, j].bitPattern)), reference \(R[i][j]); A row \(A[i]), B col \(B.map { $0[j] }), C \(C[i][j])", file: file, line: line)
                return
            }
        }
    }

    func testEveryPresetValidates() throws {
        XCTAssertGreaterThanOrEqual(MatrixUnitModel.presets.count, 30)
        for p in MatrixUnitModel.presets { XCTAssertNoThrow(try p.validate(), p.name) }
        for name in ["v100-fp16", "a100-fp16", "a100-bf16", "a100-tf32", "h100-fp16", "h100-fp8-e4m3",
                     "h100-fp8-e5m2", "b200-fp8-e4m3", "mi250x-fp16", "mi300x-fp16", "a30-fp16", "h200-bf16"] {
            XCTAssertNoThrow(try MatrixUnitModel.preset(named: name), name)
        }
    }

    func testGlobalPresetsMatchReference() throws {
        for model in MatrixUnitModel.presets where model.structure == .global {
            for seed in UInt64(1)...6 { try check(model, seed: seed) }
        }
    }

    func testAMDAndExactPresetsMatchReference() throws {
        for model in MatrixUnitModel.presets where model.structure != .global {
            for seed in UInt64(1)...6 { try check(model, seed: seed) }
        }
    }

    /// Large C against small products and the reverse, where late C, round-down and
    /// the odd/even join differ most.
    func testStructuresWithUnbalancedC() throws {
        for name in ["mi300x-fp16", "mi300x-bf16", "mi300x-fp8-e4m3fnuz", "mi300x-fp8-e5m2fnuz", "b200-mmasync-fp8-e4m3", "v100-fp16", "h100-fp8-e4m3"] {
            let model = try MatrixUnitModel.preset(named: name)
            for seed in UInt64(10)...14 {
                try check(model, seed: seed, cExponents: 8...20)
                try check(model, seed: seed &+ 100, cExponents: -40...(-25))
            }
        }
    }

    func testPromotionMatchesReference() throws {
        let model = try MatrixUnitModel.preset(named: "deepgemm-h100-fp8-e4m3")
        for seed in UInt64(1)...3 { try check(model, seed: seed, m: 2, n: 2, kMultiplier: 9) }
        var custom = try MatrixUnitModel(parameters: "preset=a100-bf16,promote=16")
        custom.name = "a100-bf16-promote16"
        for seed in UInt64(1)...3 { try check(custom, seed: seed, m: 2, n: 2, kMultiplier: 5) }
    }

    func testStickyAndCustomModelsMatchReferenceWhereTheRulesAgree() throws {
        // Truncation with a narrower F and a sticky-free custom model.
        let model = try MatrixUnitModel(parameters: "a=bf16,k=4,frac=20,round=rne,min_exp=none")
        for seed in UInt64(1)...4 { try check(model, seed: seed) }
    }

    func testParameterStringRoundTrips() throws {
        for p in MatrixUnitModel.presets {
            let q = try MatrixUnitModel(parameters: p.parameterString)
            XCTAssertEqual(q.parameterString, p.parameterString, p.name)
        }
    }

    /// Stochastic final rounding rounds up with probability equal to the discarded
    /// fraction: each entry is 1 + 2^-25 = 1 + ulp/4 exactly (no truncation with F = 40),
    /// so among 10000 entries (independent streams) the count of 1 + 2^-23 is
    /// Binomial(10000, 1/4): mean 2500, sd 43.3; a ±5 sd band fails with probability < 1e-6.
    func testStochasticFinalRoundingIsUnbiased() throws {
        let model = try MatrixUnitModel(parameters: "a=fp16,k=4,frac=40,round=sr")
        let n = 100
        let A = try Matrix(rows: n, columns: 2, values: (0..<n).flatMap { _ in [1, 0x1p-12] })
        let B = try Matrix(rows: 2, columns: n, values: [Double](repeating: 1, count: n) + [Double](repeating: 0x1p-13, count: n))
        let D = try gemm(model, A, B, seed: 11, workers: 2)
        XCTAssertTrue(D.values.allSatisfy { $0 == 1 || $0 == 1 + 0x1p-23 })
        let ups = D.values.filter { $0 > 1 }.count
        XCTAssertEqual(Double(ups), 2500, accuracy: 5 * 43.3)
    }

    func testResultsDoNotDependOnWorkersAndStochasticIsReproducible() throws {
        let model = try MatrixUnitModel(parameters: "preset=h100-fp16,round=sr")
        var gen = ValueGenerator(rng: Xoshiro256StarStar(seed: 7))
        let A = try Matrix(gen.matrix(17, 40, .binary16, exponents: -6...6))
        let B = try Matrix(gen.matrix(40, 45, .binary16, exponents: -6...6))
        let d1 = try gemm(model, A, B, seed: 3, workers: 1)
        let d3 = try gemm(model, A, B, seed: 3, workers: 3)
        XCTAssertEqual(d1, d3)
        // And it is stochastic: another seed changes some entries.
        let d4 = try gemm(model, A, B, seed: 4, workers: 2)
        XCTAssertNotEqual(d1, d4)
    }
}

/// Published findings of the probing papers, as regression tests. Numbers from
/// Fasi, Higham, Mikaitis & Pranesh (PeerJ CS 2021) and their probes
/// (tensor-cores-numerical-behavior, `tc_test_numerics-V100.cu` and the A100 files),
/// the HPEC 2025 block-FMA tests (faiziktk/IEEE_HPEC2025_block_FMA_tests), and the
/// H100 fp8 probe (MATRIX-UNITS.md §3), as quoted in /work/shared/docs/MATRIX-UNITS.md.
final class MatrixUnitFindingsTests: XCTestCase {
    let u24 = 0x1p-24, u23 = 0x1p-23, u22 = 0x1p-22

    func d(_ unit: String, _ a: [Double], _ b: [Double], _ c: Double = 0) throws -> Double {
        let model = try MatrixUnitModel.preset(named: unit)
        let D = try gemm(model, Matrix([a]), Matrix(b.map { [$0] }), Matrix([[c]]), workers: 1)
        return D[0, 0]
    }

    /// FH V100 §C: [1,1]·[2, 3·2^-24] = 2, not the correctly rounded 2+2^-22.
    func testV100TruncatesInsteadOfRounding() throws {
        XCTAssertEqual(try d("v100-fp16", [1, 1], [2, 3 * u24]), 2)
        XCTAssertEqual(try d("exact-fp16", [1, 1], [2, 3 * u24]), 2 + u22)
    }

    /// FH D1: 1·1 − (1−2^-24) gives 2^-23 on V100 (no extra alignment bit) and the exact
    /// 2^-24 on A100 (one extra bit).
    func testExtraAlignmentBitsSubtraction() throws {
        XCTAssertEqual(try d("v100-fp16", [1], [1], -(1 - u24)), u23)
        XCTAssertEqual(try d("a100-fp16", [1], [1], -(1 - u24)), u24)
        XCTAssertEqual(try d("a100-bf16", [1], [1], -(1 - u24)), u24)
    }

    /// HP feature-1 probes: [2^-24,2^-24]·[1,1] + 1 keeps both terms only with ≥ 1 extra
    /// bit; [2^-24]×3·[0.5,0.5,1] + 1 only with ≥ 2. V100: 0, A100/Ada: 1, H100/B200: 2.
    func testNumberOfExtraBitsPerDevice() throws {
        let expected: [(String, Int)] = [("v100-fp16", 0), ("a100-fp16", 1), ("a100-bf16", 1), ("ada-fp16", 1),
                                         ("h100-fp16", 2), ("h100-bf16", 2), ("b200-fp16", 2)]
        for (unit, bits) in expected {
            let probe1 = try d(unit, [u24, u24], [1, 1], 1)
            let probe2 = try d(unit, [u24, u24, u24], [0.5, 0.5, 1], 1)
            let measured = probe2 == 1 + u23 ? 2 : (probe1 == 1 + u23 ? 1 : 0)
            XCTAssertEqual(measured, bits, unit)
            if bits == 0 { XCTAssertEqual(probe1, 1, unit) }
        }
    }

    /// FH D2 (no normalisation): 4·(1·2^-24) + (1−2^-24) gives 1+2^-23 on V100.
    func testNoNormalisationInsideTheBlock() throws {
        XCTAssertEqual(try d("v100-fp16", [1, 1, 1, 1], [u24, u24, u24, u24], 1 - u24), 1 + u23)
    }

    /// FH D5 (non-monotonic): the same products with C = 1−2^-24 give 1+2^-23 but with
    /// the larger C = 1 give 1. A100 variant: products totalling 3·2^-24.
    func testNonMonotonicity() throws {
        let p = [Double](repeating: u24, count: 4)
        let small = try d("v100-fp16", [1, 1, 1, 1], p, 1 - u24)
        let large = try d("v100-fp16", [1, 1, 1, 1], p, 1)
        XCTAssertEqual(small, 1 + u23)
        XCTAssertEqual(large, 1)
        XCTAssertGreaterThan(small, large)
        // A100 (tc_test_numerics-T4-A100-binary16.cu, D5): a = 0.5 ×4,
        // b = [2^-24, 2^-24, 2^-24, 2^-23+2^-24] (products total 3·2^-24).
        let a = [0.5, 0.5, 0.5, 0.5], b = [u24, u24, u24, u23 + u24]
        let partial = try d("a100-fp16", a, b, 1 - u24)
        let withOne = try d("a100-fp16", a, b, 1)
        XCTAssertEqual(partial, 1 + u23)
        XCTAssertEqual(withOne, 1)
        XCTAssertLessThan(withOne, partial)
    }

    /// FH §C (tc_test_numerics-V100.cu): round-down for positive and round-up for
    /// negative values (truncation), and round-to-nearest in binary16 mode:
    /// [2^-24, 2^-24]·[2^-1, 2^-2] = 0.75·2^-24 → 2^-24.
    func testRoundingModesOfTheAccumulator() throws {
        XCTAssertEqual(try d("v100-fp16", [1, 1, 1, 1], [2, u23 + u24, 0, 0]), 2)
        XCTAssertEqual(try d("v100-fp16", [1, 1, 1, 1], [-2, -(u23 + u24), 0, 0]), -2)
        for unit in ["v100-fp16-fp16out", "a100-fp16-fp16out"] {
            XCTAssertEqual(try d(unit, [u24, u24], [0.5, 0.25]), u24, unit)
        }
    }

    /// FH D3, normalisation in subtraction: [1,1]·[1, −2^-24] + (−1+2^-24) gives 2^-23 on
    /// V100 and 0 on A100 (tc_test_numerics-V100.cu, -T4-A100-binary16.cu).
    func testNormalisationInSubtraction() throws {
        XCTAssertEqual(try d("v100-fp16", [1, 1], [1, -u24], -1 + u24), u23)
        XCTAssertEqual(try d("a100-fp16", [1, 1], [1, -u24], -1 + u24), 0)
    }

    /// FH D4 (carry-out): 1+1.5+1.75+1.875 + 1.875 = 8 exactly, and 4 + (1+2^-22+2^-23)
    /// truncates to 5 (correct rounding would give 5+2^-21).
    func testCarryOutBits() throws {
        XCTAssertEqual(try d("v100-fp16", [1, 1, 1, 1], [1, 1.5, 1.75, 1.875], 1.875), 8)
        // FH D4 loop: three products 1 and one 2^-23 plus C = 1+2^-22+2^-23 give 4+2^-21.
        for unit in ["v100-fp16", "a100-fp16"] {
            for i in 0..<4 {
                var b = [1.0, 1, 1, 1]
                b[i] = u23
                XCTAssertEqual(try d(unit, [1, 1, 1, 1], b, 1 + u22 + u23), 4 + 0x1p-21, "\(unit) i=\(i)")
            }
            XCTAssertEqual(try d(unit, [1, 1, 1, 1], [-1, -1, -1, -1], -1 - u22 - u23), -5, unit)
        }
        XCTAssertEqual(try d("v100-fp16", [1, 1, 1, 1], [1, 1, 1, 1], 1 + u22 + u23), 5)
        XCTAssertEqual(try d("exact-fp16", [1, 1, 1, 1], [1, 1, 1, 1], 1 + u22 + u23), 5 + 0x1p-21)
    }

    /// H100/Ada fp8: A = B = 0, C = 1+2^-13+2^-14+2^-23 gives 1+2^-13 — C is inside the
    /// 13-fraction-bit alignment (DSV3 "only the highest 14 bits").
    func testFP8ThirteenBitAccumulatorOnH100() throws {
        let c = 1 + 0x1p-13 + 0x1p-14 + u23
        for unit in ["h100-fp8-e4m3", "h100-fp8-e5m2", "ada-fp8-e4m3"] {
            XCTAssertEqual(try d(unit, [0], [0], c), 1 + 0x1p-13, unit)
        }
        // B200 (25-bit accumulator, DeepGEMM #176): C kept to binary32 RZ.
        XCTAssertEqual(try d("b200-fp8-e4m3", [0], [0], c), c)
        // A product sum needing 14 fraction bits: 1 + 2^-14 is cut to 1 on H100 fp8.
        XCTAssertEqual(try d("h100-fp8-e4m3", [1, 0x1p-7], [1, 0x1p-7]), 1)
        XCTAssertEqual(try d("exact-fp8-e4m3", [1, 0x1p-7], [1, 0x1p-7]), 1 + 0x1p-14)
    }

    /// Where C is added: inside the alignment on NVIDIA (its low bits are cut when a
    /// product is larger), after the products on CDNA3 and B200 mma.sync fp8.
    func testWhereCIsAdded() throws {
        // NVIDIA global: product 1, C = −2^-30: C truncated away → 1.
        XCTAssertEqual(try d("h100-fp16", [1], [1], -0x1p-30), 1)
        // CDNA3 late C: C aligned with round-down → −1 unit of 2^-24, RNE → 1 − 2^-24.
        XCTAssertEqual(try d("mi300x-fp16", [1], [1], -0x1p-30), 1 - u24)
        // B200 mma.sync fp8: C added in a separate RNE addition → 1 − 2^-30 rounds to 1,
        // but 2^-24·1.5 survives: 1 + 2^-23 from C = 1.5·2^-23.
        XCTAssertEqual(try d("b200-mmasync-fp8-e4m3", [1], [1], 1.5 * u23), 1 + 2 * u23)
        XCTAssertEqual(try d("b200-fp8-e4m3", [1], [1], 1.5 * u23), 1 + u23)
    }

    /// CDNA2: subnormal inputs flushed; products ≥ 2^128 give ±∞.
    func testCDNA2FlushAndProductLimit() throws {
        XCTAssertEqual(try d("mi250x-fp16", [0x1p-24], [1], 1), 1)
        XCTAssertEqual(try d("mi250x-bf16", [0x1p100], [0x1p30]), .infinity)
        XCTAssertEqual(try d("mi250x-bf16", [-0x1p100], [0x1p30]), -.infinity)
        XCTAssertEqual(try d("a100-bf16", [0x1p100], [0x1p20]), 0x1p120)
    }

    /// Special values settled over the whole row (GM:227-238).
    func testNaNAndInfinity() throws {
        let inf = Double.infinity
        XCTAssertTrue(try d("a100-fp16", [inf, 1], [1, -inf]).isNaN)
        XCTAssertTrue(try d("a100-fp16", [inf], [0]).isNaN)
        XCTAssertEqual(try d("a100-fp16", [inf, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, -1]), inf)
        XCTAssertTrue(try d("a100-fp16", [1], [1], .nan).isNaN)
        XCTAssertTrue(try d("a100-fp16", [inf], [1], -inf).isNaN)
        // Overflow of a finite block: ±∞ even under RZ (MATRIX-UNITS.md §5).
        XCTAssertEqual(try d("a100-bf16", [0x1p127, 0x1p127], [1.5, 1.5]), inf)
    }

    func testBadInputsAreNamed() throws {
        let model = try MatrixUnitModel.preset(named: "a100-fp16")
        XCTAssertThrowsError(try gemm(model, Matrix([[1, 0.1]]), Matrix([[1], [1]]))) { error in
            XCTAssertEqual(error as? MatrixUnitError, .notRepresentable(matrix: "A", row: 0, column: 1, value: 0.1, format: "binary16"))
        }
        XCTAssertThrowsError(try gemm(model, Matrix([[1, 1]]), Matrix([[1], [1], [1]])))
        XCTAssertThrowsError(try gemm(model, Matrix([[1]]), Matrix([[1]]), Matrix([[1, 2]])))
        XCTAssertThrowsError(try gemm(model, Matrix([[1]]), Matrix([[70000]])))
        XCTAssertThrowsError(try Matrix([[1, 2], [3]]))
        XCTAssertThrowsError(try MatrixUnitModel(parameters: "a=fp16,k=0,frac=24"))
        XCTAssertThrowsError(try MatrixUnitModel(parameters: "a=fp16,k=8"))
        XCTAssertThrowsError(try MatrixUnitModel(parameters: "a=fp16,k=8,frac=24,bogus=1"))
        XCTAssertThrowsError(try MatrixUnitModel.preset(named: "z80-fp16"))
        XCTAssertThrowsError(try MatrixUnitModel(parameters: "a=fp16,k=4,frac=23,c=binary64,structure=exact"))
        XCTAssertNoThrow(try MatrixUnitModel(parameters: "a=fp16,k=0,frac=0,out=binary64,structure=exact"))
        // tf32 entries must be tf32 values (A100 ignores the low 13 bits of fp32 operands).
        XCTAssertThrowsError(try gemm(MatrixUnitModel.preset(named: "a100-tf32"), Matrix([[1 + 0x1p-20]]), Matrix([[1]])))
    }
}

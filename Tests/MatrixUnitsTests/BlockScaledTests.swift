import Chop
import XCTest
@testable import MatrixUnits

/// Block-scaled operands (MX, NVFP4 from Chop's quantization module) against the
/// reference rules of ReferenceModel.swift with the documented scale application:
/// the scaled element el·sc is exact and its alignment exponent is
/// max(⌊log₂|el|⌋, emin_el) + max(⌊log₂ sc⌋, emin_sc).
final class BlockScaledTests: XCTestCase {
    struct Operand { var element: Double; var scale: Double }

    func operands(_ q: MatrixBlockQuantization, transpose: Bool) -> [[Operand]] {
        // Rows of A, or columns of B, as (element, scale) in K order.
        let bq = q.quantized
        let seg = bq.segmentLength, per = bq.blocksPerSegment, bs = bq.format.blockSize
        let count = bq.count / seg
        return (0..<count).map { r in
            (0..<seg).map { t in
                let k = r * seg + t
                return Operand(element: bq.format.element.decode(bq.elementCodes[k]),
                               scale: bq.scale(ofBlock: (k / seg) * per + (k % seg) / bs))
            }
        }
    }

    func reference(_ model: MatrixUnitModel, _ A: [[Operand]], _ B: [[Operand]], c: [[Double]],
                   elementA: FloatFormat, scaleA: FloatFormat, elementB: FloatFormat, scaleB: FloatFormat) -> [[Double]] {
        let ref = ReferenceModel(model: model)
        func exponent(_ o: Operand, _ ef: FloatFormat, _ sf: FloatFormat) -> Int {
            max(Dyadic(o.element).floorLog2, ef.emin) + max(Dyadic(o.scale).floorLog2, sf.emin)
        }
        return A.indices.map { i in
            B.indices.map { j in
                let K = A[i].count, k = model.blockSize == 0 ? K : model.blockSize
                var d = c[i][j]
                for s in stride(from: 0, to: K, by: k) {
                    var terms: [(Dyadic, Int)] = []
                    for t in s..<min(s + k, K) {
                        let x = A[i][t], y = B[j][t]
                        if x.element == 0 || y.element == 0 { continue }
                        terms.append((Dyadic(x.element * x.scale) * Dyadic(y.element * y.scale),
                                      exponent(x, elementA, scaleA) + exponent(y, elementB, scaleB)))
                    }
                    if model.structure == .exact {
                        var sum = Dyadic(d)
                        if d == 0 { sum = .zero }
                        for (v, _) in terms { sum = sum + v }
                        d = ref.roundOut(sum)
                    } else {
                        d = ref.truncatedSum(terms, c: d).map { ref.roundOut($0) } ?? 0
                    }
                }
                return d
            }
        }
    }

    func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        return (0..<(rows * cols)).map { i in
            let u = Double(g.next() >> 11) * 0x1p-53 - 0.5
            // Rows/blocks of very different magnitudes, so the scales differ.
            return u * Double(sign: .plus, exponent: (i / 7) % 13 - 6, significand: 1)
        }
    }

    func testMXFP8OnB200AndH100MatchesReference() throws {
        let m = 3, K = 64, n = 4
        for (unit, fmt) in [("b200-fp8-e4m3", BlockFormat.mxfp8E4M3), ("h100-fp8-e4m3", BlockFormat.mxfp8E4M3),
                            ("b200-fp8-e5m2", BlockFormat.mxfp8E5M2), ("b200-fp8-e4m3", BlockFormat.mxfp4)] {
            let model = try MatrixUnitModel.preset(named: unit)
            let qa = try MatrixBlockQuantization(randomMatrix(m, K, seed: 1), rows: m, columns: K, format: fmt, axis: .rows)
            let qb = try MatrixBlockQuantization(randomMatrix(K, n, seed: 2), rows: K, columns: n, format: fmt, axis: .columns)
            let C = (0..<m).map { i in (0..<n).map { j in Double(i - j) * 0.375 } }
            let D = try gemm(model, blockScaledA: qa, blockScaledB: qb, Matrix(C))
            guard case .float(let ef) = fmt.element else { return XCTFail() }
            let R = reference(model, operands(qa, transpose: false), operands(qb, transpose: true), c: C,
                              elementA: ef, scaleA: fmt.scaleFormat, elementB: ef, scaleB: fmt.scaleFormat)
            for i in 0..<m { for j in 0..<n { XCTAssertEqual(D[i, j], R[i][j], "\(unit) \(fmt.name) D[\(i),\(j)]") } }
        }
    }

    func testNVFP4WithTensorScaleEpilogue() throws {
        let m = 2, K = 32, n = 3
        let model = try MatrixUnitModel.preset(named: "exact-fp8-e4m3")
        let qa = try MatrixBlockQuantization(randomMatrix(m, K, seed: 5), rows: m, columns: K, format: .nvfp4, axis: .rows)
        let qb = try MatrixBlockQuantization(randomMatrix(K, n, seed: 6), rows: K, columns: n, format: .nvfp4, axis: .columns)
        let D = try gemm(model, blockScaledA: qa, blockScaledB: qb, Matrix([[1, 0.5, -2], [0, 0, 0.25]]))
        let R0 = reference(model, operands(qa, transpose: false), operands(qb, transpose: true), c: [[0, 0, 0], [0, 0, 0]],
                           elementA: .e2m1fn, scaleA: .e4m3fn, elementB: .e2m1fn, scaleB: .e4m3fn)
        let alpha = Double(Float(1 / (Double(qa.quantized.tensorScale) * Double(qb.quantized.tensorScale))))
        let C = [[1, 0.5, -2], [0, 0, 0.25]]
        for i in 0..<m {
            for j in 0..<n {
                let exact = Dyadic(R0[i][j]) * Dyadic(alpha) + Dyadic(C[i][j])
                let r = refRound(exact, p: 24, emin: -126, emax: 127, mode: .nearestEven)
                XCTAssertEqual(D[i, j], r, "D[\(i),\(j)]")
            }
        }
        // The exact product sits close to the binary64 product of the dequantized operands.
        let plain = try blockQuantizedMatrixProduct(randomMatrix(m, K, seed: 5), randomMatrix(K, n, seed: 6), m: m, k: K, n: n,
                                                    formatA: .nvfp4, formatB: .nvfp4).product
        for i in 0..<m { for j in 0..<n { XCTAssertEqual(D[i, j] - C[i][j], plain[i * n + j], accuracy: 1e-5 * max(1, abs(plain[i * n + j]))) } }
    }

    func testBlockScaledRejectsWrongAxes() throws {
        let model = try MatrixUnitModel.preset(named: "b200-fp8-e4m3")
        let qa = try MatrixBlockQuantization(randomMatrix(2, 32, seed: 1), rows: 2, columns: 32, format: .mxfp8E4M3, axis: .columns)
        let qb = try MatrixBlockQuantization(randomMatrix(32, 2, seed: 2), rows: 32, columns: 2, format: .mxfp8E4M3, axis: .columns)
        XCTAssertThrowsError(try gemm(model, blockScaledA: qa, blockScaledB: qb))
        let qi = try MatrixBlockQuantization(randomMatrix(2, 32, seed: 1), rows: 2, columns: 32, format: .mxint8, axis: .rows)
        XCTAssertThrowsError(try gemm(model, blockScaledA: qi, blockScaledB: qb))
    }
}

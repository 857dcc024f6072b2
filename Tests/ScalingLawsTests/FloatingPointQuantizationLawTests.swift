import XCTest
import ScalingLaws

/// (a) With the published constants, the numbers the paper reports.
final class FloatingPointQuantizationLawTests: XCTestCase {
    let law = FloatingPointQuantizationLaw.published

    /// Sun et al. report critical data sizes for a 1B model of about 1730T (BF16),
    /// 27T (E4M3) and 0.4T (E2M1) tokens; they come out with block size 128.
    func testCriticalDataSizesForOneBillionParameters() {
        let cases: [(Double, Double, Double, Double)] = [(8, 7, 1730e12, 0.5e12), (4, 3, 27e12, 0.5e12), (2, 1, 0.4e12, 0.05e12)]
        for (e, m, paper, halfUnit) in cases {
            let d = law.criticalDataSize(parameters: 1e9, exponentBits: e, mantissaBits: m, blockSize: 128)
            // The paper rounds to the digits it prints: agree within half a unit of its last digit.
            XCTAssertEqual(d, paper, accuracy: halfUnit, "E\(e)M\(m)")
        }
    }

    /// The critical data size is where ∂L/∂D = 0: check by central differences of the loss.
    func testCriticalDataSizeIsTheLossMinimumInD() {
        for (e, m) in [(2.0, 1.0), (4, 3), (5, 2)] {
            let d = law.criticalDataSize(parameters: 3e8, exponentBits: e, mantissaBits: m, blockSize: 64)
            let l = { (x: Double) in self.law.loss(parameters: 3e8, tokens: x, exponentBits: e, mantissaBits: m, blockSize: 64) }
            XCTAssertLessThan(l(d), l(d * 0.99))
            XCTAssertLessThan(l(d), l(d * 1.01))
            XCTAssertGreaterThan(l(d * 2), l(d))
        }
        XCTAssertEqual(law.criticalDataSize(parameters: 1e9, exponentBits: 4, mantissaBits: 3, blockSize: 1), .infinity)
    }

    /// The best split per total bit width, as computed independently by
    /// validation/scaling-laws/published_derived.py (NumPy, brute force over the
    /// loss) — including the paper's headline layouts E2M1 (4 bits), E4M3 (8), E8M7 (16).
    func testOptimalFormatTable() throws {
        let expected: [Int: (Int, Int)] = [3: (1, 1), 4: (2, 1), 5: (2, 2), 6: (3, 2), 7: (3, 3), 8: (4, 3), 9: (4, 4),
                                           10: (5, 4), 11: (5, 5), 12: (6, 5), 13: (6, 6), 14: (7, 6), 15: (7, 7), 16: (8, 7)]
        for (p, em) in expected {
            let got = try law.optimalFormat(totalBits: p)
            XCTAssertEqual(got.exponentBits, em.0, "\(p) bits")
            XCTAssertEqual(got.mantissaBits, em.1, "\(p) bits")
            let c = law.continuousSplit(totalBits: p)
            XCTAssertEqual(c.exponentBits + c.mantissaBits, Double(p - 1), accuracy: 1e-12)
            XCTAssertLessThan(abs(c.exponentBits - Double(em.0)), 1, "continuous optimum near the integer one")
        }
        XCTAssertThrowsError(try law.optimalFormat(totalBits: 1))
    }

    /// The compute-optimal row at each precision against a brute-force scan of N.
    func testComputeOptimalMatchesBruteForce() throws {
        let c = 1e21, k = 6.0
        let rows = try law.computeOptimal(compute: c, blockSize: 128, bits: [4, 8, 16])
        for r in rows {
            let K = 16 * c / (k * Double(r.totalBits))
            var best = Double.infinity
            for i in 0...20000 {
                let n = exp(log(1e6) + Double(i) / 20000 * (log(K / 1e6) - log(1e6)))
                best = min(best, law.loss(parameters: n, tokens: K / n, exponentBits: Double(r.exponentBits),
                                          mantissaBits: Double(r.mantissaBits), blockSize: 128))
            }
            // Golden section is at least as good as the grid, and the grid's spacing bounds the gap.
            XCTAssertLessThanOrEqual(r.loss, best + 1e-13)
            XCTAssertEqual(r.loss, best, accuracy: 1e-7)
            XCTAssertEqual(r.parameters * r.tokens, K, accuracy: K * 1e-12)
        }
        XCTAssertThrowsError(try law.computeOptimal(compute: -1, blockSize: 128, bits: [8]))
    }

    /// The struct and the data-driven catalogue law agree (two code paths).
    func testStructMatchesCatalogueFormula() throws {
        let y = try ScalingLaw.fpQuant.evaluate(law.constants, at: ["N": 1e9, "D": 1e11, "E": 4, "M": 3, "B": 128])
        XCTAssertEqual(y, law.loss(parameters: 1e9, tokens: 1e11, exponentBits: 4, mantissaBits: 3, blockSize: 128),
                       accuracy: 1e-13)
    }
}

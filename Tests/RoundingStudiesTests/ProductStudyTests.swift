import Chop
import RoundingStudies
import XCTest

final class ProductStudyTests: XCTestCase {
    /// Deterministic bound (Higham, ASNA (3.5)): |ŝ − s| ≤ γₙ Σ|xᵢyᵢ|, γₙ = nu/(1 − nu),
    /// with u of the accumulation format; s exact.
    func testDotErrorWithinGammaN() throws {
        for (format, acc) in [(FloatFormat.binary16, nil), (.bfloat16, FloatFormat.binary32), (.e4m3fn, .bfloat16)] as [(FloatFormat, FloatFormat?)] {
            let study = try ProductStudy(kind: .dot, formats: [format], modes: [.nearestEven, .towardZero],
                                         sizes: [10, 100, 1000], accumulator: acc, distribution: .normal)
            let t = study.run()
            let scaled = t.column("scaled_error")!, nu = t.column("n_u")!
            for (e, b) in zip(scaled, nu) {
                guard case .real(let err) = e, case .real(let bound) = b else { return XCTFail() }
                if bound < 1 {  // γₙ is defined for nu < 1 only
                    XCTAssertLessThanOrEqual(err, bound / (1 - bound), "\(format)")
                }
            }
        }
    }

    /// A binary64 accumulator makes short bfloat16 dot products exact: products of two
    /// 8-bit significands have 16 bits, and 100 such sums of uniform [0,1) inputs stay
    /// far inside 53 bits (exponents of the products span < 30 binades here).
    func testWideAccumulationIsExactForShortBFloat16Vectors() throws {
        let study = try ProductStudy(kind: .dot, formats: [.bfloat16], modes: [.nearestEven], sizes: [100],
                                     accumulator: .binary64)
        XCTAssertEqual(study.run().column("rel_error"), [.real(0)])
    }

    func testMatmulErrorWithinGammaN() throws {
        let study = try ProductStudy(kind: .matmul, formats: [.binary16, .bfloat16], modes: [.nearestEven],
                                     sizes: [4, 16], fused: true, distribution: .normal)
        let t = study.run()
        for (e, b) in zip(t.column("max_scaled_error")!, t.column("n_u")!) {
            guard case .real(let err) = e, case .real(let bound) = b else { return XCTFail() }
            XCTAssertGreaterThan(err, 0)
            XCTAssertLessThanOrEqual(err, bound / (1 - bound))
        }
        XCTAssertThrowsError(try ProductStudy(kind: .matmul, formats: [.binary16], modes: [.nearestEven], sizes: [5000]))
        XCTAssertThrowsError(try ProductStudy(kind: .dot, formats: [.binary16], modes: [.nearestEven], sizes: [10],
                                              distribution: .reciprocal))
    }
}

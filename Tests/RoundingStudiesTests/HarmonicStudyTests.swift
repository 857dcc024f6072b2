import Chop
import RoundingStudies
import XCTest

final class HarmonicStudyTests: XCTestCase {
    /// Higham & Pranesh (SIAM J. Sci. Comput. 41(5), 2019, §6): binary16 stagnates at
    /// n = 513 with sum 7.0859375, bfloat16 at n = 65 with sum 5.0625 (round to nearest).
    func testPublishedStagnationValues() {
        var g = Xoshiro256StarStar(seed: 1)
        let h = HarmonicStudy.sum(terms: 2000, format: .binary16, mode: .nearestEven, using: &g)
        XCTAssertEqual(h.firstUnchanged, 513)
        XCTAssertEqual(h.sumAtFirstUnchanged, 7.0859375)
        let b = HarmonicStudy.sum(terms: 2000, format: .bfloat16, mode: .nearestEven, using: &g)
        XCTAssertEqual(b.firstUnchanged, 65)
        XCTAssertEqual(b.sumAtFirstUnchanged, 5.0625)
    }

    /// The same runs in exact integer/rational arithmetic written here, for
    /// round-to-nearest and toward zero, in several precisions.
    func testAgainstExactRationalEmulation() throws {
        for (format, p) in [(FloatFormat.binary16, 11), (.bfloat16, 8), (try FloatFormat(exponentBits: 6, significandBits: 9), 10)] {
            for (mode, name) in [(RoundingMode.nearestEven, "rn"), (.towardZero, "rz")] {
                let expected = try XCTUnwrap(rationalHarmonicStagnation(precision: p, mode: name, maxTerms: 5000))
                var g = Xoshiro256StarStar(seed: 1)
                let o = HarmonicStudy.sum(terms: 5000, format: format, mode: mode, using: &g)
                XCTAssertEqual(o.firstUnchanged, expected.n, "\(format) \(mode)")
                XCTAssertEqual(o.sumAtFirstUnchanged, expected.sum, "\(format) \(mode)")
                // Stagnation is final: nothing changes after it.
                XCTAssertEqual(o.lastChange, expected.n - 1, "\(format) \(mode)")
                XCTAssertEqual(o.sum, expected.sum, "\(format) \(mode)")
            }
        }
    }

    /// Stochastic rounding does not stagnate: after 4000 terms the binary16 sum is
    /// near H_4000 ≈ 8.8714 (far above 7.0859375). SR is unbiased, so E[sum] = H_4000;
    /// over 200 seeds the observed standard deviation was 0.095, so the bound 0.5 is
    /// > 5σ (false-failure rate ~1e-7 per seed under the normal approximation).
    func testStochasticRoundingKeepsGrowing() {
        let exact = HarmonicStudy.exactPartialSum(4000)
        XCTAssertEqual(exact, 8.871390299795227, accuracy: 1e-14)  // H_4000, mpmath: 8.87139029979522723...
        for seed in 1...3 as ClosedRange<UInt64> {
            var g = Xoshiro256StarStar(seed: seed)
            let o = HarmonicStudy.sum(terms: 4000, format: .binary16, mode: .stochastic(), using: &g)
            XCTAssertEqual(o.sum, exact, accuracy: 0.5)
            XCTAssertGreaterThan(o.lastChange, 3000)
        }
    }

    func testTableColumnsAndStochasticRowsHaveNoStagnation() throws {
        let study = try HarmonicStudy(formats: [.bfloat16], modes: [.nearestEven, .stochastic()], terms: 200)
        let t = study.run()
        XCTAssertEqual(t.rows.count, 2)
        XCTAssertEqual(t.column("stagnation_n"), [.integer(65), .missing])
        XCTAssertThrowsError(try HarmonicStudy(formats: [.bfloat16], modes: [.nearestEven], terms: 0))
    }
}

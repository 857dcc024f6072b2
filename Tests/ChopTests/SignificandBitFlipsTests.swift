import Chop
import XCTest

/// Soft errors after rounding (``SignificandBitFlips``), tested statistically. Every
/// bound below has a false-failure probability of at most 10⁻⁶ (computed with SciPy:
/// `binom.ppf`/`binom.isf` and `chi2.isf`, quoted with each test).
final class SignificandBitFlipsTests: XCTestCase {
    /// Finite nonzero values with binary exponents in −spread/2 ..< spread/2 (the
    /// default spreads over much of bfloat16's normal range).
    func values(_ n: Int, seed: UInt64, spread: UInt64 = 200) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        return (0..<n).map { _ in
            let significand = 1 + Double(g.next() >> 11) * 0x1p-53
            return Double(sign: g.next() & 1 == 0 ? .plus : .minus, exponent: Int(g.next() % spread) - Int(spread / 2),
                          significand: significand)
        }
    }

    /// The stored significand bit that differs between two values of `format`, or nil
    /// when they differ in anything else or in more than one bit.
    func flippedBit(_ a: Double, _ b: Double, _ format: FloatFormat) -> Int? {
        guard let x = try? format.encode(a), let y = try? format.encode(b) else { return nil }
        let d = x ^ y
        guard d != 0, d & (d - 1) == 0, d < (1 << UInt64(format.significandBits)) else { return nil }
        return d.trailingZeroBitCount
    }

    /// n = 200 000 results, p = 0.1: the number hit lies in [19 347, 20 659]
    /// (binomial quantiles at 0.5·10⁻⁶ each side); every hit changes exactly one
    /// stored significand bit; the bit positions are uniform over bfloat16's 7 bits
    /// (χ² with 6 degrees of freedom below 38.26, the 10⁻⁶ upper quantile).
    func testHitFractionOneBitAndUniformPositions() throws {
        let xs = values(200_000, seed: 11)
        let flips = try SignificandBitFlips(probability: 0.1)
        let clean = xs.rounded(to: .bfloat16)
        let faulty = xs.rounded(to: .bfloat16, seed: 99, threads: 2, flips: flips)
        var hits = 0
        var positions = [Int](repeating: 0, count: 7)
        for i in xs.indices where clean[i].bitPattern != faulty[i].bitPattern {
            hits += 1
            guard let bit = flippedBit(clean[i], faulty[i], .bfloat16) else {
                return XCTFail("element \(i): \(clean[i]) → \(faulty[i]) is not one significand bit")
            }
            positions[bit] += 1
        }
        XCTAssertTrue((19_347...20_659).contains(hits), "\(hits) hits")
        let expected = Double(hits) / 7
        let chiSquare = positions.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        XCTAssertLessThan(chiSquare, 38.26, "\(positions)")
    }

    /// A seed gives the same flips at every thread count, in place and out of place,
    /// and for Float arrays of the same values; another seed gives others.
    func testReproducibleBySeedAndThreadCountFree() throws {
        let xs = values(ArrayRounding.chunkLength * 3 + 5, seed: 12)
        let flips = try SignificandBitFlips(probability: 0.3)
        let one = xs.rounded(to: .bfloat16, mode: .stochastic(), seed: 5, threads: 1, flips: flips)
        let four = xs.rounded(to: .bfloat16, mode: .stochastic(), seed: 5, threads: 4, flips: flips)
        var inPlace = xs
        inPlace.round(to: .bfloat16, mode: .stochastic(), seed: 5, threads: 3, flips: flips)
        XCTAssertEqual(one.map(\.bitPattern), four.map(\.bitPattern))
        XCTAssertEqual(one.map(\.bitPattern), inPlace.map(\.bitPattern))
        let other = xs.rounded(to: .bfloat16, mode: .stochastic(), seed: 6, threads: 1, flips: flips)
        XCTAssertNotEqual(one.map(\.bitPattern), other.map(\.bitPattern))
        let floats = try xs.map { Float($0) }.rounded(to: .bfloat16, mode: .nearestEven, seed: 5, threads: 2, flips: flips)
        let doubles = xs.map { Double(Float($0)) }.rounded(to: .bfloat16, mode: .nearestEven, seed: 5, threads: 1, flips: flips)
        XCTAssertEqual(floats.map { Double($0).bitPattern }, doubles.map(\.bitPattern))
    }

    /// A context applies the flips after every operation; p = 1 hits every result, p = 0
    /// none; NaN, ±∞ and E8M0 are never changed; bad probabilities are refused.
    func testContextAndEdgeCases() throws {
        var context = RoundingContext(format: .binary16, seed: 3).with(bitFlips: try SignificandBitFlips(probability: 1))
        var again = context
        for x in values(500, seed: 13, spread: 30) {   // binary16 normals and subnormals
            let clean = round(x, to: .binary16), faulty = context.round(x)
            XCTAssertNotNil(flippedBit(clean, faulty, .binary16), "\(x)")
            XCTAssertEqual(faulty.bitPattern, again.round(x).bitPattern)
            let sum = context.add(x, 1)
            XCTAssertNotNil(flippedBit(round(x + 1, to: .binary16), sum, .binary16))
            _ = again.add(x, 1)
        }
        XCTAssertTrue(context.round(.nan).isNaN)
        XCTAssertEqual(context.round(.infinity), .infinity)
        let unchanged = try [1.0, 2, 0.5].rounded(to: .e8m0fnu, seed: 1, flips: SignificandBitFlips(probability: 1))
        XCTAssertEqual(unchanged, [1, 2, 0.5])
        let none = values(1000, seed: 14)
        XCTAssertEqual(none.rounded(to: .bfloat16, seed: 1, flips: try SignificandBitFlips(probability: 0)),
                       none.rounded(to: .bfloat16))
        for bad in [-0.1, 1.5, Double.nan] {
            XCTAssertThrowsError(try SignificandBitFlips(probability: bad))
        }
    }
}

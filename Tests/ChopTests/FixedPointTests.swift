import Foundation
import XCTest
@testable import Chop

/// Fixed point against an integer reference: exact products and quotients of the
/// raw integers, divided by 2ⁿ with floor division and the remainder compared with
/// one half by integer arithmetic, mode by mode (no floating point, no kernel).
final class FixedPointTests: XCTestCase {
    enum Wrap8: FixedPointSpec {
        typealias Storage = Int16
        static let integerBits = 7, fractionBits = 8
        static let overflow = FixedPointOverflow.wrap
    }

    /// round(N / D) for D > 0 in `mode` (deterministic), as an integer.
    func referenceDivide(_ n: Int64, _ d: Int64, _ mode: RoundingMode) -> Int64 {
        var q = n / d, r = n % d
        if r < 0 { q -= 1; r += d }            // floor division, 0 ≤ r < d
        if r == 0 { return q }
        let twice = 2 * r
        switch mode {
        case .nearestEven: return twice > d || (twice == d && q & 1 != 0) ? q + 1 : q
        case .nearestAway: return twice > d || (twice == d && n > 0) ? q + 1 : q
        case .towardZero: return n >= 0 ? q : q + 1
        case .towardPositive: return q + 1
        case .towardNegative: return q
        case .toOdd: return q & 1 != 0 ? q : q + 1
        default: fatalError()
        }
    }

    func saturate(_ k: Int64, _ lo: Int64, _ hi: Int64) -> Int64 { Swift.min(Swift.max(k, lo), hi) }

    func testProductsAndQuotientsMatchIntegerReference() {
        var random = TestRandom(7)
        for _ in 0..<3000 {
            let ra = Int16(truncatingIfNeeded: random.state.next()), rb = Int16(truncatingIfNeeded: random.state.next())
            for mode in RoundingMode.deterministic {
                mode.withSpec(ProductCheck(ra: ra, rb: rb, reference: self))
            }
        }
    }

    /// Q7.8 (saturating and wrapping) in the visited mode, against the integer reference.
    struct ProductCheck: RoundingModeVisitor {
        let ra: Int16, rb: Int16
        let reference: FixedPointTests
        func visit<M: RoundingModeSpec>(_: M.Type) {
            let mode = M.mode
            let a = FixedPoint<Q7_8In<M>>(raw: ra), b = FixedPoint<Q7_8In<M>>(raw: rb)
            let wa = FixedPoint<Wrap8In<M>>(raw: ra), wb = FixedPoint<Wrap8In<M>>(raw: rb)
            let p = reference.referenceDivide(Int64(ra) * Int64(rb), 256, mode)
            XCTAssertEqual(Int64((a * b).raw), reference.saturate(p, -32768, 32767), "\(ra)×\(rb) \(mode)")
            XCTAssertEqual((wa * wb).raw, Int16(truncatingIfNeeded: p), "wrap \(ra)×\(rb) \(mode)")
            if rb != 0 {
                let n = Int64(ra) << 8
                let q = rb > 0 ? reference.referenceDivide(n, Int64(rb), mode) : reference.referenceDivide(-n, -Int64(rb), mode)
                XCTAssertEqual(Int64((a / b).raw), reference.saturate(q, -32768, 32767), "\(ra)÷\(rb) \(mode)")
            }
            let s = Int64(ra) + Int64(rb)
            XCTAssertEqual(Int64((a + b).raw), reference.saturate(s, -32768, 32767))
            XCTAssertEqual((wa + wb).raw, Int16(truncatingIfNeeded: s))
        }
    }

    enum Q7_8In<M: RoundingModeSpec>: FixedPointSpec {
        typealias Storage = Int16
        static var integerBits: Int { 7 }
        static var fractionBits: Int { 8 }
        static var roundingMode: RoundingMode { M.mode }
    }
    enum Wrap8In<M: RoundingModeSpec>: FixedPointSpec {
        typealias Storage = Int16
        static var integerBits: Int { 7 }
        static var fractionBits: Int { 8 }
        static var overflow: FixedPointOverflow { .wrap }
        static var roundingMode: RoundingMode { M.mode }
    }
    enum StochasticQ7_8: FixedPointSpec {
        typealias Storage = Int16
        static var integerBits: Int { 7 }
        static var fractionBits: Int { 8 }
        static var roundingMode: RoundingMode { .stochastic() }
    }

    /// Stochastic rounding of products: the threshold ⌊f·2ʳ⌋ checked exactly with a
    /// constant random word, f the exact discarded fraction (away from zero).
    func testStochasticProductThresholds() {
        var random = TestRandom(8)
        let r = 20
        for _ in 0..<2000 {
            let ra = Int16(truncatingIfNeeded: random.state.next()) >> 4, rb = Int16(truncatingIfNeeded: random.state.next()) >> 4
            let p = Int64(ra) * Int64(rb)
            let rem = ((p % 256) + 256) % 256
            if rem == 0 { continue }
            let towardZero = p >= 0 ? p >> 8 : (p >> 8) + 1
            let away = p >= 0 ? towardZero + 1 : towardZero - 1
            let awayFraction = p >= 0 ? rem : 256 - rem        // in units of 2⁻⁸
            let threshold = (awayFraction << r) / 256
            for (word, expected) in [(threshold - 1, away), (threshold, towardZero)] {
                var g = ConstantGenerator(word: UInt64(word) << UInt64(64 - r))
                let exact = Double(p) * 0x1p-16
                let got = Chop.round(exact, to: Q7_8Spec.gridFormat, mode: .stochastic(randomBits: r), using: &g)
                XCTAssertEqual(got, Double(expected) * 0x1p-8, "\(p) word \(word)")
            }
        }
        // And through the type: a seeded run is reproducible and lands on a neighbour.
        let a = FixedPoint<StochasticQ7_8>(raw: 3), b = FixedPoint<StochasticQ7_8>(raw: 85)   // 255·2⁻¹⁶ → 0 or 2⁻⁸
        let runs = StochasticRounding.withSeed(3) { (0..<200).map { _ in (a * b).raw } }
        XCTAssertEqual(runs, StochasticRounding.withSeed(3) { (0..<200).map { _ in (a * b).raw } })
        XCTAssertTrue(runs.allSatisfy { $0 == 0 || $0 == 1 })
        // P(1) = 255/256: with 200 draws, fewer than 190 ones has probability < 1e-9.
        XCTAssertGreaterThan(runs.filter { $0 == 1 }.count, 190)
    }

    func testConventionRangesAndConversions() throws {
        XCTAssertEqual(Q15.max.doubleValue, 1 - 0x1p-15)
        XCTAssertEqual(Q15.min.doubleValue, -1)
        XCTAssertEqual(Q15_16.max.doubleValue, 32768 - 0x1p-16)
        XCTAssertEqual(UQ8_8.max.doubleValue, 256 - 0x1p-8)
        XCTAssertEqual(UQ8_8.min.doubleValue, 0)
        XCTAssertEqual(MemoryLayout<Q15>.size, 2)
        XCTAssertEqual(MemoryLayout<UQ0_8>.size, 1)
        let half: Q15 = 0.5, threeQuarters: Q15 = 0.75
        XCTAssertEqual((half * threeQuarters).doubleValue, 0.375)
        XCTAssertEqual((half + threeQuarters), Q15.max)              // saturates
        XCTAssertEqual((-Q15.min), Q15.max)                           // −(−1) saturates
        XCTAssertEqual(Q15(2.0), Q15.max)
        XCTAssertEqual(Q15(-.infinity), Q15.min)
        XCTAssertEqual(Q15(Double.nan).raw, 0)
        XCTAssertEqual(UQ8_8(-3).raw, 0)                              // unsigned saturates at 0
        XCTAssertEqual((Q15(0.5) / Q15(0)), Q15.max)
        XCTAssertEqual(Q7_8(2).squareRoot().doubleValue, 1.4140625)   // √2 = 1.41421… → 362/256
        XCTAssertEqual(Q7_8(0.1).raw, 26)                             // 25.6 → 26
        XCTAssertEqual(Q7_8(0.1, rounding: .towardZero).raw, 25)
        XCTAssertEqual(Q7_8(1.5).addingProduct(Q7_8(0.5), Q7_8(0.5)).doubleValue, 1.75)
        XCTAssertEqual(Q7_8(Float8E4M3FN(1.75)).doubleValue, 1.75)
        XCTAssertEqual(Q7_8(exactly: 3)?.doubleValue, 3)
        XCTAssertNil(Q7_8(exactly: 300))
        // Wrapping: 127.5 + 1 wraps to −127.5 (two's complement of the raw integer).
        let w = FixedPoint<Wrap8>(127.5) + FixedPoint<Wrap8>(1)
        XCTAssertEqual(w.doubleValue, -127.5)
        XCTAssertEqual(FixedPoint<Wrap8>(300.25).doubleValue, 300.25 - 256)
        // Protocols.
        XCTAssertEqual(Q7_8("1.25")?.doubleValue, 1.25)
        XCTAssertEqual(Q7_8(1.25).description, "1.25")
        let data = try JSONEncoder().encode([Q7_8(1.25), Q7_8(-3)])
        XCTAssertEqual(try JSONDecoder().decode([Q7_8].self, from: data), [Q7_8(1.25), Q7_8(-3)])
        XCTAssertThrowsError(try JSONDecoder().decode([Q7_8].self, from: Data("[0.1]".utf8)))
        XCTAssertEqual(Array(stride(from: Q7_8(0), to: 1, by: 0.25)).count, 4)
        XCTAssertLessThan(Q7_8(-1), Q7_8(0.5))
    }
}

import Chop
import ChopMPFR
import XCTest

/// Every way the library rounds a binary64 value — the scalar kernel, array rounding
/// (out of place and in place), a `RoundingContext`, and a typed float of the format —
/// against GNU MPFR on the same inputs, in every deterministic mode: each test below runs
/// over all four implementations (as gfloat parametrizes its tests over scalar and array
/// rounding). Formats include ones with no stored significand bit (the last kept bit is
/// the implicit leading 1, which the shared mode decisions must know).
final class ImplementationAgreementTests: XCTestCase {
    enum Implementation: CaseIterable { case kernel, arrayOutOfPlace, arrayInPlace, context, typed }

    enum E5M0: EmulatedFormatSpec {
        typealias Storage = UInt8
        static let format = try! FloatFormat(exponentBits: 5, significandBits: 0)
    }
    enum E4M1: EmulatedFormatSpec {
        typealias Storage = UInt8
        static let format = try! FloatFormat(exponentBits: 4, significandBits: 1)
    }

    /// Rounds `xs` with one implementation.
    func rounded<S: EmulatedFormatSpec>(_ xs: [Double], _ spec: S.Type, _ mode: RoundingMode, _ how: Implementation) -> [Double] {
        let format = S.format
        switch how {
        case .kernel: return xs.map { round($0, to: format, mode: mode) }
        case .arrayOutOfPlace: return xs.rounded(to: format, mode: mode)
        case .arrayInPlace:
            var copy = xs
            copy.round(to: format, mode: mode)
            return copy
        case .context:
            var context = RoundingContext(format: format, mode: mode)
            return xs.map { context.round($0) }
        case .typed:
            return mode.withSpec(TypedRounding<S>(values: xs))
        }
    }

    struct TypedRounding<S: EmulatedFormatSpec>: RoundingModeVisitor {
        let values: [Double]
        func visit<M: RoundingModeSpec>(_: M.Type) -> [Double] { values.map { Emulated<S, M>($0).doubleValue } }
    }

    /// Inputs: every value of the format, the midpoints between neighbours and points
    /// just off them, and random doubles spread over the format's range and beyond.
    func inputs(_ format: FloatFormat, random count: Int) -> [Double] {
        // Every edge for the small formats; an evenly spaced sample of 6000 for the others.
        let edges = InputGenerator(format: format).edges(randomPairs: 64, seed: 5)
        let step = max(1, edges.count / 6000)
        var values = stride(from: 0, to: edges.count, by: step).map { edges[$0] }
        var g = Xoshiro256StarStar(seed: 9)
        let span = Double(format.emax - format.emin + 2 * format.significandBits + 8)
        for _ in 0..<count {
            let e = Double(format.emin - format.significandBits - 4) + Double(g.next() >> 11) * 0x1p-53 * span
            let x = Double(sign: g.next() & 1 == 0 ? .plus : .minus, exponent: Int(e),
                           significand: 1 + Double(g.next() >> 11) * 0x1p-53)
            values.append(x)
        }
        return values
    }

    func check<S: EmulatedFormatSpec>(_ spec: S.Type, random: Int = 4000) throws {
        let format = S.format
        let mpfr = MPFRReference()
        let xs = inputs(format, random: random)
        for mode in RoundingMode.deterministic {
            let expected = try xs.map { try mpfr.round($0, to: format, mode: mode) }
            for how in Implementation.allCases {
                let got = rounded(xs, spec, mode, how)
                var mismatches = 0
                for (i, (g, e)) in zip(got, expected).enumerated() where !sameResult(g, e) {
                    if mismatches == 0 {
                        XCTFail("\(format.name) \(mode) \(how): \(hexFloat(xs[i])) → \(hexFloat(g)), MPFR \(hexFloat(e))")
                    }
                    mismatches += 1
                }
                XCTAssertEqual(mismatches, 0, "\(format.name) \(mode) \(how)")
            }
        }
    }

    func testBFloat16() throws { try check(BFloat16Spec.self) }
    func testBinary16() throws { try check(Binary16Spec.self) }
    func testE4M3FN() throws { try check(Float8E4M3FNSpec.self) }
    func testE5M2() throws { try check(Float8E5M2Spec.self) }
    func testE2M1FN() throws { try check(Float4E2M1Spec.self) }
    func testNoStoredSignificandBit() throws { try check(E5M0.self) }
    func testOneStoredSignificandBit() throws { try check(E4M1.self) }

    /// Stochastic modes through the array lanes (including a format with no stored
    /// significand bit): every result is one of MPFR's two neighbours. (The stream
    /// layout itself is checked word for word in ArrayRoundingStochasticTests.)
    func testStochasticArrayResultsAreNeighbours() throws {
        let mpfr = MPFRReference()
        for format in [FloatFormat.bfloat16, .binary16, try FloatFormat(exponentBits: 5, significandBits: 0)] {
            let xs = inputs(format, random: 4000).filter { $0.isFinite }
            for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 5), .stochasticEqual] {
                let got = xs.rounded(to: format, mode: mode, seed: 77)
                for (x, r) in zip(xs, got) {
                    let down = try mpfr.round(x, to: format, mode: .towardNegative)
                    let up = try mpfr.round(x, to: format, mode: .towardPositive)
                    XCTAssertTrue(sameResult(r, down) || sameResult(r, up), "\(format.name) \(mode) \(hexFloat(x)) → \(hexFloat(r))")
                }
            }
        }
    }
}

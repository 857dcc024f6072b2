import XCTest
@testable import Chop

/// The SIMD fast path against the scalar kernel, element by element.
final class ArrayRoundingFastPathTests: XCTestCase {
    /// Deterministic modes: bit-identical to calling the kernel on every element,
    /// for every format kind, over the whole binary64 range and the edges.
    func testDeterministicModesMatchTheKernelBitForBit() {
        for format in ArrayRoundingInputs.formats {
            // 20 005 = 8·2500 + 4 + 1: the eight-wide, four-wide and remainder paths all run.
            let x = ArrayRoundingInputs.make(for: format, count: 20_005, seed: 7)
            for mode in RoundingMode.deterministic {
                let got = x.rounded(to: format, mode: mode)
                var mismatches = 0
                for i in x.indices {
                    let expected = Chop.round(x[i], to: format, mode: mode)
                    if !sameDouble(got[i], expected) {
                        mismatches += 1
                        if mismatches <= 3 {
                            XCTFail("\(format) \(mode): x = \(x[i]) (\(String(x[i].bitPattern, radix: 16))): array \(got[i]), kernel \(expected)")
                        }
                    }
                }
                XCTAssertEqual(mismatches, 0, "\(format) \(mode)")
            }
        }
    }

    /// Stochastic modes: element i's result is exactly the kernel's with
    /// `ElementRandomSource(word: wᵢ)`, wᵢ taken from the documented stream layout
    /// (recomputed here from the scalar `Xoshiro256StarStar`). Crosses chunk boundaries.
    func testStochasticModesMatchTheKernelWithTheDocumentedWords() {
        let modes: [RoundingMode] = [
            .stochastic(), .stochastic(randomBits: 1), .stochastic(randomBits: 5), .stochastic(randomBits: 13),
            .stochastic(randomBits: 40), .stochastic(randomBits: 63), .stochastic(randomBits: 64),
            .stochastic(randomBits: 0), .stochasticEqual,
        ]
        let count = 2 * ArrayRounding.chunkLength + 1005  // last chunk: 8·125 + 4 + 1
        let seed: UInt64 = 0x5EED
        let words = elementWords(seed: seed, count: count)
        for format in [FloatFormat.binary16, .bfloat16, .e4m3fn, .e2m1fn, .binary32, .e8m0fnu, .e5m2fnuz] {
            let x = ArrayRoundingInputs.make(for: format, count: count, seed: 11)
            for mode in modes {
                let got = x.rounded(to: format, mode: mode, seed: seed)
                var mismatches = 0
                for i in x.indices {
                    var source = ElementRandomSource(word: words[i])
                    let expected = Chop.round(x[i], to: format, mode: mode, using: &source)
                    if !sameDouble(got[i], expected) {
                        mismatches += 1
                        if mismatches <= 3 {
                            XCTFail("\(format) \(mode) i=\(i): x = \(x[i]): array \(got[i]), kernel \(expected)")
                        }
                    }
                }
                XCTAssertEqual(mismatches, 0, "\(format) \(mode)")
            }
        }
    }

    /// Known answers worked out by hand (binary16: 11-bit precision, ulp(1) = 2⁻¹⁰,
    /// max 65504, min subnormal 2⁻²⁴; bfloat16: 8 bits), independent of the kernel.
    func testHandWorkedAnswers() {
        let h = FloatFormat.binary16
        let cases: [(Double, RoundingMode, Double)] = [
            (1 + 0x1p-11, .nearestEven, 1),                       // tie, 1 is even
            (1 + 3 * 0x1p-11, .nearestEven, 1 + 0x1p-9),          // tie, 1 + 2⁻¹⁰ is odd
            (1 + 0x1p-11, .nearestAway, 1 + 0x1p-10),
            (-(1 + 0x1p-11), .nearestAway, -(1 + 0x1p-10)),
            (1 + 0x1p-12, .towardPositive, 1 + 0x1p-10),
            (-(1 + 0x1p-12), .towardPositive, -1),
            (-(1 + 0x1p-12), .towardNegative, -(1 + 0x1p-10)),
            (2 - 0x1p-20, .towardZero, 2 - 0x1p-10),
            (2 - 0x1p-20, .nearestEven, 2),                       // carry into the exponent
            (1 + 0x1p-12, .toOdd, 1 + 0x1p-10),
            (1 + 0x1p-10 + 0x1p-12, .toOdd, 1 + 0x1p-10),
            (65504, .nearestEven, 65504),
            (65519.99, .nearestEven, 65504),
            (65520, .nearestEven, .infinity),                     // max + ulp/2 overflows
            (70000, .towardZero, 65504),
            (-70000, .towardPositive, -65504),
            (0x1p-25, .nearestEven, 0),                           // half the min subnormal: tie to 0
            (0x1p-25 + 0x1p-40, .nearestEven, 0x1p-24),
            (-0x1p-30, .towardZero, -0.0),
            (3 * 0x1p-16, .nearestEven, 3 * 0x1p-16),             // a subnormal, exact
        ]
        let x = cases.map(\.0)
        for (i, c) in cases.enumerated() {
            let got = x.rounded(to: h, mode: c.1)[i]
            XCTAssert(sameDouble(got, c.2), "binary16 \(c.1) \(c.0): got \(got), expected \(c.2)")
        }
        // bfloat16 keeps binary32's range: max is 0x1.FEp127 ≈ 3.3895e38 and max + ulp/2 ≈ 3.3962e38.
        XCTAssertEqual(([3.39e38, 3.4e38, 1 + 0x1p-8, 1 + 0x1p-8 + 0x1p-30] as [Double]).rounded(to: .bfloat16),
                       [0x1.FEp127, .infinity, 1, 1 + 0x1p-7])
    }
}

import Chop
import ChopMPFR
import XCTest

/// Legal custom formats whose least quantum is far above 1 (a negative bias), where
/// |x|/quantum falls below binary64's range: the kernel used to see a zero fraction and
/// round 2⁻⁶⁰⁰ toward +∞ to 0 (issue 12, defect 6). Checked against MPFR.
final class LargeQuantumFormatTests: XCTestCase {
    static let formats: [FloatFormat] = [
        try! FloatFormat(name: "e5m3-bias-500", exponentBits: 5, significandBits: 3, bias: -500),
        try! FloatFormat(name: "e5m10-bias-900", exponentBits: 5, significandBits: 10, bias: -900),
        try! FloatFormat(name: "e4m2-bias-1000-nosub", exponentBits: 4, significandBits: 2, bias: -1000, subnormals: false),
    ]

    func testTinyValuesInEveryDeterministicMode() throws {
        let reference = MPFRReference()
        for format in Self.formats {
            for x in [0x1p-600, -0x1p-600, 0x1p-1074, -0x1p-1074, 0x1.8p-1000, 1.0, -3.0, 0x1p400, 0x1p480, 0x1p500] {
                let want = reference.results(rounding: x, to: format)
                for mode in RoundingMode.deterministic {
                    let got = Chop.round(x, to: format, mode: mode)
                    XCTAssertEqual(got.bitPattern, want[mode].bitPattern, "\(x) → \(format.name) \(mode.name): \(got) vs MPFR \(want[mode])")
                }
            }
        }
        // The example of the issue: 2⁻⁶⁰⁰ toward +∞ is the least subnormal, 2^(501 − 3).
        let f = Self.formats[0]
        XCTAssertEqual(Chop.round(0x1p-600, to: f, mode: .towardPositive), 0x1p498)
        XCTAssertEqual(f.minPositive, 0x1p498)
    }

    /// The verifier's regular rows (random inputs across binary64, deterministic and
    /// stochastic modes with MPFR's exact probabilities) on these formats.
    func testVerifierRows() {
        var verifier = Verifier(seed: 12)
        verifier.trialsPerInput = 200
        verifier.maximumTestedInputs = 100
        for format in Self.formats {
            let rows = verifier.verifyRounding(
                format: format, modes: RoundingMode.deterministic + [.stochastic(), .stochastic(randomBits: 7), .stochasticEqual],
                samples: 4000)
            XCTAssertFalse(rows.isEmpty)
            for row in rows {
                XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode): \(row.firstMismatch ?? "")")
            }
        }
    }

    /// Exact stochastic rounding of a value 2⁻¹⁰⁹⁸ of a quantum: the kernel draws the
    /// zero chunks a Bernoulli draw of that probability needs, and rounds up only when
    /// all of them are zero.
    func testStochasticTinyFraction() {
        let f = Self.formats[0]   // quantum 2^498 below 2^501
        struct Words: RandomNumberGenerator {
            var words: [UInt64]; var i = 0
            mutating func next() -> UInt64 { defer { i += 1 }; return i < words.count ? words[i] : 0 }
        }
        var nonzero = Words(words: [1 << 40])
        XCTAssertEqual(Chop.round(0x1p-600, to: f, mode: .stochastic(), using: &nonzero), 0)
        XCTAssertEqual(nonzero.i, 1)
        var zeros = Words(words: [])
        XCTAssertEqual(Chop.round(0x1p-600, to: f, mode: .stochastic(), using: &zeros), 0x1p498)
    }
}

import Chop
import ChopMPFR
import XCTest

/// Stochastic rounding by the kernel against MPFR's exact probabilities.
final class StochasticRoundingTests: XCTestCase {
    /// Every outcome is one of the two MPFR neighbours; round-up frequencies match the
    /// exact probability (250 inputs × 400 draws per format × mode, Bernstein bound
    /// at false-alarm rate 10⁻⁹ per test: 16 × 5 × 251 tests, so a false alarm with
    /// probability below 2.1·10⁻⁵ for the whole test by the union bound); the mean
    /// rounding error matches its exact expectation (zero for proportional rounding
    /// with all bits).
    func testFrequenciesAndUnbiasedness() {
        var verifier = Verifier(seed: 4242)
        verifier.trialsPerInput = 400
        verifier.maximumTestedInputs = 250
        let modes: [RoundingMode] = [.stochastic(), .stochastic(randomBits: 1), .stochastic(randomBits: 5),
                                     .stochastic(randomBits: 23), .stochasticEqual]
        for format in FloatFormat.builtIns {
            let rows = verifier.verifyRounding(format: format, modes: modes, samples: 5000)
            for row in rows {
                XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode): \(row.firstMismatch ?? "")")
            }
        }
    }

    /// The reference's probabilities on inputs whose answer is known exactly.
    func testReferenceProbabilities() {
        let reference = MPFRReference()
        // 1 + 2⁻¹⁰ in bfloat16 (quantum 2⁻⁷): f = 1/8.
        var s = reference.stochastic(rounding: 1 + 0x1p-10, to: .bfloat16, mode: .stochastic())
        XCTAssertEqual(s.towardZero, 1)
        XCTAssertEqual(s.awayFromZero, 1 + 0x1p-7)
        XCTAssertEqual(s.probabilityAway, 0.125)
        // With 2 random bits, ⌊(1/8)·4⌋/4 = 0.
        s = reference.stochastic(rounding: 1 + 0x1p-10, to: .bfloat16, mode: .stochastic(randomBits: 2))
        XCTAssertEqual(s.probabilityAway, 0)
        // −(1 + 3·2⁻⁹) in bfloat16: f = 3/4, away from zero is −(1 + 2⁻⁷).
        s = reference.stochastic(rounding: -(1 + 3 * 0x1p-9), to: .bfloat16, mode: .stochastic())
        XCTAssertEqual(s.towardZero, -1)
        XCTAssertEqual(s.awayFromZero, -(1 + 0x1p-7))
        XCTAssertEqual(s.probabilityAway, 0.75)
        // A tiny fraction: 1 + 2⁻⁶⁰·... is not a Double; use the FMA 1·1 + 2⁻⁶⁰ in binary16.
        s = reference.stochastic(.fusedMultiplyAdd, 1, 1, 0x1p-60, format: .binary16, mode: .stochastic())
        XCTAssertEqual(s.probabilityAway, 0x1p-50)
        // Overflow: 65520 in binary16 lies between 65504 and 65536 (→ ∞), f = ½.
        s = reference.stochastic(rounding: 65520, to: .binary16, mode: .stochastic())
        XCTAssertEqual(s.towardZero, 65504)
        XCTAssertEqual(s.awayFromZero, .infinity)
        XCTAssertEqual(s.probabilityAway, 0.5)
        // Exact inputs.
        s = reference.stochastic(rounding: 1.5, to: .e2m1fn, mode: .stochastic())
        XCTAssertTrue(s.isExact)
        XCTAssertEqual(s.probabilityAway, 0)
    }
}

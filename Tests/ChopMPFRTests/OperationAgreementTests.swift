import Chop
import ChopMPFR
import XCTest

/// `RoundedArithmetic` against MPFR: at least 10⁵ operand sets per format × mode ×
/// operation for binary16, bfloat16, e4m3fn, e5m2, e2m1fn and a custom format, in
/// every deterministic mode, with zero mismatches; stochastic modes statistically.
final class OperationAgreementTests: XCTestCase {
    static let verifier = Verifier(seed: 7_001)
    static let operandSets = 100_000

    func check(_ format: FloatFormat, file: StaticString = #filePath, line: UInt = #line) {
        for op in ReferenceOperation.allCases {
            let rows = Self.verifier.verifyOperation(
                op, format: format, modes: RoundingMode.deterministic, samples: Self.operandSets,
                library: Verifier.libraryArithmetic)
            XCTAssertEqual(rows.count, 6, file: file, line: line)
            for row in rows {
                XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode) \(row.operation): \(row.firstMismatch ?? "")",
                               file: file, line: line)
                XCTAssertGreaterThanOrEqual(row.checked, Self.operandSets, file: file, line: line)
            }
        }
    }

    func testBinary16() { check(.binary16) }
    func testBFloat16() { check(.bfloat16) }
    func testE4M3FN() { check(.e4m3fn) }
    func testE5M2() { check(.e5m2) }
    func testE2M1FN() { check(.e2m1fn) }
    func testCustomE6M5() throws { check(try FloatFormat(exponentBits: 6, significandBits: 5)) }

    /// Stochastic modes on every operation: outcomes are always one of MPFR's two
    /// neighbours; round-up frequencies match the exact probabilities (Bernstein
    /// bound, false-alarm rate 10⁻⁹ per test; 6 × 6 × 3 × 61 tests, so below 7·10⁻⁶ for
    /// the whole test).
    func testStochasticOperations() throws {
        var verifier = Self.verifier
        verifier.maximumTestedInputs = 60
        verifier.trialsPerInput = 400
        let formats: [FloatFormat] = [.binary16, .bfloat16, .e4m3fn, .e5m2, .e2m1fn,
                                      try FloatFormat(exponentBits: 6, significandBits: 5)]
        let modes: [RoundingMode] = [.stochastic(), .stochastic(randomBits: 3), .stochasticEqual]
        for format in formats {
            for op in ReferenceOperation.allCases {
                let rows = verifier.verifyOperation(op, format: format, modes: modes, samples: 3000,
                                                    library: Verifier.libraryArithmetic)
                for row in rows {
                    XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode) \(row.operation): \(row.firstMismatch ?? "")")
                    XCTAssertNotNil(row.note)
                }
            }
        }
    }
}

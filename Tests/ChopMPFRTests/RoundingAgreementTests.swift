import Chop
import ChopMPFR
import XCTest

/// The kernel against MPFR, rounding binary64 inputs into every built-in format and
/// a few custom variants, in every deterministic mode.
final class RoundingAgreementTests: XCTestCase {
    static let verifier = Verifier(seed: 20_261_123)

    func check(_ format: FloatFormat, samples: Int, file: StaticString = #filePath, line: UInt = #line) {
        let rows = Self.verifier.verifyRounding(format: format, modes: RoundingMode.deterministic, samples: samples)
        for row in rows {
            XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode): \(row.firstMismatch ?? "")", file: file, line: line)
            XCTAssertGreaterThanOrEqual(row.checked, samples, file: file, line: line)
        }
    }

    func testSmoke() {
        for f in FloatFormat.builtIns { check(f, samples: 20000) }
    }
}

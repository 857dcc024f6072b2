import Chop
import ChopMPFR
import XCTest

/// The kernel against MPFR: rounding binary64 inputs into every built-in format (at
/// least 10⁶ inputs per format × mode: every edge of the format plus random inputs)
/// and a few custom variants (3·10⁵ each), in every deterministic mode, with zero
/// mismatches.
final class RoundingAgreementTests: XCTestCase {
    static let verifier = Verifier(seed: 20_261_123)
    static let inputsPerFormat = 1_000_000

    /// Checks `format` on `inputs` inputs in total (edges + random).
    func check(
        _ format: FloatFormat, inputs: Int = inputsPerFormat, file: StaticString = #filePath, line: UInt = #line
    ) {
        let edges = InputGenerator(format: format).edges(seed: Self.verifier.seed).count
        let samples = max(0, inputs - edges)
        let rows = Self.verifier.verifyRounding(format: format, modes: RoundingMode.deterministic, samples: samples)
        XCTAssertEqual(rows.count, 6, file: file, line: line)
        for row in rows {
            XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode): \(row.firstMismatch ?? "")", file: file, line: line)
            XCTAssertGreaterThanOrEqual(row.checked, inputs, file: file, line: line)
        }
    }

    func testBinary64() { check(.binary64) }
    func testBinary32() { check(.binary32) }
    func testTF32() { check(.tf32) }
    func testBFloat16() { check(.bfloat16) }
    func testBinary16() { check(.binary16) }
    func testE5M2() { check(.e5m2) }
    func testE4M3FN() { check(.e4m3fn) }
    func testE4M3() { check(.e4m3) }
    func testE4M3FNUZ() { check(.e4m3fnuz) }
    func testE5M2FNUZ() { check(.e5m2fnuz) }
    func testE4M3B11FNUZ() { check(.e4m3b11fnuz) }
    func testE3M4() { check(.e3m4) }
    func testE8M0FNU() { check(.e8m0fnu) }
    func testE3M2FN() { check(.e3m2fn) }
    func testE2M3FN() { check(.e2m3fn) }
    func testE2M1FN() { check(.e2m1fn) }

    // Custom formats and variants.
    static let customInputs = 300_000
    func testBinary16WithoutSubnormals() { check(FloatFormat.binary16.withoutSubnormals(), inputs: Self.customInputs) }
    func testBFloat16WithoutSubnormals() { check(FloatFormat.bfloat16.withoutSubnormals(), inputs: Self.customInputs) }
    func testE4M3FNSaturating() { check(FloatFormat.e4m3fn.saturating(), inputs: Self.customInputs) }
    func testE5M2Saturating() { check(FloatFormat.e5m2.saturating(), inputs: Self.customInputs) }
    func testE4M3FNUZSaturating() { check(FloatFormat.e4m3fnuz.saturating(), inputs: Self.customInputs) }
    func testCustomE3M2() throws { check(try FloatFormat(exponentBits: 3, significandBits: 2), inputs: Self.customInputs) }
    func testCustomE6M9WithoutSubnormals() throws {
        check(try FloatFormat(exponentBits: 6, significandBits: 9, subnormals: false), inputs: Self.customInputs)
    }
    func testCustomE11M30() throws { check(try FloatFormat(exponentBits: 11, significandBits: 30), inputs: Self.customInputs) }

    /// Every encoding of every format of 16 bits or fewer decodes and encodes back to
    /// itself and rounds to itself in every deterministic mode (kernel and MPFR).
    func testEveryEncodingRoundTrips() {
        for format in FloatFormat.builtIns where format.bitWidth <= 16 {
            guard let rows = Self.verifier.verifyEncodings(format: format, modes: RoundingMode.deterministic) else {
                XCTFail("\(format) has no encoding check")
                continue
            }
            for row in rows {
                XCTAssertEqual(row.checked, Int(format.patternCount!))
                XCTAssertEqual(row.mismatches, 0, "\(row.format) \(row.mode): \(row.firstMismatch ?? "")")
            }
        }
    }

    /// The tail path of the kernel (`round(x, tail:)`, used by the arithmetic) against
    /// MPFR's correctly rounded x + tail, for random x and |tail| ≤ ulp(x)/2.
    func testKernelTailAgainstMPFR() {
        let reference = MPFRReference()
        var g = Xoshiro256StarStar(seed: 99)
        let formats: [FloatFormat] = [.binary16, .bfloat16, .e4m3fn, .e5m2, .e2m1fn, .binary32, .binary64,
                                      FloatFormat.binary16.withoutSubnormals(), .e8m0fnu, .e4m3fnuz]
        var checked = 0
        for format in formats {
            let generator = InputGenerator(format: format)
            for i in 0..<20_000 {
                let x = generator.randomValue(using: &g)
                guard x.isFinite, x != 0 else { continue }
                // Either a random tail or a tail putting x + tail at a format midpoint ± tiny.
                let ulp = x.ulp
                var tail = Double(sign: .plus, exponent: -Int(g.next() % 80), significand: ulp / 2)
                tail *= Double(g.next() % 1024) / 1024
                if g.next() & 1 == 0 { tail = -tail }
                if i % 4 == 0 { tail = g.next() & 1 == 0 ? ulp / 2 : -ulp / 2 }
                let ref = reference.results(.add, x, tail, format: format)
                for mode in RoundingMode.deterministic {
                    let lib = Chop.round(x, tail: tail, to: format, mode: mode)
                    checked += 1
                    if !sameResult(lib, ref[mode]) {
                        XCTFail("\(format) \(mode): round(\(hexFloat(x)), tail: \(hexFloat(tail))) = \(hexFloat(lib)), MPFR \(hexFloat(ref[mode]))")
                        return
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 1_000_000)
    }
}

import Chop
import XCTest

/// `Emulated.description` (``FloatFormat/shortestDecimal(_:)``) against Swift's own
/// `Float16` and `Float` descriptions, an independent implementation (SwiftDtoa) of the
/// same rule: shortest digits that read back, nearest the value, same layout.
final class ShortestDecimalTests: XCTestCase {
    /// Every binary16 encoding, including subnormals, ±0, ±∞ and NaNs.
    func testEveryHalfMatchesFloat16() {
        var mismatches: [String] = []
        for bits in UInt16.min...UInt16.max {
            let swift = Float16(bitPattern: bits)
            let ours = Half(bitPattern: bits)
            let want = swift.isNaN ? "nan" : swift.description
            if ours.description != want { mismatches.append("0x\(String(bits, radix: 16)): \(ours.description) vs \(want)") }
        }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(20).joined(separator: "; "))
    }

    /// Random binary32 encodings (uniform over bit patterns, so every binade), the
    /// binade edges and the extremes.
    func testBinary32MatchesFloat() {
        var g = Xoshiro256StarStar(seed: 1532)
        var patterns: [UInt32] = [0, 0x8000_0000, 1, 2, 0x007f_ffff, 0x0080_0000, 0x7f7f_ffff, 0x7f80_0000, 0xff80_0000,
                                  0x3f80_0000, 0x3dcc_cccd, 0x4b80_0000, 0x4c00_0000, 0x4b7f_ffff, 0x3727_c5ac]
        for e in UInt32(0)...254 {
            patterns += [e << 23, e << 23 | 1, e << 23 | 0x7f_ffff]
        }
        for _ in 0..<30_000 { patterns.append(UInt32(truncatingIfNeeded: g.next())) }
        var mismatches: [String] = []
        for bits in patterns {
            let swift = Float(bitPattern: bits)
            let ours = Binary32(bitPattern: bits)
            let want = swift.isNaN ? "nan" : swift.description
            if ours.description != want { mismatches.append("0x\(String(bits, radix: 16)): \(ours.description) vs \(want)") }
        }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(20).joined(separator: "; "))
    }

    /// The examples of the issue, printing of arrays, and the encoding outside the number.
    func testExamplesArraysAndEncoding() {
        XCTAssertEqual(BFloat16(0.1).description, "0.1")
        XCTAssertEqual(BFloat16(0.1).doubleValue, 0.10009765625)
        XCTAssertEqual(BFloat16(1).description, "1.0")
        XCTAssertEqual(BFloat16(-0.0).description, "-0.0")
        XCTAssertEqual(BFloat16.infinity.description, "inf")
        XCTAssertEqual((-BFloat16.infinity).description, "-inf")
        XCTAssertEqual(BFloat16.nan.description, "nan")
        XCTAssertEqual(BFloat16.greatestFiniteMagnitude.description, "3.39e+38")
        XCTAssertEqual("\([BFloat16(0.1), 1])", "[0.1, 1.0]")
        XCTAssertEqual(BFloat16(0.1).debugDescription, "0.1")
        XCTAssertEqual(BFloat16(0.1).encodingDescription, "bfloat16 0x3dcd")
        XCTAssertEqual(Float8E4M3FN(1).encodingDescription, "e4m3fn 0x38")
        XCTAssertEqual(Float4E2M1(6).encodingDescription, "e2m1fn 0x7")
        var dumped = ""
        dump(BFloat16(0.1), to: &dumped)
        XCTAssertTrue(dumped.contains("0.1") && dumped.contains("bfloat16 0x3dcd"), dumped)
        // A value not in the format is rounded to it first.
        XCTAssertEqual(FloatFormat.bfloat16.shortestDecimal(0.1), "0.1")
        XCTAssertEqual(FloatFormat.binary64.shortestDecimal(0.1), "0.1")
    }
}

import XCTest
@testable import Chop

/// Element codes for values off the grid (issue 12, defect 7): `encode` used to trap in
/// `Int(...)` for MXINT8 and return code 0 for floating-point elements. Codes by hand
/// from the OCP MX specification: MXINT8 is two's complement k with value k·2⁻⁶,
/// clamped to ±127; E4M3FN's largest code is S.1111.110 = 448; E2M1's is S.11.1 = 6.
final class BlockElementEncodingTests: XCTestCase {
    func testOffGridValuesSaturateInsteadOfTrapping() {
        XCTAssertEqual(BlockElement.int8.encode(1e300), 0x7F)
        XCTAssertEqual(BlockElement.int8.encode(-1e300), 0x81)        // −127
        XCTAssertEqual(BlockElement.int8.encode(2.5), 0x7F)
        XCTAssertEqual(BlockElement.int8.encode(0.5), 0x20)           // 32·2⁻⁶
        XCTAssertEqual(BlockElement.int8.encode(-0.5), 0xE0)          // −32
        XCTAssertEqual(BlockElement.int8.encode(0.5 + 0x1p-8), 0x20)  // 32.25 → 32
        XCTAssertEqual(BlockElement.int8.encode(3 * 0x1p-7), 0x02)    // 1.5 → 2 (ties to even)
        XCTAssertEqual(BlockElement.int8.encode(.infinity), 0)
        XCTAssertEqual(BlockElement.int8.encode(.nan), 0)
        XCTAssertEqual(BlockElement.float(.e4m3fn).encode(1e300), 0x7E)
        XCTAssertEqual(BlockElement.float(.e4m3fn).encode(-1e300), 0xFE)
        XCTAssertEqual(BlockElement.float(.e2m1fn).encode(1e300), 0x7)
        XCTAssertEqual(BlockElement.float(.e2m1fn).encode(2.5), 0x4)  // 2.5 → 2 = 0.10.0
        XCTAssertEqual(BlockElement.float(.e2m1fn).encode(6), 0x7)
        // Every code round-trips, −128 (value −2) included.
        for code in 0...255 {
            XCTAssertEqual(BlockElement.int8.encode(BlockElement.int8.decode(UInt8(code))), UInt8(code))
        }
        XCTAssertEqual(BlockElement.int8.encode(-2.01), 0x81)   // off the grid: rounded, saturated to −127
    }
}

import XCTest
@testable import Chop

/// Format constants against the published tables (FORMATS.md, checked against
/// ml_dtypes / numpy finfo): independent figures, not our own output.
final class FloatFormatTests: XCTestCase {
    struct Expected {
        let format: FloatFormat
        let bits: Int, bias: Int, emin: Int, emax: Int
        let max: Double, minNormal: Double, minSubnormal: Double
    }

    let table: [Expected] = [
        .init(format: .binary64, bits: 64, bias: 1023, emin: -1022, emax: 1023,
              max: Double.greatestFiniteMagnitude, minNormal: 0x1p-1022, minSubnormal: 0x1p-1074),
        .init(format: .binary32, bits: 32, bias: 127, emin: -126, emax: 127,
              max: Double(Float.greatestFiniteMagnitude), minNormal: 0x1p-126, minSubnormal: 0x1p-149),
        .init(format: .tf32, bits: 19, bias: 127, emin: -126, emax: 127,
              max: (2 - 0x1p-10) * 0x1p127, minNormal: 0x1p-126, minSubnormal: 0x1p-136),
        .init(format: .bfloat16, bits: 16, bias: 127, emin: -126, emax: 127,
              max: 3.3895313892515355e38, minNormal: 0x1p-126, minSubnormal: 0x1p-133),
        .init(format: .binary16, bits: 16, bias: 15, emin: -14, emax: 15,
              max: 65504, minNormal: 0x1p-14, minSubnormal: 0x1p-24),
        .init(format: .e5m2, bits: 8, bias: 15, emin: -14, emax: 15,
              max: 57344, minNormal: 0x1p-14, minSubnormal: 0x1p-16),
        .init(format: .e4m3, bits: 8, bias: 7, emin: -6, emax: 7,
              max: 240, minNormal: 0x1p-6, minSubnormal: 0x1p-9),
        .init(format: .e3m4, bits: 8, bias: 3, emin: -2, emax: 3,
              max: 15.5, minNormal: 0.25, minSubnormal: 0x1p-6),
        .init(format: .e4m3fn, bits: 8, bias: 7, emin: -6, emax: 8,
              max: 448, minNormal: 0x1p-6, minSubnormal: 0x1p-9),
        .init(format: .e4m3fnuz, bits: 8, bias: 8, emin: -7, emax: 7,
              max: 240, minNormal: 0x1p-7, minSubnormal: 0x1p-10),
        .init(format: .e5m2fnuz, bits: 8, bias: 16, emin: -15, emax: 15,
              max: 57344, minNormal: 0x1p-15, minSubnormal: 0x1p-17),
        .init(format: .e4m3b11fnuz, bits: 8, bias: 11, emin: -10, emax: 4,
              max: 30, minNormal: 0x1p-10, minSubnormal: 0x1p-13),
        .init(format: .e8m0fnu, bits: 8, bias: 127, emin: -127, emax: 127,
              max: 0x1p127, minNormal: 0x1p-127, minSubnormal: 0x1p-127),
        .init(format: .e3m2fn, bits: 6, bias: 3, emin: -2, emax: 4,
              max: 28, minNormal: 0.25, minSubnormal: 0.0625),
        .init(format: .e2m3fn, bits: 6, bias: 1, emin: 0, emax: 2,
              max: 7.5, minNormal: 1, minSubnormal: 0.125),
        .init(format: .e2m1fn, bits: 4, bias: 1, emin: 0, emax: 2,
              max: 6, minNormal: 1, minSubnormal: 0.5),
    ]

    func testBuiltInConstantsMatchPublishedTables() {
        XCTAssertEqual(table.count, FloatFormat.builtIns.count)
        for row in table {
            let f = row.format
            XCTAssertEqual(f.bitWidth, row.bits, f.name)
            XCTAssertEqual(f.bias, row.bias, f.name)
            XCTAssertEqual(f.emin, row.emin, f.name)
            XCTAssertEqual(f.emax, row.emax, f.name)
            XCTAssertEqual(f.maxFinite, row.max, f.name)
            XCTAssertEqual(f.minNormal, row.minNormal, f.name)
            XCTAssertEqual(f.minPositive, row.minSubnormal, f.name)
        }
    }

    func testSpecialValueFlags() {
        XCTAssertTrue(FloatFormat.binary16.hasInfinity)
        XCTAssertFalse(FloatFormat.e4m3fn.hasInfinity)
        XCTAssertTrue(FloatFormat.e4m3fn.hasNaN)
        XCTAssertTrue(FloatFormat.e4m3fn.hasNegativeZero)
        XCTAssertFalse(FloatFormat.e4m3fnuz.hasNegativeZero)
        XCTAssertFalse(FloatFormat.e2m1fn.hasNaN)
        XCTAssertFalse(FloatFormat.e8m0fnu.isSigned)
        XCTAssertFalse(FloatFormat.e8m0fnu.hasZero)
        XCTAssertEqual(FloatFormat.e2m1fn.overflow, .saturate)
        XCTAssertEqual(FloatFormat.e4m3fn.overflow, .nan)
        XCTAssertEqual(FloatFormat.binary16.overflow, .infinity)
    }

    /// FP4 E2M1's non-negative values, from the OCP MX specification.
    func testE2M1ValueSetFromTheSpecification() {
        let values = (0..<8).map { FloatFormat.e2m1fn.decode(UInt64($0)) }
        XCTAssertEqual(values, [0, 0.5, 1, 1.5, 2, 3, 4, 6])
    }

    func testNamesAndAliases() throws {
        XCTAssertEqual(try FloatFormat(named: "bf16"), .bfloat16)
        XCTAssertEqual(try FloatFormat(named: "FP16"), .binary16)
        XCTAssertEqual(try FloatFormat(named: "q43"), .e4m3)
        XCTAssertEqual(try FloatFormat(named: "q52"), .e5m2)
        let custom = try FloatFormat(named: "ieee-e3m2")
        XCTAssertEqual(custom.maxFinite, 14)  // (2 − 2⁻²)·2³
        XCTAssertEqual(custom.minPositive, 0x1p-4)
        XCTAssertEqual(try FloatFormat(named: "fp(e=5,m=10)").maxFinite, 65504)
        XCTAssertThrowsError(try FloatFormat(named: "nonsense"))
        XCTAssertThrowsError(try FloatFormat(named: "ieee-e12m3"))
        XCTAssertThrowsError(try FloatFormat(named: "ieee-e1m3"))
        XCTAssertThrowsError(try FloatFormat(named: "ieee-e5m53"))
    }

    func testImpossibleParametersThrowInsteadOfTrapping() {
        XCTAssertThrowsError(try FloatFormat(exponentBits: 0, significandBits: 3))
        XCTAssertThrowsError(try FloatFormat(exponentBits: 12, significandBits: 3))
        XCTAssertThrowsError(try FloatFormat(exponentBits: 5, significandBits: -1))
        XCTAssertThrowsError(try FloatFormat(exponentBits: 5, significandBits: 60))
        // Subnormals of an e11m52-like format with a wider exponent would leave binary64.
        XCTAssertThrowsError(try FloatFormat(name: "x", exponentBits: 11, significandBits: 52, bias: 1030))
        XCTAssertThrowsError(try FloatFormat(name: "x", exponentBits: 4, significandBits: 3, specials: .finite, overflow: .infinity))
        XCTAssertNoThrow(try FloatFormat(exponentBits: 11, significandBits: 52))
        XCTAssertNoThrow(try FloatFormat(exponentBits: 2, significandBits: 0))
    }

    func testRoundingModeNames() throws {
        for mode in RoundingMode.all {
            XCTAssertEqual(try RoundingMode(named: mode.name), mode)
        }
        XCTAssertEqual(try RoundingMode(named: "stochastic:8"), .stochastic(randomBits: 8))
        XCTAssertThrowsError(try RoundingMode(named: "stochastic:0"))
        XCTAssertThrowsError(try RoundingMode(named: "stochastic:x"))
        XCTAssertThrowsError(try RoundingMode(named: "nearest-odd"))
    }

    /// Every pattern of every format of at most 16 bits decodes to a value that
    /// encodes back to the same pattern (NaNs to the canonical NaN).
    func testEncodingRoundTripsForSmallFormats() throws {
        for f in FloatFormat.builtIns where f.bitWidth <= 16 {
            for pattern in 0..<(UInt64(1) << UInt64(f.bitWidth)) {
                let v = f.decode(pattern)
                if v.isNaN {
                    XCTAssertTrue(f.decode(try f.encode(v)).isNaN, f.name)
                    continue
                }
                if f.specials == .fnuz && pattern == 0 { XCTAssertEqual(v.sign, .plus) }
                XCTAssertEqual(try f.encode(v), pattern, "\(f.name) \(pattern) -> \(v)")
            }
        }
    }
}

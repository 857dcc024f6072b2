import XCTest
@testable import Chop

/// Compares the block quantizers and element conversions with the independent
/// references of validation/quantization/reference.py (exact-rational MX/NVFP4 written
/// from the specs; ml_dtypes casts), embedded in QuantizationReferenceData.swift.
final class QuantizationReferenceTests: XCTestCase {
    static func float32(_ hex: Substring) -> Double {
        Double(Float(bitPattern: UInt32(hex, radix: 16)!))
    }

    static let inputRows: [[Double]] = QuantizationReferenceData.inputs
        .split(separator: "\n").map { $0.split(separator: " ").map(float32) }

    static func codes(_ s: Substring) -> [UInt64] { s.split(separator: ",").map { UInt64($0, radix: 16)! } }

    func testBlockQuantizationMatchesSpecReference() throws {
        let lines = QuantizationReferenceData.blockReference.split(separator: "\n")
        XCTAssertEqual(lines.count, 150)
        let custom = try BlockFormat(name: "e2m1-b16-e4m3", element: .float(.e2m1fn), blockSize: 16,
                                     scaleFormat: .e4m3fn, scaleRule: .ratio)
        var compared = 0
        for line in lines {
            // scheme rule mode row tensor-scale clipped scale-codes element-codes
            let f = line.split(separator: " ")
            let rule = try ScaleRule(named: String(f[1]))
            let format = f[0] == "e2m1-b16-e4m3" ? custom : try BlockFormat(named: String(f[0])).with(scaleRule: rule)
            let mode = try RoundingMode(named: String(f[2]))
            let row = Self.inputRows[Int(f[3])!]
            let q = try format.quantize(row, mode: mode)
            let context = "\(format.name) \(mode) row \(f[3])"
            if format.tensorScale {
                XCTAssertEqual(q.tensorScale.bitPattern, UInt32(f[4], radix: 16)!, context)
            }
            XCTAssertEqual(q.clippedCount, Int(f[5])!, context)
            XCTAssertEqual(q.scaleCodes, Self.codes(f[6]), context)
            XCTAssertEqual(q.elementCodes.map(UInt64.init), Self.codes(f[7]), context)
            compared += q.count
        }
        XCTAssertEqual(compared, 150 * 96)
    }

    /// The round-up rule never clips on the shared data; the OCP rule does (rows 1 and 3
    /// hold blocks whose maximum lands above max_elem·X).
    func testReferenceClippingCounts() throws {
        for row in Self.inputRows {
            for format in BlockFormat.builtIns where format.scaleRule == .ocp {
                XCTAssertEqual(try format.with(scaleRule: .roundUp).quantize(row).clippedCount, 0, format.name)
            }
        }
        XCTAssertGreaterThan(try BlockFormat.mxfp4.quantize(Self.inputRows[3]).clippedCount, 0)
        XCTAssertGreaterThan(try BlockFormat.mxfp8E4M3.quantize(Self.inputRows[3]).clippedCount, 0)
    }

    func testElementConversionsMatchMLDtypes() throws {
        let lines = QuantizationReferenceData.elementReference.split(separator: "\n")
        let inputs = lines[0].split(separator: " ").map(Self.float32)
        let formats: [String: FloatFormat] = [
            "float8_e4m3fn": .e4m3fn, "float8_e5m2": .e5m2, "float8_e4m3fnuz": .e4m3fnuz,
            "float8_e5m2fnuz": .e5m2fnuz, "float8_e4m3b11fnuz": .e4m3b11fnuz, "float8_e3m4": .e3m4,
            "float6_e3m2fn": .e3m2fn, "float6_e2m3fn": .e2m3fn, "float4_e2m1fn": .e2m1fn, "float8_e8m0fnu": .e8m0fnu,
        ]
        var compared = 0
        for line in lines.dropFirst() {
            let f = line.split(separator: " ")
            let format = try XCTUnwrap(formats[String(f[0])])
            let expected = Self.codes(f[1])
            XCTAssertEqual(expected.count, inputs.count)
            for (x, code) in zip(inputs, expected) {
                let r = Chop.round(x, to: format, mode: .nearestEven)
                if r.isNaN {
                    XCTAssertTrue(format.decode(code).isNaN, "\(format.name) \(x): ml_dtypes gives \(format.decode(code))")
                } else {
                    XCTAssertEqual(try format.encode(r), code, "\(format.name) \(x)")
                }
                compared += 1
            }
        }
        XCTAssertEqual(compared, 10 * inputs.count)
    }
}

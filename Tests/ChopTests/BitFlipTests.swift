import XCTest
@testable import Chop

final class BitFlipTests: XCTestCase {
    func testProbabilityZeroAndOne() throws {
        var codes: [UInt8] = Array(0..<200)
        let none = try BitFlipInjector(probability: 0, bit: .random, bitWidth: 8, seed: 1)
        XCTAssertTrue(none.inject(into: &codes).isEmpty)
        XCTAssertEqual(codes, Array(0..<200))
        let all = try BitFlipInjector(probability: 1, bit: .bit(3), bitWidth: 8, seed: 1)
        let flips = all.inject(into: &codes)
        XCTAssertEqual(flips.count, 200)
        XCTAssertEqual(codes, (0..<200).map { UInt8($0) ^ 8 })
    }

    func testRateAndBitsAreAsRequested() throws {
        // 100 000 codes at p = 0.01: the count is Binomial(10⁵, 0.01), σ ≈ 31.5; bounds
        // ±6σ (false-failure rate ≈ 2·10⁻⁹; the seed is fixed).
        var codes = [UInt8](repeating: 0, count: 100_000)
        let injector = try BitFlipInjector(probability: 0.01, bitWidth: 4, seed: 7)
        let flips = injector.inject(into: &codes)
        XCTAssertEqual(Double(flips.count), 1000, accuracy: 190)
        // Random bits stay inside the 4-bit code; each bit gets about a quarter
        // (Binomial(n, ¼), σ ≈ 13.7 for n ≈ 1000; bound ±6σ).
        var perBit = [0, 0, 0, 0]
        for f in flips { perBit[f.bit] += 1 }
        for count in perBit { XCTAssertEqual(Double(count), Double(flips.count) / 4, accuracy: 83) }
        XCTAssertTrue(codes.allSatisfy { $0 < 16 })
        XCTAssertEqual(codes.filter { $0 != 0 }.count, flips.count)
        // Reproducible with a seed, different with another.
        var again = [UInt8](repeating: 0, count: 100_000)
        XCTAssertEqual(injector.inject(into: &again), flips)
        var other = [UInt8](repeating: 0, count: 100_000)
        XCTAssertNotEqual(try BitFlipInjector(probability: 0.01, bitWidth: 4, seed: 8).inject(into: &other), flips)
    }

    func testFlipsInFloatEncodings() throws {
        // Sign bit of bfloat16 (bit 15) negates; the top exponent bit of binary16 turns
        // 1.0 (0x3C00) into 0x7C00 = +∞.
        let sign = try BitFlipInjector(probability: 1, bit: .bit(15), bitWidth: 16, seed: 0)
        let (negated, _) = try sign.inject(into: [1, -2.5, 0.15625], format: .bfloat16)
        XCTAssertEqual(negated, [-1, 2.5, -0.15625])
        let exponent = try BitFlipInjector(probability: 1, bit: .bit(14), bitWidth: 16, seed: 0)
        XCTAssertEqual(try exponent.inject(into: [1], format: .binary16).values, [.infinity])
        // In a quantized MXFP4 tensor: flip bit 3 (the sign) of every element code.
        let q = try BlockFormat.mxfp4.quantize([1, 2, 3, 4] + [Double](repeating: 0, count: 28))
        var codes = q.elementCodes
        _ = try BitFlipInjector(probability: 1, bit: .bit(3), bitWidth: 4).inject(into: &codes)
        var faulty = q
        faulty.elementCodes = codes
        XCTAssertEqual(Array(faulty.dequantized()[0..<4]), [-1, -2, -3, -4])
    }

    func testBadParametersThrow() {
        XCTAssertThrowsError(try BitFlipInjector(probability: 1.5, bitWidth: 8))
        XCTAssertThrowsError(try BitFlipInjector(probability: 0.1, bit: .bit(8), bitWidth: 8))
        XCTAssertThrowsError(try BitFlipInjector(probability: 0.1, bitWidth: 0))
        XCTAssertThrowsError(try BitFlipInjector(probability: 0.1, bitWidth: 8).inject(into: [1], format: .binary16))
    }
}

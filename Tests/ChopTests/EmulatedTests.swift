import Foundation
import XCTest
@testable import Chop

/// Typed floats against independent peers: Swift's native `Float16`, `Float` and
/// `Double` (IEEE binary16/32/64, round to nearest even), published bit patterns
/// of the OCP/IEEE formats, and the exact-enumeration oracle for the other modes.
final class EmulatedTests: XCTestCase {
    func testStorageIsTheFormatsOwnEncoding() {
        XCTAssertEqual(MemoryLayout<Float8E4M3FN>.size, 1)
        XCTAssertEqual(MemoryLayout<Float8E4M3FN>.stride, 1)
        XCTAssertEqual(MemoryLayout<Float4E2M1>.size, 1)
        XCTAssertEqual(MemoryLayout<BFloat16>.size, 2)
        XCTAssertEqual(MemoryLayout<Half>.size, 2)
        XCTAssertEqual(MemoryLayout<TF32>.size, 4)
        // Published encodings (IEEE 754, OCP FP8/MX specifications).
        XCTAssertEqual(BFloat16(1.0).bitPattern, 0x3F80)
        XCTAssertEqual(BFloat16(-2.0).bitPattern, 0xC000)
        XCTAssertEqual(Half(1.0).bitPattern, 0x3C00)
        XCTAssertEqual(Half(65504).bitPattern, 0x7BFF)
        XCTAssertEqual(Float8E4M3FN(448).bitPattern, 0x7E)
        XCTAssertEqual(Float8E4M3FN.nan.bitPattern, 0x7F)
        XCTAssertEqual(Float8E5M2(57344).bitPattern, 0x7B)
        XCTAssertEqual(Float8E5M2.infinity.bitPattern, 0x7C)
        XCTAssertEqual(Float8E4M3FNUZ.nan.bitPattern, 0x80)
        XCTAssertEqual(Float8E4M3FNUZ(-0.0).bitPattern, 0x00)
        XCTAssertEqual(Float4E2M1(6).bitPattern, 0x7)
        XCTAssertEqual(Float4E2M1(-0.5).bitPattern, 0x9)
        XCTAssertEqual(Float6E3M2(28).bitPattern, 0x1F)
        XCTAssertEqual(Float8E8M0FNU(1).bitPattern, 127)
        // Every pattern of every 8-bit format decodes as FloatFormat.decode says and
        // re-encodes to itself (NaNs to the canonical NaN).
        func roundTrip<S: EmulatedFormatSpec>(_: S.Type) where S.Storage == UInt8 {
            for p in 0...UInt8(truncatingIfNeeded: (1 << S.format.bitWidth) - 1) {
                let x = Emulated<S>(bitPattern: p)
                let d = S.format.decode(UInt64(p))
                XCTAssertTrue(sameResult(x.doubleValue, d) || (d.isNaN && x.isNaN), "\(S.format.name) \(p)")
                if !d.isNaN && !(d == 0 && !S.format.hasNegativeZero) {
                    XCTAssertEqual(Emulated<S>(d).bitPattern, p, "\(S.format.name) \(p)")
                }
            }
        }
        roundTrip(Float8E4M3FNSpec.self); roundTrip(Float8E5M2Spec.self); roundTrip(Float8E4M3Spec.self)
        roundTrip(Float8E4M3FNUZSpec.self); roundTrip(Float8E5M2FNUZSpec.self); roundTrip(Float8E3M4Spec.self)
        roundTrip(Float8E4M3B11FNUZSpec.self); roundTrip(Float8E8M0FNUSpec.self)
        roundTrip(Float6E3M2Spec.self); roundTrip(Float6E2M3Spec.self); roundTrip(Float4E2M1Spec.self)
    }

    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    /// Half against the native Float16 (IEEE binary16, round to nearest even).
    func testHalfMatchesNativeFloat16() {
        var random = TestRandom(3)
        for _ in 0..<20000 {
            let a = UInt16(truncatingIfNeeded: random.state.next()), b = UInt16(truncatingIfNeeded: random.state.next())
            let x = Half(bitPattern: a), y = Half(bitPattern: b)
            let u = Float16(bitPattern: a), v = Float16(bitPattern: b)
            func same(_ e: Half, _ n: Float16, _ what: String) {
                XCTAssertTrue(e.bitPattern == n.bitPattern || (e.isNaN && n.isNaN), "\(what) \(u) \(v): \(e) vs \(n)")
            }
            same(x + y, u + v, "+"); same(x - y, u - v, "−"); same(x * y, u * v, "×"); same(x / y, u / v, "÷")
            same(x.squareRoot(), u.squareRoot(), "√")
            if !x.isNaN {
                XCTAssertEqual(x.ulp.doubleValue, Double(u.ulp), "ulp \(u)")
                XCTAssertEqual(x.nextUp.bitPattern == u.nextUp.bitPattern || (x.nextUp.isNaN && u.nextUp.isNaN), true, "nextUp \(u)")
                XCTAssertEqual(x.nextDown.bitPattern, u.nextDown.bitPattern, "nextDown \(u)")
                XCTAssertEqual(x.exponentBitPattern, u.exponentBitPattern)
                XCTAssertEqual(x.significandBitPattern, UInt64(u.significandBitPattern))
                if x.isFinite && !x.isZero {
                    XCTAssertEqual(x.exponent, Int(u.exponent))
                    XCTAssertEqual(x.significand.doubleValue, Double(u.significand))
                    XCTAssertEqual(x.binade.doubleValue, Double(u.binade))
                    XCTAssertEqual(x.significandWidth, u.significandWidth)
                }
                XCTAssertEqual(x.isSubnormal, u.isSubnormal); XCTAssertEqual(x.isNormal, u.isNormal)
            }
        }
        // Fused multiply–add against Float16's.
        for _ in 0..<5000 {
            let a = Float16(bitPattern: UInt16(truncatingIfNeeded: random.state.next()))
            let b = Float16(bitPattern: UInt16(truncatingIfNeeded: random.state.next()))
            let c = Float16(bitPattern: UInt16(truncatingIfNeeded: random.state.next()))
            let e = Half(bitPattern: c.bitPattern).addingProduct(Half(bitPattern: a.bitPattern), Half(bitPattern: b.bitPattern))
            let n = c.addingProduct(a, b)
            XCTAssertTrue(e.bitPattern == n.bitPattern || (e.isNaN && n.isNaN), "fma \(a) \(b) \(c)")
        }
        XCTAssertEqual(Half.greatestFiniteMagnitude.doubleValue, Double(Float16.greatestFiniteMagnitude))
        XCTAssertEqual(Half.leastNonzeroMagnitude.doubleValue, Double(Float16.leastNonzeroMagnitude))
        XCTAssertEqual(Half.leastNormalMagnitude.doubleValue, Double(Float16.leastNormalMagnitude))
        XCTAssertEqual(Half.ulpOfOne.doubleValue, Double(Float16.ulpOfOne))
        XCTAssertEqual(Half.pi.bitPattern, Float16.pi.bitPattern)
    }
    #endif

    /// Binary32 against Float (arithmetic and integer conversions, nearest even).
    func testBinary32MatchesNativeFloat() {
        var random = TestRandom(4)
        for _ in 0..<5000 {
            let a = UInt32(truncatingIfNeeded: random.state.next()), b = UInt32(truncatingIfNeeded: random.state.next())
            let x = Binary32(bitPattern: a), y = Binary32(bitPattern: b)
            let u = Float(bitPattern: a), v = Float(bitPattern: b)
            for (e, n) in [(x + y, u + v), (x * y, u * v), (x / y, u / v), (x.squareRoot(), u.squareRoot())] {
                XCTAssertTrue(e.bitPattern == n.bitPattern || (e.isNaN && n.isNaN), "\(u) \(v): \(e) vs \(n)")
            }
            // Integers of up to 64 bits round once, as Float(_:) does.
            let i = random.state.next()
            XCTAssertEqual(Binary32(i).doubleValue, Double(Float(i)), "\(i)")
            let j = Int64(bitPattern: random.state.next()) >> (random.state.next() % 60)
            XCTAssertEqual(Binary32(j).doubleValue, Double(Float(j)), "\(j)")
        }
        XCTAssertEqual(Binary32(UInt64.max).doubleValue, Double(Float(UInt64.max)))
        XCTAssertEqual(Binary32.pi.bitPattern, Float.pi.bitPattern)
    }

    func testIntegerConversionsInEveryMode() {
        // 2^40 + 1 in bfloat16: between 2^40 and 2^40 + 2^33.
        let n: Int64 = (1 << 40) + 1
        EmulationScope.with(mode: .nearestEven) { XCTAssertEqual(BFloat16(n).doubleValue, 0x1p40) }
        EmulationScope.with(mode: .towardPositive) { XCTAssertEqual(BFloat16(n).doubleValue, 0x1p40 + 0x1p33) }
        EmulationScope.with(mode: .towardNegative) { XCTAssertEqual(BFloat16(-n).doubleValue, -(0x1p40 + 0x1p33)) }
        // binary64: 2^53 + 1 is a tie broken by the exact low bit (no double rounding).
        EmulationScope.with(mode: .towardPositive) { XCTAssertEqual(Binary64(UInt64(1 << 53) + 1).doubleValue, 0x1p53 + 2) }
        XCTAssertEqual(Binary64(UInt64(1 << 53) + 1).doubleValue, 0x1p53)
        XCTAssertEqual(Binary64(UInt64(1 << 53) + 3).doubleValue, 0x1p53 + 4)
        // Conversions out: Int(x) truncates, exactly.
        for p in UInt8(0)...UInt8(255) {
            let x = Float8E4M3FN(bitPattern: p)
            guard x.isFinite else { continue }
            XCTAssertEqual(Int(x), Int(x.doubleValue))
            XCTAssertEqual(Int(exactly: x), Int(exactly: x.doubleValue))
            XCTAssertEqual(Double(x), x.doubleValue)
            XCTAssertEqual(Float(x), Float(x.doubleValue))
        }
        XCTAssertNil(BFloat16(exactly: 257))
        XCTAssertEqual(BFloat16(exactly: 256)?.doubleValue, 256)
        XCTAssertNil(Float8E4M3FN(exactly: 0.1))
        XCTAssertEqual(BFloat16(Float16(1.5)).doubleValue, 1.5)
        XCTAssertEqual(Half(BFloat16(3)).doubleValue, 3)
    }

    func testScopesOverrideModeAndSeedAndRestore() {
        let one: BFloat16 = 1, three: BFloat16 = 3
        XCTAssertEqual((one / three).doubleValue, 0.333984375)           // nearest
        EmulationScope.with(mode: .towardZero) {
            XCTAssertEqual((one / three).doubleValue, 0.33203125)
            EmulationScope.with(mode: .towardPositive) { XCTAssertEqual((one / three).doubleValue, 0.333984375) }
            XCTAssertEqual(BFloat16.roundingMode, .towardZero)
        }
        XCTAssertEqual(BFloat16.roundingMode, .nearestEven)
        // Same seed, same stochastic results; the enclosing stream is restored.
        func run() -> [Double] {
            (0..<64).map { i in (BFloat16(Double(i)) / three).doubleValue }
        }
        let outerBefore = EmulationScope.withGenerator { $0 }
        let a = EmulationScope.with(mode: .stochastic(), seed: 99) { run() }
        let b = EmulationScope.with(mode: .stochastic(), seed: 99) { run() }
        let c = EmulationScope.with(mode: .stochastic(), seed: 100) { run() }
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(EmulationScope.withGenerator { $0 }, outerBefore)
        // Each result is one of the two neighbours of i/3.
        for (i, r) in a.enumerated() {
            let down = EmulationScope.with(mode: .towardNegative) { (BFloat16(Double(i)) / three).doubleValue }
            let up = EmulationScope.with(mode: .towardPositive) { (BFloat16(Double(i)) / three).doubleValue }
            XCTAssertTrue(r == down || r == up)
        }
    }

    func testScopedFormatFollowsTheScope() throws {
        typealias S = Emulated<ScopedFormat>
        let p11 = try FloatFormat(exponentBits: 11, significandBits: 10)
        EmulationScope.with(format: .bfloat16) {
            XCTAssertEqual((S(1) / S(3)).doubleValue, (BFloat16(1) / BFloat16(3)).doubleValue)
            EmulationScope.with(format: p11, mode: .towardZero) {
                XCTAssertEqual((S(1) / S(3)).doubleValue, 0x1.554p-2)   // 11 bits of 1/3, truncated
                XCTAssertEqual(S.format, p11)
            }
            XCTAssertEqual(S.format, .bfloat16)
        }
        XCTAssertEqual(S.format, .binary64)
        XCTAssertEqual((S(1) / S(3)).doubleValue, 1.0 / 3.0)
    }

    func testThreadsHaveIndependentReproducibleGenerators() {
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: 4)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            EmulationScope.with(mode: .stochastic(), seed: 5, stream: UInt64(t % 2)) {
                var s: Half = 0
                for i in 1...500 { s += Half(1) / Half(Double(i)) }
                results[t] = s.doubleValue
            }
        }
        XCTAssertEqual(results[0], results[2])
        XCTAssertEqual(results[1], results[3])
    }

    /// Adding 1 to 256 a thousand times in bfloat16: nearest-even stagnates (each
    /// sum is a tie that rounds back to 256), stochastic rounding tracks the exact 1256.
    func testStochasticRoundingIsUnbiasedWhereNearestStagnates() {
        // In bfloat16, 256 + 1 is a tie (ulp 2) → nearest-even stays at 256 forever.
        var x: BFloat16 = 256
        for _ in 0..<1000 { x += 1 }
        XCTAssertEqual(x.doubleValue, 256)
        // With SR the expected sum is 1256; ulp there is 8. Standard deviation of the
        // sum of 1000 independent roundings is below √1000·4 ≈ 126, so |error| < 600
        // fails with probability < 1e-6 (Hoeffding); the seed is fixed anyway.
        let s = EmulationScope.with(mode: .stochastic(), seed: 1) { () -> Double in
            var y: BFloat16 = 256
            for _ in 0..<1000 { y += 1 }
            return y.doubleValue
        }
        XCTAssertLessThan(abs(s - 1256), 600)
        XCTAssertGreaterThan(s, 256)
    }

    func testProtocolConformances() throws {
        let a: BFloat16 = 1.5, b: BFloat16 = 2
        XCTAssertLessThan(a, b)
        XCTAssertEqual(BFloat16(0.0), BFloat16(-0.0))
        XCTAssertEqual(BFloat16(0.0).hashValue, BFloat16(-0.0).hashValue)
        XCTAssertEqual(Set([a, b, a]).count, 2)
        XCTAssertEqual(Array(stride(from: BFloat16(0), through: 1, by: 0.25)).map(\.doubleValue), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(a.description, "1.5")
        XCTAssertEqual(BFloat16(0.1).description, "0.10009765625")
        // Lossless: every finite E4M3FN and a sample of bfloat16 values read back.
        for p in UInt8(0)...UInt8(255) {
            let x = Float8E4M3FN(bitPattern: p)
            let y = Float8E4M3FN(x.description)
            XCTAssertNotNil(y)
            XCTAssertTrue(y!.bitPattern == x.bitPattern || (x.isNaN && y!.isNaN) || (x.isZero && y!.isZero))
        }
        XCTAssertNil(BFloat16("1.5x"))
        XCTAssertEqual(BFloat16("0x1.8p1")?.doubleValue, 3)
        // Codable: JSON numbers, exact values only.
        let data = try JSONEncoder().encode([a, b, BFloat16(0.1)])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[1.5,2,0.10009765625]")
        XCTAssertEqual(try JSONDecoder().decode([BFloat16].self, from: data), [a, b, BFloat16(0.1)])
        XCTAssertThrowsError(try JSONDecoder().decode([BFloat16].self, from: Data("[0.1]".utf8)))
        // SignedNumeric, FloatingPoint statics.
        XCTAssertEqual((-a).doubleValue, -1.5)
        XCTAssertEqual(a.magnitude, a)
        XCTAssertEqual(BFloat16.greatestFiniteMagnitude.doubleValue, 0x1.fep127)
        XCTAssertTrue(Float8E4M3FN.infinity.isNaN)            // no ∞: what the format makes of it
        XCTAssertEqual(Float4E2M1.infinity.doubleValue, 6)      // saturating
        XCTAssertTrue((Float4E2M1(0) / Float4E2M1(0)).isNaN)    // NaN marker
        XCTAssertEqual((Float4E2M1(0) / Float4E2M1(0)).bitPattern, 0xFF)
        XCTAssertEqual(Float8E4M3FNUZ(-0.0).sign, .plus)
        // remainder is exact.
        XCTAssertEqual(BFloat16(7).remainder(dividingBy: 2).doubleValue, -1)
        XCTAssertEqual(BFloat16(7).truncatingRemainder(dividingBy: 2).doubleValue, 1)
        XCTAssertEqual(BFloat16(2.5).rounded(.toNearestOrEven).doubleValue, 2)
        XCTAssertEqual(BFloat16(sign: .minus, exponent: 3, significand: 1.5).doubleValue, -12)
        XCTAssertEqual(BFloat16(sign: .plus, exponent: -140, significand: 1).doubleValue, 0)   // below half the least subnormal
    }
}

final class EmulatedCodecTests: XCTestCase {
    /// The built-in specs spell their encoding constants out for speed: they must be
    /// those of their format.
    func testBuiltInCodecsMatchTheirFormats() {
        func check<S: EmulatedFormatSpec>(_: S.Type) { XCTAssertEqual(S.codec, FormatCodec(S.format), S.format.name) }
        check(Binary16Spec.self); check(BFloat16Spec.self); check(TF32Spec.self); check(Binary32Spec.self)
        check(Binary64Spec.self); check(Float8E5M2Spec.self); check(Float8E4M3FNSpec.self); check(Float8E4M3Spec.self)
        check(Float8E4M3FNUZSpec.self); check(Float8E5M2FNUZSpec.self); check(Float8E4M3B11FNUZSpec.self)
        check(Float8E3M4Spec.self); check(Float8E8M0FNUSpec.self); check(Float6E3M2Spec.self)
        check(Float6E2M3Spec.self); check(Float4E2M1Spec.self)
    }
}

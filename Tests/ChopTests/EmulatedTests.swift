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
                let x = Emulated<S, Rounding.NearestEven>(bitPattern: p)
                let d = S.format.decode(UInt64(p))
                XCTAssertTrue(sameResult(x.doubleValue, d) || (d.isNaN && x.isNaN), "\(S.format.name) \(p)")
                if !d.isNaN && !(d == 0 && !S.format.hasNegativeZero) {
                    XCTAssertEqual(Emulated<S, Rounding.NearestEven>(d).bitPattern, p, "\(S.format.name) \(p)")
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
        XCTAssertEqual(BFloat16(n).doubleValue, 0x1p40)
        XCTAssertEqual(BFloat16.Rounded<Rounding.TowardPositive>(n).doubleValue, 0x1p40 + 0x1p33)
        XCTAssertEqual(BFloat16.Rounded<Rounding.TowardNegative>(-n).doubleValue, -(0x1p40 + 0x1p33))
        // binary64: 2^53 + 1 is a tie broken by the exact low bit (no double rounding).
        XCTAssertEqual(Binary64.Rounded<Rounding.TowardPositive>(UInt64(1 << 53) + 1).doubleValue, 0x1p53 + 2)
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

    func testModesAreTypesAndSeedsReproduce() {
        // 1/3 in bfloat16 is 0x1.554p-2 (between 0.33203125 and 0.333984375).
        XCTAssertEqual((BFloat16(1) / BFloat16(3)).doubleValue, 0.333984375)           // nearest
        typealias Down = BFloat16.Rounded<Rounding.TowardZero>
        typealias Up = BFloat16.Rounded<Rounding.TowardPositive>
        XCTAssertEqual((Down(1) / Down(3)).doubleValue, 0.33203125)
        XCTAssertEqual((Up(1) / Up(3)).doubleValue, 0.333984375)
        XCTAssertEqual(Down.roundingMode, .towardZero)
        XCTAssertEqual(BFloat16.roundingMode, .nearestEven)
        // Conversions between modes of one format are exact.
        XCTAssertEqual(BFloat16(Down(1) / Down(3)).doubleValue, 0.33203125)
        // Same seed, same stochastic results; the enclosing stream continues after a
        // scope as if the scope had not been there.
        func run() -> [Double] {
            (0..<64).map { i in (StochasticBFloat16(Double(i)) / StochasticBFloat16(3)).doubleValue }
        }
        let (a, b, c, outer) = StochasticRounding.withSeed(1) { () -> ([Double], [Double], [Double], [Double]) in
            let a = StochasticRounding.withSeed(99) { run() }
            let b = StochasticRounding.withSeed(99) { run() }
            let c = StochasticRounding.withSeed(100) { run() }
            return (a, b, c, run())
        }
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(outer, StochasticRounding.withSeed(1) { run() })
        // Each result is one of the two neighbours of i/3.
        for (i, r) in a.enumerated() {
            let down = (BFloat16.Rounded<Rounding.TowardNegative>(Double(i)) / 3).doubleValue
            let up = (BFloat16.Rounded<Rounding.TowardPositive>(Double(i)) / 3).doubleValue
            XCTAssertTrue(r == down || r == up)
        }
    }

    /// One generic algorithm under every mode, chosen at run time, in one line.
    func testRunTimeModesThroughTheVisitor() {
        struct Third: RoundingModeVisitor {
            func visit<M: RoundingModeSpec>(_: M.Type) -> Double {
                StochasticRounding.withSeed(3) { (BFloat16.Rounded<M>(1) / 3).doubleValue }
            }
        }
        let exact = 1.0 / 3.0   // 1/3 lies strictly between the two bfloat16 neighbours
        let down = 0.33203125, up = 0.333984375
        for mode in RoundingMode.all + [.stochastic(randomBits: 5), .stochastic(randomBits: 63)] {
            let r = mode.withSpec(Third())
            switch mode {
            // 1/3 = 1.0101010|1010…·2⁻²: the truncated significand ends in 0, so to-odd rounds up.
            case .nearestEven, .nearestAway, .towardPositive, .toOdd: XCTAssertEqual(r, up, "\(mode)")
            case .towardZero, .towardNegative: XCTAssertEqual(r, down, "\(mode)")
            default: XCTAssertTrue(r == up || r == down, "\(mode)")
            }
            XCTAssertLessThan(abs(r - exact), 0.002)
        }
        XCTAssertEqual(RoundingMode.stochastic(randomBits: 8).withSpec(ModeName()), "stochastic:8")
        XCTAssertEqual(RoundingMode.towardZero.withSpec(ModeName()), "toward-zero")
    }

    struct ModeName: RoundingModeVisitor {
        func visit<M: RoundingModeSpec>(_: M.Type) -> String { M.mode.name }
    }

    /// Threads without a seed draw different words (per-thread default streams); with a
    /// seed and stream per work item, the results depend on neither threads nor order.
    func testThreadStreamsAreDistinctByDefaultAndReproducibleWhenSeeded() {
        let n = 8
        let draws = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { draws.deallocate(); sums.deallocate() }
        let d = UnsafeSendableBuffer(draws), s = UnsafeSendableBuffer(sums)
        // Fresh threads: each has its own default stream.
        let threads = (0..<n).map { i in
            Thread { d.base[i] = StochasticRounding.withCurrentGenerator { $0.next() } }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { usleep(1000) }
        XCTAssertEqual(Set(draws).count, n, "fresh threads drew the same first word")
        // Seeded work items, run on 1 and on 4 threads, in any order.
        func run(workers: Int) -> [Double] {
            parallelFor(n, workers: workers) { i in
                // 52 stochastic roundings of k/3, one bit each (up or down): two
                // different streams agree on all of them with probability < 2⁻³⁰.
                s.base[i] = StochasticRounding.withSeed(5, stream: UInt64(i % 2)) {
                    var pattern: UInt64 = 0
                    for k in 1...52 {
                        let q = StochasticHalf(Double(k)) / StochasticHalf(3)
                        let down = (Half.Rounded<Rounding.TowardZero>(Double(k)) / 3).doubleValue
                        if q.doubleValue != down { pattern |= 1 << UInt64(k - 1) }
                    }
                    return Double(pattern)
                }
            }
            return Array(sums)
        }
        let one = run(workers: 1), four = run(workers: 4)
        XCTAssertEqual(one, four)
        XCTAssertEqual(one[0], one[2])
        XCTAssertEqual(one[1], one[3])
        XCTAssertNotEqual(one[0], one[1])
    }

    /// i/3 for i = 1...20 in stochastic bfloat16 under a synchronous seeded scope.
    func seededThirds(seed: UInt64) -> [Double] {
        StochasticRounding.withSeed(seed) {
            (1...20).map { i in (StochasticBFloat16(Double(i)) / StochasticBFloat16(3)).doubleValue }
        }
    }

    /// A seeded async scope reproduces across suspension points, in every one of 200
    /// concurrent tasks, whatever thread each resumes on.
    func testSeededTaskReproducesAcrossAwait() async {
        @Sendable func draws() async -> [Double] {
            var out: [Double] = []
            for i in 1...20 {
                out.append((StochasticBFloat16(Double(i)) / StochasticBFloat16(3)).doubleValue)
                if i % 5 == 0 { await Task.yield() }
            }
            return out
        }
        let reference = seededThirds(seed: 11)
        let results = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<200 { group.addTask { await StochasticRounding.withSeed(11) { await draws() } } }
            var all: [[Double]] = []
            for await r in group { all.append(r) }
            return all
        }
        XCTAssertEqual(results.count, 200)
        for r in results { XCTAssertEqual(r, reference) }
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
        let s = StochasticRounding.withSeed(1) { () -> Double in
            var y: StochasticBFloat16 = 256
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
        XCTAssertEqual(BFloat16(0.1).description, "0.1")
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

/// A buffer shared with worker threads that write disjoint elements.
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}

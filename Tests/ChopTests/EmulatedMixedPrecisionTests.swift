import XCTest
@testable import Chop

/// Mixed-precision helpers against native peers: Float's fused multiply–add and
/// Float16's recursive sum are IEEE binary32/binary16 operations in round-to-nearest.
final class EmulatedMixedPrecisionTests: XCTestCase {
    func testDotAccumulatedInBinary32MatchesFloatFMA() {
        var random = TestRandom(11)
        let n = 2000
        let x = (0..<n).map { _ in BFloat16(Double(Int64(random.state.next() % 2001) - 1000) / 37) }
        let y = (0..<n).map { _ in BFloat16(Double(Int64(random.state.next() % 2001) - 1000) / 91) }
        var fused: Float = 0, unfused: Float = 0
        for i in 0..<n {
            let a = Float(x[i].doubleValue), b = Float(y[i].doubleValue)
            fused = fused.addingProduct(a, b)
            unfused = unfused + a * b
        }
        XCTAssertEqual(MixedPrecision.dot(x, y, accumulatingIn: Binary32.self).doubleValue, Double(fused))
        XCTAssertEqual(MixedPrecision.dot(x, y, accumulatingIn: Binary32.self, fused: false).doubleValue, Double(unfused))
        XCTAssertEqual(MixedPrecision.dot(x, y, accumulatingIn: Float.self), fused)
    }

    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    func testSumInHalfMatchesFloat16AndWiderAccumulatorIsMoreAccurate() {
        let xs = (1...3000).map { Half(1.0 / Double($0)) }
        var native: Float16 = 0
        for x in xs { native += Float16(x.doubleValue) }
        let s = MixedPrecision.sum(xs, accumulatingIn: Half.self)
        XCTAssertEqual(s.doubleValue, Double(native))
        let exact = xs.reduce(0.0) { $0 + $1.doubleValue }     // 3000 terms ≥ 2⁻¹², exact enough
        let wide = MixedPrecision.sum(xs, accumulatingIn: Binary32.self)
        XCTAssertLessThan(abs(wide.doubleValue - exact), abs(s.doubleValue - exact))
        // Compute in binary32, store in binary16: one rounding each way.
        let stored: [Half] = MixedPrecision.map(xs.prefix(50), computingIn: Float.self) { $0 * 3 }
        for (x, h) in zip(xs.prefix(50), stored) {
            XCTAssertEqual(h.doubleValue, Double(Float16(Float(x.doubleValue) * 3)))
        }
        let converted: [BFloat16] = MixedPrecision.convert(xs.prefix(10))
        XCTAssertEqual(converted.map(\.doubleValue), xs.prefix(10).map { BFloat16($0.doubleValue).doubleValue })
    }
    #endif
}

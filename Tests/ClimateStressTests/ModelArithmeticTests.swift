import XCTest
import Chop
@testable import ClimateStress

/// The kernel-rounded arithmetic against hardware: binary64 and binary32 round-to-nearest
/// runs through a `RoundingContext` must reproduce `Double` and `Float` runs bit for bit.
final class ModelArithmeticTests: XCTestCase {
    func testLorenzInBinary32ThroughKernelMatchesHardwareFloat() throws {
        let model = Lorenz63(time: 5, spinUp: 1, outputEvery: 1)
        let state = model.initialState(seed: 3, ensemble: 0, member: 0)
        var hardware = NativeArithmetic<Float>()
        let expected = model.run(from: state, arithmetic: &hardware, detectCycles: false)
        // binary32 itself, and 23 stored bits with binary64's exponent range (no value
        // of this run comes near either exponent limit, so both must equal Float).
        for format in [FloatFormat.binary32, try ModelPrecision.sbits(23).floatFormat] {
            var kernel = RoundingContext(format: format, mode: .nearestEven, seed: 1, stream: 0)
            let got = model.run(from: state, arithmetic: &kernel, detectCycles: false)
            XCTAssertEqual(got.samples.map { $0.map(\.bitPattern) }, expected.samples.map { $0.map(\.bitPattern) })
        }
    }

    func testShallowWaterInBinary64ThroughKernelMatchesHardwareDouble() {
        let model = ShallowWater(nx: 8, lx: 160e3, days: 0.5, spinUp: 0, baseSpinUpDays: 2, decorrelationDays: 0.5)
        let state = model.initialState(seed: 5, ensemble: 0, member: 0)
        let expected = model.runBinary64(from: state)
        var kernel = RoundingContext(format: .binary64, mode: .nearestEven, seed: 1, stream: 0)
        let got = model.runKernel(from: state, arithmetic: &kernel, detectCycles: false)
        XCTAssertEqual(got.finalState.map(\.bitPattern), expected.finalState.map(\.bitPattern))
        XCTAssertTrue(expected.finalState.contains { $0 != 0 })
    }

    func testOperationsRoundOnceAgainstExactValues() throws {
        // 4 stored bits (precision 5): values with exact results known by hand.
        let f = try ModelPrecision.sbits(4).floatFormat
        var a = RoundingContext(format: f, mode: .nearestEven, seed: 1, stream: 0)
        // 1 + 2^-5 is a tie between 1 and 1 + 2^-4: ties to even → 1.
        XCTAssertEqual(a.add(1, 0x1p-5), 1)
        // 1 + 2^-5 + 2^-30: just above the tie → 1 + 2^-4 (the double sum would lose 2^-30
        // only if rounded twice; TwoSum keeps it).
        XCTAssertEqual(a.add(1 + 0x1p-5, 0x1p-30), 1 + 0x1p-4)
        // 1/3 = 0.01010101…₂ → 0.010101₂ (precision 5: 1.0101 × 2^-2 = 21/64).
        XCTAssertEqual(a.divide(1, 3), 21.0 / 64.0)
        // 17 × 17 = 289 = 100100001₂ → 5 bits: 10010 × 2^4 = 288.
        XCTAssertEqual(a.multiply(17, 17), 288)
        // Toward zero and stochastic with an exact result draw nothing and return it.
        var z = RoundingContext(format: f, mode: .towardZero, seed: 1, stream: 0)
        XCTAssertEqual(z.subtract(1, 0x1p-30), 1 - 0x1p-5)
        var s = RoundingContext(format: f, mode: .stochastic(), seed: 1, stream: 0)
        XCTAssertEqual(s.add(1, 0.5), 1.5)
    }

    func testStochasticAdditionIsUnbiased() throws {
        // 1 + 2^-7 at precision 5: probability 1/8 of 1 + 2^-4, else 1. Mean of 40 000
        // draws: expected 1 + 2^-7; standard error 2^-4·√(7/64)/200 ≈ 1.03e-4, bound 6e-4
        // (≈ 5.8σ, false-failure rate < 1e-8).
        let f = try ModelPrecision.sbits(4).floatFormat
        var s = RoundingContext(format: f, mode: .stochastic(), seed: 11, stream: 3)
        var total = 0.0
        let n = 40_000
        for _ in 0..<n { total += s.add(1, 0x1p-7) }
        XCTAssertEqual(total / Double(n), 1 + 0x1p-7, accuracy: 6e-4)
    }
}

/// The models run generically over the library's typed floats: `Emulated<S, M>` must
/// give the same run as a `RoundingContext` with the same format, mode and stream.
final class TypedFloatTests: XCTestCase {
    enum Sbits8: EmulatedFormatSpec {
        static let format = try! ModelPrecision.sbits(8).floatFormat
    }

    struct LorenzCheck: RoundingModeVisitor {
        func visit<M: RoundingModeSpec>(_: M.Type) {
            let model = Lorenz63(time: 3, spinUp: 1, outputEvery: 1)
            let state = model.initialState(seed: 8, ensemble: 0, member: 0)
            var kernel = RoundingContext(format: Sbits8.format, mode: M.mode, seed: 77, stream: 5)
            let expected = model.runKernel(from: state, arithmetic: &kernel, detectCycles: false)
            let got = StochasticRounding.withSeed(77, stream: 5) { () -> MemberRun in
                var typed = NativeArithmetic<Emulated<Sbits8, M>>()
                return model.run(from: state, arithmetic: &typed, detectCycles: false)
            }
            XCTAssertEqual(got.samples.map { $0.map(\.bitPattern) }, expected.samples.map { $0.map(\.bitPattern) }, "\(M.mode)")
        }
    }

    func testLorenzWithTypedFloatsMatchesRoundingContext() {
        for mode in [RoundingMode.nearestEven, .towardZero, .stochastic()] { mode.withSpec(LorenzCheck()) }
    }
}

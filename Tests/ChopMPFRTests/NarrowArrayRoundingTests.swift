import Chop
import ChopMPFR
import XCTest

/// `[Float]` and `[Float16]` rounding: every deterministic result against MPFR (the
/// exact rounding of the element's value, which must convert back exactly), the
/// stochastic ones against the `[Double]` path on the same values (the same stream
/// layout; the Double path is checked against MPFR and statistically elsewhere), and
/// the refusal of formats that do not fit.
final class NarrowArrayRoundingTests: XCTestCase {
    let reference = MPFRReference()

    /// Random values of `Element` across its whole range plus the specials.
    func sample<E: ArrayRoundingElement>(_ type: E.Type, count: Int, seed: UInt64) -> [E] {
        var g = Xoshiro256StarStar(seed: seed)
        let format = E.elementFormat
        var values: [E] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
                           .leastNonzeroMagnitude, .leastNormalMagnitude]
        while values.count < count {
            let v = format.decode(g.next())
            values.append(E(v))
        }
        return values
    }

    func checkDeterministic<E: ArrayRoundingElement>(_ type: E.Type, formats: [FloatFormat]) throws {
        let xs = sample(E.self, count: 3000, seed: 5)
        for format in formats {
            for mode in RoundingMode.deterministic {
                let got = try xs.rounded(to: format, mode: mode)
                var inPlace = xs
                try inPlace.round(to: format, mode: mode, threads: 2)
                for (i, x) in xs.enumerated() {
                    let want = reference.results(rounding: Double(x), to: format)[mode]
                    let ok = Double(got[i]).bitPattern == want.bitPattern || (want.isNaN && got[i].isNaN)
                    if !ok {
                        XCTFail("\(E.self) \(format.name) \(mode.name) \(x): got \(got[i]), MPFR \(want)")
                        return
                    }
                    XCTAssertEqual(Double(inPlace[i]).bitPattern, Double(got[i]).bitPattern)
                }
            }
        }
    }

    func testFloatArraysAgainstMPFR() throws {
        try checkDeterministic(Float.self, formats: [.binary32, .bfloat16, .tf32, .binary16, .e4m3fn, .e5m2,
                                                     .e4m3fnuz, .e2m1fn, .e8m0fnu, .bfloat16.withoutSubnormals()])
    }

    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    func testFloat16ArraysAgainstMPFR() throws {
        try checkDeterministic(Float16.self, formats: [.binary16, .e5m2, .e4m3fn, .e3m4, .e2m3fn, .e5m2fnuz])
    }
    #endif

    /// Stochastic modes: the same words as the Double path, whatever the thread count
    /// (more than one chunk, so several streams are used).
    func testStochasticFloatArraysMatchTheDoublePath() throws {
        let xs = sample(Float.self, count: ArrayRounding.chunkLength * 2 + 37, seed: 9)
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 5), .stochasticEqual] {
            let wide = xs.map(Double.init).rounded(to: .bfloat16, mode: mode, seed: 314, threads: 1)
            let narrow = try xs.rounded(to: .bfloat16, mode: mode, seed: 314, threads: 3)
            for i in xs.indices where !(wide[i].isNaN && narrow[i].isNaN) {
                if Double(narrow[i]).bitPattern != wide[i].bitPattern {
                    XCTFail("\(mode.name) element \(i) \(xs[i]): \(narrow[i]) vs \(wide[i])")
                    return
                }
            }
            var context = RoundingContext(format: .bfloat16, mode: mode, seed: 2)
            var again = RoundingContext(format: .bfloat16, mode: mode, seed: 2)
            XCTAssertEqual(try context.rounded(xs, threads: 1).map(\.bitPattern), try again.rounded(xs, threads: 2).map(\.bitPattern))
        }
    }

    /// A format wider than the element type is refused, and nothing changes.
    func testFormatsThatDoNotFitAreRefused() {
        var xs: [Float] = [0.1, 1e30]
        XCTAssertThrowsError(try xs.round(to: .binary64)) { error in
            XCTAssertTrue("\(error)".contains("binary64"), "\(error)")
        }
        XCTAssertEqual(xs, [0.1, 1e30])
        XCTAssertThrowsError(try xs.rounded(to: try FloatFormat(exponentBits: 9, significandBits: 10)))
        XCTAssertThrowsError(try xs.rounded(to: try FloatFormat(exponentBits: 8, significandBits: 24)))
        XCTAssertFalse(FloatFormat.bfloat16.fits(in: .binary16))
        XCTAssertFalse(FloatFormat.binary32.fits(in: .bfloat16))
        XCTAssertTrue(FloatFormat.e4m3fn.fits(in: .binary16))
        XCTAssertTrue(FloatFormat.bfloat16.fits(in: .binary32))
        XCTAssertFalse(FloatFormat.binary16.fits(in: .binary16.withoutSubnormals()))
        var context = RoundingContext(format: .binary64)
        XCTAssertThrowsError(try context.round(&xs))
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        var hs: [Float16] = [0.1]
        XCTAssertThrowsError(try hs.round(to: .bfloat16))
        XCTAssertThrowsError(try hs.round(to: .binary32))
        XCTAssertEqual(hs, [0.1])
        #endif
    }
}

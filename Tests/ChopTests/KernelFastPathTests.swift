// The kernel's fast path (`roundNormalFast`, bit manipulation for the common case)
// must agree bit for bit with the kernel's general path (`roundingKernelGeneral`,
// the path the MPFR agreement tests in ChopMPFRTests validate): the same result and
// the same random words drawn, on every input it accepts. Inputs are built to hit the
// cases that matter: exact values, midpoints, one binary64 ulp either side of them,
// tails of both signs (including ±ulp(x)/2), the top binade next to maxFinite, the
// 2^emin boundary, and all modes including stochastic with 1...64 random bits.
@testable import Chop
import XCTest

final class KernelFastPathTests: XCTestCase {
    func testFastPathAgreesWithGeneralPath() throws {
        var formats = FloatFormat.builtIns
        formats += [
            try FloatFormat(exponentBits: 5, significandBits: 10).withoutSubnormals(),
            FloatFormat.e5m2.saturating(), FloatFormat.bfloat16.saturating(),
            try FloatFormat(exponentBits: 11, significandBits: 51),
            try FloatFormat(exponentBits: 3, significandBits: 0),
        ]
        let modes: [RoundingMode] = RoundingMode.deterministic + [
            .stochastic(), .stochastic(randomBits: 1), .stochastic(randomBits: 8),
            .stochastic(randomBits: 23), .stochastic(randomBits: 45), .stochastic(randomBits: 63),
            .stochastic(randomBits: 64), .stochastic(randomBits: 0), .stochasticEqual,
        ]
        var source = Xoshiro256StarStar(seed: 20261123)
        var accepted = 0, total = 0
        for format in formats {
            let core = format.core
            let m = format.significandBits
            for _ in 0..<10000 {
                let x = sample(format, &source)
                let tail = sampleTail(x, &source)
                for mode in modes {
                    let seed = source.next()
                    var fastGenerator = Xoshiro256StarStar(seed: seed)
                    var generalGenerator = Xoshiro256StarStar(seed: seed)
                    total += 1
                    guard let fast = roundNormalFast(x, tail: tail, to: core, mode: mode, using: &fastGenerator)
                    else {
                        // Declining must not draw random bits.
                        XCTAssertEqual(fastGenerator.next(), generalGenerator.next())
                        continue
                    }
                    accepted += 1
                    let general = roundingKernelGeneral(x, tail: tail, to: core, mode: mode, using: &generalGenerator)
                    if fast.bitPattern != general.bitPattern {
                        XCTFail("\(format.name) m=\(m) \(mode.name): x=\(x.bitPattern) tail=\(tail): fast \(fast) general \(general)")
                        return
                    }
                    if fastGenerator.next() != generalGenerator.next() {
                        XCTFail("\(format.name) \(mode.name): x=\(x) tail=\(tail): different random words drawn")
                        return
                    }
                }
            }
        }
        // The fast path must actually have been exercised (most samples are in range).
        XCTAssertGreaterThan(accepted, total / 3, "fast path accepted \(accepted) of \(total)")
    }

    /// A binary64 value near the format's grid: a format value, a midpoint, or one of
    /// those moved by one binary64 ulp or a random amount; at any exponent from below
    /// 2^emin to above emax, either sign.
    private func sample(_ format: FloatFormat, _ g: inout Xoshiro256StarStar) -> Double {
        let m = format.significandBits
        let r = g.next()
        let e: Int
        switch r % 8 {
        case 0: e = format.emax
        case 1: e = format.emin
        case 2: e = format.emin - 1
        case 3: e = format.emax + 1
        default: e = format.emin + Int(g.next() % UInt64(format.emax - format.emin + 1))
        }
        let exponentField = UInt64(min(max(e + 1023, 1), 2046))
        var fraction = g.next() & ((1 << 52) - 1)
        let s = UInt64(max(52 - m, 0))
        if s > 0 {
            let keep = fraction & ~((1 << s) - 1)
            switch (r >> 8) % 6 {
            case 0: fraction = keep                                   // exact
            case 1: fraction = keep | (1 << (s - 1))                  // midpoint
            case 2: fraction = (keep | (1 << (s - 1))) &+ 1           // just above a midpoint
            case 3: fraction = (keep | (1 << (s - 1))) &- 1           // just below a midpoint
            case 4: fraction = keep | 1                               // just above a value
            default: break                                            // random
            }
            fraction &= (1 << 52) - 1
        }
        if (r >> 16) % 16 == 0 { return Double(bitPattern: ((r >> 20) & 1) << 63 | format.maxFinite.bitPattern) }
        return Double(bitPattern: ((r >> 20) & 1) << 63 | exponentField << 52 | fraction)
    }

    /// A tail with |tail| ≤ ulp(x)/2: zero 40 % of the time, else ±ulp(x)/2, the least
    /// double, a power of two far below ulp(x), or a random fraction of ulp(x)/2.
    private func sampleTail(_ x: Double, _ g: inout Xoshiro256StarStar) -> Double {
        let r = g.next()
        let halfUlp = x.ulp / 2
        switch r % 10 {
        case 0, 1, 2, 3: return 0
        case 4: return halfUlp
        case 5: return -halfUlp
        case 6:
            // The least tail there is (when it is within the bound).
            guard Double.leastNonzeroMagnitude <= halfUlp else { return 0 }
            return r & 256 == 0 ? Double.leastNonzeroMagnitude : -Double.leastNonzeroMagnitude
        case 7: return Double(sign: r & 256 == 0 ? .plus : .minus, exponent: x.exponent - 53 - Int((r >> 32) % 900), significand: 1)
        default:
            let v = halfUlp * Double(g.next() >> 11) * 0x1p-53
            return r & 256 == 0 ? v : -v
        }
    }
}

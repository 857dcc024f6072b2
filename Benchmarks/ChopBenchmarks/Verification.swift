import Chop

/// Checks, in the build being benchmarked (release, possibly CPU-tuned), that array
/// rounding equals the scalar kernel element by element: deterministic modes
/// directly, stochastic modes with each element's documented random word. The debug
/// tests check the same; this guards against code-generation differences.
/// Returns the number of mismatches.
func verifyAgainstKernel(count: Int) -> Int {
    var g = Xoshiro256StarStar(seed: 77)
    var x: [Double] = []
    x.reserveCapacity(count)
    while x.count < count {
        switch g.next() % 3 {
        case 0: x.append(Double(bitPattern: g.next()))                     // every class of binary64
        case 1: x.append(Double(sign: g.next() & 1 == 0 ? .plus : .minus,  // around the formats' ranges
                                exponent: Int(g.next() % 300) - 150,
                                significand: 1 + Double(g.next() >> 12) * 0x1p-52))
        default: x.append(Double(Int64(bitPattern: g.next()) >> 40) * 0x1p-12)  // many ties and exact values
        }
    }
    let seed: UInt64 = 5
    // Element words per the layout documented on ArrayRounding.
    var words = [UInt64](repeating: 0, count: count)
    var start = 0
    while start < count {
        let c = UInt64(start / ArrayRounding.chunkLength)
        var lanes = (0..<UInt64(4)).map { Xoshiro256StarStar(seed: seed, stream: 4 * c + $0) }
        let end = min(count, start + ArrayRounding.chunkLength)
        for i in start..<end { words[i] = lanes[(i - start) % 4].next() }
        start = end
    }
    var mismatches = 0
    let modes = RoundingMode.deterministic + [.stochastic(), .stochastic(randomBits: 8), .stochasticEqual]
    for format in [FloatFormat.binary16, .bfloat16, .e4m3fn, .e2m1fn] {
        for mode in modes {
            let y = x.rounded(to: format, mode: mode, seed: seed, threads: 2)
            for i in 0..<count {
                var source = ElementRandomSource(word: words[i])
                let expected = Chop.round(x[i], to: format, mode: mode, using: &source)
                if !(expected.isNaN && y[i].isNaN) && expected.bitPattern != y[i].bitPattern {
                    mismatches += 1
                }
            }
        }
    }
    return mismatches
}

@testable import Chop

/// Inputs for array-rounding tests: every binary64 class (random bit patterns,
/// which include NaNs, ±∞ and binary64 subnormals), values spread over the format's
/// whole range and beyond it, exact ties and near-ties, ±0, and the format's own
/// edges (min subnormal, min normal, max, the overflow threshold).
enum ArrayRoundingInputs {
    static func make(for format: FloatFormat, count: Int, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        var edges: [Double] = [
            0, -0.0, .infinity, -.infinity, .nan, -.nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            format.maxFinite, format.minNormal, format.minPositive,
            format.maxFinite.nextUp, format.maxFinite.nextDown, format.minNormal.nextDown, format.minNormal.nextUp,
        ]
        if format.significandBits < 52 {
            // The overflow threshold max + ulp/2 and its neighbours.
            let halfUlpAtMax = Double(sign: .plus, exponent: format.emax - format.significandBits - 1, significand: 1)
            let threshold = format.maxFinite + halfUlpAtMax
            edges += [threshold, threshold.nextUp, threshold.nextDown]
        }
        edges += edges.map { -$0 }
        var values = edges
        let m = format.significandBits
        while values.count < count {
            let kind = g.next() % 4
            let sign: FloatingPointSign = g.next() & 1 == 0 ? .plus : .minus
            switch kind {
            case 0:
                // Any binary64 pattern.
                values.append(Double(bitPattern: g.next()))
            case 1:
                // A random significand at an exponent from below the subnormals to above max.
                let lo = max(-1074, format.emin - m - 4), hi = min(1023, format.emax + 2)
                let e = lo + Int(g.next() % UInt64(hi - lo + 1))
                let significand = 1 + Double(g.next() >> 12) * 0x1p-52
                values.append(Double(sign: sign, exponent: e, significand: significand))
            case 2:
                // Exact ties and their neighbours: (k + ½) quanta of a random binade.
                let lo = format.emin - 2, hi = format.emax + 1
                let e = lo + Int(g.next() % UInt64(hi - lo + 1))
                let quantumExponent = (format.subnormals ? max(e, format.emin) : e) - m
                let k = Double(g.next() % (1 << UInt64(min(m + 1, 52))))
                let tie = Double(sign: sign, exponent: quantumExponent, significand: 2 * k + 1) / 2
                values.append(contentsOf: [tie, tie.nextUp, tie.nextDown])
            default:
                // Values with a tiny discarded part (stochastic rounding's long path)
                // and exact format values.
                let e = format.emin + Int(g.next() % UInt64(max(1, format.emax - format.emin + 1)))
                let base = Double(sign: sign, exponent: e, significand: 1)
                values.append(contentsOf: [base, base.nextUp, base.nextDown, base + base * 0x1p-45])
            }
        }
        return Array(values.prefix(count))
    }

    /// The formats the tests sweep: IEEE, bfloat16/TF32, every FP8/FP6/FP4 flavour,
    /// E8M0, without subnormals, saturating, and binary64 itself.
    static let formats: [FloatFormat] = [
        .binary16, .bfloat16, .tf32, .binary32, .e5m2, .e4m3fn, .e4m3, .e4m3fnuz, .e5m2fnuz,
        .e4m3b11fnuz, .e3m4, .e8m0fnu, .e3m2fn, .e2m3fn, .e2m1fn, .binary64,
        FloatFormat.binary16.withoutSubnormals(), FloatFormat.bfloat16.saturating(),
        FloatFormat.e4m3fn.saturating(),
    ]
}

/// Bit-for-bit equality, with every NaN equal to every NaN (the kernel returns
/// `.nan`, whose pattern the tests do not pin down).
func sameDouble(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// The word of element `index` under the documented stream layout, computed from
/// the public scalar generator (independently of the SIMD generator).
func elementWords(seed: UInt64, count: Int) -> [UInt64] {
    var words = [UInt64](repeating: 0, count: count)
    let chunk = ArrayRounding.chunkLength
    var start = 0
    while start < count {
        let c = UInt64(start / chunk)
        var lanes = (0..<UInt64(4)).map { Xoshiro256StarStar(seed: seed, stream: 4 * c + $0) }
        let end = min(count, start + chunk)
        for i in start..<end {
            words[i] = lanes[(i - start) % 4].next()
        }
        start = end
    }
    return words
}

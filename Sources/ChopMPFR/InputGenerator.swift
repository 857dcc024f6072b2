import Chop

/// Inputs for checking rounding into one format: every edge case, and random values
/// over the whole binary64 range and concentrated on the format's range.
public struct InputGenerator: Sendable {
    /// The format the inputs are meant for.
    public let format: FloatFormat

    /// A generator of inputs for `format`.
    public init(format: FloatFormat) { self.format = format }

    /// The larger neighbour of a non-negative finite value of the format, one quantum
    /// up (beyond ``FloatFormat/maxFinite`` for max itself). Nil when it is not finite
    /// in binary64.
    func successor(_ v: Double) -> Double? {
        if format.precision == 53 {
            let s = v.nextUp
            return s.isFinite ? s : nil
        }
        let quantum: Double
        if v < format.minNormal {
            quantum = format.subnormals ? format.minPositive : format.minNormal
        } else {
            quantum = Double(sign: .plus, exponent: Int(v.exponent) - format.significandBits, significand: 1)
        }
        let s = v + quantum
        return s.isFinite ? s : nil
    }

    /// Every edge the verifier checks: ±0, NaN, ±∞, binary64's extremes, and for every
    /// pair of consecutive values of the format (all of them for formats of 16 bits or
    /// fewer, otherwise those around the powers of two, the range ends and `randomPairs`
    /// random ones): the value, the exact midpoint, the midpoint 2⁻⁴⁰ relative and one
    /// binary64 ulp above and below, with both signs. Also min subnormal/2, max + ulp/2
    /// and a sweep of the subnormal range.
    public func edges(randomPairs: Int = 4096, seed: UInt64 = 1) -> [Double] {
        var out: [Double] = [0, -0.0, .nan, .infinity, -.infinity,
                             .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                             1, 0.5, 1.5, 2, 3]
        var lows: [Double] = []
        if format.bitWidth <= 16 {
            let count = UInt64(1) << UInt64(format.bitWidth)
            for pattern in 0..<count {
                let v = format.decode(pattern)
                if v.isFinite && v.sign == .plus { lows.append(v) }
            }
        } else {
            var g = Xoshiro256StarStar(seed: seed, stream: 0xED6E)
            var e = format.emin - format.significandBits
            while e <= format.emax {
                let v = Double(sign: .plus, exponent: e, significand: 1)
                lows.append(v)
                lows.append(v.nextDown)
                if let p = predecessor(v) { lows.append(p) }
                e += 1
            }
            lows += [0, format.maxFinite, format.minNormal, format.minPositive]
            for _ in 0..<randomPairs {
                lows.append(randomValue(using: &g).magnitude)
            }
            lows = lows.map { roundDownToFormat($0) }
        }
        for v in lows where v.isFinite {
            out.append(v)
            guard let s = successor(v) else { continue }
            let m = (v + s) / 2
            out.append(m)
            out.append(m * (1 + 0x1p-40))
            out.append(m * (1 - 0x1p-40))
            out.append(m.nextUp)
            out.append(m.nextDown)
        }
        // The range ends.
        let minPos = format.minPositive
        out += [minPos / 2, (minPos / 2).nextUp, (minPos / 2).nextDown, minPos / 4, minPos * 0.75,
                minPos / 2 * (1 + 0x1p-40), minPos / 2 * (1 - 0x1p-40)]
        if let s = successor(format.maxFinite) {
            let m = (format.maxFinite + s) / 2
            out += [m, m.nextUp, m.nextDown, s, s * 2, m * (1 + 0x1p-40), m * (1 - 0x1p-40)]
        }
        // The subnormal range, swept.
        if format.emin - format.significandBits > -1074 {
            for k in 1...64 {
                out.append(format.minNormal * Double(k) / 64)
                out.append(format.minNormal * (Double(k) + 0.5) / 64)
            }
        }
        let positives = out
        out += positives.map { -$0 }
        return out.filter { !$0.isNaN } + [.nan]
    }

    /// The predecessor of a positive power of two in the format (the top of the binade
    /// below), or nil.
    private func predecessor(_ v: Double) -> Double? {
        let e = Int(v.exponent)
        guard e > format.emin - format.significandBits else { return nil }
        if e > format.emin {
            return v - Double(sign: .plus, exponent: e - 1 - format.significandBits, significand: 1)
        }
        return format.subnormals ? v - format.minPositive : nil
    }

    /// The largest value of the format's grid (quantum at that magnitude) at most `x`,
    /// for x ≥ 0, computed by truncating the binary64 significand.
    private func roundDownToFormat(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else { return 0 }
        if x >= format.maxFinite { return format.maxFinite }
        let e = Int(x.exponent)
        if !format.subnormals && e < format.emin { return 0 }
        // The quantum at x: 2^(max(e, emin) − m) (below 2^emin only with subnormals).
        let qe = max(e, format.emin) - format.significandBits
        let scaled = Double(sign: .plus, exponent: -qe, significand: x).rounded(.towardZero)
        return Double(sign: .plus, exponent: qe, significand: scaled)
    }

    /// A random input: a uniformly random binary64 bit pattern (¼), a value with a
    /// random exponent over the format's range ± 3 binades and random significand
    /// bits (½), or a near-midpoint of the format (¼).
    public func randomValue<G: RandomNumberGenerator>(using g: inout G) -> Double {
        let word = g.next()
        switch word & 3 {
        case 0:
            return Double(bitPattern: g.next())
        case 1, 2:
            let lo = max(-1074, format.emin - format.significandBits - 3)
            let hi = min(1023, format.emax + 2)
            let e = lo + Int(g.next() % UInt64(hi - lo + 1))
            let significand = 1 + Double(g.next() >> 12) * 0x1p-52
            let v = Double(sign: word & 4 == 0 ? .plus : .minus, exponent: e, significand: significand)
            return v.isFinite ? v : Double(bitPattern: g.next())
        default:
            let v = randomFormatValue(using: &g).magnitude
            guard v.isFinite, let s = successor(v) else { return v }
            var m = (v + s) / 2
            let steps = Int(g.next() % 7) - 3
            if steps > 0 { for _ in 0..<steps { m = m.nextUp } }
            if steps < 0 { for _ in 0..<(-steps) { m = m.nextDown } }
            return word & 4 == 0 ? m : -m
        }
    }

    /// A random value of the format: the decoded value of a uniformly random bit
    /// pattern (so NaNs and infinities appear at their encoding frequency).
    public func randomFormatValue<G: RandomNumberGenerator>(using g: inout G) -> Double {
        format.decode(g.next())
    }

    /// A random operand of the format for checking arithmetic: a random encoding
    /// (½), a random encoding with its low significand bits cleared so that exact
    /// results and ties are frequent (¼), or a special value (¼: ±0, ±∞, NaN, ±max,
    /// ±min subnormal, ±min normal, ±1, ±ε).
    public func randomOperand<G: RandomNumberGenerator>(using g: inout G) -> Double {
        let word = g.next()
        switch word & 3 {
        case 0, 1:
            return format.decode(g.next())
        case 2:
            let keep = Int(g.next() % UInt64(format.significandBits + 1))
            let clear = UInt64(format.significandBits - keep)
            let pattern = (g.next() >> clear) << clear
            let v = format.decode(pattern)
            return v
        default:
            let specials = specialOperands
            return specials[Int(g.next() % UInt64(specials.count))]
        }
    }

    /// The special operands: ±0, ±∞, NaN, ±max, ±min subnormal, ±min normal, ±1, ±ε
    /// (those that are values of the format).
    public var specialOperands: [Double] {
        var s: [Double] = [0, .infinity, .nan, format.maxFinite, format.minPositive, format.minNormal, 1,
                           1 + format.epsilon, format.epsilon, 2]
        s += s.map { -$0 }
        return s.filter { v in
            if v.isNaN { return format.hasNaN }
            if v.isInfinite { return format.hasInfinity }
            return (try? format.encode(v)) != nil
        }
    }
}

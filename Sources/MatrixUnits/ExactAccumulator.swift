import Chop

/// A fixed-point accumulator that adds signed dyadic terms `±M·2^u` exactly (a small
/// Kulisch accumulator), for the exact block structure and the exact reference.
///
/// It covers bit positions 2^-448 … 2^320, enough for every product and sum of inputs
/// with at most 8 exponent bits (|a·b| < 2^256, least product bit 2^-298) and binary32
/// C. Positive and negative terms are kept in two unsigned accumulators and subtracted
/// at the end.
struct ExactAccumulator {
    static let base = -448
    static let limbCount = 12
    private var positive = [UInt64](repeating: 0, count: limbCount)
    private var negative = [UInt64](repeating: 0, count: limbCount)

    mutating func reset() {
        for i in 0..<Self.limbCount { positive[i] = 0; negative[i] = 0 }
    }

    /// Adds `(negative ? −1 : 1)·magnitude·2^exponent`.
    mutating func add(magnitude: UInt64, exponent: Int, negative isNegative: Bool) {
        guard magnitude != 0 else { return }
        let bit = exponent - Self.base
        precondition(bit >= 0 && bit + 64 <= Self.limbCount * 64, "term outside the exact accumulator's range")
        let limb = bit >> 6, offset = bit & 63
        let low = magnitude << UInt64(offset)
        let high = offset == 0 ? 0 : magnitude >> UInt64(64 - offset)
        if isNegative { Self.addAt(&negative, limb, low, high) } else { Self.addAt(&positive, limb, low, high) }
    }

    private static func addAt(_ limbs: inout [UInt64], _ index: Int, _ low: UInt64, _ high: UInt64) {
        let (s, c) = limbs[index].addingReportingOverflow(low)
        limbs[index] = s
        var carry: UInt64 = c ? 1 : 0
        var i = index + 1
        var addend = high
        while i < limbCount && (carry != 0 || addend != 0) {
            let (s1, c1) = limbs[i].addingReportingOverflow(addend)
            let (s2, c2) = s1.addingReportingOverflow(carry)
            limbs[i] = s2
            carry = (c1 ? 1 : 0) + (c2 ? 1 : 0)
            addend = 0
            i += 1
        }
    }

    /// The exact sum as `x + tail` (two binary64 values, `|tail| ≤ ulp(x)/2`) that
    /// rounds, in every deterministic mode, to any precision up to 60 bits exactly as
    /// the exact sum does: the magnitude is cut to its leading 62 bits with a sticky
    /// last bit (round to odd), which is exact when the sum has at most 62 bits.
    /// Returns (0, 0) for an exact zero.
    func sum() -> (x: Double, tail: Double) {
        // Compare magnitudes, subtract the smaller.
        var isNegative = false
        var big = positive, small = negative
        for i in stride(from: Self.limbCount - 1, through: 0, by: -1) where positive[i] != negative[i] {
            if negative[i] > positive[i] { isNegative = true; big = negative; small = positive }
            break
        }
        var borrow: UInt64 = 0
        var d = [UInt64](repeating: 0, count: Self.limbCount)
        for i in 0..<Self.limbCount {
            let (s1, b1) = big[i].subtractingReportingOverflow(small[i])
            let (s2, b2) = s1.subtractingReportingOverflow(borrow)
            d[i] = s2
            borrow = (b1 ? 1 : 0) + (b2 ? 1 : 0)
        }
        guard let top = d.lastIndex(where: { $0 != 0 }) else { return (0, 0) }
        let h = top * 64 + (63 - d[top].leadingZeroBitCount)  // highest set bit
        var window: UInt64
        var shift = 0  // window · 2^(shift + base)
        if h < 62 {
            window = d[0]
        } else {
            shift = h - 61
            window = Self.bits(d, from: shift, count: 62)
            var sticky = false
            let fullLimbs = shift >> 6
            for i in 0..<fullLimbs where d[i] != 0 { sticky = true; break }
            if !sticky && shift & 63 != 0 { sticky = d[fullLimbs] & ((1 << UInt64(shift & 63)) - 1) != 0 }
            if sticky { window |= 1 }
        }
        let x = Double(window)
        let tail = Double(Int64(window) - Int64(x))
        let scale = Double(sign: .plus, exponent: shift + Self.base, significand: 1)
        return isNegative ? (-x * scale, -tail * scale) : (x * scale, tail * scale)
    }

    private static func bits(_ d: [UInt64], from start: Int, count: Int) -> UInt64 {
        let limb = start >> 6, offset = start & 63
        var v = d[limb] >> UInt64(offset)
        if offset != 0 && limb + 1 < d.count { v |= d[limb + 1] << UInt64(64 - offset) }
        return v & ((1 << UInt64(count)) - 1)
    }
}

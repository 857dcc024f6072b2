// Error-free transformations on binary64: the building blocks that let an
// operation hand the rounding kernel its exact result as an unevaluated sum.

/// Error-free transformations (Knuth's TwoSum, the FMA-based TwoProduct) and the
/// renormalisation of a three-term exact sum into the `hi + tail` pair that
/// ``round(_:tail:to:mode:using:)`` takes.
@usableFromInline
enum ErrorFreeTransforms {
    /// `a + b = s + e` exactly with `s = RN(a + b)` (Knuth's TwoSum; no
    /// precondition on the ordering). Exact unless `a + b` overflows.
    @inlinable @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let bb = s - a
        let e = (a - (s - bb)) + (b - bb)
        return (s, e)
    }

    /// `a · b = p + e` exactly with `p = RN(a · b)`, provided the product neither
    /// overflows nor comes within 2⁵³ of the subnormal range (`|p| ≥ 2⁻⁹⁶⁹`).
    @inlinable @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        // fma(a, b, −p) is exact here: a·b − p is a multiple of ulp(a)·ulp(b) no
        // larger than ulp(p)/2 in magnitude.
        return (p, (-p).addingProduct(a, b))
    }

    /// Turns an exact value `V = s + w + v` (three doubles, no overflow) into
    /// `hi + tail` for the kernel.
    ///
    /// Postconditions: `|tail|` is at most half the gap from `hi` to its neighbour on
    /// the tail's side; `tail` has the sign of `V − hi` (zero only when `V = hi`); it
    /// approximates `V − hi` with relative error below 2⁻⁵²; and `hi + tail` lies on
    /// the same side as `V` of every binary64 number and every midpoint between two
    /// binary64 numbers (when `V − hi` is not exactly half a gap, `tail` is not
    /// either), so ties, directed modes and stochastic probabilities seen by the kernel
    /// are those of `V`.
    @inlinable
    static func renormalize(_ s: Double, _ w: Double, _ v: Double) -> (hi: Double, tail: Double) {
        var (hi, x) = twoSum(s, w)       // V = hi + x + v
        var (t, r) = twoSum(x, v)        // V = hi + t + r, |r| ≤ ulp(t)/2
        // Fold t into hi until hi is the double nearest to hi + t (two or three
        // passes suffice; hi changes by at most one ulp after the first).
        for _ in 0..<4 {
            let (h2, x2) = twoSum(hi, t)     // V = h2 + x2 + r
            let (t2, r2) = twoSum(x2, r)
            if h2 == hi && t2 == t { break }
            hi = h2; t = t2; r = r2
        }
        if r != 0 && t != 0 {
            // V − hi = t + r with t = RN(V − hi). If t is exactly half a gap, the pair
            // (hi, t) alone would read as a tie; r says on which side V lies.
            let m = hi.magnitude
            let towardTail = (t.sign == hi.sign) || hi == 0
            let halfGap = towardTail ? (m.nextUp - m) * 0.5 : (m - m.nextDown) * 0.5
            if t.magnitude >= halfGap {
                if r.sign == t.sign {
                    // V lies beyond the midpoint: the neighbour hi + 2t is nearer.
                    hi = hi + 2 * t
                    t = -t
                }
                // Now |V − hi| < half a gap: move t one ulp toward zero so that the
                // kernel sees the side, not a tie that is not there.
                t = Double(sign: t.sign, exponent: 0, significand: t.magnitude.nextDown)
            }
        }
        return (hi, t)
    }
}

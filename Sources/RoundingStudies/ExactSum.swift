/// An exact accumulator of binary64 values (Shewchuk's non-overlapping partials,
/// the algorithm behind Python's `math.fsum`).
///
/// The running sum is held exactly as a list of non-overlapping doubles, so the
/// reference sums of the studies carry no rounding error until ``value`` rounds
/// the exact total to binary64 (faithfully: an error below one binary64 ulp).
/// Edge cases: an infinite or NaN input, or an intermediate overflow, makes
/// ``value`` non-finite (NaN for ∞ − ∞); subnormal inputs are handled exactly.
public struct ExactSum: Sendable {
    /// The exact sum is the sum of these, with increasing magnitude and no overlap.
    public private(set) var partials: [Double] = []
    private var special: Double = 0

    /// An empty sum (its ``value`` is +0).
    public init() {}

    /// Adds `x` exactly.
    public mutating func add(_ x: Double) {
        guard x.isFinite else { special += x; return }
        var x = x
        var i = 0
        for j in partials.indices {
            var y = partials[j]
            if x.magnitude < y.magnitude { swap(&x, &y) }
            let hi = x + y
            guard hi.isFinite else { special += hi; return }
            let lo = y - (hi - x)
            if lo != 0 {
                partials[i] = lo
                i += 1
            }
            x = hi
        }
        partials.removeSubrange(i...)
        partials.append(x)
    }

    /// Adds the product `a·b` exactly (TwoProduct with a fused multiply-add).
    public mutating func addProduct(_ a: Double, _ b: Double) {
        let p = a * b
        add(p)
        if p.isFinite { add((-p).addingProduct(a, b)) }
    }

    /// The exact sum correctly rounded to binary64 (ties to even), as `math.fsum`.
    public var value: Double {
        if special != 0 || special.isNaN { return special }
        guard var n = partials.indices.last else { return 0 }
        var hi = partials[n]
        var lo = 0.0
        while n > 0 {
            let x = hi
            let y = partials[n - 1]
            n -= 1
            hi = x + y
            lo = y - (hi - x)
            if lo != 0 { break }
        }
        // Half-way case: the rest of the partials decide the direction.
        if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
            let y = lo * 2
            let x = hi + y
            if y == x - hi { hi = x }
        }
        return hi
    }
}

/// The 1-D Wasserstein-1 (earth mover's) distance between two empirical distributions.
///
/// W1(P, Q) = ∫ |F_P(x) − F_Q(x)| dx, where F_P and F_Q are the empirical cumulative
/// distribution functions of the samples. The integral is evaluated exactly (up to
/// the floating-point rounding of the sums) by merging the two sorted samples: between
/// consecutive sample values both CDFs are constant. Samples of different sizes are
/// supported; the weights are 1/n and 1/m.
public enum Wasserstein {
    /// W1 distance between two samples.
    ///
    /// - Edge cases: an empty sample, or any NaN or infinite value, gives `.infinity`
    ///   (a distribution that cannot be compared fails any threshold). Identical
    ///   samples give exactly 0. The order of the inputs does not matter.
    public static func distance(_ a: [Double], _ b: [Double]) -> Double {
        if a.isEmpty || b.isEmpty { return .infinity }
        if a.contains(where: { !$0.isFinite }) || b.contains(where: { !$0.isFinite }) { return .infinity }
        return distance(sorted: a.sorted(), b.sorted())
    }

    /// W1 distance between two samples that are already sorted ascending and finite.
    public static func distance(sorted a: [Double], _ b: [Double]) -> Double {
        if a.isEmpty || b.isEmpty { return .infinity }
        let n = a.count, m = b.count
        // Work with integer CDF counts scaled by n·m so that F_a − F_b is exact.
        let wa = Double(m), wb = Double(n), scale = Double(n) * Double(m)
        var i = 0, j = 0
        var diff = 0.0  // (F_a − F_b) · n·m, an exact integer in Double for n·m < 2^53
        var total = 0.0
        var compensation = 0.0  // Kahan–Babuška (Neumaier) summation of the areas
        var x = min(a[0], b[0])
        while i < n || j < m {
            let next: Double
            if j >= m || (i < n && a[i] <= b[j]) { next = a[i] } else { next = b[j] }
            let area = diff.magnitude * (next - x)
            let t = total + area
            if total.magnitude >= area.magnitude { compensation += (total - t) + area } else { compensation += (area - t) + total }
            total = t
            x = next
            while i < n && a[i] == next { diff += wa; i += 1 }
            while j < m && b[j] == next { diff -= wb; j += 1 }
        }
        return (total + compensation) / scale
    }
}

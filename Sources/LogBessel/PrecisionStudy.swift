import RealModule

/// How the log-space algorithm degrades in a lower-precision type, compared with the naive
/// log(I_v(x)) and log(K_v(x)) in the same type.
///
/// For each point, v and x are first rounded to `T` (points where either is not finite or
/// x rounds to 0 are counted in `outOfRange`); the reference is the binary64 algorithm at
/// the rounded inputs (validated to 1e−14 against mpmath), so only the evaluation error is
/// measured, not the input rounding. "Log-space" runs the generic code in `T` (every
/// operation rounded to `T`). "Naive" is as generous as possible to the direct approach:
/// the exact I_v(x) (resp. K_v(x)) correctly rounded to `T` (overflowing to ∞ or
/// underflowing to 0 when out of range), then `T.log` of it; its failures are range
/// failures. Errors are |error| / max(1, |reference|) in units of `T`'s unit roundoff u.
public struct BesselPrecisionStudy: Sendable {
    /// Statistics of one method on one function.
    public struct Errors: Sendable, Equatable {
        /// Largest error over the finite results, in units of u.
        public var maxUlps: Double
        /// Median error over the finite results, in units of u.
        public var medianUlps: Double
        /// Points with a NaN or infinite result.
        public var nonFinite: Int
    }

    /// One type's row.
    public struct Row: Sendable, Equatable {
        /// The type's name (`binary16`, `bfloat16`, …).
        public var format: String
        /// The type's unit roundoff u, the unit of the errors.
        public var unitRoundoff: Double
        /// The number of (v, x) points.
        public var points: Int
        /// Points where v or x is not finite in the type, or x rounds to 0 (skipped).
        public var outOfRange: Int
        /// Points whose log I (resp. log K) itself exceeds the type's largest finite value
        /// (e.g. log K₁₀₀₀₀(1e−10) = 2.4e5 in binary16): skipped for both methods.
        public var unrepresentableI: Int, unrepresentableK: Int
        /// Errors of the log-space algorithm and of the naive method for log I.
        public var logSpaceI: Errors, naiveI: Errors
        /// Errors of the log-space algorithm and of the naive method for log K.
        public var logSpaceK: Errors, naiveK: Errors
    }

    /// Runs the study for `T` over `points` (pairs (v, x), v ≥ 0, x > 0).
    public static func measure<T: Real & BinaryFloatingPoint>(
        _ type: T.Type, name: String, points: [(v: Double, x: Double)]
    ) -> Row {
        let u = Double(T.ulpOfOne) / 2
        var outOfRange = 0
        var li: [Double] = [], ni: [Double] = [], lk: [Double] = [], nk: [Double] = []
        var bad = [0, 0, 0, 0]
        var unrepI = 0, unrepK = 0
        let big = Double(T.greatestFiniteMagnitude)
        func record(_ got: T, _ ref: Double, _ list: inout [Double], _ slot: Int) {
            let g = Double(got)
            if !g.isFinite { bad[slot] += 1; return }
            list.append(abs(g - ref) / max(1, abs(ref)) / u)
        }
        for (v, x) in points {
            let vt = T(v), xt = T(x)
            guard vt.isFinite, xt.isFinite, xt > 0 else { outOfRange += 1; continue }
            let vd = Double(vt), xd = Double(xt)
            let refI = logBesselI(vd, xd), refK = logBesselK(vd, xd)
            if abs(refI) > big {
                unrepI += 1
            } else {
                record(logBesselI(vt, xt), refI, &li, 0)
                record(T.log(T(Double.exp(refI))), refI, &ni, 1)
            }
            if abs(refK) > big {
                unrepK += 1
            } else {
                record(logBesselK(vt, xt), refK, &lk, 2)
                record(T.log(T(Double.exp(refK))), refK, &nk, 3)
            }
        }
        func stats(_ list: [Double], _ nonFinite: Int) -> Errors {
            let s = list.sorted()
            return Errors(maxUlps: s.last ?? 0, medianUlps: s.isEmpty ? 0 : s[s.count / 2], nonFinite: nonFinite)
        }
        return Row(format: name, unitRoundoff: u, points: points.count, outOfRange: outOfRange,
                   unrepresentableI: unrepI, unrepresentableK: unrepK,
                   logSpaceI: stats(li, bad[0]), naiveI: stats(ni, bad[1]),
                   logSpaceK: stats(lk, bad[2]), naiveK: stats(nk, bad[3]))
    }
}

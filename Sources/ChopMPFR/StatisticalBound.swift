import Foundation

/// Rejection thresholds for the stochastic-rounding tests.
///
/// Both tests look at a sum S of independent random variables Xᵢ with |Xᵢ − E Xᵢ| ≤ 1
/// and known total variance v (a count of round-ups, or a sum of rounding errors in
/// ulps). Bernstein's inequality gives, for every distribution of that kind,
/// P(|S − E S| ≥ t) ≤ 2 exp(−t² / (2(v + t/3))); the threshold below makes the right
/// side equal to `falseAlarmRate`, so a correct implementation fails a test with
/// probability at most `falseAlarmRate` — rigorously, even for probabilities near 0
/// or 1 where a normal approximation would be wrong.
public enum StatisticalBound {
    /// The default false-alarm rate of one test: 10⁻⁹, so that the few thousand tests
    /// of a full `chop verify` run raise a false alarm with probability below 10⁻⁵
    /// (union bound).
    public static let defaultFalseAlarmRate = 1e-9

    /// The deviation |S − E S| beyond which a test rejects.
    public static func threshold(variance: Double, falseAlarmRate: Double = defaultFalseAlarmRate) -> Double {
        let l = log(2 / falseAlarmRate)
        return l / 3 + (l * l / 9 + 2 * l * max(variance, 0)).squareRoot()
    }
}

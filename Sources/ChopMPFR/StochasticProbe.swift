import Chop

/// The exact probability with which a stochastic rounding in the library rounds away
/// from zero, measured through the library itself (no sampling, no copy of its logic).
///
/// The kernel draws random 64-bit words and decides from them monotonically: with
/// `r` random bits it rounds up iff ⌊u/2^(64−r)⌋ < ⌊f·2ʳ⌋; with all bits it first
/// requires k − 1 words whose top 32 bits are zero (while f < 2⁻³²) and then compares a
/// final word u with ⌈f·2⁶⁴⌉; `stochastic-equal` rounds up iff u ≥ 2⁶³. So the probe:
///
/// 1. runs the operation with all-zero words to learn the number k of words drawn
///    (and the outcome when u = 0), then with all-ones final word;
/// 2. if the two outcomes differ, bisects over the final word (64 runs) for the
///    threshold T at which the outcome changes;
/// 3. returns the two outcomes and P(away) = 2^(−32(k−1)) · (count of final words that
///    give the away outcome) / 2⁶⁴.
///
/// Any operation that rounds once through the kernel can be probed:
/// `probe { g in Chop.round(x, to: f, mode: m, using: &g) }`.
public enum StochasticProbe {
    /// A generator that replays fixed words: `leading` zero words, then `last`, then zeros.
    public struct ScriptedGenerator: RandomNumberGenerator {
        var leading: Int
        var last: UInt64
        /// The number of words drawn so far.
        public private(set) var drawn = 0

        public init(leading: Int, last: UInt64) {
            self.leading = leading
            self.last = last
        }

        public mutating func next() -> UInt64 {
            defer { drawn += 1 }
            if drawn < leading { return 0 }
            return drawn == leading ? last : 0
        }
    }

    /// The outcomes and exact away-from-zero probability of one stochastic rounding.
    public struct Outcome: Hashable, Sendable {
        /// The result with the smaller magnitude (both equal for an exact result).
        public var towardZero: Double
        /// The result with the larger magnitude.
        public var awayFromZero: Double
        /// P(awayFromZero), exact to binary64 precision (0 for an exact result).
        public var probabilityAway: Double
        /// The number of random words drawn.
        public var wordsDrawn: Int
    }

    /// Probes `operation`, which must round once through the kernel using the generator
    /// it is given.
    public static func probe(_ operation: (inout ScriptedGenerator) -> Double) -> Outcome {
        var g0 = ScriptedGenerator(leading: 0, last: 0)
        let atZero = operation(&g0)
        let k = g0.drawn
        if k == 0 {
            return Outcome(towardZero: atZero, awayFromZero: atZero, probabilityAway: 0, wordsDrawn: 0)
        }
        func run(_ u: UInt64) -> Double {
            var g = ScriptedGenerator(leading: k - 1, last: u)
            return operation(&g)
        }
        let atMax = run(.max)
        if sameResult(atZero, atMax) {
            // Every final word gives the same outcome (probability 0 or 1 given the
            // leading zero words; with k > 1 the leading words can still fail).
            let scale = Double(sign: .plus, exponent: -32 * (k - 1), significand: 1)
            return order(atZero, atZero, awayIs: atZero, count: k > 1 ? scale : 0, words: k)
        }
        // Bisect for the first word whose outcome is atMax's: lo gives atZero, hi atMax.
        var lo: UInt64 = 0, hi: UInt64 = .max
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if sameResult(run(mid), atZero) { lo = mid } else { hi = mid }
        }
        // Words 0...lo give atZero (lo + 1 of them), hi...max give atMax (max − lo).
        let fractionZero = Double(lo &+ 1) * 0x1p-64
        let fractionMax = Double(UInt64.max - lo) * 0x1p-64
        let scale = Double(sign: .plus, exponent: -32 * (k - 1), significand: 1)
        let awayIsMax = isLarger(atMax, than: atZero)
        let p = (awayIsMax ? fractionMax : fractionZero) * scale
        return order(atZero, atMax, awayIs: awayIsMax ? atMax : atZero, count: p, words: k)
    }

    /// Magnitude order with NaN (an overflow to NaN) above everything.
    static func isLarger(_ a: Double, than b: Double) -> Bool {
        if a.isNaN { return !b.isNaN }
        if b.isNaN { return false }
        return a.magnitude > b.magnitude
    }

    private static func order(_ a: Double, _ b: Double, awayIs: Double, count p: Double, words: Int) -> Outcome {
        let (down, up) = isLarger(a, than: b) ? (b, a) : (a, b)
        if sameResult(a, b) {
            // One outcome for every final word: with leading words it is the "success"
            // branch (away from zero) of a tiny probability, else exact.
            return Outcome(towardZero: a, awayFromZero: a, probabilityAway: p, wordsDrawn: words)
        }
        return Outcome(towardZero: down, awayFromZero: up, probabilityAway: sameResult(awayIs, up) ? p : 1 - p,
                       wordsDrawn: words)
    }
}

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
    /// A generator that replays fixed words: `leading` words (zero, or `escape` for the
    /// first when set), then `last`, then zeros.
    public struct ScriptedGenerator: RandomNumberGenerator {
        var leading: Int
        var last: UInt64
        var escape: UInt64?
        /// The number of words drawn so far.
        public private(set) var drawn = 0

        /// A generator that yields `leading` words (the first of them `escape` when given,
        /// the others zero), then `last`, then zeros.
        public init(leading: Int, last: UInt64, escape: UInt64? = nil) {
            self.leading = leading
            self.last = last
            self.escape = escape
        }

        /// The next scripted word (see init(leading:last:escape:)).
        public mutating func next() -> UInt64 {
            defer { drawn += 1 }
            if drawn == 0, let escape { return escape }
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
        /// The number of random words drawn (with all-zero words).
        public var wordsDrawn: Int
        /// A third outcome, if the operation produced one (never, for a correct kernel).
        public var unexpected: Double?
    }

    /// Probes `operation`, which must round once through the kernel using the generator
    /// it is given.
    ///
    /// With k > 1 words the first k − 1 words must have zero top 32 bits for the final
    /// word to decide (probability s = 2^(−32(k−1))); any other leading word gives the
    /// *escape* outcome, found by a run whose first word is all ones. So the other
    /// outcome X has P(X) = s · (final words giving X) / 2⁶⁴.
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
        // Final words 0...lo give atZero (lo + 1 of them), the rest (max − lo) atMax.
        var lo: UInt64 = .max
        if !sameResult(atZero, atMax) {
            lo = 0
            var hi: UInt64 = .max
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if sameResult(run(mid), atZero) { lo = mid } else { hi = mid }
            }
        }
        let fractionZero = lo == .max ? 1 : Double(lo &+ 1) * 0x1p-64
        let fractionMax = lo == .max ? 0 : Double(UInt64.max - lo) * 0x1p-64
        // (value, probability) of the outcomes.
        var outcomes: [(Double, Double)]
        var unexpected: Double?
        if k == 1 {
            outcomes = [(atZero, fractionZero)]
            if fractionMax > 0 { outcomes.append((atMax, fractionMax)) }
        } else {
            var ge = ScriptedGenerator(leading: k - 1, last: 0, escape: .max)
            let escape = operation(&ge)
            let scale = Double(sign: .plus, exponent: -32 * (k - 1), significand: 1)
            var others: [(Double, Double)] = []
            if !sameResult(atZero, escape) { others.append((atZero, scale * fractionZero)) }
            if fractionMax > 0 && !sameResult(atMax, escape) { others.append((atMax, scale * fractionMax)) }
            if others.count == 2 { unexpected = escape }
            let rest = others.reduce(0) { $0 + $1.1 }
            outcomes = [(escape, 1 - rest)] + others
        }
        if outcomes.count > 2 { unexpected = outcomes[2].0 }
        guard outcomes.count >= 2 else {
            return Outcome(towardZero: atZero, awayFromZero: atZero, probabilityAway: 0, wordsDrawn: k,
                           unexpected: unexpected)
        }
        let (a, b) = (outcomes[0], outcomes[1])
        let (down, up) = isLarger(a.0, than: b.0) ? (b, a) : (a, b)
        // The probability of the rarer side is the accurate one; the other is 1 − it.
        let pUp = up.1 <= down.1 ? up.1 : 1 - down.1
        return Outcome(towardZero: down.0, awayFromZero: up.0, probabilityAway: pUp, wordsDrawn: k,
                       unexpected: unexpected)
    }

    /// Magnitude order with NaN (an overflow to NaN) above everything.
    static func isLarger(_ a: Double, than b: Double) -> Bool {
        if a.isNaN { return !b.isNaN }
        if b.isNaN { return false }
        return a.magnitude > b.magnitude
    }
}

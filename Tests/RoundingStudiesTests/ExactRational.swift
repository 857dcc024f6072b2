// Exact reference arithmetic for the tests, independent of the library: a positive
// value is an integer count of "units" (2^-32) or a rational num/den of units, and is
// rounded to a binary precision with integer arithmetic only.

/// Rounds the positive rational num/den (in units) to precision p (normal range
/// only: the tests stay far from underflow and overflow); the result is in units.
/// Modes: "rn" (nearest, ties to even), "rz" (toward zero).
func roundUnits(_ num: Int, _ den: Int, precision p: Int, mode: String) -> Int {
    precondition(num > 0 && den > 0)
    var e = 0  // 2^e ≤ num/den < 2^(e+1)
    while num < den << e { e -= 1; precondition(e >= 0, "value below one unit") }
    while num >= den << (e + 1) { e += 1 }
    let quantumExponent = e - p + 1
    precondition(quantumExponent >= 0, "quantum below one unit")
    let divisor = den << quantumExponent
    var kept = num / divisor
    let rem = num - kept * divisor
    if mode == "rn" && (2 * rem > divisor || (2 * rem == divisor && kept & 1 == 1)) { kept += 1 }
    return kept << quantumExponent
}

/// The harmonic series in exact rational arithmetic emulating s ← fl(s + fl(1/k));
/// returns the first k that leaves the sum unchanged and the sum then, or nil.
func rationalHarmonicStagnation(precision p: Int, mode: String, maxTerms: Int) -> (n: Int, sum: Double)? {
    let unit = 1 << 32
    var s = 0
    for k in 1...maxTerms {
        let t = roundUnits(unit, k, precision: p, mode: mode)
        let next = s == 0 ? t : roundUnits(s + t, 1, precision: p, mode: mode)
        if next == s { return (k, Double(s) / Double(unit)) }
        s = next
    }
    return nil
}

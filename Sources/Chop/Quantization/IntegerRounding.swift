/// Rounding to integers through the one rounding kernel.
///
/// The kernel rounds to a ``FloatFormat``. The integers of magnitude below 2⁵³ are
/// exactly the values of one custom format: 52 stored significand bits, one exponent
/// bit, bias −51 and no special encodings. Its `emin` is 52 and its subnormal quantum is
/// 2^(emin − 52) = 1, so below 2⁵² the subnormals are the integers, and the single
/// normal binade [2⁵², 2⁵³) also has quantum 1. Rounding to that format in a mode *is*
/// rounding to an integer in that mode, for every mode of the kernel, stochastic ones
/// included.
public enum IntegerRounding {
    /// The format whose values are the integers of magnitude at most 2⁵³ − 1.
    public static let integerGrid: FloatFormat = try! FloatFormat(
        name: "integer-grid", exponentBits: 1, significandBits: 52, bias: -51,
        specials: .finite, subnormals: true, overflow: .saturate)
}

/// Rounds the exact value `x + tail` to an integer in `mode`.
///
/// - Parameters:
///   - x: the value (or the leading part of the exact value).
///   - tail: an exact correction with `|tail| ≤ ulp(x)/2` (for example the residual of
///     a division obtained with an FMA), so that ties and directed modes see the exact
///     quotient.
///   - mode: any kernel rounding mode, stochastic ones included.
///   - generator: the source of random bits for stochastic modes.
/// - Returns: an integer-valued `Double`.
/// - Edge cases: NaN gives NaN; ±∞ give ±∞; `|x| ≥ 2⁵²` is already an integer and is
///   returned unchanged (the tail is then ignored); ±0 and values that round to zero keep
///   their sign (−0.3 toward zero gives −0.0).
@inlinable
public func roundToInteger<G: RandomNumberGenerator>(
    _ x: Double, tail: Double = 0, mode: RoundingMode, using generator: inout G
) -> Double {
    if !x.isFinite || x.magnitude >= 0x1p52 { return x }
    return Chop.round(x, tail: tail, to: IntegerRounding.integerGrid, mode: mode, using: &generator)
}

/// Rounds `x` to an integer in a deterministic `mode` (stochastic modes use the system
/// generator; see ``roundToInteger(_:tail:mode:using:)``).
@inlinable
public func roundToInteger(_ x: Double, tail: Double = 0, mode: RoundingMode = .nearestEven) -> Double {
    var generator = SystemRandomNumberGenerator()
    return roundToInteger(x, tail: tail, mode: mode, using: &generator)
}

/// The exact quotient `x / d` as an unevaluated sum `quotient + tail`.
///
/// `quotient` is the binary64 quotient and `tail` the FMA residual `x − quotient·d`
/// divided by `d`, so `quotient + tail` equals `x / d` to within a relative 2⁻⁵³ of the
/// (already tiny) tail; ties, directed modes and stochastic probabilities in the kernel
/// therefore see the exact ratio. For a power-of-two `d` the tail is 0. A nonzero
/// quotient that underflows to zero is replaced by the least nonzero magnitude with its
/// sign, so directed modes still see a nonzero value. `d` must be finite and nonzero.
@inlinable
func exactQuotient(_ x: Double, _ d: Double) -> (quotient: Double, tail: Double) {
    let q = x / d
    if !q.isFinite { return (q, 0) }
    if q == 0 {
        if x == 0 { return (q, 0) }
        return (Double(sign: q.sign, exponent: -1074, significand: 1), 0)
    }
    let r = x.addingProduct(-q, d)
    let t = r / d
    return (q, t.isFinite && t.magnitude <= q.ulp / 2 ? t : 0)
}

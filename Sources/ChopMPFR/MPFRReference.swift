import CMPFR
import Chop

/// Reference rounding into any `FloatFormat` computed with GNU MPFR, independent
/// of the library's kernel.
///
/// Every entry point evaluates an MPFR operation (`mpfr_set_d` for rounding a
/// `Double`, `mpfr_add`, `mpfr_sub`, `mpfr_mul`, `mpfr_div`, `mpfr_sqrt`, `mpfr_fma`)
/// through one generic function:
///
/// 1. the operation is computed at the format's precision p in MPFR's widest
///    exponent range (`mpfr_get_emin_min()`…`mpfr_get_emax_max()`), giving a correctly
///    rounded p-bit value and its ternary value (an overflow or underflow even there —
///    exp of a huge bfloat16 — becomes the extreme finite value with the true result's
///    ternary value);
/// 2. inside a scope that restores the caller's emin/emax, emin is set to
///    `emin − p + 2` (with subnormals; MPFR's significands lie in [½, 1)) or
///    `emin + 1` (without), and `mpfr_check_range` then `mpfr_subnormalize` apply
///    the format's underflow and subnormal quantum, using the ternary value so
///    nothing is rounded twice;
/// 3. the exponent range is left unbounded above, so overflow is judged, as in the
///    kernel, on the value rounded with an unbounded exponent range: a magnitude
///    above `FloatFormat/maxFinite` takes the format's `FloatFormat/OverflowPolicy`;
/// 4. the format's special encodings are applied: exact infinities, −0 in FNUZ
///    formats (→ +0), E8M0's missing zero and sign.
///
/// Nearest-even, toward zero and away from zero are MPFR's `RNDN`, `RNDZ`, `RNDA`;
/// toward ±∞ are `RNDA`/`RNDZ` chosen by the sign of the exact result (and `RNDU`/
/// `RNDD` themselves for exact zeros, whose sign depends on the mode). Ties-away is
/// derived exactly: it differs from `RNDN` only when `RNDN` went toward zero on an
/// exact tie, and a tie is detected by evaluating the operation toward zero at p + 2
/// bits, where the midpoint of the two neighbours is representable, and comparing.
/// Round-to-odd keeps the `RNDZ` result when it is exact or its last kept bit (at
/// the format's quantum) is 1, and takes the `RNDA` neighbour otherwise.
///
/// An instance owns MPFR variables and is not thread-safe: use one per thread.
/// MPFR's exponent range is thread-local (the system library is built with TLS), and
/// every call restores it before returning.
public final class MPFRReference {
    /// Precision of the high-precision evaluations used for stochastic probabilities.
    /// A binary64 FMA's exact result spans at most about 4200 bits.
    public static let highPrecision = 4400

    let a, b, c: UnsafeMutablePointer<__mpfr_struct>
    private let yN, yZ, yA, yD, yU, mid, near: UnsafeMutablePointer<__mpfr_struct>
    private let wide, gap: UnsafeMutablePointer<__mpfr_struct>

    /// A reference with its own MPFR variables (use one per thread; they are freed when
    /// the reference is released).
    public init() {
        func make(_ precision: Int) -> UnsafeMutablePointer<__mpfr_struct> {
            let p = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
            mpfr_init2(p, precision)
            return p
        }
        a = make(64); b = make(64); c = make(64)
        yN = make(64); yZ = make(64); yA = make(64); yD = make(64); yU = make(64)
        mid = make(64); near = make(64)
        wide = make(Self.highPrecision); gap = make(Self.highPrecision)
    }

    deinit {
        for p in [a, b, c, yN, yZ, yA, yD, yU, mid, near, wide, gap] {
            mpfr_clear(p)
            p.deallocate()
        }
    }

    // MARK: Public entry points

    /// The reference results of rounding `x` into `format` in every deterministic mode.
    ///
    /// NaN gives NaN; ±∞ stay ±∞ in formats with infinities and become ±max
    /// (saturating formats) or NaN otherwise; ±0 keep their sign except in FNUZ
    /// formats (+0); in E8M0 zero and negative inputs give NaN.
    public func results(rounding x: Double, to format: FloatFormat) -> DeterministicResults {
        evaluateAll(format: format) { y, rnd in mpfr_set_d(y, x, rnd) }
    }

    /// The reference results of `operation` on the operands (exactly, then rounded
    /// once into `format`) in every deterministic mode. Unused operands are ignored.
    ///
    /// Invalid operations (∞ − ∞, 0 × ∞, 0/0, √(negative)) give NaN; exact infinities
    /// (x/0, operations on ∞) are treated like ∞ inputs (see ``results(rounding:to:)``);
    /// the sign of an exact zero follows IEEE 754 (−0 only toward −∞ for x − x).
    public func results(
        _ operation: ReferenceOperation, _ x: Double, _ y: Double = 0, _ z: Double = 0, format: FloatFormat
    ) -> DeterministicResults {
        setOperand(a, x); setOperand(b, y); setOperand(c, z)
        return evaluateAll(format: format, compute(operation))
    }

    /// The reference value of rounding `x` into `format` under a deterministic `mode`.
    /// - Throws: ``MPFRReferenceError/stochasticMode(_:)`` for a stochastic mode (use
    ///   ``stochastic(rounding:to:mode:)``).
    public func round(_ x: Double, to format: FloatFormat, mode: RoundingMode) throws -> Double {
        guard !mode.isStochastic else { throw MPFRReferenceError.stochasticMode(mode.name) }
        return results(rounding: x, to: format)[mode]
    }

    /// The reference value of `operation` rounded into `format` under a deterministic
    /// `mode`.
    /// - Throws: ``MPFRReferenceError/stochasticMode(_:)`` for a stochastic mode.
    public func evaluate(
        _ operation: ReferenceOperation, _ x: Double, _ y: Double = 0, _ z: Double = 0,
        format: FloatFormat, mode: RoundingMode
    ) throws -> Double {
        guard !mode.isStochastic else { throw MPFRReferenceError.stochasticMode(mode.name) }
        return results(operation, x, y, z, format: format)[mode]
    }

    /// The two possible results of stochastically rounding `x` into `format`, and the
    /// exact probability of the one away from zero.
    public func stochastic(rounding x: Double, to format: FloatFormat, mode: RoundingMode) -> StochasticReference {
        evaluateStochastic(format: format, mode: mode) { y, rnd in mpfr_set_d(y, x, rnd) }
    }

    /// The two possible results of `operation` stochastically rounded into `format`,
    /// and the exact probability of the one away from zero.
    public func stochastic(
        _ operation: ReferenceOperation, _ x: Double, _ y: Double = 0, _ z: Double = 0,
        format: FloatFormat, mode: RoundingMode
    ) -> StochasticReference {
        setOperand(a, x); setOperand(b, y); setOperand(c, z)
        return evaluateStochastic(format: format, mode: mode, compute(operation))
    }

    // MARK: The generic evaluation

    /// An MPFR operation: writes the operation's result, correctly rounded to the
    /// precision of its first argument in the given direction, and returns MPFR's
    /// ternary value.
    typealias Computation = (UnsafeMutablePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32

    func compute(_ operation: ReferenceOperation) -> Computation {
        let a = self.a, b = self.b, c = self.c
        switch operation {
        case .add: return { y, rnd in mpfr_add(y, a, b, rnd) }
        case .subtract: return { y, rnd in mpfr_sub(y, a, b, rnd) }
        case .multiply: return { y, rnd in mpfr_mul(y, a, b, rnd) }
        case .divide: return { y, rnd in mpfr_div(y, a, b, rnd) }
        case .squareRoot: return { y, rnd in mpfr_sqrt(y, a, rnd) }
        case .fusedMultiplyAdd: return { y, rnd in mpfr_fma(y, a, b, c, rnd) }
        }
    }

    func setOperands(_ x: Double, _ y: Double, _ z: Double) {
        setOperand(a, x); setOperand(b, y); setOperand(c, z)
    }

    private func setOperand(_ v: UnsafeMutablePointer<__mpfr_struct>, _ x: Double) {
        // 64 ≥ 53 bits: exact.
        mpfr_set_d(v, x, MPFR_RNDN)
    }

    /// Computes into `y` at the format's precision in direction `rnd`, then applies
    /// the format's lower exponent range (underflow, subnormal quantum). Returns the
    /// ternary value. The caller's emin/emax are restored.
    private func roundInto(
        _ y: UnsafeMutablePointer<__mpfr_struct>, _ format: FloatFormat, _ rnd: mpfr_rnd_t,
        _ computation: Computation
    ) -> Int32 {
        mpfr_set_prec(y, format.precision)
        let savedEmin = mpfr_get_emin(), savedEmax = mpfr_get_emax()
        defer {
            mpfr_set_emin(savedEmin)
            mpfr_set_emax(savedEmax)
        }
        // The widest exponent range for the computation (exp of a large bfloat16 value
        // exceeds MPFR's default 2^(2^30)); beyond even that, a flagged overflow or
        // underflow is replaced by the extreme finite value with the ternary value of
        // the true (finite, nonzero) result, so the format's overflow and underflow
        // rules still see a finite value.
        mpfr_set_emin(mpfr_get_emin_min())
        mpfr_set_emax(mpfr_get_emax_max())
        mpfr_clear_flags()
        var t = computation(y, rnd)
        if mpfr_overflow_p() != 0 && mpfr_nan_p(y) == 0 {
            let negative = mpfr_signbit(y) != 0
            mpfr_set_ui_2exp(y, 1, mpfr_get_emax() - 1, MPFR_RNDN)
            if negative { mpfr_neg(y, y, MPFR_RNDN) }
            t = negative ? 1 : -1
        } else if mpfr_underflow_p() != 0 && mpfr_nan_p(y) == 0 {
            let negative = mpfr_signbit(y) != 0
            mpfr_set_ui_2exp(y, 1, mpfr_get_emin() - 1, MPFR_RNDN)
            if negative { mpfr_neg(y, y, MPFR_RNDN) }
            t = negative ? -1 : 1
        }
        mpfr_clear_flags()
        let emin = format.subnormals ? format.emin - format.significandBits + 1 : format.emin + 1
        mpfr_set_emin(emin)
        t = mpfr_check_range(y, t, rnd)
        if format.subnormals { t = mpfr_subnormalize(y, t, rnd) }
        return t
    }

    /// Evaluates `computation` into `format` in every deterministic mode.
    func evaluateAll(format: FloatFormat, _ computation: Computation) -> DeterministicResults {
        let tN = roundInto(yN, format, MPFR_RNDN, computation)
        if mpfr_nan_p(yN) != 0 { return DeterministicResults(all: .nan) }
        let negative = mpfr_signbit(yN) != 0
        if mpfr_inf_p(yN) != 0 {
            return DeterministicResults(all: exactInfinity(negative: negative, format: format))
        }
        let tZ = roundInto(yZ, format, MPFR_RNDZ, computation)
        if tZ == 0 && tN == 0 {
            if !format.isSigned && (negative || mpfr_zero_p(yZ) != 0) { return DeterministicResults(all: .nan) }
            if mpfr_zero_p(yZ) != 0 {
                // An exact zero: its sign may depend on the direction (x − x).
                _ = roundInto(yU, format, MPFR_RNDU, computation)
                _ = roundInto(yD, format, MPFR_RNDD, computation)
                return DeterministicResults(
                    nearestEven: finish(yN, .nearestEven, format),
                    nearestAway: finish(yN, .nearestAway, format),
                    towardZero: finish(yZ, .towardZero, format),
                    towardPositive: finish(yU, .towardPositive, format),
                    towardNegative: finish(yD, .towardNegative, format),
                    toOdd: finish(yZ, .toOdd, format))
            }
            // Exact (possibly beyond maxFinite, where the overflow policy depends on the mode).
            return DeterministicResults(
                nearestEven: finish(yZ, .nearestEven, format),
                nearestAway: finish(yZ, .nearestAway, format),
                towardZero: finish(yZ, .towardZero, format),
                towardPositive: finish(yZ, .towardPositive, format),
                towardNegative: finish(yZ, .towardNegative, format),
                toOdd: finish(yZ, .toOdd, format))
        }
        if !format.isSigned && negative { return DeterministicResults(all: .nan) }
        _ = roundInto(yA, format, MPFR_RNDA, computation)
        let nearestAway: UnsafeMutablePointer<__mpfr_struct>
        if mpfr_equal_p(yN, yA) != 0 || isExactTie(format, computation) {
            nearestAway = yA
        } else {
            nearestAway = yN
        }
        let toOdd = isOdd(yZ, format) ? yZ : yA
        return DeterministicResults(
            nearestEven: finish(yN, .nearestEven, format),
            nearestAway: finish(nearestAway, .nearestAway, format),
            towardZero: finish(yZ, .towardZero, format),
            towardPositive: finish(negative ? yZ : yA, .towardPositive, format),
            towardNegative: finish(negative ? yA : yZ, .towardNegative, format),
            toOdd: finish(toOdd, .toOdd, format))
    }

    /// Whether the exact result is the midpoint of `yZ` and `yA` (which must hold the
    /// two neighbours of an inexact result).
    private func isExactTie(_ format: FloatFormat, _ computation: Computation) -> Bool {
        // The midpoint has at most p + 1 significant bits: exact at p + 2.
        mpfr_set_prec(mid, format.precision + 2)
        mpfr_add(mid, yZ, yA, MPFR_RNDN)
        mpfr_div_2ui(mid, mid, 1, MPFR_RNDN)
        mpfr_set_prec(near, format.precision + 2)
        let t = computation(near, MPFR_RNDZ)
        return t == 0 && mpfr_equal_p(near, mid) != 0
    }

    /// Whether the last kept bit of the (finite) value `y` of the format, at the
    /// format's quantum, is 1. Zero is even. Values beyond maxFinite are reported
    /// odd (they overflow whichever neighbour is chosen).
    private func isOdd(_ y: UnsafeMutablePointer<__mpfr_struct>, _ format: FloatFormat) -> Bool {
        if mpfr_zero_p(y) != 0 { return false }
        let d = mpfr_get_d(y, MPFR_RNDN).magnitude
        if d > format.maxFinite { return true }
        let e = Int(d.exponent)
        let quantumExponent = (format.subnormals ? max(e, format.emin) : e) - format.significandBits
        let kept = Double(sign: .plus, exponent: -quantumExponent, significand: d)
        return kept.truncatingRemainder(dividingBy: 2) == 1
    }

    /// What an exact infinity becomes in `format`.
    private func exactInfinity(negative: Bool, format: FloatFormat) -> Double {
        if format.hasInfinity { return negative ? -.infinity : .infinity }
        if format.overflow == .saturate {
            if negative && !format.isSigned { return .nan }
            return negative ? -format.maxFinite : format.maxFinite
        }
        return .nan
    }

    /// Converts a finite rounded value (unbounded above) to the format's final
    /// value: overflow policy, signed zeros, E8M0's missing zero.
    private func finish(
        _ y: UnsafeMutablePointer<__mpfr_struct>, _ mode: RoundingMode, _ format: FloatFormat
    ) -> Double {
        if mpfr_nan_p(y) != 0 { return .nan }
        let negative = mpfr_signbit(y) != 0
        if mpfr_inf_p(y) != 0 { return exactInfinity(negative: negative, format: format) }
        if !format.isSigned && negative { return .nan }
        if mpfr_zero_p(y) != 0 {
            if !format.hasZero { return format.minPositive }
            return negative && format.hasNegativeZero ? -0.0 : 0.0
        }
        if mpfr_cmp_d(y, format.maxFinite) > 0 || mpfr_cmp_d(y, -format.maxFinite) < 0 {
            let magnitude: Double
            switch format.overflow {
            case .saturate: magnitude = format.maxFinite
            case .nan: return .nan
            case .infinity:
                switch mode {
                case .towardZero, .toOdd: magnitude = format.maxFinite
                case .towardPositive: magnitude = negative ? format.maxFinite : .infinity
                case .towardNegative: magnitude = negative ? .infinity : format.maxFinite
                default: magnitude = .infinity
                }
            }
            return negative ? -magnitude : magnitude
        }
        // A value of the format: exact in binary64.
        return mpfr_get_d(y, MPFR_RNDN)
    }

    /// Evaluates `computation` for a stochastic `mode`: both neighbours (after the
    /// format's overflow policy) and the exact probability of the one away from zero.
    func evaluateStochastic(
        format: FloatFormat, mode: RoundingMode, probability wanted: Bool = true, _ computation: Computation
    ) -> StochasticReference {
        let tZ = roundInto(yZ, format, MPFR_RNDZ, computation)
        if mpfr_nan_p(yZ) != 0 { return StochasticReference(exact: .nan) }
        let negative = mpfr_signbit(yZ) != 0
        if mpfr_inf_p(yZ) != 0 {
            return StochasticReference(exact: exactInfinity(negative: negative, format: format))
        }
        if tZ == 0 {
            if !format.isSigned && (negative || mpfr_zero_p(yZ) != 0) { return StochasticReference(exact: .nan) }
            return StochasticReference(exact: finish(yZ, mode, format))
        }
        if !format.isSigned && negative { return StochasticReference(exact: .nan) }
        _ = roundInto(yA, format, MPFR_RNDA, computation)
        let down = finish(yZ, mode, format)
        let up = finish(yA, mode, format)
        let probability: Double
        switch mode {
        case .stochasticEqual:
            probability = 0.5
        case _ where !wanted:
            probability = .nan
        default:
            // f = (|z| − |yZ|) / (|yA| − |yZ|), with z truncated at high precision:
            // truncation never moves f·2ʳ across an integer (such a z is exact there).
            _ = computation(wide, MPFR_RNDZ)
            mpfr_abs(wide, wide, MPFR_RNDZ)
            mpfr_set_prec(mid, format.precision)
            mpfr_abs(mid, yZ, MPFR_RNDZ)
            mpfr_sub(wide, wide, mid, MPFR_RNDZ)
            mpfr_abs(gap, yA, MPFR_RNDZ)
            mpfr_sub(gap, gap, mid, MPFR_RNDZ)
            mpfr_div(wide, wide, gap, MPFR_RNDZ)
            if case .stochastic(let bits?) = mode, bits < 64 {
                let r = max(bits, 1)
                mpfr_mul_2ui(wide, wide, UInt(r), MPFR_RNDZ)
                mpfr_rint(wide, wide, MPFR_RNDD)
                mpfr_div_2ui(wide, wide, UInt(r), MPFR_RNDZ)
            }
            probability = mpfr_get_d(wide, MPFR_RNDN)
        }
        return StochasticReference(towardZero: down, awayFromZero: up, probabilityAway: probability)
    }
}

/// The reference results of one input in every deterministic rounding mode.
public struct DeterministicResults: Hashable, Sendable {
    /// Round to nearest, ties to even.
    public var nearestEven: Double
    /// Round to nearest, ties away from zero.
    public var nearestAway: Double
    /// Round toward zero.
    public var towardZero: Double
    /// Round toward +∞.
    public var towardPositive: Double
    /// Round toward −∞.
    public var towardNegative: Double
    /// Round to odd.
    public var toOdd: Double

    /// The results in the six deterministic modes.
    public init(
        nearestEven: Double, nearestAway: Double, towardZero: Double, towardPositive: Double,
        towardNegative: Double, toOdd: Double
    ) {
        self.nearestEven = nearestEven
        self.nearestAway = nearestAway
        self.towardZero = towardZero
        self.towardPositive = towardPositive
        self.towardNegative = towardNegative
        self.toOdd = toOdd
    }

    /// The same value in every mode.
    public init(all v: Double) {
        self.init(nearestEven: v, nearestAway: v, towardZero: v, towardPositive: v, towardNegative: v, toOdd: v)
    }

    /// The result for a deterministic mode; NaN for a stochastic mode.
    public subscript(mode: RoundingMode) -> Double {
        switch mode {
        case .nearestEven: return nearestEven
        case .nearestAway: return nearestAway
        case .towardZero: return towardZero
        case .towardPositive: return towardPositive
        case .towardNegative: return towardNegative
        case .toOdd: return toOdd
        case .stochastic, .stochasticEqual: return .nan
        }
    }
}

/// The reference for one stochastically rounded input: the two results it may take
/// and the exact probability of the one away from zero.
///
/// For an exact result both values are equal and the probability is 0. The values
/// are final format values (overflow policy applied, so `awayFromZero` may be ±∞ or
/// NaN).
public struct StochasticReference: Hashable, Sendable {
    /// The neighbour toward zero (the result when not rounding up in magnitude).
    public var towardZero: Double
    /// The neighbour away from zero.
    public var awayFromZero: Double
    /// The probability of `awayFromZero` (exact to binary64 precision; for
    /// `stochastic:<r>` it is ⌊f·2ʳ⌋/2ʳ, for `stochastic-equal` ½).
    public var probabilityAway: Double

    /// A reference with the two neighbours and the probability of the one away from zero.
    public init(towardZero: Double, awayFromZero: Double, probabilityAway: Double) {
        self.towardZero = towardZero
        self.awayFromZero = awayFromZero
        self.probabilityAway = probabilityAway
    }

    init(exact v: Double) { self.init(towardZero: v, awayFromZero: v, probabilityAway: 0) }

    /// Whether the input is exact (no rounding happens, no random bits are drawn).
    public var isExact: Bool {
        towardZero.bitPattern == awayFromZero.bitPattern || (towardZero.isNaN && awayFromZero.isNaN)
    }
}

/// Misuse of the MPFR reference.
public enum MPFRReferenceError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A stochastic mode was passed where a deterministic one is needed.
    case stochasticMode(String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .stochasticMode(let m):
            return "rounding mode '\(m)' is stochastic: use MPFRReference.stochastic(...) for its probabilities"
        }
    }
}

/// How a value that falls between two representable numbers is rounded.
///
/// Deterministic modes follow IEEE 754 (plus round-to-odd). The stochastic modes
/// read random bits from a generator passed to the kernel, so a seed reproduces a
/// run.
public enum RoundingMode: Hashable, Sendable, CustomStringConvertible {
    /// Round to nearest, ties to even (IEEE default).
    case nearestEven
    /// Round to nearest, ties away from zero.
    case nearestAway
    /// Round toward zero (truncate).
    case towardZero
    /// Round toward +∞.
    case towardPositive
    /// Round toward −∞.
    case towardNegative
    /// Round to odd: truncate, and set the last kept bit when inexact. Exact values
    /// are left alone. Overflow gives ±max.
    case toOdd
    /// Stochastic rounding, proportional: round away from zero with probability
    /// equal to the discarded fraction of an ulp. `randomBits` is the number of
    /// random bits compared with the discarded part (`nil`: all discarded bits, i.e.
    /// the exact probability; otherwise 1...63). With `r` bits, the discarded part is truncated to its
    /// top `r` bits first, so the probability of rounding up is ⌊f·2ʳ⌋/2ʳ for a
    /// discarded fraction f.
    case stochastic(randomBits: Int? = nil)
    /// Stochastic rounding with equal probabilities: an inexact value rounds to
    /// either neighbour with probability ½.
    case stochasticEqual

    /// Whether the mode consumes random bits.
    @inlinable public var isStochastic: Bool {
        switch self {
        case .stochastic, .stochasticEqual: return true
        default: return false
        }
    }

    /// The deterministic modes, in a fixed order.
    public static let deterministic: [RoundingMode] = [
        .nearestEven, .nearestAway, .towardZero, .towardPositive, .towardNegative, .toOdd,
    ]
    /// Every mode with default parameters.
    public static let all: [RoundingMode] = deterministic + [.stochastic(), .stochasticEqual]

    /// The mode's name as used by the CLI (`nearest-even`, `stochastic`, …;
    /// `stochastic:<bits>` for proportional stochastic rounding with a chosen number of
    /// random bits).
    public var name: String {
        switch self {
        case .nearestEven: return "nearest-even"
        case .nearestAway: return "nearest-away"
        case .towardZero: return "toward-zero"
        case .towardPositive: return "toward-positive"
        case .towardNegative: return "toward-negative"
        case .toOdd: return "to-odd"
        case .stochastic(let bits):
            if let bits { return "stochastic:\(bits)" }
            return "stochastic"
        case .stochasticEqual: return "stochastic-equal"
        }
    }

    /// The mode's name as init(named:) reads it (`nearest-even`, `stochastic:8`, …).
    public var description: String { name }

    /// Parses a mode name: `nearest-even`, `nearest-away`, `toward-zero`,
    /// `toward-positive`, `toward-negative`, `to-odd`, `stochastic`,
    /// `stochastic:<bits>` (1...63 random bits), `stochastic-equal`; also the short
    /// forms `rn`/`rne`, `rna`/`ra`, `rz`, `ru`, `rd`, `ro`, `sr`, `sr:<bits>`, `sre`.
    /// - Throws: ``RoundingModeError`` naming the bad value.
    public init(named rawName: String) throws {
        let s = rawName.lowercased()
        switch s {
        case "nearest-even", "rn", "rne", "nearest": self = .nearestEven
        case "nearest-away", "rna", "ra": self = .nearestAway
        case "toward-zero", "rz": self = .towardZero
        case "toward-positive", "ru": self = .towardPositive
        case "toward-negative", "rd": self = .towardNegative
        case "to-odd", "ro": self = .toOdd
        case "stochastic", "sr": self = .stochastic()
        case "stochastic-equal", "sre": self = .stochasticEqual
        default:
            for prefix in ["stochastic:", "sr:"] where s.hasPrefix(prefix) {
                let rest = s.dropFirst(prefix.count)
                guard let bits = Int(rest), (1...63).contains(bits) else {
                    throw RoundingModeError.invalidRandomBits(String(rest))
                }
                self = .stochastic(randomBits: bits)
                return
            }
            throw RoundingModeError.unknownName(rawName)
        }
    }
}

/// An unknown rounding-mode name or a bad parameter.
public enum RoundingModeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A mode name that ``RoundingMode/init(named:)`` does not know (the payload is the name).
    case unknownName(String)
    /// A `stochastic:<bits>` whose bit count is not an integer in 1...63.
    case invalidRandomBits(String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .unknownName(let n):
            return "unknown rounding mode '\(n)' (expected nearest-even, nearest-away, toward-zero, toward-positive, toward-negative, to-odd, stochastic, stochastic:<bits>, stochastic-equal)"
        case .invalidRandomBits(let b):
            return "invalid number of random bits '\(b)' (expected 1...63)"
        }
    }
}

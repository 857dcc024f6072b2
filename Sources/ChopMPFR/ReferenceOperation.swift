/// The arithmetic operations the MPFR reference (and `chop verify --ops`) checks.
///
/// Every operation takes operands that are `Double`s (values of the format being
/// emulated, for the verifier) and is rounded once, from its exact result, into the
/// format.
public enum ReferenceOperation: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// a + b
    case add
    /// a − b
    case subtract
    /// a × b
    case multiply
    /// a ÷ b
    case divide
    /// √a
    case squareRoot
    /// a × b + c with a single rounding
    case fusedMultiplyAdd

    /// The number of operands (1 for √, 3 for FMA, 2 otherwise).
    public var arity: Int {
        switch self {
        case .squareRoot: return 1
        case .fusedMultiplyAdd: return 3
        default: return 2
        }
    }

    /// The short name used by the CLI: `add`, `sub`, `mul`, `div`, `sqrt`, `fma`.
    public var shortName: String {
        switch self {
        case .add: return "add"
        case .subtract: return "sub"
        case .multiply: return "mul"
        case .divide: return "div"
        case .squareRoot: return "sqrt"
        case .fusedMultiplyAdd: return "fma"
        }
    }

    /// The operation's short name (`add`, …, `fma`).
    public var description: String { shortName }

    /// Parses a short name (`add`, `sub`, `mul`, `div`, `sqrt`, `fma`) or a case name.
    /// Returns nil for anything else.
    public init?(shortName: String) {
        let s = shortName.lowercased()
        guard let op = Self.allCases.first(where: { $0.shortName == s || $0.rawValue.lowercased() == s }) else {
            return nil
        }
        self = op
    }
}

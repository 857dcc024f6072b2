/// A scaling-law formula as data: an expression tree over named fitted
/// parameters (e.g. `alpha`) and named data variables (e.g. `N`).
///
/// Build one from text with ``LawExpression/init(parsing:parameters:variables:)``
/// (`"E + A/N^alpha + B/D^beta"`) or with the Swift operators below.
/// Evaluation never traps: a non-positive base raised to a non-integer power,
/// `log` of a negative number or division by zero give NaN or ±infinity, which
/// the fitter treats as an infinitely bad point.
public indirect enum LawExpression: Sendable, Equatable, CustomStringConvertible {
    /// A number.
    case constant(Double)
    /// A fitted parameter, by name.
    case parameter(String)
    /// A data variable, by name.
    case variable(String)
    /// a + b.
    case sum(LawExpression, LawExpression)
    /// a − b.
    case difference(LawExpression, LawExpression)
    /// a × b.
    case product(LawExpression, LawExpression)
    /// a ÷ b (±∞ or NaN for b = 0).
    case quotient(LawExpression, LawExpression)
    /// aᵇ (NaN for a negative base and a non-integer exponent).
    case power(LawExpression, LawExpression)
    /// −a.
    case negation(LawExpression)
    /// Natural exponential.
    case exp(LawExpression)
    /// Natural logarithm.
    case log(LawExpression)
    /// Base-2 logarithm.
    case log2(LawExpression)

    /// The expression `a + b`.
    public static func + (a: LawExpression, b: LawExpression) -> LawExpression { .sum(a, b) }
    /// The expression `a − b`.
    public static func - (a: LawExpression, b: LawExpression) -> LawExpression { .difference(a, b) }
    /// The expression `a × b`.
    public static func * (a: LawExpression, b: LawExpression) -> LawExpression { .product(a, b) }
    /// The expression `a ÷ b`.
    public static func / (a: LawExpression, b: LawExpression) -> LawExpression { .quotient(a, b) }
    /// The expression `−a`.
    public static prefix func - (a: LawExpression) -> LawExpression { .negation(a) }

    /// The formula as text that ``init(parsing:parameters:variables:)`` reads back.
    public var description: String {
        switch self {
        case .constant(let c): return c < 0 ? "(\(c))" : "\(c)"
        case .parameter(let n), .variable(let n): return n
        case .sum(let a, let b): return "(\(a) + \(b))"
        case .difference(let a, let b): return "(\(a) - \(b))"
        case .product(let a, let b): return "(\(a) * \(b))"
        case .quotient(let a, let b): return "(\(a) / \(b))"
        case .power(let a, let b): return "(\(a) ^ \(b))"
        case .negation(let a): return "(-\(a))"
        case .exp(let a): return "exp(\(a))"
        case .log(let a): return "log(\(a))"
        case .log2(let a): return "log2(\(a))"
        }
    }

    /// Names of the parameters the formula uses, in first-use order.
    public var parameterNames: [String] { names(parameters: true) }
    /// Names of the data variables the formula uses, in first-use order.
    public var variableNames: [String] { names(parameters: false) }

    private func names(parameters: Bool) -> [String] {
        var out: [String] = []
        func walk(_ e: LawExpression) {
            switch e {
            case .constant: break
            case .parameter(let n): if parameters && !out.contains(n) { out.append(n) }
            case .variable(let n): if !parameters && !out.contains(n) { out.append(n) }
            case .sum(let a, let b), .difference(let a, let b), .product(let a, let b),
                 .quotient(let a, let b), .power(let a, let b):
                walk(a); walk(b)
            case .negation(let a), .exp(let a), .log(let a), .log2(let a): walk(a)
            }
        }
        walk(self)
        return out
    }
}

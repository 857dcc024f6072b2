/// A fitted constant of a scaling law: its symbol, bounds and the starting
/// values of the multi-start grid.
public struct LawParameter: Sendable, Equatable {
    /// The symbol used in the formula and in JSON output (e.g. `alpha`).
    public var name: String
    /// Inclusive bounds for the fit. For a ``logScale`` parameter both must be > 0.
    public var lower: Double
    /// The upper bound (inclusive).
    public var upper: Double
    /// Fit `log(value)` instead of `value` (the papers' practice for positive
    /// prefactors such as A, B, E); bounds apply to the value.
    public var logScale: Bool
    /// Starting values for the multi-start grid (clamped to the bounds).
    public var grid: [Double]

    /// A parameter `name` fitted in `lower...upper`, from the starting values `grid`.
    public init(_ name: String, lower: Double, upper: Double, logScale: Bool = false, grid: [Double]) {
        self.name = name
        self.lower = lower
        self.upper = upper
        self.logScale = logScale
        self.grid = grid
    }
}

/// A data column a law depends on, with the values it accepts.
public struct LawVariable: Sendable, Equatable {
    /// The values a variable accepts.
    public enum Domain: Sendable, Equatable {
        /// Strictly positive (sizes, token counts, block sizes).
        case positive
        /// Zero or positive (e.g. mantissa bits).
        case nonNegative
        /// Strictly greater than one (e.g. a group size inside `log2`).
        case greaterThanOne

        /// Whether `x` lies in the domain (NaN and infinities never do).
        public func accepts(_ x: Double) -> Bool {
            switch self {
            case .positive: return x > 0 && x.isFinite
            case .nonNegative: return x >= 0 && x.isFinite
            case .greaterThanOne: return x > 1 && x.isFinite
            }
        }

        /// The requirement in words, e.g. "greater than 1".
        public var phrase: String {
            switch self {
            case .positive: return "positive"
            case .nonNegative: return "non-negative"
            case .greaterThanOne: return "greater than 1"
            }
        }
    }

    /// The CSV column / formula name (e.g. `N`).
    public var name: String
    /// The values the variable accepts.
    public var domain: Domain
    /// What the column means (for help text).
    public var meaning: String

    /// A variable `name` with its domain and meaning.
    public init(_ name: String, _ domain: Domain = .positive, meaning: String = "") {
        self.name = name
        self.domain = domain
        self.meaning = meaning
    }
}

/// A set of constants reported for a law in a paper.
public struct PublishedConstants: Sendable, Equatable {
    /// Short key, e.g. `sun2025` or `besiroglu2024`.
    public var key: String
    /// Where the numbers come from.
    public var source: String
    /// The constants, keyed by the law's parameter names.
    public var values: [String: Double]

    /// Constants `values` published under `key`, from `source`.
    public init(key: String, source: String, values: [String: Double]) {
        self.key = key
        self.source = source
        self.values = values
    }
}

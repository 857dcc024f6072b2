import Chop

/// How a sum of n terms is evaluated in the emulated format.
public enum SummationMethod: String, CaseIterable, Sendable {
    /// s ← fl(s + xᵢ), left to right.
    case recursive
    /// Pairwise (cascade) summation: the two halves are summed recursively and added.
    case pairwise
    /// Kahan's compensated summation, every operation in the emulated format.
    case kahan

    /// Parses `recursive`, `pairwise`, `kahan` (also `compensated`).
    public init(named name: String) throws {
        let s = name.lowercased()
        if s == "compensated" { self = .kahan; return }
        guard let m = SummationMethod(rawValue: s) else {
            throw StudyError.invalidParameter("summation method", name)
        }
        self = m
    }

    /// The sum of `terms`, every addition rounded to `format` under `mode`.
    ///
    /// An empty slice sums to 0. Overflow follows the format (∞, NaN or saturation).
    public func sum<G: RandomNumberGenerator>(
        _ terms: ArraySlice<Double>, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Double {
        switch self {
        case .recursive:
            var s = 0.0
            for x in terms { s = RoundedArithmetic.add(s, x, format: format, mode: mode, using: &g) }
            return s
        case .pairwise:
            if terms.isEmpty { return 0 }
            if terms.count == 1 { return terms.first! }
            let mid = terms.startIndex + terms.count / 2
            let a = sum(terms[..<mid], format: format, mode: mode, using: &g)
            let b = sum(terms[mid...], format: format, mode: mode, using: &g)
            return RoundedArithmetic.add(a, b, format: format, mode: mode, using: &g)
        case .kahan:
            var s = 0.0, c = 0.0
            for x in terms {
                let y = RoundedArithmetic.subtract(x, c, format: format, mode: mode, using: &g)
                let t = RoundedArithmetic.add(s, y, format: format, mode: mode, using: &g)
                let d = RoundedArithmetic.subtract(t, s, format: format, mode: mode, using: &g)
                c = RoundedArithmetic.subtract(d, y, format: format, mode: mode, using: &g)
                s = t
            }
            return s
        }
    }
}

/// Summation error as n grows: the classic demonstration that recursive summation
/// under round-to-nearest stagnates (the sum stops growing once the terms fall below
/// half an ulp of it) while stochastic rounding keeps an error that grows like √n·u.
///
/// The terms are drawn in binary64 and rounded to the format first; the reference is
/// the exact sum of those rounded terms (``ExactSum``), never an emulated run.
public struct SummationStudy: Sendable {
    /// The formats the terms are rounded to and summed in.
    public var formats: [FloatFormat]
    /// The rounding modes of every addition.
    public var modes: [RoundingMode]
    /// The distributions the terms are drawn from.
    public var distributions: [TermDistribution]
    /// The summation methods compared.
    public var methods: [SummationMethod]
    /// The term counts n; each is summed from the first term.
    public var sizes: [Int]
    /// The seed of the terms and of the stochastic modes.
    public var seed: UInt64

    /// Largest accepted n.
    public static let maxSize = 100_000_000

    /// A study of every format × mode × distribution × method × size.
    /// - Throws: ``StudyError/invalidSize(_:_:)`` for a size outside `1...maxSize`.
    public init(
        formats: [FloatFormat], modes: [RoundingMode], distributions: [TermDistribution] = [.uniform],
        methods: [SummationMethod] = [.recursive], sizes: [Int] = [10, 100, 1000, 10_000, 100_000],
        seed: UInt64 = 1
    ) throws {
        for n in sizes where n < 1 || n > Self.maxSize { throw StudyError.invalidSize("number of terms", n) }
        self.formats = formats
        self.modes = modes
        self.distributions = distributions
        self.methods = methods
        self.sizes = sizes
        self.seed = seed
    }

    /// The columns of the table.
    public static let columns = [
        "format", "mode", "terms", "method", "n", "computed", "exact", "rel_error", "unit_roundoff",
    ]

    /// Runs the study; `progress` receives the fraction done (0...1).
    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: Self.columns)
        let maxN = sizes.max() ?? 0
        let total = Double(formats.count * modes.count * distributions.count * methods.count)
            * Double(sizes.reduce(0, +))
        var done = 0.0
        for format in formats {
            for distribution in distributions {
                let terms = distribution.terms(count: maxN, format: format, seed: seed)
                // Exact prefix sums at each size.
                var exact = [Int: Double]()
                var acc = ExactSum()
                var next = 0
                for n in sizes.sorted() {
                    while next < n { acc.add(terms[next]); next += 1 }
                    exact[n] = acc.value
                }
                for mode in modes {
                    for method in methods {
                        for n in sizes {
                            // A fresh stream per run: a row does not depend on the other sizes.
                            var g = Xoshiro256StarStar(seed: seed, stream: 1)
                            let s = method.sum(terms[0..<n], format: format, mode: mode, using: &g)
                            let e = exact[n]!
                            table.append([
                                .text(format.name), .text(mode.name), .text(distribution.rawValue),
                                .text(method.rawValue), .integer(n), .real(s), .real(e),
                                .real(relativeError(s, e)), .real(format.unitRoundoff),
                            ])
                            done += Double(n)
                            progress(done / total)
                        }
                    }
                }
            }
        }
        return table
    }
}

/// |computed − exact| / |exact| (|computed − exact| when exact is 0; NaN if either is
/// NaN, ∞ if computed overflowed).
@inlinable
public func relativeError(_ computed: Double, _ exact: Double) -> Double {
    if computed.isNaN || exact.isNaN { return .nan }
    if computed == exact { return 0 }
    let d = (computed - exact).magnitude
    return exact == 0 ? d : d / exact.magnitude
}

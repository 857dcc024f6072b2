/// A rounding mode at the type level, for ``Emulated`` and ``FixedPoint``.
///
/// The mode of a typed float is part of its type, so an operation reads no global,
/// thread-local or task-local state to decide how to round, and the compiler
/// specialises each operation for its mode. The built-in modes live in ``Rounding``:
///
/// ```swift
/// typealias StochasticBF16 = Emulated<BFloat16Spec, Rounding.Stochastic>
/// let x = BFloat16.Rounded<Rounding.TowardZero>(1) / 3       // 0.33203125
/// ```
///
/// Declare your own (for example stochastic rounding with 8 random bits is
/// `Rounding.StochasticBits<8>` already) with one line:
/// `enum MyMode: RoundingModeSpec { static var mode: RoundingMode { .toOdd } }`.
public protocol RoundingModeSpec: Sendable {
    /// The mode every operation of the type rounds with.
    static var mode: RoundingMode { get }
}

/// The rounding modes as types (see ``RoundingModeSpec``).
public enum Rounding {
    /// Round to nearest, ties to even (IEEE 754's default).
    public enum NearestEven: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .nearestEven } }
    /// Round to nearest, ties away from zero.
    public enum NearestAway: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .nearestAway } }
    /// Round toward zero (truncate).
    public enum TowardZero: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .towardZero } }
    /// Round toward +∞.
    public enum TowardPositive: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .towardPositive } }
    /// Round toward −∞.
    public enum TowardNegative: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .towardNegative } }
    /// Round to odd.
    public enum ToOdd: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .toOdd } }
    /// Stochastic rounding with the exact probability (the discarded fraction); random
    /// bits come from ``StochasticRounding``'s current stream.
    public enum Stochastic: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .stochastic() } }
    /// Stochastic rounding comparing `bits` random bits (1...63) with the discarded
    /// part: probability ⌊f·2ᵇⁱᵗˢ⌋/2ᵇⁱᵗˢ.
    public enum StochasticBits<let bits: Int>: RoundingModeSpec {
        @inlinable public static var mode: RoundingMode { .stochastic(randomBits: bits) }
    }
    /// Stochastic rounding with probability ½ either way for inexact values.
    public enum StochasticEqual: RoundingModeSpec { @inlinable public static var mode: RoundingMode { .stochasticEqual } }
}

/// Code to run with a rounding mode chosen at run time as a type: implement
/// ``visit(_:)`` generically and call ``RoundingMode/withSpec(_:)``.
///
/// ```swift
/// struct Quotient: RoundingModeVisitor {
///     func visit<M: RoundingModeSpec>(_: M.Type) -> Double { (BFloat16.Rounded<M>(1) / 3).doubleValue }
/// }
/// let values = RoundingMode.all.map { $0.withSpec(Quotient()) }
/// ```
public protocol RoundingModeVisitor {
    /// What ``visit(_:)`` returns.
    associatedtype Result
    /// The work, for the mode `M`.
    func visit<M: RoundingModeSpec>(_ mode: M.Type) -> Result
}

extension RoundingMode {
    /// Calls `visitor.visit(M.self)` with the ``RoundingModeSpec`` type of this mode.
    /// Stochastic bit counts outside 1...63 use the exact probability, as the kernel
    /// does for 64 or more bits (counts below 1 count as 1).
    public func withSpec<V: RoundingModeVisitor>(_ visitor: V) -> V.Result {
        switch self {
        case .nearestEven: return visitor.visit(Rounding.NearestEven.self)
        case .nearestAway: return visitor.visit(Rounding.NearestAway.self)
        case .towardZero: return visitor.visit(Rounding.TowardZero.self)
        case .towardPositive: return visitor.visit(Rounding.TowardPositive.self)
        case .towardNegative: return visitor.visit(Rounding.TowardNegative.self)
        case .toOdd: return visitor.visit(Rounding.ToOdd.self)
        case .stochasticEqual: return visitor.visit(Rounding.StochasticEqual.self)
        case .stochastic(nil): return visitor.visit(Rounding.Stochastic.self)
        case .stochastic(let bits?):
            switch max(bits, 1) {
        case 1: return visitor.visit(Rounding.StochasticBits<1>.self)
        case 2: return visitor.visit(Rounding.StochasticBits<2>.self)
        case 3: return visitor.visit(Rounding.StochasticBits<3>.self)
        case 4: return visitor.visit(Rounding.StochasticBits<4>.self)
        case 5: return visitor.visit(Rounding.StochasticBits<5>.self)
        case 6: return visitor.visit(Rounding.StochasticBits<6>.self)
        case 7: return visitor.visit(Rounding.StochasticBits<7>.self)
        case 8: return visitor.visit(Rounding.StochasticBits<8>.self)
        case 9: return visitor.visit(Rounding.StochasticBits<9>.self)
        case 10: return visitor.visit(Rounding.StochasticBits<10>.self)
        case 11: return visitor.visit(Rounding.StochasticBits<11>.self)
        case 12: return visitor.visit(Rounding.StochasticBits<12>.self)
        case 13: return visitor.visit(Rounding.StochasticBits<13>.self)
        case 14: return visitor.visit(Rounding.StochasticBits<14>.self)
        case 15: return visitor.visit(Rounding.StochasticBits<15>.self)
        case 16: return visitor.visit(Rounding.StochasticBits<16>.self)
        case 17: return visitor.visit(Rounding.StochasticBits<17>.self)
        case 18: return visitor.visit(Rounding.StochasticBits<18>.self)
        case 19: return visitor.visit(Rounding.StochasticBits<19>.self)
        case 20: return visitor.visit(Rounding.StochasticBits<20>.self)
        case 21: return visitor.visit(Rounding.StochasticBits<21>.self)
        case 22: return visitor.visit(Rounding.StochasticBits<22>.self)
        case 23: return visitor.visit(Rounding.StochasticBits<23>.self)
        case 24: return visitor.visit(Rounding.StochasticBits<24>.self)
        case 25: return visitor.visit(Rounding.StochasticBits<25>.self)
        case 26: return visitor.visit(Rounding.StochasticBits<26>.self)
        case 27: return visitor.visit(Rounding.StochasticBits<27>.self)
        case 28: return visitor.visit(Rounding.StochasticBits<28>.self)
        case 29: return visitor.visit(Rounding.StochasticBits<29>.self)
        case 30: return visitor.visit(Rounding.StochasticBits<30>.self)
        case 31: return visitor.visit(Rounding.StochasticBits<31>.self)
        case 32: return visitor.visit(Rounding.StochasticBits<32>.self)
        case 33: return visitor.visit(Rounding.StochasticBits<33>.self)
        case 34: return visitor.visit(Rounding.StochasticBits<34>.self)
        case 35: return visitor.visit(Rounding.StochasticBits<35>.self)
        case 36: return visitor.visit(Rounding.StochasticBits<36>.self)
        case 37: return visitor.visit(Rounding.StochasticBits<37>.self)
        case 38: return visitor.visit(Rounding.StochasticBits<38>.self)
        case 39: return visitor.visit(Rounding.StochasticBits<39>.self)
        case 40: return visitor.visit(Rounding.StochasticBits<40>.self)
        case 41: return visitor.visit(Rounding.StochasticBits<41>.self)
        case 42: return visitor.visit(Rounding.StochasticBits<42>.self)
        case 43: return visitor.visit(Rounding.StochasticBits<43>.self)
        case 44: return visitor.visit(Rounding.StochasticBits<44>.self)
        case 45: return visitor.visit(Rounding.StochasticBits<45>.self)
        case 46: return visitor.visit(Rounding.StochasticBits<46>.self)
        case 47: return visitor.visit(Rounding.StochasticBits<47>.self)
        case 48: return visitor.visit(Rounding.StochasticBits<48>.self)
        case 49: return visitor.visit(Rounding.StochasticBits<49>.self)
        case 50: return visitor.visit(Rounding.StochasticBits<50>.self)
        case 51: return visitor.visit(Rounding.StochasticBits<51>.self)
        case 52: return visitor.visit(Rounding.StochasticBits<52>.self)
        case 53: return visitor.visit(Rounding.StochasticBits<53>.self)
        case 54: return visitor.visit(Rounding.StochasticBits<54>.self)
        case 55: return visitor.visit(Rounding.StochasticBits<55>.self)
        case 56: return visitor.visit(Rounding.StochasticBits<56>.self)
        case 57: return visitor.visit(Rounding.StochasticBits<57>.self)
        case 58: return visitor.visit(Rounding.StochasticBits<58>.self)
        case 59: return visitor.visit(Rounding.StochasticBits<59>.self)
        case 60: return visitor.visit(Rounding.StochasticBits<60>.self)
        case 61: return visitor.visit(Rounding.StochasticBits<61>.self)
        case 62: return visitor.visit(Rounding.StochasticBits<62>.self)
        case 63: return visitor.visit(Rounding.StochasticBits<63>.self)
            default: return visitor.visit(Rounding.Stochastic.self)
            }
        }
    }
}

import Chop

/// The arithmetic a climate model runs in: every operation the models perform goes
/// through one of these methods, so each result is rounded once to the working
/// precision.
///
/// The models are written once, generically over this protocol. Two conformances:
/// - ``NativeArithmetic``: the operators of any `BinaryFloatingPoint` type (`Double`,
///   `Float`, or an emulated typed float of the library), rounded by that type;
/// - ``KernelArithmetic``: values held in `Double`, every operation computed exactly
///   (TwoSum, FMA-based products, exact remainders) and rounded once by the library's
///   rounding kernel `Chop.round(_:tail:to:mode:using:)` to any ``FloatFormat`` under
///   any ``RoundingMode`` (stochastic rounding draws from this arithmetic's own
///   seeded generator, so a run is reproducible and independent of threads).
///
/// Constants and initial conditions enter through ``constant(_:)`` (rounded once).
public protocol ModelArithmetic {
    associatedtype Scalar
    /// A binary64 constant or initial value converted (rounded once) to the working precision.
    mutating func constant(_ x: Double) -> Scalar
    /// The value as a binary64 number (exact: every working value is a binary64 value).
    func value(_ x: Scalar) -> Double
    mutating func add(_ a: Scalar, _ b: Scalar) -> Scalar
    mutating func subtract(_ a: Scalar, _ b: Scalar) -> Scalar
    mutating func multiply(_ a: Scalar, _ b: Scalar) -> Scalar
    mutating func divide(_ a: Scalar, _ b: Scalar) -> Scalar
    /// |a| (exact in every format).
    func magnitude(_ a: Scalar) -> Scalar
}

/// Arithmetic with the operators of a floating-point type (binary64 `Double`, `Float`,
/// or a typed emulated float): each operation is rounded by the type itself.
public struct NativeArithmetic<T: BinaryFloatingPoint>: ModelArithmetic {
    public init() {}
    @inlinable public func constant(_ x: Double) -> T { T(x) }
    @inlinable public func value(_ x: T) -> Double { Double(x) }
    @inlinable public func add(_ a: T, _ b: T) -> T { a + b }
    @inlinable public func subtract(_ a: T, _ b: T) -> T { a - b }
    @inlinable public func multiply(_ a: T, _ b: T) -> T { a * b }
    @inlinable public func divide(_ a: T, _ b: T) -> T { a / b }
    @inlinable public func magnitude(_ a: T) -> T { a.magnitude }
}

/// Arithmetic in any library format and rounding mode, through the rounding kernel.
///
/// Each operation is `RoundedArithmetic.add/subtract/multiply/divide` of the core:
/// the exact result as an unevaluated sum `r + tail` (TwoSum for ±, an FMA for ×, the
/// exact remainder for ÷) rounded once by `Chop.round(_:tail:to:mode:using:)`, so
/// there is no double rounding. This is the same arithmetic as the typed
/// `Emulated<ScopedFormat>` inside `EmulationScope.with(format:mode:seed:stream:)`,
/// with the generator held here instead of in thread-local state.
/// Operands must be values of the format (they are, when they come from this
/// arithmetic); formats up to binary64 precision are supported.
///
/// - Edge cases: NaN propagates; overflow follows the format's policy (±∞ for IEEE
///   formats, NaN or saturation for FP8 formats without infinities); ±0 keep their
///   sign; subnormals follow the format. Division by zero gives ±∞/NaN as in IEEE
///   754 and then the format's handling of those values.
public struct KernelArithmetic: ModelArithmetic {
    public let format: FloatFormat
    public let mode: RoundingMode
    public var generator: Xoshiro256StarStar

    /// - Parameters:
    ///   - format: the working format;
    ///   - mode: the rounding mode of every operation;
    ///   - seed, stream: the random stream for stochastic modes.
    public init(format: FloatFormat, mode: RoundingMode, seed: UInt64, stream: UInt64) {
        self.format = format
        self.mode = mode
        self.generator = Xoshiro256StarStar(seed: seed, stream: stream)
    }

    @inlinable public mutating func constant(_ x: Double) -> Double {
        Chop.round(x, to: format, mode: mode, using: &generator)
    }
    @inlinable public func value(_ x: Double) -> Double { x }

    @inlinable public mutating func add(_ a: Double, _ b: Double) -> Double {
        RoundedArithmetic.add(a, b, format: format, mode: mode, using: &generator)
    }

    @inlinable public mutating func subtract(_ a: Double, _ b: Double) -> Double {
        RoundedArithmetic.subtract(a, b, format: format, mode: mode, using: &generator)
    }

    @inlinable public mutating func multiply(_ a: Double, _ b: Double) -> Double {
        RoundedArithmetic.multiply(a, b, format: format, mode: mode, using: &generator)
    }

    @inlinable public mutating func divide(_ a: Double, _ b: Double) -> Double {
        RoundedArithmetic.divide(a, b, format: format, mode: mode, using: &generator)
    }

    @inlinable public func magnitude(_ a: Double) -> Double { a.magnitude }
}

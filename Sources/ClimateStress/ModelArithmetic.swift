import Chop

/// The arithmetic a climate model runs in: every operation the models perform goes
/// through one of these methods, so each result is rounded once to the working
/// precision.
///
/// The models are written once, generically over this protocol. Two conformances:
/// - ``NativeArithmetic``: the operators of any `BinaryFloatingPoint` type (`Double`,
///   `Float`, or an emulated typed float of the library), rounded by that type;
/// - `RoundingContext` (the core's run-time rounding state, extended here): values held
///   in `Double`, every operation computed exactly and rounded once by the library's
///   kernel to the context's format in its mode (stochastic rounding draws from the
///   context's own seeded generator, so a run is reproducible and independent of threads).
///
/// Constants and initial conditions enter through ``constant(_:)`` (rounded once).
public protocol ModelArithmetic {
    /// The working-precision value type.
    associatedtype Scalar
    /// A binary64 constant or initial value converted (rounded once) to the working precision.
    mutating func constant(_ x: Double) -> Scalar
    /// The value as a binary64 number (exact: every working value is a binary64 value).
    func value(_ x: Scalar) -> Double
    /// a + b, rounded once.
    mutating func add(_ a: Scalar, _ b: Scalar) -> Scalar
    /// a − b, rounded once.
    mutating func subtract(_ a: Scalar, _ b: Scalar) -> Scalar
    /// a × b, rounded once.
    mutating func multiply(_ a: Scalar, _ b: Scalar) -> Scalar
    /// a ÷ b, rounded once (division by zero gives ±∞ or NaN, then the format's handling).
    mutating func divide(_ a: Scalar, _ b: Scalar) -> Scalar
    /// √a rounded once (√−0 = −0; a < 0 gives NaN).
    mutating func squareRoot(_ a: Scalar) -> Scalar
    /// |a| (exact in every format).
    func magnitude(_ a: Scalar) -> Scalar
}

/// Arithmetic with the operators of a floating-point type (binary64 `Double`, `Float`,
/// or a typed emulated float): each operation is rounded by the type itself.
public struct NativeArithmetic<T: BinaryFloatingPoint>: ModelArithmetic {
    /// The arithmetic of `T`.
    public init() {}
    @inlinable public func constant(_ x: Double) -> T { T(x) }
    @inlinable public func value(_ x: T) -> Double { Double(x) }
    /// a + b in `T`.
    @inlinable public func add(_ a: T, _ b: T) -> T { a + b }
    /// a − b in `T`.
    @inlinable public func subtract(_ a: T, _ b: T) -> T { a - b }
    /// a × b in `T`.
    @inlinable public func multiply(_ a: T, _ b: T) -> T { a * b }
    /// a ÷ b in `T`.
    @inlinable public func divide(_ a: T, _ b: T) -> T { a / b }
    @inlinable public func squareRoot(_ a: T) -> T { a.squareRoot() }
    @inlinable public func magnitude(_ a: T) -> T { a.magnitude }
}

/// A `RoundingContext` of the core is a model arithmetic in any library format and
/// rounding mode: `add`, `subtract`, `multiply`, `divide` and `squareRoot` are the
/// context's own (the exact result rounded once by the kernel, no double rounding);
/// constants are rounded once by `round(_:)`.
///
/// Operands must be values of the format (they are, when they come from this
/// arithmetic); formats up to binary64 precision are supported.
///
/// - Edge cases: NaN propagates; overflow follows the format's policy (±∞ for IEEE
///   formats, NaN or saturation for FP8 formats without infinities); ±0 keep their
///   sign; subnormals follow the format. Division by zero gives ±∞/NaN as in IEEE
///   754 and then the format's handling of those values.
extension RoundingContext: ModelArithmetic {
    /// Working values are binary64 values of the context's format.
    public typealias Scalar = Double
    @inlinable public mutating func constant(_ x: Double) -> Double { round(x) }
    @inlinable public func value(_ x: Double) -> Double { x }
    @inlinable public func magnitude(_ a: Double) -> Double { a.magnitude }
}

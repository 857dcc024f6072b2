/// A number type whose every value is exactly a `Double` and that is built from a
/// `Double` by rounding once: ``Emulated`` and ``FixedPoint`` types, `Double`,
/// `Float` and `Float16`. Converting between two such types through `doubleValue`
/// is therefore a single rounding.
public protocol DoubleConvertible: Numeric {
    /// The exact value.
    var doubleValue: Double { get }
    /// `value` rounded once to this type (in the type's current mode).
    init(_ value: Double)
    /// `self + a·b`, fused where the type supports it (rounded once).
    func addingProduct(_ a: Self, _ b: Self) -> Self
}

extension Emulated: DoubleConvertible {}
extension FixedPoint: DoubleConvertible {}
/// `Double` is its own exact `doubleValue`.
extension Double: DoubleConvertible {
    @inlinable public var doubleValue: Double { self }
}
/// A `Float`'s exact value as a `Double`.
extension Float: DoubleConvertible {
    @inlinable public var doubleValue: Double { Double(self) }
}
#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
/// A `Float16`'s exact value as a `Double`.
extension Float16: DoubleConvertible {
    @inlinable public var doubleValue: Double { Double(self) }
}
#endif

/// The common mixed-precision patterns, generic over ``DoubleConvertible`` types:
/// accumulate in a wider format, compute in one format and store in another.
///
/// ```swift
/// let x: [BFloat16] = …, y: [BFloat16] = …
/// let d = MixedPrecision.dot(x, y, accumulatingIn: Binary32.self)      // bf16 inputs, fp32 accumulator
/// let s = MixedPrecision.sum(x, accumulatingIn: BFloat16.self)         // pure bf16 recursive sum
/// let h: [Half] = MixedPrecision.map(x, computingIn: Binary32.self) { .exp($0) }
/// ```
public enum MixedPrecision {
    /// Converts one value to another type with a single rounding (exact through
    /// `Double`).
    @inlinable
    public static func convert<Source: DoubleConvertible, Target: DoubleConvertible>(
        _ x: Source, to _: Target.Type = Target.self
    ) -> Target {
        Target(x.doubleValue)
    }

    /// Converts every element (each rounded once).
    @inlinable
    public static func convert<Source: DoubleConvertible, Target: DoubleConvertible>(
        _ xs: some Sequence<Source>, to _: Target.Type = Target.self
    ) -> [Target] {
        xs.map { Target($0.doubleValue) }
    }

    /// The recursive sum x₁ + x₂ + …, each element converted to `Accumulator` and each
    /// addition rounded in `Accumulator` (left to right, starting from zero).
    @inlinable
    public static func sum<Element: DoubleConvertible, Accumulator: DoubleConvertible>(
        _ xs: some Sequence<Element>, accumulatingIn _: Accumulator.Type
    ) -> Accumulator {
        var s = Accumulator.zero
        for x in xs { s += Accumulator(x.doubleValue) }
        return s
    }

    /// The dot product Σ xᵢ·yᵢ with the inputs converted to `Accumulator` and the
    /// running sum kept there.
    ///
    /// - Parameters:
    ///   - x: the first vector.
    ///   - y: the second vector.
    ///   - accumulatingIn: the type that holds the products and the running sum.
    ///   - fused: true (the default) updates the sum with a fused
    ///     multiply–add, `s ← s + xᵢ·yᵢ` rounded once, as tensor-core style hardware does
    ///     when the accumulator is wide; false rounds the product first, then the sum.
    /// - Precondition: `x` and `y` have the same length (extra elements of the longer
    ///   one are ignored).
    @inlinable
    public static func dot<Element: DoubleConvertible, Accumulator: DoubleConvertible>(
        _ x: some Sequence<Element>, _ y: some Sequence<Element>,
        accumulatingIn _: Accumulator.Type, fused: Bool = true
    ) -> Accumulator {
        var s = Accumulator.zero
        for (a, b) in zip(x, y) {
            let u = Accumulator(a.doubleValue), v = Accumulator(b.doubleValue)
            s = fused ? s.addingProduct(u, v) : s + u * v
        }
        return s
    }

    /// Computes `f` in `Compute` on each element and stores the results as `Storage`:
    /// element → Compute (one rounding), f in Compute, → Storage (one rounding).
    @inlinable
    public static func map<Element: DoubleConvertible, Compute: DoubleConvertible, Storage: DoubleConvertible>(
        _ xs: some Sequence<Element>, computingIn _: Compute.Type, storingAs _: Storage.Type = Storage.self,
        _ f: (Compute) throws -> Compute
    ) rethrows -> [Storage] {
        try xs.map { Storage(try f(Compute($0.doubleValue)).doubleValue) }
    }
}

/// Vectors of typed floats: `SIMD4<BFloat16>`, `SIMD64<Float8E4M3FN>`, ….
///
/// A vector of `n` emulated values is stored as the vector of their `n` encodings
/// (``EmulatedSIMDStorage`` over `Spec.Storage`'s own SIMD storage), so
/// `SIMD16<Float8E4M3FN>` takes 16 bytes. Arithmetic is the standard library's
/// element-wise implementation for floating-point scalars: each lane is the typed
/// float's own operation on that lane, computed exactly and rounded once in the
/// type's mode — there is no vector fast path, and no lane is rounded twice.
/// Stochastic types draw their random bits lane by lane, in lane order, from the
/// current stream (``StochasticRounding``), so a seed reproduces a vector operation
/// exactly as it reproduces the same scalar operations done one after another.
///
/// Comparisons (`.<`, `.==`) give `SIMDMask`s with `Int64` lanes; NaN lanes compare
/// false, and +0 and −0 compare equal, as for the scalars.
extension Emulated: SIMDScalar where Spec.Storage: SIMDScalar {
    /// The lane type of comparison masks (`SIMDMask<SIMDn<Int64>>`).
    public typealias SIMDMaskScalar = Int64
    /// The storage of `SIMD2<Self>`: 2 encodings.
    public typealias SIMD2Storage = EmulatedSIMDStorage<Spec, Mode, Spec.Storage.SIMD2Storage>
    /// The storage of `SIMD4<Self>`: 4 encodings.
    public typealias SIMD4Storage = EmulatedSIMDStorage<Spec, Mode, Spec.Storage.SIMD4Storage>
    /// The storage of `SIMD8<Self>`: 8 encodings.
    public typealias SIMD8Storage = EmulatedSIMDStorage<Spec, Mode, Spec.Storage.SIMD8Storage>
    /// The storage of `SIMD16<Self>`: 16 encodings.
    public typealias SIMD16Storage = EmulatedSIMDStorage<Spec, Mode, Spec.Storage.SIMD16Storage>
    /// The storage of `SIMD32<Self>`: 32 encodings.
    public typealias SIMD32Storage = EmulatedSIMDStorage<Spec, Mode, Spec.Storage.SIMD32Storage>
    /// The storage of `SIMD64<Self>`: 64 encodings.
    public typealias SIMD64Storage = EmulatedSIMDStorage<Spec, Mode, Spec.Storage.SIMD64Storage>
}

/// The storage of a vector of ``Emulated`` values: the vector of their encodings.
@frozen
public struct EmulatedSIMDStorage<Spec: EmulatedFormatSpec, Mode: RoundingModeSpec, Lanes: SIMDStorage>: SIMDStorage,
    Sendable where Lanes.Scalar == Spec.Storage, Spec.Storage: SIMDScalar, Lanes: Sendable
{
    /// The encodings, one per lane.
    public var lanes: Lanes

    /// All lanes +0 (the all-zero encoding; for E8M0, which has no zero, 2⁻¹²⁷).
    @inlinable public init() { lanes = Lanes() }

    @inlinable public var scalarCount: Int { lanes.scalarCount }

    @inlinable public subscript(index: Int) -> Emulated<Spec, Mode> {
        get { Emulated(bitPattern: lanes[index]) }
        set { lanes[index] = newValue.bitPattern }
    }
}

/// The element type of a block format: a small floating-point format, or the
/// two's-complement integers of MXINT8.
///
/// Every element value is rounded by the one kernel onto ``grid``: for floating-point
/// elements that is the element format made saturating (the MX and NVFP4 recipes clamp
/// to ±max); for MXINT8 it is a custom format whose values are exactly the multiples
/// k·2⁻⁶ with |k| ≤ 127 (one exponent bit, six stored bits, bias 1: the subnormals are
/// k·2⁻⁶ below 1 and the single normal binade [1, 2) has the same quantum).
public enum BlockElement: Hashable, Sendable, CustomStringConvertible {
    /// A floating-point element format of at most 8 bits (E4M3FN, E5M2, E3M2, E2M3,
    /// E2M1, or a custom one).
    case float(FloatFormat)
    /// MXINT8: 8-bit two's complement with an implicit scale 2⁻⁶ (values −2…1.984375).
    /// Quantization clamps symmetrically to ±127·2⁻⁶, so the code −128 is never
    /// produced; it still decodes to −2.
    case int8

    /// The MXINT8 grid: the multiples of 2⁻⁶ of magnitude at most 127·2⁻⁶.
    public static let int8Grid: FloatFormat = try! FloatFormat(
        name: "mxint8-element", exponentBits: 1, significandBits: 6, bias: 1,
        specials: .finite, subnormals: true, overflow: .saturate)

    /// The format the kernel rounds element values onto (saturating).
    public var grid: FloatFormat {
        switch self {
        case .float(let f): return f.saturating()
        case .int8: return Self.int8Grid
        }
    }

    /// The largest element magnitude, `max_elem`.
    public var maxValue: Double { grid.maxFinite }

    /// `emax_elem`: the exponent of the largest power of two not above ``maxValue``
    /// (E2M1: 2, E4M3FN: 8, E5M2: 15, E3M2: 4, E2M3: 2, INT8: 0).
    public var emax: Int { Int(maxValue.exponent) }

    /// Bits per element encoding.
    public var bitWidth: Int {
        switch self {
        case .float(let f): return f.bitWidth
        case .int8: return 8
        }
    }

    /// Whether the element encoding has a NaN.
    public var hasNaN: Bool {
        switch self {
        case .float(let f): return f.hasNaN
        case .int8: return false
        }
    }

    /// The code of an element value (a value of ``grid``). NaN and ±∞ map to the
    /// element format's encodings where it has them and to 0 otherwise (a block holding
    /// them is marked by its NaN scale).
    ///
    /// A finite value that is not on the grid (too large, say `1e300`, or between two
    /// grid values) is first rounded onto the grid, to nearest with ties to even and
    /// saturating at ±``maxValue``, as the MX recipe clamps; this never traps.
    public func encode(_ value: Double) -> UInt8 {
        switch self {
        case .float(let f):
            if value.isNaN && !f.hasNaN { return 0 }
            if let code = try? f.encode(value) { return UInt8(truncatingIfNeeded: code) }
            guard value.isFinite else { return 0 }
            let onGrid = Chop.round(value, to: grid, mode: .nearestEven)
            return UInt8(truncatingIfNeeded: (try? f.encode(onGrid)) ?? 0)
        case .int8:
            if !value.isFinite { return 0 }
            // Codes −128…127 are k·2⁻⁶ (−128 decodes to −2, never produced by
            // quantization but a valid code).
            var k = value * 64
            if !(k >= -128 && k <= 127 && k == k.rounded(.towardZero)) {
                k = Chop.round(value, to: grid, mode: .nearestEven) * 64
            }
            return UInt8(bitPattern: Int8(k))
        }
    }

    /// The value of an element code (only the low ``bitWidth`` bits are read).
    public func decode(_ code: UInt8) -> Double {
        switch self {
        case .float(let f): return f.decode(UInt64(code))
        case .int8: return Double(Int8(bitPattern: code)) / 64
        }
    }

    /// The element's name (the float format's name, or `int8`).
    public var description: String {
        switch self {
        case .float(let f): return f.name
        case .int8: return "int8"
        }
    }
}

/// A block (microscaling) format, as plain data: element type, block size, scale
/// format, scale rule, and whether a second, per-tensor FP32 scale is used.
///
/// Values are stored as `scale × element`: each run of ``blockSize`` consecutive values
/// shares one scale encoded in ``scaleFormat``. Built-ins: the OCP MX v1.0 formats
/// (block 32, E8M0 scale, ``ScaleRule/ocp``) ``mxfp8E4M3``, ``mxfp8E5M2``,
/// ``mxfp6E3M2``, ``mxfp6E2M3``, ``mxfp4``, ``mxint8``, and ``nvfp4`` (E2M1 elements,
/// block 16, E4M3 block scale chosen by ``ScaleRule/ratio``, FP32 tensor scale).
/// Custom block sizes, scale formats (e.g. a UE5M3 scale) and rules are one
/// initializer away.
public struct BlockFormat: Hashable, Sendable, CustomStringConvertible {
    /// A short name (`mxfp4`, `nvfp4`, …).
    public var name: String
    /// The element type.
    public var element: BlockElement
    /// Values per block (≥ 1). The last block of a row may be shorter.
    public var blockSize: Int
    /// The format of the per-block scale (8 bits or fewer are stored per scale code;
    /// wider formats are allowed, codes are 64-bit).
    public var scaleFormat: FloatFormat
    /// How the scale is chosen from the block's largest magnitude.
    public var scaleRule: ScaleRule
    /// Whether a per-tensor FP32 encode scale `s = max_scale · max_elem / amax_tensor`
    /// is applied before the block scales are chosen (NVFP4's two-level scale).
    public var tensorScale: Bool

    /// Creates a block format, validating it.
    /// - Throws: ``QuantizationError/invalidParameter(_:)`` for a block size below 1, an
    ///   element wider than 8 bits, or a scale format that cannot hold positive scales.
    public init(
        name: String, element: BlockElement, blockSize: Int, scaleFormat: FloatFormat,
        scaleRule: ScaleRule, tensorScale: Bool = false
    ) throws {
        guard blockSize >= 1 else {
            throw QuantizationError.invalidParameter("block size must be at least 1, got \(blockSize)")
        }
        guard element.bitWidth <= 8 else {
            throw QuantizationError.invalidParameter("block elements must be at most 8 bits wide, \(element) has \(element.bitWidth)")
        }
        guard scaleFormat.bitWidth <= 64 else {
            throw QuantizationError.invalidParameter("scale format \(scaleFormat.name) is too wide")
        }
        self.name = name
        self.element = element
        self.blockSize = blockSize
        self.scaleFormat = scaleFormat
        self.scaleRule = scaleRule
        self.tensorScale = tensorScale
    }

    private static func builtIn(_ name: String, _ element: BlockElement, _ size: Int, _ scale: FloatFormat,
                                _ rule: ScaleRule, tensor: Bool = false) -> BlockFormat {
        try! BlockFormat(name: name, element: element, blockSize: size, scaleFormat: scale,
                         scaleRule: rule, tensorScale: tensor)
    }

    /// MXFP8 with E4M3FN elements: block 32, E8M0 scale, OCP rule.
    public static let mxfp8E4M3 = builtIn("mxfp8-e4m3", .float(.e4m3fn), 32, .e8m0fnu, .ocp)
    /// MXFP8 with E5M2 elements: block 32, E8M0 scale, OCP rule.
    public static let mxfp8E5M2 = builtIn("mxfp8-e5m2", .float(.e5m2), 32, .e8m0fnu, .ocp)
    /// MXFP6 with E3M2 elements: block 32, E8M0 scale, OCP rule.
    public static let mxfp6E3M2 = builtIn("mxfp6-e3m2", .float(.e3m2fn), 32, .e8m0fnu, .ocp)
    /// MXFP6 with E2M3 elements: block 32, E8M0 scale, OCP rule.
    public static let mxfp6E2M3 = builtIn("mxfp6-e2m3", .float(.e2m3fn), 32, .e8m0fnu, .ocp)
    /// MXFP4 (E2M1 elements): block 32, E8M0 scale, OCP rule.
    public static let mxfp4 = builtIn("mxfp4", .float(.e2m1fn), 32, .e8m0fnu, .ocp)
    /// MXINT8: two's-complement int8 × 2⁻⁶, block 32, E8M0 scale, OCP rule.
    public static let mxint8 = builtIn("mxint8", .int8, 32, .e8m0fnu, .ocp)
    /// NVFP4: E2M1 elements, block 16, E4M3FN block scale (``ScaleRule/ratio``), FP32
    /// tensor scale.
    public static let nvfp4 = builtIn("nvfp4", .float(.e2m1fn), 16, .e4m3fn, .ratio, tensor: true)

    /// Every built-in block format.
    public static let builtIns: [BlockFormat] = [
        mxfp8E4M3, mxfp8E5M2, mxfp6E3M2, mxfp6E2M3, mxfp4, mxint8, nvfp4,
    ]

    /// Looks a built-in up by name: `mxfp4`, `mxfp6-e3m2`, `mxfp6-e2m3`, `mxfp8-e4m3`,
    /// `mxfp8-e5m2`, `mxint8`, `nvfp4` (case-insensitive; `mxfp8` means E4M3, `mxfp6`
    /// E3M2).
    /// - Throws: ``QuantizationError/unknownScheme(_:)``.
    public init(named rawName: String) throws {
        let name = rawName.lowercased()
        let aliases = ["mxfp8": "mxfp8-e4m3", "mxfp6": "mxfp6-e3m2", "mxfp8-e4m3fn": "mxfp8-e4m3"]
        let canonical = aliases[name] ?? name
        guard let f = Self.builtIns.first(where: { $0.name == canonical }) else {
            throw QuantizationError.unknownScheme(rawName)
        }
        self = f
    }

    /// The same format with another scale rule (the name gains `+<rule>`).
    public func with(scaleRule rule: ScaleRule) -> BlockFormat {
        var f = self
        if rule != scaleRule { f.name += "+\(rule.rawValue)" }
        f.scaleRule = rule
        return f
    }

    /// The same format with another block size.
    /// - Throws: ``QuantizationError/invalidParameter(_:)`` for a size below 1.
    public func with(blockSize size: Int) throws -> BlockFormat {
        guard size >= 1 else {
            throw QuantizationError.invalidParameter("block size must be at least 1, got \(size)")
        }
        var f = self
        if size != blockSize { f.name += "-b\(size)" }
        f.blockSize = size
        return f
    }

    /// Bits of storage per element, counting the element, its share of the block scale
    /// and nothing for the tensor scale: `bits + scaleBits / blockSize`.
    public var bitsPerElement: Double {
        Double(element.bitWidth) + Double(scaleFormat.bitWidth) / Double(blockSize)
    }

    /// The block format's name.
    public var description: String { name }
}

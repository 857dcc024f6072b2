/// The stored form of a block-quantized vector or matrix: one scale code per block,
/// one element code per value, and the FP32 tensor scale where the format has one.
///
/// Values are in *block order*: block *b* covers ``blockRange(_:)``. For a vector or a
/// matrix quantized along rows that is the original order; ``MatrixBlockQuantization``
/// records how columns or tiles were gathered.
public struct BlockQuantized: Sendable {
    /// The block format.
    public let format: BlockFormat
    /// The number of values.
    public let count: Int
    /// Blocks restart every `segmentLength` values (a matrix row); the last block of a
    /// segment may be shorter than the block size.
    public let segmentLength: Int
    /// The per-tensor FP32 encode scale `s` (1 without a tensor scale): a value
    /// dequantizes to `element × blockScale / s`.
    public var tensorScale: Float
    /// One code of ``BlockFormat/scaleFormat`` per block.
    public var scaleCodes: [UInt64]
    /// One element code per value (in the low ``BlockElement/bitWidth`` bits).
    public var elementCodes: [UInt8]
    /// How many values had |x / scale| > max_elem and were clamped.
    public var clippedCount: Int

    /// Blocks per segment.
    public var blocksPerSegment: Int { (segmentLength + format.blockSize - 1) / format.blockSize }

    /// The number of blocks.
    public var blockCount: Int { count == 0 ? 0 : (count / segmentLength) * blocksPerSegment }

    /// The values covered by block `b`.
    @inlinable
    public func blockRange(_ b: Int) -> Range<Int> {
        let perSegment = blocksPerSegment
        let segment = b / perSegment
        let start = segment * segmentLength + (b - segment * perSegment) * format.blockSize
        return start..<Swift.min(start + format.blockSize, (segment + 1) * segmentLength)
    }

    /// The value of block `b`'s scale (NaN for a NaN block).
    public func scale(ofBlock b: Int) -> Double {
        format.scaleFormat.decode(scaleCodes[b])
    }

    /// The dequantized values, decoded from the stored codes: `element × scale`, divided
    /// by the tensor scale where there is one (one binary64 division; the product is
    /// exact). Every value of a block with a NaN scale is NaN.
    public func dequantized() -> [Double] {
        var out = [Double](repeating: 0, count: count)
        let s = Double(tensorScale)
        let twoLevel = format.tensorScale
        // Element code → value table (at most 256 entries).
        let table = (0..<(1 << format.element.bitWidth)).map { format.element.decode(UInt8($0)) }
        for b in 0..<blockCount {
            let scale = scale(ofBlock: b)
            for i in blockRange(b) {
                if scale.isNaN { out[i] = .nan; continue }
                let v = table[Int(elementCodes[i])] * scale
                out[i] = twoLevel ? v / s : v
            }
        }
        return out
    }

    /// The element codes packed into bytes as a little-endian bit stream: value *i*
    /// occupies bits `i·w ..< (i+1)·w` of the stream (w = element bit width), and stream
    /// bit *k* is bit `k mod 8` of byte `k / 8`. So FP4 holds two values per byte, value
    /// 2j in the low nibble and value 2j+1 in the high nibble (the `float4_e2m1fn_x2`
    /// convention); FP6 packs four values into three bytes; FP8 and INT8 one per byte.
    /// The last byte is zero-padded.
    public var packedElements: [UInt8] {
        PackedCodes.pack(elementCodes, bitWidth: format.element.bitWidth)
    }

    /// The scale codes, one byte each (scale formats of at most 8 bits; wider scale
    /// codes are written little-endian in `⌈bits/8⌉` bytes each).
    public var packedScales: [UInt8] {
        let bytesPerScale = (format.scaleFormat.bitWidth + 7) / 8
        var out: [UInt8] = []
        out.reserveCapacity(scaleCodes.count * bytesPerScale)
        for code in scaleCodes {
            for k in 0..<bytesPerScale { out.append(UInt8(truncatingIfNeeded: code >> UInt64(8 * k))) }
        }
        return out
    }

    /// Rebuilds a quantized vector from its packed encodings (the inverse of
    /// ``packedElements`` and ``packedScales``).
    /// - Throws: ``QuantizationError/invalidEncoding(_:)`` when the byte counts do not
    ///   match `count`, or ``QuantizationError/shapeMismatch(_:)`` for a bad segment length.
    public init(
        format: BlockFormat, count: Int, segmentLength: Int? = nil, tensorScale: Float = 1,
        packedScales: [UInt8], packedElements: [UInt8]
    ) throws {
        let segment = segmentLength ?? Swift.max(count, 1)
        guard segment >= 1, count % segment == 0 else {
            throw QuantizationError.shapeMismatch("segment length \(segment) does not divide \(count) values")
        }
        self.init(format: format, count: count, segmentLength: segment, tensorScale: tensorScale,
                  scaleCodes: [], elementCodes: [], clippedCount: 0)
        let w = format.element.bitWidth
        guard packedElements.count == (count * w + 7) / 8 else {
            throw QuantizationError.invalidEncoding("\(packedElements.count) element bytes for \(count) values of \(w) bits")
        }
        let bytesPerScale = (format.scaleFormat.bitWidth + 7) / 8
        guard packedScales.count == blockCount * bytesPerScale else {
            throw QuantizationError.invalidEncoding("\(packedScales.count) scale bytes for \(blockCount) blocks")
        }
        elementCodes = PackedCodes.unpack(packedElements, bitWidth: w, count: count)
        scaleCodes = (0..<blockCount).map { b in
            var code: UInt64 = 0
            for k in 0..<bytesPerScale { code |= UInt64(packedScales[b * bytesPerScale + k]) << UInt64(8 * k) }
            return code
        }
    }

    init(format: BlockFormat, count: Int, segmentLength: Int, tensorScale: Float,
         scaleCodes: [UInt64], elementCodes: [UInt8], clippedCount: Int) {
        self.format = format
        self.count = count
        self.segmentLength = segmentLength
        self.tensorScale = tensorScale
        self.scaleCodes = scaleCodes
        self.elementCodes = elementCodes
        self.clippedCount = clippedCount
    }
}

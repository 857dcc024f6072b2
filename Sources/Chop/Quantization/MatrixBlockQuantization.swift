/// Which values of a row-major matrix share a block scale.
public enum BlockAxis: String, Hashable, Sendable, CaseIterable {
    /// Blocks of consecutive values along each row (the reduction axis of `A` in `A·B`).
    case rows
    /// Blocks of consecutive values down each column (the reduction axis of `B`).
    case columns
    /// Square `blockSize × blockSize` tiles share one scale (2-D blocks, as used for
    /// NVFP4 weights with 16×16 tiles).
    case tiles
}

/// A matrix quantized to a block format, with its dequantized values and error
/// statistics, so a matrix product can be emulated as hardware computes it.
public struct MatrixBlockQuantization: Sendable {
    /// Matrix shape (row-major).
    public let rows: Int, columns: Int
    /// The blocking axis.
    public let axis: BlockAxis
    /// The block format as given (for tiles, ``quantized`` uses blocks of
    /// `blockSize²` values).
    public let format: BlockFormat
    /// The stored codes, in block order (rows: row-major; columns: column-major;
    /// tiles: tile after tile in row-major tile order, each tile row-major).
    public let quantized: BlockQuantized
    /// The dequantized matrix, row-major.
    public let dequantized: [Double]
    /// Error statistics against the input.
    public let statistics: QuantizationErrorStatistics

    /// Quantizes a row-major `rows × columns` matrix to `format` along `axis`.
    ///
    /// Rows: each row is cut into blocks of ``BlockFormat/blockSize`` (the last one may be
    /// shorter). Columns: the same down each column. Tiles: the matrix is cut into
    /// `blockSize × blockSize` tiles that each share one scale (rows and columns must be
    /// multiples of the block size). Other arguments and edge cases are those of
    /// ``BlockFormat/quantize(_:segmentLength:mode:seed:threads:)``.
    /// - Throws: ``QuantizationError/shapeMismatch(_:)`` when `values.count` is not
    ///   `rows·columns`, or tiles do not fit.
    public init(
        _ values: [Double], rows: Int, columns: Int, format: BlockFormat, axis: BlockAxis = .rows,
        mode: RoundingMode = .nearestEven, seed: UInt64? = nil, threads: Int? = nil
    ) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw QuantizationError.shapeMismatch("\(values.count) values for a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.axis = axis
        self.format = format
        let order = try Self.blockOrder(rows: rows, columns: columns, axis: axis, blockSize: format.blockSize)
        switch axis {
        case .rows:
            quantized = try format.quantize(values, segmentLength: Swift.max(columns, 1), mode: mode, seed: seed, threads: threads)
            dequantized = quantized.dequantized()
        case .columns, .tiles:
            let gathered = order.map { values[$0] }
            let blockFormat = axis == .tiles ? try format.with(blockSize: format.blockSize * format.blockSize) : format
            let segment = axis == .columns ? Swift.max(rows, 1) : Swift.max(gathered.count, 1)
            quantized = try blockFormat.quantize(gathered, segmentLength: segment, mode: mode, seed: seed, threads: threads)
            let blocked = quantized.dequantized()
            var out = [Double](repeating: 0, count: values.count)
            for (k, i) in order.enumerated() { out[i] = blocked[k] }
            dequantized = out
        }
        statistics = QuantizationErrorStatistics(
            original: values, dequantized: dequantized, clippedCount: quantized.clippedCount)
    }

    /// The dequantized matrix (row-major) of stored codes laid out like ``quantized``,
    /// for instance after faults were injected into its element codes.
    public func dequantized(from codes: BlockQuantized) -> [Double] {
        let blocked = codes.dequantized()
        guard axis != .rows else { return blocked }
        let order = (try? Self.blockOrder(rows: rows, columns: columns, axis: axis, blockSize: format.blockSize)) ?? []
        var out = [Double](repeating: 0, count: blocked.count)
        for (k, i) in order.enumerated() { out[i] = blocked[k] }
        return out
    }

    /// The row-major index of each value in block order (see ``quantized``).
    /// - Throws: ``QuantizationError/shapeMismatch(_:)`` when tiles do not fit.
    public static func blockOrder(rows: Int, columns: Int, axis: BlockAxis, blockSize: Int) throws -> [Int] {
        switch axis {
        case .rows:
            return Array(0..<(rows * columns))
        case .columns:
            var order: [Int] = []
            order.reserveCapacity(rows * columns)
            for c in 0..<columns { for r in 0..<rows { order.append(r * columns + c) } }
            return order
        case .tiles:
            guard rows % blockSize == 0, columns % blockSize == 0 else {
                throw QuantizationError.shapeMismatch("a \(rows)×\(columns) matrix does not split into \(blockSize)×\(blockSize) tiles")
            }
            var order: [Int] = []
            order.reserveCapacity(rows * columns)
            for tr in stride(from: 0, to: rows, by: blockSize) {
                for tc in stride(from: 0, to: columns, by: blockSize) {
                    for r in tr..<(tr + blockSize) { for c in tc..<(tc + blockSize) { order.append(r * columns + c) } }
                }
            }
            return order
        }
    }
}

/// Emulates `A·B` as a block-scaled matrix unit computes it: `A` (m×k) is quantized along
/// its rows and `B` (k×n) down its columns (both along the reduction dimension), and the
/// dequantized operands are multiplied with binary64 accumulation.
///
/// - Returns: the m×n product (row-major) and both operands' quantizations.
/// - Throws: ``QuantizationError/shapeMismatch(_:)`` for inconsistent shapes.
public func blockQuantizedMatrixProduct(
    _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, formatA: BlockFormat, formatB: BlockFormat,
    mode: RoundingMode = .nearestEven, seed: UInt64? = nil
) throws -> (product: [Double], a: MatrixBlockQuantization, b: MatrixBlockQuantization) {
    let seed = ArrayRounding.resolvedSeed(seed, mode)
    let qa = try MatrixBlockQuantization(a, rows: m, columns: k, format: formatA, axis: .rows, mode: mode, seed: seed)
    let qb = try MatrixBlockQuantization(b, rows: k, columns: n, format: formatB, axis: .columns, mode: mode, seed: seed &+ 1)
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for p in 0..<k {
            let x = qa.dequantized[i * k + p]
            for j in 0..<n { c[i * n + j] += x * qb.dequantized[p * n + j] }
        }
    }
    return (c, qa, qb)
}

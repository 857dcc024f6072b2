import Chop
import Synchronization

/// Bounds on the sizes `gemm` accepts (each matrix at most this many entries).
public let gemmMaximumEntries = 1 << 26

extension MatrixUnitModel {
    /// The exact reference: `D = A·B + C` with every product and sum exact and one
    /// rounding into `output` under `mode` (``Structure/exact`` over all of K).
    public static func exactReference(
        inputA: FloatFormat, inputB: FloatFormat? = nil, inputC: FloatFormat = .binary32,
        output: FloatFormat = .binary32, mode: RoundingMode = .nearestEven
    ) throws -> MatrixUnitModel {
        try MatrixUnitModel(
            name: "exact", inputA: inputA, inputB: inputB, inputC: inputC, output: output, blockSize: 0,
            alignmentFractionBits: 0, structure: .exact, finalRounding: mode,
            note: "exact dot product and C, rounded once")
    }
}

/// The first entry (row-major) of `values` that is not a value of `format` (NaN is
/// accepted when the format has a NaN, ±∞ when it has infinities).
func firstNonRepresentable(_ values: [Double], columns: Int, format: FloatFormat, name: String) -> MatrixUnitError? {
    for (index, v) in values.enumerated() {
        let ok: Bool
        if v.isNaN { ok = format.hasNaN } else { ok = Chop.round(v, to: format, mode: .nearestEven) == v }
        if !ok {
            return .notRepresentable(matrix: name, row: index / columns, column: index % columns, value: v, format: format.name)
        }
    }
    return nil
}

/// A pointer that parallel iterations write to at disjoint indices.
final class OutputBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(count: Int) {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }
    deinit { pointer.deallocate() }
}

/// The packed operands of one product, shared read-only by the workers.
final class PackedOperands: @unchecked Sendable {
    let a: UnsafeMutablePointer<PackedEntry>  // m × K, row-major
    let b: UnsafeMutablePointer<PackedEntry>  // n × K: B transposed, so a column is contiguous
    let count: (a: Int, b: Int)
    init(m: Int, n: Int, k: Int) {
        a = .allocate(capacity: max(1, m * k))
        b = .allocate(capacity: max(1, n * k))
        count = (m * k, n * k)
    }
    deinit { a.deallocate(); b.deallocate() }
}

/// Computes `D = A·B + C` as the matrix unit `model` does.
///
/// K (the columns of A, the rows of B) is cut into blocks of ``MatrixUnitModel/blockSize``
/// products in increasing order (the last block is short, which is the same as padding
/// with zeros); each block is one block FMA of the model's ``MatrixUnitModel/Structure``
/// computed exactly with integer arithmetic and rounded once through the kernel
/// `round(_:tail:to:mode:using:)`; its result is the C of the next block, and the
/// last block's result is D. With ``MatrixUnitModel/promotionInterval`` N, the unit
/// restarts from 0 every N products and its result is added to a wider accumulator.
///
/// - Parameters:
///   - model: the matrix unit (formats, block size, alignment, rounding).
///   - a: m × K, every entry a value of ``MatrixUnitModel/inputA``.
///   - b: K × n, every entry a value of ``MatrixUnitModel/inputB``.
///   - c: m × n, values of ``MatrixUnitModel/inputC``; `nil` means zeros.
///   - seed: seeds stochastic final rounding (one stream per entry of D, so results do
///     not depend on `workers`). Unused by deterministic modes.
///   - workers: threads (`nil`: `ProcessorCount/active`); tiles of D are spread over them.
///   - progress: called with the fraction of tiles done (0…1], from the worker threads,
///     after each tile; it must be thread-safe. Results do not depend on it.
/// - Returns: D (m × n), values of ``MatrixUnitModel/output`` (or of the promotion format).
/// - Throws: ``MatrixUnitError/shapeMismatch(_:)`` for shapes that do not fit, empty
///   matrices or more than ``gemmMaximumEntries`` entries;
///   ``MatrixUnitError/notRepresentable(matrix:row:column:value:format:)`` for the first
///   entry that is not a value of its format.
/// - Edge cases: NaN and ±∞ are settled before any arithmetic over the whole K row and
///   C (MT GM:227-238): a NaN, 0·∞, or both +∞ and −∞ among the products and C give NaN;
///   otherwise any ±∞ gives ±∞. A finite block whose rounded result reaches 2^(emax+1)
///   of the output gives ±∞ in every rounding mode, and an infinite C from a previous block
///   stays. Exact zero results are +0 (the sign of zero is not modelled). Subnormal
///   inputs and outputs are kept unless the model flushes them.
public func gemm(
    _ model: MatrixUnitModel, _ a: Matrix, _ b: Matrix, _ c: Matrix? = nil,
    seed: UInt64 = 0, workers: Int? = nil, progress: (@Sendable (Double) -> Void)? = nil
) throws -> Matrix {
    let m = a.rows, K = a.columns, n = b.columns
    guard m > 0, K > 0, n > 0, b.rows > 0 else {
        throw MatrixUnitError.shapeMismatch("empty matrix: A is \(a.rows)×\(a.columns), B is \(b.rows)×\(b.columns)")
    }
    guard b.rows == K else {
        throw MatrixUnitError.shapeMismatch("A is \(m)×\(K) but B is \(b.rows)×\(n): B needs \(K) rows")
    }
    if let c, c.rows != m || c.columns != n {
        throw MatrixUnitError.shapeMismatch("C is \(c.rows)×\(c.columns) but A·B is \(m)×\(n)")
    }
    for (label, count) in [("A", m * K), ("B", K * n), ("D", m * n)] where count > gemmMaximumEntries {
        throw MatrixUnitError.shapeMismatch("\(label) has \(count) entries, more than the limit \(gemmMaximumEntries)")
    }
    try model.validate()
    if let e = firstNonRepresentable(a.values, columns: K, format: model.inputA, name: "A") { throw e }
    if let e = firstNonRepresentable(b.values, columns: n, format: model.inputB, name: "B") { throw e }
    if let c, let e = firstNonRepresentable(c.values, columns: n, format: model.inputC, name: "C") { throw e }

    // Pack the operands (B transposed); note rows/columns holding NaN or ±∞.
    let packed = PackedOperands(m: m, n: n, k: K)
    var rowSpecial = [Bool](repeating: false, count: m)
    var columnSpecial = [Bool](repeating: false, count: n)
    let flushIn = model.flushSubnormalInputs
    func pack(_ v: Double, _ f: FloatFormat) -> PackedEntry {
        if flushIn && v != 0 && v.magnitude < f.minNormal { return .zero }
        return PackedEntry(v, format: f)
    }
    for i in 0..<m {
        for t in 0..<K {
            let v = a.values[i * K + t]
            if !v.isFinite { rowSpecial[i] = true }
            packed.a[i * K + t] = pack(v, model.inputA)
        }
    }
    for t in 0..<K {
        for j in 0..<n {
            let v = b.values[t * n + j]
            if !v.isFinite { columnSpecial[j] = true }
            packed.b[j * K + t] = pack(v, model.inputB)
        }
    }
    let cValues = c?.values ?? [Double](repeating: 0, count: m * n)
    return try runPacked(
        BlockFMA(model: model), packed, m: m, n: n, k: K, rowSpecial: rowSpecial, columnSpecial: columnSpecial,
        aValues: a.values, bValues: b.values, cValues: cValues, seed: seed, workers: workers, progress: progress)
}

/// Tiles finished, shared by the workers for progress reports.
final class TileCounter: Sendable {
    let done = Atomic<Int>(0)
}

/// The parallel loop over tiles of D, on packed operands.
func runPacked(
    _ engine: BlockFMA, _ packed: PackedOperands, m: Int, n: Int, k K: Int, rowSpecial: [Bool], columnSpecial: [Bool],
    aValues: [Double], bValues: [Double], cValues: [Double], seed: UInt64, workers: Int?,
    progress: (@Sendable (Double) -> Void)? = nil
) throws -> Matrix {
    let out = OutputBuffer(count: m * n)
    let tileRows = 8, tileColumns = 32
    let tilesDown = (m + tileRows - 1) / tileRows, tilesAcross = (n + tileColumns - 1) / tileColumns
    let tiles = tilesDown * tilesAcross
    let counter = TileCounter()
    parallelFor(tiles, workers: workers) { tile in
        defer {
            if let progress {
                let finished = counter.done.add(1, ordering: .relaxed).newValue
                progress(Double(finished) / Double(tiles))
            }
        }
        let i0 = (tile / tilesAcross) * tileRows, j0 = (tile % tilesAcross) * tileColumns
        var accumulator = ExactAccumulator()
        for i in i0..<min(i0 + tileRows, m) {
            for j in j0..<min(j0 + tileColumns, n) {
                let cij = cValues[i * n + j]
                if rowSpecial[i] || columnSpecial[j] || !cij.isFinite,
                   let settled = settleNonFinite(aValues, bValues, i: i, j: j, m: m, n: n, k: K, c: cij) {
                    out.pointer[i * n + j] = settled
                    continue
                }
                var g = Xoshiro256StarStar(seed: seed, stream: UInt64(i * n + j))
                out.pointer[i * n + j] = engine.dot(
                    packed.a + i * K, packed.b + j * K, count: K, c: cij, accumulator: &accumulator, using: &g)
            }
        }
    }
    return try Matrix(rows: m, columns: n, values: Array(UnsafeBufferPointer(start: out.pointer, count: m * n)))
}

/// NaN/∞ settled over the whole K row and C before any arithmetic (MT GM:227-238);
/// `nil` when row i of A, column j of B and C hold no NaN or ∞ product.
func settleNonFinite(_ a: [Double], _ b: [Double], i: Int, j: Int, m: Int, n: Int, k: Int, c: Double) -> Double? {
    var nan = c.isNaN, plus = c == .infinity, minus = c == -.infinity
    for t in 0..<k {
        let p = a[i * k + t] * b[t * n + j]
        if p.isNaN { nan = true } else if p == .infinity { plus = true } else if p == -.infinity { minus = true }
    }
    if nan || (plus && minus) { return .nan }
    if plus { return .infinity }
    if minus { return -.infinity }
    return nil
}

extension BlockFMA {
    /// One entry of D: the chain of blocks along K (and the promotions), from C.
    func dot<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count K: Int, c: Double,
        accumulator: inout ExactAccumulator, using g: inout G
    ) -> Double {
        let k = model.blockSize == 0 ? K : model.blockSize
        func chain(from start: Int, to end: Int, c: Double, _ g: inout G) -> Double {
            var d = c
            var s = start
            while s < end {
                d = block(a + s, b + s, count: min(k, end - s), c: d, accumulator: &accumulator, using: &g)
                if !d.isFinite { break }
                s += k
            }
            return d
        }
        guard let interval = model.promotionInterval else { return chain(from: 0, to: K, c: c, &g) }
        var promoted = c
        var start = 0
        while start < K {
            let end = min(start + interval, K)
            let unit = chain(from: start, to: end, c: 0, &g)
            promoted = RoundedArithmetic.add(promoted, unit, format: model.promotionFormat, mode: .nearestEven, using: &g)
            if !promoted.isFinite { break }
            start = end
        }
        return promoted
    }

    /// One block FMA of the model's structure, with `c` flushed first when the model
    /// flushes subnormal outputs, and the product limit applied.
    func block<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c cIn: Double,
        accumulator: inout ExactAccumulator, using g: inout G
    ) -> Double {
        var c = cIn
        if flushOut && c != 0 && c.magnitude < output.minNormal { c = 0 }
        if model.productLimit, let limited = productLimitResult(a, b, count: count) { return limited }
        switch model.structure {
        case .global: return global(a, b, count: count, c: c, using: &g)
        case .lateC: return lateC(a, b, count: count, c: c, using: &g)
        case .oddEven: return oddEven(a, b, count: count, c: c, using: &g)
        case .pairwise: return pairwise(a, b, count: count, c: c, using: &g)
        case .exact: return exact(a, b, count: count, c: c, accumulator: &accumulator, using: &g)
        case .split2CRN: return split2(a, b, count: count, c: c, using: &g)
        }
    }

    /// ±∞ (NaN for both signs) when a product reaches 2^128 (G:97-101 `prd_limit`; the
    /// sign is kept here, the source gives +∞).
    func productLimitResult(_ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int) -> Double? {
        var plus = false, minus = false
        for t in 0..<count where a[t].m != 0 && b[t].m != 0 && Int(a[t].e) + Int(b[t].e) >= 126 {
            let p = a[t].value(significandBits: significandBitsA) * b[t].value(significandBits: significandBitsB)
            if p >= 0x1p128 { plus = true } else if p <= -0x1p128 { minus = true }
        }
        if plus && minus { return .nan }
        if plus { return .infinity }
        if minus { return -.infinity }
        return nil
    }
}

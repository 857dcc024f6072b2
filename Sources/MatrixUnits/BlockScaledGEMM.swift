import Chop

/// The block index of value `k` (in block order) of a block-quantized vector.
private func blockIndex(_ k: Int, _ q: BlockQuantized) -> Int {
    (k / q.segmentLength) * q.blocksPerSegment + (k % q.segmentLength) / q.format.blockSize
}

/// Computes `D = A·B + C` on block-scaled operands (MXFP8/MXFP6/MXFP4, NVFP4) as a
/// block-scaled matrix unit (e.g. B200 `tcgen05.mma … kind::mxf8f6f4 / mxf4nvf4`) would,
/// under `model`'s block-FMA rules.
///
/// How the scales are applied (documented choice, **[ext]**: no probing paper has
/// measured block-scaled MMA yet): each element is multiplied by its block scale
/// *exactly* before the products are formed — an element `m_e·2^(e_e − s_e)` times a
/// scale `m_s·2^(e_s − s_s)` is packed as the integer significand `m_e·m_s` with
/// exponent `e_e + e_s` and `s_e + s_s` fraction bits. For power-of-two (E8M0) scales
/// this only shifts each product's exponent, so alignment, truncation and rounding see
/// the scaled products exactly as the hardware's "scale the products, then accumulate"
/// description implies; E4M3 scales (NVFP4) add 3 significand bits to each operand.
/// The NVFP4 per-tensor FP32 scales `s_A`, `s_B` are applied as an epilogue, as cuBLAS
/// does with `alpha`: the unit computes `P = A'·B'` (C = 0), then
/// `D = fma(P, α, C)` rounded once to nearest-even in the output format, with
/// `α = binary32(1 / (s_A·s_B))`. Without tensor scales C enters the block chain as in
/// ``gemm(_:_:_:_:seed:workers:progress:)``.
///
/// - Parameters:
///   - model: the matrix unit; its input formats must hold the element values.
///   - a: A (m×K) quantized along its rows (`BlockAxis/rows`).
///   - b: B (K×n) quantized down its columns (`BlockAxis/columns`).
///   - c: m×n values of ``MatrixUnitModel/inputC``, or `nil` for zeros.
///   - seed: seeds stochastic final rounding, as in ``gemm(_:_:_:_:seed:workers:progress:)``.
///   - workers: threads (`nil`: `ProcessorCount/active`); results do not depend on it.
/// - Throws: ``MatrixUnitError/shapeMismatch(_:)`` for wrong axes or shapes, integer
///   elements (MXINT8) or element values that are not values of the model's input
///   formats (``MatrixUnitError/invalidModel(_:)``).
public func gemm(
    _ model: MatrixUnitModel, blockScaledA a: MatrixBlockQuantization, blockScaledB b: MatrixBlockQuantization,
    _ c: Matrix? = nil, seed: UInt64 = 0, workers: Int? = nil
) throws -> Matrix {
    guard a.axis == .rows, b.axis == .columns else {
        throw MatrixUnitError.shapeMismatch("block-scaled A must be quantized along rows and B down columns (got \(a.axis.rawValue), \(b.axis.rawValue))")
    }
    let m = a.rows, K = a.columns, n = b.columns
    guard m > 0, K > 0, n > 0, b.rows == K else {
        throw MatrixUnitError.shapeMismatch("A is \(m)×\(K) but B is \(b.rows)×\(n)")
    }
    if let c, c.rows != m || c.columns != n {
        throw MatrixUnitError.shapeMismatch("C is \(c.rows)×\(c.columns) but A·B is \(m)×\(n)")
    }
    try model.validate()
    func elementFormat(_ q: MatrixBlockQuantization, _ input: FloatFormat, _ label: String) throws -> FloatFormat {
        guard case .float(let f) = q.format.element else {
            throw MatrixUnitError.shapeMismatch("block format \(q.format.name) of \(label) has integer elements; only floating-point elements are supported")
        }
        for code in 0..<(1 << f.bitWidth) {
            let v = q.format.element.decode(UInt8(code))
            if v.isFinite && Chop.round(v, to: input, mode: .nearestEven) != v {
                throw MatrixUnitError.invalidModel("element value \(v) of \(q.format.name) (\(label)) is not a value of the unit's input format \(input.name)")
            }
        }
        return f
    }
    let fa = try elementFormat(a, model.inputA, "A"), fb = try elementFormat(b, model.inputB, "B")
    if let c, let e = firstNonRepresentable(c.values, columns: n, format: model.inputC, name: "C") { throw e }
    let sfa = a.format.scaleFormat, sfb = b.format.scaleFormat
    let packed = PackedOperands(m: m, n: n, k: K)
    var aValues = [Double](repeating: 0, count: m * K), bValues = [Double](repeating: 0, count: K * n)
    var rowSpecial = [Bool](repeating: false, count: m), columnSpecial = [Bool](repeating: false, count: n)
    func entry(_ element: Double, _ ef: FloatFormat, _ scale: Double, _ sf: FloatFormat) -> PackedEntry {
        if element == 0 || scale == 0 || !element.isFinite || !scale.isFinite { return .zero }
        let pe = PackedEntry(element, format: ef), ps = PackedEntry(scale, format: sf)
        return PackedEntry(m: pe.m * ps.m, e: pe.e + ps.e)
    }
    let qa = a.quantized, qb = b.quantized
    for i in 0..<m {
        for t in 0..<K {
            let k = i * K + t  // rows: block order is row-major
            let element = qa.format.element.decode(qa.elementCodes[k]), scale = qa.scale(ofBlock: blockIndex(k, qa))
            aValues[k] = element * scale  // exact
            if !aValues[k].isFinite { rowSpecial[i] = true }
            packed.a[k] = entry(element, fa, scale, sfa)
        }
    }
    for j in 0..<n {
        for t in 0..<K {
            let k = j * K + t  // columns: block order is column-major
            let element = qb.format.element.decode(qb.elementCodes[k]), scale = qb.scale(ofBlock: blockIndex(k, qb))
            bValues[t * n + j] = element * scale
            if !bValues[t * n + j].isFinite { columnSpecial[j] = true }
            packed.b[k] = entry(element, fb, scale, sfb)
        }
    }
    let engine = BlockFMA(model: model, significandBitsA: fa.significandBits + sfa.significandBits,
                          significandBitsB: fb.significandBits + sfb.significandBits)
    let cValues = c?.values ?? [Double](repeating: 0, count: m * n)
    let twoLevel = a.format.tensorScale || b.format.tensorScale
    guard twoLevel else {
        return try runPacked(engine, packed, m: m, n: n, k: K, rowSpecial: rowSpecial, columnSpecial: columnSpecial,
                             aValues: aValues, bValues: bValues, cValues: cValues, seed: seed, workers: workers)
    }
    let p = try runPacked(engine, packed, m: m, n: n, k: K, rowSpecial: rowSpecial, columnSpecial: columnSpecial,
                          aValues: aValues, bValues: bValues, cValues: [Double](repeating: 0, count: m * n), seed: seed, workers: workers)
    let sa = a.format.tensorScale ? Double(qa.tensorScale) : 1, sb = b.format.tensorScale ? Double(qb.tensorScale) : 1
    let alpha = Double(Float(1 / (sa * sb)))
    var g = Xoshiro256StarStar(seed: seed)
    let out = model.promotionInterval != nil ? model.promotionFormat : model.output
    let values = (0..<(m * n)).map { k in
        RoundedArithmetic.fusedMultiplyAdd(p.values[k], alpha, cValues[k], format: out, mode: .nearestEven, using: &g)
    }
    return try Matrix(rows: m, columns: n, values: values)
}

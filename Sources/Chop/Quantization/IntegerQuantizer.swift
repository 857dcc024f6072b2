/// A signed or unsigned integer code format of 2…16 bits.
public struct IntegerFormat: Hashable, Sendable, CustomStringConvertible {
    /// Bits per code.
    public let bits: Int
    /// Whether codes are two's complement (−2^(b−1)…2^(b−1)−1) or unsigned (0…2^b−1).
    public let isSigned: Bool

    /// - Throws: ``QuantizationError/invalidParameter(_:)`` outside 2…16 bits.
    public init(bits: Int, signed: Bool = true) throws {
        guard (2...16).contains(bits) else {
            throw QuantizationError.invalidParameter("integer bits must be in 2...16, got \(bits)")
        }
        self.bits = bits
        self.isSigned = signed
    }

    /// The smallest code.
    public var qmin: Int { isSigned ? -(1 << (bits - 1)) : 0 }
    /// The largest code.
    public var qmax: Int { isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1 }

    /// `int<b>` or `uint<b>`.
    public var description: String { (isSigned ? "int" : "uint") + "\(bits)" }
}

/// Which values share an integer scale (and zero point), for a row-major matrix.
public enum IntegerGranularity: Hashable, Sendable {
    /// One scale for the whole tensor.
    case perTensor
    /// One scale per row (per output channel of a weight matrix stored row-major).
    case perRow
    /// One scale per column.
    case perColumn
    /// One scale per group of `size` consecutive values of a row (the last group of a
    /// row may be shorter).
    case perGroup(Int)
}

/// How the clipping range of a group is chosen.
public enum IntegerScaleCalibration: Hashable, Sendable {
    /// The largest magnitude (symmetric) or the min/max (affine): nothing clips.
    case max
    /// The `p`-th percentile (nearest rank) of |x| (symmetric), or the `(100 − p)`-th
    /// and `p`-th percentiles of x (affine); values beyond are clamped.
    case percentile(Double)
    /// The range `c·(max range)` for c = 1/steps, 2/steps, …, 1 that minimises the mean
    /// squared error under nearest-even rounding (ties go to the larger c).
    case mseSearch(steps: Int)
}

/// Integer quantization `q = clamp(round(x/s) + z, qmin, qmax)`, `x̂ = s·(q − z)`.
///
/// Symmetric: `z = 0`, `s = amax / qmax`. Affine: the range `[lo, hi]` is widened to
/// include 0, `s = (hi − lo)/(qmax − qmin)`, `z = clamp(qmin − round(lo/s))` (nearest-even).
/// `round` is the kernel's rounding to an integer (``roundToInteger(_:tail:mode:using:)``)
/// in any mode, applied to the exact quotient x/s. Scales are binary64.
///
/// Edge cases: a group whose range is 0 gets s = 1 (its values are 0 and quantize
/// exactly); NaN and ±∞ are left out of calibration; NaN quantizes to the zero point
/// and ±∞ clamp to qmin/qmax; a value with `round(x/s) + z` outside `[qmin, qmax]` is
/// clamped and counted as clipped.
public struct IntegerQuantizer: Hashable, Sendable, CustomStringConvertible {
    /// The integer code range (bits and signedness).
    public var format: IntegerFormat
    /// Symmetric (`z = 0`, range ±amax) or affine (a zero point, range [lo, hi]).
    public var symmetric: Bool
    /// Which values share a scale (tensor, channel, column or group).
    public var granularity: IntegerGranularity
    /// How the range of a group is chosen before the scale is computed.
    public var calibration: IntegerScaleCalibration

    /// - Throws: ``QuantizationError/invalidParameter(_:)`` for a group size below 1, a
    ///   percentile outside (0, 100] or fewer than 1 search step.
    public init(
        format: IntegerFormat, symmetric: Bool = true, granularity: IntegerGranularity = .perTensor,
        calibration: IntegerScaleCalibration = .max
    ) throws {
        if case .perGroup(let g) = granularity, g < 1 {
            throw QuantizationError.invalidParameter("group size must be at least 1, got \(g)")
        }
        switch calibration {
        case .percentile(let p) where !(p > 0 && p <= 100):
            throw QuantizationError.invalidParameter("percentile must be in (0, 100], got \(p)")
        case .mseSearch(let steps) where steps < 1:
            throw QuantizationError.invalidParameter("MSE search needs at least 1 step, got \(steps)")
        default: break
        }
        self.format = format
        self.symmetric = symmetric
        self.granularity = granularity
        self.calibration = calibration
    }

    /// Parses `int<b>` or `uint<b>` (b in 2…16) with an optional granularity suffix
    /// `-g<N>` (groups of N along rows), `-channel` (per row) or `-column`, and an optional
    /// `-affine` / `-sym`. Signed formats default to symmetric, unsigned to affine;
    /// per-tensor by default. Examples: `int8`, `int4-g128`, `uint8-channel`,
    /// `int4-g32-affine`.
    /// - Throws: ``QuantizationError/unknownScheme(_:)``.
    public init(named rawName: String, calibration: IntegerScaleCalibration = .max) throws {
        let parts = rawName.lowercased().split(separator: "-").map(String.init)
        guard let head = parts.first else { throw QuantizationError.unknownScheme(rawName) }
        let signed = !head.hasPrefix("uint")
        let digits = head.dropFirst(signed ? 3 : 4)
        guard head.hasPrefix(signed ? "int" : "uint"), let bits = Int(digits), (2...16).contains(bits) else {
            throw QuantizationError.unknownScheme(rawName)
        }
        var granularity = IntegerGranularity.perTensor
        var symmetric = signed
        for part in parts.dropFirst() {
            if part.hasPrefix("g"), let g = Int(part.dropFirst()), g >= 1 {
                granularity = .perGroup(g)
            } else if part == "channel" || part == "row" {
                granularity = .perRow
            } else if part == "column" {
                granularity = .perColumn
            } else if part == "tensor" {
                granularity = .perTensor
            } else if part == "affine" || part == "asym" {
                symmetric = false
            } else if part == "sym" || part == "symmetric" {
                symmetric = true
            } else {
                throw QuantizationError.unknownScheme(rawName)
            }
        }
        try self.init(format: IntegerFormat(bits: bits, signed: signed), symmetric: symmetric,
                      granularity: granularity, calibration: calibration)
    }

    /// The scheme's name (`int8`, `int4-g32`, `uint8-sym`, …; the calibration is not
    /// part of it).
    public var description: String {
        var s = format.description
        switch granularity {
        case .perTensor: break
        case .perRow: s += "-channel"
        case .perColumn: s += "-column"
        case .perGroup(let g): s += "-g\(g)"
        }
        if symmetric != format.isSigned { s += symmetric ? "-sym" : "-affine" }
        return s
    }

    /// The row-major indices of each group of a `rows × columns` matrix.
    public func groups(rows: Int, columns: Int) -> [[Int]] {
        switch granularity {
        case .perTensor:
            return rows * columns == 0 ? [] : [Array(0..<(rows * columns))]
        case .perRow:
            return (0..<rows).map { r in Array((r * columns)..<((r + 1) * columns)) }
        case .perColumn:
            return (0..<columns).map { c in (0..<rows).map { $0 * columns + c } }
        case .perGroup(let g):
            var out: [[Int]] = []
            for r in 0..<rows {
                for start in stride(from: 0, to: columns, by: g) {
                    out.append(Array((r * columns + start)..<(r * columns + Swift.min(start + g, columns))))
                }
            }
            return out
        }
    }

    /// Quantizes a row-major `rows × columns` matrix (a vector is `1 × n`).
    /// - Parameters:
    ///   - values: the matrix, row-major; NaN quantizes to the zero point, ±∞ clamp.
    ///   - rows: the number of rows.
    ///   - columns: the number of columns.
    ///   - mode: the rounding of x/s to an integer (any kernel mode).
    ///   - seed: seeds stochastic modes (group *g* draws from stream *g*; `nil`: fresh
    ///     entropy, so repeated unseeded calls differ).
    /// - Throws: ``QuantizationError/shapeMismatch(_:)``.
    public func quantize(
        _ values: [Double], rows: Int, columns: Int, mode: RoundingMode = .nearestEven, seed: UInt64? = nil
    ) throws -> IntegerQuantization {
        let seed = ArrayRounding.resolvedSeed(seed, mode)
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw QuantizationError.shapeMismatch("\(values.count) values for a \(rows)×\(columns) matrix")
        }
        let groups = groups(rows: rows, columns: columns)
        var codes = [Int](repeating: 0, count: values.count)
        var scales: [Double] = []
        var zeroPoints: [Int] = []
        var clipped = 0
        for (g, indices) in groups.enumerated() {
            let groupValues = indices.map { values[$0] }
            let (s, z) = calibrate(groupValues)
            scales.append(s)
            zeroPoints.append(z)
            var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(g))
            for i in indices {
                let (q, c) = code(values[i], scale: s, zeroPoint: z, mode: mode, using: &generator)
                codes[i] = q
                if c { clipped += 1 }
            }
        }
        return IntegerQuantization(
            quantizer: self, rows: rows, columns: columns, codes: codes, scales: scales,
            zeroPoints: zeroPoints, original: values, clippedCount: clipped)
    }

    /// The code of `x`: `clamp(round(x/s) + z, qmin, qmax)`, and whether it was clamped.
    @inlinable
    func code<G: RandomNumberGenerator>(
        _ x: Double, scale s: Double, zeroPoint z: Int, mode: RoundingMode, using generator: inout G
    ) -> (Int, Bool) {
        if x.isNaN { return (z, false) }
        if x.isInfinite { return (x > 0 ? format.qmax : format.qmin, true) }
        let (q, t) = exactQuotient(x, s)
        let r = roundToInteger(q, tail: t, mode: mode, using: &generator)
        let shifted = r + Double(z)
        if shifted < Double(format.qmin) { return (format.qmin, true) }
        if shifted > Double(format.qmax) { return (format.qmax, true) }
        return (Int(shifted), false)
    }

    /// The scale and zero point of one group, by ``calibration``.
    public func calibrate(_ group: [Double]) -> (scale: Double, zeroPoint: Int) {
        let finite = group.filter { $0.isFinite }
        guard !finite.isEmpty else { return (1, symmetric ? 0 : clampCode(0)) }
        var (lo, hi): (Double, Double)
        switch calibration {
        case .max, .mseSearch:
            lo = finite.min()!
            hi = finite.max()!
        case .percentile(let p):
            if symmetric {
                let a = Self.percentile(finite.map(\.magnitude), p)
                (lo, hi) = (-a, a)
            } else {
                (lo, hi) = (Self.percentile(finite, 100 - p), Self.percentile(finite, p))
            }
        }
        if case .mseSearch(let steps) = calibration {
            var best = parameters(lo: lo, hi: hi)
            var bestError = Double.infinity
            for k in 1...steps {
                let c = Double(k) / Double(steps)
                let candidate = parameters(lo: lo * c, hi: hi * c)
                var error = 0.0
                var generator = SplitMix64(seed: 0)
                for x in finite {
                    let (q, _) = code(x, scale: candidate.scale, zeroPoint: candidate.zeroPoint, mode: .nearestEven, using: &generator)
                    let e = x - candidate.scale * Double(q - candidate.zeroPoint)
                    error += e * e
                }
                if error <= bestError { bestError = error; best = candidate }
            }
            return best
        }
        return parameters(lo: lo, hi: hi)
    }

    /// Scale and zero point for the clipping range [lo, hi].
    func parameters(lo: Double, hi: Double) -> (scale: Double, zeroPoint: Int) {
        if symmetric {
            let amax = Swift.max(lo.magnitude, hi.magnitude)
            let s = amax / Double(format.qmax)
            return (s > 0 && s.isFinite ? s : 1, 0)
        }
        let l = Swift.min(lo, 0), h = Swift.max(hi, 0)
        let s = (h - l) / Double(format.qmax - format.qmin)
        guard s > 0 && s.isFinite else { return (1, clampCode(0)) }
        let (q, t) = exactQuotient(l, s)
        let z = Double(format.qmin) - roundToInteger(q, tail: t, mode: .nearestEven)
        return (s, clampCode(Int(z)))
    }

    func clampCode(_ z: Int) -> Int { Swift.min(Swift.max(z, format.qmin), format.qmax) }

    /// The nearest-rank `p`-th percentile of `values` (non-empty).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}

/// The result of ``IntegerQuantizer/quantize(_:rows:columns:mode:seed:)``.
public struct IntegerQuantization: Sendable {
    /// The quantizer that produced this result.
    public let quantizer: IntegerQuantizer
    /// The shape of the quantized matrix.
    public let rows: Int, columns: Int
    /// One code per value, row-major, in `qmin…qmax`.
    public let codes: [Int]
    /// One scale and zero point per group (in ``IntegerQuantizer/groups(rows:columns:)`` order).
    public let scales: [Double]
    /// One zero point per group (0 for symmetric quantizers), same order as ``scales``.
    public let zeroPoints: [Int]
    /// The dequantized matrix `s·(q − z)`, row-major.
    public let dequantized: [Double]
    /// Error statistics against the input.
    public let statistics: QuantizationErrorStatistics

    init(quantizer: IntegerQuantizer, rows: Int, columns: Int, codes: [Int], scales: [Double],
         zeroPoints: [Int], original: [Double], clippedCount: Int) {
        self.quantizer = quantizer
        self.rows = rows
        self.columns = columns
        self.codes = codes
        self.scales = scales
        self.zeroPoints = zeroPoints
        var out = [Double](repeating: 0, count: codes.count)
        for (g, indices) in quantizer.groups(rows: rows, columns: columns).enumerated() {
            for i in indices { out[i] = scales[g] * Double(codes[i] - zeroPoints[g]) }
        }
        dequantized = out
        statistics = QuantizationErrorStatistics(original: original, dequantized: out, clippedCount: clippedCount)
    }

    /// Dequantizes stored bit patterns (e.g. after ``BitFlipInjector`` faults): each
    /// pattern's low ``IntegerFormat/bits`` bits are read as two's complement (signed
    /// formats) or unsigned, and mapped to `s·(q − z)` of its group.
    public func dequantize(bitPatterns: [UInt64]) -> [Double] {
        let bits = quantizer.format.bits
        let mask = (UInt64(1) << UInt64(bits)) - 1
        let signBit = UInt64(1) << UInt64(bits - 1)
        var out = [Double](repeating: 0, count: bitPatterns.count)
        for (g, indices) in quantizer.groups(rows: rows, columns: columns).enumerated() {
            for i in indices {
                let p = bitPatterns[i] & mask
                let q = quantizer.format.isSigned && p & signBit != 0 ? Int(p) - (1 << bits) : Int(p)
                out[i] = scales[g] * Double(q - zeroPoints[g])
            }
        }
        return out
    }

    /// The codes as unsigned bit patterns of ``IntegerFormat/bits`` bits (two's
    /// complement for signed formats), e.g. for ``BitFlipInjector``.
    public var bitPatterns: [UInt64] {
        let mask = (UInt64(1) << UInt64(quantizer.format.bits)) - 1
        return codes.map { UInt64(bitPattern: Int64($0)) & mask }
    }
}

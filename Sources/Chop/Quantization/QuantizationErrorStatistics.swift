import RealModule

/// Error statistics of a quantized tensor against the original values.
///
/// Only pairs where both the original and the dequantized value are finite enter the
/// sums; the others are counted in ``nonFiniteCount``.
public struct QuantizationErrorStatistics: Hashable, Sendable {
    /// Values compared (finite pairs).
    public var count: Int
    /// Mean squared error `Σ(x − x̂)² / count`.
    public var meanSquaredError: Double
    /// Signal-to-quantization-noise ratio `10·log₁₀(Σx² / Σ(x − x̂)²)` in dB (+∞ when
    /// the error is zero, −∞ when the signal is zero but the error is not).
    public var sqnrDecibels: Double
    /// The largest `|x − x̂|`.
    public var maxAbsoluteError: Double
    /// The largest `|x − x̂| / |x|` over nonzero `x`.
    public var maxRelativeError: Double
    /// The fraction of all values clamped at the element range (from the quantizer).
    public var fractionClipped: Double
    /// Pairs left out because either value was NaN or infinite.
    public var nonFiniteCount: Int

    /// Compares `original` with `dequantized` (equal counts).
    /// - Parameters:
    ///   - original: the values before quantization.
    ///   - dequantized: the values after quantization and dequantization, as many.
    ///   - clippedCount: the quantizer's count of clamped values.
    public init(original: [Double], dequantized: [Double], clippedCount: Int = 0) {
        precondition(original.count == dequantized.count, "original and dequantized counts differ")
        var n = 0, skipped = 0
        var signal = 0.0, noise = 0.0, maxAbs = 0.0, maxRel = 0.0
        for (x, y) in zip(original, dequantized) {
            guard x.isFinite && y.isFinite else { skipped += 1; continue }
            n += 1
            let e = x - y
            signal += x * x
            noise += e * e
            maxAbs = Swift.max(maxAbs, e.magnitude)
            if x != 0 { maxRel = Swift.max(maxRel, e.magnitude / x.magnitude) }
        }
        count = n
        nonFiniteCount = skipped
        meanSquaredError = n > 0 ? noise / Double(n) : 0
        if noise == 0 {
            sqnrDecibels = .infinity
        } else {
            sqnrDecibels = 10 * Double.log10(signal / noise)
        }
        maxAbsoluteError = maxAbs
        maxRelativeError = maxRel
        fractionClipped = original.isEmpty ? 0 : Double(clippedCount) / Double(original.count)
    }
}

/// Bad input to a quantizer: every case prints as one line naming the bad value.
public enum QuantizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A scheme name that the parser does not know (the payload is the name).
    case unknownScheme(String)
    /// A scale-rule name that ``ScaleRule/init(named:)`` does not know.
    case unknownScaleRule(String)
    /// A parameter out of range (block size, bits, group size, percentile, …); the
    /// message names it.
    case invalidParameter(String)
    /// Data whose size does not fit the requested shape (segment or matrix dimensions).
    case shapeMismatch(String)
    /// Packed bytes whose counts do not match the format and element count.
    case invalidEncoding(String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .unknownScheme(let s):
            return "unknown quantization scheme '\(s)' (expected mxfp4, mxfp6-e3m2, mxfp6-e2m3, mxfp8-e4m3, mxfp8-e5m2, mxint8, nvfp4, int<b>[-g<N>|-channel|-column], uint<b>[...], b = 2...16)"
        case .unknownScaleRule(let s):
            return "unknown scale rule '\(s)' (expected ocp, round-up, ratio, ratio-up)"
        case .invalidParameter(let m): return "invalid quantization parameter: \(m)"
        case .shapeMismatch(let m): return "shape mismatch: \(m)"
        case .invalidEncoding(let m): return "invalid encoding: \(m)"
        }
    }
}

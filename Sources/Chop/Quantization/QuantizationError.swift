/// Bad input to a quantizer: every case prints as one line naming the bad value.
public enum QuantizationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownScheme(String)
    case unknownScaleRule(String)
    case invalidParameter(String)
    case shapeMismatch(String)
    case invalidEncoding(String)

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

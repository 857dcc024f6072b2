import Chop

/// The working precision of a model run.
public enum ModelPrecision: Hashable, Sendable, CustomStringConvertible {
    /// Native binary64 (the reference).
    case binary64
    /// `sbits` stored significand bits (so precision sbits + 1, as in the paper: 23
    /// sbits is binary32's significand, 52 is binary64's) with binary64's 11-bit
    /// exponent, which is effectively unbounded for these models.
    case significandBits(Int)
    /// Any format of the library, with its own exponent range and specials.
    case format(FloatFormat)

    /// The format this precision rounds to.
    public var floatFormat: FloatFormat {
        switch self {
        case .binary64: return .binary64
        case .significandBits(let s):
            // 1...52 validated by `make`; fall back to binary64 if constructed directly with a bad value.
            return (try? FloatFormat(exponentBits: 11, significandBits: s)) ?? .binary64
        case .format(let f): return f
        }
    }

    /// Stored significand bits, when given as such.
    public var sbits: Int? {
        if case .significandBits(let s) = self { return s }
        return nil
    }

    /// `sbits=<n>`, the format name, or `binary64`.
    public var description: String {
        switch self {
        case .binary64: return "binary64"
        case .significandBits(let s): return "sbits=\(s)"
        case .format(let f): return f.name
        }
    }

    /// A precision of `sbits` stored significand bits.
    /// - Throws: ``ClimateError/invalidSignificandBits(_:)`` outside 1...52.
    public static func sbits(_ s: Int) throws -> ModelPrecision {
        guard (1...52).contains(s) else { throw ClimateError.invalidSignificandBits(String(s)) }
        return .significandBits(s)
    }
}

/// Bad parameters of a climate experiment.
public enum ClimateError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A significand width outside 1...52 (the payload is the text given).
    case invalidSignificandBits(String)
    /// Any other bad parameter (the payload is the whole message).
    case invalidParameter(String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .invalidSignificandBits(let s): return "invalid significand bits '\(s)': expected integers in 1...52"
        case .invalidParameter(let s): return s
        }
    }
}

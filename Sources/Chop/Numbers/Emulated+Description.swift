extension Emulated: CustomStringConvertible {
    /// The exact value, printed as the shortest decimal that reads back as the same
    /// binary64 number (so it reads back as the same value in every rounding mode).
    /// Examples: `BFloat16(0.1)` prints `0.10009765625`; NaN prints `nan`.
    public var description: String { doubleValue.description }
}

extension Emulated: CustomDebugStringConvertible {
    /// The value and the format's encoding, e.g. `1.5 [bfloat16 0x3fc0]`.
    public var debugDescription: String {
        "\(doubleValue) [\(Spec.format.name) 0x\(String(UInt64(truncatingIfNeeded: bitPattern), radix: 16))]"
    }
}

extension Emulated: LosslessStringConvertible {
    /// Parses a decimal or hexadecimal literal of any length (`"1.5"`, `"-2e-3"`,
    /// `"0x1.8p2"`, `"0.1000000000000000000001"`, `"inf"`, `"nan"`; see
    /// ``NumberLiteral``) and rounds its exact value once to the format in the type's
    /// mode (stochastic modes draw from the current stream). Returns nil for text that
    /// is not a number or exceeds ``NumberLiteral``'s limits.
    public init?(_ text: String) {
        guard let literal = try? NumberLiteral(text) else { return nil }
        let mode = Mode.mode
        let r = StochasticRounding.withCurrentGenerator { g in literal.rounded(to: Spec.format, mode: mode, using: &g) }
        self.init(exactly: r, unchecked: ())
    }
}

extension Emulated: Codable {
    /// Encodes the exact value as a `Double` (a JSON number for finite values).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(doubleValue)
    }

    /// Decodes a `Double` that must be a value of the format.
    /// - Throws: `DecodingError.dataCorrupted` when the number is not exactly
    ///   representable in the format.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let d = try container.decode(Double.self)
        guard let value = Self(exactly: d) else {
            if d.isNaN { self = .nan; return }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(d) is not a value of \(Spec.format.name)")
        }
        self = value
    }
}

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
    /// Parses a decimal or hexadecimal floating-point string (as `Double(_:)` does:
    /// `"1.5"`, `"-2e-3"`, `"0x1.8p2"`, `"inf"`, `"nan"`) and rounds it to the format
    /// in the current mode. The string is parsed to binary64 with round-to-nearest
    /// first, so strings that are binary64 numbers (every ``description``) convert
    /// exactly; others see a double rounding that matters only in rare near-tie cases.
    /// Returns nil for text that is not a number.
    public init?(_ text: String) {
        guard let d = Double(text) else { return nil }
        self.init(d)
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

extension Emulated: CustomStringConvertible {
    /// The shortest decimal that reads back as this value of the format, printed the
    /// way Swift prints `Float` and `Float16` (see ``FloatFormat/shortestDecimal(_:)``):
    /// `BFloat16(0.1)` prints `0.1` (its exact value is 0.10009765625, which
    /// `doubleValue` gives), `Half(1)` prints `1.0`, `Half(0.00001)` prints `1e-05`.
    ///
    /// "Reads back" is through `init?(_ text:)` in a round-to-nearest mode:
    /// the exact decimal rounded to nearest (ties to even) is this value again. In a
    /// directed or stochastic type the string can read back as a neighbour; parse it
    /// with a nearest type (or `doubleValue`'s description, which is exact for every
    /// mode) when that matters. ±0 print `0.0` and `-0.0`, ±∞ `inf` and `-inf`, every
    /// NaN `nan`.
    public var description: String { Spec.format.shortestDecimal(doubleValue) }
}

extension Emulated: CustomDebugStringConvertible {
    /// The same text as ``description``, as Swift's `Float16.debugDescription` is for
    /// numbers, so collections print like `[Float16]` does: `print([BFloat16(0.1), 1])`
    /// prints `[0.1, 1.0]` (an array prints its elements' debug descriptions). The
    /// encoding is in ``encodingDescription`` and in the mirror (`dump(x)`).
    public var debugDescription: String { description }
}

extension Emulated {
    /// The format's name and the value's encoding in hexadecimal, e.g.
    /// `bfloat16 0x3dcd` for `BFloat16(0.1)`, `e4m3fn 0x7f` for E4M3FN's NaN.
    ///
    /// Not ``debugDescription``: that one must read like a number so that arrays and
    /// other collections print like `[Float16]`. The digits are the low
    /// ``FloatFormat/bitWidth`` bits, zero-padded to whole hex digits; formats
    /// without a NaN encoding (FP6, FP4) show their NaN marker
    /// (``EmulatedFormatSpec/nanMarker``), which lies outside the format's bits.
    public var encodingDescription: String {
        let bits = UInt64(truncatingIfNeeded: bitPattern)
        let width = (Spec.format.bitWidth + 3) / 4
        let hex = String(bits, radix: 16)
        return "\(Spec.format.name) 0x\(String(repeating: "0", count: max(0, width - hex.count)))\(hex)"
    }
}

extension Emulated: CustomReflectable {
    /// The value (its ``description``) and its ``encodingDescription``, so that
    /// `dump(x)` shows both.
    public var customMirror: Mirror {
        Mirror(self, children: ["value": description, "encoding": encodingDescription], displayStyle: .struct)
    }
}

extension Emulated: LosslessStringConvertible {
    /// Parses a decimal or hexadecimal literal of any length (`"1.5"`, `"-2e-3"`,
    /// `"0x1.8p2"`, `"0.1000000000000000000001"`, `"inf"`, `"nan"`; see
    /// ``NumberLiteral``) and rounds its exact value once to the format in the type's
    /// mode (stochastic modes draw from the current stream). Returns nil for text that
    /// is not a number or exceeds ``NumberLiteral``'s limits.
    public init?(_ text: String) { self.init(parsing: text) }

    /// As `init?(_ text: String)`, reading the substring in place (no copy), e.g.
    /// `"1.5 0.1".split(separator: " ").compactMap(BFloat16.init)`.
    public init?(_ text: Substring) { self.init(parsing: text) }

    init?(parsing text: some StringProtocol) {
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

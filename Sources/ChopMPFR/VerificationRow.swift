/// One line of a verification report: one format, one mode, one operation.
public struct VerificationRow: Hashable, Sendable {
    /// The format's name.
    public var format: String
    /// The rounding mode's name.
    public var mode: String
    /// `round` (rounding binary64 inputs), `encode` (every encoding round-trips and
    /// rounds to itself), or an operation's short name (`add`, …, `fma`).
    public var operation: String
    /// The number of inputs compared (for stochastic modes: inputs whose outcome was
    /// checked against the two admissible neighbours, plus the number of statistical
    /// tests).
    public var checked: Int
    /// The number of disagreements (for stochastic modes: outcomes outside the two
    /// neighbours plus failed statistical tests).
    public var mismatches: Int
    /// A description of the first disagreement, if any.
    public var firstMismatch: String?
    /// For stochastic modes: the statistical tests run and the largest observed
    /// deviation as a fraction of its rejection threshold.
    public var note: String?

    /// A row with the given counts (no mismatch and no note by default).
    public init(
        format: String, mode: String, operation: String, checked: Int = 0, mismatches: Int = 0,
        firstMismatch: String? = nil, note: String? = nil
    ) {
        self.format = format
        self.mode = mode
        self.operation = operation
        self.checked = checked
        self.mismatches = mismatches
        self.firstMismatch = firstMismatch
        self.note = note
    }

    /// Whether the row passed.
    public var passed: Bool { mismatches == 0 }
}

/// Binary64 results compared bit for bit: NaN equals NaN (any payload), +0 and −0
/// differ.
@inlinable
public func sameResult(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// A value printed exactly: the shortest round-trip decimal and the hex-float form.
func exactDescription(_ x: Double) -> String {
    if x.isNaN || x.isInfinite { return "\(x)" }
    return "\(x) [\(hexFloat(x))]"
}

/// The C99 hex-float spelling of a binary64 value (`0x1.8p-3`, `-0x0p+0`, `inf`).
public func hexFloat(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let sign = x.sign == .minus ? "-" : ""
    if x == 0 { return sign + "0x0p+0" }
    let bits = x.bitPattern
    let field = Int((bits >> 52) & 0x7FF)
    var fraction = bits & ((1 << 52) - 1)
    let lead: Int
    let exponent: Int
    if field == 0 {
        lead = 0
        exponent = -1022
    } else {
        lead = 1
        exponent = field - 1023
    }
    var digits = 13
    while digits > 0 && fraction & 0xF == 0 {
        fraction >>= 4
        digits -= 1
    }
    var text = sign + "0x\(lead)"
    if digits > 0 {
        let hex = String(fraction, radix: 16)
        text += "." + String(repeating: "0", count: digits - hex.count) + hex
    }
    text += "p" + (exponent >= 0 ? "+" : "") + String(exponent)
    return text
}
